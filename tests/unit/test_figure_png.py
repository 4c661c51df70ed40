"""Figures as PNG from one draw, cut to their ink (plotting.figure_png), and figures drawn once per process
(plotting.rendered)."""
from __future__ import annotations

import io

import matplotlib
import matplotlib.pyplot as plt
import pytest
from IPython.core.pylabtools import print_figure
from PIL import Image

from countydigital import plotting


def _size(png: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(png)).size


def test_a_figure_is_cut_to_its_ink_plus_the_savefig_margin():
    fig = plt.figure(figsize=(4, 3), dpi=100)
    # a black square of 100 x 50 pixels in the middle of a white 400 x 300 figure
    fig.patches.append(plt.Rectangle((0.25, 0.5), 0.25, 1 / 6, transform=fig.transFigure, color="black", linewidth=0,
                                     antialiased=False))
    png = plotting.figure_png(fig)
    plt.close(fig)
    pad = round(matplotlib.rcParams["savefig.pad_inches"] * 100)
    assert png.startswith(b"\x89PNG")
    assert _size(png) == (100 + 2 * pad, 50 + 2 * pad)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.getpixel((pad + 50, pad + 25)) == (0, 0, 0) and image.getpixel((1, 1)) == (255, 255, 255)


def test_the_cut_matches_what_bbox_tight_shows_of_an_ordinary_figure():
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.bar([1, 2, 3], [3, 1, 2])
    ax.set_title("a title")
    fig.tight_layout()
    ours, tight = _size(plotting.figure_png(fig)), _size(print_figure(fig, "png", bbox_inches="tight"))
    plt.close(fig)
    # "tight" measures the artists' boxes (text boxes include some blank), we measure the ink: a few pixels apart
    assert abs(ours[0] - tight[0]) <= 8 and abs(ours[1] - tight[1]) <= 8


def test_ink_at_the_figure_edge_falls_back_to_bbox_tight():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.set_position((0, 0, 1, 1))  # the axes' frame is drawn on the figure's edge
    ax.plot([0, 1], [0, 1])
    ax.text(1.3, 0.5, "beyond the edge", transform=ax.transAxes)
    png = plotting.figure_png(fig)
    expected = print_figure(fig, "png", bbox_inches="tight")
    plt.close(fig)
    assert png == expected and _size(png)[0] > 300  # "tight" grows the image to show the text past the edge


def test_a_rendered_figure_is_drawn_once_per_key_and_style():
    drawn = []

    def make():
        fig, ax = plt.subplots(figsize=(2, 2))
        drawn.append(fig.number)
        ax.plot([1, 2], [2, 1])
        return fig

    first = plotting.rendered(("test-figure", 1), make)
    again = plotting.rendered(("test-figure", 1), make)
    assert first == again and len(drawn) == 1
    plotting.rendered(("test-figure", 2), make)  # another key
    assert len(drawn) == 2
    with matplotlib.rc_context({"lines.linewidth": 7}):  # another style
        other = plotting.rendered(("test-figure", 1), make)
    assert len(drawn) == 3 and other != first
    assert first.data.startswith(b"\x89PNG") and not set(drawn) & set(plt.get_fignums())  # each closed


def test_a_fixed_layout_gives_the_margins_in_inches_whatever_the_figure_size():
    import matplotlib.pyplot as plt

    from countydigital.plotting import fixed_layout

    for width in (4.5, 9.0):
        fig, _ = plt.subplots(1, 2, figsize=(width, 4.0))
        fixed_layout(fig, left=0.6, right=0.3, bottom=0.7, top=0.8, wspace=0.1)
        p = fig.subplotpars
        assert (p.left * width, (1 - p.right) * width) == pytest.approx((0.6, 0.3))
        assert (p.bottom * 4.0, (1 - p.top) * 4.0, p.wspace) == pytest.approx((0.7, 0.8, 0.1))
        plt.close(fig)


