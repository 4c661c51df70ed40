"""Builds started side by side in one checkout: one at a time, and the site is always whole.

On the hand-made fault project (two pages, one recording a claim), so each build takes seconds. Each build
runs one worker (`--jobs 1`): builds are kept apart by the lock their build process takes before any worker
starts, so a second worker per build would add its start-up and nothing to what is tested.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from countydigital import paths
from countydigital.runner.sitediff import differences
from reliability_fixtures import env_for, make_project, progress, run

pytestmark = pytest.mark.slow

SETS = [("one", {"mode": "record", "note": "并发构建"}), ("two", {"county": "130722"})]
PAGES = {"aa-fault/one", "aa-fault/two"}
NOISE = re.compile(r"WARNING|ERROR|warning:|error:|Traceback|KeyboardInterrupt")


def start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "countydigital", "run", "--jobs", "1", *args], cwd=paths.PROJ_ROOT,
                            env=env_for(root), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(procs: list[subprocess.Popen]) -> list[str]:
    """Wait for every build; each must succeed without a warning or an error line. Returns their stderr."""
    errs = []
    for proc in procs:
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err
        assert not NOISE.search(err), err
        errs.append(err)
    return errs


def broken_links(site: Path) -> list[str]:
    """Local links of the index and the claims ledger that lead nowhere."""
    broken = []
    for page in ("index.html", "claims.html"):
        text = (site / page).read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]+)', text):
            if not re.match(r"[a-z]+:", href) and not (site / page).parent.joinpath(href).is_file():
                broken.append(f"{page} -> {href}")
    return broken


def assert_whole(root: Path) -> None:
    """Every index link resolves; every notebook page is there with its ledger records."""
    site = root / "site"
    assert broken_links(site) == []
    for label in PAGES:
        notebook, paramset = label.split("/")
        assert (site / notebook / f"{paramset}.html").is_file(), label
        assert f'href="{label}.html"' in (site / "index.html").read_text(encoding="utf-8"), label
        assert (root / "build" / "ledger-records" / "zh" / f"{notebook}__{paramset}.jsonl").is_file(), label
    records = (root / "build" / "ledger-records" / "zh" / "aa-fault__one.jsonl").read_text(encoding="utf-8")
    assert "context.county_land_share" in records and "并发构建" in records
    assert "并发构建" in (site / "claims.json").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def serial(tmp_path_factory) -> Path:
    """The site of one build on its own: what builds run side by side must leave."""
    root = tmp_path_factory.mktemp("serial")
    make_project(root, SETS)
    result = run(root, "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert not NOISE.search(result.stderr), result.stderr
    return root / "site"


def test_three_builds_started_together_leave_the_serial_site(tmp_path, serial):
    make_project(tmp_path, SETS)
    rounds = [
        ("from nothing", [], ("build", "site")),  # all three find an empty cache when they start
        ("without the cache", ["--no-cache"], ()),  # all three execute every page
        ("site deleted", [], ("site",)),  # the first republishes from the cache, the others find it done
    ]
    for name, args, remove in rounds:
        for folder in remove:
            shutil.rmtree(tmp_path / folder, ignore_errors=True)
        errs = finish([start(tmp_path, *args) for _ in range(3)])
        assert differences(serial, tmp_path / "site") == [], name
        assert_whole(tmp_path)
        published = sum("published 2 page(s)" in err for err in errs)
        executed = sum(not cached for err in errs for cached in progress(err).values())
        if args:
            assert published == 3 and executed == 6, (name, errs)  # one after the other, each in full
        else:
            assert published == 1 and executed == (2 if "build" in remove else 0), (name, errs)
            assert sum("nothing changed" in err for err in errs) == 2, (name, errs)
        if args or "build" in remove:  # the first holds the lock for seconds: the others say they wait
            assert sum("waiting for the build started at" in err for err in errs) >= 1, (name, errs)


@pytest.mark.parametrize("delay", [0.5, 2])
def test_a_second_no_cache_run_started_later_leaves_the_site_whole(tmp_path, serial, delay):
    """The issue's trial: two `run --no-cache`, the second `delay` s after the first; then a plain `run`.

    A build takes the lock (runner.buildlock) a fraction of a second after it starts, before it touches build/,
    and keeps it until it has published: whatever the delay, the second run finds the lock held, says so, waits
    and then runs in full. The delay only decides what the first is doing meanwhile (0.5 s: starting its
    workers, 2 s: executing or publishing), which the waiting run cannot see; 1 and 4 s, once also tried, meet
    the same held lock or, on a fast machine, a build already finished (no overlap at all).
    Builds started at the same instant are test_three_builds_started_together_leave_the_serial_site."""
    make_project(tmp_path, SETS)
    first = start(tmp_path, "--no-cache")
    time.sleep(delay)
    second = start(tmp_path, "--no-cache")
    finish([first, second])
    assert_whole(tmp_path)
    assert differences(serial, tmp_path / "site") == []
    again = run(tmp_path, "--jobs", "1")
    assert again.returncode == 0 and not NOISE.search(again.stderr), again.stderr
    assert "nothing changed" in again.stderr and set(progress(again.stderr).values()) == {True}
    assert_whole(tmp_path)
    state = json.loads((tmp_path / "build" / "published.json").read_text(encoding="utf-8"))
    assert set(state["state"]["pages"]) == PAGES
