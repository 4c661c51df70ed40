"""The privacy gate's survey signatures are kept between builds only as long as they are the same set."""
from __future__ import annotations

import pytest

from countydigital import privacy_gate as privacy
from countydigital import signature_cache
from countydigital.exceptions import PrivacyError


@pytest.fixture()
def build_dir(own_kept_dir):
    return own_kept_dir / signature_cache.FOLDER


def tidy_csv(path, rows):
    path.write_text("respondent_id,county,age,gender\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def counting(compute):
    calls = []

    def wrapped():
        calls.append(1)
        return compute()
    return wrapped, calls


def test_kept_signatures_are_the_computed_ones_and_are_computed_once(build_dir):
    expected = privacy.record_signatures(privacy.read_survey(7))
    compute, calls = counting(lambda: privacy.record_signatures(privacy.read_survey(7)))
    assert signature_cache.kept_signatures(7, compute) == expected and len(expected) > 1000
    assert signature_cache.kept_signatures(7, compute) == expected and len(calls) == 1
    assert privacy.survey_signatures([{"seed": 7}, {"seed": 7, "county": "130529"}]) == expected
    assert len(list(build_dir.iterdir())) == 1
    assert signature_cache.kept_signatures(8, compute) and len(calls) == 2  # another seed, another key


def test_a_changed_file_is_read_again(build_dir, tmp_path):
    file = tmp_path / "export.csv"
    compute, calls = counting(lambda: {file.read_text(encoding="utf-8")})
    tidy_csv(file, ["a"])
    first = signature_cache.kept_signatures(file, compute)
    tidy_csv(file, ["b"])
    assert signature_cache.kept_signatures(file, compute) != first and len(calls) == 2


def test_a_damaged_kept_file_is_made_again(build_dir):
    compute, calls = counting(lambda: {"abc", "def"})
    signature_cache.kept_signatures(3, compute)
    (kept,) = build_dir.iterdir()
    kept.write_text("abc\n", encoding="utf-8")  # truncated: its name no longer matches its bytes
    assert signature_cache.kept_signatures(3, compute) == {"abc", "def"} and len(calls) == 2


def test_a_missing_or_unreadable_survey_still_fails_closed(build_dir, tmp_path):
    with pytest.raises(PrivacyError, match="missing.csv"):
        privacy.survey_signatures([{"survey": str(tmp_path / "missing.csv")}])
    broken = tmp_path / "export.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(PrivacyError, match="export.xlsx"):
        privacy.survey_signatures([{"survey": str(broken)}])
    assert not build_dir.exists() or not list(build_dir.iterdir())  # nothing kept for a failure
