"""Figure style shared by every notebook, and the CJK font that makes Chinese render.

The font comes from the project's own dependencies (the `noto-cjk-sans-otc`
wheel on PyPI carries Noto Sans CJK), with Debian's Noto/WenQuanYi fonts as a
second source. If neither is present, `setup()` warns and tells the caller to
use English labels, so a figure never shows tofu boxes.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib
from matplotlib import font_manager

# Debian package locations, tried after the wheel.
_SYSTEM_FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]

# Fixed, so repeated builds make byte-identical images (no dates, stable ids).
DETERMINISTIC_RC = {
    "svg.hashsalt": "countydigital",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.figsize": (7.5, 4.2),
}


def cjk_font_path() -> Path | None:
    """Path of a font file with CJK glyphs shipped by the project's setup, or None."""
    try:
        import noto_cjk_sans_otc  # noqa: F401

        path = Path(noto_cjk_sans_otc.__file__).parent / "NotoSansCJK-Regular.ttc"
        if path.is_file():
            return path
    except ImportError:
        pass
    for candidate in _SYSTEM_FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def register_cjk_font() -> str | None:
    """Register the CJK font with matplotlib; return its family name or None."""
    path = cjk_font_path()
    if path is None:
        return None
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup(lang: str = "zh") -> str:
    """Apply the project's figure style; return the language labels should use.

    With lang="zh" and no CJK font available, warns and returns "en" so the
    notebook labels figures in English instead of drawing empty boxes.
    """
    import seaborn as sns

    family = register_cjk_font()
    sns.set_theme(style="whitegrid", context="notebook")
    rc = dict(DETERMINISTIC_RC)
    if family:
        rc["font.family"] = "sans-serif"
        rc["font.sans-serif"] = [family, "DejaVu Sans"]
        rc["axes.unicode_minus"] = False
    matplotlib.rcParams.update(rc)
    if lang == "zh" and not family:
        warnings.warn(
            "No CJK font found (install the project's dependencies: noto-cjk-sans-otc); "
            "figures fall back to English labels.",
            stacklevel=2,
        )
        return "en"
    return lang


def label(zh: str, en: str, lang: str) -> str:
    """Pick the label for the active language."""
    return zh if lang == "zh" else en


def watermark(fig, synthetic: bool, lang: str = "zh"):
    """Stamp a figure made from the synthetic stand-in, so it is never mistaken for evidence (English figures
    carry no Chinese text)."""
    if synthetic:
        fig.text(0.5, 0.5, label("SYNTHETIC · 合成数据", "SYNTHETIC", lang), fontsize=34, color="firebrick", alpha=0.13,
                 ha="center", va="center", rotation=20, zorder=100)
    return fig
