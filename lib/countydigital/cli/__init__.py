"""Command line: `python -m countydigital <command> ...`.

One small module per command group (showyourwork style). Each module defines
`register(subparsers)` which adds its parser and sets `func` to a callable taking
the parsed namespace and returning an exit code. Project errors are printed as
one clear message and turned into a non-zero exit; nothing else is swallowed.
"""
from __future__ import annotations

import argparse
import importlib
import logging

from .. import __version__
from ..exceptions import CountyDigitalError
from . import logs

log = logging.getLogger(__name__)

# Command modules, in the order `--help` lists them.
COMMAND_MODULES = ["data", "run", "survey", "claims"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m countydigital",
        description="Build and check the digital-employment county notebooks.",
    )
    # `countydigital --version` and `python -m countydigital --version` alike; the number
    # is the package's __version__, which pyproject.toml also reads (one source).
    parser.add_argument("--version", action="version", version=f"countydigital {__version__}")
    logs.add_arguments(parser)
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            # A command group still under construction must not break the others.
            if exc.name == f"{__name__}.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logs.configure(quiet=args.quiet, verbose=args.verbose)
    try:
        return int(args.func(args) or 0)
    except CountyDigitalError as exc:
        log.error("%s", exc)
        return exc.exit_code
    except KeyboardInterrupt:
        log.warning("interrupted")
        return 130
