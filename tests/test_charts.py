"""The report charts: what each one DRAWS, read back from the axes.

Bar widths and heights are in EUR mln and worked out by hand from the agreement (Heerlen Noord,
data/sources/, pages as cited): realisatiestimulans EUR 5.3-8.0 mln (page 6), ORV 10.0 mln
(page 7), capaciteit 4.3 mln (page 8), total 19.6-22.3 mln (page 8). The default scenario's
realisatiestimulans is 1,413 homes x 100/130 x EUR 7,000 = EUR 7,608,461.54 (docs/assumptions.md
A13). Words are compared through the text catalogue (``t``), except "niet gepubliceerd" and
"ILLUSTRATIEF", which stay.
"""

from __future__ import annotations

import io
import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb, to_rgba  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.offsetbox import DrawingArea, HPacker, TextArea  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from nplv_analysis.data import funding, national_figures, national_summary  # noqa: E402
from nplv_analysis.engine import (  # noqa: E402
    Scenario,
    allocation_comparison,
    cumulative_bands,
    run,
    totals,
)
from nplv_analysis.monitor import load_monitor, midterm_review, trajectory  # noqa: E402
from nplv_analysis.report import charts  # noqa: E402
from nplv_analysis.text import t  # noqa: E402

from .conftest import DATA  # noqa: E402

HN = "heerlen-noord"
NOT_PUBLISHED = "niet gepubliceerd"
ILLUSTRATIVE = "ILLUSTRATIEF"
MONITOR = DATA / "monitor" / "illustratief-2027.csv"
AS_OF = "2027-06-30"
RS_CENTRAL_MLN = 7.608462  # 9,891,000 x 100/130 = 7,608,461.54, in EUR mln to 6 decimals


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def hn_fund() -> pd.DataFrame:
    return funding(HN)


@pytest.fixture(scope="module")
def hn_totals() -> pd.Series:
    return totals(Scenario(), [HN]).set_index("instrument")["gross_eur"]


@pytest.fixture(scope="module")
def monitor():
    return load_monitor(MONITOR)


@pytest.fixture(scope="module")
def hn_review(monitor) -> pd.Series:
    return midterm_review(monitor, AS_OF).set_index("area_id").loc[HN]


# --- reading the axes back ----------------------------------------------------------------------


def _ax():
    _, ax = plt.subplots()
    return ax


def hbars(ax) -> list[tuple[float, float, float]]:
    """Horizontal bars as (y centre, left, width), rounded, sorted."""
    return sorted(
        (
            round(p.get_y() + p.get_height() / 2, 6),
            round(p.get_x(), 6),
            round(p.get_width(), 6),
        )
        for p in ax.patches
        if isinstance(p, Rectangle)
    )


def vbars(ax) -> list[tuple[float, float, float]]:
    """Vertical bars as (x centre, bottom, height), rounded, sorted."""
    return sorted(
        (
            round(p.get_x() + p.get_width() / 2, 6),
            round(p.get_y(), 6),
            round(p.get_height(), 6),
        )
        for p in ax.patches
        if isinstance(p, Rectangle)
    )


def bar_at(ax, y: float, left: float = 0.0) -> Rectangle:
    """The one horizontal bar at row ``y`` starting at ``left``."""
    found = [
        p
        for p in ax.patches
        if math.isclose(p.get_y() + p.get_height() / 2, y, abs_tol=1e-9)
        and math.isclose(p.get_x(), left, abs_tol=1e-6)
    ]
    assert len(found) == 1, f"{len(found)} bars at y={y}, left={left}"
    return found[0]


def texts(ax) -> list[str]:
    return [x.get_text().strip() for x in ax.texts]


def texts_at(ax, y: float) -> list[str]:
    return [x.get_text().strip() for x in ax.texts if math.isclose(x.get_position()[1], y)]


def rows_with_bars(ax) -> set[float]:
    return {round(p.get_y() + p.get_height() / 2, 6) for p in ax.patches}


def diamonds(ax) -> list[tuple[float, float]]:
    """The points of every line drawn with the diamond marker "D", sorted."""
    pts = []
    for line in ax.lines:
        if line.get_marker() == "D":
            pts += [
                (round(float(x), 6), round(float(y), 6))
                for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True)
            ]
    return sorted(pts)


def line_labelled(ax, label: str) -> Line2D:
    found = [line for line in ax.lines if line.get_label() == label]
    assert len(found) == 1, f"{len(found)} lines labelled {label!r}"
    return found[0]


def ytick_labels(ax) -> dict[float, str]:
    return {
        round(float(pos), 6): lab.get_text()
        for pos, lab in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)
    }


def drawn_ticklabels(ax, axis: str = "x") -> list[str]:
    ax.figure.canvas.draw()
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [lab.get_text() for lab in labels]


def legend_swatches(ax) -> dict[str, list]:
    """Each legend entry's label and the artists of its swatch (several for a swatch of
    several colours), read from the drawn legend."""
    out = {}
    for box in ax.get_legend().findobj(lambda a: isinstance(a, HPacker)):
        kids = box.get_children()
        if len(kids) == 2 and isinstance(kids[0], DrawingArea) and isinstance(kids[1], TextArea):
            out[kids[1].get_text()] = list(kids[0].get_children())
    return out


def rgb(color) -> tuple[float, float, float]:
    return tuple(round(c, 4) for c in to_rgb(color))


def look(patch) -> tuple:
    """What a reader sees of a bar: fill, face colour, outline colour (where it shows: an
    open, hatched or unfilled bar), hatch, line style."""
    face = rgb(patch.get_facecolor()) if patch.get_fill() else None
    shows_edge = not patch.get_fill() or patch.get_hatch() or face == (1.0, 1.0, 1.0)
    edge = rgb(patch.get_edgecolor()) if shows_edge else None
    # the dash pattern, not get_linestyle(): a legend swatch copies only the pattern
    dashes = patch._unscaled_dash_pattern if not patch.get_fill() else None
    return face, edge, patch.get_hatch(), str(dashes)


# --- what overlaps what, in the drawn figure ----------------------------------------------------


def marker_boxes(ax, renderer, points=None) -> list[Bbox]:
    """The display boxes of the markers of every line (or of the given data points of the
    diamonds), half the marker size and its edge around each point."""
    boxes = []
    for line in ax.lines:
        if line.get_marker() in ("", "None", None, " "):
            continue
        half = (line.get_markersize() / 2 + line.get_markeredgewidth()) * ax.figure.dpi / 72
        pts = list(zip(line.get_xdata(), line.get_ydata(), strict=True))
        if points is not None:
            pts = [pt for pt in pts if (round(float(pt[0]), 6), round(float(pt[1]), 6)) in points]
        for x, y in line.get_transform().transform(np.asarray(pts, dtype=float).reshape(-1, 2)):
            boxes.append(Bbox.from_extents(x - half, y - half, x + half, y + half))
    return boxes


def _shrunk(box: Bbox, px: float = 0.5) -> Bbox:
    return Bbox.from_extents(box.x0 + px, box.y0 + px, box.x1 - px, box.y1 - px)


def _is_watermark(text) -> bool:
    return (text.get_alpha() or 1.0) < 0.5


def drawn(fig):
    """The figure drawn with Agg (a closed figure has lost its canvas) and its renderer. A
    figure that has not changed since it was last drawn (``stale`` false: the tests of a
    module read the same figures) is not drawn again."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
        fig.canvas.draw()
    elif fig.stale:
        fig.canvas.draw()
    return fig.canvas.get_renderer()


def _drawn_ticklabels(axis) -> list:
    """The tick labels matplotlib draws: those of the ticks within the view (it lists the
    labels of the ticks just outside it too)."""
    low, high = sorted(axis.get_view_interval())
    span = 1e-9 * max(abs(high - low), 1)
    return [t.label1 for t in axis.get_major_ticks() if low - span <= t.get_loc() <= high + span]


def left_title(ax):
    """The axes' left title as a Text (matplotlib names it only privately)."""
    from matplotlib.text import Text

    text = ax.get_title(loc="left")
    found = [c for c in ax.get_children() if isinstance(c, Text) and c.get_text() == text]
    return found[-1] if text else ax.title


def overlaps(fig) -> list[str]:
    """Everything that overlaps in the drawn figure: a text (value label, note, title, tick
    label, axis label, footnote) on another text, a value label or note on a bar or a marker, a
    legend on a text, a bar, a line or a band. The ILLUSTRATIEF watermark may lie on anything."""
    r = drawn(fig)
    found = []
    texts = [(f"figure text {x.get_text()[:30]!r}", x.get_window_extent(r)) for x in fig.texts]
    for i, ax in enumerate(fig.axes):
        where = f"axes {i}"
        labels = [
            (f"{where} text {x.get_text().strip()[:30]!r}", x.get_window_extent(r))
            for x in ax.texts
            if x.get_text().strip() and not _is_watermark(x)
        ]
        ticks = [
            (f"{where} tick {lab.get_text()!r}", lab.get_window_extent(r))
            for lab in _drawn_ticklabels(ax.xaxis) + _drawn_ticklabels(ax.yaxis)
            if lab.get_text() and lab.get_visible()
        ]
        decor = [
            (f"{where} title", ax.title.get_window_extent(r)),
            (f"{where} left title", left_title(ax).get_window_extent(r)),
            (f"{where} x label", ax.xaxis.label.get_window_extent(r)),
            (f"{where} y label", ax.yaxis.label.get_window_extent(r)),
        ]
        decor = [(n, b) for n, b in decor if b.width > 0]
        texts += labels + ticks + decor
        bars = [(f"{where} bar", p.get_window_extent(r)) for p in ax.patches]
        markers = [(f"{where} marker", b) for b in marker_boxes(ax, r)]
        for name, box in labels:
            for other, obox in bars + markers:
                if _shrunk(box).overlaps(obox):
                    found.append(f"{name} on {other}")
        legend = ax.get_legend()
        if legend is None:
            continue
        lbox = _shrunk(legend.get_window_extent(r), 1)
        for other, obox in labels + ticks + decor + bars + markers:
            if lbox.overlaps(obox):
                found.append(f"{where} legend on {other}")
        for art in [*ax.lines, *ax.collections]:
            for path in art.get_paths() if hasattr(art, "get_paths") else [art.get_path()]:
                shown = path.transformed(art.get_transform())
                if shown.intersects_bbox(lbox, filled=not isinstance(art, Line2D)):
                    found.append(f"{where} legend on {type(art).__name__} {art.get_label()!r}")
    for i, (name, box) in enumerate(texts):
        for other, obox in texts[i + 1 :]:
            if box.width and obox.width and _shrunk(box).overlaps(_shrunk(obox)):
                found.append(f"{name} on {other}")
    return found


