"""The data corrections of issue 10 (item 6) and the VAT check (item 3), against the sources.

Expected values are copied from the sources by hand: the agreement text (its pages as the lines
of ../shared/sources/README.md give them, re-read here without the project's quote check) and
the public pages quoted in ../shared/sources/audit-quotes.md.
"""

from __future__ import annotations

import io
import re
import tokenize

import pytest

from nplv_analysis import check_data, load_figures, load_sources
from nplv_analysis.data import DataError, load_parameters
from nplv_analysis.data.schema import key_label

from .conftest import DATA, PROJECT, edit_yaml

# first and last line of each page of the agreement text (../shared/sources/README.md)
PAGE_LINES = {1: (1, 38), 3: (84, 132), 4: (133, 157), 6: (219, 268), 7: (269, 329), 8: (330, 384)}


def page_text(page: int) -> str:
    lines = (DATA / "sources/bestuurlijke-afspraken-heerlen-noord-2025.txt").read_text(
        encoding="utf-8"
    )
    first, last = PAGE_LINES[page]
    return re.sub(r"\s+", " ", "\n".join(lines.splitlines()[first - 1 : last]))


@pytest.fixture(scope="module")
def fig():
    return load_figures().set_index(["area_id", "key"])


@pytest.fixture(scope="module")
def sources():
    return load_sources()


def _on_page(fig, area: str, key: str, page: int) -> str:
    row = fig.loc[(area, key)]
    assert row["page"] == page
    quote = re.sub(r"\s+", " ", row["quote"])
    assert quote in page_text(page), f"{key}: {quote!r} not on page {page}"
    return quote


# --- the 900 mln: May 2025, "woningbouw in kwetsbare gebieden" ---------------------------------


def test_the_900_mln_is_of_may_2025(fig, sources):
    row = fig.loc[("national", "realisatiestimulans.budget_reserved_extras")]
    assert row["value"] == 900_000_000
    assert row["source"] == "rijksoverheid-2025-05-19"
    assert row["source_date"] == "2025-05-19"
    assert row["quote"] == "De minister reserveert daarom 900 miljoen"
    assert row["see_also"] == "gemeente-nu-2025-05-realisatiestimulans"
    assert sources.at["gemeente-nu-2025-05-realisatiestimulans", "date"] == "2025-05"
    assert not [s for s in sources.index if s.startswith("gemeente-nu-2025-11")]
    assert "Woningbouw in kwetsbare gebieden" in row["note_en"]
    assert "NPLV areas," not in row["note_en"]
    label = key_label("realisatiestimulans.budget_reserved_extras")
    assert "kwetsbare gebieden" in label and "NPLV" not in label


# --- the national 50,000: homes and facilities "verbeterd en gebouwd", not starts ---------------


def test_the_50000_are_not_starts(fig):
    assert ("national", "homes.startbouw.total") not in fig.index
    row = fig.loc[("national", "homes.programme.total")]
    assert row["value"] == 50_000
    assert row["source"] == "rijksoverheid-2025-06-24"
    assert "verbeterd en gebouwd" in row["quote"]
    assert "Not a count of starts" in row["note_en"]
    for lang in ("nl", "en"):
        label = key_label("homes.programme.total", lang)
        assert "tart" not in label  # neither "Startbouw" nor "starts"


# --- Leeuwarden-Oost: six projects, a first step ------------------------------------------------


def test_leeuwarden_is_six_projects_and_a_first_step(fig):
    """Stored as what the news item says (issue 24): an amount for six projects, "een eerste
    stap", no instrument named; not as the ORV drawing right."""
    assert ("leeuwarden-oost", "orv.total") not in fig.index
    row = fig.loc[("leeuwarden-oost", "rijksbijdrage.part")]
    assert row["value"] == 7_200_000
    note = row["note_en"]
    assert "zes maatschappelijke projecten" in note and "een eerste stap" in note
    assert "public space" in note and "first tranche" in note
    assert "eerste stap" in row["caveat_nl"] and "maatschappelijke projecten" in row["caveat_nl"]
    assert "first step" in row["caveat_en"] and "community projects" in row["caveat_en"]
    assert "besteed aan openbare ruimte" not in row["caveat_nl"]  # not public space only
    assert "geen instrument" in row["caveat_nl"] and "names no instrument" in row["caveat_en"]


