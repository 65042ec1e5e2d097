"""The scenario engine. Expected amounts are worked out by hand from the agreement's figures:
realisatiestimulans base 1,413 homes (the middle of 1,407-1,419, the whole bases that reproduce
EUR 5.3-8.0 mln, page 6) x 100/130 x EUR 7,000 = 9,891,000 x 100/130 = EUR 7,608,461.54;
ORV EUR 10,000,000 incl. / 8,785,123 excl. (page 7); capacity EUR 4,300,000 (page 8); national
ceilings 180 and 50 mln against 200 ("ruim") and 60 mln agreed."""

import pandas as pd
import pytest

from nplv_analysis.engine import (
    RESIDUAL,
    Scenario,
    engine_inputs,
    national,
    run,
    sensitivity,
    simulate,
    totals,
    unknowns,
)

RS_CENTRAL = 9_891_000 * 100 / 130  # 7,608,461.54
HN = "heerlen-noord"


def hn(scenario=None, instrument=None):
    pay = run(scenario or Scenario(), areas=[HN])
    if instrument:
        pay = pay[pay["instrument"] == instrument]
    return pay


def by_year(pay, value="gross_eur"):
    return pay.set_index("year")[value].round(2).to_dict()


def test_defaults_reproduce_the_agreement():
    pay = hn()
    total = pay.groupby("instrument")["gross_eur"].sum()
    assert total["realisatiestimulans"] == pytest.approx(7_608_461.54, abs=0.01)
    assert total["orv"] == pytest.approx(10_000_000)
    assert total["capaciteit"] == pytest.approx(4_300_000)
    t = totals(areas=[HN]).set_index("instrument")
    assert t.loc["realisatiestimulans", "position"] == "within"  # 5.3 <= 7.61 <= 8.0 mln
    assert (t["position"] == "within").all()


def test_even_profile_pays_a_fifth_each_year_after_the_start():
    rs = hn(instrument="realisatiestimulans")
    assert list(rs["year"]) == [2026, 2027, 2028, 2029, 2030]
    assert set(rs["gross_eur"].round(2)) == {round(RS_CENTRAL / 5, 2)}  # 1,521,692.31


def test_all_starts_in_2029_are_paid_in_2030():
    rs = hn(Scenario(profile=(0, 0, 0, 0, 1)), "realisatiestimulans")
    assert by_year(rs) == {2026: 0, 2027: 0, 2028: 0, 2029: 0, 2030: round(RS_CENTRAL, 2)}


def test_delay_of_five_years_earns_nothing():
    rs = hn(Scenario(delay_years=5), "realisatiestimulans")
    assert rs["gross_eur"].sum() == 0  # a known zero, not unknown
    t = totals(Scenario(delay_years=5), areas=[HN]).set_index("instrument")
    assert t.loc["realisatiestimulans", "position"] == "below"


def test_one_year_delay_loses_the_2029_starts():
    rs = hn(Scenario(delay_years=1), "realisatiestimulans")
    fifth = round(RS_CENTRAL / 5, 2)
    assert by_year(rs) == {2026: 0, 2027: fifth, 2028: fifth, 2029: fifth, 2030: fifth}


def test_seventy_percent_realisation_is_just_within_the_range():
    rs = hn(Scenario(realisation=0.7), "realisatiestimulans")
    assert rs["gross_eur"].sum() == pytest.approx(5_325_923.08, abs=0.01)  # 0.7 x 7,608,461.54


def test_per_home_scales_the_stimulus():
    rs = hn(Scenario(per_home=6000), "realisatiestimulans")
    assert rs["gross_eur"].sum() == pytest.approx(1413 * 100 / 130 * 6000, abs=0.01)  # 6,521,538


def test_pro_rata_pays_nine_tenths_of_orv_and_five_sixths_of_capacity():
    pay = hn(Scenario(allocation="pro_rata")).groupby("instrument")["gross_eur"].sum()
    assert pay["orv"] == pytest.approx(9_000_000)  # 10 mln x 180 / 200
    assert pay["capaciteit"] == pytest.approx(3_583_333.33, abs=0.01)  # 4.3 mln x 50 / 60
    assert pay["realisatiestimulans"] == pytest.approx(RS_CENTRAL)  # no ceiling on the RS


