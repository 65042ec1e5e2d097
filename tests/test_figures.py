"""The national overview agrees with itself (issue 13): a figure shown in the table is shown or
named the same way in the charts, and figures of another kind or period are never added up."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from nplv_analysis.engine import Scenario  # noqa: E402
from nplv_analysis.report.figures import (  # noqa: E402
    area_figures,
    scenario_label,
)


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_homes_chart_adds_up_only_the_agreements_estimates(national):
    ax = national["homes"].axes[0]
    bars = [p for p in ax.patches if round(p.get_y() + p.get_height() / 2) == 0]
    assert [round(b.get_width()) for b in bars] == [2352]  # Heerlen Noord, page 5; nothing else
    note = " ".join(_texts(national["homes"]))
    # named, with their kind, never summed, in the press's own words (homes, not starts):
    # Utrecht's "circa 2.000", the affordable homes of Groningen (2.362) and Zaandam (1.481)
    assert "Utrecht Overvecht circa 2.000 woningen (nieuws)" in note
    assert "Groningen Noord 2.362 betaalbare woningen (nieuws)" in note
    assert "Zaandam Oost 1.481 betaalbare woningen (persbericht Rijk)" in note
    assert "starts" not in note


def test_areas_chart_names_an_amount_without_an_instrument_as_such(national):
    """Leeuwarden-Oost: EUR 7.2 mln for six projects, "een eerste stap" (news of the
    municipality, 25 November 2025): no total, and not an ORV amount."""
    texts = _texts(national["areas"])
    leeuwarden = [t for t in texts if "7,2 mln" in t]
    assert leeuwarden == [
        "  totaal niet gepubliceerd; genoemd bedrag, geen instrument: € 7,2 mln (nieuws gemeente)"
    ]
    assert not any("ORV" in t for t in texts)


def test_charts_name_area_and_scenario():
    figs = area_figures("heerlen-noord", Scenario(realisation=0.7), n_draws=50)
    title = figs["payments"].axes[0].get_title(loc="left")
    assert "Heerlen Noord" in title and "realisatie 70%" in title
    assert scenario_label(Scenario()) == "basisscenario (berekend)"
    assert scenario_label(Scenario(), "en") == "base scenario (computed)"
    assert scenario_label(Scenario(delay_years=1), "en") == "1-year delay"


def test_midterm_charts_name_their_area():
    from nplv_analysis.monitor import load_monitor, midterm_review
    from nplv_analysis.report.figures import midterm_figures

    from .conftest import DATA

    monitor = load_monitor(DATA / "monitor" / "illustratief-2027.csv")
    review = midterm_review(monitor, "2027-06-30")
    figs = midterm_figures(review, monitor, "2027-06-30", ["heerlen-noord"])
    for fig in figs.values():
        assert "Heerlen Noord" in fig.axes[0].get_title(loc="left")


# --- every report figure stays inside its own size (issue 15) -------------------------------------

PAD_IN = 0.15
"""What the tight box of a figure may reach beyond the figure's own edges, in inches."""


def _every_report_figure(overview: dict) -> dict:
    """Every figure the report notebooks show, as the report builds them (``overview``: the
    national overview's, :func:`national_overview_figures`)."""
    from nplv_analysis.engine import compare
    from nplv_analysis.engine.files import NamedScenario
    from nplv_analysis.monitor import load_monitor, midterm_review
    from nplv_analysis.report.comparison import comparison_figures
    from nplv_analysis.report.figures import midterm_figures

    from .conftest import DATA

    def named(name, **fields):
        return NamedScenario({"nl": name, "en": name}, Scenario(**fields))

    figs = {f"area {k}": f for k, f in area_figures("heerlen-noord", n_draws=200).items()}
    figs |= {f"national {k}": f for k, f in overview.items()}
    monitor = load_monitor(DATA / "monitor" / "illustratief-2027.csv")
    review = midterm_review(monitor, "2027-06-30")
    mid = midterm_figures(review, monitor, "2027-06-30", ["heerlen-noord"])
    figs |= {f"midterm {k}": f for k, f in mid.items()}
    area = compare(
        [
            named("basisscenario (berekend)"),
            named("half", realisation=0.5),
            named("later", delay_years=2),
        ],
        "heerlen-noord",
        n_draws=200,
    )
    national = compare(
        [named("basisscenario (berekend)"), named("zonder plafond", allocation="uncapped")],
        None,
        n_draws=200,
    )
    figs |= {f"area {k}": f for k, f in comparison_figures(area).items()}
    figs |= {f"national {k}": f for k, f in comparison_figures(national).items()}
    return figs


