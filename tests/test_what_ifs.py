"""What-ifs as researchers ask them (issue 23): a realisation per start year, starts per year
as given, ORV and capacity that slip, plan lists in the engine. Every expected value is worked
out by hand in the comment next to it.

Hand figures (tests/test_engine_mutants.py): Heerlen Noord's realisatiestimulans is
E x 7,000 = EUR 7,608,461.54 with E = 1,413 x 100/130 expected starts, spread evenly: EUR
1,521,692.31 a year in 2026-2030 (page 6: paid the year after the start). ORV right EUR 10 mln
(page 7), capacity EUR 4.3 mln (page 8); national claims 200 and 60 mln against ceilings of 180
and 50 mln (the residual claimant holds the rest, A12).
"""

from __future__ import annotations

import pandas as pd
import pytest

from nplv_analysis.engine import (
    Scenario,
    ScenarioError,
    compare,
    expected_plan_starts,
    plan_risks,
    run,
    simulate,
    totals,
)
from nplv_analysis.engine.files import NamedScenario, load_scenario, save_scenario

HN = "heerlen-noord"
YEAR = 7_608_461.54 / 5  # 1,521,692.31 a year
FIVE_YEARS = {2025: 100, 2026: 200, 2027: 300, 2028: 400, 2029: 500}


def rs_by_year(scenario: Scenario, areas=HN) -> dict[int, float]:
    pay = run(scenario, areas)
    pay = pay[(pay["area_id"] == HN) & (pay["instrument"] == "realisatiestimulans")]
    return {int(y): round(float(v), 2) for y, v in zip(pay["year"], pay["gross_eur"], strict=True)}


def inst_by_year(scenario: Scenario, instrument: str) -> dict[int, float]:
    pay = run(scenario, HN)
    pay = pay[pay["instrument"] == instrument]
    return {int(y): round(float(v), 2) for y, v in zip(pay["year"], pay["gross_eur"], strict=True)}


# --- a realisation per start year -------------------------------------------------------------


def test_thirty_percent_fewer_starts_in_2026_and_2027():
    """7,608,461.54 x 4.4/5 = 6,695,446.15: the loss only in payment years 2027 and 2028
    (1,521,692.31 x 0.7 = 1,065,184.62)."""
    by_year = rs_by_year(Scenario(realisation={2026: 0.7, 2027: 0.7}))
    assert by_year == pytest.approx(
        {2026: 1_521_692.31, 2027: 1_065_184.62, 2028: 1_065_184.62, 2029: 1_521_692.31}
        | {2030: 1_521_692.31},
        abs=0.01,
    )
    assert sum(by_year.values()) == pytest.approx(6_695_446.15, abs=0.02)


def test_year_keys_as_text_are_years():
    """papermill passes the keys of a mapping as text."""
    assert Scenario(realisation={"2026": 0.7}) == Scenario(realisation={2026: 0.7})
    s = Scenario.from_parameters({"realisation": {"2026": 0.7, "2027": 0.7}, "lang": "nl"})
    assert s.realisation == {2026: 0.7, 2027: 0.7}


def test_the_realisation_applies_to_the_planned_year_then_the_delay_shifts():
    """100 starts planned in 2025 and 100 in 2026; half of 2025's happen; a year later: 50 start
    in 2026 (paid 2027: 350,000), 100 in 2027 (paid 2028: 700,000)."""
    s = Scenario(starts={2025: 100, 2026: 100}, realisation={2025: 0.5}, delay_years=1)
    assert rs_by_year(s) == {2026: 0, 2027: 350_000, 2028: 700_000, 2029: 0, 2030: 0}


# --- starts per year, as given ----------------------------------------------------------------


def test_starts_per_year_are_used_as_given():
    """100 ... 500 starts x EUR 7,000, no 100/130 correction: 0.7, 1.4, 2.1, 2.8 and 3.5 mln
    paid in 2026-2030."""
    assert rs_by_year(Scenario(starts=FIVE_YEARS)) == {
        2026: 700_000,
        2027: 1_400_000,
        2028: 2_100_000,
        2029: 2_800_000,
        2030: 3_500_000,
    }


def test_a_year_late_the_last_year_falls_outside_the_window():
    """The 500 starts of 2029 slip to 2030 and earn nothing: 0.7 + 1.4 + 2.1 + 2.8 = 7.0 mln."""
    by_year = rs_by_year(Scenario(starts=FIVE_YEARS, delay_years=1))
    assert by_year == {2026: 0, 2027: 700_000, 2028: 1_400_000, 2029: 2_100_000, 2030: 2_800_000}


def test_starts_before_the_window_may_be_pushed_into_it():
    """100 starts planned in 2024 start in 2025 a year late: paid in 2026."""
    assert rs_by_year(Scenario(starts={2024: 100}, delay_years=1))[2026] == 700_000
    assert sum(rs_by_year(Scenario(starts={2024: 100, 2031: 50})).values()) == 0


