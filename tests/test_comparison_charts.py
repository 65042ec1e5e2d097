"""The scenario comparison charts (issue 17): what they DRAW, read back from the axes.

Values by hand (data/sources/, pages as cited; see tests/test_compare.py): Heerlen Noord's
realisatiestimulans in the base scenario 1,413 x 100/130 x EUR 7,000 = 7,608,461.54 (pages 6, 8;
A13: the estimate before the band, inferred); at realisation 0.5 half of it, 3,804,230.77; two
years late the starts of 2028-2029 fall out of the window, 3/5 of it: 4,565,076.92. ORV 10 mln
x 180/200 = 9,000,000 and capacity 4.3 mln x 50/60 = 3,583,333.33 under the national ceilings
(pages 7, 8; A22). Nationally ORV
claims 200 mln of which 180 mln are paid (the ceiling), capacity 60 of which 50 mln.
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from nplv_analysis.engine import Scenario, compare  # noqa: E402
from nplv_analysis.engine.files import NamedScenario  # noqa: E402
from nplv_analysis.report import charts  # noqa: E402
from nplv_analysis.report.comparison import comparison_figures  # noqa: E402
from nplv_analysis.text import t  # noqa: E402

HN = "heerlen-noord"
NAMES = ["basisscenario (berekend)", "half", "2 jaar later"]
RS = 7.60846154  # EUR mln
RS_HALF = 3.80423077
RS_LATE = 4.56507692
ORV = 9.0
CAP = 3.58333333
GREY = (0.3333, 0.3333, 0.3333)  # #555555, the baseline
BLUE = (0.0, 0.4471, 0.698)  # #0072B2
ORANGE = (0.702, 0.4196, 0.0)  # #B36B00


def named(name: str, **fields) -> NamedScenario:
    return NamedScenario({"nl": name, "en": name}, Scenario(**fields))


@pytest.fixture(scope="module")
def hn():
    return compare(
        [named(NAMES[0]), named(NAMES[1], realisation=0.5), named(NAMES[2], delay_years=2)],
        HN,
        n_draws=200,
    )


@pytest.fixture(scope="module")
def nat():
    return compare(
        [named(NAMES[0]), named("zonder plafond", allocation="uncapped")], None, n_draws=200
    )


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _ax():
    return plt.subplots()[1]


def rgb(color) -> tuple:
    return tuple(round(c, 4) for c in to_rgb(color))


def bars(ax) -> dict[float, list[tuple[float, float, tuple]]]:
    """Horizontal bars by row (y centre): (left, width, colour of the face or, for a hatched or
    open bar, of the outline), in EUR mln."""
    out: dict[float, list] = {}
    for p in ax.patches:
        if not isinstance(p, Rectangle) or p.get_zorder() == 0:  # not the agreement's band
            continue
        y = round(p.get_y() + p.get_height() / 2, 6)
        shown = p.get_edgecolor() if (not p.get_fill() or p.get_hatch()) else p.get_facecolor()
        out.setdefault(y, []).append((round(p.get_x(), 6), round(p.get_width(), 6), rgb(shown)))
    return out


def span(ax) -> tuple[float, float]:
    """The x extent of the one band behind the bars (the agreement's estimate), EUR mln."""
    (band,) = [p for p in ax.patches if p.get_zorder() == 0]
    if isinstance(band, Rectangle):
        return band.get_x(), band.get_x() + band.get_width()
    xs = [v[0] for v in band.get_xy()]
    return min(xs), max(xs)


def bars_filled(ax, y: float) -> list:
    return [
        (round(p.get_x(), 6), round(p.get_width(), 6), rgb(p.get_facecolor()))
        for p in ax.patches
        if isinstance(p, Rectangle)
        and p.get_fill()
        and math.isclose(p.get_y() + p.get_height() / 2, y, abs_tol=1e-9)
    ]


def row_of(ax, name: str) -> float:
    """The y of a scenario's row, read from the tick labels."""
    for pos, lab in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True):
        if lab.get_text() == name:
            return float(pos)
    raise AssertionError(f"no row {name!r}")


