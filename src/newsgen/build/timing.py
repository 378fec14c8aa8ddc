"""Seconds spent in each stage of a build, for `--verbose` and the benchmark."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """`with timings.stage("parse"): ...` notes how long the block took, in the order stages ran."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.laps.append((name, time.perf_counter() - started))
