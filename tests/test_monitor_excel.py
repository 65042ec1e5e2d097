"""Monitor files as Dutch offices make them (issue 12): CSV from Dutch Excel (';', Windows-1252,
trailing separators, accounting zeros), workbooks (the sheet "monitor" or the first sheet with
the header, an instructions sheet first), title rows, and the same checks for Excel rows as for
CSV rows. Every file is made in the test; a refused file gives one message naming the file, the
sheet (Excel), the row, the column and the problem, and nothing is written."""

import csv
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.monitor import (
    HEADERS,
    FileFormat,
    MonitorError,
    build_template,
    load_monitor,
    midterm_review,
)
from nplv_analysis.monitor.intake import COLUMNS

from .conftest import DATA

ILLUSTRATION = DATA / "monitor" / "illustratief-2027.csv"
NL = [HEADERS[c]["nl"] for c in COLUMNS]
EN = list(COLUMNS)
GOOD = {
    "area_id": "heerlen-noord",
    "year": 2026,
    "quarter": None,
    "homes_started_total": 376,
    "homes_started_affordable": 284,
    "rs_registered_homes": 174,
    "orv_costs_eur": 1_400_000,
    "capacity_costs_eur": 774_000,
    "source": "Monitor 2027",
    "as_of": "2027-06-30",
}


def plain():
    return load_monitor(ILLUSTRATION)


def illustration_rows() -> tuple[list[str], list[dict]]:
    """The shipped illustration: its comment lines and its rows (strings, as in the file)."""
    text = ILLUSTRATION.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    return comments, list(csv.DictReader(io.StringIO(body)))


def dutch(value: str, euro: bool) -> str:
    """A number as Dutch Excel shows it: 1.234, € 1.400.000, and the accounting zero € -."""
    n = int(value)
    if euro and n == 0:
        return "€ -"
    shown = f"{n:,}".replace(",", ".")
    return f"€ {shown}" if euro else shown


