"""The recording API: validated, one whole JSON line per record, safe under concurrency."""
from __future__ import annotations

import json
import multiprocessing
import os

import numpy as np
import pytest

from countydigital.claims import load_records, record
from countydigital.exceptions import ClaimsError


@pytest.fixture
def records_file(tmp_path, monkeypatch):
    path = tmp_path / "records" / "01-employment-value" / "pooled.jsonl"
    monkeypatch.setenv("COUNTYDIGITAL_RECORDS", str(path))
    monkeypatch.setenv("COUNTYDIGITAL_NOTEBOOK", "01-employment-value")
    monkeypatch.setenv("COUNTYDIGITAL_PARAMSET", "pooled")
    monkeypatch.setenv("COUNTYDIGITAL_PARAMETERS", json.dumps({"county": "pooled", "seed": 1}))
    return path


def test_record_appends_one_line_with_context(records_file):
    out = record("employment.social_insurance", np.float64(97.25), source="synthetic", unit="%",
                 n=np.int64(268), ci=(95.0, 98.6), anchor="job-quality", note="pooled")
    lines = records_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    stored = json.loads(lines[0])
    assert stored == out
    assert stored["value"] == 97.25 and type(stored["n"]) is int
    assert stored["notebook"] == "01-employment-value" and stored["paramset"] == "pooled"
    assert stored["parameters"] == {"county": "pooled", "seed": 1}
    assert stored["ci"] == [95.0, 98.6]
    record("talent.mean_age", 28.3, source="synthetic")
    assert len(records_file.read_text(encoding="utf-8").splitlines()) == 2


def test_default_file_is_the_interactive_one(monkeypatch, tmp_path):
    from countydigital import paths

    monkeypatch.delenv("COUNTYDIGITAL_RECORDS", raising=False)
    monkeypatch.setattr(paths, "RECORDS_DIR", tmp_path)
    record("talent.mean_age", 27.9, source="synthetic")
    assert (tmp_path / "interactive.jsonl").is_file()
    assert load_records(tmp_path) == []  # the published ledger ignores interactive sessions
    assert len(load_records(tmp_path, include_interactive=True)) == 1


@pytest.mark.parametrize(
    "args, kwargs, message",
    [
        (("talent.mean_agee", 28), {"source": "survey"}, "unknown claim id.*talent.mean_age"),
        (("talent.mean_age", 28), {"source": "questionnaire"}, "source"),
        (("talent.mean_age", float("nan")), {"source": "survey"}, "nan"),
        (("talent.mean_age", "2021-05"), {"source": "survey"}, "does not fit"),
        (("survey.period", 3), {"source": "survey"}, "does not fit"),
        (("survey.fieldwork_counties", "130529"), {"source": "program_records"}, "does not fit"),
        (("talent.mean_age", 28), {"source": "survey", "ci": (30, 26)}, "ci"),
        (("talent.mean_age", 28), {"source": "survey", "n": -1}, "n="),
        (("talent.mean_age", 28), {"source": "survey", "anchor": "two words"}, "anchor"),
        (("talent.mean_age", {"a": 1}), {"source": "survey"}, "not recordable"),
    ],
)
def test_bad_records_are_refused_and_nothing_is_written(records_file, args, kwargs, message):
    with pytest.raises(ClaimsError, match=message):
        record(*args, **kwargs)
    assert not records_file.exists()


def test_none_value_is_allowed_with_a_note(records_file):
    out = record("employment.wage_far_above_county", None, source="synthetic", note="no county income figure")
    assert out["value"] is None


@pytest.mark.parametrize(
    "claim_id, value, source, accepts",
    [  # the three calls of issue 13: each source is of the wrong kind for its claim
        ("employment.social_insurance", 97.4, "census", "survey or synthetic"),
        ("context.county_population_share", 51.7, "survey", "census"),
        ("talent.mean_age", 28.0, "boundaries", "survey or synthetic"),
        ("context.county_land_share", 84.4, "census", "boundaries"),
        ("programs.commissioners", [21, 29], "survey", "program_records"),
        ("survey.fieldwork_counties", ["130529", "130722"], "census", "program_records"),
        ("context.county_gdp_share", None, "census", "nothing"),
        ("context.first_comprehensive_analysis", 1, "program_records", "nothing"),
    ],
)
def test_a_source_that_does_not_fit_the_claims_evidence_is_refused(records_file, claim_id, value, source, accepts):
    kwargs = {"sha256": "0" * 64} if source == "survey" else {}
    with pytest.raises(ClaimsError) as info:
        record(claim_id, value, source=source, **kwargs)
    message = str(info.value)
    assert claim_id in message and repr(source) in message and f"accepts {accepts}" in message
    assert not records_file.exists()


def test_every_evidence_type_accepts_its_own_sources(records_file):
    from countydigital.claims.registry import ACCEPTS, EVIDENCE, load_registry

    assert set(ACCEPTS) == set(EVIDENCE)
    by_evidence = {c.evidence: c for c in load_registry()}
    for evidence, sources in ACCEPTS.items():
        claim = by_evidence.get(evidence)
        if claim is None or not sources:
            continue
        for source in sources:
            kwargs = {"sha256": "ab" * 32} if source == "survey" else {}
            assert record(claim.id, claim.value, source=source, **kwargs)["source"] == source


def test_a_real_survey_record_carries_the_files_sha256(records_file):
    with pytest.raises(ClaimsError, match="sha256"):
        record("talent.mean_age", 28.0, source="survey")
    with pytest.raises(ClaimsError, match="sha256"):
        record("talent.mean_age", 28.0, source="survey", sha256="not-a-checksum")
    with pytest.raises(ClaimsError, match="sha256"):
        record("talent.mean_age", 28.0, source="synthetic", sha256="ab" * 32)
    assert not records_file.exists()
    out = record("talent.mean_age", 28.0, source="survey", sha256="ab" * 32)
    assert json.loads(records_file.read_text(encoding="utf-8"))["sha256"] == out["sha256"] == "ab" * 32


def _writer(path: str, worker: int) -> None:
    os.environ["COUNTYDIGITAL_RECORDS"] = path
    for i in range(150):
        record("talent.mean_age", worker * 1000 + i, source="synthetic", note="x" * 300)


def test_concurrent_writers_never_interleave_lines(tmp_path):
    path = tmp_path / "shared.jsonl"
    ctx = multiprocessing.get_context("fork")
    workers = [ctx.Process(target=_writer, args=(str(path), w)) for w in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 450
    values = sorted(json.loads(line)["value"] for line in lines)
    assert values == sorted(w * 1000 + i for w in range(3) for i in range(150))


def test_load_records_reads_runs_in_order_and_names_bad_lines(tmp_path):
    (tmp_path / "02-talent-return").mkdir()
    good = {"claim_id": "talent.mean_age", "value": 28, "source": "synthetic"}
    (tmp_path / "02-talent-return" / "130529.jsonl").write_text(json.dumps(good) + "\n\n", encoding="utf-8")
    (tmp_path / "02-talent-return" / "pooled.jsonl").write_text(json.dumps(good) + "\n", encoding="utf-8")
    loaded = load_records(tmp_path)
    assert [(r["notebook"], r["paramset"]) for r in loaded] == [
        ("02-talent-return", "130529"), ("02-talent-return", "pooled")]
    (tmp_path / "02-talent-return" / "pooled.jsonl").write_text(json.dumps(good) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(ClaimsError, match=r"pooled\.jsonl: line 2"):
        load_records(tmp_path)
    assert load_records(tmp_path / "missing") == []
