"""The explorer's logic without a browser (the browser test is test_workshop_e2e.py)."""

import base64
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from nplv_analysis.apps.explorer import (
    Explorer,
    parse_query,
    parse_realisation,
    realisation_text,
    share_query,
)
from nplv_analysis.engine import Scenario, national, run

# Heerlen Noord under the base scenario (computed), worked out in test_scenarios: the
# realisatiestimulans estimate before the band (inferred: 1,413 x 100/130 x EUR 7,000), ORV
# 10 x 180/200 and capacity 4.3 x 50/60 mln under the ceilings, first come (an assumption, A22)
RIGHTS_UNDER_CEILING = 9_000_000 + 3_583_333.33
AGREEMENT = 7_608_461.54 + RIGHTS_UNDER_CEILING  # 20,191,794.87
YEARS = (2025, 2026, 2027, 2028, 2029)  # the start window (data/national.yaml)
# 70% of the starts in 2026 and 2027 (issue 23): 7,608,461.54 x 4.4/5 = 6,695,446.15, the
# loss only in payment years 2027 and 2028 (1,521,692.31 x 0.7 = 1,065,184.62 each)
SEVENTY_IN_2026_2027 = 6_695_446.15


@pytest.fixture
def ex():
    return Explorer()


def test_presets_and_reset(ex):
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    ex.apply_preset("realisatie-70")  # 70%: 0.7 x 7,608,461.54 = 5,325,923.08
    assert ex.result["gross_eur"].sum() == pytest.approx(
        5_325_923.08 + RIGHTS_UNDER_CEILING, abs=0.01
    )
    # "anderen eerst": the others claim early; 8 mln + 2 mln x 1/21 in 2030 (test_scenarios)
    ex.apply_preset("anderen-eerst")
    orv = ex.result[ex.result["instrument"] == "orv"]["gross_eur"].sum()
    assert orv == pytest.approx(8_095_238.10, abs=0.01)
    assert ex.controls["realisation"].value == 0.7  # presets combine: 70% stays
    ex.apply_preset("zonder-plafond")  # the drawing rights themselves: 10 + 4.3 mln
    assert ex.result["gross_eur"].sum() == pytest.approx(5_325_923.08 + 14_300_000, abs=0.01)
    ex.apply_preset("basisscenario")
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    assert "class='nplv-total' data-eur='20191794.87'" in ex.cards.value
    assert "€ 20,2 mln" in ex.table.value
    assert "trekkingsrecht (maximum): € 10,0 mln" in ex.table.value
    assert "inschatting (afspraak): € 5,3 mln – € 8,0 mln" in ex.table.value


def test_presets_combine(ex):
    # Heerlen Noord: realisatiestimulans 1,413 x 100/130 x 7,000 = 7,608,461.54; 70% and one
    # year of delay loses the 2029 starts: 0.7 x 4/5 x 7,608,461.54 = 4,260,738.46; plus ORV
    # 9,000,000 and capacity 3,583,333.33 under the ceilings = 16,844,071.79
    ex.apply_preset("realisatie-70")
    ex.apply_preset("vertraging")
    assert ex.controls["realisation"].value == 0.7
    assert ex.controls["delay_years"].value == 1
    engine = run(Scenario(realisation=0.7, delay_years=1), ["heerlen-noord"])
    assert ex.result["gross_eur"].sum() == pytest.approx(engine["gross_eur"].sum(), abs=0.01)
    assert ex.result["gross_eur"].sum() == pytest.approx(16_844_071.79, abs=0.01)
    assert "class='nplv-total' data-eur='16844071.79'" in ex.cards.value
    ex.apply_preset("zonder-plafond")  # only the allocation; 70% and the delay stay
    assert ex.controls["allocation"].value == "uncapped"
    assert ex.controls["realisation"].value == 0.7
    ex.apply_preset("basisscenario")  # all back: 20,191,794.87
    assert ex.result["gross_eur"].sum() == pytest.approx(20_191_794.87, abs=0.01)
    assert ex.controls["allocation"].value == "first_come"
    assert ex.controls["delay_years"].value == 0


def test_slider_readouts_are_dutch(ex):
    assert not ex.controls["realisation"].readout  # the built-in "1.00" is hidden
    ex.apply_preset("realisatie-70")
    assert ex.readouts["realisation"].value == "70%"
    assert ex.readouts["per_home"].value == "€ 7.000"
    assert ex.readouts["delay_years"].value == "0 jaar"
    ex.controls["delay_years"].value = 1
    assert ex.readouts["delay_years"].value == "1 jaar"
    ex.controls["delay_years"].value = 2
    assert ex.readouts["delay_years"].value == "2 jaar"
    ex.controls["orv_spend"].value = 0.85
    assert ex.readouts["orv_spend"].value == "85%"


def test_slider_readouts_in_english():
    ex = Explorer(lang="en")
    assert ex.readouts["per_home"].value == "€ 7,000"
    ex.controls["delay_years"].value = 1
    assert ex.readouts["delay_years"].value == "1 year"
    ex.controls["delay_years"].value = 2
    assert ex.readouts["delay_years"].value == "2 years"


def rs_by_year(ex) -> dict[int, float]:
    rs = ex.result[ex.result["instrument"] == "realisatiestimulans"]
    return {int(y): round(float(v), 2) for y, v in zip(rs["year"], rs["gross_eur"], strict=True)}


