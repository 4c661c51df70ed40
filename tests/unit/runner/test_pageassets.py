"""Pages that share their assets: style blocks and PNG figures become files named by content, written once."""
from __future__ import annotations

import base64
import re

from countydigital.runner.pageassets import SharedAssets

PNG_A = b"\x89PNG\r\n\x1a\n" + b"national figure" * 10
PNG_B = b"\x89PNG\r\n\x1a\n" + b"county figure"


def page(*pngs: bytes, css: str = "body { color: black; }") -> str:
    images = "".join(f'<img alt="" src="data:image/png;base64,{base64.b64encode(p).decode()}">' for p in pngs)
    font = "<style>@font-face { font-family: 'x'; src: url('assets/cjk.woff'); }</style>"
    return f"<html><head><style type=\"text/css\">{css}</style>{font}</head><body>{images}</body></html>"


def test_identical_styles_and_figures_are_one_file_each(tmp_path):
    shared = SharedAssets(tmp_path)
    first = shared.externalise(page(PNG_A, PNG_B))
    second = shared.externalise(page(PNG_A))
    assert "data:image" not in first + second
    links = re.findall(r'(?:src|href)="(assets/[0-9a-f]+\.(?:png|css))"', first + second)
    assert len(links) == 5 and len(set(links)) == 3  # one style sheet, the shared figure, the county figure
    files = sorted(p.name for p in (tmp_path / "assets").iterdir())
    assert len(files) == 3 and shared.bytes_written == sum((tmp_path / "assets" / f).stat().st_size for f in files)
    contents = {(tmp_path / link).read_bytes() for link in links}
    assert contents == {PNG_A, PNG_B, b"body { color: black; }"}
    assert "@font-face" in first  # the font rule stays in the page: its URL depends on the page's folder
    assert '<link rel="stylesheet" href="assets/' in first and 'type="text/css"' in first


def test_links_are_relative_to_the_page_and_files_are_not_rewritten(tmp_path):
    shared = SharedAssets(tmp_path)
    (tmp_path / "sub").mkdir()
    target = tmp_path / "sub" / "p.html"
    target.write_text(page(PNG_B, css="p { margin: 0 }"), encoding="utf-8")
    shared.externalise_file(target)
    text = target.read_text(encoding="utf-8")
    assert re.search(r'src="\.\./assets/[0-9a-f]{20}\.png"', text)
    again = SharedAssets(tmp_path)  # a second writer finds the files already there
    again.externalise(page(PNG_B, css="p { margin: 0 }"))
    assert again.bytes_written == 0
