"""Turn an executed notebook into a published HTML page (nbconvert, code hidden)."""
from __future__ import annotations

import functools
from pathlib import Path

import nbformat

from . import languages

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "countydigital_page"


def _publishable(nb: nbformat.NotebookNode, lang: str = languages.DEFAULT) -> nbformat.NotebookNode:
    """Make the page deterministic and drop what must not reach a reader: stderr streams (warnings carry local
    file paths and library noise; they stay in the executed notebook under build/). An English page keeps
    the English half of the notebook's bilingual text cells."""
    for number, cell in enumerate(nb.cells):
        if lang == "en" and cell.cell_type == "markdown":
            cell.source = languages.english_markdown(cell.source)
        # papermill gives its injected-parameters cell a random id; ids from the
        # position keep repeated builds byte-identical.
        cell.id = f"cell-{number}"
        if "outputs" in cell:
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    return nb


# Kept in a published notebook's metadata: what it ran on and with which parameters. Timings,
# the machine's paths and papermill's bookkeeping change with every run and say nothing to a reader.
KEPT_NOTEBOOK_METADATA = ("kernelspec", "language_info")
VOLATILE_CELL_METADATA = ("execution", "papermill")


def publishable_notebook(executed: Path) -> str:
    """The executed notebook as published beside its page (.ipynb): outputs as on the page, no stderr, no
    timings or local paths; papermill's parameters kept. Deterministic: same run, same bytes."""
    nb = _publishable(nbformat.read(executed, as_version=4))
    parameters = nb.metadata.get("papermill", {}).get("parameters")
    nb.metadata = nbformat.NotebookNode({k: nb.metadata[k] for k in KEPT_NOTEBOOK_METADATA if k in nb.metadata})
    if parameters is not None:
        nb.metadata["papermill"] = {"parameters": parameters}
    for cell in nb.cells:
        for key in VOLATILE_CELL_METADATA:
            cell.metadata.pop(key, None)
    return nbformat.writes(nb) + "\n"


def publishable_source(notebook: Path) -> str:
    """The source notebook as published: its cells as in the repository, ids from their position (ids an
    editor drew at random would make two builds of the same source differ)."""
    nb = nbformat.read(notebook, as_version=4)
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    return nbformat.writes(nb) + "\n"


@functools.lru_cache(maxsize=4)
def exporter(lang: str = languages.DEFAULT):
    """The page exporter for `lang`, made once per process: finding and compiling the templates costs more than
    most pages' conversion, and an exporter keeps no state from one page to the next (resources are per call)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(
        language_code=lang,  # nbconvert takes ISO 639-1 only ("zh", "en"); a region tag falls back to "en"
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # validate the notebook once after the preprocessors, not after each of the ~12 (same pages, ~15 ms less each)
        optimistic_validation=True,
    )


def notebook_to_html(executed: Path, out: Path, title: str, lang: str = languages.DEFAULT) -> Path:
    """Convert `executed` to a self-contained HTML page without code cells, `<html lang>` set to its language."""
    nb = _publishable(nbformat.read(executed, as_version=4), lang)
    out.write_text(_page(nb, title, lang), encoding="utf-8")
    return out


def _page(nb: nbformat.NotebookNode, title: str, lang: str) -> str:
    resources = {"metadata": {"name": title}, "countydigital": {"title": title, "lang": lang}}
    body, _ = exporter(lang).from_notebook_node(nb, resources=resources)
    return body


def rehearse(lang: str = languages.DEFAULT) -> None:
    """Convert a small page in memory, so that this process has compiled what every page's conversion needs
    (templates, nbconvert's CSS selectors, the Markdown parser). A fork server does it once for its workers."""
    v4 = nbformat.v4
    code = v4.new_code_cell("x", outputs=[
        v4.new_output("stream", name="stdout", text="x\n"),
        v4.new_output("display_data", data={"text/html": "<p>x</p>", "text/plain": "x"}),
        v4.new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
    ])
    _page(_publishable(v4.new_notebook(cells=[v4.new_markdown_cell("# x\n\n*x* [x](x.html)"), code]), lang),
          "x", lang)
