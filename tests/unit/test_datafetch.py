"""External data: copied from the mirror or downloaded, always verified, never trusted when wrong."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from countydigital import datafetch, paths
from countydigital.exceptions import ChecksumMismatch, MissingDataFile


def _entry(tmp_path: Path, content: bytes, sha: str | None = None) -> datafetch.ExternalFile:
    return datafetch.ExternalFile(
        key="sample", path="sub/sample.csv", url="http://127.0.0.1:9/never-downloaded",
        sha256=sha or hashlib.sha256(content).hexdigest(), license="test", citation="test",
    )


@pytest.fixture
def raw_dir(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    monkeypatch.setattr(paths, "RAW_DIR", raw)
    return raw


def _mirror(tmp_path: Path, content: bytes) -> Path:
    mirror = tmp_path / "mirror"
    (mirror / "sub").mkdir(parents=True)
    (mirror / "sub" / "sample.csv").write_bytes(content)
    return mirror


def test_copies_from_mirror_and_verifies(tmp_path, raw_dir):
    mirror = _mirror(tmp_path, b"a,b\n1,2\n")
    path = datafetch.fetch(_entry(tmp_path, b"a,b\n1,2\n"), mirror=mirror)
    assert path == raw_dir / "sub" / "sample.csv"
    assert path.read_bytes() == b"a,b\n1,2\n"


def test_checksum_mismatch_is_refused_and_leaves_nothing(tmp_path, raw_dir):
    mirror = _mirror(tmp_path, b"tampered\n")
    entry = _entry(tmp_path, b"original\n")
    with pytest.raises(ChecksumMismatch, match="sample.csv.*does not match"):
        datafetch.fetch(entry, mirror=mirror)
    leftovers = list((raw_dir / "sub").iterdir()) if (raw_dir / "sub").exists() else []
    assert leftovers == []  # neither the bad file nor a .part file


def test_corrupt_local_copy_is_replaced_from_mirror(tmp_path, raw_dir):
    content = b"good\n"
    mirror = _mirror(tmp_path, content)
    (raw_dir / "sub").mkdir(parents=True)
    (raw_dir / "sub" / "sample.csv").write_bytes(b"corrupt\n")
    assert datafetch.fetch(_entry(tmp_path, content), mirror=mirror).read_bytes() == content


def test_mirror_missing_file_names_the_file(tmp_path, raw_dir):
    mirror = tmp_path / "empty-mirror"
    mirror.mkdir()
    with pytest.raises(MissingDataFile, match="missing from the data mirror"):
        datafetch.fetch(_entry(tmp_path, b"x"), mirror=mirror)


def test_no_download_when_disabled(tmp_path, raw_dir, monkeypatch):
    monkeypatch.delenv("COUNTYDIGITAL_DATA_MIRROR", raising=False)
    with pytest.raises(MissingDataFile, match="downloading is disabled"):
        datafetch.fetch(_entry(tmp_path, b"x"), allow_download=False)


def test_manifest_pins_every_file_to_a_commit_and_a_checksum():
    manifest = datafetch.load_manifest()
    assert set(manifest) == {"census_2010", "census_2020", "county_boundaries", "ghsl", "population_2020"}
    for entry in manifest.values():
        assert len(entry.sha256) == 64
        commit = entry.url.split("/")[5]
        assert len(commit) == 40 and all(c in "0123456789abcdef" for c in commit), entry.url
        assert entry.license and entry.citation
