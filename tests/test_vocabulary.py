"""One vocabulary, as the source words it: *afgesproken* only for what the agreement fixes,
*inschatting* for its estimates, *trekkingsrecht (maximum)* for ORV and capacity, *berekend* for
what the project computes, *afgeleid* for what it infers. Tested on the rendered tables, charts
and the explorer, one label class at a time (issue 10)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nplv_analysis.apps.explorer import Explorer  # noqa: E402
from nplv_analysis.engine import Scenario, run  # noqa: E402
from nplv_analysis.report import charts  # noqa: E402
from nplv_analysis.report.tables import (  # noqa: E402
    funding_table,
    housing_table,
    scenario_notes,
    scenario_table,
    totals_table,
)
from nplv_analysis.rules import figure_kind  # noqa: E402

HN = "heerlen-noord"


def cell(table, row, column):
    return str(table.loc[row, column])


def test_the_realisatiestimulans_range_is_an_estimate_not_agreed():
    # page 8: "Inschatting mogelijke Realisatiestimulans"
    fund = funding_table(HN)
    assert cell(fund, "Realisatiestimulans", "Soort gegeven") == "inschatting (afspraak)"
    assert cell(fund, "Totaal", "Soort gegeven") == "inschatting plus trekkingsrechten"
    tot = totals_table(Scenario(), HN)
    assert cell(tot, "Realisatiestimulans", "Afspraak") == (
        "inschatting (afspraak): € 5.300.000 – € 8.000.000"
    )
    assert cell(tot, "Realisatiestimulans", "Positie") == "binnen de inschatting"
    for table in (fund, tot):
        assert "afgesproken" not in table.to_string()


def test_orv_and_capacity_are_drawing_rights():
    # pages 7-8: "maximale rijksbijdrage", paid afterwards on real costs
    fund = funding_table(HN)
    for inst in ("ORV (openbare ruimte en voorzieningen)", "Capaciteit"):
        assert cell(fund, inst, "Soort gegeven") == "trekkingsrecht (maximum)"
    tot = totals_table(Scenario(), HN)
    orv = "ORV (openbare ruimte en voorzieningen)"
    assert cell(tot, orv, "Afspraak") == "trekkingsrecht (maximum): € 10.000.000"
    assert cell(tot, orv, "Scenario, bruto") == "€ 9,0 mln"  # under the ceiling, not "binnen"
    assert cell(tot, orv, "Positie") == "minder dan het trekkingsrecht"
    assert cell(tot, orv, "Over de verdeelregels") == "€ 9,0 mln – € 10,0 mln"
    ax = charts.funding_chart(_fund(), ax=_ax())
    legend = [h.get_label() for h in ax.get_legend().legend_handles]
    assert "één bedrag: trekkingsrecht (maximum)" in legend
    assert "bandbreedte: inschatting (afspraak)" in legend
    assert not any("vast bedrag" in label for label in legend)


def test_the_agreement_fixes_the_minimums_and_estimates_the_starts():
    housing = housing_table(HN)
    # p. 4: "minimaal 1.500 woningen in Heerlen Noord"; p. 5: "Inschatting start bouw aantallen"
    assert cell(housing, "Minimum in het gebied", "Soort gegeven") == "afgesproken"
    assert cell(housing, "Startbouw, totaal", "Soort gegeven") == ("inschatting (afspraak)")
    agreed_rows = housing.index[housing["Soort gegeven"] == "afgesproken"]
    assert all("Minimum" in r or "woningen" in r.lower() for r in agreed_rows)


def test_computed_amounts_say_so():
    ax = charts.payments_chart(run(Scenario(), [HN]), ax=_ax())
    assert "(berekend)" in ax.get_title(loc="left")
    table = scenario_table(Scenario())
    assert (
        cell(table, "verdeelregel bij plafond", "Waarde")
        == "wie het eerst komt (basisscenario; aanname A22)"
    )
    assert cell(table, "netto berekend met", "Waarde") == "het btw-tarief per kostenregel"


def test_the_estimate_before_the_band_is_inferred():
    from nplv_analysis.text import t

    assert "*inschatting vóór de bandbreedte (afgeleid)*" in t("intro_scenario")
    assert t("expected_2029") == "inschatting vóór de bandbreedte (afgeleid)"
    assert t("expected_2029", "en") == "estimate before the band (inferred)"


def test_both_nets_are_shown_where_they_differ():
    # ORV under the ceiling 9,000,000: / 1.21 = 7,438,016.53; by the printed column
    # 9,000,000 x 8,785,123 / 10,000,000 = 7,906,610.70
    tot = totals_table(Scenario(), HN)
    orv = "ORV (openbare ruimte en voorzieningen)"
    # the printed excl. column is stale (page 7: 6,719,008 = 8,130,000 / 1.21), and says so
    printed = "Scenario, netto volgens de gedrukte excl.-kolom (verouderde kolom: zie de controles)"
    assert cell(tot, orv, "Scenario, netto") == "€ 7,4 mln"
    assert cell(tot, orv, printed) == "€ 7,9 mln"
    capacity = cell(tot, "Capaciteit", printed)
    assert capacity == "€ 3,6 mln"  # excl. = incl. as printed (page 8): the same either way


def test_payments_after_the_last_payment_year_are_flagged():
    # a lag of 3 years moves ORV and capacity costs of 2028-2029 into 2031-2032
    assert scenario_notes(Scenario(), HN) == []
    [note] = scenario_notes(Scenario(payment_lag=3), HN)
    assert "na 2030, het laatste uitbetalingsjaar van de afspraak" in note


def test_the_explorer_uses_the_same_words():
    ex = Explorer()
    assert "inschatting (afspraak)" in ex.table.value
    assert "trekkingsrecht (maximum)" in ex.table.value
    assert "afgesproken" not in ex.table.value
    assert ex.buttons["anderen-eerst"].description == "anderen eerst"
    assert ex.buttons["zonder-plafond"].description == "zonder plafond"


@pytest.mark.parametrize(
    ("key", "source_kind", "kind"),
    [
        ("realisatiestimulans.estimate.low", "agreement", "estimate"),
        ("summary.total.high", "agreement", "estimate_and_rights"),
        ("orv.cmv.incl", "agreement", "drawing_right"),
        ("capaciteit.total.incl", "agreement", "drawing_right"),
        ("orv.budget", "agreement", "agreed"),
        ("orv.table.price_level_year", "agreement", "agreed"),
        ("orv.measures_start.first_year", "agreement", "agreed"),
        ("orv.agreed", "agreement", "drawing_right"),
        ("homes.startbouw.affordable", "agreement", "estimate"),
        ("homes.region_minimum", "agreement", "agreed"),
        ("homes.care.zorggeschikt", "agreement", "put_forward"),  # "aangedragen", page 10
        ("homes.care.zorggeclusterd", "agreement", "put_forward"),
        ("realisatiestimulans.per_home", "regulation", "agreed"),
        ("orv.total", "news", None),
        ("residents", "agreement", None),
    ],
)
def test_figure_kinds(key, source_kind, kind):
    assert figure_kind(key, source_kind) == kind


def _ax():
    _, ax = plt.subplots()
    return ax


def _fund():
    from nplv_analysis.data import funding

    return funding(HN)
