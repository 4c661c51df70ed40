"""Build the site: run every job (cached), then publish pages, ledger and index atomically."""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from .. import paths
from ..exceptions import BuildError, NotebookExecutionError
from . import cache, provenance, site, webfont, uptodate
from .execute import execute_job
from .jobs import DEFAULT_SEED, Job
from .parameters import declared_parameters
from .recovery import STALE_SECONDS, after_interrupt, sweep_partial_files


def _with_seed(job: Job) -> Job:
    """Inject the project's one seed into notebooks that declare a `seed` parameter."""
    if "seed" in job.parameters:
        return job
    try:
        declared = declared_parameters(job.notebook_path)
    except Exception:  # an unreadable notebook fails later, with a clearer message
        return job
    if "seed" in declared:
        return Job(job.notebook, job.paramset, {**job.parameters, "seed": DEFAULT_SEED})
    return job


def _workdir(job: Job) -> Path:
    return paths.BUILD_DIR / "work" / job.notebook / job.paramset


def _executed_copy(job: Job) -> Path:
    return paths.BUILD_DIR / "executed" / job.notebook / f"{job.paramset}.ipynb"


class _Progress:
    """One line per finished job, with an ETA from the mean job time so far."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.start, self.stream = total, 0, time.perf_counter(), stream

    def update(self, result: dict) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        how = "cache" if result.get("cached") else f"{result.get('seconds', 0):.1f}s"
        print(f"[{self.done}/{self.total}] {result['notebook']}/{result['paramset']:<8} {result['status']:<6} ({how}; ETA {eta:.0f}s)",
              file=self.stream, flush=True)


def _run_pending(pending: list[tuple[Job, str]], n_jobs: int, executor: str, scheduler: str | None, progress: _Progress) -> list[dict]:
    """Execute jobs that missed the cache, locally or on a Dask cluster."""
    results: list[dict] = []
    if not pending:
        return results
    if executor == "dask":
        from .dask_executor import run_on_dask

        return run_on_dask(pending, scheduler, _workdir, lambda job, key, result: _finish(job, key, result, progress))
    if n_jobs <= 1 or len(pending) == 1:
        try:
            for job, key in pending:
                results.append(_finish(job, key, execute_job(job, str(_workdir(job))), progress))
        except BaseException:  # Ctrl-C / SIGTERM: the kernel runs in its own session and would outlive us
            after_interrupt()
            raise
        return results
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n_jobs, mp_context=context) as pool:
        futures = {pool.submit(execute_job, job, str(_workdir(job))): (job, key) for job, key in pending}
        try:
            for future in as_completed(futures):
                results.append(_finish(*futures[future], future.result(), progress))
        except BaseException:
            # Leaving the `with` waits for running workers: stop them and their kernels first.
            pool.shutdown(wait=False, cancel_futures=True)
            after_interrupt()
            raise
    return results


def _finish(job: Job, key: str, result: dict, progress: _Progress) -> dict:
    work = _workdir(job)
    executed = work / "executed.ipynb"
    if executed.exists():  # kept for inspection, failed or not
        target = _executed_copy(job)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(executed, target)
    if result["status"] == "ok":
        cache.store(key, {name: work / name for name in cache.CACHED_FILES})
    result["cached"] = False
    result["cache_key"] = key
    progress.update(result)
    return result


def partition_by_cache(keyed: list[tuple[Job, str]], use_cache: bool, progress) -> tuple[dict[str, dict], list[tuple[Job, str]]]:
    """Results of the jobs whose outputs are cached (by label), and the (job, key) pairs still to run."""
    results: dict[str, dict] = {}
    pending: list[tuple[Job, str]] = []
    for job, key in keyed:
        hit = cache.lookup(key) if use_cache else None
        if hit is not None:
            result = json.loads((hit / "result.json").read_text(encoding="utf-8"))
            result.update(cached=True, cache_key=key)
            results[job.label] = result
            progress.update(result)
        else:
            pending.append((job, key))
    return results, pending


def build(jobs: list[Job], *, n_jobs: int | None = None, executor: str = "local", scheduler: str | None = None,
          site_dir: Path | None = None, use_cache: bool = True) -> dict:
    """Run `jobs` and publish the site. Raises BuildError (site untouched) if any job fails."""
    site_dir = site_dir or paths.SITE_DIR
    n_jobs = n_jobs or os.cpu_count() or 1
    jobs = [_with_seed(job) for job in jobs]
    sweep_partial_files(min_age=STALE_SECONDS)  # temporaries of a build killed outright (SIGKILL, power loss)
    progress = _Progress(len(jobs))
    print(f"building {len(jobs)} page(s) with {n_jobs} worker(s) [{executor}]", file=sys.stderr, flush=True)

    with cache.planning():
        keys = [cache.cache_key(job)[0] for job in jobs]
    results, pending = partition_by_cache(list(zip(jobs, keys)), use_cache, progress)
    for result in _run_pending(pending, n_jobs, executor, scheduler, progress):
        results[f"{result['notebook']}/{result['paramset']}"] = result

    ordered = [results[job.label] for job in jobs]
    failed = [r for r in ordered if r["status"] != "ok"]
    if failed:
        lines = [f"  {r['notebook']}/{r['paramset']}: cell {r.get('cell')}: {r.get('error')}\n"
                 f"    executed copy kept for inspection: {_executed_copy(Job(r['notebook'], r['paramset'])).relative_to(paths.PROJ_ROOT) if paths.BUILD_DIR.is_relative_to(paths.PROJ_ROOT) else _executed_copy(Job(r['notebook'], r['paramset']))}"
                 for r in failed]
        raise NotebookExecutionError(
            f"{len(failed)} of {len(ordered)} notebook run(s) failed; the published site was left untouched:\n" + "\n".join(lines))

    state = uptodate.current_state(ordered, site_dir)
    if not pending and uptodate.is_published(state, site_dir):
        print(f"nothing changed: {site_dir} is up to date", file=sys.stderr)
        return {"results": ordered, "published": False}
    publish(ordered, site_dir)
    uptodate.record(state, site_dir)
    return {"results": ordered, "published": True}


def publish(results: list[dict], site_dir: Path) -> None:
    """Assemble pages, ledger and index in a staging folder, check it, then swap it in."""
    staging = None
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = site.staging_dir_for(site_dir)
        records_dir = paths.BUILD_DIR / "ledger-records"
        if records_dir.exists():
            shutil.rmtree(records_dir)
        records_dir.mkdir(parents=True)
        for r in results:
            entry = cache.lookup(r["cache_key"])
            if entry is None:
                raise BuildError(f"{r['notebook']}/{r['paramset']}: cached output vanished during the build")
            page = staging / site.page_path(r["notebook"], r["paramset"])
            page.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(entry / "page.html", page)
            shutil.copyfile(entry / "records.jsonl", records_dir / f"{r['notebook']}__{r['paramset']}.jsonl")

        claim_counts = _build_ledger(records_dir, staging)
        index = site.render_index(results, claim_counts, provenance.collect(),
                                  county_profiles=(site_dir / "counties" / "index.html").is_file())
        site.write_text_atomic(staging / "index.html", index)
        _check_privacy(staging, results)
        _embed_font(staging)
        from .allcounty import carry_over  # site/counties/ is published by `run --counties`, kept here

        carry_over(site_dir, staging)  # after anything that rewrites pages in place: these are hard links
        site.swap_into_place(staging, site_dir)
    except OSError as exc:  # disk full, read-only or blocked folder: say so, not a traceback
        raise BuildError(f"{site_dir}: the site could not be written ({exc}); the published site was left untouched") from exc
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    print(f"published {len(results)} page(s) to {site_dir}", file=sys.stderr)


def _embed_font(site_root: Path) -> None:
    """Ship a CJK font subset with the site so Chinese renders even where the reader has none."""
    if webfont.write_site_font(site_root) is None:
        return
    for page in site_root.rglob("*.html"):
        webfont.add_font_face(page, depth=len(page.relative_to(site_root).parts) - 1)


def _build_ledger(records_dir: Path, out_dir: Path) -> dict[str, int] | None:
    try:
        from ..claims.ledger import build_ledger
    except ImportError:
        return None
    return build_ledger(records_dir, out_dir)


def _check_privacy(site_root: Path, results: list[dict]) -> None:
    """The privacy gate (PrivacyError: nothing is published). Never optional, so imported here, not guarded."""
    from ..privacy import scan_site

    scan_site(site_root, parameters=[r["parameters"] for r in results])
