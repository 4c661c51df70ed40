"""What a notebook's `parameters` cell declares, read without importing papermill.

papermill.inspect_notebook answers the same question but importing papermill costs
~1.5 s (jsonschema, nbclient, ...), which was most of a no-change rebuild. The cell is
plain Python assignments (`county = "130529"  # comment`), so `ast` reads it.
"""
from __future__ import annotations

import ast
import functools
import json
from pathlib import Path


def declared_parameters(path: Path) -> set[str]:
    """Names assigned in the first code cell tagged `parameters` (empty set if there is none)."""
    stat = Path(path).stat()
    return set(_declared(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _declared(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code" or "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell.get("source", "")
        tree = ast.parse("".join(source) if isinstance(source, list) else source)
        names = set()
        for node in tree.body:
            if isinstance(node, ast.Assign):
                targets = node.targets
            else:
                targets = [node.target] if isinstance(node, ast.AnnAssign) else []
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        names.add(name.id)
        return frozenset(names)
    return frozenset()


# Set by their own options, because they decide which pages a build makes and where they go.
OWN_OPTIONS = {"county": "--county", "survey": "--survey", "lang": "--lang", "programs": "--programs"}


def resolve_value(text: str):
    """A `-p NAME VALUE` value as papermill reads it: True/False/None, an int, a float, else the string."""
    if text in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[text]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_parameter_file(path: Path) -> dict:
    """`-f params.yaml`: a mapping of parameter names to values."""
    import yaml

    from .. import yamlio
    from ..exceptions import BuildError

    try:
        doc = yamlio.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise BuildError(f"{path}: cannot read the parameter file ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not YAML ({exc})") from None
    if doc is None:
        return {}
    if not isinstance(doc, dict) or not all(isinstance(k, str) for k in doc):
        raise BuildError(f"{path}: expected a mapping of parameter names to values")
    return doc


def apply_overrides(jobs: list, overrides: dict) -> list:
    """Each job with every override its notebook declares. A name that no selected notebook
    declares is refused (BuildError listing the parameters there are), as is one with an option of its own."""
    from dataclasses import replace

    from ..exceptions import BuildError

    if not overrides:
        return jobs
    own = sorted(set(overrides) & set(OWN_OPTIONS))
    if own:
        raise BuildError(", ".join(f"{name}: use {OWN_OPTIONS[name]}" for name in own) + " (not -p/-f)")
    declared = {job.notebook: declared_parameters(job.notebook_path) for job in jobs}
    known = set().union(*declared.values()) if declared else set()
    unknown = sorted(set(overrides) - known)
    if unknown:
        listing = "; ".join(f"{nb}: {', '.join(sorted(names)) or '(none)'}" for nb, names in sorted(declared.items()))
        raise BuildError(f"no selected notebook declares the parameter(s) {', '.join(unknown)}. "
                         f"Parameters by notebook: {listing}")
    return [replace(job, parameters={**job.parameters,
                                     **{k: v for k, v in overrides.items() if k in declared[job.notebook]}})
            for job in jobs]
