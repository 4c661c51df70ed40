"""The fault matrix: every way a build can go wrong fails loudly and safely, and the next run recovers.

For each fault: a clear one-line `error:` (no traceback), a non-zero exit, the
previously published site byte-identical, no half-written file or staging folder
in the site, the processed-data or the raw-data folders, and a following run
that succeeds without any manual cleanup.
"""
from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from countydigital import atomic, datafetch, paths
from countydigital.exceptions import BuildError
from countydigital.runner import publish
from reliability_fixtures import cli, digest, env_for, leftovers, make_project, run, write_sets

pytestmark = pytest.mark.slow

BASELINE = [("one", {"county": "130529"}), ("two", {"county": "130722"})]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A published fixture site (two pages) that every fault must leave untouched."""
    root = tmp_path_factory.mktemp("faults")
    make_project(root, BASELINE)
    first = run(root, "--jobs", "2")
    assert first.returncode == 0, first.stderr
    return root


@pytest.fixture
def site_before(project):
    write_sets(project, BASELINE)
    before = digest(project / "site")
    assert "aa-fault/one.html" in before
    yield before
    write_sets(project, BASELINE)


def assert_failed_safely(root: Path, result: subprocess.CompletedProcess, before: dict, *expected: str,
                         extra_folders: tuple[Path, ...] = ()) -> None:
    assert result.returncode != 0, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors, f"no clear 'error:' line:\n{result.stderr}"
    assert "Traceback (most recent call last)" not in result.stderr.split(errors[0])[1], result.stderr
    for text in expected:
        assert text in result.stderr, f"{text!r} not in:\n{result.stderr}"
    assert digest(root / "site") == before, "the published site changed"
    assert leftovers(root / "site", root / "processed", *extra_folders) == []


def assert_recovers(root: Path, sets=BASELINE, env: dict | None = None) -> subprocess.CompletedProcess:
    write_sets(root, sets)
    again = run(root, "--jobs", "2", env=env)
    assert again.returncode == 0, again.stderr
    assert leftovers(root / "site", root / "processed") == []
    return again


def test_a_notebook_that_raises(project, site_before):
    write_sets(project, BASELINE + [("bad", {"mode": "raise"})])
    failed = run(project, "--jobs", "2")
    assert_failed_safely(project, failed, site_before, "aa-fault/bad", "cell", "ValueError: asked to fail",
                         "executed copy kept for inspection")
    assert_recovers(project)


def test_a_kernel_that_dies_mid_run(project, site_before):
    write_sets(project, BASELINE + [("dies", {"mode": "die"})])
    failed = run(project, "--jobs", "2")
    assert_failed_safely(project, failed, site_before, "aa-fault/dies", "DeadKernelError")
    assert_recovers(project)


def _mirror_with(root: Path, name: str, *, corrupt: bool = False, missing: bool = False) -> tuple[Path, Path]:
    """A fresh raw folder and a mirror holding the real `ghsl` file, corrupted or left out on request."""
    entry = datafetch.load_manifest()["ghsl"]
    real = paths.RAW_DIR / entry.path
    if not real.is_file():
        pytest.skip(f"{real} not fetched (run `make data`)")
    raw, mirror = root / f"raw-{name}", root / f"mirror-{name}"
    shutil.rmtree(raw, ignore_errors=True)
    shutil.rmtree(mirror, ignore_errors=True)
    (mirror / entry.path).parent.mkdir(parents=True)
    if corrupt:
        data = bytearray(real.read_bytes())
        data[len(data) // 2] ^= 0x01  # one flipped bit
        (mirror / entry.path).write_bytes(bytes(data))
        (raw / entry.path).parent.mkdir(parents=True)
        (raw / entry.path).write_bytes(b"stale partial download")  # a bad local copy is never trusted
    elif not missing:
        (mirror / entry.path).symlink_to(real)
    return raw, mirror


def test_a_corrupt_external_file_is_refused(project, site_before):
    raw, mirror = _mirror_with(project, "corrupt", corrupt=True)
    env = env_for(project, COUNTYDIGITAL_RAW_DIR=str(raw), COUNTYDIGITAL_DATA_MIRROR=str(mirror))
    write_sets(project, BASELINE + [("data", {"mode": "data"})])
    failed = run(project, "--jobs", "2", env=env)
    assert_failed_safely(project, failed, site_before, "aa-fault/data", "ChecksumMismatch", "ghsl",
                         "does not match the manifest", extra_folders=(raw,))
    assert not (raw / "boundaries" / "ghsl.csv").exists()  # refused, and the stale copy removed

    _, good_mirror = _mirror_with(project, "good")
    env["COUNTYDIGITAL_DATA_MIRROR"] = str(good_mirror)
    assert_recovers(project, BASELINE + [("data", {"mode": "data"})], env=env)
    entry = datafetch.load_manifest()["ghsl"]
    assert datafetch.sha256_of(raw / entry.path) == entry.sha256
    assert "read ghsl.csv" in (project / "site" / "aa-fault" / "data.html").read_text(encoding="utf-8")


def test_a_mirror_missing_a_file(project, site_before):
    raw, mirror = _mirror_with(project, "missing", missing=True)
    env = env_for(project, COUNTYDIGITAL_RAW_DIR=str(raw), COUNTYDIGITAL_DATA_MIRROR=str(mirror))
    sets = BASELINE + [("data2", {"mode": "data", "county": "2"})]  # not cached by the test above
    write_sets(project, sets)
    failed = run(project, "--jobs", "2", env=env)
    assert_failed_safely(project, failed, site_before, "aa-fault/data2", "MissingDataFile",
                         "missing from the data mirror", extra_folders=(raw,))

    fetch = cli(project, "data", "fetch", env=env)  # the same fault through `make data`
    assert fetch.returncode != 0 and "error: " in fetch.stderr and "missing from the data mirror" in fetch.stderr
    assert "Traceback" not in fetch.stderr
    assert leftovers(raw) == []

    _, good_mirror = _mirror_with(project, "missing-fixed")
    env["COUNTYDIGITAL_DATA_MIRROR"] = str(good_mirror)
    assert_recovers(project, sets, env=env)


def _processes_tagged(tag: str) -> list[str]:
    """Live processes (not zombies) whose environment carries `tag`: the build, its workers, its kernels."""
    found = []
    for proc in psutil.process_iter(["pid", "environ", "status", "cmdline"]):
        try:
            tagged = (proc.info["environ"] or {}).get("RELIABILITY_TAG") == tag
            if proc.info["status"] != psutil.STATUS_ZOMBIE and tagged:
                found.append(f"{proc.pid} {' '.join(proc.info['cmdline'] or [])[:100]}")
        except (psutil.Error, OSError):
            continue
    return found


@pytest.mark.parametrize("signum,jobs,group",
                         [(signal.SIGINT, "2", False), (signal.SIGTERM, "1", False), (signal.SIGINT, "2", True)],
                         ids=["SIGINT-parallel", "SIGTERM-sequential", "Ctrl-C-in-a-terminal"])
def test_an_interrupted_build(project, site_before, signum, jobs, group):
    """SIGINT/SIGTERM to the build's process, or Ctrl-C (SIGINT to its whole process group, workers too)."""
    marker = project / f"kernels-{uuid.uuid4().hex[:8]}"
    slow = {"mode": "slow", "marker": str(marker)}
    write_sets(project, [("slow1", slow), ("slow2", {**slow, "county": "2"})])
    tag = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-m", "countydigital", "run", "--jobs", jobs], cwd=paths.PROJ_ROOT,
                            env=env_for(project, RELIABILITY_TAG=tag), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (marker.is_dir() and any(marker.glob("*.pid"))):  # a kernel is inside the slow cell
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the slow notebook never started"
            time.sleep(0.2)
        assert len(_processes_tagged(tag)) >= 2  # the build and at least one kernel
        if group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    result = subprocess.CompletedProcess(proc.args, proc.returncode, "", stderr)
    assert proc.returncode != 0
    assert "interrupted" in stderr
    deadline = time.monotonic() + 10
    while _processes_tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_tagged(tag) == [], "workers or kernels outlived the interrupted build"
    assert digest(project / "site") == site_before
    assert leftovers(project / "site", project / "processed") == [], "a half-written file survived the interruption"
    assert result.returncode in (130, 1)
    assert_recovers(project)