def excel_nl_csv(path, rows, comments=(), header=NL, encoding="cp1252", pad=2):
    """Write rows the way Dutch Excel saves 'CSV (gescheiden door lijstscheidingsteken)': ';',
    Windows-1252, CRLF, numbers as shown (not quoted), every row padded with separators to the
    width of the used range (``pad`` empty columns beyond the header)."""
    width = len(header) + pad
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for c in comments:
        w.writerow([c] + [""] * (width - 1))
    w.writerow(list(header) + [""] * pad)
    for r in rows:
        w.writerow([r[c] for c in COLUMNS] + [""] * pad)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def workbook(path, rows, header=NL, sheet="monitor", before=(), title=None, after=()):
    """An Excel workbook: sheets ``before`` (name, lines of text), the data sheet (an optional
    merged title row above the header), sheets ``after``."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, lines in before:
        ws = wb.create_sheet(name)
        for line in lines:
            ws.append([line])
    ws = wb.create_sheet(sheet)
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(list(header))
    for r in rows:
        ws.append([r[c] for c in COLUMNS] if isinstance(r, dict) else r)
    for name, lines in after:
        other = wb.create_sheet(name)
        for line in lines:
            other.append(line)
    wb.save(path)
    return path


def cells(**change):
    return {**GOOD, **change}


def csv_text(rows, header=EN, sep=","):
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if r[c] is None else r[c] for c in COLUMNS])
    return out.getvalue()


def refused(path, *expected, sheet=None):
    """The file is refused with exactly one problem; the message names the file, the sheet
    (Excel) and each expected part (row, column, problem)."""
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    message = str(info.value)
    assert str(path) in message
    assert len(info.value.problems) == 1, message
    if sheet is not None:
        assert f"sheet {sheet!r}" in message and info.value.sheet == sheet
    for part in expected:
        assert part in message, message
    return message


# --- the same numbers, however the file was saved -------------------------------------------------


def test_dutch_excel_csv_reads_as_the_plain_csv(tmp_path):
    """';', Windows-1252, CRLF, Dutch headers, numbers as Dutch Excel shows them (1.234,
    € 1.400.000, the accounting zero € -), trailing separators: exactly the plain table."""
    comments, rows = illustration_rows()
    for r in rows:
        for c in ("homes_started_total", "homes_started_affordable", "rs_registered_homes"):
            r[c] = dutch(r[c], euro=False)
        for c in ("orv_costs_eur", "capacity_costs_eur"):
            r[c] = dutch(r[c], euro=True)
    rows[0]["capacity_costs_eur"] = "€ -"  # an accounting zero (and 0 in the plain table)
    path = excel_nl_csv(tmp_path / "monitor.csv", rows, comments)
    assert b"\x80" in path.read_bytes()  # the euro sign in Windows-1252
    assert b";\x80 1.400.000;" in path.read_bytes()  # Dutch thousands, unquoted
    m = load_monitor(path)
    expected = plain().table
    expected.loc[0, "capacity_costs_eur"] = 0.0
    pd.testing.assert_frame_equal(m.table, expected)
    assert m.file_format == FileFormat("csv", "Windows-1252", ";", None, "nl")
    assert m.illustrative and m.as_of == dt.date(2027, 6, 30)
    # and the mid-term review from it is the same
    m.table.loc[0, "capacity_costs_eur"] = 774_000.0  # as in the illustration again
    pd.testing.assert_frame_equal(
        midterm_review(m, "2027-06-30"), midterm_review(plain(), "2027-06-30")
    )


def test_excel_workbook_reads_as_the_plain_csv(tmp_path):
    """The illustration as an .xlsx: numbers as numbers, some stored as text, dates as dates,
    an instructions sheet first, the data sheet "Monitor" (any case)."""
    _, rows = illustration_rows()
    values = []
    for i, r in enumerate(rows):
        v = dict(r)
        v["year"] = int(r["year"])
        v["quarter"] = int(r["quarter"]) if r["quarter"] else None
        for c in ("homes_started_total", "homes_started_affordable", "rs_registered_homes"):
            v[c] = int(r[c])
        v["orv_costs_eur"] = (
            dutch(r["orv_costs_eur"], euro=True) if i % 2 else float(r["orv_costs_eur"])
        )  # every other one stored as text, as Dutch Excel shows it
        v["capacity_costs_eur"] = int(r["capacity_costs_eur"])
        v["as_of"] = dt.datetime(2027, 6, 30)
        values.append(v)
    path = workbook(
        tmp_path / "monitor.xlsx",
        values,
        sheet="Monitor",
        before=[("Instructies", ["Vul het blad Monitor in.", "Eén rij per gebied en jaar."])],
    )
    m = load_monitor(path)
    pd.testing.assert_frame_equal(m.table, plain().table)
    assert m.file_format == FileFormat("xlsx", sheet="Monitor", header="nl")


def test_without_a_monitor_sheet_the_first_sheet_with_the_header_is_read(tmp_path):
    path = workbook(
        tmp_path / "m.xlsx",
        [cells()],
        sheet="Blad2",
        before=[("Blad1", ["Toelichting", "Vul blad 2 in."])],
    )
    m = load_monitor(path)
    assert m.file_format.sheet == "Blad2" and m.table.iloc[0]["orv_costs_eur"] == 1_400_000
    # a fault names the sheet read
    path = workbook(
        tmp_path / "bad.xlsx",
        [cells(year=2031)],
        sheet="Blad2",
        before=[("Blad1", ["Toelichting"])],
    )
    refused(path, "row 2, column 'jaar': 2031 is outside 2025-2029", sheet="Blad2")


def test_the_sheet_named_monitor_wins(tmp_path):
    path = workbook(
        tmp_path / "m.xlsx",
        [cells()],
        sheet="MONITOR",
        before=[("oud", [])],
    )
    wb = openpyxl.load_workbook(path)  # an old sheet with the header and other figures, first
    wb["oud"].append(EN)
    wb["oud"].append([cells(year=2025)[c] for c in COLUMNS])
    wb.save(path)
    m = load_monitor(path)
    assert m.file_format.sheet == "MONITOR" and m.table["year"].tolist() == [2026]


def test_encodings_and_separators_are_detected(tmp_path):
    source = "Monitor – gemeente Heerlen, café-export"  # en dash and é: not ASCII
    rows = [cells(source=source, orv_costs_eur="1.400.000")]
    for name, encoding, sep, data in [
        ("utf8.csv", "UTF-8", ",", csv_text(rows).encode("utf-8")),
        ("bom.csv", "UTF-8 with BOM", ";", "\ufeff".encode() + csv_text(rows, NL, ";").encode()),
        ("ansi.csv", "Windows-1252", ";", csv_text(rows, NL, ";").encode("cp1252")),
        ("ansi-comma.csv", "Windows-1252", ",", csv_text(rows).encode("cp1252")),
    ]:
        (tmp_path / name).write_bytes(data)
        m = load_monitor(tmp_path / name)
        assert (m.file_format.encoding, m.file_format.separator) == (encoding, sep), name
        assert m.table.iloc[0]["source"] == source
        assert m.table.iloc[0]["orv_costs_eur"] == 1_400_000


def test_semicolon_reads_unquoted_dutch_numbers_strictly(tmp_path):
    row = "heerlen-noord;2026;;1.376;1.284;174;7.500.000,00;€ 774.000;Monitor;2027-06-30\n"
    path = tmp_path / "m.csv"
    path.write_text(";".join(EN) + "\n" + row, encoding="utf-8")
    r = load_monitor(path).table.iloc[0]
    assert (r["homes_started_total"], r["orv_costs_eur"], r["capacity_costs_eur"]) == (
        1376,
        7_500_000,
        774_000,
    )
    path.write_text(";".join(EN) + "\n" + row.replace("7.500.000,00", "1,400"), encoding="utf-8")
    refused(path, "row 2, column 'orv_costs_eur': '1,400' is ambiguous")


def test_header_names_in_any_case_and_either_language(tmp_path):
    header = [h.upper().replace("€", "EUR") for h in NL]
    header[COLUMNS.index("source")] = "source"  # one English name among the Dutch
    path = tmp_path / "m.csv"
    path.write_text(csv_text([cells()], header, ";"), encoding="utf-8")
    m = load_monitor(path)
    assert m.file_format.header == "nl+en" and len(m.table) == 1


def test_a_column_named_twice_is_refused(tmp_path):
    path = tmp_path / "m.csv"
    header = [*EN, "jaar"]
    path.write_text(",".join(header) + "\n", encoding="utf-8")
    refused(path, "row 1, column 'jaar': names year again (column B is 'year')")


# --- trailing separators, empty rows and columns --------------------------------------------------


def test_trailing_separators_and_empty_rows_are_dropped(tmp_path):
    """Excel pads rows with separators; a header with empty cells at the end (pandas called them
    'Unnamed: 10') and separators on data rows only; empty rows between and after."""
    good = csv_text([cells()], NL, ";").splitlines()
    for header_pad, row_pad in [(";;", ";;"), ("", ";;;"), (";;;", "")]:
        path = tmp_path / "m.csv"
        lines = [
            good[0] + header_pad,
            good[1] + row_pad,
            ";" * 11,
            "",
            good[1].replace("2026", "2025") + row_pad,
            ";;;;;;;;;;;;",
            "",
        ]
        path.write_text("\r\n".join(lines), encoding="cp1252")
        m = load_monitor(path)
        assert m.table["year"].tolist() == [2026, 2025], (header_pad, row_pad)
    # the same in a workbook: an 'Unnamed' column and empty formatted rows at the end
    path = workbook(
        tmp_path / "m.xlsx", [[*(cells()[c] for c in COLUMNS), None, None], [None] * 12]
    )
    assert len(load_monitor(path).table) == 1


def test_a_value_in_a_column_without_header_is_named(tmp_path):
    path = tmp_path / "m.csv"
    lines = csv_text([cells()], NL, ";").splitlines()
    path.write_text("\n".join([lines[0], lines[1] + ";;x"]) + "\n", encoding="utf-8")
    refused(path, "row 2, column L: 'x' is in a column without a header")


def test_comma_file_with_unquoted_decimal_comma_names_the_cause(tmp_path):
    path = tmp_path / "m.csv"
    row = "heerlen-noord,2026,,376,284,174,1.400.000,00,774000,Monitor,2027-06-30\n"
    path.write_text(",".join(EN) + "\n" + row, encoding="utf-8")
    refused(path, "row 2, column K: the row has 11 cells, the header 10", "save the file with ';'")


# --- title rows -----------------------------------------------------------------------------------


def test_title_row_in_csv_is_refused_with_where_the_header_is(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(
        "Monitor woningbouw NPLV 2027;;;;;;;;;\r\n;;;;;;;;;\r\n" + csv_text([cells()], NL, ";"),
        encoding="cp1252",
    )
    refused(
        path,
        "row 1: is not the header (it reads 'Monitor woningbouw NPLV 2027'); the header is in "
        "row 3. The header must be in row 1",
        "delete rows 1-2",
    )


@pytest.mark.parametrize(
    ("title", "sep"), [("Monitor 2027, Heerlen", ";"), ("Monitor; concept", ",")]
)
def test_the_separator_is_the_one_of_the_header_not_of_the_title(tmp_path, title, sep):
    """A title row that splits the other way does not decide the separator."""
    path = tmp_path / "m.csv"
    path.write_text(f"{title}\n" + csv_text([cells()], EN, sep), encoding="utf-8")
    message = refused(path, "row 1: is not the header", "the header is in row 2")
    assert f"separator {sep!r}" in message


def test_a_header_without_known_names_is_split_by_its_own_separator(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("gebied,jaartal\nheerlen-noord,2026\n", encoding="utf-8")
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    assert "row 1 (the header): unknown column(s) gebied, jaartal (allowed:" in str(info.value)
    assert "separator ','" in str(info.value)


@pytest.mark.parametrize("sheet", ["monitor", "Blad1"])
def test_merged_title_row_in_a_workbook_is_refused_naming_the_sheet(tmp_path, sheet):
    path = workbook(tmp_path / "m.xlsx", [cells()], sheet=sheet, title="Monitor woningbouw 2027")
    refused(
        path,
        "row 1: is not the header (it reads 'Monitor woningbouw 2027'); the header is in row 2",
        "The header must be in row 1",
        sheet=sheet,
    )


def test_comment_rows_may_precede_the_header_and_count_as_rows(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("# toelichting;;;\n" + csv_text([cells(year=2031)], NL, ";"), encoding="utf-8")
    refused(path, "row 3, column 'jaar': 2031 is outside")


def test_a_workbook_without_the_header_names_its_sheets(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    wb.active.append(["gebied", "aantal"])
    wb.save(tmp_path / "m.xlsx")
    refused(
        tmp_path / "m.xlsx",
        "no sheet is named 'monitor' or has the monitor header in row 1 (sheets: 'Blad1')",
    )


# --- accounting zero and "-" ----------------------------------------------------------------------


@pytest.mark.parametrize("zero", ["€ -", "€ -   ", " € - ", "€\u00a0-"])
def test_accounting_zero_is_zero(tmp_path, zero):
    path = tmp_path / "m.csv"
    path.write_text(
        csv_text([cells(orv_costs_eur=zero, capacity_costs_eur="€ 0")], NL, ";"), encoding="cp1252"
    )
    r = load_monitor(path).table.iloc[0]
    assert (r["orv_costs_eur"], r["capacity_costs_eur"]) == (0, 0)


def test_a_lone_dash_is_refused_not_called_negative(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(csv_text([cells(capacity_costs_eur="-")], NL, ";"), encoding="cp1252")
    message = refused(
        path, "row 2, column 'capaciteitskosten (€)': '-' is refused: zero or not applicable?"
    )
    assert "negative" not in message


# --- the same checks for Excel rows as for CSV rows -----------------------------------------------


def write_kind(tmp_path, kind, rows):
    if kind == "xlsx":
        return workbook(tmp_path / "m.xlsx", rows, header=EN)
    path = tmp_path / "m.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    return path


SHEET = {"xlsx": "monitor", "csv": None}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"orv_costs_eur": -1_400_000}, "row 2, column 'orv_costs_eur': '-1400000' is negative"),
        ({"homes_started_total": -376}, "row 2, column 'homes_started_total': '-376' is negative"),
        (
            {"orv_costs_eur": 1e308},
            "row 2, column 'orv_costs_eur': 1e+308 is above 180,000,000, the national ORV budget",
        ),
        (
            {"capacity_costs_eur": 60_000_000},
            "row 2, column 'capacity_costs_eur': 60,000,000 is above 50,000,000, the national "
            "capacity budget",
        ),
        (
            {
                "homes_started_total": 60_000,
                "homes_started_affordable": 0,
                "rs_registered_homes": 0,
            },
            "row 2, column 'homes_started_total': 60,000 is above 50,000, the homes of the whole "
            "programme",
        ),
        (
            {"year": 2029},
            "row 2, column 'year': 2029 ends on 2029-12-31, after the as_of date 2027-06-30",
        ),
        (
            {"year": 2027, "quarter": 3},
            "row 2, column 'quarter': 2027 Q3 ends on 2027-09-30, after the as_of date 2027-06-30",
        ),
        (
            {"year": 2027},
            "row 2, column 'year': 2027 ends on 2027-12-31, after the as_of date 2027-06-30",
        ),
        ({"homes_started_total": "3,5"}, "'3,5' is not a whole number of homes"),
        ({"orv_costs_eur": "7.5"}, "row 2, column 'orv_costs_eur': '7.5' is ambiguous"),
    ],
)
def test_excel_rows_get_the_checks_of_csv_rows(tmp_path, kind, change, expected):
    if kind == "csv" and change.get("orv_costs_eur") == 1e308:  # CSV: "1e308" is no number
        change, expected = {"orv_costs_eur": "1" + "0" * 20}, expected.replace("1e+308", "1e+20")
    path = write_kind(tmp_path, kind, [cells(**change)])
    refused(path, expected, sheet=SHEET[kind])


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_one_as_of_per_file(tmp_path, kind):
    rows = [cells(), cells(year=2025, as_of="2027-03-31")]
    refused(
        write_kind(tmp_path, kind, rows),
        "row 3, column 'as_of': 2027-03-31 differs from 2027-06-30 (row 2): a monitor file "
        "holds the figures of one date",
        sheet=SHEET[kind],
    )


def test_a_csv_cost_of_1e308_written_out_is_not_a_number(tmp_path):
    path = write_kind(tmp_path, "csv", [cells(orv_costs_eur="1e308")])
    refused(path, "row 2, column 'orv_costs_eur': '1e308' is not a number")


def test_period_ending_on_as_of_is_taken(tmp_path):
    rows = [cells(year=2027, quarter=2), cells(year=2027, quarter=1)]
    assert len(load_monitor(write_kind(tmp_path, "xlsx", rows)).table) == 2


# --- unreadable bytes -----------------------------------------------------------------------------


def test_bytes_neither_utf8_nor_windows_1252(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_text([cells()]).encode() + b"heerlen-noord,\x81\n")
    refused(path, "row 3: byte 0x81 is neither UTF-8 nor Windows-1252")


def test_utf16_text_is_named(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_text([cells()]).encode("utf-16"))
    refused(path, "row 1: contains NUL bytes, not CSV text (saved as UTF-16")


# --- nothing is written when the monitor is refused -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        (
            "neg.xlsx",
            lambda p: workbook(p, [cells(orv_costs_eur=-5)]),
            "rij 2, kolom 'ORV-kosten (€)': '-5' is negatief",  # the run's language
        ),
        (
            "mixed.csv",
            lambda p: excel_nl_csv(
                p,
                [
                    {**cells(), "quarter": ""},
                    {**cells(year=2025, as_of="2027-03-31"), "quarter": ""},
                ],
            ),
            "rij 3, kolom 'peildatum': 2027-03-31 verschilt",
        ),
    ],
)
def test_refused_monitor_writes_no_report(tmp_path, capsys, name, make, expected):
    bad = make(tmp_path / name)
    out = tmp_path / "out"
    assert main(["reports", "--out", str(out), "--monitor", str(bad)]) != 0
    err = capsys.readouterr().err
    assert str(bad) in err and expected in err
    if name.endswith(".xlsx"):
        assert "blad 'monitor'" in err
    assert not out.exists() or not any(out.iterdir())


def test_monitor_check_says_what_it_detected(tmp_path, capsys):
    path = excel_nl_csv(tmp_path / "m.csv", [{**cells(), "quarter": ""}])
    assert main(["monitor-check", str(path)]) == 0  # a Dutch run: Dutch output (issue 24)
    out = capsys.readouterr().out
    assert (
        "gelezen als CSV, scheidingsteken ';', tekenset Windows-1252, Nederlandse kopregel" in out
    )
    assert "1 rij(en), waargenomen, peildatum 30 juni 2027, gebieden: Heerlen Noord" in out
    assert main(["monitor-check", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "read as CSV, separator ';', encoding Windows-1252, Dutch header" in out
    assert "1 row(s), observed, as of 30 June 2027, areas: Heerlen Noord" in out
    bad = workbook(tmp_path / "m.xlsx", [cells(year=2029)])
    assert main(["monitor-check", str(bad)]) == 2
    err = capsys.readouterr().err
    # the refusal in the run's language (Dutch by default)
    assert f"{bad}, blad 'monitor'" in err and "(gelezen als Excel, blad 'monitor'" in err


# --- the template ---------------------------------------------------------------------------------


TEMPLATE = DATA / "monitor" / "template.xlsx"


def content(data: bytes) -> dict:
    """What a workbook holds: per sheet its cells, styles, validations and frozen panes."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "cells": [[c.value for c in row] for row in ws.iter_rows()],
            "formats": {k: d.number_format for k, d in ws.column_dimensions.items()},
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "validations": sorted(
                (str(v.sqref), v.type, v.formula1, v.formula2)
                for v in ws.data_validations.dataValidation
            ),
            "freeze": ws.freeze_panes,
        }
    return out


