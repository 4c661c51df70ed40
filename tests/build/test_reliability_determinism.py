"""Two builds from the same inputs are byte-identical, except the index's delimited provenance block.

The two builds run in different folders, without the cache, and with different
hash seeds in the build process: no local path, clock reading, random id or
set ordering may reach a page, a figure or the claims ledger. The real site's
two builds are the session's shared ones (tests/shared_builds.py: real_sites),
which differ in that way too (and in their engine).
"""
from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

import pytest

from countydigital.runner.site import PROVENANCE_END, PROVENANCE_START
from reliability_fixtures import digest, env_for, make_project, run, strip_provenance

pytestmark = pytest.mark.slow

SETS = [("one", {"county": "130529"}), ("two", {"county": "130722", "note": "张北县"})]


def _two_builds(tmp_path: Path, *args: str) -> tuple[Path, Path]:
    sites = []
    for i, hash_seed in ((1, "1"), (2, "2")):
        root = tmp_path / f"build{i}"
        root.mkdir()
        make_project(root, SETS)
        result = run(root, "--no-cache", *args, env=env_for(root, PYTHONHASHSEED=hash_seed), timeout=900)
        assert result.returncode == 0, result.stderr
        sites.append(root / "site")
    return sites[0], sites[1]


@pytest.fixture(scope="module")
def fixture_sites(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture project built twice (two parallel workers each time): both determinism tests read them."""
    return _two_builds(tmp_path_factory.mktemp("determinism"), "--jobs", "2")


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


def page_pngs(page: Path) -> list[bytes]:
    text = page.read_text(encoding="utf-8")
    return [base64.b64decode(m.group(1)) for m in re.finditer(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)", text)]


def embedded_pngs(site: Path) -> list[bytes]:
    return [image for page in site.rglob("*.html") for image in page_pngs(page)]


def test_fixture_site_is_byte_identical_across_builds(fixture_sites):
    first, second = fixture_sites
    _assert_identical(first, second)
    page = (first / "aa-fault" / "two.html").read_text(encoding="utf-8")
    assert "units {" in page and "张北县" in page


def test_figures_carry_no_date_or_machine_metadata(fixture_sites):
    images = embedded_pngs(fixture_sites[0])
    assert images, "the fixture page should embed its figure"
    for image in images:
        kinds = [kind for kind, _ in _png_chunks(image)]
        assert b"tIME" not in kinds
        texts = [body.split(b"\0")[0] for kind, body in _png_chunks(image) if kind in (b"tEXt", b"iTXt", b"zTXt")]
        assert set(texts) <= {b"Software"}, texts


def test_real_county_context_page_is_byte_identical_across_builds(real_sites):
    first, second = real_sites["warm"].site, real_sites["fresh"].site
    _assert_identical(first, second)
    for page in ("00-county-context/130722.html", "en/00-county-context/130722.html"):
        assert (first / page).read_bytes() == (second / page).read_bytes(), page
    assert page_pngs(first / "00-county-context" / "130722.html"), "the county context page should have figures"
    for image in embedded_pngs(first):  # every page's
        assert b"tIME" not in [kind for kind, _ in _png_chunks(image)]