def legend_labels(ax) -> list[str]:
    return [x.get_text().replace("\n", " ").replace("\u00a0", " ") for x in ax.get_legend().texts]


# --- totals --------------------------------------------------------------------------------------


def test_totals_chart_draws_each_scenario_at_the_hand_value(hn):
    ax = charts.scenario_totals_chart(hn.figures, "realisatiestimulans", ax=_ax(), names=hn.names)
    widths = {n: bars_filled(ax, row_of(ax, n)) for n in NAMES}
    assert widths[NAMES[0]][0][1] == pytest.approx(RS, abs=1e-6)
    assert widths["half"][0][1] == pytest.approx(RS_HALF, abs=1e-6)
    assert widths["2 jaar later"][0][1] == pytest.approx(RS_LATE, abs=1e-6)
    assert row_of(ax, NAMES[0]) > row_of(ax, "half") > row_of(ax, "2 jaar later")  # top


def test_totals_chart_writes_the_difference_from_the_baseline(hn):
    ax = charts.scenario_totals_chart(hn.figures, "realisatiestimulans", ax=_ax(), names=hn.names)
    labels = {round(x.get_position()[1], 6): x.get_text() for x in ax.texts}
    assert labels[row_of(ax, NAMES[0])] == f"€ 7,6 mln ({t('cmp.baseline', 'nl')})"
    assert labels[row_of(ax, "half")] == "€ 3,8 mln (\u2212 € 3,8 mln)"  # 3,804,230.77 less
    assert labels[row_of(ax, "2 jaar later")] == "€ 4,6 mln (\u2212 € 3,0 mln)"  # 3,043,384.62


def test_totals_chart_draws_the_estimate_as_a_band_and_a_drawing_right_as_a_line(hn):
    ax = charts.scenario_totals_chart(hn.figures, "realisatiestimulans", ax=_ax(), names=hn.names)
    assert span(ax) == pytest.approx((5.3, 8.0))  # the estimate, page 6
    assert legend_labels(ax)[0] == f"{t('kind.estimate', 'nl')}: € 5,3 mln – € 8,0 mln"
    ax = charts.scenario_totals_chart(hn.figures, "orv", ax=_ax(), names=hn.names)
    (line,) = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert list(line.get_xdata()) == [10.0, 10.0]  # the drawing right, page 7
    assert legend_labels(ax)[0] == f"{t('kind.drawing_right', 'nl')}: € 10,0 mln"
    assert bars_filled(ax, row_of(ax, NAMES[0]))[0][1] == pytest.approx(ORV)
    ax = charts.scenario_totals_chart(hn.figures, "capaciteit", ax=_ax(), names=hn.names)
    assert bars_filled(ax, row_of(ax, "half"))[0][1] == pytest.approx(CAP, abs=1e-6)


def test_totals_chart_nationally_draws_the_ceiling(nat):
    ax = charts.scenario_totals_chart(nat.figures, "orv", ax=_ax(), names=nat.names)
    (line,) = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert list(line.get_xdata()) == [180.0, 180.0]
    assert legend_labels(ax)[0] == f"{t('ceiling', 'nl')}: € 180,0 mln"
    assert bars_filled(ax, row_of(ax, NAMES[0]))[0][1] == pytest.approx(180.0)
    assert bars_filled(ax, row_of(ax, "zonder plafond"))[0][1] == pytest.approx(200.0)


# --- payments ------------------------------------------------------------------------------------


