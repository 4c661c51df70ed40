"""The claims ledger as a picture: each claim's published figure beside the computed one.

One row per claim that has a number on both sides: the published figure as an open black
marker (a triangle when the report gives a bound, "more than" ▶ / "less than" ◀; a bar
for a range), the computed value that decides the claim's status as a dot in the status
colour, its 95% CI as a line. Claims are grouped by unit (percentages together, years,
minutes ...), one panel per unit, each with its own scale. Row labels are the claim ids
and link to the claim's row of the ledger.

Used by the ledger page (one chart per section) and the front page (the whole ledger).
The SVG is written inline, deterministically (fixed hash salt, no date), so repeated
builds stay byte-identical. Its text stays text (selectable, small) and is ASCII (claim
ids, units and statuses as the registry spells them), so it renders in any browser font;
the Chinese goes in the caption under it.
"""
from __future__ import annotations

import html
import io
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from . import keptfiles, plotting
from .claims.registry import is_number
from .plotting import label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

KEPT_DRAWINGS = 64  # the ledger's sections and the front page's chart, in both languages, for a few ledgers

# The hues of the ledger's status badges (claims.ledger CSS), strong enough for a dot.
STATUS_COLORS = {
    "reproduced": "#1a7f37",
    "differs": "#c2410c",
    "synthetic": "#6d28d9",
    "recorded": "#1d4ed8",
    "not testable": "#6b7280",
    "not computed": "#b91c1c",
}
PUBLISHED_COLOR = "#111111"
BOUND_MARKERS = {"more_than": ">", "at_least": ">", "far_above": ">", "less_than": "<", "at_most": "<"}
ROW_INCHES = 0.26
PANEL_INCHES = 0.75


@dataclass(frozen=True)
class Point:
    """One drawable claim: published and computed numbers in the same unit."""

    claim_id: str
    section: str
    unit: str
    stated_as: str
    published: tuple[float, float]  # (low, high); equal for a point figure
    computed: tuple[float, float]
    ci: tuple[float, float] | None
    status: str


def _pair(value) -> tuple[float, float] | None:
    if is_number(value):
        return float(value), float(value)
    if isinstance(value, list) and len(value) == 2 and all(is_number(v) for v in value):
        return float(value[0]), float(value[1])
    return None


def unit_group(unit: str | None) -> str:
    """Percentages share a panel whatever they are percentages of ("% aged 20-35" is "%")."""
    unit = (unit or "").strip()
    return "%" if unit.startswith("%") else unit


def points(rows: list[dict], *, statuses: tuple[str, ...] | None = None) -> list[Point]:
    """The drawable claims of ledger rows (`ledger_data()["claims"]`), in ledger order.

    A claim is drawn when its published value and the computed value deciding its status
    are numbers (or numeric ranges); dates, lists of codes and uncomputed claims are not.
    `statuses`: draw only claims with one of these statuses.
    """
    out = []
    for row in rows:
        if statuses is not None and row["status"] not in statuses:
            continue
        published = _pair(row.get("published"))
        deciding = [e for e in row.get("computed", []) if e.get("decides_status")]
        if published is None or not deciding:
            continue
        entry = deciding[-1]
        computed = _pair(entry.get("value"))
        if computed is None:
            continue
        ci = _pair(entry.get("ci"))
        out.append(Point(row["id"], row["section"], unit_group(row.get("unit")), row.get("stated_as") or "exact",
                         published, computed, ci, row["status"]))
    return out


def _style() -> dict:
    """The project's figure style (plotting), scoped to this drawing: the runner's process is left as it was."""
    rc = dict(plotting.DETERMINISTIC_RC)
    rc.update({"svg.fonttype": "none", "font.size": 8, "axes.edgecolor": "#999999", "axes.grid": True,
               "grid.color": "#e5e5e5", "axes.axisbelow": True})
    return rc


