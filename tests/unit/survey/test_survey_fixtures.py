"""The committed 问卷星-style fixtures are what make_fixtures.py generates, and they load."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from countydigital.survey import load
from countydigital.survey.wjx import to_wjx

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "survey"


def _maker():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKER = _maker()


@pytest.mark.parametrize("name", sorted(MAKER.FIXTURES))
def test_fixture_is_reproducible_and_loads(tmp_path, name):
    fresh = to_wjx(MAKER.survey(), tmp_path / name, seed=MAKER.SEED, **MAKER.FIXTURES[name])
    assert fresh.read_bytes() == (FIXTURES / name).read_bytes(), f"regenerate with {MAKER.__file__}"
    loaded = load(FIXTURES / name)
    pd.testing.assert_frame_equal(loaded.frame, MAKER.survey().frame)
    assert loaded.synthetic and loaded.dropped_personal_columns == 2