def test_first_come_pays_in_time_order_until_the_ceiling():
    # all claimants spend evenly: 40 mln ORV claims a year; 4 x 40 = 160 mln paid, then 20 of 40
    orv = hn(Scenario(allocation="first_come"), "orv")
    assert by_year(orv) == {2026: 2e6, 2027: 2e6, 2028: 2e6, 2029: 2e6, 2030: 1e6}
    # capacity: 12 mln a year; 4 x 12 = 48 mln, then 2 of 12; Heerlen Noord 0.86 mln a year
    cap = hn(Scenario(allocation="first_come"), "capaciteit")
    assert cap["gross_eur"].round(2).tolist() == [860_000, 860_000, 860_000, 860_000, 143_333.33]


def test_net_is_the_excl_amount():
    pay = hn().groupby("instrument")[["gross_eur", "net_eur"]].sum()
    assert pay.at["orv", "net_eur"] == pytest.approx(8_785_123)
    assert pay.at["capaciteit", "net_eur"] == pytest.approx(4_300_000)
    assert pay.at["realisatiestimulans", "net_eur"] == pay.at["realisatiestimulans", "gross_eur"]


def test_partial_spend():
    pay = hn(Scenario(orv_spend=0.5, capacity_spend=0.0)).groupby("instrument")["gross_eur"].sum()
    assert pay["orv"] == pytest.approx(5_000_000)
    assert pay["capaciteit"] == 0


def test_cost_inflation_gives_2025_euros():
    orv = hn(Scenario(cost_inflation=0.02), "orv")
    real = orv.set_index("year")["real_eur"]
    assert real[2026] == pytest.approx(2_000_000 / 1.02)
    assert real[2030] == pytest.approx(2_000_000 / 1.02**5)
    assert "real_eur" not in hn().columns


def test_payment_lag_moves_orv_and_capacity_not_the_realisatiestimulans():
    # page 6: the realisatiestimulans is paid in the year after the start, whatever the lag
    pay = hn(Scenario(payment_lag=3))
    assert list(pay[pay["instrument"] == "realisatiestimulans"]["year"]) == [
        2026,
        2027,
        2028,
        2029,
        2030,
    ]
    assert list(pay[pay["instrument"] == "orv"]["year"]) == [2028, 2029, 2030, 2031, 2032]
    assert list(hn(Scenario(payment_lag=0), "capaciteit")["year"]) == list(range(2025, 2030))


def test_residual_claimant_holds_the_rest_of_the_national_claims():
    res = engine_inputs().claimant(RESIDUAL)
    assert res.orv_right == 190_000_000  # 200 - 10 mln
    assert res.capaciteit_right == pytest.approx(55_700_000)  # 60 - 4.3 mln
    nat = national(Scenario(allocation="pro_rata")).groupby("instrument").sum()
    assert nat.at["orv", "claims_eur"] == pytest.approx(200_000_000)
    assert nat.at["orv", "paid_eur"] == pytest.approx(180_000_000)
    assert nat.at["capaciteit", "paid_eur"] == pytest.approx(50_000_000)
    assert nat.at["capaciteit", "unpaid_eur"] == pytest.approx(10_000_000)


def test_unknown_is_never_zero():
    u = unknowns().set_index(["area_id", "instrument"])["reason"]
    assert "may not claim" in u[("eindhoven-woensel-zuid", "orv")]
    assert "did not sign" in u[("lelystad-oost", "capaciteit")]
    assert (
        "no published realisatiestimulans estimate" in u[("groningen-noord", "realisatiestimulans")]
    )
    assert "VAT basis not stated" in u[("leeuwarden-oost", "orv")]
    pay = run(Scenario(), areas=["groningen-noord", "eindhoven-woensel-zuid"])
    assert pay.empty
    t = totals(areas=["groningen-noord"])
    assert t["gross_eur"].isna().all() and (t["position"] == "unknown").all()


def test_run_for_all_areas_lists_the_computable_ones():
    pay = run()
    assert set(pay["area_id"]) == {HN, RESIDUAL}
    assert set(pay.loc[pay["area_id"] == RESIDUAL, "instrument"]) == {"orv", "capaciteit"}


