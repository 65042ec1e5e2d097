"""The data checks: the source's own inconsistencies are warnings, our own slips are errors."""

from fractions import Fraction

import pandas as pd
import pytest

from nplv_analysis import check_data
from nplv_analysis.data import load_dataset
from nplv_analysis.rules import implied_base, implied_vat_rates, round_to_step, rs_estimate

from .conftest import edit_yaml


@pytest.fixture(scope="module")
def findings():
    return check_data()


def test_shipped_data_has_no_errors(findings):
    assert (findings["severity"] == "error").sum() == 0


def test_the_three_known_inconsistencies_are_warnings(findings):
    warn = findings[findings["severity"] == "warning"]
    # page 4 "circa 2.250" vs the table on page 5: 2,352
    text = warn[warn["keys"] == "homes.startbouw.text, homes.startbouw.total"]
    assert len(text) == 1
    assert "circa 2,250" in text["message"].item() and "2,352" in text["message"].item()
    assert "difference 102" in text["message"].item()  # 2,352 - 2,250
    # page 7: 7,500,000 / 6,719,008 - 1 = 11.62%
    cmv = warn[warn["keys"] == "orv.cmv.excl, orv.cmv.incl"]
    assert len(cmv) == 1 and "11.6%" in cmv["message"].item()
    # page 6: 1,775 x 100/130 x 7,000 = 9,557,692; x 0.7 = 6.69 mln; x 1.05 = 10.04 mln
    rs = warn[warn["check_code"] == "check.rs_base"]
    assert len(rs) == 1
    assert "€ 6.7-10.0 mln" in rs["message"].item()
    assert "1,407-1,419" in rs["message"].item()
    # the ORV total pair inherits the odd rate: 10,000,000 / 8,785,123 - 1 = 13.83%
    tot = warn[warn["keys"] == "orv.total.excl, orv.total.incl"]
    assert "13.8%" in tot["message"].item()
    assert len(warn) == 4


def test_public_space_pair_is_exactly_21_percent():
    rates = implied_vat_rates(load_dataset()).set_index("item")
    # 2,500,000 / 1.21 = 2,066,115.70; printed 2,066,115
    assert rates.at["orv.bor", "standard"] == 0.21
    assert rates.at["orv.bor", "implied_rate"] == pytest.approx(2_500_000 / 2_066_115 - 1)
    assert rates.at["capaciteit.total", "standard"] == 0.0
    assert pd.isna(rates.at["orv.cmv", "standard"])


def test_overprogramming_info(findings):
    info = findings[findings["check_code"] == "check.over_programming"]["message"].tolist()
    assert any("at least € 20,000,000 (11%)" in m for m in info)  # 200 - 180 mln
    assert any("€ 10,000,000 (20%)" in m for m in info)  # 60 - 50 mln


def test_a_line_that_does_not_add_up_is_an_error(data_copy):
    edit_yaml(
        data_copy / "agreements/heerlen-noord.yaml",
        lambda o: o["figures"]["orv.cmv.incl"].update({"value": 7_400_000}),
    )
    f = check_data(data_copy)
    err = f[f["severity"] == "error"]
    sums = err[err["check_code"] == "check.sum"]
    assert len(sums) == 1
    assert "orv.total.incl = € 10,000,000" in sums["message"].item()
    assert "add up to € 9,900,000 (difference € 100,000)" in sums["message"].item()


def test_quote_on_the_wrong_page_is_an_error(data_copy):
    edit_yaml(
        data_copy / "agreements/heerlen-noord.yaml",
        lambda o: o["figures"]["orv.total.incl"].update({"page": 8}),
    )
    f = check_data(data_copy)
    err = f[(f["severity"] == "error") & (f["check_code"] == "check.quote_on_page")]
    assert len(err) == 1
    assert "not on page 8" in err["message"].item()
    assert "it stands on page 7" in err["message"].item()


# --- the realisatiestimulans estimate (footnote 2, page 6) -------------------------------------


# the method as page 6 states it: € 7,000 a home, x 100/130, band -30%/+5%
METHOD = {"per_home": 7000, "correction": Fraction(100, 130), "band": (-0.30, 0.05)}


def test_rs_estimate_by_hand():
    low, central, high = rs_estimate(1775, **METHOD)
    # 1,775 x 7,000 = 12,425,000; x 100/130 = 9,557,692.31
    assert central == pytest.approx(9_557_692.31, abs=0.01)
    assert low == pytest.approx(6_690_384.62, abs=0.01)  # x 0.70
    assert high == pytest.approx(10_035_576.92, abs=0.01)  # x 1.05


def test_implied_base_heerlen_noord():
    # 1,407 x 7,000 x 100/130 = 7,576,154; x 1.05 = 7,954,962 -> 8.0 mln; x 0.7 -> 5.3 mln
    # 1,406: x 1.05 = 7,949,308 -> 7.9 mln (out); 1,420: x 0.7 = 5,352,308 -> 5.4 mln (out)
    assert implied_base(5_300_000, 8_000_000, **METHOD) == (1407, 1419)


def test_implied_base_none_when_no_whole_base_fits():
    # low and high 5.3 mln cannot both come from one base with a -30%/+5% band
    assert implied_base(5_300_000, 5_300_000, **METHOD) is None


def test_round_to_step_half_up():
    assert round_to_step(5_250_000) == 5_300_000
    assert round_to_step(5_249_999) == 5_200_000


def test_rs_estimate_refuses_negative_base():
    with pytest.raises(ValueError, match="base=-1"):
        rs_estimate(-1, **METHOD)