def test_realisation_per_year_removes_starts_and_moves_none(ex):
    ex.controls["realisation_by_year"].value = "100 70 70 100 100"
    assert ex.message.value == ""
    assert rs_by_year(ex) == {
        2026: 1_521_692.31,
        2027: 1_065_184.62,
        2028: 1_065_184.62,
        2029: 1_521_692.31,
        2030: 1_521_692.31,
    }
    assert sum(rs_by_year(ex).values()) == pytest.approx(SEVENTY_IN_2026_2027, abs=0.02)
    assert ex.result["gross_eur"].sum() == pytest.approx(
        SEVENTY_IN_2026_2027 + RIGHTS_UNDER_CEILING, abs=0.02
    )
    # the engine's scenario, only the years that differ from 100%
    assert ex.scenario().realisation == {2026: 0.7, 2027: 0.7}
    # the page says how it read the field, and that the slider waits
    assert "2025: 100% · 2026: 70% · 2027: 70% · 2028: 100% · 2029: 100%" in ex.year_note.value
    assert ex.controls["realisation"].disabled
    assert ex.readouts["realisation"].value == "per jaar (veld hieronder)"
    ex.controls["realisation"].value = 0.5  # waits: nothing changes
    assert ex.result["gross_eur"].sum() == pytest.approx(
        SEVENTY_IN_2026_2027 + RIGHTS_UNDER_CEILING, abs=0.02
    )
    ex.controls["realisation_by_year"].value = ""  # empty: the slider again, 50% every year
    assert not ex.controls["realisation"].disabled and ex.year_note.value == ""
    assert ex.readouts["realisation"].value == "50%"
    assert ex.result["gross_eur"].sum() == pytest.approx(
        0.5 * 7_608_461.54 + RIGHTS_UNDER_CEILING, abs=0.01
    )


@pytest.mark.parametrize(
    "typed",
    ["100 70 70 100 100", "100% 70% 70% 100% 100%", "1 0,7 0,7 1 1", "1; 0.7; 0.7; 1; 1"],
)
def test_realisation_per_year_in_percentages_or_shares(typed):
    assert parse_realisation(typed, YEARS) == {
        2025: 1.0,
        2026: 0.7,
        2027: 0.7,
        2028: 1.0,
        2029: 1.0,
    }


def test_realisation_per_year_reads_back():
    assert realisation_text({2026: 0.7, 2027: 0.7}, YEARS) == "100% 70% 70% 100% 100%"
    assert realisation_text({2026: 0.725}, YEARS) == "100% 72,5% 100% 100% 100%"
    assert realisation_text({2026: 0.725}, YEARS, "en") == "100% 72.5% 100% 100% 100%"
    assert parse_realisation("100% 72,5% 100% 100% 100%", YEARS)[2026] == 0.725
    # 120% in a year is a share above 1: percentages, since one number is above 1.5
    assert parse_realisation("100 120 100 100 100", YEARS)[2026] == 1.2
    assert parse_realisation("1 1,2 1 1 1", YEARS)[2026] == 1.2


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("veel", "dat zijn niet allemaal getallen"),
        ("100 70 70", "3 getallen in plaats van 5"),
        ("100 -70 70 100 100", "een getal is negatief"),
        ("100 70 200 100 100", "een jaar boven 150%"),
    ],
)
def test_realisation_per_year_is_refused_in_dutch_with_what_was_typed(ex, typed, reason):
    ex.controls["realisation_by_year"].value = typed
    assert ex.message.value.count("Dit scenario kan niet") == 1  # one message
    assert f"realisatie per jaar &quot;{typed}&quot;: {reason}" in ex.message.value
    assert "Typ 5 percentages, één per startjaar 2025–2029, bijvoorbeeld 100 70 70 100 100" in (
        ex.message.value
    )
    assert "realisation" not in ex.message.value  # no internal parameter name
    assert ex.year_note.value == ""
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)  # unchanged


def test_realisation_per_year_is_refused_in_english():
    with pytest.raises(ValueError, match="not all of these are numbers"):
        parse_realisation("many", YEARS, "en")
    with pytest.raises(ValueError, match='realisation per year "1 2": 2 numbers instead of 5'):
        parse_realisation("1 2", YEARS, "en")


def test_starts_per_year_are_used_as_given(ex):
    # 100 ... 500 affordable starts x EUR 7,000, no 100/130 correction: 0.7, 1.4, 2.1, 2.8 and
    # 3.5 mln paid in 2026-2030 (issue 23); a year late the 500 starts of 2029 earn nothing: 7.0
    ex.controls["starts"].value = "100 200 300 400 500"
    assert ex.message.value == ""
    assert rs_by_year(ex) == {
        2026: 700_000,
        2027: 1_400_000,
        2028: 2_100_000,
        2029: 2_800_000,
        2030: 3_500_000,
    }
    assert ex.scenario().starts == {2025: 100, 2026: 200, 2027: 300, 2028: 400, 2029: 500}
    assert "2025: 100 · 2026: 200 · 2027: 300 · 2028: 400 · 2029: 500" in ex.year_note.value
    href = "starts=2025:100,2026:200,2027:300,2028:400,2029:500&amp;area=heerlen-noord"
    assert f"href='?{href}'" in ex.share.value
    ex.controls["delay_years"].value = 1
    assert sum(rs_by_year(ex).values()) == pytest.approx(7_000_000)
    # 300 a year: 1,500 x 7,000 = 10.5 mln, above the estimate's 8.0 mln: flagged, not capped
    ex.controls["delay_years"].value = 0
    ex.controls["starts"].value = "300 300 300 300 1.200"  # Dutch: 1.200 is twelve hundred
    assert ex.scenario().starts[2029] == 1200
    ex.controls["starts"].value = "300 300 300 300 300"
    rs = ex.figures().set_index("instrument").loc["realisatiestimulans"]
    assert rs["scenario_eur"] == pytest.approx(10_500_000)
    assert rs["flag"] == "flag.above_estimate"
    ex.apply_preset("basisscenario")
    assert ex.controls["starts"].value == "" and ex.year_note.value == ""


def test_starts_per_year_load_back_from_a_file_and_a_link(ex):
    ex.controls["starts"].value = "100 200 300 400 500"
    # realisation applies to given starts too: 0.5 x 1,500 x 7,000 = 5.25 mln
    ex.controls["realisation"].value = 0.5
    ex.export()
    saved = linked(ex, ".yaml").decode("utf-8")
    assert "starts:\n  2025: 100\n  2026: 200\n  2027: 300\n  2028: 400\n  2029: 500\n" in saved
    by_file, by_link = Explorer(), Explorer()
    by_file.open_file(saved.encode("utf-8"))
    by_link.open_query(ex.share.value.split("href='?", 1)[1].split("'", 1)[0].replace("&amp;", "&"))
    for other in (by_file, by_link):
        assert other.message.value == ""
        assert other.controls["starts"].value == "100 200 300 400 500"
        assert sum(rs_by_year(other).values()) == pytest.approx(5_250_000)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("veel", "dat zijn niet allemaal getallen"),
        ("300.5 1 1 1 1", "dat zijn niet allemaal getallen"),  # Dutch: a decimal comma
        ("100 200", "2 getallen in plaats van 5"),
        ("100 -200 300 400 500", "een getal is negatief"),
    ],
)
def test_starts_per_year_are_refused_in_dutch_with_what_was_typed(ex, typed, reason):
    ex.controls["starts"].value = typed
    assert ex.message.value.count("Dit scenario kan niet") == 1
    assert f"starts per jaar &quot;{typed}&quot;: {reason}. Typ 5 aantallen" in ex.message.value
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)


