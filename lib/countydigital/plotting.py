"""Figure style shared by every notebook, the CJK font that makes Chinese render, and the
one way a notebook shows a figure: `show(fig, caption, alt)`.

The font comes from the project's own dependencies (the `noto-cjk-sans-otc`
wheel on PyPI carries Noto Sans CJK), with Debian's Noto/WenQuanYi fonts as a
second source. If neither is present, `setup()` warns and tells the caller to
use English labels, so a figure never shows tofu boxes.
"""
from __future__ import annotations

import base64
import warnings
from dataclasses import dataclass
from pathlib import Path

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
    from matplotlib import font_manager  # here, not at import: `label` and `Caption` need no matplotlib

    path = cjk_font_path()
    if path is None:
        return None
    # Once per process: addfont appends every face of the collection again (~20 entries) and empties
    # findfont's cache, so a process that runs many notebooks (the atlas's workers) would search a font
    # list growing with each page, and find every font again for each one.
    if not any(entry.fname == str(path) for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def setup(lang: str = "zh") -> str:
    """Apply the project's figure style; return the language labels should use.

    With lang="zh" and no CJK font available, warns and returns "en" so the
    notebook labels figures in English instead of drawing empty boxes.
    """
    import matplotlib
    import seaborn as sns

    family = register_cjk_font()
    sns.set_theme(style="whitegrid", context="notebook")
    rc = dict(DETERMINISTIC_RC)
    # Titles sit on the axes' top edge. Left to matplotlib (None), every draw and layout measures every
    # tick label of the figure to see whether a title must move above an x axis drawn at the top, which
    # none of these figures has: ~15% of drawing a county profile's figures, for the same pixels.
    rc["axes.titley"] = 1.0
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


@dataclass(frozen=True)
class Caption:
    """What a figure shows: `caption` under it for every reader, `alt` for one who cannot see it."""

    caption: str
    alt: str


# Where `show` puts caption and alt text in the output's metadata; the page template
# (templates/countydigital_page) reads them to write <figure><img alt><figcaption>.
FIGURE_MIME = "image/png"


@dataclass(frozen=True)
class Png:
    """A figure already rendered (see `rendered`): `show` displays it as it would the figure."""

    data: bytes


_RENDERED: dict[tuple, bytes] = {}
_UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))  # a Rectangle's path, before its transform
# zlib level for the figures' PNGs: these flat-coloured charts are no smaller at the default (6), which takes
# ~40% longer to write (measured on the county profile's figures).
PNG_COMPRESS_LEVEL = 3


def rendered(key: tuple, make) -> Png:
    """The PNG of the figure `make()` draws, drawn once per process for `key` and the current style.

    For a figure every page of a kind shows alike (the county pages' national shares): the
    atlas draws it once instead of ~3,000 times. The key must name everything the figure
    depends on; the style (matplotlib's rcParams) is added to it here, so a page with
    another style draws its own."""
    import matplotlib
    import matplotlib.pyplot as plt

    full = (key, repr(sorted(matplotlib.rcParams.items())))
    if full not in _RENDERED:
        fig = make()
        _RENDERED[full] = figure_png(fig)
        plt.close(fig)
    return Png(_RENDERED[full])


def fixed_layout(fig, *, left: float, right: float, bottom: float, top: float, wspace: float = 0.2):
    """Place the axes with margins given in inches (the room the labels need), instead of `tight_layout`.

    For figures drawn thousands of times (the atlas's county profiles): tight_layout measures
    every label, which is an extra draw of the figure's text, to find margins that are the same
    for every county. Labels that would still reach past the edge are not lost: `figure_png`
    then falls back to bbox_inches="tight"."""
    width, height = fig.get_size_inches()
    extra = _overflow_inches(fig, width)
    if extra:  # a title wider than the figure (a unit's long name): widen the figure, the axes keep their size
        width += 2 * extra
        left, right = left + extra, right + extra
        fig.set_size_inches(width, height)
    fig.subplots_adjust(left=left / width, right=1 - right / width, bottom=bottom / height, top=1 - top / height,
                        wspace=wspace)
    return fig