def test_payments_chart_draws_a_line_per_scenario_through_the_hand_values(hn):
    ax = charts.scenario_payments_chart(
        hn.payments, "realisatiestimulans", ax=_ax(), names=hn.names
    )
    lines = {ln.get_label(): ln for ln in ax.lines}
    assert list(lines) == NAMES
    year = RS / 5  # 1,521,692.31 a year

    def points(name):
        line = lines[name]
        return dict(zip(line.get_xdata(), line.get_ydata(), strict=True))

    base = points(NAMES[0])
    assert base == pytest.approx({y: year for y in range(2026, 2031)})
    late = points("2 jaar later")
    assert late == pytest.approx({2026: 0, 2027: 0, 2028: year, 2029: year, 2030: year})
    half = lines["half"].get_ydata()
    assert list(half) == pytest.approx([year / 2] * 5)


def test_payments_chart_nationally_orv(nat):
    ax = charts.scenario_payments_chart(nat.payments, "orv", ax=_ax(), names=nat.names)
    lines = {ln.get_label(): list(ln.get_ydata()) for ln in ax.lines}
    # 200 mln claimed evenly over 2025-2029, paid a year later: 40 mln a year; the ceiling of
    # 180 mln leaves 20 mln for 2030 (first come, first served)
    assert lines[NAMES[0]] == pytest.approx([40, 40, 40, 40, 20])
    assert lines["zonder plafond"] == pytest.approx([40, 40, 40, 40, 40])


# --- ceilings ------------------------------------------------------------------------------------


def test_ceilings_chart_draws_paid_claims_and_the_ceiling(nat):
    for inst, paid, claims, ceiling in (("orv", 180, 200, 180), ("capaciteit", 50, 60, 50)):
        ax = charts.scenario_ceilings_chart(nat.ceilings, inst, ax=_ax(), names=nat.names)
        y = row_of(ax, NAMES[0])
        rows = sorted(bars(ax)[y])
        assert [x for x, _, _ in rows] == [0, 0]
        assert [w for _, w, _ in rows] == pytest.approx([paid, claims])
        assert {c for _, _, c in rows} == {GREY}  # paid filled, claims an outline, one colour
        (line,) = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
        assert list(line.get_xdata()) == [ceiling, ceiling]
        y = row_of(ax, "zonder plafond")  # uncapped: every claim paid
        assert [w for _, w, _ in bars(ax)[y]] == pytest.approx([claims, claims])
    text = [x.get_text() for x in ax.texts]
    assert t("cmp.paid_of_claims", "nl", paid="€ 50,0 mln", claims="€ 60,0 mln") in text


# --- bands ---------------------------------------------------------------------------------------


def test_bands_chart_draws_p10_p90_and_the_median(hn):
    rows = hn.bands
    ax = charts.scenario_bands_chart(
        rows, ax=_ax(), names=hn.names, reference_low=5.3e6, reference_high=8e6
    )
    for name in NAMES:
        y = row_of(ax, name)
        r = rows.set_index("scenario").loc[name]
        (band,) = [ln for ln in ax.lines if ln.get_label() == f"_{name}"]
        assert list(band.get_xdata()) == pytest.approx([r["p10"] / 1e6, r["p90"] / 1e6])
        assert list(band.get_ydata()) == [y, y]
        (mid,) = [ln for ln in ax.lines if ln.get_label() == f"_{name} P50"]
        assert list(mid.get_xdata()) == pytest.approx([r["p50"] / 1e6])
    # within the agreement's band around each scenario's realisation (0.7 to 1.05, A15)
    half = rows.set_index("scenario").loc["half"]
    assert 0.7 * RS_HALF <= half["p10"] / 1e6 < half["p90"] / 1e6 <= 1.05 * RS_HALF
    assert span(ax) == pytest.approx((5.3, 8.0))


# --- colours, names, notes -----------------------------------------------------------------------


