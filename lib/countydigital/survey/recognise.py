"""Recognise the synthetic stand-in by its content, not by a marker that can be deleted.

A `data_source` column or a file's metadata says SYNTHETIC, but a column is easily dropped
and a re-saved workbook keeps no metadata. So every loaded survey is also compared with
what the generator (`synth.generate`) makes for each seed the collection uses, at the
file's own size and at the stand-in's default size: the rows of the file, as value tuples
over the columns it still has (after import every format — 问卷星, tidy, .sav, .dta,
KoboToolbox — gives the same codebook columns, however they were named or ordered), are
matched as a multiset against the generated rows.

Agreement alone would not be enough where the columns left say little (two survey
files with the same gender split agree on most "rows" of one column), so each
comparison is set against a baseline: how many rows of an independent draw of the same
generator (another seed) match. A file is the stand-in when at least half its rows
match and the match closes at least half of the gap between that baseline and 100%.
A real survey shares, by chance, about what an independent draw does.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .. import paths, yamlio
from ..config import DEFAULT_SEED, FIXTURE_SEED
from . import synth

# How the warning begins (banners look for it to say why a file counts as synthetic).
RECOGNISED = "recognised as the SYNTHETIC stand-in by its content"
# Below this share of matching rows a file is never taken for the stand-in.
MIN_MATCH = 0.5
# An independent draw for the baseline: a seed the collection does not use.
BASELINE_SEED_OFFSET = 7919
# Columns that identify no respondent's answers (ids are renumbered freely).
IGNORED = ("respondent_id",)


def collection_seeds() -> tuple[int, ...]:
    """Every seed the collection makes the stand-in with: the project's, the fixtures',
    and any `seed` a parameter set of notebooks/parameter_sets.yaml gives."""
    seeds = {DEFAULT_SEED, FIXTURE_SEED}
    path = paths.PARAMETER_SETS_FILE
    if path.is_file():
        document = yamlio.safe_load(path.read_text(encoding="utf-8")) or {}
        for runs in (document.get("notebooks") or {}).values():
            for run in runs or []:
                seed = (run.get("parameters") or {}).get("seed")
                if seed is not None:
                    seeds.add(int(seed))
    return tuple(sorted(seeds))


@lru_cache(maxsize=32)
def _generated(n: int, seed: int) -> pd.DataFrame:
    return synth.generate(n=n, seed=seed).frame


def _cell(value) -> str:
    """One value as comparable text: missing is '', 3500.0 and 3500 and '3500' agree."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value).strip()
    return str(int(number)) if number.is_integer() else f"{number:.6g}"


def _rows(frame: pd.DataFrame, columns: list[str]) -> Counter:
    text = frame[columns].astype(object).map(_cell)
    return Counter(map(tuple, text.to_numpy().tolist()))


@lru_cache(maxsize=64)
def _generated_rows(n: int, seed: int, columns: tuple[str, ...]) -> Counter:
    return _rows(_generated(n, seed), list(columns))


def _overlap(rows: Counter, other: Counter, n: int) -> float:
    return sum((rows & other).values()) / n if n else 0.0


@dataclass(frozen=True)
class Match:
    """A file found to be the stand-in: which generation it matched and how closely."""

    seed: int
    n: int
    matched: int
    rows: int
    columns: int
    baseline: float

    def reason(self) -> str:
        share = self.matched / self.rows
        return (
            f"{RECOGNISED}: {self.matched} of {self.rows} rows "
            f"({share:.0%}) are rows the generator makes (countydigital.survey.synth, seed {self.seed}, "
            f"n={self.n}), compared on the {self.columns} question columns the file has, against "
            f"{self.baseline:.0%} for an independent draw; it is treated as synthetic - its figures are "
            "never evidence - whatever its columns are called or whether it carries a SYNTHETIC mark"
        )


def standin_match(frame: pd.DataFrame, seeds: tuple[int, ...] | None = None) -> Match | None:
    """The stand-in generation `frame` (a loaded survey's tidy frame) comes from, or None."""
    n = len(frame)
    columns = [c for c in frame.columns if c not in IGNORED and frame[c].notna().any()]
    if n == 0 or not columns:
        return None
    rows = _rows(frame, columns)
    best: Match | None = None
    for seed in seeds or collection_seeds():
        for size in sorted({n, synth.N_DEFAULT}):
            if size < max(n, 20):
                continue  # rows can be dropped from a generated file, not added to it
            if not set(columns) <= set(_generated(size, seed).columns):
                continue
            made = _generated_rows(size, seed, tuple(columns))
            overlap = _overlap(rows, made, n)
            if overlap < MIN_MATCH:
                continue
            independent = _generated(size, seed + BASELINE_SEED_OFFSET)
            # the share of an independent draw's rows that also occur in this generation
            baseline = _overlap(_rows(independent.iloc[:n], columns), made, min(n, size))
            if overlap - baseline < (1.0 - baseline) / 2 or overlap <= baseline:
                continue
            found = Match(seed, size, round(overlap * n), n, len(columns), baseline)
            if best is None or found.matched > best.matched:
                best = found
    return best
