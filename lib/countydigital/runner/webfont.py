"""A CJK web font for the site, cut down to the characters the site uses.

Readers' browsers usually have a Chinese font, but not all do (headless
browsers, minimal Linux desktops), and the site must not depend on a CDN. The
Noto Sans CJK font already installed for the figures is subset to the
characters that occur in the built pages and shipped as `assets/cjk.woff`;
every page's CSS falls back to it after the reader's own Chinese fonts.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from .. import keptfiles

FONT_FILE = "assets/cjk.woff"
FAMILY = "CountyDigital CJK"
_SIMPLIFIED_CHINESE = "Noto Sans CJK SC"

# Ideographs, CJK punctuation, full-width forms: what Latin fonts lack.
_WIDE = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef\u2014-\u2026\u00b7]")
_TAG = re.compile(r"<[^>]+>")


def font_face_css(depth: int) -> str:
    """CSS declaring the site font for a page `depth` folders below the site root."""
    url = "../" * depth + FONT_FILE
    return (f"@font-face {{ font-family: '{FAMILY}'; src: url('{url}') format('woff'); font-display: swap; }}\n"
            f"body, .jp-RenderedHTMLCommon, table {{ font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', "
            f"'Microsoft YaHei', 'WenQuanYi Micro Hei', '{FAMILY}', 'Helvetica Neue', Arial, sans-serif; }}")


def page_characters(text: str) -> set[str]:
    """The wide characters of one page's text (its tags and embedded images left out)."""
    text = re.sub(r'src="data:[^"]*"', "", text)  # skip embedded images
    return set(_WIDE.findall(_TAG.sub(" ", text)))


def site_characters(site_root: Path) -> str:
    """Every wide character in the site's pages, sorted (so the font is reproducible)."""
    chars: set[str] = set()
    for page in sorted(site_root.rglob("*.html")):
        chars |= page_characters(page.read_text(encoding="utf-8"))
    return "".join(sorted(chars))


def prepare_subset(chars: set[str]) -> None:
    """Make (and keep) the subset for `chars` now, so that `write_site_font` finds it if the site's characters
    turn out to be these: the atlas makes it while the profiles are built, from the index and one profile."""
    from ..plotting import cjk_font_path

    source = cjk_font_path()
    if source is not None and chars:
        _cached_subset(source, "".join(sorted(chars)))


def write_site_font(site_root: Path) -> Path | None:
    """Subset the CJK font to the site's characters into site_root/assets; None if no font."""
    from ..plotting import cjk_font_path

    source = cjk_font_path()
    chars = site_characters(site_root)
    if source is None or not chars:
        return None
    data = _cached_subset(source, chars)
    target = site_root / FONT_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


KEPT_SUBSETS = 16  # font subsets kept (keptfiles; each ~0.1-0.5 MB)


def _cached_subset(source: Path, chars: str) -> bytes:
    """The subset for `chars`, made once per character set and font file (~1-3 s each) and kept (keptfiles).

    The key names the font file (path, size, modification time), fontTools' version, this
    module's code and the characters, so a cached subset is the bytes a new one would be."""
    import fontTools

    stat = source.stat()
    key = keptfiles.key_of(str(source), str(stat.st_size), str(stat.st_mtime_ns), fontTools.version,
                           Path(__file__).read_bytes(), chars)
    return keptfiles.kept_or_made("font-subsets", key, ".woff", lambda: _subset(source, chars), KEPT_SUBSETS)


def _subset(source: Path, chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    if source.suffix.lower() == ".ttc":
        fonts = TTCollection(str(source)).fonts
        font = next((f for f in fonts if f["name"].getDebugName(1) == _SIMPLIFIED_CHINESE), fonts[0])
    else:
        from fontTools.ttLib import TTFont

        font = TTFont(str(source))
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.recalc_timestamp = False  # reproducible bytes across builds
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.recalcTimestamp = False  # otherwise `head.modified` becomes the build time
    # Keep the whole font's bounding box (a superset of the subset's) instead of drawing every glyph
    # again to measure it: most of the time of saving a CFF subset.
    font.recalcBBoxes = False
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def add_font_face(page: Path, depth: int) -> None:
    """Insert the @font-face rule into a page that was rendered without it."""
    text = page.read_text(encoding="utf-8")
    if FONT_FILE in text:
        return
    text = text.replace("</head>", f"<style>{font_face_css(depth)}</style>\n</head>", 1)
    page.write_text(text, encoding="utf-8")
