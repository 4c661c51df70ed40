"""The questionnaire's codebook (data/survey/codebook.yaml) as Python objects.

The single source of question texts, option codes and labels: importers match
headers against it, validation checks values against it, and figures take their
labels from `question_label` and `option_label`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import paths, yamlio
from ..exceptions import CountyDigitalError, SurveyError

QUESTION_TYPES = ("single", "multi", "integer", "number", "text")


@dataclass(frozen=True)
class Option:
    code: int
    zh: str
    en: str
    short_zh: str | None = None
    county_code: str | None = None

    def label(self, lang: str = "zh", short: bool = False) -> str:
        if lang != "zh":
            return self.en
        return (self.short_zh or self.zh) if short else self.zh


@dataclass(frozen=True)
class Question:
    number: int
    variable: str
    text_zh: str
    text_en: str
    short_zh: str
    short_en: str
    type: str
    required: bool = True
    personal: bool = False
    options: tuple[Option, ...] = ()
    range: tuple[float, float] | None = None
    ask_if: dict[str, tuple[int, ...]] = field(default_factory=dict)
    unit: dict[str, str] = field(default_factory=dict)
    value: str | None = None  # "county_code": the frame holds a 6-digit code

    @property
    def codes(self) -> tuple[int, ...]:
        return tuple(o.code for o in self.options)

    def option(self, code: int) -> Option:
        for option in self.options:
            if option.code == code:
                return option
        raise SurveyError(f"question {self.number} ({self.variable}) has no option {code!r}")

    @property
    def columns(self) -> list[str]:
        """Columns this question occupies in the loaded frame."""
        if self.type == "multi":
            return [f"{self.variable}_{code}" for code in self.codes]
        return [self.variable]

    def label(self, lang: str = "zh", short: bool = True) -> str:
        if lang == "zh":
            return self.short_zh if short else self.text_zh
        return self.short_en if short else self.text_en

    def describe_options(self, lang: str = "zh") -> str:
        """'1 男, 2 女': for messages that tell the user what is allowed."""
        return ", ".join(f"{o.code} {o.label(lang)}" for o in self.options)


@dataclass(frozen=True)
class DerivedMeasure:
    name: str
    zh: str
    en: str
    description_zh: str
    description_en: str
    conditions: tuple[dict, ...]
    universe: tuple[dict, ...] = ()

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    def description(self, lang: str = "zh") -> str:
        return self.description_zh if lang == "zh" else self.description_en


@dataclass(frozen=True)
class Codebook:
    questions: tuple[Question, ...]
    export_metadata: tuple[dict, ...]
    tidy_metadata: tuple[str, ...]
    personal_headers: tuple[str, ...]
    derived: dict[str, DerivedMeasure]
    counties: tuple[str, ...]
    source: Path

    def question(self, variable: str) -> Question:
        """The question whose variable is `variable` (or whose multi column it is)."""
        for q in self.questions:
            if q.variable == variable or (q.type == "multi" and variable in q.columns):
                return q
        raise SurveyError(f"{self.source.name}: no question with variable {variable!r}")

    def by_number(self, number: int) -> Question | None:
        for q in self.questions:
            if q.number == number:
                return q
        return None

    @property
    def analysed(self) -> tuple[Question, ...]:
        """Questions that end up in the loaded frame (personal ones never do)."""
        return tuple(q for q in self.questions if not q.personal)

    @property
    def frame_columns(self) -> list[str]:
        """Columns of a loaded survey frame, in order."""
        cols = ["respondent_id"]
        for q in self.analysed:
            cols.extend(q.columns)
        return cols


def _option(entry: dict) -> Option:
    return Option(
        code=int(entry["code"]),
        zh=str(entry["zh"]),
        en=str(entry["en"]),
        short_zh=entry.get("short_zh"),
        county_code=str(entry["county_code"]) if entry.get("county_code") else None,
    )


def _question(entry: dict, source: Path) -> Question:
    qtype = entry.get("type")
    if qtype not in QUESTION_TYPES:
        raise SurveyError(f"{source.name}: question {entry.get('number')}: unknown type {qtype!r}")
    rng = entry.get("range")
    return Question(
        number=int(entry["number"]),
        variable=str(entry["variable"]),
        text_zh=str(entry["text_zh"]),
        text_en=str(entry["text_en"]),
        short_zh=str(entry.get("short_zh", entry["text_zh"])),
        short_en=str(entry.get("short_en", entry["text_en"])),
        type=qtype,
        required=bool(entry.get("required", True)),
        personal=bool(entry.get("personal", False)),
        options=tuple(_option(o) for o in entry.get("options", [])),
        range=(float(rng[0]), float(rng[1])) if rng else None,
        ask_if={k: tuple(int(c) for c in v) for k, v in (entry.get("ask_if") or {}).items()},
        unit=dict(entry.get("unit") or {}),
        value=entry.get("value"),
    )


@lru_cache(maxsize=4)
def _load(path_str: str) -> Codebook:
    path = Path(path_str)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yamlio.safe_load(fh)
        questions = tuple(_question(q, path) for q in doc["questions"])
        derived = {
            name: DerivedMeasure(
                name=name,
                zh=d["zh"],
                en=d["en"],
                description_zh=d.get("description_zh", ""),
                description_en=d.get("description_en", ""),
                conditions=tuple(d["all"]),
                universe=tuple(d.get("universe", ())),
            )
            for name, d in doc.get("derived", {}).items()
        }
        return Codebook(
            questions=questions,
            export_metadata=tuple(doc.get("export_metadata", ())),
            tidy_metadata=tuple(doc.get("tidy_metadata", ())),
            personal_headers=tuple(str(h) for h in doc.get("personal_headers", ())),
            derived=derived,
            counties=tuple(str(c) for c in doc.get("instrument", {}).get("counties", ())),
            source=path,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise SurveyError(f"{path}: cannot read the codebook ({exc})") from exc


def load_codebook(path: Path | None = None) -> Codebook:
    """The codebook at `path` (default: paths.CODEBOOK_FILE), parsed once and cached."""
    return _load(str(Path(path or paths.CODEBOOK_FILE).resolve()))


def question_label(variable: str, lang: str = "zh", short: bool = True) -> str:
    """Label of a question (or of one option column of a multi-select, or of a derived measure)."""
    book = load_codebook()
    if variable in book.derived:
        return book.derived[variable].label(lang)
    q = book.question(variable)
    if q.type == "multi" and variable != q.variable:
        return q.option(int(variable.rsplit("_", 1)[1])).label(lang, short)
    return q.label(lang, short)


def option_label(variable: str, code, lang: str = "zh", short: bool = False) -> str:
    """Label of option `code` of `variable`; for `county`, code may be the 6-digit code."""
    q = load_codebook().question(variable)
    if q.value == "county_code":
        for option in q.options:
            if str(code) == option.county_code:
                return option.label(lang, short)
        from ..census import lookup  # a county outside the instrument's list

        try:
            county = lookup(str(code))
        except CountyDigitalError:  # a code the census does not know is shown as it is
            return str(code)
        return county.name if lang == "zh" else (county.pinyin or county.name)
    return q.option(int(code)).label(lang, short)


def option_labels(variable: str, lang: str = "zh", short: bool = False) -> dict:
    """{code: label} for every option of `variable` (6-digit keys for county)."""
    q = load_codebook().question(variable)
    if q.value == "county_code":
        return {o.county_code: o.label(lang, short) for o in q.options}
    return {o.code: o.label(lang, short) for o in q.options}
