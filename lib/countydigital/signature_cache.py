"""The privacy gate's record signatures of a survey, kept between builds (paths.kept_dir()).

Every build compares its pages with every survey its notebooks may have read; reading one
(importing the survey layer, validating the file or generating the stand-in) and hashing each
row's windows costs about half a second, for inputs that seldom change. The signatures are
kept under a key naming the survey's bytes (or the stand-in's seed), the codebook, the code
that reads and hashes it and the libraries that parse it, so they are the set a new reading
would give; anything else (a new file, an edited reader) is read again.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from . import keptfiles, paths

FOLDER = "survey-signatures"
KEPT = 32  # one per survey file and seed in recent use; each well under a megabyte
# Code whose change could change a survey's frame or its signatures.
_CODE = ("privacy_gate.py", "personal_data.py", "survey/*.py")


def kept_signatures(source: Path | int, compute: Callable[[], set[str]]) -> set[str]:
    """`compute()` (the signatures of the survey file or stand-in seed `source`), kept by content."""
    try:
        origin = [f"seed {source}"] if isinstance(source, int) else [source.suffix.lower(), source.read_bytes()]
    except OSError:
        return compute()  # it says, failing closed, what is wrong with the file
    key = keptfiles.key_of(*origin, *_code_and_codebook())
    data = keptfiles.kept_or_made(FOLDER, key, ".txt", lambda: "\n".join(sorted(compute())).encode(), KEPT)
    return set(data.decode().split("\n")) - {""}


def _code_and_codebook() -> list[str | bytes]:
    package = Path(__file__).parent
    files = sorted(f for pattern in _CODE for f in package.glob(pattern))
    versions = [f"{name} {getattr(sys.modules.get(name), '__version__', '')}" for name in ("pandas", "numpy")]
    return [*(f.read_bytes() for f in files), Path(paths.CODEBOOK_FILE).read_bytes(), *versions]