def test_template_build_is_reproducible_and_shipped():
    first, second = build_template(), build_template()
    assert first == second  # the same bytes on every build
    assert content(TEMPLATE.read_bytes()) == content(first), (
        "data/monitor/template.xlsx is stale: python -m nplv_analysis monitor-template"
    )
    with zipfile.ZipFile(io.BytesIO(first)) as z:  # nothing depends on when it was built
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    stamps = re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core)
    assert stamps == [("created", "2025-06-24T00:00:00Z"), ("modified", "2025-06-24T00:00:00Z")]


def test_template_is_what_people_need():
    wb = openpyxl.load_workbook(TEMPLATE)
    assert wb.sheetnames == ["instructies", "monitor", "gebieden"]
    ws = wb["monitor"]
    assert [c.value for c in ws[1]] == NL  # Dutch headers
    assert ws.freeze_panes == "A2"
    formats = {ws.cell(1, j + 1).column_letter: f for j, f in enumerate(COLUMNS)}
    number = {formats[k]: d.number_format for k, d in ws.column_dimensions.items() if k in formats}
    assert number["orv_costs_eur"] == '"€" #,##0' and number["homes_started_total"] == "#,##0"
    assert number["as_of"] == "d-m-yyyy"  # as Dutch Excel writes a date
    areas = pd.read_csv(DATA / "areas.csv")["area_id"].tolist()
    listed = [r[0] for r in wb["gebieden"].iter_rows(min_row=2, values_only=True)]
    assert listed == areas
    lists = {
        str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation if v.type == "list"
    }
    assert lists["A2:A1048576"] == f"gebieden!$A$2:$A${len(areas) + 1}"  # the drop-down of areas
    assert lists["B2:B1048576"] == '"2025,2026,2027,2028,2029"'
    text = "\n".join(str(r[0]) for r in wb["instructies"].iter_rows(values_only=True) if r[0])
    assert "Begint de bron van een rij met het woord ILLUSTRATIE" in text
    assert "de kopregel moet in rij 1 staan" in text
    m = load_monitor(TEMPLATE)  # the empty template is a valid (empty) monitor file
    assert m.table.empty and m.file_format == FileFormat("xlsx", sheet="monitor", header="nl")