def test_the_county_profile_figures_fit_their_fixed_margins():
    """No label of the atlas's figures reaches the canvas edge (which would cost figure_png a second draw)
    for units with long names, one census year or two, in both languages."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import to_rgba

    from countydigital import plotting
    from countydigital.sections.context import plots

    for lang in ("zh", "en"):
        plotting.setup(lang)
        # 130171: a development zone whose name makes the suptitle wider than the figure (it is widened)
        for code in ("130529", "652201", "150781", "542521", "130171"):
            for fig in (plots.locator_figure(code, lang), plots.pyramid_figure(code, lang),
                        plots.indicator_figure(code, ["urban_share"], lang),
                        plots.comparison_figure("education", code, lang),
                        plots.comparison_figure("sectors", code, lang)):
                fig.canvas.draw()
                pixels = np.asarray(fig.canvas.buffer_rgba())
                ink = (pixels != np.round(np.asarray(to_rgba(fig.get_facecolor())) * 255)).any(axis=2)
                edges = (ink[0].any(), ink[-1].any(), ink[:, 0].any(), ink[:, -1].any())
                assert not any(edges), (lang, code, fig.texts)
                plt.close(fig)


def test_a_title_wider_than_a_fixed_layout_widens_the_figure_not_the_axes():
    from countydigital.plotting import fixed_layout

    fig, ax = plt.subplots(figsize=(4.0, 3.0))
    fig.suptitle("a suptitle far too long to fit over a figure only four inches wide, whatever its font")
    fixed_layout(fig, left=0.6, right=0.3, bottom=0.5, top=0.6)
    width = fig.get_size_inches()[0]
    png = plotting.figure_png(fig)
    tight = print_figure(fig, "png", bbox_inches="tight")
    axes_width = ax.get_position().width * width
    plt.close(fig)
    assert width > 4.0 and axes_width == pytest.approx(4.0 - 0.6 - 0.3)
    # cut from one draw to the title plus the margin, as "tight" shows it (its text boxes include some blank)
    assert abs(_size(png)[0] - _size(tight)[0]) <= 16 and abs(_size(png)[1] - _size(tight)[1]) <= 8


def test_a_kept_background_gives_the_pixels_of_a_full_draw():
    """The locator's map of China is drawn once per province (plotting.same_background): every figure drawn over
    the kept pixels is byte-identical to the same figure drawn whole, for units of one province and of another,
    in both languages; a figure the kept background does not fit (a suptitle) is drawn whole."""
    from countydigital.sections.context import plots

    def both(make):
        fig = make()
        marked = plotting.figure_png(fig)
        plt.close(fig)
        fig = make()
        delattr(fig, "_countydigital_background")
        whole = plotting.figure_png(fig)
        plt.close(fig)
        return marked, whole

    for lang in ("zh", "en"):
        plotting.setup(lang)
        for code in ("130102", "130529", "130171", "140105", "130125"):
            marked, whole = both(lambda code=code, lang=lang: plots.locator_figure(code, lang))
            assert marked == whole, (lang, code)

        def titled(lang=lang):
            fig = plots.locator_figure("130529", lang)
            fig.suptitle("a figure-level text: not covered by the kept background")
            return fig

        marked, whole = both(titled)
        assert marked == whole


def test_figures_drawn_on_a_shared_renderer_are_those_of_a_renderer_of_their_own(monkeypatch):
    """plotting.agg_canvas keeps one Agg renderer per size (texts measured once per process): every figure of
    a county profile, drawn after others of its size, is the same PNG as on a fresh canvas."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from countydigital.sections.context import plots

    def profile(code, lang):
        return [plots.locator_figure(code, lang), plots.pyramid_figure(code, lang),
                plots.indicator_figure(code, ["urban_share"], lang),
                plots.comparison_figure("education", code, lang), plots.comparison_figure("sectors", code, lang)]

    for lang in ("zh", "en"):
        plotting.setup(lang)
        shared = [[plotting.figure_png(f) for f in profile(code, lang)] for code in ("130529", "130171", "652201")]
        plt.close("all")
        with monkeypatch.context() as patch:
            patch.setattr(plotting, "agg_canvas", FigureCanvasAgg)
            own = [[plotting.figure_png(f) for f in profile(code, lang)] for code in ("130529", "130171", "652201")]
            plt.close("all")
        assert shared == own, lang
