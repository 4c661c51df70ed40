"""Pages that share their assets: style sheets and figures as files beside the pages, named by content.

A page from nbconvert carries its whole style sheet (~260 kB, the same on every page)
and its figures as base64 inside the HTML. For a handful of pages that is convenient;
for the atlas of ~3,000 county profiles it is 2.4 GB of mostly repeated bytes. Here
each `<style>` block and each embedded PNG of a page becomes a file under
`assets/`, named by the sha256 of its bytes, and the page links it. Identical blocks
(the style sheet of every page, the national figures every profile shows) are thus
one file for the whole section, written once.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from .. import atomic

ASSETS = "assets"
_STYLE = re.compile(r"<style(?P<attrs>[^>]*)>(?P<css>.*?)</style>", re.S)
_PNG = re.compile(r'src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)"')
_DIGEST_CHARS = 20  # 80 bits: no two different files of one site share a name


class SharedAssets:
    """Externalise pages into one folder's `assets/`; remembers what it wrote, so each file is written once."""

    def __init__(self, root: Path):
        self.root = root
        self.written: set[str] = set()
        self.bytes_written = 0

    def _store(self, data: bytes, suffix: str) -> str:
        name = f"{ASSETS}/{hashlib.sha256(data).hexdigest()[:_DIGEST_CHARS]}{suffix}"
        if name not in self.written:
            target = self.root / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic.write_bytes(target, data)
                self.bytes_written += len(data)
            self.written.add(name)
        return name

    def externalise(self, html: str, depth: int = 0) -> str:
        """`html` with its style blocks and PNG figures replaced by links to shared files.

        `depth`: how many folders below `root` the page lies (the links are relative)."""
        up = "../" * depth

        def style(match: re.Match) -> str:
            if "@font-face" in match.group("css"):  # the site font's rule is added per page, relative to it
                return match.group(0)
            name = self._store(match.group("css").encode("utf-8"), ".css")
            return f'<link rel="stylesheet" href="{up}{name}"{match.group("attrs")}>'

        def png(match: re.Match) -> str:
            data = base64.b64decode(re.sub(r"\s", "", match.group("data")))
            return f'src="{up}{self._store(data, ".png")}"'

        return _PNG.sub(png, _STYLE.sub(style, html))

    def externalise_file(self, page: Path) -> None:
        depth = len(page.relative_to(self.root).parts) - 1
        atomic.write_text(page, self.externalise(page.read_text(encoding="utf-8"), depth))
