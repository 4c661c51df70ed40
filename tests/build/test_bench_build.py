"""The benchmark's machinery that needs a kernel or a fresh process: the kernel counter, the survey worker."""
from __future__ import annotations

import pytest

from countydigital.bench import probe
from countydigital.bench import survey as survey_bench


def test_probe_counts_every_kernel_start(tmp_path, monkeypatch):
    from jupyter_client.manager import start_new_kernel

    log = tmp_path / "kernels.log"
    env = probe.install(tmp_path / "jupyter", log)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert probe.count(log) == 0
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60)
    try:
        reply = kc.execute_interactive("x = 6 * 7", timeout=30)
        assert reply["content"]["status"] == "ok"  # the counted kernel is a working kernel
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    assert probe.count(log) == 1
    probe.reset(log)
    assert probe.count(log) == 0


def test_survey_worker_reports_time_and_memory_in_a_fresh_process():
    result = survey_bench.run([2_000], log=lambda _: None)
    row = result["sizes"][0]
    assert row["rows"] == 2_000 and row["estimates"] == 3 * len(survey_bench.estimators())
    assert row["peak_rss_mb"] >= row["rss_after_imports_mb"] > 50
    assert row["pooled_social_insurance"][0] == pytest.approx(0.974, abs=0.0005)
