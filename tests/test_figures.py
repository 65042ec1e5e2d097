"""The national overview agrees with itself (issue 13): a figure shown in the table is shown or
named the same way in the charts, and figures of another kind or period are never added up."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from nplv_analysis.engine import Scenario  # noqa: E402
from nplv_analysis.report.figures import (  # noqa: E402
    area_figures,
    national_overview_figures,
    scenario_label,
)


@pytest.fixture(scope="module")
def national():
    return national_overview_figures()


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_homes_chart_adds_up_only_the_agreements_estimates(national):
    ax = national["homes"].axes[0]
    bars = [p for p in ax.patches if round(p.get_y() + p.get_height() / 2) == 0]
    assert [round(b.get_width()) for b in bars] == [2352]  # Heerlen Noord, page 5; nothing else
    note = " ".join(_texts(national["homes"]))
    # named, with their kind, never summed: Utrecht's press "circa 2.000" and the affordable
    # starts of Groningen (2.362) and Zaandam (1.481) from the news
    assert "Utrecht Overvecht circa 2.000 starts (nieuws)" in note
    assert "Groningen Noord 2.362 betaalbare starts (nieuws)" in note
    assert "Zaandam Oost 1.481 betaalbare starts" in note


def test_areas_chart_names_a_published_instrument_where_no_total_is(national):
    texts = _texts(national["areas"])
    leeuwarden = [t for t in texts if "ORV" in t and "7,2 mln" in t]
    assert leeuwarden and "totaal niet gepubliceerd" in leeuwarden[0]
    assert "nieuws gemeente" in leeuwarden[0]


def test_charts_name_area_and_scenario():
    figs = area_figures("heerlen-noord", Scenario(realisation=0.7), n_draws=50)
    title = figs["payments"].axes[0].get_title(loc="left")
    assert "Heerlen Noord" in title and "realisatie 70%" in title
    assert scenario_label(Scenario()) == "de afspraak zoals die geldt"
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