def test_a_site_folder_that_cannot_be_created(project, site_before):
    """Works as root too: the site's parent is a file, so no permission bit is involved."""
    blocker = project / "blocked"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    try:
        env = env_for(project, COUNTYDIGITAL_SITE_DIR=str(blocker / "site"))
        failed = run(project, "--jobs", "2", env=env)
        assert_failed_safely(project, failed, site_before, "could not be written",
                             "the published site was left untouched")
        blocker.unlink()
        again = run(project, "--jobs", "2", env=env)
        assert again.returncode == 0, again.stderr
        assert (blocker / "site" / "index.html").is_file()
    finally:
        if blocker.is_dir():
            shutil.rmtree(blocker)
        else:
            blocker.unlink(missing_ok=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores permission bits; "
                    "test_a_site_folder_that_cannot_be_created and the in-process tests cover this as root")
def test_an_unwritable_site_folder(project, site_before):
    parent = project / "readonly"
    parent.mkdir(exist_ok=True)
    env = env_for(project, COUNTYDIGITAL_SITE_DIR=str(parent / "site"))
    assert run(project, "--jobs", "2", env=env).returncode == 0
    before = digest(parent / "site")
    parent.chmod(0o555)
    try:
        write_sets(project, BASELINE + [("three", {"county": "3"})])
        failed = run(project, "--jobs", "2", env=env)
        assert failed.returncode != 0 and "error: " in failed.stderr and "Permission denied" in failed.stderr
        assert digest(parent / "site") == before
    finally:
        parent.chmod(0o755)
    assert run(project, "--jobs", "2", env=env).returncode == 0