def test_starts_per_year_in_english_and_for_one_area_only():
    ex = Explorer(lang="en")
    ex.controls["starts"].value = "1,200 12.5 0 0 0"
    assert ex.scenario().starts == {2025: 1200, 2026: 12.5, 2027: 0, 2028: 0, 2029: 0}
    assert "2025: 1,200 · 2026: 12.5 · 2027: 0" in ex.year_note.value
    ex.controls["area"].value = "__all__"
    assert "starts per year apply to one area: choose an area, or empty the field" in (
        ex.message.value
    )


def test_orv_and_capacity_later(ex):
    # ORV 10 mln and capacity 4.3 mln spent evenly over 2025-2029, a year later: 2029's fifth
    # falls past the window (A30); every area's claims are a fifth lower, 160 and 48 mln, under
    # the ceilings of 180 and 50 mln, so all is paid: 8.0 + 3.44 mln
    ex.apply_preset("orv-later")
    assert ex.controls["spend_delay_years"].value == 1
    assert ex.readouts["spend_delay_years"].value == "1 jaar"
    assert ex.controls["delay_years"].value == 0  # the starts on time
    assert ex.result["gross_eur"].sum() == pytest.approx(7_608_461.54 + 11_440_000, abs=0.01)
    orv = ex.result[ex.result["instrument"] == "orv"].set_index("year")["gross_eur"]
    assert orv.get(2026, 0.0) == 0  # the first ORV cost in 2026, reimbursed in 2027
    assert orv.sum() == pytest.approx(8_000_000)
    ex.apply_preset("basisscenario")
    assert ex.controls["spend_delay_years"].value == 0


def test_national_view_adds_up_per_instrument(ex):
    ex.controls["area"].value = "__all__"
    table = ex.table.value
    # no total mixing a per-area estimate with national sums of another scope
    assert "Totaal" not in table and "nplv-total'" not in table
    assert "overige NPLV-gebieden" in table
    # the national sums are the ceilings (by hand: ORV 180 mln, capacity 50 mln), and equal
    # engine.national's paid sums
    nat = national(Scenario()).groupby("instrument")["paid_eur"].sum()
    assert nat["orv"] == pytest.approx(180_000_000) and nat["capaciteit"] == pytest.approx(50e6)
    assert "<b class='nplv-national-orv' data-eur='180000000.00'>€ 180,0 mln</b>" in table
    assert "<b class='nplv-national-capaciteit' data-eur='50000000.00'>€ 50,0 mln</b>" in table
    assert "plafond: € 180,0 mln" in table and "plafond: € 50,0 mln" in table
    # the areas' rows add up to the national sum: 9,000,000 + 171,000,000
    assert "€ 9,0 mln" in table and "€ 171,0 mln" in table
    assert "€ 3,6 mln" in table and "€ 46,4 mln" in table
    assert "€ 7,6 mln" in table  # the estimate stays with its area
    assert "€ 267,6 mln" not in table and "€ 267,6 mln" not in ex.cards.value
    # the big figures: per instrument, each of its own scope, no total
    figures = ex.figures().set_index("instrument")
    assert list(figures.index) == ["realisatiestimulans", "orv", "capaciteit"]
    assert list(figures["scope"]) == ["areas", "national", "national"]
    assert figures.at["orv", "scenario_eur"] == pytest.approx(180_000_000)
    assert figures.at["capaciteit", "scenario_eur"] == pytest.approx(50_000_000)
    assert "nplv-total" not in ex.cards.value


def test_export(ex):
    ex.controls["delay_years"].value = 1
    ex.name.value = "Kamer 3: één jaar later?"
    files = ex.export()
    # named after the scenario, a name every system takes (issue 24)
    assert list(files) == [
        "Kamer-3-één-jaar-later.xlsx",
        "Kamer-3-één-jaar-later.csv",
        "Kamer-3-één-jaar-later.png",
        "Kamer-3-één-jaar-later.yaml",
    ]
    files = {name.rsplit(".", 1)[1]: data for name, data in files.items()}
    # the CSV opens in Dutch Excel: BOM, ";" and a decimal comma; 6,086,769.23 / 4 a year
    # the scenario first (its name, area, day and fields in words), then the payments
    csv = files["csv"].decode("utf-8")
    assert csv.startswith("\ufeffparameter;waarde;veld (rekenmodule);waarde (rekenmodule)\r\n")
    assert "\r\nGebied;Heerlen Noord;area;heerlen-noord\r\n" in csv
    assert "\r\nvertraging (jaren);1;delay_years;1\r\n" in csv
    assert "\r\n\r\ngebied;instrument;jaar;bruto, incl. btw (€);netto (€)\r\n" in csv
    assert csv.count("\ufeff") == 1
    # in words, as in the workbook (issue 24): the area's name, the instrument's
    assert "\r\nHeerlen Noord;Realisatiestimulans;2027;1521692,31;1521692,31\r\n" in csv
    book = pd.read_excel(io.BytesIO(files["xlsx"]), sheet_name=None)
    assert list(book) == ["scenario", "uitbetalingen", "totalen", "bronnen"]
    scenario = book["scenario"].set_index("veld (rekenmodule)")
    assert scenario.at["delay_years", "waarde"] == "1"
    assert scenario.at["delay_years", "parameter"] == "vertraging (jaren)"
    assert scenario.at["realisation", "waarde"] == "100%"
    assert scenario.at["realisation", "waarde (rekenmodule)"] == 1  # a number, not text
    # the default rule is an assumption (A22), and says so
    assert scenario.at["allocation", "waarde"] == "wie het eerst komt (basisscenario; aanname A22)"
    assert scenario.at["area", "waarde"] == "Heerlen Noord"
    assert book["uitbetalingen"]["bruto, incl. btw (€)"].sum() == pytest.approx(
        6_086_769.23 + RIGHTS_UNDER_CEILING, abs=0.01
    )
    titles = set(book["bronnen"]["titel"])  # by title, no source ids (issue 24)
    assert "“Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord”" in titles  # as written
    assert files["png"][:8] == b"\x89PNG\r\n\x1a\n"
    assert ex.downloads.value.count("download=") == 4
    assert ex.downloads.value.index(".xlsx") < ex.downloads.value.index(".csv")


