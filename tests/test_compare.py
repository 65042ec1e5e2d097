"""Scenarios side by side (issue 17): golden values worked out by hand.

Heerlen Noord (data/sources/, pages as cited): realisatiestimulans 1,413 x 100/130 homes x
EUR 7,000 = 7,608,461.54 (pages 6, 8; A13), spread evenly over the start years 2025-2029 and paid
the year after: 1,521,692.31 a year 2026-2030. ORV 10 mln and capacity 4.3 mln drawing rights
(pages 7, 8) under the national ceilings of 180 of 200 mln and 50 of 60 mln: 9,000,000 and
3,583,333.33 (first come, first served: the ceiling runs out in 2030).
"""

import pandas as pd
import pytest

from nplv_analysis.engine import (
    Scenario,
    ScenarioError,
    compare,
    compare_figures,
    figures,
    run,
    run_many,
)
from nplv_analysis.engine.files import NamedScenario

HN = "heerlen-noord"
RS = 7_608_461.54
ORV = 9_000_000.00
CAP = 3_583_333.33


def named(nl: str, **fields) -> NamedScenario:
    return NamedScenario({"nl": nl, "en": nl}, Scenario(**fields))


def test_half_the_starts_halves_the_realisatiestimulans():
    f = figures(Scenario(realisation=0.5), [HN]).set_index("instrument")
    assert f.at["realisatiestimulans", "gross_eur"] == pytest.approx(3_804_230.77, abs=0.01)
    assert f.at["realisatiestimulans", "difference_eur"] == pytest.approx(-3_804_230.77, abs=0.01)
    assert f.at["realisatiestimulans", "position"] == "below"  # under 5.3 mln (page 8)
    assert f.at["orv", "difference_eur"] == 0 and f.at["capaciteit", "difference_eur"] == 0
    assert f.at["totaal", "gross_eur"] == pytest.approx(3_804_230.77 + ORV + CAP, abs=0.02)


def test_two_years_late_moves_the_starts_of_2028_and_2029_out_of_the_window():
    # starts planned 2028-2029 fall in 2030-2031, after the window 2025-2029: 3/5 remain
    f = figures(Scenario(delay_years=2), [HN]).set_index("instrument")
    assert f.at["realisatiestimulans", "gross_eur"] == pytest.approx(4_565_076.92, abs=0.01)
    assert f.at["realisatiestimulans", "difference_eur"] == pytest.approx(-3_043_384.62, abs=0.01)
    assert f.at["realisatiestimulans", "position"] == "below"


def test_the_agreement_sits_within_its_estimate():
    f = figures(Scenario(), [HN]).set_index("instrument")
    assert f.at["realisatiestimulans", "position"] == "within"
    assert (f.at["realisatiestimulans", "low_eur"], f.at["realisatiestimulans", "high_eur"]) == (
        5_300_000,
        8_000_000,
    )
    assert f.at["orv", "reference"] == "drawing_right" and f.at["orv", "high_eur"] == 10_000_000
    assert f["difference_eur"].abs().max() == 0


def test_nationally_each_instrument_keeps_its_own_scope():
    # half of all ORV spent: 0.5 x 200 mln = 100 mln claimed, under the 180 mln ceiling: all
    # paid, 80 mln less than the agreement's 180 mln; capacity as agreed: the 50 mln ceiling
    f = figures(Scenario(orv_spend=0.5), None).set_index("instrument")
    assert list(f.index) == ["realisatiestimulans", "orv", "capaciteit"]  # no total
    assert list(f["scope"]) == ["areas", "national", "national"]
    assert f.at["orv", "gross_eur"] == pytest.approx(100_000_000)
    assert f.at["orv", "difference_eur"] == pytest.approx(-80_000_000)
    assert f.at["orv", "reference"] == "ceiling" and f.at["orv", "high_eur"] == 180_000_000
    assert f.at["capaciteit", "gross_eur"] == pytest.approx(50_000_000)