# --- in-process faults: the write itself fails ------------------------------------------
@pytest.fixture
def in_process(project, site_before, monkeypatch):
    """Point this process's paths at the fixture project; every job is a cache hit (no kernel)."""
    for name, value in (("NOTEBOOKS_DIR", project / "notebooks"),
                        ("PARAMETER_SETS_FILE", project / "notebooks" / "parameter_sets.yaml"),
                        ("BUILD_DIR", project / "build"), ("SITE_DIR", project / "site"),
                        ("PROCESSED_DIR", project / "processed"), ("RECORDS_DIR", project / "build" / "records")):
        monkeypatch.setattr(paths, name, value)
    for name in ("COUNTYDIGITAL_RECORDS", "COUNTYDIGITAL_NOTEBOOK", "COUNTYDIGITAL_PARAMSET",
                 "COUNTYDIGITAL_PARAMETERS", "MPLBACKEND", "PYTHONHASHSEED", "SOURCE_DATE_EPOCH", "PATH"):
        monkeypatch.setenv(name, os.environ.get(name, ""))  # restored after the test if a job does execute
    from countydigital import runner
    from countydigital.runner import pagecache as cache

    # The environment is not what these tests are about: pin its fingerprint so that edits to the
    # working tree made while the tests run cannot turn the cache hits they rely on into misses.
    monkeypatch.setattr(cache, "environment_fingerprint", lambda: {"pinned": "for the in-process tests"})
    return runner, project, site_before


