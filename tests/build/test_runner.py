"""The runner publishes every page, reuses unchanged results, and never damages a published site."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from runner_fixtures import make_notebooks, run_cli, write_parameter_sets

pytestmark = pytest.mark.slow


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("runner")
    make_notebooks(root)
    first = run_cli(root, "--jobs", "2")
    assert first.returncode == 0, first.stderr
    return root, first


def test_build_publishes_index_and_one_page_per_parameter_set(built):
    root, _ = built
    site = root / "site"
    assert (site / "index.html").is_file()
    for paramset in ("one", "two"):
        page = (site / "aa-test" / f"{paramset}.html").read_text(encoding="utf-8")
        assert f"county {paramset} seed 20220517" in page  # parameters injected, seed from the one place
        assert "Test page 测试页" in page
        assert "plt.plot" not in page  # code hidden
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="aa-test/one.html"' in index and 'href="aa-test/two.html"' in index


def test_every_page_links_its_neighbours_sections_and_notebooks(built):
    import re

    import nbformat

    root, _ = built
    site = root / "site"
    for paramset, neighbour in (("one", "two"), ("two", "one")):
        page = site / "aa-test" / f"{paramset}.html"
        nav = re.search(r'<nav [^>]*class="cd-nav".*?</nav>', page.read_text(encoding="utf-8"), re.S).group(0)
        assert "countydigital:nav" not in nav
        links = re.findall(r'href="([^"#]+)', nav)
        assert f"../aa-test/{neighbour}.html" in links
        assert "../source/aa-test.ipynb" in links and f"../aa-test/{paramset}.ipynb" in links
        for link in links:
            assert (page.parent / link).resolve().is_file(), link
        executed = (site / "aa-test" / f"{paramset}.ipynb").read_text(encoding="utf-8")
        nb = nbformat.reads(executed, as_version=4)
        assert nb.metadata["papermill"] == {"parameters": {"county": paramset, "seed": 20220517}}
        assert f"county {paramset} seed 20220517" in executed  # the outputs, as on the page
        assert str(root) not in executed and "start_time" not in executed  # no local path, no timing
    source = nbformat.read(site / "source" / "aa-test.ipynb", as_version=4)
    original = nbformat.read(root / "notebooks" / "aa-test.ipynb", as_version=4)
    assert [c.source for c in source.cells] == [c.source for c in original.cells]


def test_pages_load_no_third_party_script(built):
    root, _ = built
    for page in (root / "site").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script src=\"http" not in text and "cdnjs" not in text, page.name


def test_unchanged_rebuild_starts_no_kernel(built):
    root, _ = built
    again = run_cli(root, "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("(cache;") == 2, again.stderr


def test_failing_notebook_leaves_published_site_intact(built):
    root, _ = built
    before = _digest(root / "site")
    write_parameter_sets(root / "notebooks", ["one", "boom"])
    try:
        failed = run_cli(root, "--jobs", "2")
    finally:
        write_parameter_sets(root / "notebooks", ["one", "two"])
    assert failed.returncode != 0
    assert "aa-test/boom" in failed.stderr and "cell" in failed.stderr and "asked to fail" in failed.stderr
    assert (root / "build" / "executed" / "aa-test" / "boom.ipynb").is_file()  # kept for inspection
    assert _digest(root / "site") == before
    assert not any(p.name.startswith(".site.") for p in root.iterdir())  # no staging left behind


def test_build_is_deterministic_outside_the_provenance_block(built, tmp_path):
    root, _ = built
    first = (root / "site" / "aa-test" / "one.html").read_bytes()
    rebuilt = run_cli(root, "--jobs", "1", "--no-cache")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (root / "site" / "aa-test" / "one.html").read_bytes() == first
