"""The package's shape: no import cycles, small modules, sections as packages, one writer, a public API.

Read from the source with `ast` (nothing is imported except the package's __init__), so
an import inside a function counts as much as one at the top of a module.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import countydigital
from parsed_source import parsed

PACKAGE = "countydigital"
ROOT = Path(countydigital.__file__).resolve().parent
MAX_LINES = 400
MAX_RENAME_SITES = 5  # the atomic writer's two, and room for the site swap


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (a package is its __init__)."""
    out = {}
    for file in sorted(ROOT.rglob("*.py")):
        parts = list(file.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join([PACKAGE, *parts])] = file
    return out


MODULES = module_files()


def _existing(name: str) -> str | None:
    """`name`, or its longest prefix that is a module of the package (None: not ours)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, file: Path) -> set[str]:
    """Modules of the package that `module` imports, anywhere in the file.

    Relative imports are resolved; `from pkg import name` is an edge to `pkg.name` when
    that is a module, else to `pkg`.
    """
    is_package = file.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    edges: set[str] = set()
    for node in ast.walk(parsed(file)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _existing(alias.name)
                if target:
                    edges.add(target)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                target = submodule if submodule in MODULES else _existing(source)
                if target:
                    edges.add(target)
    edges.discard(module)
    return edges


def import_graph() -> dict[str, set[str]]:
    return {name: imports_of(name, file) for name, file in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_graph_reader_sees_function_level_and_relative_imports(tmp_path):
    file = tmp_path / "probe.py"
    file.write_text("from . import census\nfrom .survey import SurveyData\n\n\ndef f():\n"
                    "    from .claims import record\n    import countydigital.paths\n", encoding="utf-8")
    edges = imports_of(f"{PACKAGE}.probe", file)
    assert edges == {f"{PACKAGE}.census", f"{PACKAGE}.survey", f"{PACKAGE}.claims.record", f"{PACKAGE}.paths"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    probe = ast.parse("from .x import _a, b\nfrom . import y\ny._c()\ny.__name__\n")
    assert len(_private_imports(probe, lambda node: True)) == 2


def test_no_import_cycle_between_modules():
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_no_module_over_the_line_limit():
    long = {name: n for name, file in MODULES.items()
            if (n := len(file.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_sections_are_packages_not_loose_modules():
    loose = sorted(p.name for p in ROOT.glob("*.py") if p.stem.endswith(("_text", "_plots")))
    assert not loose, f"presentation modules at the package top level: {loose}"
    for section in ("context", "employment", "talent", "programs"):
        for part in ("analysis", "text", "plots"):
            assert f"{PACKAGE}.sections.{section}.{part}" in MODULES
    data_layers = ("census", "boundaries", "survey", "claims")
    presentation = [name for name in MODULES if name.count(".") >= 2 and name.split(".")[1] in data_layers
                    and name.rsplit(".", 1)[-1] in ("plots", "report", "text")]
    assert not presentation, f"presentation inside a data layer: {presentation}"


def test_public_api():
    expected = {"lookup", "survey_for_notebook", "record", "build", "__version__", "CountyDigitalError"}
    assert expected <= set(countydigital.__all__)
    exceptions = {n for n in countydigital.__all__ if n.endswith("Error") or n in (
        "ChecksumMismatch", "MissingDataFile", "CensusMeasureUnavailable", "UnknownCounty", "AmbiguousCounty")}
    for name in exceptions:
        assert issubclass(getattr(countydigital, name), countydigital.CountyDigitalError), name
    assert callable(countydigital.lookup) and callable(countydigital.record)
    with pytest.raises(AttributeError):
        countydigital.no_such_name  # noqa: B018


def _pandas_names(function: ast.AST) -> set[str]:
    """Names bound to a pandas / numpy value in a function (a `Series.rename(label)` is not a file rename)."""
    names: set[str] = set()

    def root(node):
        while isinstance(node, (ast.Call, ast.Attribute, ast.Subscript, ast.BinOp)):
            node = node.left if isinstance(node, ast.BinOp) else (node.func if isinstance(node, ast.Call)
                                                                 else node.value)
        return node.id if isinstance(node, ast.Name) else None

    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and root(node.value) in ({"pd", "np"} | names):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def rename_sites() -> list[str]:
    """Every call that moves a file into place: os.replace / os.rename / shutil.move, and
    `x.rename(target)` / `x.replace(target)` on anything that is not a pandas value or a string."""
    sites = []
    for name, file in MODULES.items():
        tree = parsed(file)
        scopes = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        pandas = {id(n): True for scope, names in ((scope, _pandas_names(scope)) for scope in scopes)
                  for n in ast.walk(scope)
                  if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                  and isinstance(n.func.value, ast.Name) and n.func.value.id in names}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            attr, owner = node.func.attr, node.func.value
            module_call = isinstance(owner, ast.Name) and (
                (owner.id == "os" and attr in ("replace", "rename", "renames"))
                or (owner.id == "shutil" and attr == "move"))
            path_call = (attr in ("rename", "replace") and len(node.args) == 1 and not node.keywords
                         and not isinstance(node.args[0], ast.Constant) and id(node) not in pandas)
            if module_call or path_call:
                sites.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return sites


def test_files_are_moved_into_place_in_few_places():
    sites = rename_sites()
    assert len(sites) <= MAX_RENAME_SITES, "rename/replace call sites:\n" + "\n".join(sites)
    outside = [s for s in sites if not s.startswith((f"{PACKAGE}.atomic:", f"{PACKAGE}.runner."))]
    assert not outside, "files moved into place outside countydigital.atomic and the site swap:\n" + "\n".join(outside)


def _private_imports(tree: ast.AST, internal) -> list[str]:
    """`from x import _name` of the package's own modules, and `module._name` of an imported module."""
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and internal(node):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"line {node.lineno}: from {node.module or '.'} import {alias.name}")
                modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in modules):
            found.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_private_name_crosses_a_module_boundary():
    found = []
    for name, file in MODULES.items():
        tree = parsed(file)
        found += [f"{name}: {hit}" for hit in _private_imports(
            tree, lambda node: node.level > 0 or (node.module or "").startswith(PACKAGE))]
    assert not found, "private names imported from another module:\n" + "\n".join(found)


def test_notebooks_use_only_public_names_of_the_package():
    import nbformat

    found = []
    for path in sorted((ROOT.parents[1] / "notebooks").glob("*.ipynb")):
        cells = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        tree = ast.parse("\n".join(cells))
        found += [f"{path.name}: {hit}" for hit in _private_imports(
            tree, lambda node: (node.module or "").startswith(PACKAGE))]
    assert not found, "\n".join(found)