def test_chart_is_redrawn_in_place(ex):
    bars = ex._bars
    ex.controls["realisation"].value = 0.5
    assert ex._bars is bars  # same bars, new heights
    heights = [round(r.get_height(), 6) for r in bars["realisatiestimulans"]]
    assert heights == [round(0.5 * 7_608_461.54 / 5 / 1e6, 6)] * 5


def linked(ex, suffix: str) -> bytes:
    """The file behind a download link in the page (a data URI) whose name ends so."""
    match = re.search(
        rf"download='[^']*{re.escape(suffix)}' href='data:[^;]+;base64,([^']+)'",
        ex.downloads.value,
    )
    assert match, f"no link to a {suffix} file"
    return base64.b64decode(match.group(1))


def test_export_links_are_never_stale(ex):
    ex.export()
    book = pd.read_excel(io.BytesIO(linked(ex, ".xlsx")), sheet_name="uitbetalingen")
    assert book["bruto, incl. btw (€)"].sum() == pytest.approx(AGREEMENT, abs=0.01)
    ex.controls["delay_years"].value = 1  # a change clears the links of the old scenario
    assert ex.downloads.value == ""
    ex.export()
    book = pd.read_excel(io.BytesIO(linked(ex, ".xlsx")), sheet_name=None)
    assert book["scenario"].set_index("veld (rekenmodule)")["waarde"]["delay_years"] == "1"
    assert book["uitbetalingen"]["bruto, incl. btw (€)"].sum() == pytest.approx(
        6_086_769.23 + RIGHTS_UNDER_CEILING, abs=0.01
    )
    # a refused scenario has no export at all
    ex.controls["realisation_by_year"].value = "veel"
    assert ex.export() == {} and ex.downloads.value == ""


def test_saved_scenario_loads_back_to_the_same_totals(ex):
    ex.apply_preset("realisatie-70")
    ex.apply_preset("vertraging")
    ex.controls["allocation"].value = "pro_rata"
    ex.name.value = "workshop 1"
    saved = linked(ex, ".yaml") if ex.export() else b""
    # the amount per home stays the data's; the name is the one typed
    assert saved.decode("utf-8") == (
        "name: workshop 1\nrealisation: 0.7\ndelay_years: 1\nallocation: pro_rata\n"
    )
    total = ex.result["gross_eur"].sum()
    table = ex.table.value
    other = Explorer()
    other.open_file(saved, "nplv-scenario.yaml")
    assert other.message.value == ""
    assert other.result["gross_eur"].sum() == pytest.approx(total, abs=0.01)
    assert other.table.value == table
    assert other.name.value == "workshop 1"
    assert other.controls["delay_years"].value == 1


def test_saved_realisation_per_year_spend_delay_and_amount_load_back(ex):
    # 7,500 a home: 7,608,461.54 x 7,500/7,000 = 8,151,923.08; 70% in 2026 and 2027: x 4.4/5
    # = 7,173,692.31; ORV and capacity a year late: 8.0 + 3.44 mln (test_orv_and_capacity_later)
    ex.controls["per_home"].value = 7500
    ex.controls["realisation_by_year"].value = "100 70 70 100 100"
    ex.controls["spend_delay_years"].value = 1
    ex.name.value = "kamer 3"
    assert ex.result["gross_eur"].sum() == pytest.approx(7_173_692.31 + 11_440_000, abs=0.02)
    ex.export()
    saved = linked(ex, ".yaml")
    assert saved.decode("utf-8") == (
        "name: kamer 3\nrealisation:\n  2026: 0.7\n  2027: 0.7\nper_home: 7500.0\n"
        "spend_delay_years: 1\n"
    )
    book = pd.read_excel(io.BytesIO(linked(ex, ".xlsx")), sheet_name="scenario")
    row = book.set_index("veld (rekenmodule)").loc["realisation"]
    assert row["waarde"] == "2026: 70%, 2027: 70% (andere jaren 100%)"
    assert row["waarde (rekenmodule)"] == "2026: 0.7, 2027: 0.7"
    other = Explorer()
    other.open_file(saved)
    assert other.message.value == ""
    assert other.controls["realisation_by_year"].value == "100% 70% 70% 100% 100%"
    assert other.controls["realisation"].disabled
    assert other.controls["per_home"].value == 7500
    assert other.controls["spend_delay_years"].value == 1
    assert other.result["gross_eur"].sum() == pytest.approx(ex.result["gross_eur"].sum(), abs=0.01)
    # a preset that sets the realisation empties the field: one share for every year again
    other.apply_preset("realisatie-70")
    assert other.controls["realisation_by_year"].value == ""
    assert not other.controls["realisation"].disabled
    assert other.controls["spend_delay_years"].value == 1  # presets combine


def test_weights_and_years_the_explorer_cannot_show_are_refused_in_dutch(ex):
    # the engine takes them; the explorer has no control for them: one message, nothing changes
    ex.open_file(b"name: x\nprofile: [0.3, 0.25, 0.2, 0.15, 0.1]\n", "w.yaml")
    assert "profile = (0.3, 0.25, 0.2, 0.15, 0.1): daar heeft de verkenner geen knop voor" in (
        ex.message.value
    )
    ex.open_file(b"name: x\nrealisation: {2024: 0.5}\n", "r.yaml")
    assert "realisation = {2024: 0.5}: daar heeft de verkenner geen knop voor" in ex.message.value
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)


