"""The privacy scanner finds personal data and raw survey rows, and never repeats them."""
from __future__ import annotations

import pandas as pd
import pytest

from countydigital import personal_data
from countydigital import privacy_gate as privacy
from countydigital.exceptions import CountyDigitalError, PrivacyError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17: str) -> str:
    """A well-formed ID number: the 17 digits plus their GB 11643 check character."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


VALID_ID = resident_id("13052919850612004")  # 河北 巨鹿, born 1985-06-12


def kinds(text: str) -> list[str]:
    return [kind for _, kind, _ in personal_data.find_personal_data(text)]


@pytest.mark.parametrize("text", [
    "电话 13812345678", "tel:13912345678.", "+86 13812345678", "+8615912345678", "(19912345678)",
    "138-1234-5678", "138 1234 5678", "<td>17712345678</td>",
])
def test_mobile_numbers_are_found(text):
    assert kinds(text) == ["mobile phone number"]


@pytest.mark.parametrize("text", [
    "12812345678",  # 12x is not a mobile prefix
    "138123456789",  # 12 digits: some other number
    "3813812345678",  # inside a longer number
    "0.13812345678",  # a decimal fraction
    "13812345678.25",
    "sha256 9f2c13812345678ab01",  # inside a hex digest
    "population 1411778724",
])
def test_numbers_that_are_not_mobile_numbers(text):
    assert "mobile phone number" not in kinds(text)


def test_resident_id_needs_a_valid_check_character():
    assert personal_data.is_resident_id(VALID_ID)
    wrong = VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")
    assert not personal_data.is_resident_id(wrong)
    assert kinds(f"身份证 {VALID_ID}") == ["resident ID number"]
    assert kinds(f"身份证 {wrong}") == []


def test_resident_id_needs_a_region_and_a_birth_date():
    assert not personal_data.is_resident_id(resident_id("99052919850612004"))  # no province 99
    assert not personal_data.is_resident_id(resident_id("13052919851312004"))  # month 13
    assert personal_data.is_resident_id(resident_id("11010519491231002"))


def test_long_digit_runs_and_digests_rarely_pass_as_ids():
    import hashlib

    hits = 0
    for i in range(3000):
        digits = "".join(c for c in hashlib.sha256(str(i).encode()).hexdigest() if c.isdigit())[:18]
        if len(digits) == 18 and personal_data.is_resident_id(digits):
            hits += 1
    assert hits <= 3  # checksum + region + date: a random digit string passes about 1 time in 2000


@pytest.mark.parametrize("text", ["来自IP 192.168.31.7", "host 10.0.0.1:8888", "http://8.8.8.8/", "ip=172.16.254.1."])
def test_ip_addresses_are_found(text):
    assert kinds(text) == ["IPv4 address"]


@pytest.mark.parametrize("text", [
    "version 1.2.3.4", "v1.2.3.4", "pandas==2.2.3.1", "Chromium 156.0.8078.108", "1.2.3.4.5",
    "256.1.1.1", "python 3.11.4", "OID 1.3.6.1.4.1", "a1.2.3.4",
])
def test_version_strings_and_long_dotted_sequences_are_not_ips(text):
    assert kinds(text) == []


def test_findings_are_masked_and_name_file_and_line():
    page = f"<html><body>\n<p>ok</p>\n<p>电话 13812345678</p>\n<p>{VALID_ID}</p>\n<p>192.168.31.7</p></body></html>"
    findings = privacy.scan_text("a/b.html", page, html=True)
    assert [(f.file, f.line, f.kind) for f in findings] == [
        ("a/b.html", 3, "mobile phone number"), ("a/b.html", 4, "resident ID number"), ("a/b.html", 5, "IPv4 address")]
    text = "\n".join(str(f) for f in findings)
    for secret in ("13812345678", VALID_ID, "192.168.31.7", "12345", "168.31"):
        assert secret not in text


def test_entities_and_attributes_are_read_but_data_uris_are_not():
    assert privacy.scan_text("p.html", "<p>&#49;3812345678</p>", html=True)  # an entity does not hide it
    assert privacy.scan_text("p.html", '<a href="tel:13812345678">call</a>', html=True)
    assert not privacy.scan_text("p.html", '<img src="data:image/png;base64,AAAA+13812345678/AAAA">', html=True)


def _survey() -> pd.DataFrame:
    return pd.DataFrame({
        "respondent_id": ["1", "2", "3"],
        "gender": pd.array([1, 2, 2], dtype="Int64"),
        "age": pd.array([30, 25, 41], dtype="Int64"),
        "education": pd.array([3, 3, 4], dtype="Int64"),
        "county": ["130529", "130722", "130722"],
        "monthly_wage": pd.array([3350.0, 3500.0, None], dtype="Float64"),
        "tenure_months": pd.array([13, 13, 5], dtype="Int64"),
        "commute_minutes": pd.array([12, 34, 26], dtype="Int64"),
    })


def test_a_displayed_survey_row_is_found_in_a_table_and_in_printed_text():
    frame = _survey()
    signatures = privacy.record_signatures(frame)
    as_html = frame.head(2).to_html()  # what display(frame.head()) publishes
    as_text = f"<pre>{frame.iloc[1:].to_string()}</pre>"  # what print(frame) publishes
    subset = frame[["age", "education", "county", "monthly_wage", "tenure_months", "commute_minutes"]].to_html()
    for page in (as_html, as_text, subset):
        found = privacy.scan_text("p.html", page, html=True, signatures=signatures)
        assert found and all(f.kind == "raw survey record" for f in found), page


def test_aggregates_of_the_survey_are_not_records():
    frame = _survey()
    signatures = privacy.record_signatures(frame)
    table = frame.groupby("county")[["age", "tenure_months", "commute_minutes"]].mean().round(1).to_html()
    counts = frame["education"].value_counts().to_frame().to_html()
    assert privacy.scan_text("p.html", table + counts, html=True, signatures=signatures) == []


def test_registered_records_reach_every_later_scan(tmp_path, monkeypatch):
    from countydigital import paths

    monkeypatch.setattr(paths, "BUILD_DIR", tmp_path / "build")
    registry = privacy.register_records(_survey(), label="interview wave 1")
    assert "130529" not in registry.read_text(encoding="utf-8")  # hashes only, never values
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(_survey().head(1).to_html(), encoding="utf-8")
    with pytest.raises(PrivacyError, match="raw survey record"):
        privacy.scan_site(site)


def test_disclosure_controlled_tables_keep_their_threshold():
    def table(cells, min_cell="5"):
        rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in cells)
        return (f'<table class="dataframe {privacy.DISCLOSURE_CLASS}" {privacy.DISCLOSURE_MIN_ATTR}="{min_cell}">'
                f"<thead><tr><th></th><th>n</th></tr></thead><tbody>{rows}</tbody></table>")

    assert privacy.scan_text("p.html", table([("高中", "1,012"), ("大专", "<5"), ("本科", 5)]), html=True) == []
    for small in (3, 0):  # zero is a small cell too: suppress_small_cells hides it
        found = privacy.scan_text("p.html", table([("高中", 12), ("大专", small)]), html=True)
        assert [f.kind for f in found] == ["count below the disclosure threshold 5"]
        assert str(small) not in found[0].masked
    # an unmarked table (census counts, say) is not held to the survey threshold
    assert privacy.scan_text("p.html", "<table><tr><td>3</td></tr></table>", html=True) == []


def test_scan_site_raises_a_project_error_listing_every_file(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "index.html").write_text("<p>fine 1.2.3</p>", encoding="utf-8")
    (tmp_path / "sub" / "a.html").write_text("<p>13812345678</p>", encoding="utf-8")
    (tmp_path / "claims.json").write_text('{"ip": "10.1.2.3"}', encoding="utf-8")
    (tmp_path / "fig.png").write_bytes(b"\x89PNG 13812345678")  # binary files are not read
    with pytest.raises(PrivacyError) as caught:
        privacy.scan_site(tmp_path)
    assert isinstance(caught.value, CountyDigitalError)
    message = str(caught.value)
    assert "sub/a.html:1: mobile phone number" in message and "claims.json:1: IPv4 address" in message
    assert "fig.png" not in message and "13812345678" not in message and "10.1.2.3" not in message


def test_a_clean_site_passes(tmp_path):
    (tmp_path / "index.html").write_text("<p>巨鹿县 130529 人口 371,000；sha256 "
                                         "04d37df90d4e358c13aac85a76051caab12afa84eca8a3b4f58cf2227ce69f43</p>",
                                         encoding="utf-8")
    assert privacy.scan_site(tmp_path) == 1


@pytest.mark.parametrize("page", [
    "<p>县名 <script>alert(1)</script></p>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href=" javascript:alert(1)">x</a>',
    '<iframe src="https://example.org"></iframe>',
])
def test_active_content_in_a_page_is_a_finding(page):
    assert [f.kind for f in privacy.scan_text("p.html", page, html=True)] == ["active content (unescaped HTML?)"]


def test_escaped_markup_is_harmless_text():
    assert privacy.scan_text("p.html", "<p>县名 &lt;script&gt;alert(1)&lt;/script&gt;</p>", html=True) == []


def test_published_notebooks_are_scanned_cell_by_cell(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    clean = nbformat.v4.new_code_cell("print(1)  # 13812345678 in code is the source, not a finding")
    clean.outputs = [nbformat.v4.new_output("stream", name="stdout", text="巨鹿县 130529\n")]
    leaky = nbformat.v4.new_code_cell("show()")
    leaky.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": "<p>fine</p>", "text/plain": "contact 13812345678"})]
    nb.cells = [clean]
    nbformat.write(nb, tmp_path / "page.ipynb")
    assert privacy.scan_site(tmp_path) == 1
    nb.cells = [clean, leaky]
    nbformat.write(nb, tmp_path / "page.ipynb")
    with pytest.raises(PrivacyError) as caught:
        privacy.scan_site(tmp_path)
    assert "page.ipynb (cell 2)" in str(caught.value) and "13812345678" not in str(caught.value)
    script = nbformat.v4.new_code_cell("x")
    script.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<script>alert(1)</script>"})]
    nb.cells = [script]
    nbformat.write(nb, tmp_path / "page.ipynb")
    with pytest.raises(PrivacyError, match="active content"):
        privacy.scan_site(tmp_path)