# --- WCAG 2.1 contrast (1.4.11: graphical objects at least 3:1 against what is next to them) ---


def relative_luminance(color) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour:
    L = 0.2126 R + 0.7152 G + 0.0722 B, each channel c/12.92 if c <= 0.04045, else
    ((c + 0.055) / 1.055) ** 2.4."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(color, background="white") -> float:
    """(L1 + 0.05) / (L2 + 0.05), L1 the lighter; a colour with alpha is first laid on white."""
    r, g, b, a = to_rgba(color)
    seen = (a * r + 1 - a, a * g + 1 - a, a * b + 1 - a)
    light, dark = sorted((relative_luminance(seen), relative_luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# --- funding_chart -------------------------------------------------------------------------------
# Rows from the top: realisatiestimulans (y = 3), orv (2), capaciteit (1), totaal (0).


def test_funding_chart_draws_the_heerlen_noord_amounts(hn_fund):
    ax = _ax()
    assert charts.funding_chart(hn_fund, ax=ax) is ax
    assert hbars(ax) == [
        (0, 0, 19.6),  # totaal low (page 8)
        (0, 19.6, 2.7),  # totaal range 22.3 - 19.6
        (1, 0, 4.3),  # capaciteit
        (2, 0, 10.0),  # ORV
        (3, 0, 5.3),  # realisatiestimulans low (page 6)
        (3, 5.3, 2.7),  # realisatiestimulans range 8.0 - 5.3
    ]
    # the low part is solid, the range part hatched
    assert bar_at(ax, 3, 5.3).get_hatch() == "//" and bar_at(ax, 3).get_hatch() is None
    assert bar_at(ax, 0, 19.6).get_hatch() == "//"
    assert bar_at(ax, 2).get_fill() and bar_at(ax, 2).get_facecolor()[:3] != (1.0, 1.0, 1.0)
    assert NOT_PUBLISHED not in " ".join(texts(ax))
    assert {
        "€ 5,3 mln – € 8,0 mln",
        "€ 10,0 mln",
        "€ 4,3 mln",
        "€ 19,6 mln – € 22,3 mln",
    } <= set(texts(ax))
    # each amount is written at the end of its bar
    assert texts_at(ax, 3) == ["€ 5,3 mln – € 8,0 mln"]
    assert [round(x.get_position()[0], 6) for x in ax.texts if x.get_position()[1] == 3] == [8.0]
    assert ytick_labels(ax) == {
        3.0: t("realisatiestimulans", "nl"),
        2.0: t("orv", "nl"),
        1.0: t("capaciteit", "nl"),
        0.0: t("totaal", "nl"),
    }
    assert ax.get_xlabel() == t("mln_axis", "nl")


def test_funding_chart_names_what_nobody_published_and_draws_no_bar():
    """Groningen Noord: only the press total of EUR 22.5-27 mln (VAT not stated)."""
    ax = charts.funding_chart(funding("groningen-noord"), ax=_ax())
    for y in (3, 2, 1):
        assert texts_at(ax, y) == [NOT_PUBLISHED]
    assert texts(ax).count(NOT_PUBLISHED) == 3
    assert rows_with_bars(ax) == {0}
    assert hbars(ax) == [(0, 0, 22.5), (0, 22.5, 4.5)]  # 27.0 - 22.5
    press = bar_at(ax, 0)  # a press figure is drawn open: white with dots
    assert press.get_facecolor()[:3] == (1.0, 1.0, 1.0) and press.get_hatch() == "...."
    assert texts_at(ax, 0) == [f"€ 22,5 mln – € 27,0 mln ({t('not_stated', 'nl')})"]


def test_funding_chart_says_not_signed_and_not_eligible():
    ax = charts.funding_chart(funding("lelystad-oost"), ax=_ax())
    assert texts(ax) == [t("not signed", "nl")] * 4
    assert len(ax.patches) == 0
    ax = charts.funding_chart(funding("eindhoven-woensel-zuid"), ax=_ax())
    assert texts_at(ax, 3) == [NOT_PUBLISHED]
    assert texts_at(ax, 2) == texts_at(ax, 1) == [t("not eligible", "nl")]
    assert len(ax.patches) == 0


def test_funding_chart_at_most_is_an_open_dotted_outline():
    """Utrecht Overvecht: "bijna 20 miljoen", known from above only: drawn from zero to 20 as
    an open outline, and written as the source writes it, "bijna", never "maximaal"."""
    ax = charts.funding_chart(funding("utrecht-overvecht"), ax=_ax())
    assert hbars(ax) == [(0, 0, 20.0)]
    outline = bar_at(ax, 0)
    assert not outline.get_fill()
    assert outline.get_linestyle() == ":"
    assert texts_at(ax, 0)[0] == "bijna € 20,0 mln (btw niet vermeld)"
    assert set(legend_swatches(ax)) == {'"bijna" dit bedrag, volgens nieuwsbericht'}


def test_funding_chart_at_least_has_no_range_part():
    fund = pd.DataFrame(
        {
            "low_eur": [3_000_000.0],
            "high_eur": [np.nan],
            "vat": ["incl"],
            "qualifier": ["at_least"],
            "status": ["published"],
            "source_kind": ["agreement"],
        },
        index=pd.Index(["orv"], name="instrument"),
    )
    ax = charts.funding_chart(fund, ax=_ax())
    assert hbars(ax) == [(0, 0, 3.0)]
    assert texts(ax) == [f"{t('at_least', 'nl')} € 3,0 mln"]


def test_funding_chart_in_english_says_not_published():
    ax = charts.funding_chart(funding("groningen-noord"), ax=_ax(), lang="en")
    assert texts(ax).count(t("not published", "en")) == 3
    assert ytick_labels(ax)[3.0] == t("realisatiestimulans", "en")


def test_funding_chart_axis_is_written_the_dutch_way(hn_fund):
    ax = charts.funding_chart(hn_fund, ax=_ax())
    fmt = ax.xaxis.get_major_formatter()
    assert fmt(2.5, 0) == "2,5"
    assert fmt(1000, 0) == "1.000"
    ax.set_xlim(0, 2)
    labels = drawn_ticklabels(ax)
    assert "0,5" in labels and "1,5" in labels
    assert not any("." in lab for lab in labels)


def _report_figure(draw, size=(9, 3.8)):
    """A chart in a figure of the report's size (report.figures), laid out as the report does."""
    fig, ax = plt.subplots(figsize=size)
    draw(ax)
    charts.layout(fig)
    fig.canvas.draw()
    return fig, ax


def test_funding_axis_fits_the_largest_figure_and_its_label(hn_fund, hn_totals):
    """The largest figure of Heerlen Noord is the total's high end, EUR 22.3 mln (page 8), and
    the largest diamond 20.19: the axis runs from 0 to just past 22.3 (it ran to twice the
    maximum, 44.6); the label "€ 19,6 mln – € 22,3 mln" runs on past it, inside the figure."""
    fig, ax = _report_figure(lambda ax: charts.funding_vs_scenario_chart(hn_fund, hn_totals, ax=ax))
    low, high = ax.get_xlim()
    assert low == 0 and 22.3 < high < 22.3 * 1.1
    renderer = fig.canvas.get_renderer()
    labels = [x for x in ax.texts if x.get_text().strip()]
    assert len(labels) == 4
    for label in labels:  # every amount is written inside the figure
        assert label.get_window_extent(renderer).x1 <= fig.bbox.width
    widest = max(labels, key=lambda x: x.get_window_extent(renderer).x1)
    assert widest.get_text().strip() == "€ 19,6 mln – € 22,3 mln"
    assert widest.get_window_extent(renderer).x1 > 0.9 * fig.bbox.width  # the room is used


def test_funding_legend_shows_each_pattern_in_the_colours_of_its_bars(hn_fund):
    """One amount (ORV, capaciteit: solid) and a range (realisatiestimulans: the estimate;
    totaal: the estimate plus the drawing rights, page 8; both solid to the low end, hatched to
    the high end): each legend entry has one swatch per bar colour, drawn as the bars are; no
    grey swatch for coloured bars."""
    ax = charts.funding_chart(hn_fund, ax=_ax())
    swatches = legend_swatches(ax)
    fixed = swatches[t("fixed", "nl")]
    assert [rgb(p.get_facecolor()) for p in fixed] == [
        rgb(charts.PALETTE["orv"]),
        rgb(charts.PALETTE["capaciteit"]),
    ]
    assert [rgb(p.get_facecolor()) for p in fixed] == [
        rgb(bar_at(ax, 2).get_facecolor()),
        rgb(bar_at(ax, 1).get_facecolor()),
    ]
    ranged = swatches[t("range", "nl")] + swatches[t("estimate_band", "nl")]
    assert [(look(p)[1] or look(p)[0], p.get_hatch()) for p in ranged] == [
        (rgb(charts.PALETTE["realisatiestimulans"]), None),
        (rgb(charts.PALETTE["realisatiestimulans"]), "//"),
        (rgb(charts.PALETTE["totaal"]), None),
        (rgb(charts.PALETTE["totaal"]), "//"),
    ]
    assert look(ranged[1]) == look(bar_at(ax, 3, 5.3))
    assert look(ranged[3]) == look(bar_at(ax, 0, 19.6))
    # no press, no upper bound
    assert set(swatches) == {t("fixed", "nl"), t("range", "nl"), t("estimate_band", "nl")}


@pytest.mark.parametrize(
    "area", [HN, "groningen-noord", "utrecht-overvecht", "eindhoven-woensel-zuid"]
)
def test_every_bar_looks_like_a_swatch_of_the_legend_and_back(area):
    ax = charts.funding_chart(funding(area), ax=_ax())
    drawn = {look(p) for p in ax.patches}
    if not drawn:
        assert ax.get_legend() is None
        return
    shown = {look(p) for ps in legend_swatches(ax).values() for p in ps}
    assert drawn == shown


def test_areas_legend_matches_the_bars():
    ax = charts.areas_chart(national_summary(), ax=_ax())
    swatches = legend_swatches(ax)
    assert {look(p) for p in ax.patches} == {look(p) for ps in swatches.values() for p in ps}
    # each kind of figure under its own words: the agreement's total (estimate plus drawing
    # rights, page 8), the news's ranges (Groningen, Rotterdam) and the news's "bijna" (Utrecht)
    assert set(swatches) == {
        t("estimate_band", "nl"),
        "bereik volgens nieuwsbericht",
        '"bijna" dit bedrag, volgens nieuwsbericht',
    }
    # read as a bar is: solid (or open, for the press) to the low end, then hatched
    assert [p.get_hatch() for p in swatches[t("estimate_band", "nl")]] == [None, "//"]
    assert [p.get_hatch() for p in swatches["bereik volgens nieuwsbericht"]] == ["....", "//"]


def test_a_label_stands_clear_of_its_diamond(hn_fund):
    """The scenario's realisatiestimulans, EUR 7.6 mln, lies 0.4 mln short of the end of the
    bar (8.0), where its label starts: the label keeps a gap of at least 2 points beyond the
    diamond's edge; a diamond beyond the bar moves the label."""
    scenario = pd.Series(
        {"realisatiestimulans": 7_608_461.54, "orv": 12_000_000.0, "capaciteit": 4_300_000.0}
    )
    fig, ax = _report_figure(lambda ax: charts.funding_vs_scenario_chart(hn_fund, scenario, ax=ax))
    renderer = fig.canvas.get_renderer()
    (orv,) = [x for x in ax.texts if x.get_position()[1] == 2]
    assert orv.get_position()[0] == 12.0  # past the bar's end (10.0), at the diamond
    for y in (3, 2, 1):
        (label,) = [x for x in ax.texts if x.get_position()[1] == y]
        (point,) = [pt for pt in diamonds(ax) if pt[1] == y]
        edge = marker_boxes(ax, renderer, [point])[0].x1
        assert label.get_window_extent(renderer).x0 - edge >= 2 * fig.dpi / 72


# --- funding_vs_scenario_chart --------------------------------------------------------------------


def test_scenario_diamond_stands_at_the_hand_value(hn_fund, hn_totals):
    ax = _ax()
    assert charts.funding_vs_scenario_chart(hn_fund, hn_totals, ax=ax) is ax
    assert diamonds(ax) == [
        (3.583333, 1.0),  # capaciteit under the ceiling: 4.3 mln x 50/60
        (RS_CENTRAL_MLN, 3.0),  # 1,413 x 100/130 x 7,000 = 7,608,461.54
        (9.0, 2.0),  # ORV under the ceiling: 10 mln x 180/200
        (20.191795, 0.0),  # 7,608,461.54 + 9,000,000 + 3,583,333.33
    ]
    # the agreed ranges are drawn under it, as in funding_chart
    assert hbars(ax)[-2:] == [(3, 0, 5.3), (3, 5.3, 2.7)]
    handles = ax.get_legend().legend_handles
    assert any(isinstance(h, Line2D) and h.get_marker() == "D" for h in handles)


def test_scenario_diamond_is_not_drawn_where_nothing_is_computed(hn_fund):
    scenario = pd.Series(
        {"realisatiestimulans": 6_000_000.0, "orv": np.nan, "capaciteit": 2_000_000.0}
    )
    ax = charts.funding_vs_scenario_chart(hn_fund, scenario, ax=_ax())
    assert diamonds(ax) == [(2.0, 1.0), (6.0, 3.0)]  # no ORV, and so no total either


def test_scenario_chart_of_an_area_without_figures_has_no_diamond():
    fund = funding("groningen-noord")
    scenario = totals(Scenario(), ["groningen-noord"]).set_index("instrument")["gross_eur"]
    ax = charts.funding_vs_scenario_chart(fund, scenario, ax=_ax())
    assert diamonds(ax) == []
    assert texts(ax).count(NOT_PUBLISHED) == 3


# --- payments_chart -------------------------------------------------------------------------------


def test_payments_chart_stacks_the_default_scenario():
    """Per payment year 2026-2030: realisatiestimulans 7,608,461.54 / 5 = 1,521,692.31; ORV
    10,000,000 / 5 = 2,000,000 and capaciteit 4,300,000 / 5 = 860,000 (gross) until the
    ceilings are reached in 2030: then ORV gets 20 of 40 mln (1,000,000) and capacity 2 of
    12 mln (143,333.33), first come first served."""
    ax = _ax()
    assert charts.payments_chart(run(Scenario(), [HN]), ax=ax) is ax
    expected = []
    for year in range(2026, 2030):
        expected += [
            (year, 0.0, 1.521692),
            (year, 1.521692, 2.0),
            (year, 3.521692, 0.86),
        ]
    expected += [(2030, 0.0, 1.521692), (2030, 1.521692, 1.0), (2030, 2.521692, 0.143333)]
    assert vbars(ax) == sorted(expected)
    assert [int(x) for x in ax.get_xticks()] == [2026, 2027, 2028, 2029, 2030]
    assert t("computed", "nl") in ax.get_title(loc="left")
    assert ax.yaxis.get_major_formatter()(1.5, 0) == "1,5"


def test_payments_legend_lists_the_instruments_as_they_are_stacked():
    """Top to bottom, as in the stack: capaciteit, ORV, realisatiestimulans; each swatch the
    colour of its bars."""
    ax = charts.payments_chart(run(Scenario(), [HN]), ax=_ax())
    swatches = legend_swatches(ax)
    assert list(swatches) == [t(i, "nl") for i in ("capaciteit", "orv", "realisatiestimulans")]
    for inst in ("capaciteit", "orv", "realisatiestimulans"):
        (swatch,) = swatches[t(inst, "nl")]
        assert rgb(swatch.get_facecolor()) == rgb(charts.PALETTE[inst])
    assert {rgb(p.get_facecolor()) for p in ax.patches} == {
        rgb(charts.PALETTE[i]) for i in ("capaciteit", "orv", "realisatiestimulans")
    }


def test_payments_chart_net_takes_off_the_vat_of_orv():
    """ORV net is gross / 1.21 (21% btw): 2,000,000 / 1.21 = 1,652,892.56 a year, and
    1,000,000 / 1.21 = 826,446.28 in 2030 under the ceiling."""
    ax = charts.payments_chart(run(Scenario(), [HN]), ax=_ax(), value="net_eur")
    orv = [b for b in vbars(ax) if math.isclose(b[1], 1.521692)]
    assert [b[2] for b in orv] == [1.652893] * 4 + [0.826446]
    assert t("net", "nl") in ax.get_title(loc="left")


def test_payments_chart_sums_areas_and_fills_missing_years_with_nothing():
    pay = pd.DataFrame(
        {
            "area_id": ["a", "b", "a"],
            "instrument": ["realisatiestimulans", "realisatiestimulans", "orv"],
            "year": [2026, 2026, 2027],
            "gross_eur": [1_000_000.0, 500_000.0, 2_000_000.0],
        }
    )
    ax = charts.payments_chart(pay, ax=_ax())
    assert vbars(ax) == [
        (2026, 0.0, 1.5),  # realisatiestimulans of a and b: 1.0 + 0.5
        (2026, 1.5, 0.0),  # no ORV in 2026
        (2027, 0.0, 0.0),  # no realisatiestimulans in 2027
        (2027, 0.0, 2.0),
    ]


# --- fan_chart ------------------------------------------------------------------------------------


def _yspan(patch) -> tuple[float, float]:
    if hasattr(patch, "get_height"):
        return round(patch.get_y(), 6), round(patch.get_y() + patch.get_height(), 6)
    ys = patch.get_xy()[:, 1]
    return round(float(ys.min()), 6), round(float(ys.max()), 6)


def test_fan_chart_draws_median_band_and_agreed_range():
    bands = pd.DataFrame(
        {
            "year": [2026, 2027, 2028],
            "p10": [1_000_000.0, 2_000_000.0, 3_000_000.0],
            "p50": [1_500_000.0, 3_000_000.0, 4_500_000.0],
            "p90": [2_000_000.0, 4_000_000.0, 6_000_000.0],
        }
    )
    ax = _ax()
    out = charts.fan_chart(bands, ax=ax, reference_low=19_600_000, reference_high=22_300_000)
    assert out is ax
    median = line_labelled(ax, t("p50", "nl"))
    assert list(median.get_xdata()) == [2026, 2027, 2028]
    assert list(median.get_ydata()) == [1.5, 3.0, 4.5]
    (band,) = ax.collections
    xy = np.round(band.get_paths()[0].vertices, 6)
    assert {(2026.0, 1.0), (2028.0, 3.0), (2026.0, 2.0), (2028.0, 6.0)} <= set(map(tuple, xy))
    assert xy[:, 1].min() == 1.0 and xy[:, 1].max() == 6.0
    assert [_yspan(p) for p in ax.patches] == [(19.6, 22.3)]


def _xspan(patch) -> tuple[float, float]:
    return round(patch.get_x(), 6), round(patch.get_x() + patch.get_width(), 6)


def test_fan_chart_holds_the_agreement_against_the_last_year_only():
    """The agreement's total (EUR 19.6-22.3 mln, page 8) is what the cumulative flow reaches at
    the end: a short bar just right of the last year, 2028 here, not a band across every year."""
    bands = pd.DataFrame(
        {"year": [2026, 2027, 2028], "p10": [1e6, 2e6, 3e6], "p50": [2e6, 3e6, 4e6]}
    ).assign(p90=lambda d: d["p50"] + 1e6)
    ax = charts.fan_chart(bands, ax=_ax(), reference_low=19_600_000, reference_high=22_300_000)
    (bar,) = ax.patches
    left, right = _xspan(bar)
    assert 2028 < left < right <= 2028.5
    assert ax.get_xlim()[1] >= right
    (container,) = ax.containers
    assert container.get_label() == t("estimate_band", "nl")
    assert t("estimate_band", "nl") in [x.get_text() for x in ax.get_legend().get_texts()]


def test_fan_chart_explains_its_band_in_one_sentence_under_it():
    """P10-P90 is the band that holds 80% of the draws; the sentence stands under the axes,
    before what the simulation draws (``drawn``)."""
    bands = pd.DataFrame({"year": [2026, 2027], "p10": [1e6, 2e6], "p50": [2e6, 3e6]})
    bands["p90"] = bands["p50"] + 1e6
    drawn = "Getrokken: de realisatie."
    fig, ax = _report_figure(
        lambda ax: charts.fan_chart(
            bands, ax=ax, reference_low=19_600_000, reference_high=22_300_000, drawn=drawn
        ),
        size=(7, 3.8),
    )
    (note,) = [x for x in ax.texts if "P10" in x.get_text()]
    text = " ".join(note.get_text().split())
    assert text.startswith(
        "De band bevat 80% van de trekkingen (van P10 tot P90), de lijn is de mediaan en de "
        "balk bij 2027 is het totaal van de afspraak (€ 19,6 mln – € 22,3 mln)."
    )
    assert text.endswith(drawn)
    r = fig.canvas.get_renderer()
    under = note.get_window_extent(r).y1
    assert under < min(lab.get_window_extent(r).y0 for lab in ax.get_xticklabels())
    en = charts.fan_chart(bands, ax=_ax(), lang="en")
    (note,) = [x for x in en.texts if "P10" in x.get_text()]
    assert " ".join(note.get_text().split()) == (
        "The band holds 80% of the draws (from P10 to P90); the line is the median."
    )


def test_fan_chart_without_agreed_range_draws_no_span():
    bands = pd.DataFrame({"year": [2026], "p10": [1e6], "p50": [2e6], "p90": [3e6]})
    ax = charts.fan_chart(bands, ax=_ax(), reference_low=np.nan, reference_high=np.nan)
    assert len(ax.patches) == 0
    ax = charts.fan_chart(bands, ax=_ax(), reference_low=5_000_000)  # a fixed amount: one line
    assert [_yspan(p) for p in ax.patches] == [(5.0, 5.0)]


def test_fan_chart_of_the_default_scenario_without_spread():
    """No spread (realisation_band (0, 0); no extra delay is the default): every draw is the
    scenario without ceilings, whose cumulative gross payments are 4,381,692.31 a year
    (1,521,692.31 + 2,000,000 + 860,000)."""
    bands = cumulative_bands(
        Scenario(allocation="uncapped"), HN, n=20, seed=0, realisation_band=(0, 0)
    )
    ax = charts.fan_chart(bands, ax=_ax(), reference_low=19_600_000, reference_high=22_300_000)
    median = line_labelled(ax, t("p50", "nl"))
    assert list(median.get_xdata()) == [2026, 2027, 2028, 2029, 2030]
    assert np.allclose(
        median.get_ydata(),
        [4.38169231, 8.76338462, 13.14507692, 17.52676923, 21.90846154],
        atol=1e-6,
    )
    assert [_yspan(p) for p in ax.patches] == [(19.6, 22.3)]


# --- ceilings_chart -------------------------------------------------------------------------------


def test_ceilings_chart_draws_rights_against_ceilings():
    """ORV: "ruim € 200 mln." against EUR 180 mln (page 7); capaciteit 60 against 50 (page 8)."""
    nat = national_figures()
    ax = _ax()
    out = charts.ceilings_chart(
        {"orv": nat.at["orv.agreed", "value"], "capaciteit": nat.at["capaciteit.agreed", "value"]},
        {"orv": nat.at["orv.budget", "value"], "capaciteit": nat.at["capaciteit.budget", "value"]},
        ax=ax,
        at_least={"orv": True},
    )
    assert out is ax
    assert vbars(ax) == [(-0.2, 0, 200.0), (0.2, 0, 180.0), (0.8, 0, 60.0), (1.2, 0, 50.0)]
    assert texts(ax) == [
        "ruim € 200,0 mln",  # page 7: "ruim € 200 mln."
        "€ 180,0 mln",
        "€ 60,0 mln",
        "€ 50,0 mln",
    ]
    assert [lab.get_text() for lab in ax.get_xticklabels()] == [
        t("orv", "nl"),
        t("capaciteit", "nl"),
    ]


# --- allocation_chart -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hn_comparison() -> pd.DataFrame:
    return allocation_comparison(Scenario(), [HN])


def test_allocation_chart_orv_under_each_rule(hn_comparison):
    """Heerlen Noord's ORV, 2 mln a year; nationally 40 mln a year against 180 mln: pro rata
    180 / 200 = 0.9 -> 1.8 mln; first come pays 2030 only 20 of 40 mln -> 1.0 mln."""
    ax = _ax()
    assert charts.allocation_chart(hn_comparison, "orv", ax=ax, areas_label="Heerlen Noord") is ax
    assert list(line_labelled(ax, t("uncapped", "nl")).get_ydata()) == [2.0] * 5
    assert np.allclose(line_labelled(ax, t("pro_rata", "nl")).get_ydata(), [1.8] * 5)
    assert np.allclose(
        line_labelled(ax, t("first_come", "nl")).get_ydata(), [2.0, 2.0, 2.0, 2.0, 1.0]
    )
    assert list(line_labelled(ax, t("uncapped", "nl")).get_xdata()) == list(range(2026, 2031))
    title = ax.get_title(loc="left")
    assert t("orv", "nl") in title and "Heerlen Noord" in title


def test_allocation_chart_capaciteit_under_each_rule(hn_comparison):
    """0.86 mln a year; nationally 12 mln a year against 50 mln: pro rata 50/60 -> 0.716667;
    first come pays 2030 only 2 of 12 mln -> 0.86 / 6 = 0.143333."""
    ax = charts.allocation_chart(hn_comparison, "capaciteit", ax=_ax())
    assert np.allclose(
        line_labelled(ax, t("pro_rata", "nl")).get_ydata(), [0.716667] * 5, atol=1e-6
    )
    assert np.allclose(
        line_labelled(ax, t("first_come", "nl")).get_ydata(),
        [0.86, 0.86, 0.86, 0.86, 0.143333],
        atol=1e-6,
    )


# --- homes_chart ----------------------------------------------------------------------------------


def test_homes_chart_draws_target_and_published_starts():
    """40,000 accelerated + 10,000 extra (page 1) against Heerlen Noord's 2,352 (page 5) and
    Utrecht Overvecht's circa 2,000."""
    per_area = pd.Series({"Heerlen Noord": 2352, "Utrecht Overvecht (ca.)": 2000})
    ax = _ax()
    assert charts.homes_chart(40_000, 10_000, per_area, ax=ax) is ax
    assert hbars(ax) == [(0, 0, 2352), (0, 2352, 2000), (1, 0, 40_000), (1, 40_000, 10_000)]
    (note,) = ax.texts
    assert note.get_text().strip() == t("other_areas_not_published", "nl")
    assert note.get_position() == (4352, 0)  # after 2,352 + 2,000
    assert ytick_labels(ax) == {0.0: t("published_areas", "nl"), 1.0: t("target", "nl")}
    labels = drawn_ticklabels(ax)
    assert "10.000" in labels and "50.000" in labels


# --- areas_chart ----------------------------------------------------------------------------------


def test_areas_chart_draws_published_totals_and_names_the_rest():
    ax = _ax()
    assert charts.areas_chart(national_summary(), ax=ax) is ax
    row = {name: y for y, name in ytick_labels(ax).items()}
    assert len(row) == 20
    # read from the top in the order of areas.csv: Leeuwarden-Oost first, Roosendaal-stad last
    assert row["Leeuwarden-Oost"] == 19 and row["Heerlen Noord"] == 16
    assert row["Roosendaal-stad"] == 0
    # 14 areas published nothing, Lelystad did not sign (areas.csv); Leeuwarden-Oost has no
    # total but an amount the municipality's news names for six projects, "een eerste stap",
    # without an instrument: named as what it is, as in the table, never as ORV
    assert texts(ax).count(NOT_PUBLISHED) == 14
    assert texts_at(ax, row["Leeuwarden-Oost"]) == [
        "totaal niet gepubliceerd; genoemd bedrag, geen instrument: € 7,2 mln (nieuws gemeente)"
    ]
    assert texts(ax).count(t("not signed", "nl")) == 1
    assert texts_at(ax, row["Lelystad Oost"]) == [t("not signed", "nl")]
    assert texts_at(ax, row["Arnhem Oost"]) == [NOT_PUBLISHED]
    assert rows_with_bars(ax) == {
        row["Heerlen Noord"],
        row["Groningen Noord"],
        row["Rotterdam-Zuid"],
        row["Utrecht Overvecht"],
    }
    by_row = {}
    for y, left, width in hbars(ax):
        by_row.setdefault(y, []).append((left, width))
    assert by_row[row["Heerlen Noord"]] == [(0, 19.6), (19.6, 2.7)]  # agreement, page 8
    assert by_row[row["Groningen Noord"]] == [(0, 22.5), (22.5, 4.5)]  # press: 22.5-27
    assert by_row[row["Rotterdam-Zuid"]] == [(0, 39.4), (39.4, 9.1)]  # press: 39.4-48.5
    assert by_row[row["Utrecht Overvecht"]] == [(0, 20.0)]  # at most 20
    assert bar_at(ax, row["Groningen Noord"]).get_facecolor()[:3] == (1.0, 1.0, 1.0)
    assert bar_at(ax, row["Heerlen Noord"]).get_facecolor()[:3] != (1.0, 1.0, 1.0)
    assert not bar_at(ax, row["Utrecht Overvecht"]).get_fill()
    (heerlen,) = texts_at(ax, row["Heerlen Noord"])
    assert heerlen.startswith("€ 19,6 mln – € 22,3 mln") and t("agreement", "nl") in heerlen


# --- mark_illustrative and the mid-term charts ----------------------------------------------------


def _watermarks(ax) -> list:
    return [x for x in ax.texts if x.get_text() == ILLUSTRATIVE]


def test_mark_illustrative_adds_title_prefix_and_watermark():
    ax = _ax()
    ax.set_title("Startbouw", loc="left")
    assert charts.mark_illustrative(ax) is ax
    assert ax.get_title(loc="left") == f"{ILLUSTRATIVE}: Startbouw"
    (mark,) = _watermarks(ax)
    assert mark.get_transform() == ax.transAxes and mark.get_position() == (0.5, 0.5)
    assert t("illustrative", "nl") == ILLUSTRATIVE


def test_mark_illustrative_in_english():
    ax = charts.mark_illustrative(_ax(), lang="en")
    word = t("illustrative", "en")
    assert ax.get_title(loc="left").startswith(f"{word}: ")
    assert [x.get_text() for x in ax.texts] == [word]


def test_trajectory_chart_draws_planned_realised_projected(monitor):
    """Planned: 2,352 starts (page 5) evenly, a fifth a year. Realised (illustratief-2027.csv):
    0 in 2025, 376 in 2026, 94 in 2027 Q1 and 94 in Q2 -> 0, 376, 470, 564. Half the period has
    passed on 2027-06-30 (2 years + 2 quarters of 5 years), so the projection is 564 / 0.5 =
    1,128 by the end of 2029."""
    traj = trajectory(monitor, HN, AS_OF)
    ax = _ax()
    assert charts.trajectory_chart(traj, ax=ax, illustrative=True) is ax
    planned = line_labelled(ax, t("traj_planned", "nl"))
    assert list(planned.get_xdata()) == [2025, 2026, 2027, 2028, 2029, 2030]
    assert np.allclose(planned.get_ydata(), [0, 470.4, 940.8, 1411.2, 1881.6, 2352])
    realised = line_labelled(ax, "gerealiseerd (monitor) (ILLUSTRATIEF)")  # marked, issue 24
    assert list(realised.get_ydata()) == [0, 0, 376, 470, 564]
    # period ends as decimal years: 31-12-2025 = 2026.0; 31-3-2027 = 2027 + 90/365
    assert np.allclose(realised.get_xdata(), [2025, 2026, 2027, 2027 + 90 / 365, 2027 + 181 / 365])
    projected = line_labelled(ax, "geprojecteerd (huidig tempo) (ILLUSTRATIEF)")
    assert list(projected.get_xdata()) == [2027.5, 2030]
    assert list(projected.get_ydata()) == [564, 1128]
    # years on the time axis, each in the middle of its span (issue 25), not "1-1-2025"
    assert [lab.get_text() for lab in ax.get_xticklabels()] == [str(y) for y in range(2025, 2030)]
    assert list(ax.get_xticks()) == [2025.5, 2026.5, 2027.5, 2028.5, 2029.5]
    assert ax.yaxis.get_major_formatter()(2352, 0) == "2.352"
    assert ax.get_title(loc="left").startswith(f"{ILLUSTRATIVE}: ")
    assert len(_watermarks(ax)) == 1


def test_trajectory_chart_of_observed_data_is_not_marked(monitor):
    ax = charts.trajectory_chart(trajectory(monitor, HN, AS_OF), ax=_ax(), illustrative=False)
    assert ILLUSTRATIVE not in ax.get_title(loc="left")
    assert _watermarks(ax) == []


def test_projection_chart_draws_the_money(hn_review):
    """Realisatiestimulans expected 7,608,461.54; projected: 0 + 174 + 43 + 43 = 260 registered
    homes in half the period -> 520 x 7,000 = 3,640,000. ORV: right 10,000,000; under the
    ceiling in the default scenario 2.0 mln a year and 1.0 mln in the last = 9,000,000 (A34);
    planned to date 2 + 2 + half of 2 = 5,000,000; drawn 1,400,000 x 2 + 350,000 x 2 =
    3,500,000. Capaciteit: right 4,300,000; under the ceiling 0.86 mln a year and 0.86 x 2/12 in
    the last = 3,583,333; planned to date 0.86 + 0.86 + 0.43 = 2,150,000; drawn 774,000 x 2 +
    193,500 x 2 = 1,935,000. Each instrument is a heading row (no bar) above its bars."""
    ax = _ax()
    assert charts.projection_chart(hn_review, ax=ax, illustrative=True) is ax
    assert hbars(ax) == sorted(
        [
            (-0.8, 0, RS_CENTRAL_MLN),
            (-1.8, 0, 3.64),
            (-3.9, 0, 10.0),
            (-4.9, 0, 9.0),
            (-5.9, 0, 5.0),
            (-6.9, 0, 3.5),
            (-9.0, 0, 4.3),
            (-10.0, 0, 3.583333),
            (-11.0, 0, 2.15),
            (-12.0, 0, 1.935),
        ]
    )
    assert [x for x in texts(ax) if x != ILLUSTRATIVE] == [
        "€ 7,6 mln",
        "€ 3,6 mln",
        "€ 10,0 mln",
        "€ 9,0 mln",
        "€ 5,0 mln",
        "€ 3,5 mln",
        "€ 4,3 mln",
        "€ 3,6 mln",
        "€ 2,1 mln",
        "€ 1,9 mln",
    ]
    assert NOT_PUBLISHED not in texts(ax)
    labels = ytick_labels(ax)
    assert labels[0.0] == t("realisatiestimulans", "nl")
    assert labels[-3.1] == t("orv", "nl")
    assert labels[-8.2] == t("capaciteit", "nl")
    assert labels[-4.9] == "onder het plafond, basisscenario (berekend)"
    assert labels[-9.0] == t("right", "nl")
    assert ax.get_title(loc="left").startswith(f"{ILLUSTRATIVE}: ")
    assert len(_watermarks(ax)) == 1


def test_projection_chart_names_what_is_not_published(hn_review):
    row = hn_review.copy()
    row["orv_right_eur"] = np.nan
    row["capaciteit_drawn_eur"] = np.nan
    ax = charts.projection_chart(row, ax=_ax())
    assert texts_at(ax, -3.9) == [NOT_PUBLISHED]
    assert texts_at(ax, -12.0) == [NOT_PUBLISHED]
    assert texts(ax).count(NOT_PUBLISHED) == 2
    assert -3.9 not in rows_with_bars(ax) and -12.0 not in rows_with_bars(ax)
    assert len(ax.patches) == 8
    assert _watermarks(ax) == []


# --- source_footnote and what every chart shares --------------------------------------------------


def test_source_footnote_is_a_figure_text():
    ax = _ax()
    assert charts.source_footnote(ax, "bestuurlijke afspraak Heerlen Noord, p. 7") is ax
    assert [x.get_text() for x in ax.figure.texts] == [
        f"{t('source_note', 'nl')}: bestuurlijke afspraak Heerlen Noord, p. 7"
    ]
    assert len(ax.texts) == 0


def _long_note_figure(note: str):
    fig, ax = plt.subplots(figsize=(7, 3.8))
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("woningen")
    charts.source_footnote(ax, note)
    charts.layout(fig)
    return fig, ax


def test_a_long_source_note_wraps_to_the_figure_and_keeps_clear_of_the_x_label():
    """Eight sources of 47 characters: three lines and more at 7 inches; the axes make room
    for all of them (a fixed 6% of the height held one line)."""
    words = " ".join(f"https://example.org/{i}/een-lang-pad-naar-de-bron.html" for i in range(8))
    fig, ax = _long_note_figure(words)
    r = drawn(fig)
    (note,) = fig.texts
    lines = note.get_text().split("\n")
    assert len(lines) >= 3
    assert " ".join(lines) == f"{t('source_note', 'nl')}: {words}"  # the same words, wrapped
    box = note.get_window_extent(r)
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width
    assert not box.overlaps(ax.xaxis.label.get_window_extent(r))
    assert not box.overlaps(ax.get_tightbbox(r))
    charts.layout(fig)  # laid out again: the same lines, not wrapped twice
    assert note.get_text().split("\n") == lines


def test_a_word_longer_than_the_figure_is_broken_to_fit():
    url = "https://example.org/" + "/".join(["een-heel-lang-pad"] * 40)
    fig, _ = _long_note_figure(url)
    r = drawn(fig)
    (note,) = fig.texts
    assert note.get_text().replace("\n", "") == f"{t('source_note', 'nl')}: {url}"
    assert note.get_window_extent(r).x1 <= fig.bbox.width


def test_a_left_title_longer_than_the_figure_is_wrapped_inside_it():
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.barh([0, 1], [1, 2])
    ax.set_yticks([0, 1], ["een heel lange naam van een rij", "nog een lange naam"])
    title = "ILLUSTRATIEF: Verwachte bedragen en de projectie bij het huidige tempo"
    ax.set_title(f"{title}\nHeerlen Noord", loc="left")
    charts.layout(fig)
    r = drawn(fig)
    lines = ax.get_title(loc="left").split("\n")
    assert len(lines) > 2 and lines[-1] == "Heerlen Noord"
    assert " ".join(lines[:-1]) == title
    assert left_title(ax).get_window_extent(r).x1 <= fig.bbox.width
    charts.layout(fig)
    assert ax.get_title(loc="left").split("\n") == lines
    ax.set_title("Kort", loc="left")  # new words after the layout: taken as they are
    charts.layout(fig)
    assert ax.get_title(loc="left") == "Kort"


NOTE = "testbron p. 99"


def _every_chart():
    """(name, draw(ax, **kwargs)) for each chart function, with inputs from the library."""
    fund = funding(HN)
    tot = totals(Scenario(), [HN]).set_index("instrument")["gross_eur"]
    pay = run(Scenario(), [HN])
    bands = pd.DataFrame({"year": [2026], "p10": [1e6], "p50": [2e6], "p90": [3e6]})
    comparison = allocation_comparison(Scenario(), [HN])
    monitor = load_monitor(MONITOR)
    review = midterm_review(monitor, AS_OF).set_index("area_id").loc[HN]
    traj = trajectory(monitor, HN, AS_OF)
    return [
        ("funding_chart", lambda ax, **kw: charts.funding_chart(fund, ax=ax, **kw)),
        (
            "funding_vs_scenario_chart",
            lambda ax, **kw: charts.funding_vs_scenario_chart(fund, tot, ax=ax, **kw),
        ),
        ("payments_chart", lambda ax, **kw: charts.payments_chart(pay, ax=ax, **kw)),
        ("fan_chart", lambda ax, **kw: charts.fan_chart(bands, ax=ax, **kw)),
        (
            "ceilings_chart",
            lambda ax, **kw: charts.ceilings_chart(
                {"orv": 2e8, "capaciteit": 6e7}, {"orv": 1.8e8, "capaciteit": 5e7}, ax=ax, **kw
            ),
        ),
        (
            "allocation_chart",
            lambda ax, **kw: charts.allocation_chart(comparison, "orv", ax=ax, **kw),
        ),
        (
            "homes_chart",
            lambda ax, **kw: charts.homes_chart(40_000, 10_000, pd.Series({"A": 1}), ax=ax, **kw),
        ),
        ("areas_chart", lambda ax, **kw: charts.areas_chart(national_summary(), ax=ax, **kw)),
        ("trajectory_chart", lambda ax, **kw: charts.trajectory_chart(traj, ax=ax, **kw)),
        ("projection_chart", lambda ax, **kw: charts.projection_chart(review, ax=ax, **kw)),
    ]


CHART_NAMES = [
    "funding_chart",
    "funding_vs_scenario_chart",
    "payments_chart",
    "fan_chart",
    "ceilings_chart",
    "allocation_chart",
    "homes_chart",
    "areas_chart",
    "trajectory_chart",
    "projection_chart",
]
"""The charts of :func:`_every_chart`, named at collection; their inputs are computed once per
module when a test asks for them (every xdist worker collects every module)."""


@pytest.fixture(scope="module")
def every_chart() -> dict:
    drawers = dict(_every_chart())
    assert list(drawers) == CHART_NAMES
    return drawers


@pytest.fixture(params=CHART_NAMES)
def draw(request, every_chart):
    return every_chart[request.param]


def test_every_chart_draws_on_the_given_ax_with_its_footnote(draw):
    fig, ax = plt.subplots()
    before = plt.get_fignums()
    assert draw(ax, source_note=NOTE) is ax
    assert plt.get_fignums() == before  # no new figure
    assert [x.get_text() for x in fig.texts] == [f"{t('source_note', 'nl')}: {NOTE}"]
    assert ax.get_title(loc="left")  # every chart has a title


def test_every_chart_without_a_note_has_no_footnote(draw):
    fig, ax = plt.subplots()
    draw(ax)
    assert len(fig.texts) == 0
    assert ILLUSTRATIVE not in ax.get_title(loc="left")


# --- every chart names its area and scenario ------------------------------------------------------

AREA_WORDS = "Heerlen Noord"
SCENARIO_WORDS = "de afspraak"


def test_every_chart_names_its_area_and_scenario_in_the_title(draw):
    ax = draw(_ax(), area_label=AREA_WORDS, scenario_label=SCENARIO_WORDS)
    first, second = ax.get_title(loc="left").split("\n")[-2:]
    assert second == f"{AREA_WORDS} · {t('scenario', 'nl')}: {SCENARIO_WORDS}"
    assert first  # the chart's own title stays above it
    ax = draw(_ax(), area_label=AREA_WORDS, lang="en")
    assert ax.get_title(loc="left").endswith(f"\n{AREA_WORDS}")


def test_the_area_line_stays_under_the_illustrative_prefix(monitor):
    ax = charts.trajectory_chart(
        trajectory(monitor, HN, AS_OF), ax=_ax(), illustrative=True, area_label=AREA_WORDS
    )
    assert ax.get_title(loc="left") == (
        f"{ILLUSTRATIVE}: {t('trajectory_title', 'nl')}\n{AREA_WORDS}"
    )


def test_payments_chart_names_the_area():
    ax = charts.payments_chart(run(Scenario(), [HN]), ax=_ax(), area_label=AREA_WORDS)
    assert ax.get_title(loc="left").endswith(f"{t('gross', 'nl')}\n{AREA_WORDS}")


def test_allocation_chart_areas_label_still_names_the_areas(hn_comparison):
    ax = charts.allocation_chart(hn_comparison, "orv", ax=_ax(), areas_label="A, B")
    assert ax.get_title(loc="left").endswith(f"{t('orv', 'nl')}\nA, B")


# --- one tick format per axis ---------------------------------------------------------------------

DUTCH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^\d{4}$")  # "1.000", "1,5"; a year


def _report_figures(lang: str = "nl") -> dict:
    """The report's charts at the report's sizes (as report.figures draws them), each naming
    its area and scenario."""
    fund = funding(HN)
    tot = totals(Scenario(), [HN]).set_index("instrument")["gross_eur"]
    pay = run(Scenario(), [HN])
    bands = cumulative_bands(Scenario(), HN, n=500, seed=0)
    words = {"area_label": AREA_WORDS, "scenario_label": SCENARIO_WORDS, "lang": lang}
    nat = national_figures()
    monitor = load_monitor(MONITOR)
    review = midterm_review(monitor, AS_OF).set_index("area_id").loc[HN]
    comparison = allocation_comparison(Scenario(), [HN])
    note = "Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord (2025-06-24), p. 6, 7, 8"
    figs = {}

    def add(name, size, draw, n=1, sharey=False):
        fig, axes = plt.subplots(1, n, figsize=size, sharey=sharey)
        draw(*np.atleast_1d(axes))
        charts.layout(fig)
        figs[name] = fig

    add(
        "funding",
        (9, 3.8),
        lambda ax: charts.funding_vs_scenario_chart(fund, tot, ax=ax, source_note=note, **words),
    )
    add(
        "payments",
        (10, 4.4),
        lambda a, b: (
            charts.payments_chart(pay, ax=a, **words),
            charts.payments_chart(pay, ax=b, value="net_eur", source_note=note, **words),
        ),
        n=2,
        sharey=True,
    )
    add(
        "fan",
        (7, 3.8),
        lambda ax: charts.fan_chart(
            bands,
            ax=ax,
            reference_low=fund.at["totaal", "low_eur"],
            reference_high=fund.at["totaal", "high_eur"],
            source_note=note,
            drawn="Getrokken: de realisatie tussen 70% en 105% van de afgeleide middenwaarde "
            "(driehoeksverdeling, meest waarschijnlijk 100%), geen extra vertraging; ORV en "
            "capaciteit volgen het scenario.",
            **words,
        ),
    )
    add(
        "areas",
        (9, 6.5),
        lambda ax: charts.areas_chart(national_summary(), ax=ax, source_note=note, **words),
    )
    add(
        "ceilings",
        (7, 3.8),
        lambda ax: charts.ceilings_chart(
            {
                "orv": nat.at["orv.agreed", "value"],
                "capaciteit": nat.at["capaciteit.agreed", "value"],
            },
            {
                "orv": nat.at["orv.budget", "value"],
                "capaciteit": nat.at["capaciteit.budget", "value"],
            },
            ax=ax,
            at_least={"orv": True},
            source_note=note,
            **words,
        ),
    )
    add(
        "allocation",
        (11, 3.8),
        lambda a, b: (
            charts.allocation_chart(comparison, "orv", ax=a, **words),
            charts.allocation_chart(comparison, "capaciteit", ax=b, source_note=note, **words),
        ),
        n=2,
    )
    per_area = pd.Series({"Heerlen Noord": 2352, "Utrecht Overvecht (ca.)": 2000})
    add(
        "homes",
        (9, 2.8),
        lambda ax: charts.homes_chart(40_000, 10_000, per_area, ax=ax, source_note=note, **words),
    )
    traj = trajectory(monitor, HN, AS_OF)
    add(
        "trajectory",
        (7, 3.8),
        lambda ax: charts.trajectory_chart(
            traj, ax=ax, illustrative=True, source_note=note, **words
        ),
    )
    add(
        "at-risk",
        (7, 3.8),
        lambda ax: charts.projection_chart(
            review, ax=ax, illustrative=True, source_note=note, **words
        ),
    )
    return figs


@pytest.fixture(scope="module", params=["nl", "en"])
def report_figures(request):
    figs = _report_figures(request.param)
    yield figs
    for fig in figs.values():
        plt.close(fig)


REPORT_CHARTS = [
    "funding",
    "payments",
    "fan",
    "areas",
    "ceilings",
    "allocation",
    "homes",
    "trajectory",
    "at-risk",
]


@pytest.mark.parametrize("name", REPORT_CHARTS)
def test_every_axis_writes_its_ticks_with_one_number_of_decimals(report_figures, name):
    fig = report_figures[name]
    drawn(fig)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [lab.get_text() for lab in axis.get_ticklabels() if lab.get_text()]
            numbers = [lab for lab in labels if re.fullmatch(r"[-\d.,]+", lab)]
            if not numbers:
                continue
            if isinstance(axis.get_major_formatter(), charts.NumberFormatter):
                lang = axis.get_major_formatter().lang
                if lang == "nl":
                    assert all(DUTCH_NUMBER.match(lab) for lab in numbers), numbers
                point = "," if lang == "nl" else "."
                decimals = {len(lab.partition(point)[2]) for lab in numbers}
            else:  # years and categories: whole numbers
                decimals = {0 if lab.isdigit() else -1 for lab in numbers}
            assert len(decimals) == 1, f"{name}: {numbers}"


def test_the_allocation_axis_no_longer_mixes_1_75_and_1_5(hn_comparison):
    """The ORV rules pay 1.0-2.0 mln a year: ticks at steps of 0.5, all with one decimal."""
    ax = charts.allocation_chart(hn_comparison, "orv", ax=_ax())
    labels = [lab for lab in drawn_ticklabels(ax, "y") if lab]
    assert labels[:5] == ["0,0", "0,5", "1,0", "1,5", "2,0"]
    assert not any(lab in ("1,75", "1,25", "0,25") for lab in labels)


def test_the_number_formatter_takes_the_decimals_of_the_whole_axis():
    fmt = charts.NumberFormatter("nl")
    assert fmt.format_ticks([0, 0.5, 1, 1.5, 2]) == ["0,0", "0,5", "1,0", "1,5", "2,0"]
    assert fmt.format_ticks([0, 0.25, 1.75]) == ["0,00", "0,25", "1,75"]
    assert fmt.format_ticks([0, 10_000, 50_000]) == ["0", "10.000", "50.000"]
    assert charts.NumberFormatter("en").format_ticks([1000, 2500.5]) == ["1,000.0", "2,500.5"]


# --- nothing overlaps -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", REPORT_CHARTS)
def test_nothing_overlaps_in_the_report_charts(report_figures, name):
    """No text on a text, no value label on a bar or marker, no legend on the data or a text
    (the fan chart's band and the agreement's bar included), in Dutch and English."""
    assert overlaps(report_figures[name]) == []


def test_the_overlap_check_sees_an_overlap():
    fig, ax = plt.subplots()
    ax.bar([0], [10], label="bar")
    ax.text(0, 5, "label on the bar")
    ax.legend(loc="center")
    found = overlaps(fig)
    assert "axes 0 text 'label on the bar' on axes 0 bar" in found
    assert any(f.startswith("axes 0 legend on") for f in found)


def test_every_label_right_of_the_bars_stays_inside_the_figure(report_figures):
    """The labels may run on past the x axis, where the layout keeps room for them."""
    for name in ("funding", "areas", "at-risk"):
        fig = report_figures[name]
        r = drawn(fig)
        (ax,) = fig.axes
        for text in ax.texts:
            if text.get_text().strip() and not _is_watermark(text):
                assert text.get_window_extent(r).x1 <= fig.bbox.width, (name, text.get_text())


# --- contrast -------------------------------------------------------------------------------------


def test_the_contrast_formula_gives_the_known_ratios():
    """Black on white 21:1; the issue's numbers: Okabe-Ito orange #E69F00 2.25:1, yellow
    #F0E442 1.32:1; grey #767676 is the lightest grey with 4.5:1."""
    assert contrast("#000000") == pytest.approx(21.0)
    assert contrast("#FFFFFF") == pytest.approx(1.0)
    assert round(contrast("#E69F00"), 2) == 2.25
    assert round(contrast("#F0E442"), 2) == 1.32
    assert round(contrast("#999999"), 2) == 2.85
    assert round(contrast("#767676"), 2) == 4.54
    assert contrast((0, 0, 0, 0.5)) < 21  # with alpha: laid on white first


@pytest.mark.parametrize("name", list(charts.DATA_COLOURS))
def test_every_data_colour_has_3_to_1_on_white(name):
    assert contrast(charts.DATA_COLOURS[name]) >= 3.0


def test_every_palette_and_area_colour_is_a_data_colour():
    used = {rgb(c) for c in charts.PALETTE.values()} | {rgb(c) for c, _ in charts.AREA_STYLES}
    assert used <= {rgb(c) for c in charts.DATA_COLOURS.values()}


def _mark_problems(ax) -> list[str]:
    """Marks below 3:1 on white: a bar whose face is lighter than 3:1 needs an outline (and
    hatch) of at least 3:1; lines, markers and a band's outline need 3:1."""
    bad = []
    for patch in ax.patches:
        face, edge = patch.get_facecolor(), patch.get_edgecolor()
        if patch.get_fill() and face[3] > 0 and contrast(face) >= 3.0:
            continue
        if patch.get_linewidth() > 0 and contrast(edge) >= 3.0:
            continue
        bad.append(f"bar {to_rgba(face)} / {to_rgba(edge)}")
    for line in ax.lines:
        if line.get_linestyle() not in ("None", "", " ") and contrast(line.get_color()) < 3.0:
            bad.append(f"line {line.get_label()!r} {line.get_color()}")
        marker = line.get_marker() not in ("None", "", " ", None)
        if marker and contrast(line.get_markerfacecolor()) < 3.0:
            bad.append(f"marker {line.get_label()!r} {line.get_markerfacecolor()}")
    for coll in ax.collections:
        faces = [contrast(c) for c in coll.get_facecolor()]
        edges = [contrast(c) for c in coll.get_edgecolor()] if max(coll.get_linewidth()) else []
        if not (faces and min(faces) >= 3.0) and not (edges and min(edges) >= 3.0):
            bad.append(f"band {coll.get_label()!r}")
    return bad


@pytest.mark.parametrize("name", REPORT_CHARTS)
def test_every_mark_drawn_has_3_to_1_on_white(report_figures, name):
    for ax in report_figures[name].axes:
        assert _mark_problems(ax) == []


def test_every_mark_of_every_chart_has_3_to_1_on_white(every_chart):
    for name, draw in every_chart.items():
        assert _mark_problems(draw(_ax())) == [], name
    ax = charts.funding_chart(funding("groningen-noord"), ax=_ax())  # press, open bars
    assert _mark_problems(ax) == []
    ax = charts.funding_chart(funding("utrecht-overvecht"), ax=_ax())  # at most, an outline
    assert _mark_problems(ax) == []


def test_the_old_colours_would_fail_the_mark_check():
    ax = _ax()
    ax.bar([0], [1], color="#E69F00")
    ax.plot([0, 1], [0, 1], color="#999999")
    assert len(_mark_problems(ax)) == 2


# --- the national charts' legends and colours -----------------------------------------------------


def test_ceilings_legend_shows_the_instrument_colours_and_the_grey_ceiling():
    ax = charts.ceilings_chart(
        {"orv": 2e8, "capaciteit": 6e7}, {"orv": 1.8e8, "capaciteit": 5e7}, ax=_ax()
    )
    swatches = legend_swatches(ax)
    claims = [rgb(p.get_facecolor()) for p in swatches[t("claims", "nl")]]
    assert claims == [rgb(charts.PALETTE["orv"]), rgb(charts.PALETTE["capaciteit"])]
    (ceiling,) = swatches[t("ceiling", "nl")]
    assert rgb(ceiling.get_facecolor()) == rgb(charts.NEUTRAL)
    by_x = {round(p.get_x() + p.get_width() / 2, 6): rgb(p.get_facecolor()) for p in ax.patches}
    assert by_x == {
        -0.2: claims[0],
        0.2: rgb(charts.NEUTRAL),
        0.8: claims[1],
        1.2: rgb(charts.NEUTRAL),
    }
    assert [h.get_label() for h in ax.get_legend().legend_handles] == [
        t("claims", "nl"),
        t("ceiling", "nl"),
    ]


def test_homes_chart_sets_alike_colours_apart_by_hatch():
    """Eight areas: no two get the same colour and hatch; orange and vermillion (alike to
    red-green colour blindness) differ in hatch; the target's extra part is hatched, not a
    light blue (#56B4E9 is 2.3:1)."""
    per_area = pd.Series({f"gebied {i}": 1000 for i in range(8)})
    ax = charts.homes_chart(40_000, 10_000, per_area, ax=_ax())
    styles = [(rgb(p.get_facecolor()), p.get_hatch()) for p in ax.patches if p.get_y() < 0.5]
    assert len(styles) == 8 and len(set(styles)) == 8
    hatch = dict(charts.AREA_STYLES)
    assert hatch[charts.VERMILLION] != hatch[charts.PALETTE["orv"]]
    extra = bar_at(ax, 1, 40_000)
    assert extra.get_hatch() and contrast(extra.get_edgecolor()) >= 3.0
    assert {look(p) for p in ax.patches} == {
        look(p) for ps in legend_swatches(ax).values() for p in ps
    }


def _role_bars(ax, role: str) -> dict:
    """The bars of one role ("scenario" or "agreement") per instrument, as (x, bottom, height)."""
    return {
        c.nplv_role[1]: [
            (round(p.get_x() + p.get_width() / 2, 6), round(p.get_y(), 6), round(p.get_height(), 6))
            for p in c
        ]
        for c in ax.containers
        if c.nplv_role[0] == role
    }


def test_workshop_chart_draws_the_scenario_in_front_of_the_agreement():
    """Heerlen Noord, realisation 50%: the realisatiestimulans halves to 760,846.15 a year
    (1,521,692.31 / 2); ORV and capacity as under the agreement (2.0 and 0.86 mln a year, 1.0
    and 0.143333 mln in 2030). The ghost bars are the agreement's totals per year: 1.521692 +
    2.0 + 0.86 = 4.381692 mln, and 1.521692 + 1.0 + 0.143333 = 2.665026 mln in 2030."""
    ax = _ax()
    now = run(Scenario(realisation=0.5), [HN])
    then = run(Scenario(), [HN])
    out = charts.workshop_chart(now, then, ax=ax, area_label="Heerlen Noord", scenario_label="x")
    assert out is ax
    ghosts = _role_bars(ax, "agreement")
    assert ghosts == {
        "totaal": [(y, 0.0, 4.381692) for y in range(2026, 2030)] + [(2030, 0.0, 2.665026)]
    }
    bars = _role_bars(ax, "scenario")
    assert bars["realisatiestimulans"] == [(y, 0.0, 0.760846) for y in range(2026, 2031)]
    assert bars["orv"][0] == (2026, 0.760846, 2.0) and bars["orv"][4] == (2030, 0.760846, 1.0)
    assert bars["capaciteit"][4] == (2030, 1.760846, 0.143333)
    # the ghosts are behind (drawn first) and wider than the scenario's bars
    assert ax.containers[0].nplv_role == ("agreement", "totaal")
    assert ax.containers[0][0].get_width() > ax.containers[1][0].get_width()
    title = ax.get_title(loc="left")
    assert "Heerlen Noord" in title and "scenario: x" in title
    labels = [x.get_text().replace("\n", " ") for x in ax.get_legend().get_texts()]
    assert labels[0] == t("workshop_chart.agreement", "nl")
    assert labels[1:] == [t(i, "nl") for i in ("realisatiestimulans", "orv", "capaciteit")]


def test_workshop_chart_grouped_never_stacks_sums_of_another_scope():
    """All areas: ORV and capacity nationally (paid under the ceilings: 40 mln a year of ORV
    until 20 mln in 2030, capacity 12 mln a year until 2 mln in 2030), side by side with the
    realisatiestimulans of the areas with an estimate, each bar from zero."""
    ax = _ax()
    now = run(Scenario(), None)
    charts.workshop_chart(now, now, ax=ax, grouped=True)
    bars = _role_bars(ax, "scenario")
    assert all(b[1] == 0.0 for inst in bars.values() for b in inst)
    assert [b[2] for b in bars["orv"]] == [40.0, 40.0, 40.0, 40.0, 20.0]
    assert [b[2] for b in bars["capaciteit"]] == [12.0, 12.0, 12.0, 12.0, 2.0]
    assert set(_role_bars(ax, "agreement")) == {"realisatiestimulans", "orv", "capaciteit"}
    labels = [x.get_text().replace("\n", " ") for x in ax.get_legend().get_texts()]
    assert t("workshop.national", "nl", instrument=t("orv", "nl")) in labels


def test_saved_svg_keeps_its_words_as_text_and_is_repeatable(tmp_path):
    ax = charts.payments_chart(run(Scenario(), [HN]), ax=_ax(), area_label="Heerlen Noord")
    a = charts.save_figure(ax.figure, tmp_path / "a", "payments")[1].read_text(encoding="utf-8")
    b = charts.save_figure(ax.figure, tmp_path / "b", "payments")[1].read_text(encoding="utf-8")
    assert a == b  # byte for byte
    assert "<text" in a and "Heerlen Noord" in a  # searchable, not glyph outlines


# --- every image of a figure at the figure's own size (issues 15, 26) ----------------------------


def _laid_out_payments():
    fig, ax = plt.subplots(figsize=(7, 3.8))
    charts.payments_chart(
        run(Scenario(), [HN]), ax=ax, area_label="Heerlen Noord", source_note=NOTE
    )
    charts.layout(fig)
    return fig, ax


def _size(path_or_bytes) -> tuple[int, int]:
    import io

    from PIL import Image

    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    return Image.open(io.BytesIO(data)).size


def _svg_inches(path) -> tuple[float, float]:
    head = path.read_text(encoding="utf-8")
    width, height = re.search(r'<svg[^>]* width="([\d.]+)pt" height="([\d.]+)pt"', head).groups()
    return float(width) / 72, float(height) / 72


def test_show_and_save_draw_the_figure_once_per_image(tmp_path, monkeypatch):
    """A report shows a figure, then saves it: the PNG is drawn once for both (laid out in the
    same draw) and the SVG once, without a layout pass of its own; nothing measured twice."""
    fig, _ = _laid_out_payments()
    draws = []
    real = type(fig).draw

    def counting(self, renderer):
        draws.append(type(renderer).__name__)
        return real(self, renderer)

    monkeypatch.setattr(type(fig), "draw", counting)
    charts.show(fig, close=False)
    png, _ = charts.save_figure(fig, tmp_path, "payments")
    assert draws == ["RendererAgg", "MixedModeRenderer"]
    assert _size(png) == (770, 418)


def test_a_figure_changed_after_show_is_drawn_again(tmp_path):
    """The shown image serves the saved one only while the figure is unchanged."""
    fig, ax = _laid_out_payments()
    shown = charts.report_png(fig)
    ax.set_title("Een andere titel", loc="left")
    png, _ = charts.save_figure(fig, tmp_path, "payments")
    assert png.read_bytes() != shown
    assert png.read_bytes() == charts.report_png(fig)  # unchanged since: the same image


def test_the_png_and_the_svg_are_the_figures_own_size(tmp_path):
    """7 x 3.8 inches at 110 dpi: 770 x 418 pixels, whatever the chart holds."""
    fig, _ = _laid_out_payments()
    png, svg = charts.save_figure(fig, tmp_path, "payments")
    assert _size(png) == (770, 418)
    assert _size(charts.png_bytes(fig)) == (770, 418)
    assert _svg_inches(svg) == pytest.approx((7, 3.8))


def test_a_figure_changed_after_show_keeps_its_size(tmp_path):
    """A long title set after the notebook showed the figure: the saved images hold it and
    are as large as before (a tight box grew with it)."""
    fig, ax = _laid_out_payments()
    charts.show(fig, close=False)
    ax.set_title("Een titel die veel langer is dan de figuur breed is " * 3, loc="left")
    charts.layout(fig)
    png, svg = charts.save_figure(fig, tmp_path, "payments")
    assert _size(png) == (770, 418)
    assert _svg_inches(svg) == pytest.approx((7, 3.8))
    assert "Een titel die veel langer is" in svg.read_text(encoding="utf-8")


def test_a_figure_of_another_size_is_saved_at_that_size(tmp_path):
    fig, ax = _laid_out_payments()
    fig.set_size_inches(9, 3.8)
    charts.layout(fig)
    png, svg = charts.save_figure(fig, tmp_path, "payments")
    assert _size(png) == (990, 418)
    assert _svg_inches(svg) == pytest.approx((9, 3.8))


@pytest.mark.parametrize("facecolor", ["white", "none"])
def test_canvas_png_holds_the_canvas_pixels(facecolor):
    """The workshop's live PNG (RGB rows written by hand for an opaque figure, Pillow's RGBA
    otherwise) decodes to exactly what the canvas holds."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    fig = Figure(figsize=(3.1, 1.7), dpi=100, facecolor=facecolor)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.bar([1, 2, 3], [3, 1, 2], color=["#0072B2", "#D55E00", "#009E73"])
    ax.set_title("Uitbetalingen per jaar", loc="left")
    canvas.draw()
    png = charts.canvas_png(canvas)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    decoded = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    assert decoded.shape == (170, 310, 4)
    assert (decoded == np.asarray(canvas.buffer_rgba())).all()
