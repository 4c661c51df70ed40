"""The build's progress: a bar on a terminal, one line per finished page otherwise.

On a terminal a tqdm bar counts the pages (with its rate and ETA) and the per-page
lines are shown only with `-v`; in a log file, CI or a test's captured stderr each
page gets one line, `[3/9] 01-employment-value/130529 ok     (4.2s; ETA 21s)`
(the benchmarks and tests read that form). Nothing is shown with `-q`.
"""
from __future__ import annotations

import logging
import sys
import time

from .results import Result

log = logging.getLogger(__name__)


class Progress:
    def __init__(self, total: int, stream=None, unit: str = "page"):
        self.total, self.done, self.start = total, 0, time.perf_counter()
        self.stream = stream or sys.stderr
        self.bar = None
        if total and _is_terminal(self.stream) and log.isEnabledFor(logging.INFO):
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=unit, file=self.stream, dynamic_ncols=True, leave=False)

    def update(self, result: Result) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        how = "cache" if result.cached else f"{result.seconds:.1f}s"
        label = result.label + " " * max(0, 8 - len(result.paramset))  # the English pages' labels start with en/
        line = (f"[{self.done}/{self.total}] {label} {result.status:<6} "
                f"({how}; ETA {eta:.0f}s)")
        if self.bar is None:
            log.info("%s", line)
            return
        log.debug("%s", line)
        self.bar.set_postfix_str(result.label, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        """Remove the bar (the summary line that follows takes its place)."""
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
