"""Shared test set-up.

Kernels started by papermill or pytest-notebook resolve `python` through PATH;
putting this interpreter's folder first makes them use the project's .venv.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("MPLBACKEND", "Agg")
