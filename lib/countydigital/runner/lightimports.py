"""Keep the runner's processes from paying for an import they never use.

`jsonschema` (imported by nbformat, so by every process that reads, runs or publishes a
notebook) compiles some forty `lark` grammars at import when the optional
`rfc3987_syntax` package is installed, to validate the "iri" string format; it is
installed here as a dependency of JupyterLab's event schemas. That is ~1 s of CPU in the
build and in each of its workers, for a check nothing in this project makes (the
notebook schema has no IRI formats). Marking the module absent before jsonschema is
imported makes jsonschema skip it, as it does when the package is not installed.

In-process workers run notebooks in the same interpreter: a notebook there that validates
IRIs with jsonschema's format checker gets the plain answer a kernel without the package
would give (documented in benchmarks/README.md).
"""
from __future__ import annotations

import sys

SKIPPED = "rfc3987_syntax"


def skip_iri_grammars() -> None:
    if "jsonschema" not in sys.modules:  # too late once jsonschema is in: it has already built them
        sys.modules.setdefault(SKIPPED, None)  # `import rfc3987_syntax` now raises ImportError
