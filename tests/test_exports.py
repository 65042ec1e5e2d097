"""Excel files for people, CSV files for machines (issue 12): the workbooks have headers and
sheet names in the reader's language, Dutch-style number formats, a frozen header, a filter,
fitting widths and a sheet of sources; the CSV files stay comma, point, UTF-8."""

import openpyxl
import pandas as pd
import pytest

from nplv_analysis.engine import Scenario
from nplv_analysis.monitor import load_monitor, midterm_review
from nplv_analysis.report.export import (
    area_tables,
    col_label,
    excel_nl_csv,
    national_tables,
    workbook_sources,
    write_tables,
)
from nplv_analysis.text import has_text

from .conftest import DATA

HN = "heerlen-noord"


@pytest.fixture(scope="module")
def area_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hn")
    sources = workbook_sources([HN])
    write_tables(area_tables(HN, Scenario()), folder, sources=sources)
    return folder, openpyxl.load_workbook(folder / "tables.xlsx")


def test_sheets_and_headers_are_dutch(area_book):
    _, book = area_book
    assert book.sheetnames == [
        "financiering",
        "woningbouw",
        "uitbetalingen",
        "totalen",
        "niet te berekenen",
        "controles",
        "bronnen",
    ]
    header = [c.value for c in book["uitbetalingen"][1]]
    assert header == ["gebied", "instrument", "jaar", "bruto, incl. btw (€)", "netto (€)"]


def test_numbers_are_numbers_with_dutch_formats(area_book):
    _, book = area_book
    ws = book["uitbetalingen"]
    first = ws[2]  # realisatiestimulans 2026: 7,608,461.54 / 5 = 1,521,692.31
    assert first[2].value == 2026 and first[2].number_format == "0"
    assert first[3].value == pytest.approx(1_521_692.31, abs=0.01)
    assert first[3].number_format == "#,##0" and first[3].data_type == "n"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E16"  # 3 instruments x 5 payment years
    assert ws.column_dimensions["D"].width >= len("bruto, incl. btw (€)")


def test_the_sources_sheet_names_page_and_address(area_book):
    _, book = area_book
    rows = list(book["bronnen"].iter_rows(values_only=True))
    header, body = rows[0], {r[1]: r for r in rows[1:]}  # by title: no source ids (issue 24)
    assert header == ("soort", "titel", "uitgever", "datum", "pagina's", "URL")
    agreement = body["“Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord”"]
    assert agreement[0] == "bestuurlijke afspraak"
    assert {"6", "7", "8"} <= set(agreement[4].split(", "))  # the funding pages
    press = next(r for r in body.values() if str(r[5]).startswith("https://www.heerlensdagblad"))
    assert press[0] == "persbericht gemeente"
    assert any("Wet op de omzetbelasting" in title for title in body)  # the VAT rate


def test_csv_stays_machine_csv(area_book):
    folder, _ = area_book
    text = (folder / "payments.csv").read_text(encoding="utf-8")
    assert text.startswith("area_id,instrument,year,gross_eur,net_eur\n")
    assert "heerlen-noord,realisatiestimulans,2026,1521692.31,1521692.31\n" in text


def test_english_workbook(tmp_path):
    write_tables({"payments": area_tables(HN)["payments"]}, tmp_path, lang="en")
    ws = openpyxl.load_workbook(tmp_path / "tables.xlsx")["payments"]
    assert [c.value for c in ws[1]][3] == "gross, incl. VAT (€)"


def test_percentages_in_the_midterm_workbook(tmp_path):
    review = midterm_review(load_monitor(DATA / "monitor" / "illustratief-2027.csv"), "2027-06-30")
    write_tables({"midterm": review}, tmp_path, book="midterm-2027")
    ws = openpyxl.load_workbook(tmp_path / "midterm-2027.xlsx")["mid-term review"]
    header = [c.value for c in ws[1]]
    ratio = ws.cell(row=2, column=header.index("startbouw gerealiseerd / gepland") + 1)
    assert ratio.value == pytest.approx(564 / 1176) and ratio.number_format == "0%"


def test_excel_nl_csv_opens_in_dutch_excel():
    table = pd.DataFrame({"area_id": ["=cmd"], "gross_eur": [1234.5]})
    data = excel_nl_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    assert data.decode("utf-8-sig") == "gebied;bruto, incl. btw (€)\r\n'=cmd;1234,50\r\n"


def test_every_exported_column_has_a_label_in_both_languages():
    review = midterm_review(load_monitor(DATA / "monitor" / "illustratief-2027.csv"), "2027-06-30")
    tables = [*area_tables(HN).values(), *national_tables().values(), review, workbook_sources()]
    columns = {str(c) for table in tables for c in table.columns}
    missing = [
        c for c in sorted(columns) for lang in ("nl", "en") if not has_text(f"col.{c}", lang)
    ]
    assert missing == []
    assert col_label("gross_eur") == "bruto, incl. btw (€)"


def test_cells_are_words_dates_and_titles_not_codes(area_book):
    """Issue 24: a workbook is a reader file: a status or kind in words ("niet gepubliceerd",
    "bestuurlijke afspraak"), a date as a date (shown d-m-jjjj), a source by its title; the
    machine CSV next to it keeps the codes."""
    import datetime as dt
    import re

    folder, book = area_book
    cells = [c for ws in book.worksheets for row in ws.iter_rows(min_row=2) for c in row]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for code in ("not published", "agreement", "not_stated", "drawing_right", "first_come"):
        assert code not in texts
    assert "ba-heerlen-noord-2025" not in texts
    assert "“Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord”" in texts  # as written
    assert not [v for v in texts if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)]
    dates = [c for c in cells if isinstance(c.value, dt.datetime | dt.date)]
    assert dates and all(c.number_format == "d-m-yyyy" for c in dates)
    assert dt.datetime(2025, 6, 24) in {c.value for c in dates}
    assert "ba-heerlen-noord-2025" in (folder / "funding.csv").read_text(encoding="utf-8")
