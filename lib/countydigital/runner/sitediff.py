"""Compare two built sites file by file, apart from what is allowed to change between builds.

    python -m countydigital.runner.sitediff BEFORE_SITE AFTER_SITE

The index page's delimited provenance block (build time, commit, run times) is the
one part of a site that differs between two builds of the same inputs; everything
else must be byte-identical. Exit status 0 when the sites agree, 1 with the list of
differences when they do not. The determinism tests and the check that a refactoring
left the site unchanged both use it.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from .languages import LANGS, site_path
from .site import PROVENANCE_END, PROVENANCE_START

# Each language's index carries a provenance block.
INDEXES = {site_path(lang, "index.html") for lang in LANGS}


def strip_provenance(text: str) -> str:
    """The page without its delimited provenance block (the one part allowed to change)."""
    start, end = text.index(PROVENANCE_START), text.index(PROVENANCE_END) + len(PROVENANCE_END)
    return text[:start] + text[end:]


def digest(folder: Path, *, skip_provenance: bool = False) -> dict[str, str]:
    """sha256 of every file under `folder` by relative path (optionally without index.html's provenance block)."""
    out = {}
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = file.read_bytes()
        if skip_provenance and str(file.relative_to(folder)) in INDEXES:
            data = strip_provenance(data.decode("utf-8")).encode("utf-8")
        out[str(file.relative_to(folder))] = hashlib.sha256(data).hexdigest()
    return out


def differences(before: Path, after: Path) -> list[str]:
    """What differs between two sites outside the provenance block; empty when they agree."""
    a, b = digest(before, skip_provenance=True), digest(after, skip_provenance=True)
    found = [f"only in {before}: {name}" for name in sorted(set(a) - set(b))]
    found += [f"only in {after}: {name}" for name in sorted(set(b) - set(a))]
    found += [f"differs: {name}" for name in sorted(set(a) & set(b)) if a[name] != b[name]]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m countydigital.runner.sitediff", description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    for site in (args.before, args.after):
        if not (site / "index.html").is_file():
            print(f"ERROR: {site} is not a built site (no index.html)", file=sys.stderr)
            return 2
    found = differences(args.before, args.after)
    for line in found:
        print(line)
    print(f"{len(digest(args.after))} file(s) compared: "
          f"{'identical apart from the provenance block' if not found else f'{len(found)} difference(s)'}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
