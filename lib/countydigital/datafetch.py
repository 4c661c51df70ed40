"""Fetch the external files named in data/manifest.yaml and verify them.

A file is taken, in order, from data/raw/ (if its checksum matches), from the
mirror folder named by COUNTYDIGITAL_DATA_MIRROR, or from its pinned upstream
URL. Every copy is written to a temporary name, checked, then renamed, so an
interrupted or corrupt fetch never leaves a file that looks valid.
"""
from __future__ import annotations

import shutil
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from . import paths, yamlio
from .atomic import atomic_path
from .checksum import sha256_of
from .exceptions import ChecksumMismatch, DataError, MissingDataFile


@dataclass(frozen=True)
class ExternalFile:
    key: str
    path: str  # relative to the raw folder and to the mirror
    url: str
    sha256: str
    license: str
    citation: str
    description: str = ""

    @property
    def local_path(self) -> Path:
        return paths.RAW_DIR / self.path


def load_manifest(manifest_file: Path | None = None) -> dict[str, ExternalFile]:
    """Read the manifest into ExternalFile records keyed by their short name."""
    manifest_file = manifest_file or paths.MANIFEST_FILE
    with open(manifest_file, encoding="utf-8") as fh:
        doc = yamlio.safe_load(fh)
    try:
        return {key: ExternalFile(key=key, **entry) for key, entry in doc["files"].items()}
    except (KeyError, TypeError) as exc:
        raise DataError(f"{manifest_file}: malformed manifest ({exc})") from exc


def _verified_copy(source_label: str, write_to, entry: ExternalFile) -> Path:
    """Write via `write_to(tmp_path)`, verify the checksum, then move into place."""
    target = entry.local_path
    with atomic_path(target) as tmp:  # a refused file never replaces the target
        write_to(tmp)
        actual = sha256_of(tmp)
        if actual != entry.sha256:
            raise ChecksumMismatch(
                f"{source_label}: sha256 {actual} does not match the manifest's "
                f"{entry.sha256} for '{entry.key}' ({entry.path}); the file was refused"
            )
    return target


def fetch(entry: ExternalFile, *, mirror: Path | None = None, allow_download: bool = True) -> Path:
    """Make `entry` present and verified in the raw folder; return its path."""
    target = entry.local_path
    if target.exists():
        if sha256_of(target) == entry.sha256:
            return target
        # A stale or corrupt local copy is replaced, never trusted.
        target.unlink()

    mirror = mirror if mirror is not None else paths.data_mirror()
    if mirror is not None:
        source = mirror / entry.path
        if not source.is_file():
            raise MissingDataFile(
                f"{source}: '{entry.key}' is missing from the data mirror "
                f"(COUNTYDIGITAL_DATA_MIRROR={mirror})"
            )
        return _verified_copy(str(source), lambda tmp: shutil.copyfile(source, tmp), entry)

    if not allow_download:
        raise MissingDataFile(f"{target}: '{entry.key}' is not present and downloading is disabled")

    def download(tmp: Path) -> None:
        try:
            with urllib.request.urlopen(entry.url, timeout=120) as response, open(tmp, "wb") as out:
                shutil.copyfileobj(response, out)
        except OSError as exc:
            raise MissingDataFile(
                f"{entry.url}: download of '{entry.key}' failed ({exc}); set "
                f"COUNTYDIGITAL_DATA_MIRROR to a folder holding {entry.path} to work offline"
            ) from exc

    return _verified_copy(entry.url, download, entry)


def fetch_all(*, mirror: Path | None = None, allow_download: bool = True) -> dict[str, Path]:
    """Fetch every manifest file; all failures are collected and raised together."""
    results: dict[str, Path] = {}
    errors: list[str] = []
    for key, entry in load_manifest().items():
        try:
            results[key] = fetch(entry, mirror=mirror, allow_download=allow_download)
        except DataError as exc:
            errors.append(str(exc))
    if errors:
        raise DataError("\n".join(errors))
    return results


def raw_path(key: str) -> Path:
    """Path of a verified external file, fetching it first if needed."""
    manifest = load_manifest()
    if key not in manifest:
        raise DataError(f"{paths.MANIFEST_FILE}: no external file named '{key}' (known: {', '.join(manifest)})")
    return fetch(manifest[key])


def checksums() -> dict[str, str]:
    """Pinned sha256 of every external file, for provenance blocks and cache keys."""
    return {key: entry.sha256 for key, entry in load_manifest().items()}