def test_a_filled_in_template_is_read(tmp_path):
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb["monitor"]
    ws.append([GOOD[c] if c != "as_of" else dt.datetime(2027, 6, 30) for c in COLUMNS])
    wb.save(tmp_path / "mine.xlsx")
    m = load_monitor(tmp_path / "mine.xlsx")
    assert m.table.iloc[0]["capacity_costs_eur"] == 774_000 and not m.illustrative


# --- dates as Dutch Excel writes them (issue 25) --------------------------------------------------


@pytest.mark.parametrize("written", ["30-6-2027", "30-06-2027"])
def test_dutch_excel_dates_are_read(tmp_path, written):
    """Dutch Excel saves a date cell in a CSV as d-m-jjjj ("30-6-2027"), a typed one may read
    dd-mm-jjjj: both are the 30th of June 2027 (';', Windows-1252, as Excel writes)."""
    rows = [
        {**cells(), "quarter": "", "as_of": written, "source": "Monitor één"},
        {**cells(year=2027, quarter=1), "as_of": written, "source": "Monitor één"},
    ]
    m = load_monitor(excel_nl_csv(tmp_path / "m.csv", rows))
    assert m.as_of == dt.date(2027, 6, 30)
    assert m.file_format.encoding == "Windows-1252" and m.file_format.separator == ";"
    assert list(m.table["source"]) == ["Monitor één", "Monitor één"]


