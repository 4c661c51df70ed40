"""Benchmarks (`make bench` = `python -m countydigital.bench [--quick]`).

Every figure is a ratio against a baseline measured side by side in the same
invocation (the machines are noisy); absolute seconds are reported as well.
Results go to benchmarks/results.json and the table in benchmarks/README.md.

Modules:
    probe     counts kernel starts (a kernelspec that logs, then becomes ipykernel)
    project   a scratch copy of the notebooks with its own build/ and site/
    builds    cold build vs a naive papermill+nbconvert loop, no-change and
              one-notebook-change rebuilds, the per-kernel floor
    counties  all-county indicators (one vectorised pass vs per-county loops),
              county profiles in a shared kernel vs one kernel each
    survey    the survey pipeline at 10^4..10^6 synthetic respondents (time, memory)
    summary   results.json and the markdown table

This package must stay light to import: `probe` runs in front of every kernel.
"""