def bars(ax, *args, horizontal: bool = False, **kwargs):
    """`ax.bar(...)` (`ax.barh` if horizontal), with the data limits updated once for all its bars.

    matplotlib updates the axes' data limits bar by bar, finding each rectangle's extrema along
    its path as for a curve and composing its transform with the data's inverse (~0.1 ms a bar,
    ~120 bars a county profile). Here the bars are collected while `bar` adds them and the
    limits updated once, with the points matplotlib's own update uses for a rectangle in data
    coordinates (its four corners through its patch transform), so the limits, the view and
    the picture are the same (PNGs tested byte for byte). Any other patch is updated by
    matplotlib itself."""
    import numpy as np
    from matplotlib.axes import Axes

    pending: list = []
    # Axes.add_patch calls self._update_patch_limits(patch): an attribute of this instance takes the patches
    ax._update_patch_limits = pending.append
    try:
        container = (ax.barh if horizontal else ax.bar)(*args, **kwargs)
    finally:
        del ax._update_patch_limits
    points = []
    for patch in pending:
        if not _plain_rectangle(ax, patch):
            Axes._update_patch_limits(ax, patch)
        elif patch.get_width() or patch.get_height():  # matplotlib leaves out a rectangle of no size
            points.append(patch.get_patch_transform().transform(_UNIT_SQUARE))
    if points:
        ax.update_datalim(np.concatenate(points))
    return container


def _plain_rectangle(ax, patch) -> bool:
    from matplotlib.patches import Rectangle

    return type(patch) is Rectangle and ax.name == "rectilinear" and patch.get_data_transform() is ax.transData


def _overflow_inches(fig, width: float) -> float:
    """How far the figure's own texts (its suptitle) reach past either side edge, plus savefig.pad_inches.

    Such a figure would otherwise be drawn three times by `figure_png` (its fall-back to
    bbox_inches="tight", which grows the image to the title); widened by this much on each side,
    it is drawn once and cut to the same picture (the suptitle is centred: widening both sides
    alike keeps it over the axes, where "tight" shows it)."""
    import matplotlib

    texts = [t for t in fig.texts if t.get_visible() and t.get_text()]
    if not texts:
        return 0.0
    renderer = agg_canvas(fig).get_renderer()
    pad = matplotlib.rcParams["savefig.pad_inches"] * fig.dpi
    limit = width * fig.dpi
    boxes = [t.get_window_extent(renderer) for t in texts]
    over = max(max(pad - box.x0, box.x1 - (limit - pad)) for box in boxes)
    return max(0.0, float(over)) / fig.dpi


# One Agg renderer per canvas size and dpi, kept: matplotlib keeps the sizes of the texts it measured per
# renderer, so figures drawn on a shared one measure their tick labels, titles and legends once per process
# (on a renderer of their own, every figure measured every text again: ~15 ms a county profile).
_RENDERERS: dict[tuple, object] = {}
RENDERERS_KEPT = 8