REPORT_FIGURES = [
    *(f"area {k}" for k in ("funding", "payments", "fan")),
    *(f"national {k}" for k in ("areas", "ceilings", "allocation", "homes")),
    "midterm trajectory",
    "midterm at-risk",
    "midterm yearly",
    *(f"{w} comparison-{k}" for w in ("area", "national") for k in ("totals", "payments")),
    *(f"{w} comparison-{k}" for w in ("area", "national") for k in ("ceilings", "bands")),
]


@pytest.fixture(scope="module")
def report_figures(national):
    import matplotlib.pyplot as plt

    from nplv_analysis.report import charts

    figs = _every_report_figure(national)
    for fig in figs.values():  # laid out and drawn as the report draws them
        charts.report_png(fig)
    yield figs
    for fig in figs.values():
        if fig not in national.values():  # the session's, closed by its own fixture
            plt.close(fig)


def test_the_list_names_every_report_figure(report_figures):
    assert sorted(report_figures) == sorted(REPORT_FIGURES)


def _tight_box(fig, dpi):
    """The figure's tight box (inches) measured at ``dpi``: text at 110 dpi (the report's
    PNG) is some 5% wider than at 100 (hinted glyphs)."""
    old = fig.dpi
    fig.dpi = dpi
    try:
        return fig.get_tightbbox(fig.canvas.get_renderer())
    finally:
        fig.dpi = old


@pytest.mark.parametrize("dpi", [100, 110])
@pytest.mark.parametrize("name", REPORT_FIGURES)
def test_every_report_figure_stays_inside_its_own_size(report_figures, name, dpi):
    """The saved image (``bbox_inches="tight"``) is the figure's size: a long source note or
    title is wrapped, never widens the image (the homes chart was 4,694 px wide, its chart a
    strip in the report), at the figure's dpi and at the report's."""
    fig = report_figures[name]
    box = _tight_box(fig, dpi)
    width, height = fig.get_size_inches()
    assert box.x0 >= -PAD_IN and box.y0 >= -PAD_IN, (name, box)
    assert box.x1 <= width + PAD_IN and box.y1 <= height + PAD_IN, (name, box, width, height)


@pytest.mark.parametrize("name", REPORT_FIGURES)
def test_the_source_note_lies_clear_of_every_axes(report_figures, name):
    fig = report_figures[name]
    r = fig.canvas.get_renderer()
    (note,) = fig.texts
    box = note.get_window_extent(r)
    assert box.x1 <= fig.bbox.width and box.y0 >= 0
    for ax in fig.axes:
        assert not box.overlaps(ax.get_tightbbox(r)), name


@pytest.mark.parametrize("name", [n for n in REPORT_FIGURES if "comparison" not in n])
def test_nothing_overlaps_in_the_report_figures(report_figures, name):
    """As drawn in the report (the comparison charts write their amounts on the estimate's
    grey band, on purpose): the homes chart's note of other figures stays under its x label."""
    from .test_charts import overlaps

    assert overlaps(report_figures[name]) == []


@pytest.mark.parametrize("name", REPORT_FIGURES)
def test_the_labels_right_of_the_bars_end_inside_the_figure(report_figures, name):
    """The value labels written right of the marks (past the axis where they need it, in
    the room the layout keeps) end inside the figure."""
    from .test_charts import drawn

    fig = report_figures[name]
    r = drawn(fig)
    for ax in fig.axes:
        for label in ax.texts:
            assert label.get_window_extent(r).x1 <= fig.bbox.width, (name, label.get_text())
