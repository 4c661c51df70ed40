"""Settings shared by every layer: the seed, the Jupyter kernel, environment variable names.

One place, so the runner, the claims recorder, the privacy gate and the tests cannot
disagree about which seed made the stand-in or which variable carries the records file.
"""
from __future__ import annotations

# The one random seed of the collection (the report's publication date). The synthetic
# stand-in, its privacy comparison and every build use it unless a run says otherwise.
DEFAULT_SEED = 20220517
# The seed of the committed test fixtures (tests/fixtures/survey), made by the same generator.
FIXTURE_SEED = 11

# The Jupyter kernel the notebooks declare, the runner starts and JupyterLab offers.
KERNEL_NAME = "python3"

# Environment variables the runner sets for each notebook run (read by claims.record).
ENV_RECORDS = "COUNTYDIGITAL_RECORDS"
ENV_NOTEBOOK = "COUNTYDIGITAL_NOTEBOOK"
ENV_PARAMSET = "COUNTYDIGITAL_PARAMSET"
ENV_PARAMETERS = "COUNTYDIGITAL_PARAMETERS"
PER_RUN_ENV = (ENV_RECORDS, ENV_NOTEBOOK, ENV_PARAMSET, ENV_PARAMETERS)

# Every project setting travels under this prefix (paths, data mirror, per-run values).
ENV_PREFIX = "COUNTYDIGITAL_"
ENV_DATA_MIRROR = "COUNTYDIGITAL_DATA_MIRROR"

# What a kept kernel (the warm engine, runner.sharedkernel) imports once when it starts, before it records
# the state each notebook starts from: the heavy modules every notebook imports anyway.
WARM_IMPORTS = ("pandas", "matplotlib.pyplot", "seaborn", "countydigital.plotting", "countydigital.census")
