"""Pages scanned ahead of the privacy gate (privacy_ahead.ScansAhead): the gate reuses a scan only for the very
text and signatures scanned, so a page changed after its scan, or a gate with other signatures, reads it again."""
from __future__ import annotations

import pytest

from countydigital import privacy_gate
from countydigital.exceptions import PrivacyError
from countydigital.privacy_ahead import ScansAhead

CLEAN = "<html><body><p>兴庆区 人口 123,456</p></body></html>"
PHONE = "<html><body><p>联系 13812345678</p></body></html>"


@pytest.fixture
def counted(monkeypatch):
    """How many files the gate itself parsed (scan_file calls from scan_site)."""
    calls = []
    real = privacy_gate.scan_file

    def scan_file(name, *args):
        calls.append(name)
        return real(name, *args)

    monkeypatch.setattr(privacy_gate, "scan_file", scan_file)
    return calls


def _site(tmp_path, **pages):
    for name, text in pages.items():
        (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_page_scanned_ahead_is_not_parsed_again(tmp_path, counted):
    site = _site(tmp_path, a=CLEAN, b=CLEAN)
    ahead = ScansAhead.for_parameters([{}])
    assert ahead.scan("a.html", CLEAN, ".html") == []
    counted.clear()
    assert privacy_gate.scan_site(site, parameters=[{}], ahead=ahead) == 2
    assert counted == ["b.html"]  # only the page not scanned ahead


def test_a_finding_made_ahead_still_stops_the_publishing(tmp_path):
    site = _site(tmp_path, a=PHONE)
    ahead = ScansAhead.for_parameters([{}])
    assert ahead.scan("a.html", PHONE, ".html")
    with pytest.raises(PrivacyError, match="a.html"):
        privacy_gate.scan_site(site, parameters=[{}], ahead=ahead)


def test_a_page_changed_after_its_scan_is_read_again(tmp_path, counted):
    site = _site(tmp_path, a=PHONE)  # the file as published differs from the text scanned ahead
    ahead = ScansAhead.for_parameters([{}])
    assert ahead.scan("a.html", CLEAN, ".html") == []
    with pytest.raises(PrivacyError, match="a.html"):
        privacy_gate.scan_site(site, parameters=[{}], ahead=ahead)
    assert "a.html" in counted


def test_a_scan_against_other_signatures_is_not_reused(tmp_path, counted):
    site = _site(tmp_path, a=CLEAN)
    ahead = ScansAhead(set())  # no survey's signatures: the gate's set is larger
    ahead.scan("a.html", CLEAN, ".html")
    counted.clear()
    privacy_gate.scan_site(site, parameters=[{}], ahead=ahead)
    assert counted == ["a.html"]
