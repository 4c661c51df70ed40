"""`run --survey FILE`: the pages a survey file builds, after the file has passed validation.

The survey notebooks (those declaring a `survey` parameter: 01, 02) run on the file for
every county in it and for `pooled`; the county notebooks (those declaring `county`
but no survey: 00, 03) run for those counties. Survey pages get ids that name the file
(`130723-<sha256 prefix>`, `pooled-<sha256 prefix>`), so a real survey's pages never
take the place of the stand-in's, and two files never collide. Everything is checked
here, before any kernel starts: a file that fails validation stops the build with
its validation report, and the published site is left as it was.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..exceptions import BuildError
from .jobs import Job, county_code, plan
from .parameters import declared_parameters

POOLED = "pooled"


class SurveyRefused(BuildError):
    """The survey file failed validation: nothing was built."""


def checked_survey(path: Path):
    """The loaded survey at `path`; SurveyRefused with the validation report (file, column, rows) otherwise."""
    from .. import survey

    path = Path(path)
    if not path.is_file():
        raise SurveyRefused(f"{path}: no such survey file; nothing was built and the published site was left as it was")
    _census_ready()  # county names in the file are matched to codes through the census
    report = survey.validate(path)
    if not report.usable:
        raise SurveyRefused(f"{path.name} failed validation; no notebook was run and the published site was left "
                            f"as it was. The validation report:\n{report}")
    return survey.load(path)


def _census_ready() -> None:
    from ..census import lookup

    lookup("130529")  # builds the tidy census cache on first use


def checked_programs(folder: Path) -> Path:
    """`--programs DIR`, validated exactly like data/programs/ (ProgramsError lists every problem)."""
    from ..sections.programs.records import load_programs

    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise BuildError(f"{folder}: --programs must be a folder laid out like data/programs/")
    load_programs(folder)
    return folder


def _folder_tag(folder: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(folder.glob("*.csv")):
        digest.update(file.name.encode() + file.read_bytes())
    return digest.hexdigest()[:8]


def with_programs(jobs: list[Job], folder: Path | None) -> list[Job]:
    """Jobs of notebooks that declare `programs` read the records in `folder` (ids say so); others unchanged."""
    if folder is None:
        return jobs
    tag = _folder_tag(folder)
    return [Job(job.notebook, f"{job.paramset}-programs-{tag}", {**job.parameters, "programs": str(folder)}, job.lang)
            if "programs" in declared_parameters(job.notebook_path) else job for job in jobs]


def plan_survey(path: Path, *, notebooks: list[str] | None = None,
                county: str | None = None) -> tuple[list[Job], dict]:
    """The jobs of a survey build and the file's descriptor (`survey.source.describe`).

    `notebooks` restricts the notebooks (as `plan`), `county` the counties (one of the file's).
    """
    from ..survey.source import describe

    data = checked_survey(path)
    source = describe(data)
    sha = source["sha256_prefix"]
    codes = [c["code"] for c in source["counties"]]
    if county is not None:
        wanted = county_code(county)
        if wanted not in codes:
            raise BuildError(f"{Path(path).name} has no respondents in {county} ({wanted}); "
                             f"its counties: {', '.join(codes)}")
        codes = [wanted]
    names = list(dict.fromkeys(job.notebook for job in plan(notebooks=notebooks)))
    survey_file = str(Path(path).resolve())
    jobs: list[Job] = []
    for name in names:
        notebook = plan(notebooks=[name])[0].notebook_path
        declared = declared_parameters(notebook)
        if "survey" in declared:
            targets = ([POOLED] if county is None else []) + codes
            jobs += [Job(name, f"{target}-{sha}", {"survey": survey_file, "county": target}) for target in targets]
        elif "county" in declared:
            jobs += [Job(name, code, {"county": code}) for code in codes]
    if not jobs:
        raise BuildError(f"no selected notebook takes a survey or a county: {', '.join(names)}")
    return jobs, source
