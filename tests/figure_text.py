"""Run a notebook's code in this process and collect the text of every figure it draws.

For checking what figures *say* (titles, axis labels, tick labels, legends, annotations)
from matplotlib's own text objects, never from pixels. The parameters cell is run, then
the given parameters override it, as papermill would inject them.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    fig.canvas.draw()  # tick labels exist only once the figure is laid out
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def figure_texts(notebook: Path, parameters: dict) -> list[tuple[int, list[str]]]:
    """(code cell number, texts) for every figure the notebook draws with `parameters`."""
    import IPython.display
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    shown: list = []

    def display(*objects, **_):
        shown.extend(o for o in objects if isinstance(o, Figure))

    import IPython.core.pylabtools as pylabtools

    printed = pylabtools.print_figure

    def print_figure(fig, *args, **kwargs):  # plotting.show draws the PNG itself, then closes the figure
        shown.append(fig)
        return printed(fig, *args, **kwargs)

    from countydigital import plotting

    drawn = plotting.figure_png

    def figure_png(fig):  # plotting.show's own rendering, which print_figure only backs up
        shown.append(fig)
        return drawn(fig)

    original = IPython.display.display
    IPython.display.display = display
    pylabtools.print_figure = print_figure
    plotting.figure_png = figure_png
    plotting._RENDERED.clear()  # a figure drawn once per process (plotting.rendered) is drawn again here
    plt.close("all")
    found: list[tuple[int, list[str]]] = []
    namespace: dict = {"__name__": "__main__"}
    try:
        number = 0
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            number += 1
            exec(compile(cell.source, f"{notebook.name} cell {number}", "exec"), namespace)
            if "parameters" in cell.metadata.get("tags", []):
                namespace.update(parameters)
            figures = {id(f): f for f in shown if isinstance(f, Figure)}
            figures.update({id(plt.figure(n)): plt.figure(n) for n in plt.get_fignums()})
            for fig in figures.values():
                found.append((number, _texts(fig)))
            shown.clear()
            plt.close("all")
    finally:
        IPython.display.display = original
        pylabtools.print_figure = printed
        plotting.figure_png = drawn
    return found


def cjk_texts(found: list[tuple[int, list[str]]]) -> list[str]:
    return [f"cell {n}: {t!r}" for n, texts in found for t in texts if CJK.search(t)]
