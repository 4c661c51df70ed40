"""What one job gave: the typed Result every executor returns and every report reads.

The same shape travels from a worker process or a Dask worker (pickled), into the
cache (`result.json`), to the progress line, the index page and the failure report.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from . import languages
from .jobs import Job

OK = "ok"
FAILED = "failed"

# Written to result.json (the cache entry); `cached` and `cache_key` describe this build, not the run.
_STORED = ("notebook", "paramset", "parameters", "status", "cell", "error", "traceback", "seconds", "lang")


@dataclass
class Result:
    notebook: str
    paramset: str
    parameters: dict = field(default_factory=dict)
    status: str = OK
    cell: int | None = None  # the failing cell, numbered as a fresh kernel counts code cells
    error: str | None = None
    traceback: str | None = None
    seconds: float = 0.0
    cached: bool = False  # this build took the outputs from the cache
    cache_key: str | None = None
    lang: str = languages.DEFAULT  # results stored before languages existed are Chinese

    @classmethod
    def started(cls, job: Job) -> Result:
        """The result of `job` before anything went wrong."""
        return cls(job.notebook, job.paramset, job.parameters, lang=job.lang)

    @classmethod
    def failure(cls, job: Job, error: str, *, cell: int | None = None, seconds: float = 0.0) -> Result:
        """A job that failed outside the notebook (a lost worker, a dead kernel, a refused task)."""
        return cls(job.notebook, job.paramset, job.parameters, status=FAILED, cell=cell, error=error, seconds=seconds,
                   lang=job.lang)

    @property
    def label(self) -> str:
        return languages.label(self.lang, self.notebook, self.paramset)

    @property
    def job(self) -> Job:
        return Job(self.notebook, self.paramset, dict(self.parameters), lang=self.lang)

    @property
    def ok(self) -> bool:
        return self.status == OK

    def fail(self, error: str, *, cell: int | None = None, traceback: str | None = None) -> None:
        self.status, self.error, self.cell, self.traceback = FAILED, error, cell, traceback

    def to_json(self) -> dict:
        """The stored form (result.json): the run's own fields, empty ones left out."""
        data = {name: getattr(self, name) for name in _STORED}
        return {k: v for k, v in data.items() if v is not None or k == "seconds"}

    @classmethod
    def from_json(cls, data: dict) -> Result:
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})
