"""The sha256 of a file: one function for the data manifest and for survey files.

A real survey's figures on the ledger name the file they came from by this checksum,
so a reader can tell which export stands behind a `reproduced` or `differs`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path


def sha256_of(path: Path | str) -> str:
    """Hex sha256 of the file's bytes, read in blocks (a large export never sits in memory twice)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
