"""The runner's parts on their own: the executor registry, the typed Result, staging and the swap, module hygiene."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from countydigital import atomic
from countydigital.exceptions import BuildError
from countydigital.runner import executors, publishing
from countydigital.runner.executors import local
from countydigital.runner.jobs import Job
from countydigital.runner.results import Result
from parsed_source import parsed

RUNNER = Path(publishing.__file__).resolve().parent


# --- executors ---------------------------------------------------------------------------
def test_executors_are_chosen_by_name():
    assert executors.names() == ["dask", "inprocess", "pool", "serial", "warm"]
    assert executors.DEFAULT in executors.names()
    pool = executors.get("pool", n_jobs=3)
    assert isinstance(pool, executors.Executor) and pool.name == "pool" and pool.n_jobs == 3
    assert executors.get("dask", scheduler="tcp://h:1").scheduler == "tcp://h:1"
    with pytest.raises(BuildError, match="unknown executor 'cold'; known: dask, inprocess, pool, serial, warm"):
        executors.get("cold")


def test_an_interrupted_executor_stops_what_it_started(monkeypatch):
    """Closing the iterator mid-run (the build was interrupted) stops the processes and sweeps temporaries."""
    ran, stopped = [], []
    monkeypatch.setattr(local, "execute_job", lambda job, workdir: ran.append(job.label) or Result.started(job))
    monkeypatch.setattr(local, "after_interrupt", lambda: stopped.append(True))
    jobs = [(Job("aa", p), "k") for p in ("one", "two", "three")]
    run = executors.get("serial").run(jobs)
    assert next(run).label == "aa/one"
    run.close()
    assert ran == ["aa/one"] and stopped == [True]
    # a pool of one worker is the serial run (no process start), to the end without an interruption
    assert [r.label for r in executors.get("pool", n_jobs=1).run(jobs)] == ["aa/one", "aa/two", "aa/three"]
    assert stopped == [True]


# --- Result ------------------------------------------------------------------------------
def test_result_round_trips_through_result_json():
    job = Job("aa", "one", {"county": "one"})
    failed = Result.started(job)
    failed.fail("ValueError: boom", cell=3)
    failed.seconds, failed.cached, failed.cache_key = 1.5, True, "k" * 32
    stored = failed.to_json()
    assert "cached" not in stored and "cache_key" not in stored and "traceback" not in stored  # about this build only
    back = Result.from_json(json.loads(json.dumps(stored)))
    assert (back.label, back.ok, back.cell, back.error) == ("aa/one", False, 3, "ValueError: boom")
    assert (back.seconds, back.cached) == (1.5, False)
    lost = Result.failure(job, "worker process died")
    assert not lost.ok and lost.cell is None and lost.seconds == 0.0 and lost.parameters == {"county": "one"}
    # an entry written before the typed Result (cell null, no traceback) still reads
    assert Result.from_json({"notebook": "aa", "paramset": "two", "parameters": {}, "status": "ok",
                             "seconds": 2.0}).ok


# --- staging and the swap ----------------------------------------------------------------
def test_staged_folder_replaces_the_target_only_when_the_block_succeeds(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with publishing.staged(target) as staging:
            assert atomic.is_temporary(staging) and staging.parent == tmp_path
            (staging / "new.html").write_text("new", encoding="utf-8")
            raise RuntimeError("a check failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"] and (target / "old.html").is_file()
    (tmp_path / ".site.staging").mkdir()  # left by a build of the old naming, killed before its swap
    with publishing.staged(target) as staging:
        (staging / "new.html").write_text("new", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert oct(target.stat().st_mode & 0o777) == oct(atomic.DIR_MODE)
    assert oct((target / "new.html").stat().st_mode & 0o777) == oct(atomic.FILE_MODE)


def test_carry_over_keeps_the_county_section(tmp_path):
    site_dir, staging = tmp_path / "site", tmp_path / "staging"
    (site_dir / "counties").mkdir(parents=True)
    (site_dir / "counties" / "130529.html").write_text("巨鹿县", encoding="utf-8")
    staging.mkdir()
    publishing.carry_over(site_dir, staging)
    assert (staging / "counties" / "130529.html").read_text(encoding="utf-8") == "巨鹿县"


# --- module hygiene ----------------------------------------------------------------------
def _imports(folder: Path):
    for file in sorted(folder.rglob("*.py")):
        for node in ast.walk(parsed(file)):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("countydigital")):
                yield file, node


def test_runner_imports_no_private_name_of_another_module():
    private = [f"{file.relative_to(RUNNER)}: {alias.name}" for file, node in _imports(RUNNER)
               for alias in node.names if alias.name.startswith("_")]
    assert private == []


def test_files_are_put_in_place_only_by_countydigital_atomic():
    renames = [f"{file.relative_to(RUNNER)}:{n.lineno}" for file in sorted(RUNNER.rglob("*.py"))
               for n in ast.walk(parsed(file))
               if isinstance(n, ast.Attribute) and n.attr in ("replace", "rename", "move")
               and isinstance(n.value, ast.Name) and n.value.id in ("os", "shutil")]
    assert renames == []


# --- comparing two sites -----------------------------------------------------------------
def _site(root: Path, built_at: str, page: str) -> Path:
    from countydigital.runner.site import PROVENANCE_END, PROVENANCE_START

    (root / "aa").mkdir(parents=True)
    (root / "aa" / "one.html").write_text(page, encoding="utf-8")
    (root / "index.html").write_text(f"<h1>x</h1>\n{PROVENANCE_START}\nBuilt {built_at}\n{PROVENANCE_END}\n",
                                     encoding="utf-8")
    return root


def test_sitediff_ignores_only_the_provenance_block(tmp_path, capsys):
    from countydigital.runner import sitediff

    before = _site(tmp_path / "before", "2026-01-01T00:00:00", "页面")
    same = _site(tmp_path / "same", "2026-02-02T10:00:00", "页面")
    assert sitediff.differences(before, same) == []
    assert sitediff.main([str(before), str(same)]) == 0
    assert "identical apart from the provenance block" in capsys.readouterr().out
    changed = _site(tmp_path / "changed", "2026-01-01T00:00:00", "页面 changed")
    (changed / "extra.html").write_text("", encoding="utf-8")
    assert sitediff.differences(before, changed) == [f"only in {changed}: extra.html", "differs: aa/one.html"]
    assert sitediff.main([str(before), str(changed)]) == 1
    assert sitediff.main([str(tmp_path / "missing"), str(changed)]) == 2


def test_progress_names_each_page_with_its_language(caplog):
    import io
    import logging

    from countydigital.bench.project import PROGRESS
    from countydigital.runner.progress import Progress
    from countydigital.runner.results import Result

    with caplog.at_level(logging.INFO, logger="countydigital.runner.progress"):
        with Progress(2, stream=io.StringIO()) as progress:
            progress.update(Result("03-vocational-education", "130529", seconds=1.0))
            progress.update(Result("03-vocational-education", "130529", seconds=1.0, lang="en"))
    found = PROGRESS.findall("\n".join(r.getMessage() for r in caplog.records))
    assert [label for label, _, _ in found] == ["03-vocational-education/130529", "en/03-vocational-education/130529"]
