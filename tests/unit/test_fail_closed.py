"""Layers fail closed: no ImportError guard around a required layer, no blanket except that hides
bugs, no handler that swallows an error into `pass` or an empty result (issue 13)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import countydigital
from countydigital import privacy_gate
from countydigital.exceptions import PrivacyError
from parsed_source import parsed

ROOT = Path(countydigital.__file__).parent

# Each allowed case, with why it may catch broadly or guard an import.
ALLOWED_IMPORT_GUARDS = {
    "plotting.py": "the CJK font wheel is optional: Debian's fonts are tried next",
}
ALLOWED_BLANKET = {
    "runner/execute.py": "a dead kernel or timeout: reported as that notebook's failure",
    "runner/kernel.py": "stopping a kernel already gone: clean-up goes on",
    "cli/logs.py": "a log handler never raises: logging.Handler.handleError reports the failure",
    "runner/executors/dask_cluster.py": "a lost worker: reported as that notebook's failure",
    "runner/sharedkernel.py": "the kernel itself failed: this job fails, the batch goes on",
    "runner/inprocess.py": "the in-process shell itself failed: this job fails, the later ones run on a kernel",
    "runner/workspace.py": "an unreadable notebook fails later with a clearer message",
    "census/workbook.py": "openpyxl raises many types for a broken file: re-raised as DataError",
    "survey/readers.py": "file readers raise many private types: re-raised as a finding about the file",
}


def _handlers():
    for file in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(parsed(file)):
            if isinstance(node, ast.ExceptHandler):
                yield file.relative_to(ROOT).as_posix(), node


def _names(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {getattr(k, "id", getattr(k, "attr", "")) for k in kinds if k is not None}


def test_no_import_guard_around_a_layer():
    guarded = [(f, h.lineno) for f, h in _handlers() if "ImportError" in _names(h) and f not in ALLOWED_IMPORT_GUARDS]
    assert not guarded, f"ImportError guards: {guarded}"


def _reraises(handler: ast.ExceptHandler) -> bool:
    """Clean up and raise again (`except BaseException: stop workers; raise`): nothing is hidden."""
    return any(isinstance(s, ast.Raise) and s.exc is None for s in handler.body)


def test_no_blanket_except_outside_the_reported_boundaries():
    blanket = [(f, h.lineno) for f, h in _handlers()
               if (h.type is None or _names(h) & {"Exception", "BaseException"})
               and f not in ALLOWED_BLANKET and not _reraises(h)]
    assert not blanket, f"blanket except: {blanket}"


# The layers a published site's honesty rests on: the ledger, the privacy gate, publishing.
GUARDS = ("claims/", "privacy_gate.py", "personal_data.py", "runner/publishing.py")


def test_no_handler_swallows_an_error_in_the_guards():
    def swallows(h):
        body = [s for s in h.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        if len(body) != 1:
            return False
        only = body[0]
        empty = isinstance(only, ast.Return) and isinstance(only.value, (ast.Dict, ast.List)) and not (
            getattr(only.value, "keys", None) or getattr(only.value, "elts", None))
        return isinstance(only, ast.Pass) or empty

    found = [(f, h.lineno) for f, h in _handlers() if swallows(h) and f.startswith(GUARDS)]
    assert not found, f"handlers that swallow an error: {found}"


def test_privacy_gate_refuses_to_pass_a_survey_it_cannot_read(tmp_path):
    broken = tmp_path / "export.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(PrivacyError, match="export.xlsx"):
        privacy_gate.surveys_in_use([{"survey": str(broken)}])
    with pytest.raises(PrivacyError, match="missing.csv"):
        privacy_gate.surveys_in_use([{"survey": str(tmp_path / "missing.csv")}])