# --- Groningen Noord: "de komende jaren" -------------------------------------------------------


def test_groningen_states_no_period(fig):
    row = fig.loc[("groningen-noord", "homes.startbouw.affordable")]
    assert row["value"] == 2362
    assert row["period"] == "not_stated"
    assert row["quote"] == "de komende jaren"
    assert "2025-2029" not in row["caveat_nl"] and "de komende jaren" in row["caveat_nl"]
    for lang in ("nl", "en"):  # the label shown beside "niet vermeld" names no period either
        assert not re.search(r"\d{4}", key_label("homes.startbouw.affordable", lang))


# --- Heerlen Noord: the press's 2025-2030 against the agreement's 2025-2029 ---------------------


def test_the_press_period_is_kept_and_reported(fig):
    press = fig.loc[("heerlen-noord", "homes.area_minimum.press")]
    assert (press["value"], press["qualifier"], press["period"]) == (1500, "at_least", "2025-2030")
    assert press["source"] == "heerlen-2025-06-24"
    assert press["quote"] == "Tussen 2025 en 2030 ... minimaal 1500 woningen"
    agreement = fig.loc[("heerlen-noord", "homes.area_minimum")]
    assert (agreement["value"], agreement["period"]) == (1500, "2025-2029")
    assert _on_page(fig, "heerlen-noord", "homes.area_minimum", 4)
    press_release = {  # the source by its kind, publisher and date, never its id (issue 24)
        "nl": "het persbericht van Gemeente Heerlen (via Heerlens Dagblad) van 24 juni 2025 noemt",
        "en": "the press release of Gemeente Heerlen (via Heerlens Dagblad) of 24 June 2025 states",
    }
    for lang, words in (("nl", "tegenover"), ("en", "against")):
        f = check_data(lang=lang)
        found = f[f["keys"] == "homes.area_minimum, homes.area_minimum.press"]
        assert found["severity"].tolist() == ["warning"]
        assert f"(2025-2030 {words} 2025-2029)" in found["message"].item()
        assert found["message"].item().startswith(press_release[lang])
        assert "heerlen-2025-06-24" not in found["message"].item()


def test_the_press_check_reads_the_data(data_copy):
    """The same period in the press as in the agreement: no finding; another value: one."""

    def change(obj):
        obj["figures"]["homes.area_minimum.press"].update({"period": "2025-2029", "value": 1400})

    edit_yaml(data_copy / "agreements/heerlen-noord.yaml", change)
    f = check_data(data_copy, lang="en")
    found = f[f["check_code"] == "check.press_vs_agreement"]
    assert found["code"].tolist() == ["finding.press_value"]
    assert "difference -100" in found["message"].item()  # 1,400 - 1,500


# --- from the agreement: first payment, price level, ORV start window, residents ---------------


def test_first_payment_fourth_quarter_2026_likely(fig):
    year = fig.loc[("national", "realisatiestimulans.first_payment_year")]
    quarter = fig.loc[("national", "realisatiestimulans.first_payment_quarter")]
    assert (year["value"], quarter["value"]) == (2026, 4)
    assert (year["qualifier"], quarter["qualifier"]) == ("likely", "likely")
    assert quarter["unit"] == "quarter" and quarter["period"] == "2026"
    quote = _on_page(fig, "national", "realisatiestimulans.first_payment_quarter", 6)
    assert "waarschijnlijk plaats in het vierde kwartaal van 2026" in quote


def test_price_level_2025_of_the_area_tables(fig):
    footnote = (
        "De Rijksbijdrage voor de maatregelen in de tabel is prijspeil 2025 en inclusief btw."
    )
    for key, page in (("orv.table.price_level_year", 7), ("capaciteit.table.price_level_year", 8)):
        assert fig.loc[("heerlen-noord", key), "value"] == 2025
        assert _on_page(fig, "heerlen-noord", key, page) == footnote
    # the national budgets: the body text of pages 7 and 8
    assert "prijspeil 2025" in _on_page(fig, "national", "orv.price_level_year", 7)
    assert "prijspeil 2025" in _on_page(fig, "national", "capaciteit.price_level_year", 8)


