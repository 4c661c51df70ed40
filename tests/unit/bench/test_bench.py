"""The benchmark's own machinery: the kernel counter, the naive baseline, the survey estimates, the summary."""
from __future__ import annotations

import json
import os

from countydigital.bench import builds, summary
from countydigital.bench import project as scratch
from countydigital.bench import survey as survey_bench


def test_progress_lines_tell_executed_from_cached_pages():
    stderr = ("[1/3] 00-county-context/130529 ok     (cache; ETA 0s)\n"
              "[2/3] 01-employment-value/pooled ok     (12.5s; ETA 3s)\n"
              "[3/3] 64/640105 failed (0.7s; ETA 0s)\n")
    found = scratch.PROGRESS.findall(stderr)
    assert [(label, how == "cache") for label, _, how in found] == [
        ("00-county-context/130529", True), ("01-employment-value/pooled", False), ("64/640105", False)]


def test_naive_baseline_is_papermill_then_nbconvert_for_every_page(tmp_path, monkeypatch):
    monkeypatch.setattr(scratch, "RUNS_DIR", tmp_path)
    proj = scratch.make("naive-test", ["03"])
    jobs = builds._jobs(proj)
    script = builds.naive_script(proj)
    assert len(jobs) >= 1
    assert script.count("/papermill ") == len(jobs) and script.count("nbconvert --to html --no-input") == len(jobs)
    for _, _, parameters, label in jobs:
        assert f"{label.replace('/', '__')}.ipynb" in script
        assert str(parameters["county"]) in script
    # a whole build: every page in both languages, so the bound pages x F / cores counts what the build runs
    assert {parameters.get("lang", "zh") for _, _, parameters, _ in jobs} == {"zh", "en"}
    assert len({label for *_, label in jobs}) == len(jobs)
    # the scratch project runs a frozen copy of the package, not the working tree
    assert (proj.root / "src" / "lib" / "countydigital" / "runner" / "build.py").is_file()
    assert proj.env["PYTHONPATH"].split(os.pathsep)[0] == str(proj.root / "src" / "lib")


def test_every_survey_claim_with_a_number_has_an_estimate_with_ci():
    from countydigital.claims.registry import load_registry

    claims = {c.id: c for c in load_registry() if c.evidence == "survey"}
    covered = set(survey_bench.estimators())
    assert covered <= set(claims)
    missing = {cid for cid, c in claims.items() if cid not in covered and c.kind in ("number", "range")}
    assert not missing, f"survey claims the benchmark does not estimate: {missing}"


def test_survey_estimates_have_proper_intervals_on_the_default_survey():
    from countydigital.survey import default_survey

    frame = default_survey().frame
    for claim, func in survey_bench.estimators().items():
        e = func(frame)
        assert e.lo <= e.value <= e.hi and e.n > 0, claim
    women = survey_bench.estimators()["employment.women_share"](frame)
    assert 0.70 <= women.value <= 0.75  # calibrated: 近四分之三


def test_summary_replaces_only_its_block(tmp_path, monkeypatch):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bench\n\nhand-written intro\n\n{summary.RESULTS_START}\nold table\n{summary.RESULTS_END}"
                      "\n\n## Notes\nkept\n", encoding="utf-8")
    monkeypatch.setattr(summary, "BENCH_DIR", tmp_path)
    monkeypatch.setattr(summary, "README_FILE", readme)
    monkeypatch.setattr(summary, "RESULTS_FILE", tmp_path / "results.json")
    results = {
        "mode": "quick", "seconds": 12.0, "finished": "2026-01-01T00:00:00+00:00",
        "machine": {"cores": 2, "platform": "Linux", "python": "3.11", "commit": "abc"},
        "survey": {"sizes": [
            {"n": 10_000, "pipeline_s": 0.5, "load_s": 0.3, "estimate_s": 0.2, "estimates": 39,
             "peak_rss_mb": 180.0, "rss_after_imports_mb": 150.0},
            {"n": 100_000, "pipeline_s": 2.0, "load_s": 1.6, "estimate_s": 0.4, "estimates": 39,
             "peak_rss_mb": 300.0, "rss_after_imports_mb": 150.0, "time_ratio": 4.0, "time_slope": 0.6,
             "memory_ratio": 5.0},
        ]},
    }
    summary.write(results)
    text = readme.read_text(encoding="utf-8")
    assert "hand-written intro" in text and "## Notes\nkept" in text and "old table" not in text
    assert "| Survey pipeline, n = 100,000 | 4.00 |" in text and "x5.0 memory" in text
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["mode"] == "quick"