@pytest.mark.parametrize("written", ["06/07/2027", "30/6/2027", "6/30/2027"])
def test_dates_with_slashes_are_refused_naming_row_and_column(tmp_path, written):
    rows = [{**cells(), "quarter": ""}, {**cells(year=2025), "quarter": "", "as_of": written}]
    refused(
        excel_nl_csv(tmp_path / "m.csv", rows),
        f"row 3, column 'peildatum': {written!r} is not a date as the monitor reads dates",
        "a slash can be day-month or month-day and is not guessed",
    )


def test_date_refusal_in_the_runs_language(tmp_path):
    rows = [{**cells(), "quarter": "", "as_of": "06/07/2027"}]
    path = excel_nl_csv(tmp_path / "m.csv", rows)
    with pytest.raises(MonitorError) as info:
        load_monitor(path, lang="nl")
    message = str(info.value)
    assert f"{path}: monitorbestand niet ingelezen (1 probleem)" in message
    assert (
        "rij 2, kolom 'peildatum': '06/07/2027' is geen datum zoals de monitor die leest" in message
    )
    assert "row" not in message
    assert "rij 2, kolom" in info.value.text("nl") and "row 2, column" in info.value.text("en")


@pytest.mark.parametrize("written", ["31-6-2027", "30-6-27", "2027-6-30", "30.6.2027"])
def test_impossible_or_unread_dates_are_refused(tmp_path, written):
    rows = [{**cells(), "quarter": "", "as_of": written}]
    refused(
        excel_nl_csv(tmp_path / "m.csv", rows),
        f"row 2, column 'peildatum': {written!r} must be a date: 30-6-2027, 30-06-2027 or",
    )


