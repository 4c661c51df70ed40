"""What the runner executes: one Job per notebook x parameter set."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths, yamlio
from ..exceptions import BuildError
from . import languages

_SAFE_ID = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class Job:
    notebook: str  # file stem, e.g. "00-county-context"
    paramset: str  # short id used in file names and URLs, e.g. "130529"
    parameters: dict = field(default_factory=dict)
    lang: str = languages.DEFAULT  # the page's language: its folder on the site (languages.py)

    @property
    def label(self) -> str:
        return languages.label(self.lang, self.notebook, self.paramset)

    @property
    def notebook_path(self) -> Path:
        return paths.NOTEBOOKS_DIR / f"{self.notebook}.ipynb"


def load_parameter_sets(file: Path | None = None) -> dict[str, list[dict]]:
    """Notebook name -> list of {id, parameters}, validated."""
    file = file or paths.PARAMETER_SETS_FILE
    with open(file, encoding="utf-8") as fh:
        doc = yamlio.safe_load(fh) or {}
    sets = doc.get("notebooks")
    if not isinstance(sets, dict):
        raise BuildError(f"{file}: expected a mapping under 'notebooks'")
    for name, entries in sets.items():
        for i, entry in enumerate(entries or []):
            if not isinstance(entry, dict) or "id" not in entry:
                raise BuildError(f"{file}: notebooks.{name}[{i}] needs an 'id'")
            if not _SAFE_ID.match(str(entry["id"])):
                raise BuildError(f"{file}: notebooks.{name}[{i}].id {entry['id']!r} is not a safe file name")
    return sets


def plan(notebooks: list[str] | None = None, county: str | None = None, file: Path | None = None) -> list[Job]:
    """The jobs to run, in notebook order then parameter-set order.

    `notebooks` filters by name (prefix match: "00" selects "00-county-context").
    `county` replaces each notebook's parameter sets by one run for that county.
    """
    sets = load_parameter_sets(file)
    names = sorted(sets)
    if notebooks:
        chosen = [n for n in names if any(n == want or n.startswith(want) for want in notebooks)]
        unknown = [w for w in notebooks if not any(n == w or n.startswith(w) for n in names)]
        if unknown:
            raise BuildError(f"unknown notebook(s) {', '.join(unknown)}; known: {', '.join(names)}")
        names = chosen
    jobs: list[Job] = []
    for name in names:
        if not (paths.NOTEBOOKS_DIR / f"{name}.ipynb").exists():
            raise BuildError(f"{paths.PARAMETER_SETS_FILE.name}: notebook {name}.ipynb does not exist")
        if county is not None:
            from .parameters import declared_parameters

            if "county" not in declared_parameters(paths.NOTEBOOKS_DIR / f"{name}.ipynb"):
                continue  # a notebook about no one county (04, the national picture) has no page per county
            code = county_code(county)
            jobs.append(Job(name, code, {"county": code}))
            continue
        for entry in sets[name]:
            jobs.append(Job(name, str(entry["id"]), dict(entry.get("parameters") or {})))
    return jobs


def county_code(county: str) -> str:
    """Resolve a county name or code to its 6-digit code (clear error when ambiguous)."""
    if str(county) == "pooled":
        return "pooled"
    from ..census import lookup

    return lookup(county).code
