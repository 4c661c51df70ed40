"""site/counties/ assembled while the profiles are still being built (the atlas's publishing).

Each profile is placed in the section's staging folder as soon as its worker returns it:
read from the cache, its style sheet and figures moved out into shared files
(runner.pageassets) and scanned by the privacy gate's rules (privacy_ahead). Done after the
last profile, this work was ~4 s of a Hebei run (190 profiles) in one process while the
other core sat idle; done meanwhile, it takes the place of waiting for results. At the end
the profiles still missing (those found in the cache, other provinces' built earlier) are
placed, the gate reads the whole section as before (parsing again only a file whose text
changed since its scan), the index is written and the section's font added; only then is
the staging folder swapped in for site/counties/. A failure at any point, the gate's
included, leaves the published section as it was.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .. import atomic
from ..exceptions import PrivacyError
from ..privacy_ahead import ScansAhead
from . import pagecache, webfont
from .countyindex import check_index_privacy, index_scan_key, render_county_index
from .jobs import Job
from .pageassets import SharedAssets
from .publishing import check_privacy, embed_font, staged
from .results import Result
from .site import COUNTIES_DIR


class CountySection:
    """The profiles of `every` unit (job, cache key) that the cache holds, placed one by one in `staging`."""

    def __init__(self, staging: Path, every: list[tuple[Job, str]], units, selected: set[str] = frozenset()):
        self.staging = staging
        self.every = every
        self.units = units  # every unit of the 2020 census (the index's rows)
        self.selected = set(selected)  # the units this run builds (their codes)
        self.shared = SharedAssets(staging)  # style sheets and figures as files in assets/, each written once
        self.scans = ScansAhead.for_parameters(job.parameters for job, _ in every)
        self.placed: set[str] = set()
        self.prepared = False
        self.index_passed: bytes | None = None  # index_scan_key of an index rendered and checked ahead

    def place(self, paramset: str, key: str) -> bool:
        """Put one profile from the cache into the staging folder and scan it; False if the cache has none."""
        entry = pagecache.lookup(key)
        if entry is None:
            return False
        name = f"{paramset}.html"
        page = self.shared.externalise((entry / "page.html").read_text(encoding="utf-8"))
        atomic.write_text(self.staging / name, page)
        self.scans.scan(name, page, ".html")
        self.placed.add(paramset)
        return True

    def built(self, result: Result) -> None:
        """A profile's result as the run collects it (after the cache stored it)."""
        if result.ok and result.cache_key and self.place(result.paramset, result.cache_key) and not self.prepared:
            self.prepare((self.staging / f"{result.paramset}.html").read_text(encoding="utf-8"))

    def prepare(self, page: str) -> None:
        """While the profiles are built, what the end would otherwise do alone: render the index expected
        when every profile this run builds succeeds, and pass it through the index's privacy check (the end
        then scans only its provenance block if its index is that one); make the font subset for the index's
        characters and this profile's, which are every page's (the index names every unit; the profiles
        share their text). When the end differs (a failure, other characters), it does all of it, as before."""
        from ..census import indicators

        self.prepared = True
        expected = {job.paramset for job, key in self.every
                    if job.paramset in self.selected or pagecache.lookup(key)}
        ahead = render_county_index(self.units, indicators(2010), expected, {}, with_map=True)
        try:
            check_index_privacy(ahead)
            self.index_passed = index_scan_key(ahead)
        except PrivacyError:  # reported by the check at the end, on the index published
            pass
        webfont.prepare_subset(webfont.page_characters(ahead) | webfont.page_characters(page))

    def finish(self, failed: list[Result], seconds: float = 0.0) -> int:
        """Place the profiles still missing, pass the gate, write the index and the font; the number of profiles."""
        from ..census import indicators

        for job, key in self.every:
            if job.paramset not in self.placed:
                self.place(job.paramset, key)
        # the same privacy gate as the ordinary build: a finding raises, nothing is swapped in
        check_privacy(self.staging, [job.parameters for job, _ in self.every if job.paramset in self.placed],
                      ahead=self.scans)
        failures = {r.paramset: r.error or "" for r in failed}
        page = render_county_index(self.units, indicators(2010), self.placed, failures, seconds=seconds,
                                   with_map=True)
        check_index_privacy(page, passed=self.index_passed)
        atomic.write_text(self.staging / "index.html", page)
        embed_font(self.staging)  # the section's own font subset (counties/assets/), as the ordinary build ships one
        return len(self.placed)


@contextlib.contextmanager
def assembling(site_dir: Path, every: list[tuple[Job, str]], units,
               selected: set[str] = frozenset()) -> Iterator[CountySection]:
    """The county section being assembled; swapped in for site/counties/ when the block succeeds."""
    if not site_dir.is_dir():  # the county section published before any ordinary build
        site_dir.mkdir(parents=True)
        os.chmod(site_dir, atomic.DIR_MODE)
    with staged(site_dir / COUNTIES_DIR) as staging:
        yield CountySection(staging, every, units, selected)
