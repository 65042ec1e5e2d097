"""Tests that kill the mutants mutmut left alive in ``rules/agreement.py`` and
``rules/vocabulary.py`` (``make mutate``). Every expected value is worked out by hand in the
comment or docstring next to it; none is recomputed with the code under test.

Small made-up inputs keep the arithmetic checkable: with ``correction=1`` and a band of
``(0, 0)`` the estimate of ``b`` homes is simply ``b x per_home``.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest

from nplv_analysis.rules.agreement import (
    allocate,
    implied_base,
    net_of_vat,
    round_to_step,
    rs_estimate,
)
from nplv_analysis.rules.vocabulary import figure_kind

NO_BAND = (0, 0)
AGREEMENT_BAND = (Fraction(-3, 10), Fraction(1, 20))  # -30% / +5%, footnote 2, page 6


def raises(message: str):
    """``pytest.raises(ValueError)`` whose message is exactly ``message``."""
    return pytest.raises(ValueError, match="^" + re.escape(message) + "$")


# --- rs_estimate -------------------------------------------------------------------------------


def test_decimal_inputs_are_taken_as_written():
    """0.1 written in the data is one tenth exactly: 3 homes x 0.1 x EUR 1 = EUR 0.3, not the
    binary float product 3 x 0.1 = 0.30000000000000004."""
    assert rs_estimate(3, 1, 0.1, NO_BAND) == (0.3, 0.3, 0.3)
    # a correction of 0.05 is one twentieth: 3 x 0.05 = 0.15 (the floats give 0.15000000000000002)
    assert rs_estimate(3, 1, 0.05, NO_BAND) == (0.15, 0.15, 0.15)


def test_negative_base_is_refused_with_its_value():
    with raises("base=-1: the number of homes cannot be negative"):
        rs_estimate(-1, 7000, Fraction(10, 13), AGREEMENT_BAND)


# --- round_to_step -----------------------------------------------------------------------------


def test_halves_round_away_from_zero():
    """As printed figures are: 250,000 is 2.5 steps of 100,000 -> 3 steps = 300,000 (banker's
    rounding would give 200,000); 350,000 -> 400,000; -250,000 -> -300,000."""
    assert round_to_step(250_000) == 300_000
    assert round_to_step(350_000) == 400_000
    assert round_to_step(-250_000) == -300_000
    assert round_to_step(249_999) == 200_000


# --- implied_base ------------------------------------------------------------------------------


def test_implied_base_refuses_a_negative_low_or_a_reversed_range():
    with raises("low=-100000, high=8000000: need 0 <= low <= high"):
        implied_base(-100_000, 8_000_000, 7000, Fraction(10, 13), AGREEMENT_BAND)
    with raises("low=8000000, high=5300000: need 0 <= low <= high"):
        implied_base(8_000_000, 5_300_000, 7000, Fraction(10, 13), AGREEMENT_BAND)


def test_a_published_zero_range_is_the_smallest_bases():
    """EUR 0-0 is allowed (low = 0). Per home the high estimate is 100/130 x 7,000 x 1.05 =
    5,653.85: 8 homes give 45,230.8 (rounds to 0), 9 homes 50,884.6 (rounds to 100,000). The
    low estimate (x 0.70, 3,769.23 per home) of 8 homes is 30,153.8, also 0. So bases 0-8."""
    assert implied_base(0, 0, 7000, Fraction(10, 13), AGREEMENT_BAND) == (0, 8)


def test_implied_base_with_an_amount_below_one_euro_per_home():
    """EUR 0.50 per home, step 1: b x 0.5 rounds (halves up) to 5 for b x 0.5 in [4.5, 5.5),
    so b = 9 or 10. (A positive amount below 1 is allowed.)"""
    assert implied_base(5, 5, 0.5, 1, NO_BAND, step=1) == (9, 10)


def test_implied_base_when_one_home_is_worth_more_than_a_step():
    """EUR 3 per home, step 1: only 3 homes give exactly 9 (2 give 6, 4 give 12). Both ends are
    rounded to the given step, not to the default EUR 100,000 (9 would round to 0)."""
    assert implied_base(9, 9, 3, 1, NO_BAND, step=1) == (3, 3)
    assert implied_base(8, 8, 3, 1, NO_BAND, step=1) is None  # 8 is no multiple of 3


@pytest.mark.parametrize(
    ("per_home", "band"),
    [
        (0, AGREEMENT_BAND),  # nothing per home
        (7000, (Fraction(-1), Fraction(-1))),  # a band of -100%: 1 + (-1) = 0
    ],
)
def test_a_zero_estimate_per_home_is_refused(per_home, band):
    with raises("the estimate per home must be positive"):
        implied_base(0, 0, per_home, Fraction(10, 13), band)


# --- net_of_vat --------------------------------------------------------------------------------


def test_negative_vat_rate_is_refused_with_its_value():
    with raises("rate=-0.21: a VAT rate cannot be negative"):
        net_of_vat(100.0, -0.21)


# --- allocate ----------------------------------------------------------------------------------


def test_pro_rata_scales_a_claim_of_exactly_one_euro():
    """1 claimed against a ceiling of 0.5: everything is scaled by 0.5 / 1."""
    assert allocate([[1.0]], 0.5, "pro_rata").tolist() == [[0.5]]


def test_pro_rata_at_exactly_the_ceiling_pays_everything():
    """60 + 40 = 100 claimed, ceiling 100: factor 1."""
    assert allocate([[60.0], [40.0]], 100.0, "pro_rata").tolist() == [[60.0], [40.0]]


def test_first_come_pays_a_first_year_that_uses_the_whole_ceiling():
    """Year 1 claims 60 against a ceiling of 60: nothing was paid before, so all 60 is paid and
    year 2 finds no room (0 of 60)."""
    assert allocate([[60.0, 60.0]], 60.0, "first_come").tolist() == [[60.0, 0.0]]


def test_unknown_allocation_rule_is_refused_naming_the_rules():
    with raises("allocation='fair': allowed are first_come, pro_rata, uncapped"):
        allocate(np.zeros((1, 1)), 1.0, "fair")


# --- vocabulary --------------------------------------------------------------------------------


def test_figure_kind_defaults_to_a_figure_from_the_agreement():
    """Without a source kind a key is read as the agreement's: the ORV budget (page 7) is agreed,
    the ORV total of an area a drawing right."""
    assert figure_kind("orv.budget") == "agreed"
    assert figure_kind("orv.total.incl") == "drawing_right"


def test_implied_base_with_one_euro_a_home_is_found_by_bisection():
    """With EUR 1 a home the bases are 7,000 times larger (about 9.9 million): the old loop over
    every base ran for minutes; the bisection finds the same run. 1,413 x 7,000 = 9,891,000:
    x 100/130 = 7,608,461.5; x 0.70 = 5,325,923 -> 5.3 mln and x 1.05 = 7,988,885 -> 8.0 mln."""

    lo, hi = implied_base(
        5_300_000, 8_000_000, 1, Fraction(10, 13), (Fraction(-3, 10), Fraction(1, 20))
    )
    assert lo <= 1407 * 7000 and hi >= 1419 * 7000  # every base in between gives 5.3-8.0
    assert lo <= 9_891_000 <= hi


def test_implied_base_refuses_a_band_of_minus_100_percent():
    with pytest.raises(ValueError, match="above -100%"):
        implied_base(5_300_000, 8_000_000, 7000, Fraction(10, 13), (Fraction(-1), Fraction(1, 20)))