def _failing_after(n_ok: int, real, error: OSError):
    calls = {"n": 0}

    def patched(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > n_ok:
            raise error
        return real(*args, **kwargs)

    return patched


def test_disk_full_while_copying_pages(in_process, monkeypatch):
    runner, root, before = in_process
    results = runner.build(runner.plan(), n_jobs=1)["results"]  # all cached; `publish` forced below
    before = digest(root / "site")
    with monkeypatch.context() as m:
        no_space = OSError(errno.ENOSPC, "No space left on device")
        m.setattr(shutil, "copyfile", _failing_after(1, shutil.copyfile, no_space))
        with pytest.raises(BuildError, match="No space left on device") as caught:
            publish(results, paths.SITE_DIR)
    assert "left untouched" in str(caught.value)
    assert digest(root / "site") == before
    assert leftovers(root / "site", root / "processed") == []


def test_disk_full_while_writing_the_index(in_process, monkeypatch):
    runner, root, before = in_process
    results = runner.build(runner.plan(), n_jobs=1)["results"]
    before = digest(root / "site")
    stripped = digest(root / "site", skip_provenance=True)
    real_write = Path.write_text

    def full(self, *args, **kwargs):
        if atomic.is_temporary(self) and self.name.startswith(".index.html."):  # fail half-way, as a full disk does
            real_write(self, "<html><body>half", encoding="utf-8")
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real_write(self, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(Path, "write_text", full)
        with pytest.raises(BuildError, match="No space left on device"):
            publish(results, paths.SITE_DIR)
    assert digest(root / "site") == before
    assert leftovers(root / "site", root / "processed") == []
    publish(results, paths.SITE_DIR)  # recovers in the same process, nothing to clean
    assert digest(root / "site", skip_provenance=True) == stripped


def test_permission_denied_at_the_swap(in_process, monkeypatch):
    """The last step fails (as root too): the old site is put back, the new one discarded."""
    runner, root, before = in_process
    results = runner.build(runner.plan(), n_jobs=1)["results"]
    before = digest(root / "site")
    real_replace = os.replace
    site_dir = str(root / "site")

    def deny(src, dst, *args, **kwargs):
        if str(dst) == site_dir and ".staging" in str(src):
            raise PermissionError(errno.EACCES, "Permission denied", site_dir)
        return real_replace(src, dst, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(atomic.os, "replace", deny)
        with pytest.raises(BuildError, match="Permission denied"):
            publish(results, paths.SITE_DIR)
    assert digest(root / "site") == before
    assert leftovers(root / "site", root / "processed") == []


def test_disk_full_while_caching_a_result(in_process, monkeypatch):
    """A failed cache write leaves no partial entry: the next build executes the job again."""
    runner, root, before = in_process
    from countydigital.runner import pagecache as cache

    write_sets(root, BASELINE + [("fresh", {"county": "fresh"})])
    with monkeypatch.context() as m:
        no_space = OSError(errno.ENOSPC, "No space left on device")
        m.setattr(shutil, "copyfile", _failing_after(2, shutil.copyfile, no_space))
        with pytest.raises(OSError, match="No space left"):
            runner.build(runner.plan(), n_jobs=1)
    assert digest(root / "site") == before
    assert not [p for p in cache.cache_dir().iterdir() if p.name.startswith(".")], "a partial cache entry was left"
    result = runner.build(runner.plan(), n_jobs=1)
    assert [r.cached for r in result["results"]] == [True, True, False]


# --- a survey file that fails validation ---------------------------------------------
def test_a_survey_file_that_fails_validation(project, site_before):
    bad = project / "bad-survey.csv"
    bad.write_text("序号,1、您的性别,2、您的年龄\n1,男,二十五\n2,火星人,-3\n", encoding="utf-8")
    write_sets(project, BASELINE + [("survey", {"mode": "survey", "survey": str(bad)})])
    failed = run(project, "--jobs", "2")
    assert_failed_safely(project, failed, site_before, "aa-fault/survey", "SurveyValidationError", "bad-survey.csv")

    from countydigital.survey import default_survey
    from countydigital.survey.export import write_tidy

    write_tidy(default_survey(), bad.with_suffix(".parquet"))  # the user fixes the file
    fixed = {"mode": "survey", "survey": str(bad.with_suffix(".parquet"))}
    assert_recovers(project, BASELINE + [("survey", fixed)])
    assert "respondents 1000" in (project / "site" / "aa-fault" / "survey.html").read_text(encoding="utf-8")


def test_survey_validate_on_the_command_line(project, tmp_path):
    from countydigital.cli import build_parser

    try:
        build_parser().parse_args(["survey", "validate", "x.csv"])
    except SystemExit:
        pytest.skip("the `survey validate` command is not available")
    bad = tmp_path / "bad-survey.csv"
    bad.write_text("序号,1、您的性别,2、您的年龄\n1,男,二十五\n", encoding="utf-8")
    checked = cli(project, "survey", "validate", str(bad))
    assert checked.returncode != 0
    assert "bad-survey.csv" in checked.stderr + checked.stdout
    assert "Traceback" not in checked.stderr
