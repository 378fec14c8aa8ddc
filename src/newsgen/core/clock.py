"""The build's clock: `--now`, else SOURCE_DATE_EPOCH, else the wall clock. Never read anywhere else."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from .dates import DateError, parse_when
from .errors import UserError


def resolve_now(option: str | None, zone: ZoneInfo, environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The moment that decides which articles are in the future, as an aware datetime."""
    environ = os.environ if environ is None else environ
    if option:
        try:
            return parse_when(option, zone)
        except DateError as exc:
            raise UserError("--now", str(exc)) from None
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError):
            raise UserError("SOURCE_DATE_EPOCH", f"expected a whole number of seconds since 1970, found {epoch!r}") from None
    return dt.datetime.now(dt.timezone.utc)
