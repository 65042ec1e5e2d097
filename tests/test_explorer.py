"""The explorer's logic without a browser (the browser test is test_workshop_e2e.py)."""

import io

import pandas as pd
import pytest

from nplv_analysis.apps.explorer import Explorer, parse_weights

AGREEMENT = 7_608_461.54 + 10_000_000 + 4_300_000  # Heerlen Noord, worked out in test_scenarios


@pytest.fixture
def ex():
    return Explorer()


def test_presets_and_reset(ex):
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    ex.apply_preset("preset_realisation")  # 70%: 0.7 x 7,608,461.54 = 5,325,923.08
    assert ex.result["gross_eur"].sum() == pytest.approx(5_325_923.08 + 14_300_000, abs=0.01)
    ex.apply_preset("preset_orv_pot")  # first come: Heerlen Noord gets 9 mln ORV, 3.58 capacity
    orv = ex.result[ex.result["instrument"] == "orv"]["gross_eur"].sum()
    assert orv == pytest.approx(9_000_000)
    ex.apply_preset("preset_reset")
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    assert "€ 21.908.462" in ex.table.value


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
    csv = files["nplv-scenario.csv"].decode()
    assert "delay_years,1" in csv
    assert "heerlen-noord,realisatiestimulans,2027,1521692.31,1521692.31" in csv
    book = pd.read_excel(io.BytesIO(files["nplv-scenario.xlsx"]), sheet_name=None)
    assert set(book) == {"scenario", "payments", "totals"}
    assert book["payments"]["gross_eur"].sum() == pytest.approx(6_086_769.23 + 14_300_000, abs=0.01)
    assert files["nplv-scenario.png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert ex.downloads.value.count("download=") == 3


def test_chart_is_redrawn_in_place(ex):
    bars = ex._bars
    ex.controls["realisation"].value = 0.5
    assert ex._bars is bars  # same bars, new heights
    heights = [round(r.get_height(), 6) for r in bars["realisatiestimulans"]]
    assert heights == [round(0.5 * 7_608_461.54 / 5 / 1e6, 6)] * 5
