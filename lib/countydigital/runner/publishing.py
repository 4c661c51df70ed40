"""Publishing: assemble the site in a staging folder, check it, then swap it in whole.

A build is assembled in a staging folder beside `site/`; only when every step
succeeded does the staging folder replace `site/` (two renames on the same file
system). A failed or interrupted build leaves the published site as it was. The
all-county mode publishes `site/counties/` the same way (`staged`), and the
ordinary build carries that section over (`carry_over`).
"""
from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from .. import atomic, paths
from ..exceptions import BuildError
from . import frontpage, pagecache, pagenav, provenance, site, webfont
from .results import Result

log = logging.getLogger(__name__)

# build/ledger-records: each published page's claim records, from which the ledger was built
LEDGER_RECORDS = "ledger-records"


def publish(results: list[Result], site_dir: Path) -> None:
    """Assemble pages (with their navigation and notebooks), ledger and index in a staging folder,
    check it, then swap it in."""
    try:
        with staged(site_dir) as staging:
            records_dir = paths.BUILD_DIR / LEDGER_RECORDS
            if records_dir.exists():
                shutil.rmtree(records_dir)
            records_dir.mkdir(parents=True)
            entries = {}
            for r in results:
                entry = pagecache.lookup(r.cache_key)
                if entry is None:
                    raise BuildError(f"{r.label}: its cached output vanished or was damaged during the build; "
                                     "run again to execute it anew")
                entries[r.label] = entry
                page = staging / site.page_path(r.notebook, r.paramset)
                page.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry / "page.html", page)
                shutil.copyfile(entry / "records.jsonl", records_dir / f"{r.notebook}__{r.paramset}.jsonl")
            counties = frontpage.county_names(results, "zh")
            pagenav.finish_pages(staging, results, entries,
                                 {r.label: frontpage.page_label(r, counties, "zh") for r in results})

            ledger = _build_ledger(records_dir, staging)
            index = frontpage.render_front(ledger, results, provenance.collect(),
                                           county_profiles=(site_dir / site.COUNTIES_DIR / "index.html").is_file())
            atomic.write_text(staging / "index.html", index)
            check_privacy(staging, [r.parameters for r in results])
            embed_font(staging)
            carry_over(site_dir, staging)  # after anything that rewrites pages in place: these are hard links
    except OSError as exc:  # disk full, read-only or blocked folder: say so, not a traceback
        raise BuildError(f"{site_dir}: the site could not be written ({exc}); "
                         "the published site was left untouched") from exc
    log.info("published %d page(s) to %s", len(results), site_dir)


@contextlib.contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A fresh staging folder beside `target`, swapped in for it when the block succeeds; removed in any case."""
    staging = _fresh_beside(target, "staging")
    try:
        yield staging
        atomic.publishable_modes(staging)  # the web server reads the site as another user
        swap_into_place(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _sibling(target: Path, role: str) -> Path:
    """`.NAME.ROLE.part` beside `target`: a temporary by the atomic scheme, one fixed name per role,
    so the next build finds (and removes) what an interrupted one left."""
    return target.parent / f".{target.name}.{role}{atomic.TEMP_SUFFIX}"


def _fresh_beside(target: Path, role: str) -> Path:
    folder = _sibling(target, role)
    for leftover in (folder, target.parent / f".{target.name}.{role}"):  # the second: the name before .part
        if leftover.exists():
            shutil.rmtree(leftover)  # leftovers of an interrupted build: never published
    folder.mkdir(parents=True)
    return folder


def swap_into_place(staging: Path, target: Path) -> None:
    """Replace the folder `target` by `staging`; on any failure the old `target` is restored."""
    previous = _sibling(target, "previous")
    for leftover in (previous, target.parent / f".{target.name}.previous"):
        if leftover.exists():
            shutil.rmtree(leftover)
    had_target = target.exists()
    if had_target:
        atomic.replace(target, previous)
    try:
        atomic.replace(staging, target)
    except BaseException:
        if had_target:
            atomic.replace(previous, target)
        raise
    if had_target:
        shutil.rmtree(previous, ignore_errors=True)


def carry_over(site_dir: Path, staging: Path) -> None:
    """Keep the published county section when the ordinary build replaces the site.

    Hard links: cheap for thousands of pages, and the old site stays intact until the swap
    (the build calls this after every step that rewrites pages). The section passed the
    privacy gate when `run --counties` published it.
    """
    published = site_dir / site.COUNTIES_DIR
    if published.is_dir() and not (staging / site.COUNTIES_DIR).exists():
        shutil.copytree(published, staging / site.COUNTIES_DIR, copy_function=_link_or_copy)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, target)


def embed_font(root: Path) -> None:
    """Ship a CJK font subset (assets/) with the pages under `root`: Chinese renders where the reader has no font."""
    if webfont.write_site_font(root) is None:
        return
    for page in root.rglob("*.html"):
        webfont.add_font_face(page, depth=len(page.relative_to(root).parts) - 1)


def check_privacy(folder: Path, parameters: list[dict]) -> None:
    """The privacy gate (PrivacyError: nothing is published). Never optional, so imported here, not guarded."""
    from ..privacy_gate import scan_site

    scan_site(folder, parameters=parameters)


def _build_ledger(records_dir: Path, out_dir: Path) -> dict:
    """The claims ledger (claims.html, claims.json), returned as published: the front page reads it.
    Required, so a missing or broken claims layer fails the build, never a site without it."""
    from ..claims.ledger import build_ledger

    build_ledger(records_dir, out_dir)
    return json.loads((out_dir / "claims.json").read_text(encoding="utf-8"))
