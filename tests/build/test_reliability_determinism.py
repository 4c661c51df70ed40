"""Two builds from the same inputs are byte-identical, except the index's delimited provenance block.

The two builds run in different folders, without the cache, and with different
hash seeds in the build process: no local path, clock reading, random id or
set ordering may reach a page, a figure or the claims ledger.
"""
from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

import pytest

from countydigital import paths
from countydigital.runner.site import PROVENANCE_END, PROVENANCE_START
from reliability_fixtures import digest, env_for, make_project, run, strip_provenance

pytestmark = pytest.mark.slow

SETS = [("one", {"county": "130529"}), ("two", {"county": "130722", "note": "张北县"})]


def _two_builds(tmp_path: Path, *args: str, notebooks_dir: Path | None = None) -> tuple[Path, Path]:
    sites = []
    for i, hash_seed in ((1, "1"), (2, "2")):
        root = tmp_path / f"build{i}"
        root.mkdir()
        extra = {"PYTHONHASHSEED": hash_seed}
        if notebooks_dir is None:
            make_project(root, SETS)
        else:
            extra["COUNTYDIGITAL_NOTEBOOKS_DIR"] = str(notebooks_dir)
            extra["COUNTYDIGITAL_PROCESSED_DIR"] = str(paths.PROCESSED_DIR)  # the real (verified) caches
        result = run(root, "--no-cache", *args, env=env_for(root, **extra), timeout=900)
        assert result.returncode == 0, result.stderr
        sites.append(root / "site")
    return sites[0], sites[1]


def _assert_identical(first: Path, second: Path) -> None:
    a, b = digest(first, skip_provenance=True), digest(second, skip_provenance=True)
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert differing == [], f"pages differ between two builds: {differing}"
    index = (first / "index.html").read_text(encoding="utf-8")
    assert index.count(PROVENANCE_START) == 1 and index.count(PROVENANCE_END) == 1
    assert re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", strip_provenance(index)) is None  # the build time is inside it


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks.append((kind, data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return chunks


def embedded_pngs(site: Path) -> list[bytes]:
    images = []
    for page in site.rglob("*.html"):
        for match in re.finditer(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)", page.read_text(encoding="utf-8")):
            images.append(base64.b64decode(match.group(1)))
    return images


def test_fixture_site_is_byte_identical_across_builds(tmp_path):
    first, second = _two_builds(tmp_path, "--jobs", "2")
    _assert_identical(first, second)
    page = (first / "aa-fault" / "two.html").read_text(encoding="utf-8")
    assert "units {" in page and "张北县" in page


def test_figures_carry_no_date_or_machine_metadata(tmp_path):
    root = tmp_path / "figs"
    make_project(root, SETS[:1])
    assert run(root, "--jobs", "1").returncode == 0
    images = embedded_pngs(root / "site")
    assert images, "the fixture page should embed its figure"
    for image in images:
        kinds = [kind for kind, _ in _png_chunks(image)]
        assert b"tIME" not in kinds
        texts = [body.split(b"\0")[0] for kind, body in _png_chunks(image) if kind in (b"tEXt", b"iTXt", b"zTXt")]
        assert set(texts) <= {b"Software"}, texts


def test_real_county_context_page_is_byte_identical_across_builds(tmp_path):
    notebook = paths.PROJ_ROOT / "notebooks" / "00-county-context.ipynb"
    if not notebook.is_file():
        pytest.skip("notebooks/00-county-context.ipynb does not exist yet")
    first, second = _two_builds(tmp_path, "--notebook", "00", "--county", "130722", "--jobs", "1",
                                notebooks_dir=notebook.parent)
    _assert_identical(first, second)
    assert embedded_pngs(first), "the county context page should have figures"
    for image in embedded_pngs(first):
        assert b"tIME" not in [kind for kind, _ in _png_chunks(image)]
