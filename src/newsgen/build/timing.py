"""Seconds spent in each stage of a build, for `--verbose` and the benchmark."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """`with timings.stage("parse"): ...` notes how long the block took, in the order stages first ran; a
    stage run twice (a no-change build's quick look, then the full one) is one lap of both times."""

    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            took = time.perf_counter() - started
            for index, (known, before) in enumerate(self.laps):
                if known == name:
                    self.laps[index] = (name, before + took)
                    break
            else:
                self.laps.append((name, took))
