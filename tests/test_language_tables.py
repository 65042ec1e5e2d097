"""Issue 24, "Language": the workbooks, the Dutch-Excel CSV, the data notes and the findings
are in the run's language. No figure key, source id, snake_case code or ISO date reaches a
cell; the data notes are given in both languages; machine CSVs keep their codes and get a
codebook beside them."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from nplv_analysis.data import housing, load_dataset, load_figures
from nplv_analysis.data.loading import DataError
from nplv_analysis.data.schema import KEYS, key_label
from nplv_analysis.engine import Scenario
from nplv_analysis.monitor import load_monitor, midterm_review
from nplv_analysis.report.export import (
    area_tables,
    codebook_name,
    excel_nl_csv,
    national_tables,
    workbook_sources,
    write_tables,
)

from .conftest import DATA
from .language_scan import excel_csv_text, findings, source_ids, xlsx_text

HN = "heerlen-noord"
MARKS = ("code", "key", "source_id", "iso_date", "file_name")
"""The kinds of finding that no workbook cell may have, in either language."""


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The area and national workbooks (with their sources) in both languages."""
    out = {}
    for lang in ("nl", "en"):
        folder = tmp_path_factory.mktemp(lang)
        area = workbook_sources([HN], lang=lang)
        write_tables(
            area_tables(HN, Scenario(), lang=lang), folder / "area", lang=lang, sources=area
        )
        every = workbook_sources("all", national_keys="all", lang=lang)
        write_tables(national_tables(lang=lang), folder / "national", lang=lang, sources=every)
        out[lang] = folder
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("book", ["area", "national"])
def test_no_workbook_cell_shows_a_code_key_id_or_iso_date(books, lang, book):
    text = xlsx_text(books[lang] / book / "tables.xlsx")
    found = findings(text, lang, source_ids(DATA))
    assert {k: v for k, v in found.items() if k in MARKS} == {}
    if lang == "nl":  # and no English word in a Dutch run
        assert found == {}


def test_the_dutch_workbook_names_figures_areas_and_sources_in_words(books):
    book = openpyxl.load_workbook(books["nl"] / "area" / "tables.xlsx")
    rows = {r[0]: r for r in book["woningbouw"].iter_rows(min_row=2, values_only=True)}
    # the figure by its label, its unit in Dutch, the source by its title, the note in Dutch
    minimum = rows["Minimum in de regio"]
    assert minimum[3] == "woningen"
    assert minimum[5] == "“Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord”"
    assert minimum[8] == "Regio Parkstad, niet alleen het NPLV-gebied."
    header = [c.value for c in book["controles"][1]]
    assert header == ["ernst", "gebied", "betreft", "controle", "bevinding"]  # no code columns
    press = next(
        r for r in book["controles"].iter_rows(min_row=2, values_only=True) if "pers" in r[3]
    )
    assert press[:4] == (
        "waarschuwing",
        "Heerlen Noord",
        "Minimum in het gebied; Minimum in het gebied (pers)",
        "pers tegenover afspraak",
    )
    assert press[4].startswith(
        "het persbericht van Gemeente Heerlen (via Heerlens Dagblad) van 24 juni 2025 noemt 1.500"
    )