def test_each_scenario_keeps_its_colour_in_every_chart(hn):
    figs = comparison_figures(hn, "nl")
    seen: dict[str, set] = {n: set() for n in NAMES}
    for fig in figs.values():
        for ax in fig.axes:
            for name in NAMES:
                lines = [
                    ln
                    for ln in ax.lines
                    if ln.get_label() in (name, f"_{name}") and len(ln.get_xdata())
                ]
                seen[name] |= {rgb(ln.get_color()) for ln in lines}
                if name in [lab.get_text() for lab in ax.get_yticklabels()]:
                    y = row_of(ax, name)
                    seen[name] |= {c for _, _, c in bars(ax).get(y, [])}
    assert seen == {NAMES[0]: {GREY}, "half": {BLUE}, "2 jaar later": {ORANGE}}


def test_scenario_styles_differ_and_repeat_only_with_another_hatch():
    styles = [charts.scenario_style(i) for i in range(20)]
    assert styles[0]["color"] == "#555555"  # the baseline: dark grey
    assert len({(s["color"], s["hatch"], s["marker"]) for s in styles}) == 20
    assert charts.scenario_style(3) == charts.scenario_style(3)


def test_every_comparison_chart_names_its_area_scenarios_and_source(hn, nat):
    national = t("cmp.scope.national", "nl")
    areas = t("cmp.scope.areas", "nl", names="Heerlen Noord")
    for comparison, area in (
        (hn, ["Heerlen Noord"] * 4),
        (nat, [areas, national, national]),  # each instrument of its own scope
    ):
        figs = comparison_figures(comparison, "nl")
        assert set(figs) == {f"comparison-{n}" for n in ("totals", "payments", "ceilings", "bands")}
        for name, fig in figs.items():
            assert [x.get_text().startswith(t("source_note", "nl")) for x in fig.texts] == [True]
            for ax in fig.axes:
                assert "\n" in ax.get_title(loc="left")  # the area line under the title
                for scenario in comparison.names:
                    assert scenario in legend_labels(ax), (name, scenario)
        titles = [ax.get_title(loc="left") for ax in figs["comparison-ceilings"].axes]
        assert all(title.endswith(t("cmp.scope.national", "nl")) for title in titles)
        titles = [ax.get_title(loc="left").split("\n")[-1] for ax in figs["comparison-totals"].axes]
        assert titles == area


def test_comparison_charts_in_english(hn):
    ax = charts.scenario_totals_chart(
        hn.figures, "realisatiestimulans", ax=_ax(), lang="en", names=hn.names
    )
    # without a baseline in words: the differences are against the first scenario, by name
    assert ax.get_title(loc="left") == (
        "Realisatiestimulans: computed per scenario; in brackets the difference from the first "
        "scenario (basisscenario (berekend))"
    )
    assert legend_labels(ax)[0] == f"{t('kind.estimate', 'en')}: € 5.3 mln – € 8.0 mln"


@pytest.mark.parametrize(
    "draw",
    [
        lambda c, ax, **kw: charts.scenario_totals_chart(c.figures, "orv", ax=ax, **kw),
        lambda c, ax, **kw: charts.scenario_payments_chart(c.payments, "orv", ax=ax, **kw),
        lambda c, ax, **kw: charts.scenario_ceilings_chart(c.ceilings, "orv", ax=ax, **kw),
        lambda c, ax, **kw: charts.scenario_bands_chart(c.bands, ax=ax, **kw),
    ],
    ids=["totals", "payments", "ceilings", "bands"],
)
def test_every_comparison_chart_draws_on_its_ax_with_area_scenario_and_note(hn, draw):
    fig, ax = plt.subplots()
    before = plt.get_fignums()
    assert draw(hn, ax, source_note="testbron p. 99", area_label="Heerlen Noord") is ax
    assert plt.get_fignums() == before
    assert [x.get_text() for x in fig.texts] == [f"{t('source_note', 'nl')}: testbron p. 99"]
    assert ax.get_title(loc="left").endswith("\nHeerlen Noord")
    ax = draw(hn, _ax(), area_label="Heerlen Noord", scenario_label="drie")
    assert ax.get_title(loc="left").endswith(f"Heerlen Noord · {t('scenario', 'nl')}: drie")
