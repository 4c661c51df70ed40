"""What the command line says: the package's messages through `logging`, to stderr.

Modules log to `logging.getLogger(__name__)` (all under the `countydigital` logger);
the command line decides how much is shown: warnings and errors always (`-q`), what
the build is doing by default, details with `-v`. A line is the message itself,
prefixed `warning:` or `error:` when it is one, so that a successful build, which
logs neither, shows no WARNING or ERROR line. Lines go out through tqdm, so they
never break a progress bar drawn on the same terminal.
"""
from __future__ import annotations

import argparse
import logging
import sys

ROOT = "countydigital"
_PREFIX = {logging.WARNING: "warning: ", logging.ERROR: "error: ", logging.CRITICAL: "error: "}


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return _PREFIX.get(record.levelno, "") + super().format(record)


class _Handler(logging.Handler):
    """stderr as it is at each message (tests swap it), through tqdm.write when a bar may be showing."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            from tqdm import tqdm

            tqdm.write(self.format(record), file=sys.stderr)
        except Exception:  # logging must never take the build down
            self.handleError(record)


def add_arguments(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """-q/--quiet and -v/--verbose; on a subcommand they add to what was given before it."""
    default = argparse.SUPPRESS if sub else 0  # a subparser's default would overwrite the main parser's count
    parser.add_argument("-q", "--quiet", action="count", default=default,
                        help="say less: only warnings and errors (no progress)")
    parser.add_argument("-v", "--verbose", action="count", default=default,
                        help="say more: every page and step (-vv: the libraries' debug messages too)")


def level(quiet: int = 0, verbose: int = 0) -> int:
    return {-1: logging.WARNING, 0: logging.INFO}.get(min(1, verbose) - min(1, quiet), logging.DEBUG)


def configure(quiet: int = 0, verbose: int = 0) -> None:
    """Send the package's messages to stderr at the chosen level (idempotent: one handler)."""
    logger = logging.getLogger(ROOT)
    logger.setLevel(level(quiet, verbose))
    logger.propagate = False
    if not any(isinstance(h, _Handler) for h in logger.handlers):
        handler = _Handler()
        handler.setFormatter(_Formatter("%(message)s"))
        logger.addHandler(handler)
    if verbose >= 2:  # the libraries too (papermill, jupyter_client)
        logging.basicConfig(level=logging.DEBUG, format="%(name)s: %(levelname)s: %(message)s")