def test_compare_takes_the_first_scenario_as_the_baseline():
    c = compare(
        [named("half", realisation=0.5), named("afspraak"), named("2 jaar", delay_years=2)],
        HN,
    )
    assert c.names == ["half", "afspraak", "2 jaar"]
    rs = c.figures[c.figures["instrument"] == "realisatiestimulans"].set_index("scenario")
    # against "half" (3,804,230.77): the agreement +3,804,230.77, two years late +760,846.15
    assert rs.at["half", "difference_eur"] == 0
    assert rs.at["afspraak", "difference_eur"] == pytest.approx(3_804_230.77, abs=0.01)
    assert rs.at["2 jaar", "difference_eur"] == pytest.approx(760_846.15, abs=0.01)
    # payments per year, two years late: the starts planned 2025-2027 happen 2027-2029 and pay
    # 2028-2030, 1,521,692.31 a year; nothing is paid in 2026 and 2027
    pay = c.payments[(c.payments["scenario"] == "2 jaar")]
    pay = pay[pay["instrument"] == "realisatiestimulans"].set_index("year")["gross_eur"]
    assert pay.reindex([2026, 2027]).fillna(0).tolist() == [0, 0]
    assert pay.loc[2028] == pytest.approx(1_521_692.31, abs=0.01)
    assert pay.loc[2030] == pytest.approx(1_521_692.31, abs=0.01)
    # the national ceilings per scenario: used up in all three (claims 200 and 60 mln)
    ceil = c.ceilings.set_index(["scenario", "instrument"])
    assert ceil.loc[("afspraak", "orv"), "paid_eur"] == pytest.approx(180_000_000)
    assert ceil.loc[("afspraak", "orv"), "claims_eur"] == pytest.approx(200_000_000)
    assert ceil.loc[("half", "capaciteit"), "paid_eur"] == pytest.approx(50_000_000)
    # the uncertainty band of the realisatiestimulans: within realisation x [0.7, 1.05] x RS
    band = c.bands.set_index("scenario")
    assert 0.7 * RS <= band.at["afspraak", "p10"] < band.at["afspraak", "p90"] <= 1.05 * RS
    assert 0.35 * RS <= band.at["half", "p10"] < band.at["half", "p90"] <= 0.525 * RS


def test_compare_refuses_two_scenarios_of_one_name():
    with pytest.raises(ScenarioError) as info:
        compare([named("x"), named("x", realisation=0.5)], HN)
    assert info.value.code == "compare.twice"
    assert info.value.text("nl") == (
        "names=['x']: twee scenario's met dezelfde naam: x (de naam staat in de tabellen en "
        "grafieken)"
    )
    with pytest.raises(ScenarioError) as info:
        compare([], HN)
    nl = "scenarios=[]: geen scenario's gegeven om naast elkaar te zetten"
    assert info.value.text("nl") == nl


def test_run_many_holds_the_rows_of_each_run():
    scenarios = [
        Scenario(),
        Scenario(realisation=0.7, delay_years=1),
        Scenario(cost_inflation=0.03),
    ]
    many = run_many(scenarios, None, labels=["a", "b", "c"])
    assert list(many.columns[:2]) == ["scenario", "area_id"]
    for label, scenario in zip("abc", scenarios, strict=True):
        one = many[many["scenario"] == label].drop(columns="scenario").reset_index(drop=True)
        alone = run(scenario)
        if "real_eur" not in alone:
            # no inflation: euros of the price level year are the euros paid
            assert (one["real_eur"] == one["gross_eur"]).all()
            one = one.drop(columns="real_eur")
        pd.testing.assert_frame_equal(one, alone)
    # 0.7 x 4/5 x 7,608,461.54 = 4,260,738.46 (one year late loses the starts of 2029)
    b = many[(many["scenario"] == "b") & (many["area_id"] == HN)]
    rs = b[b["instrument"] == "realisatiestimulans"]["gross_eur"].sum()
    assert rs == pytest.approx(4_260_738.46, abs=0.01)
    with pytest.raises(ValueError, match=r"labels=\[.a.\]: 3 names are needed"):
        run_many(scenarios, labels=["a"])