def test_starts_above_the_estimate_are_flagged_not_capped():
    """1,500 starts x 7,000 = 10.5 mln, above the estimate's 8.0 mln."""
    tot = totals(Scenario(starts=dict.fromkeys(range(2025, 2030), 300)), HN)
    rs = tot.set_index("instrument").loc["realisatiestimulans"]
    assert rs["gross_eur"] == pytest.approx(10_500_000)
    assert rs["position"] == "above" and rs["reference_high_eur"] == 8_000_000


def test_starts_per_area_on_a_run_of_several_areas():
    """Heerlen Noord's 100 starts in 2026 earn 700,000; Groningen Noord has no published
    estimate, so without a list it has no realisatiestimulans, with 10 starts in 2027 70,000
    (held against no estimate); a run of all areas keeps Heerlen Noord's estimate otherwise."""
    s = Scenario(starts={HN: {2026: 100}, "groningen-noord": {2027: 10}})
    tot = totals(s).set_index(["area_id", "instrument"])
    assert tot.at[(HN, "realisatiestimulans"), "gross_eur"] == pytest.approx(700_000)
    gn = tot.loc[("groningen-noord", "realisatiestimulans")]
    assert gn["gross_eur"] == pytest.approx(70_000) and gn["position"] == "no_estimate"
    without = totals(Scenario(), ["groningen-noord"]).set_index("instrument")
    assert pd.isna(without.at["realisatiestimulans", "gross_eur"])
    only_gn = totals(Scenario(starts={"groningen-noord": {2027: 10}}), HN)
    assert only_gn.set_index("instrument").at["realisatiestimulans", "gross_eur"] == (
        pytest.approx(7_608_461.54, abs=0.01)
    )


def test_bare_starts_on_several_areas_are_refused_in_the_readers_language():
    with pytest.raises(ScenarioError) as info:
        run(Scenario(starts={2026: 100}))
    assert "starts per year without an area apply to a run on one area" in str(info.value)
    assert "gelden voor een berekening van één gebied" in info.value.text("nl")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ({2026: -1}, "the starts for 2026 must be a number, 0 to 1,000,000"),
        ({2026: "veel"}, "the starts for 2026 must be a number"),
        ({"twintig": 1, 2026: 1}, "mixes years and areas"),
        ({1999: 10}, "1999 is not a year from 2000 to 2050"),
        ({2026: 1, "2026": 2}, "names 2026 twice"),
        (420, "must be the affordable starts per year"),
    ],
)
def test_bad_starts_are_refused_with_what_is_wrong(value, words):
    with pytest.raises(ScenarioError, match=words):
        Scenario(starts=value)


def test_starts_for_an_unknown_area_are_refused():
    with pytest.raises(ScenarioError, match="nergens are not NPLV areas"):
        run(Scenario(starts={"nergens": {2026: 1}}), HN)


def test_weights_that_do_not_add_up_are_refused_in_the_readers_language():
    with pytest.raises(ScenarioError) as info:
        Scenario(profile=(1, 0.7, 0.7, 1, 1))
    assert "weights must add up to 1 (they add up to 4.4000)" in str(info.value)
    dutch = info.value.text("nl")
    assert "de gewichten moeten samen 1 zijn (samen 4,4000)" in dutch
    assert "realisatie per jaar" in dutch


# --- ORV and capacity that slip ---------------------------------------------------------------


def test_orv_a_year_late_pays_later_and_never_more():
    """Every claimant's costs a year later: Heerlen Noord claims 2 mln a year in 2026-2029 (the
    2029 fifth falls past the window, A30), 40 mln a year nationally, 160 under the ceiling of
    180: all paid, 8.0 mln, first in 2027 (was 9.0 mln under first come, first in 2026)."""
    assert inst_by_year(Scenario(), "orv")[2026] == 2_000_000
    late = inst_by_year(Scenario(spend_delay_years=1), "orv")
    assert late == {2026: 0, 2027: 2_000_000, 2028: 2_000_000, 2029: 2_000_000, 2030: 2_000_000}
    for rule in ("first_come", "pro_rata", "uncapped"):
        on_time = sum(inst_by_year(Scenario(allocation=rule), "orv").values())
        delayed = sum(inst_by_year(Scenario(allocation=rule, spend_delay_years=1), "orv").values())
        assert delayed <= on_time


def test_capacity_slips_with_the_orv():
    """4.3 mln a fifth a year, 2029's fifth past the window: 4 x 860,000 = 3.44 mln from 2027
    (60 mln national claims less a fifth = 48 mln, under the ceiling of 50)."""
    late = inst_by_year(Scenario(spend_delay_years=2), "capaciteit")
    assert late == {2026: 0, 2027: 0, 2028: 860_000, 2029: 860_000, 2030: 860_000}


