"""Tests that kill the mutants mutmut left alive in ``engine/scenario.py`` and ``engine/run.py``
(``make mutate``). Every expected value is worked out by hand in the comment or docstring next
to it; none is recomputed with the code under test.

The hand figures of tests/test_scenarios.py are used throughout: Heerlen Noord's expected
eligible starts E = 1,413 x 100/130 = 1,086.92 homes (the middle of the bases 1,407-1,419 that
reproduce EUR 5.3-8.0 mln, page 6), so its realisatiestimulans is E x 7,000 = EUR 7,608,461.54;
ORV drawing right EUR 10 mln (page 7), capacity EUR 4.3 mln (page 8); the rest of the national
claims (190 and 55.7 mln) is held by the residual claimant; ceilings 180 and 50 mln.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from nplv_analysis.data import load_parameters
from nplv_analysis.engine import (
    Scenario,
    allocation_comparison,
    cumulative,
    national,
    profile_weights,
    rs_payments,
    run,
    totals,
    unknowns,
)
from nplv_analysis.engine.run import reason_text

from .conftest import edit_yaml

HN = "heerlen-noord"
LELYSTAD = "lelystad-oost"  # did not sign in 2025 (page 1)
E = 1413 * 100 / 130  # 1,086.92 expected eligible starts
RS_CENTRAL = 9_891_000 * 100 / 130  # 1,413 x 7,000 x 100/130 = 7,608,461.54
LAST_YEAR_ONLY = (0, 0, 0, 0, 1)  # all starts (or costs) in 2029: one payment, no sum of years


def raises(message: str):
    """``pytest.raises(ValueError)`` whose message is exactly ``message``."""
    return pytest.raises(ValueError, match="^" + re.escape(message) + "$")


@pytest.fixture(scope="module")
def params():
    return load_parameters()


# --- scenario.py: profiles and validation -------------------------------------------------------


def test_back_profile_is_the_front_ramp_reversed():
    """A11: front 6, 5, 4, 3, 2 twentieths; back 2, 3, 4, 5, 6 twentieths."""
    assert profile_weights("back", 5) == pytest.approx((0.1, 0.15, 0.2, 0.25, 0.3))
    assert profile_weights("back", 5)[0] < profile_weights("back", 5)[-1]


ALLOWED_PROFILES = "allowed are even, front, back or one weight per year of the start window"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"profile": 5}, f"profile=5: {ALLOWED_PROFILES}"),  # not a list of weights
        ({"profile": ()}, f"profile=(): {ALLOWED_PROFILES}"),  # no weights at all
        ({"per_home": 100_000.5}, "per_home=100000.5: allowed is 0 to 100,000 EUR"),
        ({"per_home": "7000"}, "per_home='7000': must be a number, 0 to 100,000 EUR"),
        ({"capacity_spend": 1.5}, "capacity_spend=1.5: allowed is 0 to 1"),
        ({"capacity_spend": "all"}, "capacity_spend='all': must be a number, 0 to 1"),
        ({"cost_inflation": -0.6}, "cost_inflation=-0.6: allowed is -0.5 to 1 (a yearly rate)"),
        ({"cost_inflation": 1.5}, "cost_inflation=1.5: allowed is -0.5 to 1 (a yearly rate)"),
        (
            {"cost_inflation": None},
            "cost_inflation=None: must be a number, -0.5 to 1 (a yearly rate)",
        ),
    ],
)
def test_bad_scenario_messages_in_full(kwargs, message):
    with raises(message):
        Scenario(**kwargs)


def test_the_ends_of_the_allowed_ranges_are_allowed():
    s = Scenario(per_home=100_000, capacity_spend=1.0, cost_inflation=-0.5)
    assert (s.per_home, s.capacity_spend, s.cost_inflation) == (100_000, 1.0, -0.5)
    assert Scenario(cost_inflation=1.0).cost_inflation == 1.0


@pytest.mark.parametrize("field", ["profile", "spend_profile", "others_spend_profile"])
def test_a_profile_of_the_wrong_length_is_named_in_full(params, field):
    s = Scenario(**{field: (0.5, 0.5)})
    with raises(f"{field}=(0.5, 0.5): needs 5 weights, one per year 2025-2029"):
        s.resolve(params)


def test_all_payment_years_join_both_lags(params):
    """Realisatiestimulans paid a year after the start (2026-2030, page 6); ORV and capacity
    with a lag of 3 years in 2028-2032: together 2026-2032."""
    years = Scenario(payment_lag=3).resolve(params).all_payment_years()
    assert years.tolist() == [2026, 2027, 2028, 2029, 2030, 2031, 2032]
    assert Scenario(payment_lag=0).resolve(params).all_payment_years().tolist() == list(
        range(2025, 2031)
    )


@pytest.mark.parametrize(
    ("scenario", "shares"),
    [
        (Scenario(), [0.2, 0.2, 0.2, 0.2, 0.2]),
        # front 30/25/20/15/10% pushed two years: the 15 and 10% fall after 2029
        (Scenario(profile="front", delay_years=2), [0, 0, 0.3, 0.25, 0.2]),
        # a delay longer than the window leaves nothing (and still five years)
        (Scenario(delay_years=7), [0, 0, 0, 0, 0]),
    ],
)
def test_start_shares_after_the_delay(params, scenario, shares):
    assert scenario.resolve(params).start_shares().tolist() == pytest.approx(shares)


# --- run.py: rs_payments, areas, columns ---------------------------------------------------------


def test_rs_payments_take_whole_years_of_delay_written_as_floats(params):
    """100 homes x EUR 7,000 x 1/5 = 140,000 a year; a delay of 2.0 years starts in 2027."""
    rs = Scenario().resolve(params)
    pay = rs_payments(rs, 100.0, realisation=[1.0, 1.0], delay=[0.0, 2.0])
    expected = np.array([[140_000] * 5, [0, 0, 140_000, 140_000, 140_000]])
    assert pay.shape == (2, 5)
    np.testing.assert_allclose(pay, expected, rtol=0, atol=1e-6)


def test_one_area_may_be_named_as_a_string():
    one = run(Scenario(), areas=HN)
    assert set(one["area_id"]) == {HN}
    assert one["gross_eur"].sum() == pytest.approx(RS_CENTRAL + 9_000_000 + 3_583_333.33, abs=0.01)


def test_unknown_area_message_lists_the_areas():
    with pytest.raises(ValueError, match=r"allowed are leeuwarden-oost, groningen-noord, "):
        run(Scenario(), areas=["heerlen"])


def test_an_empty_run_still_has_its_columns_and_whole_years():
    pay = run(Scenario(), areas=["groningen-noord"])  # nothing computable (no published figures)
    assert pay.empty
    assert list(pay.columns) == ["area_id", "instrument", "year", "gross_eur", "net_eur"]
    assert pay["year"].dtype.kind == "i"


# --- run.py: reasons and unknowns -----------------------------------------------------------------


def test_reason_text_is_english_by_default_and_names_the_instrument():
    assert reason_text("reason.no_right", "orv") == (
        "no published drawing right: ORV (public space, facilities)"
    )
    assert reason_text("reason.no_right", "capaciteit", "nl") == (
        "geen gepubliceerd trekkingsrecht: Capaciteit"
    )


def test_unknowns_of_one_area_in_dutch():
    u = unknowns([LELYSTAD], lang="nl")
    assert list(u.columns) == ["area_id", "instrument", "reason", "reason_code"]
    assert u["area_id"].tolist() == [LELYSTAD] * 3
    assert u["instrument"].tolist() == ["realisatiestimulans", "orv", "capaciteit"]
    assert set(u["reason_code"]) == {"reason.not_signed"}
    assert set(u["reason"]) == {"heeft de afspraken van 2025 niet getekend"}


@pytest.fixture
def range_fits_no_base(data_copy):
    """Heerlen Noord's published range made EUR 6.0-8.0 mln: per home the low estimate is
    100/130 x 7,000 x 0.70 = 3,769.23, so 6.0 mln (rounded) needs 1,579-1,604 homes; the high
    estimate (5,653.85 per home) gives 8.0 mln for 1,407-1,423 homes. No base gives both."""

    def change(obj):
        obj["figures"]["realisatiestimulans.estimate.low"]["value"] = 6_000_000

    edit_yaml(data_copy / "agreements" / "heerlen-noord.yaml", change)
    return data_copy


def test_unknowns_and_totals_read_the_given_data_folder(range_fits_no_base):
    u = unknowns(HN, range_fits_no_base)
    assert u[["instrument", "reason_code"]].values.tolist() == [
        ["realisatiestimulans", "reason.rs_range_fits_no_base"]
    ]
    t = totals(None, [HN], range_fits_no_base).set_index("instrument")
    rs = t.loc["realisatiestimulans"]
    assert rs["position"] == "unknown" and np.isnan(rs["gross_eur"])
    # the range is published, so what it is held against is still the estimate
    assert rs["reference"] == "estimate"
    assert (rs["reference_low_eur"], rs["reference_high_eur"]) == (6_000_000, 8_000_000)
    assert rs["reason_code"] == "reason.rs_range_fits_no_base"
    assert rs["reason"] == "the published range fits no whole number of homes"


def test_totals_of_an_area_that_did_not_sign():
    t = totals(areas=[LELYSTAD], lang="nl")
    assert (t["position"] == "unknown").all()
    assert t["reference"].isna().all()  # nothing published to hold it against
    assert (t["reason_code"] == "reason.not_signed").all()
    assert (t["reason"] == "heeft de afspraken van 2025 niet getekend").all()
    assert t["gross_eur"].dtype == float and t["gross_eur"].isna().all()
    assert t["rules_low_eur"].dtype == float and t["rules_high_eur"].isna().all()


def test_computed_totals_have_no_reason():
    t = totals(areas=[HN])
    assert t["reason"].isna().all() and t["reason_code"].isna().all()


# --- run.py: totals -------------------------------------------------------------------------------


def test_totals_keep_the_others_first_spread():
    """Others first ("anderen eerst", tests/test_scenarios.py): Heerlen Noord's ORV is paid
    2 mln in 2026-2029 and 2/21 mln in 2030 = 8,095,238.10. Over the rules: first come that,
    pro rata 10 x 180/200 = 9 mln, uncapped 10 mln."""
    t = totals(Scenario(others_spend_profile="front"), areas=[HN]).set_index("instrument")
    orv = t.loc["orv"]
    assert orv["gross_eur"] == pytest.approx(8_095_238.10, abs=0.01)
    assert orv["rules_low_eur"] == pytest.approx(8_095_238.10, abs=0.01)
    assert orv["rules_high_eur"] == pytest.approx(10_000_000)


@pytest.fixture
def orv_ceiling_200(data_copy):
    """The ORV ceiling raised to the 200 mln of drawing rights: nothing is cut."""

    def change(obj):
        obj["figures"]["orv.budget"]["value"] = 200_000_000

    edit_yaml(data_copy / "national.yaml", change)
    return data_copy


def test_totals_and_national_read_the_given_data_folder(orv_ceiling_200):
    t = totals(None, [HN], orv_ceiling_200).set_index("instrument")
    orv = t.loc["orv"]
    assert orv["gross_eur"] == pytest.approx(10_000_000)  # the whole right
    assert orv["position"] == "at_right"
    assert (orv["rules_low_eur"], orv["rules_high_eur"]) == pytest.approx((1e7, 1e7))
    nat = national(data_dir=orv_ceiling_200)
    orv_nat = nat[nat["instrument"] == "orv"]
    assert (orv_nat["ceiling_eur"] == 200_000_000).all()
    assert orv_nat["paid_eur"].tolist() == pytest.approx([40e6] * 5)  # 200 mln / 5 years


@pytest.fixture
def one_year_window(data_copy):
    """Starts in 2025 only, paid in 2026: a window of one year (each total is one row)."""

    def change(obj):
        fig = obj["figures"]
        fig["realisatiestimulans.per_home"]["period"] = "2025"
        fig["realisatiestimulans.last_payment_year"]["value"] = 2026
        fig["realisatiestimulans.last_payment_year"]["period"] = "2026"

    edit_yaml(data_copy / "national.yaml", change)
    return data_copy


def test_totals_over_a_window_of_one_year(one_year_window):
    """All 1,086.92 starts in 2025: EUR 7,608,461.54 paid in 2026. ORV: 200 mln claimed in the
    one year against 180: 10 mln x 0.9 = 9 mln, net 9 / 1.21 = 7,438,016.53."""
    t = totals(None, [HN], one_year_window).set_index("instrument")
    assert t.at["realisatiestimulans", "gross_eur"] == pytest.approx(RS_CENTRAL, abs=0.01)
    assert t.at["realisatiestimulans", "net_eur"] == pytest.approx(RS_CENTRAL, abs=0.01)
    assert t.at["orv", "net_eur"] == pytest.approx(7_438_016.53, abs=0.01)


def position(per_home: float) -> str:
    t = totals(Scenario(per_home=per_home, profile=LAST_YEAR_ONLY), [HN]).set_index("instrument")
    return t.at["realisatiestimulans", "position"]


@pytest.mark.parametrize(
    ("gross", "expected"),
    [
        (8_000_001.0, "above"),  # a euro above the high end of EUR 8.0 mln
        (8_000_000.0, "within"),  # the high end itself
        (5_300_000.0, "within"),  # the low end itself
        (5_299_999.0, "below"),  # a euro below the low end of EUR 5.3 mln
    ],
)
def test_position_against_the_estimate_near_its_ends(gross, expected):
    """The scenario amount per home is set so that E x per_home is the given gross."""
    assert position(gross / E) == expected


@pytest.mark.parametrize(
    ("per_home", "gross"),
    [(7360.226928520878, 8_000_000.5), (4876.14957537155, 5_299_999.5)],
)
def test_half_a_euro_outside_the_estimate_still_counts_as_within(per_home, gross):
    """Totals are compared with a tolerance of half a euro, inclusive. The amounts per home are
    the floats for which E x per_home is exactly 8,000,000.5 and 5,299,999.5."""
    assert float(E) * per_home == gross  # the premise, in floating point
    assert position(per_home) == "within"


def orv_position(spend: float) -> str:
    s = Scenario(allocation="uncapped", orv_spend=spend, spend_profile=LAST_YEAR_ONLY)
    return totals(s, [HN]).set_index("instrument").at["orv", "position"]


def test_drawing_right_used_but_for_half_a_euro_is_at_the_right():
    """10,000,000 x 0.99999995 = 9,999,999.5 (exactly, in floating point): at the right;
    10,000,000 x 0.9999999 = 9,999,999: a euro short, below it."""
    assert 10_000_000 * 0.99999995 == 9_999_999.5
    assert orv_position(0.99999995) == "at_right"
    assert orv_position(0.9999999) == "below_right"


# --- run.py: national, cumulative, allocation_comparison ------------------------------------------

NATIONAL_COLUMNS = [
    "instrument",
    "year",
    "claims_eur",
    "paid_eur",
    "unpaid_eur",
    "paid_cumulative_eur",
    "ceiling_eur",
]


def test_national_per_year_under_each_rule():
    """ORV: 40 mln claimed a year. First come: 40, 40, 40, 40 and the last 20 of 180 mln,
    cumulative 40, 80, 120, 160, 180. Pro rata: 40 x 180/200 = 36 mln every year."""
    nat = national()
    assert list(nat.columns) == NATIONAL_COLUMNS
    orv = nat[nat["instrument"] == "orv"]
    assert orv["year"].tolist() == [2026, 2027, 2028, 2029, 2030]
    assert orv["paid_eur"].tolist() == pytest.approx([40e6, 40e6, 40e6, 40e6, 20e6])
    assert orv["paid_cumulative_eur"].tolist() == pytest.approx([40e6, 80e6, 120e6, 160e6, 180e6])
    assert orv["ceiling_eur"].tolist() == [180_000_000] * 5
    pro_rata = national(Scenario(allocation="pro_rata"))
    assert pro_rata.loc[pro_rata["instrument"] == "orv", "paid_eur"].tolist() == pytest.approx(
        [36e6] * 5
    )


@pytest.mark.parametrize("areas", [[HN], HN])
def test_national_claims_with_the_others_first(areas):
    """The others (190 mln) front-load 30/25/20/15/10% = 57, 47.5, 38, 28.5, 19 mln; Heerlen
    Noord keeps 2 mln a year: 59, 49.5, 40, 30.5, 21 mln claimed."""
    nat = national(Scenario(others_spend_profile="front"), areas=areas)
    orv = nat[nat["instrument"] == "orv"]
    assert orv["claims_eur"].tolist() == pytest.approx([59e6, 49.5e6, 40e6, 30.5e6, 21e6])
    # without areas nobody is "the others": 40 mln a year
    plain = national(Scenario(others_spend_profile="front"))
    assert plain.loc[plain["instrument"] == "orv", "claims_eur"].tolist() == pytest.approx(
        [40e6] * 5
    )


def test_cumulative_cash_flow():
    """ORV under the ceiling (first come): 2, 2, 2, 2, 1 mln -> 2, 4, 6, 8, 9 mln; net at 21%
    btw: 9 mln / 1.21 = 7,438,016.53 by 2030."""
    pay = run(Scenario(), [HN])
    cum = cumulative(pay)
    assert cum.index.tolist() == [2026, 2027, 2028, 2029, 2030]
    assert cum[(HN, "orv")].tolist() == pytest.approx([2e6, 4e6, 6e6, 8e6, 9e6])
    assert cum[(HN, "realisatiestimulans")].iloc[-1] == pytest.approx(RS_CENTRAL)
    net = cumulative(pay, "net_eur")
    assert net[(HN, "orv")].iloc[-1] == pytest.approx(7_438_016.53, abs=0.01)
    # rows in any order give the same cash flow
    shuffled = cumulative(pay.iloc[::-1])
    assert shuffled[(HN, "orv")].tolist() == pytest.approx([2e6, 4e6, 6e6, 8e6, 9e6])


def test_allocation_comparison():
    """Heerlen Noord's ORV a year: first come 2, 2, 2, 2, 1 mln; pro rata 2 x 0.9 = 1.8 mln;
    uncapped 2 mln. Capacity pro rata 0.86 mln x 50/60 = 716,666.67. No realisatiestimulans."""
    comp = allocation_comparison(Scenario(), [HN])
    assert list(comp.columns) == ["rule", "area_id", "instrument", "year", "gross_eur"]
    assert comp["rule"].unique().tolist() == ["first_come", "pro_rata", "uncapped"]
    assert set(comp["instrument"]) == {"orv", "capaciteit"}
    assert comp.index.tolist() == list(range(len(comp)))  # one numbering over the rules

    def orv(rule):
        return comp[(comp["rule"] == rule) & (comp["instrument"] == "orv")]["gross_eur"].tolist()

    assert orv("first_come") == pytest.approx([2e6, 2e6, 2e6, 2e6, 1e6])
    assert orv("pro_rata") == pytest.approx([1.8e6] * 5)
    assert orv("uncapped") == pytest.approx([2e6] * 5)
    cap = comp[(comp["rule"] == "pro_rata") & (comp["instrument"] == "capaciteit")]
    assert cap["gross_eur"].tolist() == pytest.approx([716_666.67] * 5, abs=0.01)
    assert cap["year"].tolist() == [2026, 2027, 2028, 2029, 2030]
    assert isinstance(comp, pd.DataFrame)


def test_cumulative_adds_up_rows_of_the_same_year():
    """Two payments in 2026 (1 and 2 mln, e.g. two tranches) and 3 mln in 2027: 3, then 6 mln."""
    pay = pd.DataFrame(
        {
            "area_id": [HN] * 3,
            "instrument": ["orv"] * 3,
            "year": [2026, 2026, 2027],
            "gross_eur": [1e6, 2e6, 3e6],
        }
    )
    assert cumulative(pay)[(HN, "orv")].tolist() == [3e6, 6e6]


def test_allocation_comparison_keeps_the_scenario_and_the_data_folder(orv_ceiling_200):
    """Half the ORV right spent: 10 mln x 0.5 / 5 = 1 mln a year, uncapped. With the ceiling
    raised to 200 mln nothing is cut: first come pays the whole 2 mln a year."""
    comp = allocation_comparison(Scenario(orv_spend=0.5), [HN])
    uncapped = comp[(comp["rule"] == "uncapped") & (comp["instrument"] == "orv")]
    assert uncapped["gross_eur"].tolist() == pytest.approx([1e6] * 5)
    raised = allocation_comparison(None, [HN], orv_ceiling_200)
    first = raised[(raised["rule"] == "first_come") & (raised["instrument"] == "orv")]
    assert first["gross_eur"].tolist() == pytest.approx([2e6] * 5)