def test_compare_figures_is_long_with_the_labels():
    f = compare_figures([Scenario(), Scenario(realisation=0.5)], [HN], labels=["A", "B"])
    assert list(f["scenario"].unique()) == ["A", "B"]
    assert len(f) == 8  # 3 instruments and the total, twice


def test_compare_of_one_area_keeps_to_that_area():
    # mutation testing: the area must reach every table (payments, figures), not all areas
    c = compare([named("afspraak"), named("anderen eerst", others_spend_profile="front")], HN)
    assert c.area == HN and [s.title("nl") for s in c.scenarios] == ["afspraak", "anderen eerst"]
    pay = c.payments.set_index(["scenario", "instrument", "year"])["gross_eur"]
    # Heerlen Noord's ORV: 10 mln / 5 = 2,000,000 in 2026, not the national 40 mln
    assert pay[("afspraak", "orv", 2026)] == pytest.approx(2_000_000)
    assert set(c.figures["scope"]) == {"area"}
    assert "totaal" in set(c.figures["instrument"])
    # the others claim early: this area meets a used-up ceiling, 8,095,238.10 (test_scenarios)
    orv = c.figures[(c.figures["instrument"] == "orv")].set_index("scenario")["gross_eur"]
    assert orv["anderen eerst"] == pytest.approx(8_095_238.10, abs=0.01)


def test_compare_reads_the_data_folder_it_is_given(tmp_path):
    import shutil
    from pathlib import Path

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", data)
    national = data / "national.yaml"
    text = national.read_text(encoding="utf-8")
    # the national ORV ceiling 190 instead of the published 180 mln
    assert text.count("    value: 180000000\n") == 1
    national.write_text(text.replace("    value: 180000000\n", "    value: 190000000\n"), "utf-8")
    c = compare([named("afspraak"), named("half", realisation=0.5)], HN, data_dir=data)
    # ORV under a 190 mln ceiling of 200 mln claims: 10 mln x 190/200 = 9,500,000
    orv = c.figures[c.figures["instrument"] == "orv"].set_index("scenario")["gross_eur"]
    assert orv["afspraak"] == pytest.approx(9_500_000)
    pay = c.payments.set_index(["scenario", "instrument", "year"])["gross_eur"]
    # first come, first served: 2 mln a year until 2029 (160 of 190 mln), 30 of 40 mln in 2030
    assert pay[("afspraak", "orv", 2030)] == pytest.approx(1_500_000)
    ceilings = c.ceilings.set_index(["scenario", "instrument"])
    assert ceilings.loc[("afspraak", "orv"), "ceiling_eur"] == 190_000_000
    assert ceilings.loc[("half", "orv"), "paid_eur"] == pytest.approx(190_000_000)
    nat = figures(Scenario(), None, data).set_index("instrument")
    assert nat.at["orv", "gross_eur"] == pytest.approx(190_000_000)
    assert figures(Scenario(), [HN], data).set_index("instrument").at[
        "orv", "gross_eur"
    ] == pytest.approx(9_500_000)


def test_compare_draws_the_same_band_every_time():
    a = compare([named("afspraak")], HN).bands
    b = compare([named("afspraak")], HN).bands
    pd.testing.assert_frame_equal(a, b)


def test_compare_names_every_name_given_twice():
    with pytest.raises(ScenarioError) as info:
        compare([named("x"), named("y"), named("x"), named("y", realisation=0.5)], HN)
    assert info.value.values["names"] == "x, y"
    assert "two scenarios of one name: x, y (the name" in str(info.value)


