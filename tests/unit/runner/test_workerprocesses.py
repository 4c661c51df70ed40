"""Workers forked from the warm server (runner.workerprocesses) start as spawned ones did: the folders, environment,
stdout/stderr and hash seed a build's worker needs, from the process that starts the pool, now."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import psutil
import pytest

from countydigital import paths
from countydigital.runner import recovery, workerprocesses


def _what_the_worker_sees(name: str) -> dict:
    print("to stdout", flush=True)
    print("to stderr", file=sys.stderr, flush=True)
    return {"env": os.environ.get(name), "site": str(paths.SITE_DIR), "salted": bool(sys.flags.hash_randomization),
            "preloaded": "pandas" in sys.modules and "nbconvert" in sys.modules, "pid": os.getpid()}


@pytest.mark.parametrize("workers", [2, 1], ids=["forked", "spawned"])
def test_a_worker_gets_the_environment_folders_and_output_of_its_pool_starter_now(monkeypatch, tmp_path, capfd,
                                                                                   workers):
    if workers == 1:  # the process's first pool, of one worker, with no server yet: spawned
        monkeypatch.setattr(workerprocesses, "_started_for", [])
        monkeypatch.setattr(workerprocesses, "_spawned_once", [])
    else:
        with workerprocesses.pool(2) as pool:  # the server then predates what is set below
            pool.submit(os.getpid).result()
    monkeypatch.setenv("WORKER_PROBE", "set after the server started")
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    monkeypatch.setattr(paths, "SITE_DIR", tmp_path / "elsewhere")
    with workerprocesses.pool(workers) as pool:
        seen = pool.submit(_what_the_worker_sees, "WORKER_PROBE").result()
    assert seen["env"] == "set after the server started"
    assert seen["site"] == str(tmp_path / "elsewhere")
    assert not seen["salted"]  # PYTHONHASHSEED=0, as in a kernel: set orders repeat from build to build
    assert seen["preloaded"] == (workers == 2)
    out, err = capfd.readouterr()
    assert "to stdout" in out and "to stderr" in err


def test_a_process_that_asks_for_a_second_pool_of_one_gets_it_forked(monkeypatch):
    monkeypatch.setattr(workerprocesses, "_started_for", [])
    monkeypatch.setattr(workerprocesses, "_spawned_once", [])
    seen = []
    for _ in range(3):
        with workerprocesses.pool(1) as pool:
            seen.append(pool.submit(_what_the_worker_sees, "WORKER_PROBE").result()["preloaded"])
    assert seen == [False, True, True]


def test_a_changed_package_source_gets_a_new_server(monkeypatch):
    with workerprocesses.pool(2) as pool:
        pool.submit(os.getpid).result()
    old = workerprocesses.server_pid()
    monkeypatch.setattr(workerprocesses, "code_fingerprint", lambda: "the source was edited")
    with workerprocesses.pool(2) as pool:
        pool.submit(os.getpid).result()
    new = workerprocesses.server_pid()
    assert old is not None and new is not None and new != old
    psutil.wait_procs([psutil.Process(old)], timeout=10)  # it ends once its last worker has
    workerprocesses.context()  # and is reaped by the next call
    assert not psutil.pid_exists(old)


def test_the_package_fingerprint_follows_its_source(tmp_path, monkeypatch):
    package = tmp_path / "countydigital"
    (package / "sub").mkdir(parents=True)
    module = package / "sub" / "module.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(workerprocesses, "PACKAGE_ROOT", package)
    before = workerprocesses.code_fingerprint()
    assert workerprocesses.code_fingerprint() == before
    module.write_text("x = 2\n", encoding="utf-8")
    os.utime(module, ns=(0, 1_000_000_000))
    assert workerprocesses.code_fingerprint() != before


def test_stopping_a_build_stops_the_workers_but_spares_the_server():
    pool = workerprocesses.pool(2)
    worker = pool.submit(os.getpid).result()
    server = workerprocesses.server_pid()
    stopped = recovery.stop_descendants(grace=5)
    pool.shutdown(wait=True)
    assert worker in stopped and server not in stopped
    assert psutil.pid_exists(server) and psutil.Process(server).status() != psutil.STATUS_ZOMBIE
    with workerprocesses.pool(2) as again:  # the next build's pool starts from it
        assert again.submit(os.getpid).result() != worker
    assert workerprocesses.server_pid() == server


def _first_page_in_a_worker(folder: str) -> dict:
    """Convert a page with a figure, a table and Markdown in each language; what had to be compiled for it."""
    import gc

    import nbformat
    from soupsieve import css_parser

    from countydigital.runner import render

    v4 = nbformat.v4
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    cell = v4.new_code_cell("x", outputs=[
        v4.new_output("display_data", data={"image/png": png, "text/plain": "fig"}),
        v4.new_output("execute_result", data={"text/html": "<table><tr><td>1</td></tr></table>"}, execution_count=1),
    ])
    notebook = os.path.join(folder, "page.ipynb")
    nbformat.write(v4.new_notebook(cells=[v4.new_markdown_cell("# 标题 Title\n\n- *a* [b](c.html)"), cell]), notebook)
    compiled_before = css_parser._cached_css_compile.cache_info().misses
    templates_before = {lang: len(render.exporter(lang).environment.cache or {}) for lang in ("zh", "en")}
    for lang in ("zh", "en"):
        render.notebook_to_html(Path(notebook), Path(folder) / f"page-{lang}.html", "t", lang)
    return {"selectors compiled": css_parser._cached_css_compile.cache_info().misses - compiled_before,
            "templates loaded": {lang: len(render.exporter(lang).environment.cache or {}) - n
                                 for lang, n in templates_before.items()},
            "frozen": gc.get_freeze_count()}


def test_a_forked_worker_converts_its_first_page_with_nothing_left_to_compile(tmp_path):
    with workerprocesses.pool(2) as pool:
        seen = pool.submit(_first_page_in_a_worker, str(tmp_path)).result()
    assert seen["selectors compiled"] == 0
    assert seen["templates loaded"] == {"zh": 0, "en": 0}
    assert seen["frozen"] > 10_000  # the server's modules are out of the worker's garbage collections
    assert (tmp_path / "page-en.html").stat().st_size > 1000
