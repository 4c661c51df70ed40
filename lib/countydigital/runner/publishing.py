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
from . import frontpage, languages, manifest, pagecache, pagenav, provenance, site, sources, webfont
from .parameters import declared_parameters
from .results import Result

log = logging.getLogger(__name__)

# build/ledger-records: each published page's claim records, from which the ledger was built
LEDGER_RECORDS = "ledger-records"


def publish(results: list[Result], site_dir: Path, *, add: bool = False) -> None:
    """Assemble pages (with their navigation and notebooks), ledgers and indexes in a staging folder,
    check it, then swap it in.

    `add`: keep the pages the site already holds (a partial build adds to the site; pages of this
    build replace those of the same label). Otherwise the site is exactly `results`. Each language
    has its own index and ledger (Chinese at the root, English in en/).
    """
    published = manifest.read(site_dir)
    if add and not published and (site_dir / "index.html").is_file():
        raise BuildError(f"{site_dir} was published before it listed its pages ({manifest.FILE}), so a partial build "
                         "cannot add to it without dropping pages: run the full build once (make report), or "
                         "publish this one elsewhere with --site DIR; the published site was left untouched")
    try:
        with staged(site_dir) as staging:
            entries: dict[str, Path] = {}
            built = [_place(r, staging, entries) for r in results]
            pages = manifest.merge(_carried(published, site_dir, staging, built), built) if add else built
            current = {r.label: r for r in results}
            profiles = (site_dir / site.COUNTIES_DIR / "index.html").is_file()
            for lang in languages.LANGS:
                mine = [current.get(p["label"]) or manifest.as_result(p) for p in pages if p["lang"] == lang]
                if mine:
                    _language_front(mine, [p for p in pages if p["lang"] == lang], lang, staging, entries, profiles)
            manifest.write(staging, pages)
            # The surveys this build read are matched against every page; a carried page's survey file was
            # matched when it was first published (the manifest names it, not where it lies).
            carried = [p["parameters"] for p in pages if not p["parameters"].get("survey")]
            check_privacy(staging, [r.parameters for r in results] + carried)
            embed_font(staging)
            languages.link_counterparts(staging)
            carry_over(site_dir, staging)  # after anything that rewrites pages in place: these are hard links
    except OSError as exc:  # disk full, read-only or blocked folder: say so, not a traceback
        raise BuildError(f"{site_dir}: the site could not be written ({exc}); "
                         "the published site was left untouched") from exc
    kept = len(pages) - len(results)
    log.info("published %d page(s) to %s%s", len(results), site_dir,
             f" (added to the {kept} page(s) it already held)" if kept else "")
    dropped = sorted({p["label"] for p in published} - {p["label"] for p in pages})
    if dropped:  # the full build publishes exactly its pages: say which pages of partial builds it took down
        log.warning("the full build replaced the site; %d page(s) of earlier partial builds are no longer "
                    "published (rebuild them with the same options): %s", len(dropped), ", ".join(dropped))


def _place(r: Result, staging: Path, entries: dict[str, Path]) -> dict:
    """Copy a page of this build from the cache into the staging site; its manifest entry."""
    entry = pagecache.lookup(r.cache_key)
    if entry is None:
        raise BuildError(f"{r.label}: its cached output vanished or was damaged during the build; "
                         "run again to execute it anew")
    entries[r.label] = entry
    page = staging / languages.site_path(r.lang, site.page_path(r.notebook, r.paramset))
    page.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(entry / "page.html", page)
    records = [json.loads(line) for line in (entry / "records.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return manifest.entry(r, sources.built_from(declared_parameters(r.job.notebook_path), r.parameters), records)


def _carried(published: list[dict], site_dir: Path, staging: Path, built: list[dict]) -> list[dict]:
    """The pages the published site holds, copied (with their executed notebooks) into the staging site
    unless this build replaces them."""
    replaced = {p["label"] for p in built}
    for page in published:
        if page["label"] in replaced:
            continue
        for path in (site.page_path(page["notebook"], page["paramset"]),
                     pagenav.executed_path(page["notebook"], page["paramset"])):
            relative = languages.site_path(page["lang"], path)
            source = site_dir / relative  # as published: font rule, navigation and counterpart link are redone
            if not source.is_file():
                raise BuildError(f"{relative}: listed as published in {site_dir / manifest.FILE} but missing; "
                                 "run the full build to publish a complete site")
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, staging / relative)
    return published


def _language_front(results: list[Result], pages: list[dict], lang: str, staging: Path,
                    entries: dict[str, Path], county_profiles: bool) -> None:
    """One language's pages finished (navigation, notebooks), its ledger and its index."""
    root = staging / languages.subdir(lang) if languages.subdir(lang) else staging
    counties = frontpage.county_names(results, lang)
    pagenav.finish_pages(root, results, entries,
                         {r.label: frontpage.page_label(r, counties, lang) for r in results}, lang)
    records_dir = paths.BUILD_DIR / LEDGER_RECORDS / lang
    if records_dir.exists():
        shutil.rmtree(records_dir)
    records_dir.mkdir(parents=True)
    for page in pages:
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in page["records"])
        (records_dir / f"{page['notebook']}__{page['paramset']}.jsonl").write_text(lines, encoding="utf-8")
    files = sources.survey_files([p["built_from"] for p in pages])
    ledger = _build_ledger(records_dir, root, files, lang)
    index = frontpage.render_front(ledger, results, provenance.collect(), lang=lang, county_profiles=county_profiles,
                                   built_from={p["label"]: p["built_from"] for p in pages},
                                   survey_block=sources.render_block(files, lang))
    atomic.write_text(root / "index.html", index)


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


def check_privacy(folder: Path, parameters: list[dict], ahead=None) -> None:
    """The privacy gate (PrivacyError: nothing is published). Never optional, so imported here, not guarded.
    `ahead`: pages already scanned as they were placed (privacy_ahead.ScansAhead)."""
    from ..privacy_gate import scan_site

    scan_site(folder, parameters=parameters, ahead=ahead)


def _build_ledger(records_dir: Path, out_dir: Path, files: list[dict], lang: str) -> dict:
    """The claims ledger (claims.html, claims.json), returned as published: the front page reads it.
    Required, so a missing or broken claims layer fails the build, never a site without it."""
    from ..claims.ledger import build_ledger

    build_ledger(records_dir, out_dir, sources=files, lang=lang)
    return json.loads((out_dir / "claims.json").read_text(encoding="utf-8"))