def test_vectorised_indicators_agree_with_the_per_county_loop():
    from countydigital.bench import counties

    result = counties.indicators(sample=3)  # raises if any unit's numbers differ
    assert result["units"] > 2800 and result["loop_sample"] == 3
    assert result["vectorised_s"] > 0 and result["loop_grouped_s"] > 0


def test_a_benchmark_run_keeps_the_measurements_recorded_by_hand(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "RESULTS_FILE", tmp_path / "results.json")
    monkeypatch.setattr(summary, "README_FILE", tmp_path / "README.md")
    (tmp_path / "results.json").write_text(json.dumps({"mode": "old", "measured_country": {"seconds": 800}}))
    run = {"mode": "quick", "seconds": 1.0, "finished": "now",
           "machine": {"cores": 2, "platform": "p", "python": "3", "commit": "c",
                       "load_average_at_start": [0.5, 0.4, 0.3], "load_average_at_end": [1.0, 0.5, 0.3]}}
    summary.write(run)
    written = json.loads((tmp_path / "results.json").read_text())
    assert written["mode"] == "quick" and written["measured_country"] == {"seconds": 800}
    assert "load average (1, 5, 15 min) [0.5, 0.4, 0.3] at the start" in (tmp_path / "README.md").read_text()


def test_the_checks_keep_pytests_summary_not_makes_folder_messages():
    from countydigital.bench.checks import pytest_summary

    output = ("....\n========== 806 passed, 1 skipped in 240.1s (0:04:00) ==========\n"
              "make[1]: Leaving directory '/home/someone/project'\n")
    assert pytest_summary(output) == ["806 passed, 1 skipped in 240.1s (0:04:00)"]
    assert pytest_summary("make: *** [Makefile:73: test] Error 1\n") == []


def test_a_run_without_the_whole_country_keeps_the_last_one_measured_and_says_from_which_run(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "RESULTS_FILE", tmp_path / "results.json")
    monkeypatch.setattr(summary, "README_FILE", tmp_path / "README.md")
    country = {"spec": "all", "limit": None, "cores": 2, "units": 2989, "seconds": 875.0, "kernels": 0,
               "mb_total": 717.6, "mb_per_unit": 0.24}
    machine = {"cores": 2, "platform": "p", "python": "3", "load_average_at_start": [0.5, 0.4, 0.3],
               "load_average_at_end": [1.0, 0.5, 0.3]}
    (tmp_path / "results.json").write_text(json.dumps({
        "mode": "full", "finished": "then", "machine": {**machine, "commit": "1504b0d3"},
        "against_f": {"f_seconds": 2.45}, "counties": {"country": country}}))
    for later in ("c2", "c3"):  # carried through two runs that did not build it, still naming the first
        summary.write({"mode": "full", "seconds": 1.0, "finished": "now", "machine": {**machine, "commit": later},
                       "against_f": {"f_seconds": 3.0}, "counties": {}})
    written = json.loads((tmp_path / "results.json").read_text())["counties"]["country"]
    assert written["seconds"] == 875.0
    assert written["from_run"] == {"commit": "1504b0d3", "finished": "then", "f_seconds": 2.45}
    row = next(line for line in (tmp_path / "README.md").read_text().splitlines() if "Whole-country" in line)
    assert "| 357.14 |" in row and "commit `1504b0d`" in row and "not built again" in row
