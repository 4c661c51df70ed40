"""The build's progress: one line per finished job, with an ETA from the mean job time so far."""
from __future__ import annotations

import sys
import time

from .results import Result


class Progress:
    def __init__(self, total: int, stream=None):
        self.total, self.done, self.start = total, 0, time.perf_counter()
        self.stream = stream or sys.stderr

    def update(self, result: Result) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        how = "cache" if result.cached else f"{result.seconds:.1f}s"
        print(f"[{self.done}/{self.total}] {result.notebook}/{result.paramset:<8} {result.status:<6} "
              f"({how}; ETA {eta:.0f}s)", file=self.stream, flush=True)