def test_figures_against_another_baseline():
    # 100% against 50%: + 3,804,230.77
    f = figures(Scenario(), [HN], baseline=Scenario(realisation=0.5)).set_index("instrument")
    assert f.at["realisatiestimulans", "difference_eur"] == pytest.approx(3_804_230.77, abs=0.01)
    assert f.at["realisatiestimulans", "baseline_eur"] == pytest.approx(3_804_230.77, abs=0.01)


def test_compare_figures_with_labels_and_one_area_as_text():
    f = compare_figures([Scenario(), Scenario(realisation=0.5)], HN, labels=["A", "B"])
    total = f[f["instrument"] == "totaal"].set_index("scenario")["gross_eur"]
    assert total["A"] == pytest.approx(RS + ORV + CAP, abs=0.02)
    assert total["B"] == pytest.approx(RS / 2 + ORV + CAP, abs=0.02)
    assert set(f["scope"]) == {"area"}


def _totals(gross, low=5_300_000.0, high=8_000_000.0, kind="estimate", inst="realisatiestimulans"):
    return pd.DataFrame(
        [
            {
                "area_id": HN,
                "instrument": inst,
                "gross_eur": gross,
                "reference": kind,
                "reference_low_eur": low,
                "reference_high_eur": high,
            }
        ]
    )


@pytest.mark.parametrize(
    "gross,position",
    [
        (5_300_000.00, "within"),  # the range includes its ends
        (5_299_999.996, "within"),  # to the half cent
        (5_299_999.99, "below"),
        (8_000_000.004, "within"),
        (8_000_000.01, "above"),
    ],
)
def test_figure_rows_places_a_total_against_its_estimate(gross, position):
    from nplv_analysis.engine.compare import figure_rows

    pay = pd.DataFrame({"gross_eur": [gross]})
    rows = figure_rows(_totals(gross), pd.DataFrame(), pay, True)
    assert [p if isinstance(p, str) else None for p in rows["position"]] == [position, None]
    assert rows["scope"].tolist() == ["area", "area"]
    assert rows["instrument"].tolist() == ["realisatiestimulans", "totaal"]


def test_figure_rows_of_what_cannot_be_computed():
    from nplv_analysis.engine.compare import figure_rows

    # no realisatiestimulans figure: no amount (not 0) and no position; a drawing right has none
    tot = pd.concat(
        [
            _totals(float("nan"), float("nan"), float("nan"), None),
            _totals(10_000_000.0, 10_000_000.0, 10_000_000.0, "drawing_right", "orv"),
        ]
    )
    rows = figure_rows(tot, pd.DataFrame(), pd.DataFrame({"gross_eur": [10e6]}), True)
    rows = rows.set_index("instrument")
    assert pd.isna(rows.at["realisatiestimulans", "gross_eur"])
    assert rows.at["realisatiestimulans", "position"] is None
    assert rows.at["orv", "position"] is None and rows.at["orv", "reference"] == "drawing_right"
    assert list(rows.index) == ["realisatiestimulans", "orv", "totaal"]  # capacity: no rows


def test_no_total_when_a_part_is_unknown():
    from nplv_analysis.engine.compare import figure_rows

    # the realisatiestimulans unknown, ORV 10 mln known: a total of 10 mln would pass for the
    # area's total; it stays empty
    tot = pd.concat(
        [
            _totals(float("nan"), float("nan"), float("nan"), None),
            _totals(10_000_000.0, 10_000_000.0, 10_000_000.0, "drawing_right", "orv"),
        ]
    )
    rows = figure_rows(tot, pd.DataFrame(), pd.DataFrame({"gross_eur": [10e6]}), True)
    assert pd.isna(rows.set_index("instrument").at["totaal", "gross_eur"])
    # all known: the total is the payments' sum
    rows = figure_rows(tot.iloc[1:], pd.DataFrame(), pd.DataFrame({"gross_eur": [10e6]}), True)
    assert rows.set_index("instrument").at["totaal", "gross_eur"] == 10_000_000
