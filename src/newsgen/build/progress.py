"""A progress bar on stderr for long builds, shown only on a terminal and only after a second."""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY = 1.0  # quiet for builds that finish within a second
WIDTH = 30


class Progress:
    """Call `update(done)`; nothing is printed unless the stream is a terminal and a second has passed."""

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None, enabled: bool = True):
        self.label, self.total = label, total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and self.stream.isatty() and total > 0
        self.started = time.monotonic()
        self._last = 0.0
        self._shown = False

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < DELAY or (now - self._last < 0.1 and done < self.total):
            return
        self._last = now
        filled = WIDTH * done // self.total
        self.stream.write(f"\r{self.label:<10} [{'#' * filled}{' ' * (WIDTH - filled)}] {done}/{self.total}")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r" + " " * (WIDTH + 40) + "\r")
            self.stream.flush()