def test_template_peildatum_cells_are_dates():
    """From row 2 the peildatum cells carry a date format (Dutch Excel then writes 30-6-2027 in
    a CSV, which is read) and a date validation."""
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb["monitor"]
    letter = openpyxl.utils.get_column_letter(COLUMNS.index("as_of") + 1)
    for row in (2, 3, 500, 1000):
        assert ws[f"{letter}{row}"].number_format == "d-m-yyyy"
        assert ws[f"{letter}{row}"].is_date
    assert ws[f"{letter}1"].number_format == "General"  # the header stays text
    dates = [v for v in ws.data_validations.dataValidation if v.type == "date"]
    assert [str(v.sqref) for v in dates] == [f"{letter}2:{letter}1048576"]
    assert "30-6-2027" in dates[0].prompt


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_plausibility_ceilings_are_named_without_internal_keys(lang):
    """Issue 24: a message names a ceiling in words, not by its key ("homes.programme.total")."""
    from nplv_analysis.monitor.intake import ceilings

    shown = {column: why.render(lang) for column, (_, why) in ceilings().items()}
    assert (
        shown["orv_costs_eur"]
        == {"nl": "het landelijke ORV-budget", "en": "the national ORV budget"}[lang]
    )
    assert (
        shown["capacity_costs_eur"]
        == {"nl": "het landelijke capaciteitsbudget", "en": "the national capacity budget"}[lang]
    )
    assert {"de woningen van het hele programma", "the homes of the whole programme"} & set(
        shown.values()
    )
