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