def test_simulate_is_deterministic_and_brackets_the_central_case():
    bands, risk = simulate(Scenario(), n=20_000, seed=7, areas=[HN])
    again, risk2 = simulate(Scenario(), n=20_000, seed=7, areas=[HN])
    pd.testing.assert_frame_equal(bands, again)
    pd.testing.assert_frame_equal(risk, risk2)
    total = bands[(bands["instrument"] == "realisatiestimulans") & (bands["year"] == 0)].iloc[0]
    assert total["p10"] < total["p50"] < total["p90"]
    # delay is never negative, so the median is at most the no-delay central case
    assert total["p50"] <= RS_CENTRAL
    assert 0 < risk.at[0, "p_below_agreed_low"] < 1


def test_simulate_without_spread_is_the_scenario():
    bands, risk = simulate(Scenario(), n=1000, seed=1, realisation_sd=0.0, delay_probs=(1.0,))
    total = bands[(bands["area_id"] == HN) & (bands["instrument"] == "realisatiestimulans")]
    assert total.set_index("year").loc[0, "p50"] == pytest.approx(RS_CENTRAL)
    assert risk.at[0, "p_below_agreed_low"] == 0


def test_sensitivity_orders_by_swing():
    s = sensitivity(Scenario(), areas=[HN]).set_index("parameter")
    # orv_spend 0.5 -> 1.0: 5 mln; realisation 0.7 -> 1.2: 0.5 x 7,608,461.54
    assert s.at["orv_spend", "swing_eur"] == pytest.approx(5_000_000)
    assert s.at["realisation", "swing_eur"] == pytest.approx(0.5 * RS_CENTRAL)
    assert s.index[0] == "orv_spend"
    assert s.at["profile", "swing_eur"] == pytest.approx(0)  # no delay: every start counts


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"realisation": 1.6}, "realisation=1.6: allowed is 0 to 1.5"),
        ({"realisation": -0.1}, "realisation=-0.1"),
        ({"realisation": "70%"}, "realisation='70%': must be a number"),
        ({"profile": (0.5, 0.5, 0.5, -0.5, 0)}, "weights must be zero or positive"),
        ({"profile": (0.2, 0.2, 0.2, 0.2, 0.1)}, "weights must add up to 1"),
        ({"profile": "midden"}, "profile='midden': allowed are even, front, back"),
        ({"spend_profile": "x"}, "spend_profile='x'"),
        ({"delay_years": 1.5}, "delay_years=1.5: must be a whole number"),
        ({"delay_years": -1}, "delay_years=-1: allowed is 0 to 10"),
        ({"allocation": "fair"}, "allocation='fair': allowed are uncapped, pro_rata, first_come"),
        ({"payment_lag": -1}, "payment_lag=-1: allowed is 0 to 5"),
        ({"orv_spend": 1.2}, "orv_spend=1.2: allowed is 0 to 1"),
        ({"per_home": -7000}, "per_home=-7000"),
    ],
)
def test_bad_scenario(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Scenario(**kwargs)


def test_profile_of_the_wrong_length_is_refused_against_the_window():
    # the start window (2025-2029) comes from the data, so the length is checked when run
    with pytest.raises(ValueError, match=r"needs 5 weights, one per year 2025-2029"):
        run(Scenario(profile=(0.5, 0.5)))


def test_unknown_area():
    with pytest.raises(ValueError, match=r"areas=\['heerlen'\]: not NPLV areas"):
        run(Scenario(), areas=["heerlen"])


def test_bad_simulation_arguments():
    with pytest.raises(ValueError, match="n=0"):
        simulate(n=0)
    with pytest.raises(ValueError, match="delay_probs"):
        simulate(n=10, delay_probs=(0.5, 0.4))


def test_from_parameters_takes_the_known_fields():
    s = Scenario.from_parameters(
        {"realisation": 0.7, "profile": [0, 0, 0, 0, 1], "area_id": "x", "lang": "nl"}
    )
    assert s == Scenario(realisation=0.7, profile=(0, 0, 0, 0, 1))
    with pytest.raises(ValueError, match="realisation=2"):
        Scenario.from_parameters({"realisation": 2})
