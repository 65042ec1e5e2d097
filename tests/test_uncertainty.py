"""Uncertainty (``simulate``, ``cumulative_bands``) and sensitivity, against values worked out by
hand.

The central realisatiestimulans of Heerlen Noord is C = 1,413 x 100/130 x EUR 7,000 =
EUR 7,608,461.54 (A13). The agreement's band is -30%/+5% (footnote 2, page 6), so by default the
realisation is triangular on [a, b] = [0.7, 1.05] with mode c = 1. Its quantiles:

    P10 = a + sqrt(0.1 (b - a)(c - a)) = 0.7 + sqrt(0.0105)  = 0.802470  -> EUR 6,105,558
    P50 = a + sqrt(0.5 (b - a)(c - a)) = 0.7 + sqrt(0.0525)  = 0.929129  -> EUR 7,069,241
    P90 = b - sqrt(0.1 (b - a)(b - c)) = 1.05 - sqrt(0.00175) = 1.008167 -> EUR 7,670,600
    mean = (a + b + c) / 3 = 0.916667                                     -> EUR 6,974,423

inside the estimate's EUR 5.3-8.0 mln (every draw is: 0.7 C = 5.33 mln, 1.05 C = 7.99 mln).

Tolerances: with n = 100,000 draws the standard error of a quantile q is
sqrt(q (1 - q) / n) / f(x_q) (f the density): EUR 3,698 at P10, 2,756 at P50, 1,510 at P90; of
the mean sd / sqrt(n) = 0.07728 C / 316 = EUR 1,859; of a share p sqrt(p (1 - p) / n). The tests
allow 4 standard errors.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from nplv_analysis.data import load_parameters
from nplv_analysis.engine import (
    DELAY_RISK,
    NO_DELAY,
    Scenario,
    cumulative_bands,
    draw_description_values,
    realisation_range,
    run,
    sensitivity,
    sensitivity_ranges,
    simulate,
)
from nplv_analysis.rules import ALLOCATIONS

from .conftest import edit_yaml

HN = "heerlen-noord"
C = 9_891_000 * 100 / 130  # 7,608,461.54
N = 100_000
A, MODE, B = 0.7, 1.0, 1.05  # the band of page 6 around realisation 1
P10 = A + math.sqrt(0.1 * (B - A) * (MODE - A))
P50 = A + math.sqrt(0.5 * (B - A) * (MODE - A))
P90 = B - math.sqrt(0.1 * (B - A) * (B - MODE))
MEAN = (A + B + MODE) / 3
SE = {"p10": 3_698, "p50": 2_756, "p90": 1_510, "mean": 1_859}  # EUR, n = 100,000


def share_tol(p: float, n: int = N) -> float:
    return 4 * math.sqrt(p * (1 - p) / n)


def tri_cdf(x: float, a: float, c: float, b: float) -> float:
    """P(X <= x) for X triangular on [a, b] with mode c."""
    if x <= c:
        return (x - a) ** 2 / ((b - a) * (c - a))
    return 1 - (b - x) ** 2 / ((b - a) * (b - c))


def rs_total(totals: pd.DataFrame, area: str = HN) -> pd.Series:
    return totals.set_index(["area_id", "instrument"]).loc[(area, "realisatiestimulans")]


@pytest.fixture(scope="module")
def default_sim():
    return simulate(Scenario(), n=N, seed=11, areas=[HN])


# --- the default: the agreement's band, no delay ----------------------------------------------


def test_default_realisation_range_is_the_band_of_page_6():
    assert realisation_range() == pytest.approx((0.7, 1.05))
    p = load_parameters()
    assert realisation_range(Scenario(realisation=0.8)) == pytest.approx(
        (0.8 * (1 + float(p.band[0])), 0.8 * (1 + float(p.band[1])))
    )
    assert realisation_range(Scenario(realisation=0.8)) == pytest.approx((0.56, 0.84))


def test_default_simulation_quantiles_are_the_triangles(default_sim):
    _, totals = default_sim
    rs = rs_total(totals)
    assert rs["p10"] == pytest.approx(P10 * C, abs=4 * SE["p10"])  # 6,105,558
    assert rs["p50"] == pytest.approx(P50 * C, abs=4 * SE["p50"])  # 7,069,241
    assert rs["p90"] == pytest.approx(P90 * C, abs=4 * SE["p90"])  # 7,670,600
    assert rs["mean"] == pytest.approx(MEAN * C, abs=4 * SE["mean"])  # 6,974,423
    # the test: P10-P90 inside the estimate's EUR 5.3-8.0 mln
    assert rs["estimate_low_eur"] == 5_300_000 and rs["estimate_high_eur"] == 8_000_000
    assert 5_300_000 < rs["p10"] < rs["p90"] < 8_000_000
    # every draw is inside the band: 0.7 C = 5,325,923 and 1.05 C = 7,988,885
    assert rs["p_below_estimate_low"] == 0 and rs["p_above_estimate_high"] == 0


def test_every_default_draw_lies_in_the_band():
    _, totals = simulate(Scenario(), n=N, seed=3, areas=[HN], quantiles=(0.0001, 0.9999))
    rs = rs_total(totals)
    assert 0.7 * C <= rs["p0"] < 0.71 * C
    assert 1.04 * C < rs["p100"] <= 1.05 * C


def test_default_has_no_extra_delay(default_sim):
    yearly, totals = default_sim
    again = simulate(Scenario(), n=N, seed=11, areas=[HN], delay_probs=NO_DELAY)
    pd.testing.assert_frame_equal(yearly, again[0])
    pd.testing.assert_frame_equal(totals, again[1])
    # without delay, each payment year gets a fifth of the total: P10 = 0.802470 C / 5
    rs = yearly[yearly["instrument"] == "realisatiestimulans"].set_index("year")
    assert list(rs.index) == [2026, 2027, 2028, 2029, 2030]
    assert np.allclose(rs["p10"], P10 * C / 5, atol=4 * SE["p10"] / 5)
    assert (rs["p50"] > 0).all()


def test_yearly_rows_are_payment_years_and_totals_have_no_year(default_sim):
    yearly, totals = default_sim
    assert list(yearly.columns) == ["area_id", "instrument", "year", "p10", "p50", "p90"]
    assert (yearly["year"] > 0).all()
    assert "year" not in totals.columns
    assert list(totals.columns) == [
        "area_id",
        "instrument",
        "p10",
        "p50",
        "p90",
        "mean",
        "estimate_low_eur",
        "estimate_high_eur",
        "p_below_estimate_low",
        "p_above_estimate_high",
    ]
    assert list(totals["instrument"]) == ["realisatiestimulans", "orv", "capaciteit"]
    # ORV and capacity do not vary: their quantiles are the scenario's total; no estimate range
    pay = run(Scenario(), [HN]).groupby("instrument")["gross_eur"].sum()
    fixed = totals.set_index("instrument").loc[["orv", "capaciteit"]]
    for inst in ("orv", "capaciteit"):
        assert fixed.loc[inst, ["p10", "p50", "p90", "mean"]].tolist() == pytest.approx(
            [pay[inst]] * 4
        )
    assert fixed[["p_below_estimate_low", "p_above_estimate_high"]].isna().all().all()


def test_quantiles_name_the_columns():
    yearly, totals = simulate(Scenario(), n=1000, seed=0, areas=[HN], quantiles=(0.05, 0.5, 0.95))
    assert list(yearly.columns)[-3:] == ["p5", "p50", "p95"]
    assert list(totals.columns)[2:5] == ["p5", "p50", "p95"]


def test_simulate_is_deterministic_per_seed():
    a = simulate(Scenario(), n=2000, seed=7, areas=[HN])
    b = simulate(Scenario(), n=2000, seed=7, areas=[HN])
    c = simulate(Scenario(), n=2000, seed=8, areas=[HN])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert rs_total(a[1])["p50"] != rs_total(c[1])["p50"]


# --- the chance of ending outside the estimate -------------------------------------------------


def test_chance_below_the_estimate_at_80_percent_realisation():
    """Realisation 0.8: triangular on [0.56, 0.84], mode 0.8. Below EUR 5.3 mln means
    r < 5,299,999.5 / C = 0.696593: (0.136593)^2 / (0.28 x 0.24) = 0.27764."""
    _, totals = simulate(Scenario(realisation=0.8), n=N, seed=5, areas=[HN])
    expected = tri_cdf((5_300_000 - 0.5) / C, 0.56, 0.8, 0.84)
    assert expected == pytest.approx(0.27764, abs=1e-5)
    rs = rs_total(totals)
    assert rs["p_below_estimate_low"] == pytest.approx(expected, abs=share_tol(expected))
    assert rs["p_above_estimate_high"] == 0


def test_chance_above_the_estimate_at_105_percent_realisation():
    """Realisation 1.05: triangular on [0.735, 1.1025], mode 1.05. Above EUR 8.0 mln means
    r > 8,000,000.5 / C = 1.051463: (0.051037)^2 / (0.3675 x 0.0525) = 0.13501."""
    _, totals = simulate(Scenario(realisation=1.05), n=N, seed=5, areas=[HN])
    expected = 1 - tri_cdf((8_000_000 + 0.5) / C, 0.735, 1.05, 1.1025)
    assert expected == pytest.approx(0.13501, abs=1e-5)
    rs = rs_total(totals)
    assert rs["p_above_estimate_high"] == pytest.approx(expected, abs=share_tol(expected))
    assert rs["p_below_estimate_low"] == 0


# --- no spread: the scenario itself ------------------------------------------------------------


def test_zero_width_band_is_the_scenarios_run():
    s = Scenario(realisation=0.8, delay_years=1, allocation="pro_rata")
    yearly, totals = simulate(s, n=500, seed=0, areas=[HN], realisation_band=(0, 0))
    pay = run(s, [HN]).set_index(["instrument", "year"])["gross_eur"]
    got = yearly.set_index(["instrument", "year"])
    for col in ("p10", "p50", "p90"):
        assert got[col].to_numpy() == pytest.approx(pay.reindex(got.index).to_numpy())
    # 0.8 x C x 4/5 (the last year's starts fall after the window) = 4,869,415.38
    assert rs_total(totals)["p50"] == pytest.approx(0.8 * C * 0.8)
    assert rs_total(totals)["p_below_estimate_low"] == 1  # 4.87 mln < 5.3 mln


def test_cumulative_bands_without_spread_is_the_cumulative_run():
    """Uncapped: 1,521,692.31 + 2,000,000 + 860,000 = 4,381,692.31 a year, cumulated."""
    bands = cumulative_bands(Scenario(allocation="uncapped"), HN, n=20, realisation_band=(0, 0))
    assert list(bands["year"]) == [2026, 2027, 2028, 2029, 2030]
    expected = [(C / 5 + 2_000_000 + 860_000) * k for k in range(1, 6)]
    for col in ("p10", "p50", "p90"):
        assert bands[col].to_numpy() == pytest.approx(expected, abs=0.01)


def test_cumulative_bands_use_the_same_draws_as_simulate():
    s = Scenario()
    _, totals = simulate(s, n=5000, seed=4, areas=[HN], delay_probs=DELAY_RISK)
    bands = cumulative_bands(s, HN, n=5000, seed=4, delay_probs=DELAY_RISK)
    last = bands.iloc[-1]
    t = totals.set_index("instrument")
    fixed = t.loc["orv", "p50"] + t.loc["capaciteit", "p50"]
    for col in ("p10", "p50", "p90"):
        assert last[col] == pytest.approx(t.loc["realisatiestimulans", col] + fixed)


# --- the named delay risk ----------------------------------------------------------------------


def test_delay_risk_gives_the_expected_share_of_draws():
    """DELAY_RISK: 0, 1, 2 years with chances 0.6, 0.3, 0.1. Without spread in realisation a
    delay of d years loses the last d years of starts: totals C, 0.8 C and 0.6 C. Only 0.6 C
    (EUR 4,565,077) is below EUR 5.3 mln, so P(below) = 0.1; the mean is
    (0.6 + 0.3 x 0.8 + 0.1 x 0.6) C = 0.9 C; the first payment year pays 0.2 C only without
    delay (chance 0.6), so its P50 is 0.2 C and its P10 is 0."""
    assert DELAY_RISK == (0.6, 0.3, 0.1)
    yearly, totals = simulate(
        Scenario(), n=N, seed=9, areas=[HN], delay_probs=DELAY_RISK, realisation_band=(0, 0)
    )
    rs = rs_total(totals)
    assert rs["p_below_estimate_low"] == pytest.approx(0.1, abs=share_tol(0.1))
    sd = math.sqrt(0.6 + 0.3 * 0.8**2 + 0.1 * 0.6**2 - 0.9**2) * C  # sqrt(0.018) C
    assert rs["mean"] == pytest.approx(0.9 * C, abs=4 * sd / math.sqrt(N))
    first = yearly[yearly["instrument"] == "realisatiestimulans"].set_index("year").loc[2026]
    assert first["p10"] == 0
    assert first["p50"] == pytest.approx(0.2 * C)


def test_a_certain_delay_is_the_delayed_scenario():
    yearly, _ = simulate(
        Scenario(), n=200, seed=0, areas=[HN], delay_probs=(0, 1), realisation_band=(0, 0)
    )
    pay = run(Scenario(delay_years=1), [HN])
    pay = pay[pay["instrument"] == "realisatiestimulans"]
    got = yearly[yearly["instrument"] == "realisatiestimulans"]
    assert got["p50"].to_numpy() == pytest.approx(pay["gross_eur"].to_numpy())


# --- what the fan chart says is drawn ----------------------------------------------------------


def test_draw_description_values():
    v = draw_description_values()
    assert (v["low"], v["high"], v["mode"]) == pytest.approx((0.7, 1.05, 1.0))
    assert v["p_delay"] == 0 and v["max_delay"] == 0 and v["delay_code"] == "fan_drawn.no_delay"
    v = draw_description_values(Scenario(realisation=0.8), delay_probs=DELAY_RISK)
    assert (v["low"], v["high"], v["mode"]) == pytest.approx((0.56, 0.84, 0.8))
    assert v["p_delay"] == pytest.approx(0.4)
    assert v["max_delay"] == 2
    assert v["mean_delay"] == pytest.approx(0.5)  # 0.3 x 1 + 0.1 x 2
    assert v["delay_code"] == "fan_drawn.delay_risk"


# --- sensitivity -------------------------------------------------------------------------------


def test_sensitivity_ranges_come_from_the_data_and_leave_the_amount_alone():
    ranges = sensitivity_ranges(load_parameters())
    assert "per_home" not in ranges  # fixed by the regulation
    assert ranges["realisation"] == pytest.approx((0.7, 1.05))  # the band of page 6
    assert ranges["delay_years"] == (0, 2)


def test_sensitivity_table_hand_values():
    """Uncapped: ORV 0.5 -> 1.0 of 10 mln = 5 mln; delay 0 -> 2 years loses 0.4 C =
    3,043,384.62; realisation 0.7 -> 1.05 is 0.35 C = 2,662,961.54; capacity 0.5 -> 1.0 of
    4.3 mln = 2.15 mln; the profile moves nothing without delay."""
    s = sensitivity(Scenario(allocation="uncapped"), areas=[HN]).set_index("parameter")
    assert "per_home" not in s.index
    assert (s.at["realisation", "low"], s.at["realisation", "high"]) == pytest.approx((0.7, 1.05))
    assert s.at["realisation", "swing_eur"] == pytest.approx(0.35 * C)
    assert s.at["delay_years", "swing_eur"] == pytest.approx(0.4 * C)
    assert s.at["orv_spend", "swing_eur"] == pytest.approx(5_000_000)
    assert s.at["capacity_spend", "swing_eur"] == pytest.approx(2_150_000)
    assert s.at["profile", "swing_eur"] == pytest.approx(0, abs=1e-6)
    assert list(s.index[:4]) == ["orv_spend", "delay_years", "realisation", "capacity_spend"]


@pytest.mark.parametrize("rule", ALLOCATIONS)
def test_sensitivity_varies_the_other_allocation_rules(rule):
    s = sensitivity(Scenario(allocation=rule), areas=[HN]).set_index("parameter")
    low, high = s.at["allocation", "low"], s.at["allocation", "high"]
    assert {low, high} == set(ALLOCATIONS) - {rule}


def test_sensitivity_with_the_default_scenario_varies_the_other_rules():
    s = sensitivity(areas=[HN]).set_index("parameter")
    others = set(ALLOCATIONS) - {Scenario().allocation}
    assert {s.at["allocation", "low"], s.at["allocation", "high"]} == others


def test_sensitivity_ranges_can_be_given():
    s = sensitivity(Scenario(), areas=[HN], ranges={"per_home": (6000.0, 8000.0)})
    assert list(s["parameter"]) == ["per_home"]
    # 2,000 a home more over 1,413 x 100/130 homes = 2,173,846.15
    assert s.at[0, "swing_eur"] == pytest.approx(C / 7000 * 2000)


def test_a_band_in_the_data_moves_the_ranges(data_copy):
    def change(obj):
        obj["figures"]["realisatiestimulans.estimate_method.band_low"]["value"] = -0.2

    edit_yaml(data_copy / "national.yaml", change)
    assert realisation_range(None, data_copy) == pytest.approx((0.8, 1.05))
    assert sensitivity_ranges(load_parameters(data_copy))["realisation"] == pytest.approx(
        (0.8, 1.05)
    )
    s = sensitivity(Scenario(), data_dir=data_copy).set_index("parameter")
    assert s.at["realisation", "low"] == pytest.approx(0.8)
    v = draw_description_values(data_dir=data_copy)
    assert v["low"] == pytest.approx(0.8)


# --- bad arguments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n=0"),
        ({"delay_probs": (0.5, 0.4)}, "delay_probs=.*add up to 1"),
        ({"delay_probs": (1.2, -0.2)}, "delay_probs"),
        ({"realisation_band": (0.1, 0.2)}, r"realisation_band=\(0.1, 0.2\)"),
        ({"realisation_band": (-0.3,)}, "realisation_band"),
        ({"quantiles": (0.1, 1.5)}, "quantiles"),
        ({"quantiles": (0.101, 0.102)}, "quantiles"),
    ],
)
def test_bad_simulation_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        simulate(**{"n": 10, **kwargs})
