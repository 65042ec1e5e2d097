"""The scenario engine. Expected amounts are worked out by hand from the agreement's figures:
realisatiestimulans base 1,413 homes (the middle of 1,407-1,419, the whole bases that reproduce
EUR 5.3-8.0 mln, page 6) x 100/130 x EUR 7,000 = 9,891,000 x 100/130 = EUR 7,608,461.54;
ORV drawing right EUR 10,000,000 incl. (page 7); capacity EUR 4,300,000 (page 8); national
ceilings 180 and 50 mln against drawing rights of 200 ("ruim") and 60 mln.

The default is the base scenario (computed): the ceilings apply, first come first served (an
assumption, A22: the agreement names no rule for claims above the ceiling). With every
claimant spending evenly, ORV claims are 40 mln a year: four years paid in full (160 mln), then
20 of the fifth year's 40 mln, so Heerlen Noord gets 4 x 2 + 1 = 9.0 mln (= 10 x 180/200);
capacity 12 mln a year: 48 mln, then 2 of 12, so 4 x 0.86 + 0.86/6 = 3,583,333.33 (= 4.3 x 50/60).
Net ORV is gross / 1.21 (21% btw on both ORV lines); capacity is staff cost, net = gross."""

import pytest

from nplv_analysis.engine import (
    RESIDUAL,
    Scenario,
    engine_inputs,
    national,
    run,
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


def test_default_is_the_agreement_in_force_with_its_ceilings():
    assert Scenario().allocation == "first_come"
    pay = hn()
    total = pay.groupby("instrument")["gross_eur"].sum()
    assert total["realisatiestimulans"] == pytest.approx(7_608_461.54, abs=0.01)
    assert total["orv"] == pytest.approx(9_000_000)  # 10 mln x 180/200
    assert total["capaciteit"] == pytest.approx(3_583_333.33, abs=0.01)  # 4.3 mln x 50/60
    nat = national().groupby("instrument")[["claims_eur", "paid_eur"]].sum()
    assert nat.at["orv", "paid_eur"] == pytest.approx(180_000_000)  # never more than the ceiling
    assert nat.at["capaciteit", "paid_eur"] == pytest.approx(50_000_000)
    assert nat.at["orv", "claims_eur"] == pytest.approx(200_000_000)


def test_totals_hold_each_instrument_against_what_the_agreement_says_of_it():
    t = totals(areas=[HN]).set_index("instrument")
    rs, orv, cap = t.loc["realisatiestimulans"], t.loc["orv"], t.loc["capaciteit"]
    assert rs["reference"] == "estimate" and rs["position"] == "within"  # 5.3 <= 7.61 <= 8.0
    assert (rs["reference_low_eur"], rs["reference_high_eur"]) == (5_300_000, 8_000_000)
    assert orv["reference"] == "drawing_right" and orv["reference_high_eur"] == 10_000_000
    assert orv["position"] == "below_right"  # 9.0 of 10 mln under the ceiling
    assert cap["position"] == "below_right"
    # the range over the allocation rules: first come / pro rata 9.0 mln, uncapped 10 mln
    assert (orv["rules_low_eur"], orv["rules_high_eur"]) == pytest.approx((9e6, 10e6))
    assert (cap["rules_low_eur"], cap["rules_high_eur"]) == pytest.approx((3_583_333.33, 4.3e6))
    assert rs["rules_low_eur"] == rs["rules_high_eur"] == pytest.approx(7_608_461.54)
    uncapped = totals(Scenario(allocation="uncapped"), areas=[HN]).set_index("instrument")
    assert (uncapped.loc[["orv", "capaciteit"], "position"] == "at_right").all()


def test_others_first_leaves_this_area_a_used_up_ceiling():
    # "anderen eerst": the other claimants (190 mln ORV) front-load 30/25/20/15/10%:
    # 57, 47.5, 38, 28.5, 19 mln; with Heerlen Noord's 2 mln a year the years claim 59, 49.5,
    # 40, 30.5, 21 mln; 179 mln is paid after four years, so the fifth year gets 1 of 21 mln.
    orv = hn(Scenario(others_spend_profile="front"), "orv")
    assert by_year(orv) == {2026: 2e6, 2027: 2e6, 2028: 2e6, 2029: 2e6, 2030: round(2e6 / 21, 2)}
    # capacity: others 55.7 mln front-loaded: 16.71, 13.925, 11.14, 8.355 mln; with 0.86 mln a
    # year the first three years claim 44.355 mln, the fourth 9.215 of which 5.645 fit
    cap = hn(Scenario(others_spend_profile="front"), "capaciteit")["gross_eur"].tolist()
    assert cap == pytest.approx([860_000, 860_000, 860_000, 860_000 * 5.645 / 9.215, 0])
    # nationally nobody is "the others": the same as the default
    both = run(Scenario(others_spend_profile="front"))
    assert both["gross_eur"].sum() == pytest.approx(run()["gross_eur"].sum())


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


def test_net_takes_off_the_vat_at_the_rate_of_each_line():
    # 21% on ORV: 10,000,000 / 1.21 = 8,264,462.81 (the printed excl. total, 8,785,123, is a
    # conversion of an older incl. column: 6,719,008 = 8,130,000 / 1.21, page 7)
    pay = hn(Scenario(allocation="uncapped")).groupby("instrument")[["gross_eur", "net_eur"]].sum()
    assert pay.at["orv", "net_eur"] == pytest.approx(8_264_462.81, abs=0.01)
    assert pay.at["capaciteit", "net_eur"] == pytest.approx(4_300_000)  # staff cost, no btw
    assert pay.at["realisatiestimulans", "net_eur"] == pay.at["realisatiestimulans", "gross_eur"]
    default = hn().groupby("instrument")["net_eur"].sum()
    assert default["orv"] == pytest.approx(9_000_000 / 1.21)  # 7,438,016.53


def test_net_by_the_printed_column_is_the_alternative():
    s = Scenario(allocation="uncapped", vat_basis="printed")
    pay = hn(s).groupby("instrument")["net_eur"].sum()
    assert pay["orv"] == pytest.approx(8_785_123)  # as printed on page 7
    assert pay["capaciteit"] == pytest.approx(4_300_000)


def test_partial_spend():
    pay = hn(Scenario(orv_spend=0.5, capacity_spend=0.0)).groupby("instrument")["gross_eur"].sum()
    assert pay["orv"] == pytest.approx(5_000_000)
    assert pay["capaciteit"] == 0


def test_cost_inflation_gives_2025_euros():
    orv = hn(Scenario(cost_inflation=0.02, allocation="uncapped"), "orv")
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
    # Leeuwarden's EUR 7.2 mln names no instrument (issue 24): no ORV drawing right is published
    assert "no published drawing right" in u[("leeuwarden-oost", "orv")]
    pay = run(Scenario(), areas=["groningen-noord", "eindhoven-woensel-zuid"])
    assert pay.empty
    t = totals(areas=["groningen-noord"])
    assert t["gross_eur"].isna().all() and (t["position"] == "unknown").all()


def test_run_for_all_areas_lists_the_computable_ones():
    pay = run()
    assert set(pay["area_id"]) == {HN, RESIDUAL}
    assert set(pay.loc[pay["area_id"] == RESIDUAL, "instrument"]) == {"orv", "capaciteit"}


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
        ({"allocation": "fair"}, "allocation='fair': allowed are first_come, pro_rata, uncapped"),
        ({"vat_basis": "excl"}, "vat_basis='excl': allowed are rate, printed"),
        ({"others_spend_profile": "later"}, "others_spend_profile='later'"),
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
    with pytest.raises(ValueError, match=r"areas=\['heerlen'\]: heerlen are not NPLV areas"):
        run(Scenario(), areas=["heerlen"])


def test_from_parameters_takes_the_known_fields():
    s = Scenario.from_parameters(
        {"realisation": 0.7, "profile": [0, 0, 0, 0, 1], "area_id": "x", "lang": "nl"}
    )
    assert s == Scenario(realisation=0.7, profile=(0, 0, 0, 0, 1))
    with pytest.raises(ValueError, match="realisation=2"):
        Scenario.from_parameters({"realisation": 2})
