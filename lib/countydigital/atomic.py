"""Atomic writes: the one way the project puts a file in place.

A reader (a web server, a second build, a notebook) sees either the old file or the
new one, never half of it. Temporaries live beside their target (same file system,
so the final step is a rename) and are named `.NAME.XXXXXXXX.part`, the one scheme the
start-of-build sweep recognises. Published files get mode 0644 and folders 0755
whatever the umask: the site is served by a web server running as another user.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

FILE_MODE = 0o644
DIR_MODE = 0o755
TEMP_SUFFIX = ".part"


def is_temporary(path: Path) -> bool:
    """True for a temporary of an atomic write (`.NAME.XXXX.part`, file or folder)."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def temporary_dir(target: Path) -> Path:
    """A fresh empty folder beside `target`, named as a temporary (mode 0755)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent))
    os.chmod(staging, DIR_MODE)
    return staging


@contextlib.contextmanager
def atomic_path(target: Path, mode: int = FILE_MODE) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`.

    The caller writes the temporary however it likes (pandas, openpyxl, a download).
    If the block raises, the temporary is removed and `target` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def replace(source: Path, target: Path) -> None:
    """Move an already complete file or folder into place (the one rename of the project)."""
    os.replace(source, target)


def write_bytes(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(target: Path, data, *, indent: int | None = 1) -> None:
    write_text(target, json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True))


def publishable_modes(root: Path) -> None:
    """Give every file under `root` mode 0644 and every folder 0755 (root included)."""
    os.chmod(root, DIR_MODE)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)
