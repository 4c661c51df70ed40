"""The cache verifies what it restores and is readable by all whatever the umask; log levels and prefixes."""
from __future__ import annotations

import logging
import os
import stat

import pytest

from countydigital import paths
from countydigital.cli import logs
from countydigital.runner import pagecache


# --- the cache -------------------------------------------------------------------------------
@pytest.fixture
def outputs(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "build")
    work = tmp_path / "work"
    work.mkdir()
    files = {}
    for name in pagecache.CACHED_FILES:
        (work / name).write_text(f"<html>{name} {'x' * 500}</html>" if name.endswith("html") else "{}")
        files[name] = work / name
    return files


def test_the_cache_serves_only_whole_entries(outputs):
    entry = pagecache.store("k1", outputs)
    assert pagecache.lookup("k1") == entry
    page = entry / "page.html"
    whole = page.read_bytes()
    page.write_bytes(whole[:100])  # truncated after it was stored
    assert pagecache.lookup("k1") is None
    page.write_bytes(whole.replace(b"x", b"y"))  # same size, other bytes
    assert pagecache.lookup("k1") is None
    page.write_bytes(whole)
    assert pagecache.lookup("k1") == entry
    (entry / "records.jsonl").unlink()
    assert pagecache.lookup("k1") is None
    (entry / pagecache.MANIFEST).unlink()
    assert pagecache.lookup("k2") is None and pagecache.lookup("k1") is None


def test_cache_entries_are_readable_by_all_whatever_the_umask(outputs):
    old = os.umask(0o077)
    try:
        entry = pagecache.store("k1", outputs)
    finally:
        os.umask(old)
    assert stat.S_IMODE(pagecache.cache_dir().stat().st_mode) == 0o755
    assert stat.S_IMODE(entry.stat().st_mode) == 0o755
    assert {stat.S_IMODE(p.stat().st_mode) for p in entry.iterdir()} == {0o644}


# --- what the command line says ----------------------------------------------------------------
@pytest.mark.parametrize(("quiet", "verbose", "level"), [
    (0, 0, logging.INFO), (1, 0, logging.WARNING), (0, 1, logging.DEBUG), (2, 0, logging.WARNING), (1, 1, logging.INFO),
])
def test_quiet_and_verbose(quiet, verbose, level):
    assert logs.level(quiet, verbose) == level


def test_warnings_and_errors_are_prefixed_the_rest_is_plain(capsys):
    logs.configure()
    log = logging.getLogger("countydigital.test")
    log.info("published 2 page(s)")
    log.warning("3 of 9 county profile(s) failed")
    log.debug("not shown by default")
    err = capsys.readouterr().err
    assert err == "published 2 page(s)\nwarning: 3 of 9 county profile(s) failed\n"
