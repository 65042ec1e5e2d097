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


def test_the_known_inconsistencies_are_warnings(findings):
    warn = findings[findings["severity"] == "warning"]
    # page 4 "circa 2.250" vs the table on page 5: 2,352
    text = warn[warn["keys"] == "homes.startbouw.text, homes.startbouw.total"]
    assert len(text) == 1
    assert "circa 2,250" in text["message"].item() and "2,352" in text["message"].item()
    assert "difference 102" in text["message"].item()  # 2,352 - 2,250
    # page 7: the excl. column is a 21% conversion of an older incl. amount, not an 11.6% rate:
    # 8,130,000 / 1.21 = 6,719,008.26 -> printed 6,719,008; 7,500,000 / 1.21 = 6,198,347.11
    cmv = warn[warn["keys"] == "orv.cmv.excl, orv.cmv.incl"]
    assert len(cmv) == 1
    msg = cmv["message"].item()
    assert "21% conversion of € 8,130,000" in msg
    assert "not of the printed € 7,500,000" in msg and "stale column" in msg
    assert "€ 6,198,347" in msg
    assert "11.6%" not in msg
    # the total line likewise: (8,130,000 + 2,500,000) / 1.21 = 8,785,123.97 -> 8,785,123;
    # 10,000,000 / 1.21 = 8,264,462.81
    tot = warn[warn["keys"] == "orv.total.excl, orv.total.incl"]
    msg = tot["message"].item()
    assert "21% conversion of € 10,630,000" in msg and "not of the printed € 10,000,000" in msg
    assert "€ 8,264,463" in msg and "13.8%" not in msg
    # page 6: 1,775 x 100/130 x 7,000 = 9,557,692; x 0.7 = 6.69 mln; x 1.05 = 10.04 mln
    rs = warn[warn["check_code"] == "check.rs_base"]
    assert len(rs) == 1
    assert "€ 6.7-10.0 mln" in rs["message"].item()
    assert "derived: a base of 1,407-1,419" in rs["message"].item()
    # the press (Heerlens Dagblad) says 2025-2030, the agreement (page 4) 2025-2029
    press = warn[warn["check_code"] == "check.press_vs_agreement"]
    assert len(press) == 1
    assert "2025-2030" in press["message"].item() and "2025-2029" in press["message"].item()
    assert len(warn) == 5


def test_the_vat_finding_in_dutch_names_both_amounts():
    f = check_data(lang="nl")
    cmv = f[f["keys"] == "orv.cmv.excl, orv.cmv.incl"]["message"].item()
    assert "21%-omrekening van € 8.130.000, niet van de gedrukte € 7.500.000" in cmv
    assert "verouderde kolom" in cmv


def test_the_inferred_base_says_afgeleid_in_both_languages():
    for lang, word in (("nl", "afgeleid: "), ("en", "derived: ")):
        f = check_data(lang=lang)
        rs = f[f["check_code"] == "check.rs_base"]["message"].tolist()
        assert len(rs) == 2  # the info (the base) and the warning (1,775 does not give it)
        assert all(word in m for m in rs), rs
    nl = check_data(lang="nl")
    info = nl[(nl["check_code"] == "check.rs_base") & (nl["severity"] == "info")]
    assert info["message"].item().startswith("afgeleid: de gepubliceerde € 5,3-8,0 mln")
    assert "1.407 tot 1.419" in info["message"].item()


def test_public_space_pair_is_exactly_21_percent():
    rates = implied_vat_rates(load_dataset()).set_index("item")
    # 2,500,000 / 1.21 = 2,066,115.70; printed 2,066,115
    assert rates.at["orv.bor", "standard"] == 0.21
    assert rates.at["orv.bor", "implied_rate"] == pytest.approx(2_500_000 / 2_066_115 - 1)
    assert rates.at["capaciteit.total", "standard"] == 0.0  # staff cost: excl. = incl.
    assert pd.isna(rates.at["orv.cmv", "standard"])
    # 6,719,008 x 1.21 = 8,129,999.68: the older round amount is 8,130,000
    assert rates.at["orv.cmv", "older_incl_eur"] == 8_130_000
    assert rates.at["orv.total", "older_incl_eur"] == 10_630_000
    assert rates.at["orv.cmv", "excl_at_general_eur"] == pytest.approx(6_198_347.11, abs=0.01)
    assert pd.isna(rates.at["orv.bor", "older_incl_eur"])


@pytest.mark.parametrize(
    ("excl", "expected"),
    [
        (6_719_008, 8_130_000),  # 8,130,000 / 1.21 = 6,719,008.26, cut to the euro
        (2_066_115, 2_500_000),  # 2,500,000 / 1.21 = 2,066,115.70, cut
        (2_066_116, 2_500_000),  # ... or rounded
        (2_066_114, None),  # 2,066,114 x 1.21 = 2,499,997.94; 2,066,115 x 1.21 = 2,499,999.15
        (8_785_123, 10_630_000),  # 8,785,123 x 1.21 = 10,629,998.83; x 1.21 of +1 = 10,630,000.04
        (
            1_234_567,
            None,
        ),  # 1,234,566.5 x 1.21 = 1,493,825.47 up to 1,234,568 x 1.21 = 1,493,827.28
    ],
)
def test_older_incl_by_hand(excl, expected):
    from nplv_analysis.rules.checks import older_incl

    assert older_incl(excl, 0.21) == expected


def test_an_excl_figure_from_no_round_amount_is_an_odd_rate(data_copy):
    """6,700,000 excl.: 6,700,000 x 1.21 = 8,107,000 (a multiple of 1,000), but 6,700,123 x 1.21
    = 8,107,148.83 and 6,700,124 x 1.21 = 8,107,150.04: no round amount in between."""

    def change(obj):
        f = obj["figures"]
        f["orv.cmv.excl"]["value"] = 6_700_123
        f["orv.total.excl"]["value"] = 6_700_123 + 2_066_115
        for k in ("orv.cmv.excl", "orv.total.excl"):
            f[k].pop("quote")

    edit_yaml(data_copy / "agreements/heerlen-noord.yaml", change)
    f = check_data(data_copy)
    cmv = f[f["keys"] == "orv.cmv.excl, orv.cmv.incl"]
    assert cmv["code"].item() == "finding.vat_rate_odd"
    # 7,500,000 / 6,700,123 - 1 = 11.94%
    assert "implies a VAT rate of 11.9% (not 21% or 0%)" in cmv["message"].item()


def test_the_vat_rate_comes_from_the_data(data_copy):
    """With a general rate of 19% (the rate before 1 October 2012) the public-space pair no
    longer fits: 2,500,000 / 1.19 = 2,100,840.34, not 2,066,115."""

    def change(obj):
        obj["figures"]["vat.rate_general"]["value"] = 0.19

    edit_yaml(data_copy / "national.yaml", change)
    rates = implied_vat_rates(load_dataset(data_copy)).set_index("item")
    assert pd.isna(rates.at["orv.bor", "standard"])
    f = check_data(data_copy)
    bor = f[f["keys"] == "orv.bor.excl, orv.bor.incl"]
    assert bor["severity"].item() == "warning"
    assert "(not 19% or 0%)" in bor["message"].item()


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
    # the total by its label, never its key (issue 24)
    assert "ORV, total of the table, incl. VAT = € 10,000,000" in sums["message"].item()
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
