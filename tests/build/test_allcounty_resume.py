"""An interrupted all-county run resumes: run again and only the profiles still missing execute."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from countydigital import paths
from runner_fixtures import run_cli, runner_env, write_notebook

pytestmark = pytest.mark.slow

UNITS = ["640104", "640105", "640106", "640121"]  # --counties 64 --limit 4


def make_profile_notebook(root: Path, hold: Path) -> None:
    """A stand-in for 00-county-context that stalls on the last county while `hold` exists."""
    write_notebook(
        root / "notebooks" / "00-county-context.ipynb", "county = '130529'\nseed = 1",
        [nbformat.v4.new_markdown_cell("# Profile 县域概况")],
        ["from countydigital.census import lookup\nunit = lookup(county)\nprint(unit.name, unit.code, seed)",
         f"import time\nfrom pathlib import Path\nwhile county == {UNITS[-1]!r} and Path({str(hold)!r}).exists():\n"
         "    time.sleep(0.2)"],
    )
    (root / "notebooks" / "parameter_sets.yaml").write_text(
        "notebooks:\n  00-county-context:\n    - {id: '640104', parameters: {county: '640104'}}\n", encoding="utf-8")


def cached_entries(root: Path) -> int:
    cache = root / "build" / "cache"
    return len([p for p in cache.iterdir() if not p.name.startswith(".")]) if cache.is_dir() else 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_interrupted_county_run_resumes_where_it_stopped(tmp_path, jobs):
    hold = tmp_path / "hold"
    hold.touch()
    make_profile_notebook(tmp_path, hold)
    args = ["--counties", "64", "--limit", "4", "--jobs", jobs, "--batch-size", "2" if jobs == "2" else "4"]
    proc = subprocess.Popen([sys.executable, "-m", "countydigital", "run", *args], cwd=paths.PROJ_ROOT,
                            env=runner_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 600
    while cached_entries(tmp_path) < 3:  # every county but the stalled one is done
        assert proc.poll() is None and time.time() < deadline, proc.communicate()[1]
        time.sleep(0.3)
    time.sleep(1.0)  # the main process has taken in the third result
    proc.send_signal(signal.SIGINT)  # Ctrl-C
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0 and "interrupted" in err, err
    assert "3 of 4 profile(s) are built and kept" in err, err
    assert not (tmp_path / "site" / "counties").exists()  # nothing was published half-way

    hold.unlink()
    again = run_cli(tmp_path, *args)
    assert again.returncode == 0, again.stderr
    lines = dict(re.findall(r"^\[\d/4\] 00-county-context/(\d+)\s+ok\s+\((cache|[\d.]+s);", again.stderr, re.M))
    assert sorted(lines) == UNITS
    assert [code for code, how in lines.items() if how != "cache"] == [UNITS[-1]], again.stderr  # only the missing
    assert "3 profile(s) already built (cache); executing the 1 missing" in again.stderr
    assert all((tmp_path / "site" / "counties" / f"{code}.html").is_file() for code in UNITS)
