"""The site's page manifest (`pages.json`): every published page, what it was built from, its claim records.

A build restricted by `--county`, `--notebook`, `--survey` or `--lang` adds its pages to
the published site instead of replacing it: the manifest tells it which pages the site
already holds, with their parameters (local paths by name only), what each was built
from and the claim records the ledger is rebuilt from. An unrestricted build publishes
exactly its own pages.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import atomic
from .results import Result
from .sources import public_parameters

FILE = "pages.json"
VERSION = 1


def entry(result: Result, built_from: dict, records: list[dict]) -> dict:
    """The manifest entry of a page published by this build."""
    return {
        "label": result.label,
        "lang": result.lang,
        "notebook": result.notebook,
        "paramset": result.paramset,
        "parameters": public_parameters(result.parameters),
        "built_from": built_from,
        "records": [dict(r, parameters=public_parameters(r["parameters"]))
                    if isinstance(r.get("parameters"), dict) else r for r in records],
    }


def as_result(page: dict) -> Result:
    """A published page as a Result of this build (taken from the site, so `cached`)."""
    result = Result(page["notebook"], page["paramset"], dict(page.get("parameters") or {}),
                    lang=page.get("lang", "zh"))
    result.cached = True
    return result


def read(site_dir: Path) -> list[dict]:
    """The pages the site at `site_dir` holds ([] for no site, or one published before the manifest)."""
    file = Path(site_dir) / FILE
    if not file.is_file():
        return []
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in doc.get("pages", []) if isinstance(p, dict) and "label" in p]


def merge(published: list[dict], built: list[dict]) -> list[dict]:
    """The published pages with this build's replacing those of the same label and new ones added,
    grouped by notebook (each notebook's pages in the order they were first published)."""
    by_label = {p["label"]: p for p in built}
    merged = [by_label.pop(p["label"], p) for p in published]
    merged += [p for p in built if p["label"] in by_label]
    order = {name: i for i, name in enumerate(sorted({p["notebook"] for p in merged}))}
    return sorted(merged, key=lambda p: order[p["notebook"]])


def write(root: Path, pages: list[dict]) -> None:
    atomic.write_json(root / FILE, {"version": VERSION, "pages": pages})
