"""Figures reach the page as <figure> with alt text and a caption; plain tables show no row numbers."""
from __future__ import annotations

import base64
import re

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from countydigital import plotting
from countydigital.runner.render import notebook_to_html
from countydigital.tables import plain

PLACEHOLDER = "No description has been provided for this image"


def _shown(monkeypatch, *args):
    import IPython.display

    captured = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: captured.append((a, k)))
    fig = plt.figure()
    fig.gca().plot([1, 2, 3])
    plotting.show(fig, *args)
    assert fig.number not in plt.get_fignums()  # closed: the inline backend will not show it a second time
    (data,), options = captured[0]
    return data, options


def test_show_puts_caption_and_alt_in_the_output_metadata(monkeypatch):
    data, options = _shown(monkeypatch, plotting.Caption("巨鹿县人口金字塔。", "Two pyramids of 巨鹿县"))
    assert base64.b64decode(data["image/png"]).startswith(b"\x89PNG")
    assert data["text/plain"] == "Two pyramids of 巨鹿县" and options["raw"] is True
    assert options["metadata"] == {"image/png": {"alt": "Two pyramids of 巨鹿县", "caption": "巨鹿县人口金字塔。"}}
    data, options = _shown(monkeypatch, "A caption", "An alt text")
    assert options["metadata"]["image/png"] == {"alt": "An alt text", "caption": "A caption"}


def test_show_refuses_a_figure_without_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        plotting.show(plt.figure(), "caption only")
    with pytest.raises(ValueError, match="alt text"):
        plotting.show(plt.figure(), plotting.Caption("caption", "  "))
    plt.close("all")


def _page(tmp_path, outputs) -> str:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = outputs
    nb.cells = [cell]
    nbformat.write(nb, tmp_path / "n.ipynb")
    return notebook_to_html(tmp_path / "n.ipynb", tmp_path / "n.html", "t").read_text(encoding="utf-8")


def test_page_template_writes_figure_alt_and_caption_escaped(tmp_path):
    png = base64.b64encode(b"\x89PNG fake").decode()
    metadata = {"image/png": {"alt": "Bars of <b>巨鹿县</b>", "caption": "Source & note"}}
    described = nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "x"}, metadata=metadata)
    page = _page(tmp_path, [described])
    figure = re.search(r'<figure class="cd-figure[^"]*">(.*?)</figure>', page, re.S).group(1)
    assert 'alt="Bars of &lt;b&gt;巨鹿县&lt;/b&gt;"' in figure
    assert "<figcaption>Source &amp; note</figcaption>" in figure
    assert figure.index("<img") < figure.index("<figcaption>")  # the caption under the figure
    assert PLACEHOLDER not in page
    # A figure shown without plotting.show keeps nbconvert's placeholder: what the site test looks for.
    bare = nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})
    assert PLACEHOLDER in _page(tmp_path, [bare])


def test_plain_tables_have_no_row_numbers():
    frame = pd.DataFrame({"班级": ["集训班", "专业班"], "intake": [40, 40]})
    shown = plain(frame)
    assert "<th>0</th>" not in shown._repr_html_() and "<td>集训班</td>" in shown._repr_html_()
    assert repr(shown).splitlines()[1].split() == ["集训班", "40"]
    assert "<th>0</th>" in frame.to_html()  # what it replaces