def figure(chosen: list[Point], *, link_prefix: str = "") -> Figure:
    """One panel per unit group, one row per claim (top to bottom in ledger order)."""
    import matplotlib.lines
    from matplotlib.figure import Figure

    groups: dict[str, list[Point]] = {}
    for p in chosen:
        groups.setdefault(p.unit, []).append(p)
    heights = [len(g) for g in groups.values()]
    fig = Figure(figsize=(7.5, ROW_INCHES * sum(heights) + PANEL_INCHES * len(groups)))
    axes = fig.subplots(len(groups), 1, squeeze=False, gridspec_kw={"height_ratios": heights})[:, 0]
    for ax, (unit, group) in zip(axes, groups.items()):
        for row, p in enumerate(reversed(group)):
            colour = STATUS_COLORS.get(p.status, "#333333")
            if p.ci:
                ax.plot(p.ci, [row, row], color=colour, linewidth=2.2, alpha=0.55, solid_capstyle="butt")
            if p.computed[0] != p.computed[1]:
                ax.plot(p.computed, [row, row], color=colour, linewidth=4, alpha=0.8, solid_capstyle="butt")
            ax.plot([sum(p.computed) / 2], [row], "o", color=colour, markersize=5.5, zorder=3)
            if p.published[0] != p.published[1]:
                ax.plot(p.published, [row + 0.28] * 2, color=PUBLISHED_COLOR, linewidth=1.2)
            ax.plot([sum(p.published) / 2], [row], BOUND_MARKERS.get(p.stated_as, "D"), markersize=6,
                    markerfacecolor="none", markeredgecolor=PUBLISHED_COLOR, markeredgewidth=1.1, zorder=4)
        ids = [p.claim_id for p in reversed(group)]
        ax.set_yticks(range(len(ids)), ids, fontfamily="monospace", fontsize=7.5)
        for tick, claim_id in zip(ax.get_yticklabels(), ids):
            tick.set_url(f"{link_prefix}#{claim_id}")  # SVG: the label links to the ledger row
        ax.set_ylim(-0.7, len(ids) - 0.3)
        ax.set_xlabel(unit, fontsize=7.5)
        ax.margins(x=0.08)
    handles = [matplotlib.lines.Line2D([], [], linestyle="none", marker="D", markerfacecolor="none",
                                       markeredgecolor=PUBLISHED_COLOR, label="published")]
    for status in dict.fromkeys(p.status for p in chosen):
        handles.append(matplotlib.lines.Line2D([], [], linestyle="none", marker="o",
                                               color=STATUS_COLORS.get(status, "#333333"), label=status))
    fig.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=7.5, frameon=False,
               bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.3 / fig.get_figheight()))
    return fig


def svg(fig: Figure, title: str) -> str:
    """The figure as inline SVG for an HTML page: no XML prolog, `role="img"`, `title` as its accessible name."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    # Inline in HTML the namespaces are implied (the parser knows <svg> and xlink:href); the
    # metadata block only names namespaces too. Without them the page names no outside address.
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    text = text.replace("<svg ", '<svg role="img" class="ledger-chart" style="max-width:100%;height:auto" ', 1)
    head_end = text.index(">") + 1
    return text[:head_end] + f"<title>{html.escape(title)}</title>" + text[head_end:]


def chart_html(rows: list[dict], *, caption: str, alt: str, link_prefix: str = "",
               statuses: tuple[str, ...] | None = None) -> str:
    """A <figure> with the chart of `rows` and `caption` under it; "" when no claim has numbers to draw."""
    chosen = points(rows, statuses=statuses)
    if not chosen:
        return ""
    drawing = _kept_drawing(chosen, link_prefix, alt)
    return (f'<figure class="ledger-figure">{drawing}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def _kept_drawing(chosen: list[Point], link_prefix: str, alt: str) -> str:
    """The SVG of `chosen`, drawn once and kept (keptfiles): it is the same for every build of the
    same ledger, and drawing it means importing matplotlib (~0.4 s of a build that otherwise needs none)."""
    key = keptfiles.key_of(repr(chosen), link_prefix, alt, repr(sorted(_style().items())),
                           metadata.version("matplotlib"), *_user_matplotlibrc(),
                           Path(__file__).read_bytes(), Path(plotting.__file__).read_bytes())

    def draw() -> bytes:
        import matplotlib

        with matplotlib.rc_context(_style()):
            return svg(figure(chosen, link_prefix=link_prefix), alt).encode("utf-8")

    return keptfiles.kept_or_made("ledger-charts", key, ".svg", draw, KEPT_DRAWINGS).decode("utf-8")


def _user_matplotlibrc() -> list[bytes]:
    """The matplotlibrc files matplotlib would read besides its own (they could change the drawing)."""
    config = os.environ.get("MPLCONFIGDIR") or Path.home() / ".config" / "matplotlib"
    named = os.environ.get("MATPLOTLIBRC")
    candidates = [*([Path(named), Path(named) / "matplotlibrc"] if named else []), Path("matplotlibrc"),
                  Path(config) / "matplotlibrc"]
    return [f.read_bytes() for f in candidates if f.is_file()]


def describe(rows: list[dict], lang: str = "zh", *, statuses: tuple[str, ...] | None = None) -> str:
    """Alt text: what the chart shows, with each drawn claim's published and computed value."""
    chosen = points(rows, statuses=statuses)
    parts = []
    for p in chosen:
        pub = _number_text(p.published)
        comp = _number_text(p.computed)
        parts.append(label(f"{p.claim_id}：报告 {pub}，计算 {comp}（{p.status}）",
                           f"{p.claim_id}: published {pub}, computed {comp} ({p.status})", lang))
    head = label("点图：每行一条论断，空心标记为报告值，实心点为计算值（颜色表示状态），线段为95%置信区间。",
                 "Dot chart, one row per claim: open marker the published figure, filled dot the computed value "
                 "(coloured by status), line its 95% confidence interval. ", lang)
    return head + label("；", "; ", lang).join(parts) + label("。", ".", lang)


def _number_text(pair: tuple[float, float]) -> str:
    def one(v: float) -> str:
        return f"{v:.1f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.0f}"

    return one(pair[0]) if pair[0] == pair[1] else f"{one(pair[0])}–{one(pair[1])}"