def test_the_default_name_is_area_and_date(ex):
    """The day written as the reader writes it ("6 december 2026"), not as an ISO date."""
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    assert re.fullmatch(rf"Heerlen Noord \d{{1,2}} ({months}|december) \d{{4}}", ex.scenario_name())
    english = Explorer(lang="en").scenario_name()
    assert re.fullmatch(r"Heerlen Noord \d{1,2} [A-Z][a-z]+ \d{4}", english)
    assert english.split()[3] in [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]


def test_an_english_workshop_names_its_sources_in_english():
    """Issue 24: the sources under the chart in the reader's language (dates too), no package
    or file name: "24 June 2025", not "24 juni 2025", "data/sources.yaml" or "nplv_analysis"."""
    note = Explorer(lang="en").chart_labels(Explorer(lang="en").scenario())["source_note"]
    assert "(24 June 2025), p. 6, 7, 8; computed with the NPLV analysis on " in note
    every = Explorer(area_id="__all__", lang="en")
    note = " ".join(every.chart_labels(every.scenario())["source_note"].split())  # wrapped
    assert "(see the table and the sources sheet of the Excel export); computed with" in note
    for wrong in ("juni", "sources.yaml", "nplv_analysis"):
        assert wrong not in note


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (b"name: x\nrealisation: 9\n", "regel 2, veld &#x27;realisation&#x27;: realisation=9"),
        (b"name: x\nrealisation: 9\n", "toegestaan is 0 tot en met 1,5"),
        (b"name: x\nprofile: [0.5, 0.6]\n", "de gewichten moeten samen 1 zijn"),
        (b"realisation: <b>\n", "een naam is nodig"),
        (b"name: x\ncost_inflation: 0.02\n", "cost_inflation = 0.02: daar heeft de verkenner"),
        (b"name: x\ndelay_years: 8\n", "delay_years = 8"),
        (b"\xff\xfe", "regel 1: geen UTF-8-tekst"),
    ],
)
def test_a_faulty_scenario_file_shows_its_message(ex, text, shown):
    ex.open_file(text, "w.yaml")
    assert "Dit scenariobestand kan niet worden geopend" in ex.message.value
    assert shown in ex.message.value
    assert "<b>\n" not in ex.message.value and "Traceback" not in ex.message.value
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)  # unchanged


def test_the_upload_widget_opens_a_file(ex):
    upload = {
        "name": "s.yaml",
        "type": "",
        "size": 22,
        "content": memoryview(b"name: s\ndelay_years: 1\n"),
        "last_modified": datetime.now(UTC),
    }
    ex.upload.value = (upload,)
    assert ex.controls["delay_years"].value == 1
    assert ex.name.value == "s"
    assert ex.upload.value == ()  # the same file can be opened again


AREAS = ("heerlen-noord", "rotterdam-zuid")


