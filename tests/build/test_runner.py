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