def agg_canvas(fig):
    """`fig`'s Agg canvas (made if it has another), drawing on the process's renderer of its size.

    A renderer holds the pixels of the last figure drawn on it: read them before drawing another."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    width, height = canvas.get_width_height(physical=True)
    key = (width, height, fig.dpi)
    if key not in _RENDERERS:
        while len(_RENDERERS) >= RENDERERS_KEPT:
            del _RENDERERS[next(iter(_RENDERERS))]
        _RENDERERS[key] = RendererAgg(width, height, fig.dpi)
    # FigureCanvasAgg.get_renderer() makes a renderer unless its last key is this size's
    canvas.renderer, canvas._lastKey = _RENDERERS[key], key
    return canvas


# The pixels of a figure's part that many figures draw alike (`same_background`), by key; a few kept per process.
_BACKGROUNDS: dict[tuple, object] = {}
BACKGROUNDS_KEPT = 4
_BACKGROUND_ATTR = "_countydigital_background"


def same_background(fig, axes, key: tuple):
    """Mark `axes` as drawn exactly alike on every figure of `key` (the locator's map of China, for one province).

    `figure_png` then draws the figure's background with these axes once per process, key, size and
    style, and on every figure draws only the rest over a copy of those pixels: the very pixels of a
    full draw, since matplotlib draws a figure's background, then its axes one after the other, each
    over what is already there. The key must name everything the axes show. Used only where the axes
    are drawn first and the figure has nothing but axes; otherwise the figure is drawn whole."""
    setattr(fig, _BACKGROUND_ATTR, (key, axes))
    return fig


def _draw(fig, canvas) -> None:
    """Draw `fig` on its Agg canvas, over a kept background where `same_background` marked one."""
    import matplotlib
    import numpy as np

    marked = getattr(fig, _BACKGROUND_ATTR, None)
    key, axes = marked if marked is not None else (None, None)
    others = [a for a in fig.axes if a is not axes]
    if (marked is None or not fig.axes or fig.axes[0] is not axes or not axes.get_visible()
            or fig.texts or fig.legends or fig.images or fig.lines or fig.patches or fig.artists or fig.subfigs
            or any(a.get_zorder() != axes.get_zorder() for a in others)):
        canvas.draw()
        return
    full = (key, tuple(fig.get_size_inches()), fig.dpi, tuple(axes.get_position().bounds),
            repr(sorted(matplotlib.rcParams.items())))
    if full not in _BACKGROUNDS:
        shown = [a for a in others if a.get_visible()]
        for a in shown:
            a.set_visible(False)
        try:
            canvas.draw()
        finally:
            for a in shown:
                a.set_visible(True)
        while len(_BACKGROUNDS) >= BACKGROUNDS_KEPT:
            del _BACKGROUNDS[next(iter(_BACKGROUNDS))]
        # every pixel, copied as an array (Agg's copy_from_bbox(fig.bbox) leaves out the top row)
        _BACKGROUNDS[full] = np.array(canvas.buffer_rgba())
    renderer = canvas.get_renderer()
    np.asarray(renderer.buffer_rgba())[...] = _BACKGROUNDS[full]
    patch_shown = fig.patch.get_visible()
    axes.set_visible(False)
    fig.patch.set_visible(False)
    try:
        fig.draw(renderer)
    finally:
        axes.set_visible(True)
        fig.patch.set_visible(patch_shown)


def figure_png(fig) -> bytes:
    """`fig` as PNG, cut to what is drawn plus savefig.pad_inches: the image bbox_inches="tight" gives.

    "tight" draws the figure twice (once to measure every artist, once to render); this
    draws once and cuts the margin off the pixels (the layout is fixed by then: the
    figures call tight_layout). A drawing that reaches the figure's edge may extend past
    it, which only "tight" can show: then it is used instead."""
    import io

    import matplotlib
    import numpy as np
    from IPython.core.pylabtools import print_figure
    from matplotlib.colors import to_rgba
    from PIL import Image, PngImagePlugin

    canvas = agg_canvas(fig)
    _draw(fig, canvas)
    pixels = np.asarray(canvas.buffer_rgba())
    background = np.round(np.asarray(to_rgba(fig.get_facecolor())) * 255).astype(np.uint8)
    # one 32-bit comparison a pixel (RGBA as one word), not four bytes and a reduction: ~5 ms less a figure
    ink = pixels.view(np.uint32)[..., 0] != background.view(np.uint32)[0]
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height, width = ink.shape
    if not rows.size or rows[0] == 0 or cols[0] == 0 or rows[-1] == height - 1 or cols[-1] == width - 1:
        return print_figure(fig, "png", bbox_inches="tight")
    pad = int(round(matplotlib.rcParams["savefig.pad_inches"] * fig.dpi))
    top, bottom = max(0, rows[0] - pad), min(height, rows[-1] + 1 + pad)
    left, right = max(0, cols[0] - pad), min(width, cols[-1] + 1 + pad)
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/")
    out = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels[top:bottom, left:right]), "RGBA").save(
        out, format="png", pnginfo=info, dpi=(fig.dpi, fig.dpi), compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def show(fig, caption: Caption | str, alt: str | None = None) -> None:
    """Display `fig` with its caption and alt text, then close it so it is shown once.

    `fig`: a matplotlib Figure, or a `Png` from `rendered`. `caption` is a Caption (the
    sections' text modules make them, in the page's language) or the caption's text with
    `alt` beside it. The image is the PNG of the figure cut to what is drawn (`figure_png`);
    the text a reader sees without images is the alt text.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    if isinstance(caption, Caption):
        caption, alt = caption.caption, caption.alt
    if not alt or not str(alt).strip():
        raise ValueError("show(): a figure needs alt text saying what it shows")
    if isinstance(fig, Png):
        png = fig.data
    else:
        png = figure_png(fig)
        plt.close(fig)
    display({FIGURE_MIME: base64.b64encode(png).decode("ascii"), "text/plain": alt}, raw=True,
            metadata={FIGURE_MIME: {"alt": alt, "caption": caption or ""}})


def watermark(fig, synthetic: bool, lang: str = "zh"):
    """Stamp a figure made from the synthetic stand-in, so it is never mistaken for evidence (English figures
    carry no Chinese text)."""
    if synthetic:
        fig.text(0.5, 0.5, label("SYNTHETIC · 合成数据", "SYNTHETIC", lang), fontsize=34, color="firebrick",
                 alpha=0.13,
                 ha="center", va="center", rotation=20, zorder=100)
    return fig
