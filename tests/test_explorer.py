"""The explorer's logic without a browser (the browser test is test_workshop_e2e.py)."""

import io

import pandas as pd
import pytest

from nplv_analysis.apps.explorer import Explorer, parse_weights

# Heerlen Noord under the agreement in force, worked out in test_scenarios: the middle of the
# realisatiestimulans estimate, ORV 10 x 180/200 and capacity 4.3 x 50/60 mln under the ceilings
RIGHTS_UNDER_CEILING = 9_000_000 + 3_583_333.33
AGREEMENT = 7_608_461.54 + RIGHTS_UNDER_CEILING  # 20,191,794.87


@pytest.fixture
def ex():
    return Explorer()


def test_presets_and_reset(ex):
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    ex.apply_preset("preset_realisation")  # 70%: 0.7 x 7,608,461.54 = 5,325,923.08
    assert ex.result["gross_eur"].sum() == pytest.approx(
        5_325_923.08 + RIGHTS_UNDER_CEILING, abs=0.01
    )
    # "anderen eerst": the others claim early; 8 mln + 2 mln x 1/21 in 2030 (test_scenarios)
    ex.apply_preset("preset_orv_pot")
    orv = ex.result[ex.result["instrument"] == "orv"]["gross_eur"].sum()
    assert orv == pytest.approx(8_095_238.10, abs=0.01)
    assert ex.controls["realisation"].value == 1.0  # a preset starts from the agreement
    ex.apply_preset("preset_uncapped")  # the drawing rights themselves: 10 + 4.3 mln
    assert ex.result["gross_eur"].sum() == pytest.approx(7_608_461.54 + 14_300_000, abs=0.01)
    ex.apply_preset("preset_reset")
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    assert "€ 20.191.795" in ex.table.value
    assert "trekkingsrecht (maximum): € 10,0 mln" in ex.table.value
    assert "inschatting (afspraak): € 5,3 mln – € 8,0 mln" in ex.table.value


def test_refused_scenario_keeps_the_last_result(ex):
    ex.controls["profile"].value = "custom"
    ex.controls["custom_profile"].value = "0,1 0,1 0,1 0,1 0,1"
    assert "weights must add up to 1" in ex.message.value
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    ex.controls["custom_profile"].value = "0 0 0 0 100"  # percent: all starts in 2029
    assert ex.message.value == ""
    rs = ex.result[ex.result["instrument"] == "realisatiestimulans"].set_index("year")
    assert rs.loc[2030, "gross_eur"] == pytest.approx(7_608_461.54, abs=0.01)


def test_parse_weights_refuses_words():
    with pytest.raises(ValueError, match="type five numbers"):
        parse_weights("veel")


def test_export(ex):
    ex.controls["delay_years"].value = 1
    files = ex.export()
    assert list(files) == ["nplv-scenario.xlsx", "nplv-scenario.csv", "nplv-scenario.png"]
    # the CSV opens in Dutch Excel: BOM, ";" and a decimal comma; 6,086,769.23 / 4 a year
    csv = files["nplv-scenario.csv"].decode("utf-8")
    assert csv.startswith("\ufeffgebied (id);instrument;jaar;bruto, incl. btw (€);netto (€)")
    assert "heerlen-noord;realisatiestimulans;2027;1521692,31;1521692,31\r\n" in csv
    book = pd.read_excel(io.BytesIO(files["nplv-scenario.xlsx"]), sheet_name=None)
    assert list(book) == ["scenario", "uitbetalingen", "totalen", "bronnen"]
    scenario = book["scenario"].set_index("parameter")["waarde"]
    assert scenario["delay_years"] == "1"
    assert book["uitbetalingen"]["bruto, incl. btw (€)"].sum() == pytest.approx(
        6_086_769.23 + RIGHTS_UNDER_CEILING, abs=0.01
    )
    assert "ba-heerlen-noord-2025" in set(book["bronnen"]["bron (id)"])
    assert files["nplv-scenario.png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert ex.downloads.value.count("download=") == 3
    assert ex.downloads.value.index(".xlsx") < ex.downloads.value.index(".csv")


def test_chart_is_redrawn_in_place(ex):
    bars = ex._bars
    ex.controls["realisation"].value = 0.5
    assert ex._bars is bars  # same bars, new heights
    heights = [round(r.get_height(), 6) for r in bars["realisatiestimulans"]]
    assert heights == [round(0.5 * 7_608_461.54 / 5 / 1e6, 6)] * 5
