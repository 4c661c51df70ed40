"""The package's modules parsed once per test process (several source-reading tests walk them all)."""
from __future__ import annotations

import ast
import functools
from pathlib import Path


@functools.lru_cache(maxsize=None)
def parsed(file: Path) -> ast.Module:
    """`file`'s syntax tree; shared, so a test must not change it."""
    return ast.parse(file.read_text(encoding="utf-8"), str(file))