def test_the_national_workbook_writes_units_periods_and_kinds_in_words(books):
    book = openpyxl.load_workbook(books["nl"] / "national" / "tables.xlsx")
    ws = book["landelijke gegevens"]
    header = [c.value for c in ws[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    total = rows["Rijksbijdrage, totaal"]
    assert (total["eenheid"], total["btw"], total["periode"]) == (
        "€",
        "btw niet vermeld",
        "niet vermeld",  # the period is not stated: not "btw niet vermeld"
    )
    first = rows["Realisatiestimulans: jaar van de eerste uitbetaling"]
    assert (first["kwalificatie"], first["eenheid"]) == ("waarschijnlijk", "jaar")
    areas = {r[0]: r for r in book["gebieden"].iter_rows(min_row=2, values_only=True)}
    assert "heerlen-noord" not in areas and "Heerlen Noord" in areas  # by name, no id column
    kinds = [c.value for c in book["gebieden"][1]].index("soort bron")
    assert areas["Heerlen Noord"][kinds] == "bestuurlijke afspraak, persbericht gemeente"


def test_the_midterm_workbook_speaks_the_run_language_whatever_the_table_was_built_in(tmp_path):
    """A review built in Dutch, written for an English reader: its status from its code, its
    flag and last period in words, its date a date."""
    review = midterm_review(load_monitor(DATA / "monitor" / "illustratief-2027.csv"), "2027-06-30")
    write_tables({"midterm": review}, tmp_path, book="midterm-2027", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "midterm-2027.xlsx")["mid-term review"]
    header = [c.value for c in ws[1]]
    row = dict(zip(header, next(ws.iter_rows(min_row=2, values_only=True)), strict=True))
    assert row["area"] == "Heerlen Noord"
    assert row["status"] == "off course"
    assert row["realisatiestimulans against the estimate"] == "below the estimate"
    assert row["last period in the monitor"] == "Q2 2027"
    assert row["as of"] == dt.datetime(2027, 6, 30)
    assert "status code" not in header and "code status" not in header


def test_the_dutch_excel_csv_writes_words_and_dates():
    table = pd.DataFrame(
        {
            "area_id": ["heerlen-noord"],
            "reference": ["drawing_right"],
            "as_of": ["2027-06-30"],
            "gross_eur": [1234.5],
        }
    )
    text = excel_nl_csv(table).decode("utf-8-sig")
    assert text.splitlines()[1] == "Heerlen Noord;trekkingsrecht (maximum);30 juni 2027;1234,50"


def test_the_comparison_csv_for_dutch_excel_has_no_codes(tmp_path):
    from nplv_analysis.report.comparison import run_comparison, write_comparison

    write_comparison(run_comparison(None, "national", "nl", n_draws=50), tmp_path, "nl")
    text = excel_csv_text(tmp_path / "comparison-excel-nl.csv")
    assert findings(text, "nl", source_ids(DATA)) == {}


def test_a_codebook_explains_each_machine_column_and_code(books):
    """The machine CSVs keep their codes; ``tables-codeboek.csv`` beside them says what each
    column holds and what each code stands for, in the run's language."""
    assert codebook_name("tables", "nl") == "tables-codeboek.csv"
    folder = books["nl"] / "area"
    book = pd.read_csv(folder / "tables-codeboek.csv", dtype=str, keep_default_na=False)
    assert list(book.columns) == ["bestand", "kolom", "code", "betekenis"]
    for name in ("funding", "housing", "payments", "totals", "unknown", "findings"):
        machine = pd.read_csv(folder / f"{name}.csv", nrows=0)
        described = book[(book["bestand"] == f"{name}.csv") & (book["code"] == "")]
        assert described["kolom"].tolist() == list(machine.columns)
    meaning = {(r.bestand, r.kolom, r.code): r.betekenis for r in book.itertuples()}
    assert meaning[("totals.csv", "reference", "drawing_right")] == "trekkingsrecht (maximum)"
    assert meaning[("housing.csv", "key", "homes.startbouw.text")] == "Startbouw volgens tekst"
    assert meaning[("payments.csv", "area_id", "heerlen-noord")] == "Heerlen Noord"
    assert (
        meaning[("payments.csv", "gross_eur", "")]
        == "bruto, incl. btw (€) (euro's, tot op de cent)"
    )
    assert (
        meaning[("findings.csv", "check_code", "check.implied_vat_rate")] == "afgeleid btw-tarief"
    )
    english = pd.read_csv(books["en"] / "area" / "tables-codebook.csv", dtype=str)
    assert list(english.columns) == ["file", "column", "code", "meaning"]


# --- the data notes ------------------------------------------------------------------------------


def test_a_note_in_one_language_is_refused_with_file_and_line(data_copy):
    path = data_copy / "agreements" / "heerlen-noord.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("  homes.region_minimum:")
    at = next(i for i in range(start, len(lines)) if lines[i] == "    note:")
    assert lines[at + 3].startswith("      en:")
    del lines[at + 3 : at + 5]  # the English text and its line
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    (problem,) = caught.value.problems
    assert problem.file.endswith("agreements/heerlen-noord.yaml")
    assert problem.where == f"line {at + 1}, key 'homes.region_minimum'"
    assert (
        problem.message == "note must give the text in both languages: {nl: ..., en: ...} "
        "(missing: en)"
    )


def test_a_note_as_one_text_is_refused(data_copy):
    path = data_copy / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("stcrt-2025-36777:")
    note = text.index("  note:", start)
    end = text.index("\n\n", note)
    path.write_text(text[:note] + "  note: In force 2026-01-01." + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match=r"sources.yaml: line \d+, source 'stcrt-2025-36777': note"):
        load_dataset(data_copy)


def test_the_dutch_note_of_a_figure_is_its_hand_written_translation():
    fig = load_figures().set_index(["area_id", "key"])
    bor = fig.loc[(HN, "orv.bor.excl")]
    assert bor["note_nl"] == (
        "Bovenplanse openbare ruimte. 2.500.000 / 1,21 = 2.066.115,70, afgekapt op de euro."
    )
    assert bor["note_en"] == (
        "Bovenplanse openbare ruimte. 2,500,000 / 1.21 = 2,066,115.70, cut to the euro."
    )
    # an inference stays an inference in Dutch
    assert "(onze afleiding;" in fig.loc[(HN, "orv.cmv.excl"), "note_nl"]
    assert housing(HN, lang="nl").at["homes.region_minimum", "note"] == (
        "Regio Parkstad, niet alleen het NPLV-gebied."
    )
    assert (
        housing(HN).at["homes.region_minimum", "note"]
        == "Region Parkstad, not the NPLV area alone."
    )


def test_no_data_note_names_a_key_a_source_id_or_an_iso_date():
    fig = load_figures()
    ids = source_ids(DATA)
    for lang in ("nl", "en"):
        for note in fig[f"note_{lang}"].dropna():
            found = findings(note, lang, ids)
            assert {k: v for k, v in found.items() if k in MARKS} == {}, note


def test_every_figure_key_has_a_label_in_both_languages():
    for key in KEYS:
        assert key_label(key, "nl") and key_label(key, "en")
    assert key_label("orv.total.incl", "nl") == "ORV, totaal van de tabel, incl. btw"
