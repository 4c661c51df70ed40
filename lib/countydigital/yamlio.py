"""YAML reading for every file of the project (manifest, parameter sets, codebook, claims registry ...).

libyaml's parser when PyYAML was built with it: the same safe subset and the same errors (with
line and column), about ten times faster; every command reads several of these files.
"""
from __future__ import annotations

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream):
    """`yaml.safe_load`, on libyaml when available."""
    return yaml.load(stream, Loader=_SAFE_LOADER)  # noqa: S506  (a safe loader)
