"""Kept derived files: made once per key, a damaged copy made again, a folder that cannot be written costs only time."""
from __future__ import annotations

from countydigital import keptfiles


def counting(data: bytes):
    calls = []

    def make():
        calls.append(1)
        return data
    return make, calls


def test_made_once_per_key_and_pruned_to_the_newest(own_kept_dir):
    make, calls = counting(b"drawing")
    key = keptfiles.key_of("inputs", b"\x00bytes")
    assert keptfiles.kept_or_made("things", key, ".svg", make, kept=2) == b"drawing"
    assert keptfiles.kept_or_made("things", key, ".svg", make, kept=2) == b"drawing" and len(calls) == 1
    for i in range(3):
        keptfiles.kept_or_made("things", keptfiles.key_of(str(i)), ".svg", lambda: b"other", kept=2)
    assert len(list((own_kept_dir / "things").iterdir())) == 2
    assert keptfiles.key_of("a", "b") != keptfiles.key_of("ab") != keptfiles.key_of("a", "", "b")


def test_a_kept_folder_that_is_a_file_costs_only_time(own_kept_dir):
    own_kept_dir.write_text("not a folder", encoding="utf-8")  # unwritable even for root
    make, calls = counting(b"drawing")
    assert keptfiles.kept_or_made("things", "k", ".svg", make, kept=4) == b"drawing"
    assert keptfiles.kept_or_made("things", "k", ".svg", make, kept=4) == b"drawing" and len(calls) == 2
