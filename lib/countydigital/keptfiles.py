"""Derived bytes kept between runs (in build/kept/, or COUNTYDIGITAL_KEPT_DIR), named by what they come from.

A file is `<folder>/<key>.<sha256 of its bytes>.<suffix>`: the key names every input (so a kept
file is the bytes a new derivation would give), the digest makes a damaged or half-copied file
visible (it is then made again, never used). Writes are atomic; the oldest files beyond `kept`
are removed, so the folder stays small. Two builds deriving the same key write the same bytes.
"""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from . import atomic, paths

log = logging.getLogger(__name__)


def key_of(*parts: str | bytes) -> str:
    """A key naming `parts` (file contents, versions, options ...)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:32]


def kept_or_made(folder_name: str, key: str, suffix: str, make: Callable[[], bytes], kept: int) -> bytes:
    """The bytes kept under `key` in <paths.kept_dir()>/<folder_name>/, or `make()`'s, then kept."""
    folder = paths.kept_dir() / folder_name
    for candidate in folder.glob(f"{key}.*{suffix}"):
        try:
            data = candidate.read_bytes()
        except FileNotFoundError:  # pruned by another build meanwhile
            continue
        if candidate.name == _file_name(key, data, suffix):
            return data
    data = make()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(folder / _file_name(key, data, suffix), data)
        _prune(folder, suffix, kept)
    except OSError as exc:  # a read-only or full kept folder costs the next build time, never this build
        log.debug("not kept in %s: %s", folder, exc)
    return data


def _prune(folder: Path, suffix: str, kept: int) -> None:
    def age(file: Path) -> float:
        try:
            return file.stat().st_mtime
        except FileNotFoundError:  # removed by another build meanwhile
            return float("inf")

    for old in sorted(folder.glob(f"*{suffix}"), key=age)[:-kept]:
        old.unlink(missing_ok=True)


def _file_name(key: str, data: bytes, suffix: str) -> str:
    return f"{key}.{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
