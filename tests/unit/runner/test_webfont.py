"""The site ships its own CJK font subset: Chinese renders without a system font or a CDN."""
from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from countydigital.runner import webfont


def _site(tmp_path):
    (tmp_path / "nb").mkdir()
    (tmp_path / "index.html").write_text("<html><head></head><body>县域概况 ·</body></html>", encoding="utf-8")
    (tmp_path / "nb" / "p.html").write_text('<html><head></head><body><p title="忽略">巨鹿县</p>'
                                            '<img src="data:image/png;base64,5Y+w"></body></html>', encoding="utf-8")
    return tmp_path


def test_font_covers_exactly_the_characters_on_the_pages(tmp_path):
    site = _site(tmp_path)
    assert webfont.site_characters(site) == "".join(sorted(set("县域概况·巨鹿县")))
    font_file = webfont.write_site_font(site)
    cmap = TTFont(font_file).getBestCmap()
    for ch in "县域概况巨鹿":
        assert ord(ch) in cmap, ch
    assert ord("北") not in cmap  # a subset, not the 16 MB font


def test_font_is_reproducible(tmp_path):
    site = _site(tmp_path)
    first = webfont.write_site_font(site).read_bytes()
    assert webfont.write_site_font(site).read_bytes() == first


def test_pages_reference_the_font_relative_to_their_depth(tmp_path):
    site = _site(tmp_path)
    webfont.add_font_face(site / "index.html", depth=0)
    webfont.add_font_face(site / "nb" / "p.html", depth=1)
    assert "url('assets/cjk.woff')" in (site / "index.html").read_text(encoding="utf-8")
    assert "url('../assets/cjk.woff')" in (site / "nb" / "p.html").read_text(encoding="utf-8")


def test_a_subset_is_made_once_per_character_set_and_a_damaged_copy_is_made_again(own_kept_dir, monkeypatch):
    if webfont_source() is None:
        pytest.skip("no CJK font installed")
    made = []
    real = webfont._subset
    monkeypatch.setattr(webfont, "_subset", lambda source, chars: made.append(chars) or real(source, chars))
    first = webfont._cached_subset(webfont_source(), "县域就业")
    assert webfont._cached_subset(webfont_source(), "县域就业") == first and made == ["县域就业"]
    webfont._cached_subset(webfont_source(), "县域")
    assert made == ["县域就业", "县域"]
    (cached,) = [f for f in (own_kept_dir / "font-subsets").iterdir() if f.stat().st_size == len(first)]
    cached.write_bytes(first[:-10])  # damaged (a bad disk, an edit): never used
    assert webfont._cached_subset(webfont_source(), "县域就业") == first and made == ["县域就业", "县域", "县域就业"]


def webfont_source():
    from countydigital.plotting import cjk_font_path

    return cjk_font_path()