def test_parse_query():
    assert parse_query("realisation=0.7&delay_years=1&area=heerlen-noord", AREAS) == {
        "realisation": 0.7,
        "delay_years": 1,
        "area": "heerlen-noord",
    }
    assert parse_query("?allocation=uncapped&profile=front&template=lab", AREAS) == {
        "allocation": "uncapped",
        "profile": "front",
    }
    assert parse_query("profile=0.3,0.25,0.2,0.15,0.1&per_home=7500") == {
        "profile": (0.3, 0.25, 0.2, 0.15, 0.1),
        "per_home": 7500.0,
    }
    assert parse_query("realisation=2026:0.7,2027:0.7&spend_delay_years=1", AREAS) == {
        "realisation": {2026: 0.7, 2027: 0.7},
        "spend_delay_years": 1,
    }
    assert parse_query("starts=2025:300,2026:420.5", AREAS) == {
        "starts": {2025: 300, 2026: 420.5},
    }
    assert parse_query("") == {}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("realisation=2", "realisation=2.0: toegestaan is 0 tot en met 1,5"),
        ("realisation=2026:1.7", "het aandeel voor 2026 moet een getal zijn, 0 tot en met 1,5"),
        ("realisation=2026:0.7,2026:0.8", "geen waarden per jaar zoals 2026:0.7,2027:0.7"),
        ("realisation=2026:0,7", "geen waarden per jaar"),
        ("starts=2025:3e2", "starts=2025:3e2: geen waarden per jaar zoals 2025:300,2026:420"),
        ("starts=2025:-1", "geen waarden per jaar"),
        (
            "starts=2025:2000000",
            "de starts voor 2025 moeten een getal zijn, 0 tot en met 1.000.000",
        ),
        ("realisation=1999:0.7", "1999 is geen jaar van 2000 tot en met 2050"),
        ("spend_delay_years=11", "toegestaan is 0 tot en met 10 jaar"),
        ("spend_delay_years=-1", "spend_delay_years=-1: geen getal"),
        ("realisation=0,7", "realisation=0,7: geen getal"),
        ("delay_years=1.5", "delay_years=1.5: geen getal"),
        ("delay=1", "onbekende parameter delay"),
        ("area=atlantis", "onbekend gebied atlantis"),
        ("allocation=fair", "allocation='fair'"),
        ("profile=0.5,0.6", "de gewichten moeten samen 1 zijn"),
        ("delay_years=1&delay_years=2", "delay_years staat twee keer in de link"),
    ],
)
def test_parse_query_refuses_with_the_engines_message(query, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_query(query, AREAS)


def test_parse_query_refuses_in_english_for_an_english_page():
    with pytest.raises(ValueError, match=re.escape("realisation=2.0: allowed is 0 to 1.5")):
        parse_query("realisation=2", AREAS, "en")


def test_share_query_reads_back():
    scenario = Scenario(realisation=0.7, delay_years=1, profile=(0.3, 0.25, 0.2, 0.15, 0.1))
    query = share_query(scenario, "heerlen-noord")
    assert query == "realisation=0.7&profile=0.3,0.25,0.2,0.15,0.1&delay_years=1&area=heerlen-noord"
    back = parse_query(query, AREAS)
    assert Scenario(**{k: v for k, v in back.items() if k != "area"}) == scenario
    by_year = Scenario(realisation={2026: 0.7, 2027: 0.7}, spend_delay_years=1)
    query = share_query(by_year, "heerlen-noord")
    assert query == "realisation=2026:0.7,2027:0.7&spend_delay_years=1&area=heerlen-noord"
    back = parse_query(query, AREAS)
    assert Scenario(**{k: v for k, v in back.items() if k != "area"}) == by_year


def test_a_link_with_a_realisation_per_year_opens_it(ex):
    ex.controls["realisation_by_year"].value = "100 70 70 100 100"
    ex.controls["spend_delay_years"].value = 1
    href = "realisation=2026:0.7,2027:0.7&amp;spend_delay_years=1&amp;area=heerlen-noord"
    assert f"href='?{href}'" in ex.share.value
    other = Explorer()
    other.open_query(href.replace("&amp;", "&"))
    assert other.message.value == ""
    assert other.controls["realisation_by_year"].value == "100% 70% 70% 100% 100%"
    assert other.controls["spend_delay_years"].value == 1
    # 6,695,446.15 and ORV and capacity a year late: 8.0 + 3.44 mln
    assert other.result["gross_eur"].sum() == pytest.approx(
        SEVENTY_IN_2026_2027 + 11_440_000, abs=0.02
    )


def test_a_link_opens_its_scenario_and_the_page_offers_one(ex):
    ex.open_query("realisation=0.7&delay_years=1&area=heerlen-noord")
    assert ex.message.value == ""
    assert ex.result["gross_eur"].sum() == pytest.approx(16_844_071.79, abs=0.01)
    assert "href='?realisation=0.7&amp;delay_years=1&amp;area=heerlen-noord'" in ex.share.value
    assert "Deel als link" in ex.share.value
    ex.open_query("realisation=9&area=<script>")
    assert "Deze link kan niet worden geopend" in ex.message.value
    assert "realisation=9.0: toegestaan is 0 tot en met 1,5" in ex.message.value
    assert "&lt;script&gt;" in ex.message.value and "<script>" not in ex.message.value
    assert ex.controls["realisation"].value == 0.7  # unchanged


def test_big_figures_against_the_agreement(ex):
    # realisation 50%: 0.5 x 7,608,461.54 = 3,804,230.77, below the estimate 5.3-8.0 mln
    ex.controls["realisation"].value = 0.5
    figures = ex.figures().set_index("instrument")
    rs = figures.loc["realisatiestimulans"]
    assert rs["scenario_eur"] == pytest.approx(3_804_230.77, abs=0.01)
    assert rs["agreement_eur"] == pytest.approx(7_608_461.54, abs=0.01)
    assert rs["difference_eur"] == pytest.approx(-3_804_230.77, abs=0.01)
    assert rs["flag"] == "flag.below_estimate"
    assert (rs["low"], rs["high"]) == (5_300_000, 8_000_000)
    assert figures.at["orv", "difference_eur"] == 0 and pd.isna(figures.at["orv", "flag"])
    assert figures.at["totaal", "difference_eur"] == pytest.approx(-3_804_230.77, abs=0.01)
    cards = ex.cards.value
    # the difference printed with a minus sign (U+2212) and coloured as a loss
    assert "nplv-difference-minus' data-eur='-3804230.77'" in cards
    assert "\u2212 € 3,8 mln" in cards and "color:#B3261E" in cards
    assert "⚠ onder de inschatting" in cards
    assert "inschatting (afspraak): € 5,3 mln – € 8,0 mln" in cards
    assert "basisscenario (berekend): € 7,6 mln" in cards
    assert "tegenover het basisscenario" in cards and "tegenover de afspraak" not in cards
    # 110%: 1.1 x 7,608,461.54 = 8,369,307.69, above 8.0 mln: + 760,846.15
    ex.controls["realisation"].value = 1.1
    rs = ex.figures().set_index("instrument").loc["realisatiestimulans"]
    assert rs["flag"] == "flag.above_estimate"
    assert "+ € 0,8 mln" in ex.cards.value and "nplv-difference-plus" in ex.cards.value
    # within the range: no flag, and the agreement itself shows no difference
    ex.controls["realisation"].value = 1.0
    assert ex.figures()["flag"].isna().all()
    assert ex.cards.value.count("± € 0,0 mln") == 4
    assert "⚠" not in ex.cards.value


def test_national_figures_move_with_the_claims(ex):
    # half the ORV spent everywhere: 0.5 x 200 mln of drawing rights = 100 mln, under the
    # ceiling of 180 mln, so all is paid: 80 mln less than the agreement's 180 mln
    ex.controls["area"].value = "__all__"
    ex.controls["orv_spend"].value = 0.5
    orv = ex.figures().set_index("instrument").loc["orv"]
    assert orv["scenario_eur"] == pytest.approx(100_000_000)
    assert orv["difference_eur"] == pytest.approx(-80_000_000)
    assert "\u2212 € 80,0 mln" in ex.cards.value
    assert "plafond: € 180,0 mln" in ex.cards.value


def test_the_page_names_the_area_and_the_chart_what_it_draws(ex):
    assert "Heerlen Noord: wat verandert er tegenover het basisscenario?" in ex.heading.value
    ex.controls["realisation"].value = 0.7
    labels = ex.chart_labels(ex.scenario())
    assert labels["area_label"] == "Heerlen Noord"
    assert labels["scenario_label"] == "realisatie 70%"
    assert (
        "p. 6, 7, 8" in labels["source_note"]
        and "berekend met de NPLV-analyse op" in (labels["source_note"])
    )
    ex.name.value = "kamer 2"
    assert "scenario: kamer 2" in ex.chart_title
    assert ex.chart_title.startswith("Uitbetalingen per jaar (berekend), bruto (incl. btw)\n")


def _pixels(png: bytes):
    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def test_blitting_draws_what_a_full_redraw_draws():
    fast, full = Explorer(), Explorer(redraw="rebuild")
    for value in (0.3, 0.95, 0.5):  # below the agreement: the scale stays, bars are blitted
        fast.controls["realisation"].value = value
    full.controls["realisation"].value = 0.5
    assert fast._bars is not None and "background" in fast._bars
    assert (_pixels(fast.image.value) == _pixels(full.image.value)).all()
    # and the exported PNG holds every bar, at the export's resolution
    png = [[v for k, v in e.export().items() if k.endswith(".png")] for e in (fast, full)]
    assert png[0] == png[1]
    # and blitting goes on after the export drew the figure at another resolution
    fast.controls["realisation"].value = 0.6
    full.controls["realisation"].value = 0.6
    assert (_pixels(fast.image.value) == _pixels(full.image.value)).all()


def test_the_presets_are_the_shipped_scenario_files(ex):
    from nplv_analysis.engine import load_scenario
    from nplv_analysis.engine.files import scenario_key

    folder = Path(__file__).resolve().parents[1] / "data" / "scenarios"
    files = sorted(folder.glob("*.yaml"))
    keys = [scenario_key(f) for f in files]
    # the base scenario's button last, the others in the order of the files
    assert list(ex.buttons) == [k for k in keys if k != "basisscenario"] + ["basisscenario"]
    for key, path in zip(keys, files, strict=True):
        named = load_scenario(path)
        assert ex.presets[key].scenario == named.scenario
        if key != "basisscenario":
            assert ex.buttons[key].description == named.title("nl")
    assert ex.buttons["basisscenario"].description == "terug naar het basisscenario"
    # its tooltip names the allocation rule as an assumption, with the agreement's only words
    tooltip = ex.buttons["basisscenario"].tooltip
    assert "Die verdeelregel is een aanname (A22)" in tooltip
    assert '"Dit stimuleert gemeenten om aan de slag te gaan"' in tooltip
    assert ex.buttons["vertraging"].description == "starts 1 jaar later"
    # the file combining the risks is one button: 0.7 x 4/5 x 7,608,461.54 = 4,260,738.46, and
    # ORV and capacity a year late, 2029's fifth past the window: 8.0 + 3.44 mln (A30)
    ex.apply_preset("realisatie-70-en-vertraging")
    assert ex.result["gross_eur"].sum() == pytest.approx(15_700_738.46, abs=0.01)


def test_a_faulty_scenario_folder_leaves_the_agreement_and_says_why(tmp_path):
    import shutil

    data = Path(__file__).resolve().parents[1] / "data"
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    (copy / "scenarios" / "9-kapot.yaml").write_text("name: x\nrealisation: 9\n", encoding="utf-8")
    ex = Explorer(data_dir=copy)
    assert list(ex.buttons) == ["basisscenario"]
    assert "9-kapot.yaml: regel 2, veld &#x27;realisation&#x27;" in ex.message.value  # escaped
    assert ex.result["gross_eur"].sum() == pytest.approx(AGREEMENT, abs=0.01)


def test_the_scale_holds_over_the_whole_realisation_slider():
    # Heerlen Noord's highest bar of the agreement (2026-2029): realisatiestimulans 1,521,692.31
    # + ORV 2,000,000 + capacity 860,000 (first come, the ceiling reached in 2030); at the
    # highest realisation, 150%: 2,282,538.46 + 2,860,000 = 5,142,538.46, with 10% headroom
    # the top at 5.6568 mln, whatever the slider does between 0% and 150%
    fast, full = Explorer(), Explorer(redraw="rebuild")
    assert fast.ax.get_ylim()[1] == pytest.approx(1.1 * 5.14253846, abs=1e-6)
    background = fast._bars["background"]
    for value in (1.05, 1.5, 0.0, 0.95, 1.2):  # above and below the agreement, both ways
        fast.controls["realisation"].value = value
    fast.controls["realisation_by_year"].value = "150 150 150 150 150"  # = realisation 1.5
    assert fast.scenario().realisation == 1.5
    fast.controls["realisation_by_year"].value = "100 120 100 100 100"
    assert fast._bars["background"] is background  # blitted every time: not drawn anew
    full.controls["realisation_by_year"].value = "100 120 100 100 100"
    assert (_pixels(fast.image.value) == _pixels(full.image.value)).all()
    # beyond: EUR 15,000 a home at 150% is 1,521,692.31 x 1.5 x 15/7 = 4,891,153.85 a year +
    # 2,860,000 = 7.7512 mln, x 1.1 = 8.53 mln: above 5.6568 x 1.5 = 8.49, so two steps
    fast.controls["realisation_by_year"].value = ""
    fast.controls["realisation"].value = 1.5
    fast.controls["per_home"].value = 15000
    assert fast.ax.get_ylim()[1] == pytest.approx(1.1 * 5.14253846 * 1.5**2, abs=1e-6)
    background = fast._bars["background"]
    # EUR 14,750: 2,282,538.46 x 14,750/7,000 = 4,809,634.62 + 2,860,000 = 7.6696 mln, x 1.1 =
    # 8.44 mln, under 8.49: one step lower
    fast.controls["per_home"].value = 14750
    assert fast.ax.get_ylim()[1] == pytest.approx(1.1 * 5.14253846 * 1.5, abs=1e-6)
    fast.controls["per_home"].value = 15000
    assert fast._bars["background"] is not background  # the step changed twice: drawn anew
    full.controls["realisation_by_year"].value = ""
    full.controls["realisation"].value = 1.5
    full.controls["per_home"].value = 15000
    assert (_pixels(fast.image.value) == _pixels(full.image.value)).all()


def test_the_residual_claimant_is_called_inferred(ex):
    # "overige NPLV-gebieden": 200 - 10 = 190 mln of ORV rights, inferred from "ruim 200 mln"
    # (A12), not a drawing right the agreement prints
    ex.controls["area"].value = "__all__"
    table = ex.table.value
    row = next(r for r in table.split("<tr>") if "overige NPLV-gebieden" in r and "171,0" in r)
    assert "afgeleid: € 190,0 mln" in row and "trekkingsrecht" not in row


def test_the_difference_has_the_exact_amount_as_tooltip(ex):
    ex.controls["realisation"].value = 0.5  # - 3,804,230.77
    assert "title='€ -3.804.231'" in ex.cards.value


def test_a_faulty_file_is_named_next_to_the_open_button(ex):
    ex.open_file(b"name: x\nrealisaton: 0.5\n", "typo.yaml")
    assert "typo.yaml: regel 2, veld &#x27;realisaton&#x27;: onbekend veld" in (
        ex.file_message.value
    )
    ex.open_file(b"name: goed\nrealisation: 0.5\n", "goed.yaml")
    assert ex.file_message.value == "" and ex.name.value == "goed"


# --- issue 28: names, values and the chart as text; issue 24: numbers as typed, file names -----


def test_the_chart_has_a_text_alternative_that_follows_the_scenario(ex):
    text = ex.chart_text.value
    # Heerlen Noord, base scenario: 7,608,461.54 over the starts of 2025-2029, paid a year
    # later, 2026-2030 (1,521,692.31 a year); ORV 9.0 mln, capacity 3,583,333.33
    assert "scenario: basisscenario (berekend)" in text
    assert "Per jaar van 2026 tot en met 2030" in text
    assert (
        "Realisatiestimulans: € 7,6 mln, uitbetaald in 2026–2030; ± € 0,0 mln tegenover het "
        "basisscenario (€ 7,6 mln); inschatting (afspraak): € 5,3 mln – € 8,0 mln"
    ) in text
    assert "<th scope='row'>2026</th><td>€ 1,5 mln (basisscenario: € 1,5 mln)</td>" in text
    ex.apply_preset("vertraging")
    text = ex.chart_text.value
    # a year late: the 2029 starts fall out, 4/5 x 7,608,461.54 = 6,086,769.23, paid 2027-2030;
    # - 1,521,692.31 against the base scenario, and nothing in 2026
    assert "scenario: 1 jaar vertraging" in text
    assert (
        "Realisatiestimulans: € 6,1 mln, uitbetaald in 2027–2030; − € 1,5 mln tegenover het "
        "basisscenario (€ 7,6 mln)"
    ) in text
    assert "<th scope='row'>2026</th><td>€ 0,0 mln (basisscenario: € 1,5 mln)</td>" in text
    # 6,086,769.23 + 12,583,333.33 = 18,670,102.56; - 1,521,692.31
    assert "Totaal: € 18,7 mln, uitbetaald in 2026–2030; − € 1,5 mln" in text
    assert "data-alt='Staafdiagram: Uitbetalingen per jaar (berekend)" in text
    assert "1 jaar vertraging. De bedragen staan in de tekst na de grafiek.'" in text
    # the text comes right after the chart in reading order
    children = list(ex.widget.children)
    assert children.index(ex.chart_text) == children.index(ex.image) + 1


def test_the_chart_text_in_english_and_for_all_areas():
    ex = Explorer(area_id="__all__", lang="en")
    text = ex.chart_text.value
    # the ceilings used up: ORV 180 mln and capacity 50 mln paid nationally
    assert "ORV (public space, facilities), paid nationally: € 180.0 mln, paid in 2026–2030" in text
    assert "Capaciteit (staff capacity), paid nationally: € 50.0 mln" in text
    assert "Per year from 2026 to 2030" in text


def test_every_slider_value_has_the_text_the_page_shows():
    ex = Explorer()
    texts = {k: dict((v, s) for v, s in pairs) for k, pairs in ex.value_texts().items()}
    assert set(texts) == {
        "nplv-realisation",
        "nplv-delay-years",
        "nplv-per-home",
        "nplv-orv-spend",
        "nplv-capacity-spend",
        "nplv-spend-delay-years",
    }
    assert len(texts["nplv-realisation"]) == 31  # 0 to 1.5 in steps of 0.05
    assert texts["nplv-realisation"][0.85] == "85%"
    assert texts["nplv-realisation"][1.5] == "150%"
    assert texts["nplv-per-home"][7000] == "€ 7.000"
    assert texts["nplv-delay-years"][1] == "1 jaar"
    assert texts["nplv-capacity-spend"][0.05] == "5%"
    english = {k: dict(p) for k, p in Explorer(lang="en").value_texts().items()}
    assert english["nplv-delay-years"][2] == "2 years"
    assert english["nplv-per-home"][12250] == "€ 12,250"
    assets = ex.page_assets()
    assert '[0.85, "85%"]' in assets and "__NPLV_VALUE_TEXTS__" not in assets
    assert not re.search(r"https?://", assets)  # nothing from another host


def test_a_slider_value_is_kept_as_the_reader_sees_it(ex):
    # the browser adds steps of 0.05 with float noise: 17 steps are 0.8500000000000001
    ex.controls["realisation"].value = 0.05 * 17
    assert ex.controls["realisation"].value != 0.85
    assert ex.scenario().realisation == 0.85
    assert "realisation=0.85&amp;" in ex.share.value
    ex.export()
    assert linked(ex, ".yaml").decode("utf-8").endswith("realisation: 0.85\n")


def test_typed_decimals_are_shown_as_typed(ex):
    ex.controls["realisation_by_year"].value = "22,5 22,5 22,5 22,5 22,5"
    assert ex.scenario().realisation == 0.225
    assert "scenario: realisatie 22,5%" in ex.chart_title
    ex.controls["realisation_by_year"].value = ""
    ex.controls["starts"].value = "300 420 1.200 0 12,5"
    assert "2029: 12,5 starts" in " ".join(ex.chart_title.split())


def test_the_allocation_rule_of_the_base_scenario_is_marked_as_an_assumption():
    options = dict(Explorer().controls["allocation"].options)
    assert options["wie het eerst komt (basisscenario; aanname A22)"] == "first_come"
    assert options["naar rato"] == "pro_rata"
    english = dict(Explorer(lang="en").controls["allocation"].options)
    assert english["first come, first served (base scenario; assumption A22)"] == "first_come"


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("Heerlen Noord 2026-12-06", "Heerlen-Noord-2026-12-06"),
        ("../../etc/passwd", "etc-passwd"),
        ('a<b>c:"d"|e?*f\\g', "a-b-c-d-e-f-g"),
        ("nul", "scenario-nul"),
        ("...", "scenario"),
        ("x" * 200, "x" * 60),
        ("rij\u0000\u001b[2J", "rij-2J"),
    ],
)
def test_export_file_names_are_safe(name, stem):
    from nplv_analysis.apps.explorer import file_stem

    assert file_stem(name) == stem