# --- scenario files and compare ---------------------------------------------------------------


def test_a_scenario_file_with_mappings_by_year(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        'name: "30% minder starts in 2026-2027"\n'
        "realisation: {2026: 0.7, 2027: 0.7}\n"
        "spend_delay_years: 1\n",
        encoding="utf-8",
    )
    s = load_scenario(path).scenario
    assert s == Scenario(realisation={2026: 0.7, 2027: 0.7}, spend_delay_years=1)
    again = save_scenario(Scenario(starts={HN: FIVE_YEARS}), tmp_path / "t.yaml", "plan")
    assert load_scenario(again).scenario.starts == {HN: FIVE_YEARS}
    assert "heerlen-noord:\n    2025: 100\n" in again.read_text(encoding="utf-8")


def test_a_bad_mapping_in_a_file_is_named_by_line_and_field_in_dutch(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nrealisation: {2026: 2}\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_scenario(path)
    assert "regel 2, veld 'realisation'" in info.value.text("nl")
    assert "het aandeel voor 2026 moet een getal zijn, 0 tot en met 1,5" in info.value.text("nl")


def test_compare_takes_the_new_fields():
    """Baseline 7,608,461.54; the starts list 10.5 mln: +2,891,538.46."""
    named = [
        NamedScenario({"nl": "basis", "en": "base"}, Scenario()),
        NamedScenario({"nl": "lijst", "en": "list"}, Scenario(starts=FIVE_YEARS)),
    ]
    cmp = compare(named, HN, n_draws=200)
    fig = cmp.figures.set_index(["scenario", "instrument"])
    assert fig.at[("lijst", "realisatiestimulans"), "gross_eur"] == pytest.approx(10_500_000)
    assert fig.at[("lijst", "realisatiestimulans"), "difference_eur"] == pytest.approx(
        2_891_538.46, abs=0.01
    )


# --- plan lists in the engine -----------------------------------------------------------------


def plans(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["area_id", "project", "homes_affordable", "start_year", "phase"]
    )


def test_expected_starts_per_phase():
    """initiatief (chance 0.5; slip 0.3/0.4/0.3): 100 homes in 2027 -> 15, 20, 15 in 2027-2029;
    bouw: 40 homes in 2026, all."""
    exp = expected_plan_starts(
        plans([(HN, "a", 100, 2027, "initiatief"), (HN, "b", 40, 2026, "bouw")])
    )
    assert exp.to_dict() == pytest.approx({2026: 40, 2027: 15, 2028: 20, 2029: 15})


def test_projects_under_construction_carry_no_risk():
    """Two projects in the bouw phase: 100 homes in 2026 and 50 in 2027, each draw pays 1.05 mln."""
    p = plans([(HN, "a", 100, 2026, "bouw"), (HN, "b", 50, 2027, "bouw")])
    _, tot = simulate(n=500, areas=HN, plans=p)
    rs = tot.set_index("instrument").loc["realisatiestimulans"]
    assert (rs["p10"], rs["p50"], rs["p90"]) == pytest.approx((1_050_000,) * 3)
    risks = plan_risks(p, n=500)
    assert risks["at_risk_eur"].tolist() == [0, 0] and risks["p_paid"].tolist() == [1, 1]


def test_an_early_project_in_2029_stays_in_the_window_only_without_slip():
    """initiatief in 2029: starts with chance 0.5, without slip with 0.3: paid with 0.15."""
    risks = plan_risks(plans([(HN, "a", 10, 2029, "initiatief")]), n=20_000)
    assert risks.loc[0, "p_paid"] == pytest.approx(0.15, abs=0.01)
    assert risks.loc[0, "planned_eur"] == 70_000
    assert risks.loc[0, "expected_eur"] == pytest.approx(70_000 * 0.15, rel=0.07)


# --- the same what-ifs in a report run (papermill passes the mappings) ------------------------


@pytest.mark.slow
def test_a_report_run_takes_mappings_by_year(tmp_path, capsys):
    """A scenario file with a realisation per year, run as the area report: 2027 and 2028 paid
    at 70% (1,065,184.62), the other years 1,521,692.31; the stamp names it per year."""
    from nplv_analysis.apps.cli import main

    path = tmp_path / "s.yaml"
    path.write_text(
        "name: minder\nrealisation: {2026: 0.7, 2027: 0.7}\nstarts: {2025: 100}\n",
        encoding="utf-8",
    )
    out = tmp_path / "r"
    assert main(["reports", "--scenario", str(path), "--out", str(out)]) == 2  # several areas
    err = capsys.readouterr().err
    assert "starts per jaar zonder gebied gelden voor de rapporten van één gebied" in err
    assert not out.exists()
    path.write_text("name: minder\nrealisation: {2026: 0.7, 2027: 0.7}\n", encoding="utf-8")
    args = ["reports", "--scenario", str(path), "--area", HN, "--out", str(out), "--jobs", "1"]
    assert main(args) == 0, capsys.readouterr()
    payments = (out / HN / "payments.csv").read_text()
    assert "heerlen-noord,realisatiestimulans,2027,1065184.62,1065184.62" in payments
    assert "heerlen-noord,realisatiestimulans,2026,1521692.31,1521692.31" in payments
    html = (out / HN / "area_report.html").read_text(encoding="utf-8")
    assert "realisatie 2026: 70%, 2027: 70% (andere jaren 100%)" in html


def test_bare_starts_of_a_scenario_file_are_the_one_areas(tmp_path):
    from nplv_analysis.apps.cli import _starts_of_area

    assert _starts_of_area({"starts": {2026: 5}}, HN, "nl") == {"starts": {HN: {2026: 5}}}
    assert _starts_of_area({"realisation": 0.7}, None, "nl") == {"realisation": 0.7}
    with pytest.raises(ValueError, match="run with --area AREA"):
        _starts_of_area({"starts": {2026: 5}}, None, "en")


# --- review findings (each failed before its fix) ---------------------------------------------


def test_plan_draws_pay_nothing_to_an_area_that_did_not_sign():
    """Lelystad Oost did not sign (page 1): no realisatiestimulans, whatever its plan list."""
    p = plans([("lelystad-oost", "a", 100, 2026, "bouw"), ("lelystad-oost", "b", 50, 2027, "bouw")])
    yearly, tot = simulate(n=200, areas="lelystad-oost", plans=p)
    assert "realisatiestimulans" not in set(tot["instrument"])
    risks = plan_risks(p, n=200)
    assert risks["planned_eur"].tolist() == [0, 0] and risks["expected_eur"].tolist() == [0, 0]
    assert risks["p_paid"].isna().all()


def test_sensitivity_of_a_realisation_per_year_bands_every_year():
    """{2026: 0.7, 2027: 0.7} within the band -30%/+5%: the low end 1,521,692.31 x (3 x 0.7 +
    2 x 0.49) = 4,686,812.31, the high end x (3 x 1.05 + 2 x 0.735) = 7,030,218.46."""
    from nplv_analysis.engine import sensitivity

    table = sensitivity(Scenario(realisation={2026: 0.7, 2027: 0.7}), areas=HN)
    row = table.set_index("parameter").loc["realisation"]
    rest = 9_000_000 + 3_583_333.33  # ORV and capacity do not move
    assert row["total_low_eur"] == pytest.approx(4_686_812.31 + rest, abs=0.02)
    assert row["total_high_eur"] == pytest.approx(7_030_218.46 + rest, abs=0.02)


def test_starts_of_an_area_without_an_estimate_do_not_move_anothers_position():
    """Heerlen Noord keeps its 7,608,461.54 within 5.3-8.0; Rotterdam-Zuid's 100 starts
    (700,000) have no estimate to be held against."""
    from nplv_analysis.engine import figures

    f = figures(Scenario(starts={"rotterdam-zuid": {2026: 100}})).set_index("instrument")
    assert f.at["realisatiestimulans", "gross_eur"] == pytest.approx(8_308_461.54, abs=0.01)
    assert f.at["realisatiestimulans", "position"] == "within"


def test_given_starts_are_not_drawn_within_the_estimates_band():
    """A32: the starts given are taken as they are: no band around them, so without a delay
    risk every draw pays the 10.5 mln of 100 ... 500 starts."""
    _, tot = simulate(Scenario(starts=FIVE_YEARS), n=300, areas=HN)
    rs = tot.set_index("instrument").loc["realisatiestimulans"]
    assert (rs["p10"], rs["p50"], rs["p90"]) == pytest.approx((10_500_000,) * 3)


def test_per_area_starts_for_an_area_that_did_not_sign_are_refused():
    with pytest.raises(ScenarioError, match="lelystad-oost did not sign"):
        run(Scenario(starts={"lelystad-oost": {2026: 10}}))


def test_a_start_in_2035_may_slip_past_it():
    """The plan lists take starts up to 2035, and their expected starts slip two years on."""
    assert Scenario(starts={2036: 10, 2037: 5}).starts == {2036: 10, 2037: 5}


def test_the_fan_sentence_says_the_given_starts_are_not_banded():
    from nplv_analysis.engine import draw_description_values

    v = draw_description_values(Scenario(starts=FIVE_YEARS), area_id=HN)
    assert (v["code"], v["low"], v["high"]) == ("fan_drawn.given", 1.0, 1.0)
    assert draw_description_values(area_id=HN)["code"] == "fan_drawn"