def test_orv_measures_start_in_2025_2029(fig):
    first = fig.loc[("heerlen-noord", "orv.measures_start.first_year")]
    last = fig.loc[("heerlen-noord", "orv.measures_start.last_year")]
    assert (first["value"], last["value"]) == (2025, 2029)
    for key in ("orv.measures_start.first_year", "orv.measures_start.last_year"):
        quote = _on_page(fig, "heerlen-noord", key, 7)
        assert "worden gestart in de periode 2025 t/m 2029" in quote


def test_more_than_a_million_residents(fig):
    row = fig.loc[("national", "residents.nplv_areas")]
    assert (row["value"], row["qualifier"], row["unit"]) == (1_000_000, "at_least", "persons")
    assert "meer dan een miljoen mensen" in _on_page(fig, "national", "residents.nplv_areas", 1)


def test_the_new_quotes_pass_the_quote_check():
    f = check_data()
    assert (f["severity"] == "error").sum() == 0


def test_a_new_quote_on_the_wrong_page_is_an_error(data_copy):
    def change(obj):
        obj["figures"]["realisatiestimulans.first_payment_quarter"]["page"] = 7

    edit_yaml(data_copy / "national.yaml", change)
    f = check_data(data_copy)
    err = f[f["severity"] == "error"]
    assert err["keys"].tolist() == ["realisatiestimulans.first_payment_quarter"]
    assert "it stands on page 6" in err["message"].item()


# --- the VAT rate: a legal parameter, not a literal -------------------------------------------


def test_the_vat_rate_is_the_law_in_the_data(fig, sources):
    p = load_parameters()
    assert p.vat_rate_general == 0.21
    assert p.source_of("vat_rate_general") == "vat.rate_general"
    row = fig.loc[("national", "vat.rate_general")]
    assert row["source"] == "wet-ob-1968" and row["article"] == "9 lid 1"
    assert row["quote"] == "De belasting bedraagt 21 percent."
    src = sources.loc["wet-ob-1968"]
    assert src["kind"] == "regulation"
    assert src["title"] == "Wet op de omzetbelasting 1968"
    assert src["url"].startswith("https://wetten.overheid.nl/BWBR0002629")
    assert src["date"] == "1968-06-28"


def test_a_vat_rate_above_one_is_refused(data_copy):
    def change(obj):
        obj["figures"]["vat.rate_general"]["value"] = 1.21

    edit_yaml(data_copy / "national.yaml", change)
    with pytest.raises(DataError, match=r"key 'vat.rate_general': 1.21 must be a share"):
        load_parameters(data_copy)


def test_no_vat_rate_literal_in_the_checks():
    source = (PROJECT / "nplv_analysis/rules/checks.py").read_text(encoding="utf-8")
    numbers = [
        tok.string
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.NUMBER
    ]
    assert not {"0.21", "1.21", "21", "0.19"} & set(numbers)


def test_printed_excl_figures_are_kept(fig):
    # page 7, as printed: 6,719,008 (= 8,130,000 / 1.21 = 6,719,008.26, cut) and the sum
    # 8,785,123; at 21% of 7,500,000 it would be 6,198,347.11
    assert fig.loc[("heerlen-noord", "orv.cmv.excl"), "value"] == 6_719_008
    assert fig.loc[("heerlen-noord", "orv.total.excl"), "value"] == 8_785_123
    assert fig.loc[("heerlen-noord", "capaciteit.total.excl"), "value"] == 4_300_000
    assert "8,130,000 / 1.21" in fig.loc[("heerlen-noord", "orv.cmv.excl"), "note_en"]
    assert "11.6%" not in fig.loc[("heerlen-noord", "orv.cmv.incl"), "note_en"]
