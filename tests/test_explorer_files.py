"""The explorer's scenario files, exports and links, without a browser (split from
test_explorer.py, whose constants and fixture it shares, so that the two run on two workers)."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from nplv_analysis.apps.explorer import (
    Explorer,
    parse_query,
    share_query,
)
from nplv_analysis.engine import Scenario

from .test_explorer import (
    AGREEMENT,
    RIGHTS_UNDER_CEILING,
    SEVENTY_IN_2026_2027,
    linked,
    rs_by_year,
)


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


def test_a_faulty_file_is_named_next_to_the_open_button(ex):
    ex.open_file(b"name: x\nrealisaton: 0.5\n", "typo.yaml")
    assert "typo.yaml: regel 2, veld &#x27;realisaton&#x27;: onbekend veld" in (
        ex.file_message.value
    )
    ex.open_file(b"name: goed\nrealisation: 0.5\n", "goed.yaml")
    assert ex.file_message.value == "" and ex.name.value == "goed"


# --- issue 28: names, values and the chart as text; issue 24: numbers as typed, file names -----


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
