"""The ledger's chart: which claims it draws, what the SVG carries, and that it repeats byte for byte."""
from __future__ import annotations

import re

from countydigital import ledgerchart


def row(claim_id, status, published, value, *, ci=None, unit="%", stated_as="exact", decides=True):
    computed = [] if value is ... else [{"value": value, "ci": ci, "decides_status": decides}]
    return {"id": claim_id, "section": claim_id.split(".")[0], "status": status, "published": published,
            "unit": unit, "stated_as": stated_as, "computed": computed}


ROWS = [
    row("context.land", "differs", 93, 84.4),
    row("employment.insured", "synthetic", 97.4, 97.1, ci=[96.0, 98.2]),
    row("talent.age", "synthetic", 28, 28.1, ci=[27.6, 28.5], unit="years"),
    row("talent.share", "synthetic", 50, 88.9, unit="% aged 20-35", stated_as="more_than"),
    row("programs.people", "recorded", [21, 29], [21, 29], unit="people", stated_as="range"),
    row("programs.date", "recorded", "2021-05", "2021-05", unit="month"),      # a date: not drawn
    row("context.gdp", "not testable", 53, None),                              # nothing computed
    row("context.codes", "reproduced", ["130529", "130722"], ["130529", "130722"]),  # codes: not drawn
    row("employment.context_only", "synthetic", 30, 14, decides=False),       # only a context run
    row("employment.never", "not computed", 1, ...),
]


def test_points_keep_numbers_on_both_sides_and_the_deciding_run():
    drawn = {p.claim_id: p for p in ledgerchart.points(ROWS)}
    assert list(drawn) == ["context.land", "employment.insured", "talent.age", "talent.share", "programs.people"]
    assert drawn["employment.insured"].ci == (96.0, 98.2)
    assert drawn["programs.people"].published == (21.0, 29.0)
    assert drawn["talent.share"].unit == "%"  # percentages share a panel whatever they count
    assert [p.claim_id for p in ledgerchart.points(ROWS, statuses=("differs",))] == ["context.land"]


def test_chart_is_inline_svg_with_links_status_colours_and_alt_text():
    alt = ledgerchart.describe(ROWS, "en")
    assert "context.land: published 93, computed 84.4 (differs)" in alt
    assert "programs.people: published 21–29, computed 21–29 (recorded)" in alt
    page = ledgerchart.chart_html(ROWS, caption="Caption <here>", alt=alt, link_prefix="claims.html")
    assert page.startswith('<figure class="ledger-figure"><svg role="img"')
    assert "<figcaption>Caption &lt;here&gt;</figcaption>" in page
    assert "<title>Dot chart" in page
    assert 'xlink:href="claims.html#context.land"' in page and 'xlink:href="claims.html#talent.age"' in page
    for status in ("differs", "synthetic", "recorded"):
        assert ledgerchart.STATUS_COLORS[status] in page, status
    assert "http" not in page and "<?xml" not in page  # no outside address, fit for an HTML body
    assert re.search(r"<(script|foreignObject)\b", page) is None


def test_chart_repeats_byte_for_byte_and_is_empty_without_numbers():
    first = ledgerchart.chart_html(ROWS, caption="c", alt="a")
    assert first == ledgerchart.chart_html(ROWS, caption="c", alt="a")
    assert ledgerchart.chart_html([r for r in ROWS if r["id"] in ("context.gdp", "programs.date")],
                                  caption="c", alt="a") == ""


def test_a_drawing_is_kept_between_builds_and_is_the_one_a_new_drawing_gives(own_kept_dir, monkeypatch):
    first = ledgerchart.chart_html(ROWS, caption="c", alt="a")
    kept = list((own_kept_dir / "ledger-charts").iterdir())
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") in first

    def no_drawing(*args, **kwargs):
        raise AssertionError("drawn again")

    with monkeypatch.context() as patch:
        patch.setattr(ledgerchart, "figure", no_drawing)
        assert ledgerchart.chart_html(ROWS, caption="c", alt="a") == first
    assert ledgerchart.chart_html(ROWS, caption="c", alt="another title") != first  # another key: drawn
    kept[0].write_text("<svg>damaged</svg>", encoding="utf-8")
    assert ledgerchart.chart_html(ROWS, caption="c", alt="a") == first  # a damaged copy is drawn again
