"""Untrusted files read for what they hold (issue 27): a monitor workbook with its XML edited (a
stale or forged ``<dimension>``, a very hidden sheet, a formula with a forged cached value, a
row far below the table), amounts of an agreement written otherwise than the Dutch way (made
from the project's own agreement text, as a PDF too), escape codes in a document's text.
Each case names where it is, and ends within a generous time."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.data.sheets import MAX_CELLS, MAX_LISTED, MAX_ROWS
from nplv_analysis.intake import IntakeError, escape_text, run_intake
from nplv_analysis.monitor import MonitorError, load_monitor
from nplv_analysis.monitor.intake import COLUMNS

from .test_intake import variant_pages, write_pdf, write_txt
from .test_integrity import tree
from .test_monitor_excel import GOOD, NL, cells

ROWS = [
    cells(area_id="heerlen-noord", year=2026),
    cells(
        area_id="breda-noord",
        year=2026,
        homes_started_total=120,
        homes_started_affordable=90,
        rs_registered_homes=60,
    ),
    cells(area_id="rotterdam-zuid", year=2026, homes_started_total=801),
]
"""Three rows; the last one is what a stale dimension used to lose."""


def monitor_book(path: Path, rows=ROWS, hidden: tuple[str, str] | None = None) -> Path:
    """A monitor workbook: the sheet "gegevens" with the header and ``rows``; ``hidden``:
    (sheet name, state) of a sheet before it with other rows (the same header)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if hidden:
        other = wb.create_sheet(hidden[0])
        other.append(NL)
        other.append([cells(homes_started_total=9_999)[c] for c in COLUMNS])
        other.sheet_state = hidden[1]
    ws = wb.create_sheet("gegevens")
    ws.append(NL)
    for r in rows:
        ws.append([r[c] for c in COLUMNS])
    wb.active = len(wb.worksheets) - 1
    wb.save(path)
    return path


def edit_sheet(path: Path, sheet: str, change) -> Path:
    """Rewrite the XML of ``xl/worksheets/<sheet>`` in the workbook with ``change`` (text in,
    text out), every other entry as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == f"xl/worksheets/{sheet}":
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


def dimension(ref: str):
    def change(xml: str) -> str:
        new, n = re.subn(r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>', xml)
        assert n == 1
        return new

    return change


def started(monitor) -> dict[str, int]:
    t = monitor.table
    return dict(zip(t["area_id"], t["homes_started_total"].astype(int), strict=True))


# --- the stored dimension -------------------------------------------------------------------------


def test_a_stale_dimension_loses_no_row(tmp_path):
    path = edit_sheet(monitor_book(tmp_path / "m.xlsx"), "sheet1.xml", dimension("A1:J2"))
    assert started(load_monitor(path)) == {
        "heerlen-noord": 376,
        "breda-noord": 120,
        "rotterdam-zuid": 801,
    }


def test_a_forged_dimension_of_the_whole_sheet_is_read_in_seconds(tmp_path):
    path = edit_sheet(monitor_book(tmp_path / "m.xlsx"), "sheet1.xml", dimension("A1:XFD1048576"))
    start = time.monotonic()
    assert len(started(load_monitor(path))) == 3
    assert time.monotonic() - start < 10


def test_a_row_far_below_the_table_is_refused_within_the_limit(tmp_path):
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = edit_sheet(
        monitor_book(tmp_path / "m.xlsx"),
        "sheet1.xml",
        lambda xml: xml.replace("</sheetData>", far + "</sheetData>"),
    )
    start = time.monotonic()
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    assert time.monotonic() - start < 10
    assert f"the sheet has more than {MAX_ROWS:,} rows" in str(info.value)


def test_cells_in_the_last_column_are_refused_within_the_limit(tmp_path):
    wide = "".join(
        f'<row r="{i}"><c r="XFD{i}" t="inlineStr"><is><t>x</t></is></c></row>'
        for i in range(5, 5 + MAX_CELLS // 16_384 + 2)
    )
    path = edit_sheet(
        monitor_book(tmp_path / "m.xlsx"),
        "sheet1.xml",
        lambda xml: xml.replace("</sheetData>", wide + "</sheetData>"),
    )
    start = time.monotonic()
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    assert time.monotonic() - start < 10
    assert f"the rows hold more than {MAX_CELLS:,} cells" in str(info.value)


# --- hidden sheets and formulas -------------------------------------------------------------------


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_sheet_named_monitor_is_never_read(tmp_path, capsys, state):
    path = monitor_book(tmp_path / "m.xlsx", hidden=("Monitor", state))
    m = load_monitor(path)
    assert started(m)["heerlen-noord"] == 376  # not the hidden sheet's 9,999
    assert m.file_format.sheet == "gegevens"
    assert main(["monitor-check", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "read as Excel, sheet 'gegevens', Dutch header, hidden sheets not read: 'Monitor'" in out


def test_only_hidden_sheets_with_the_header_are_refused_saying_so(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "instructies"
    wb.active.append(["Vul het blad monitor in."])
    ws = wb.create_sheet("monitor")
    ws.append(NL)
    ws.append([GOOD[c] for c in COLUMNS])
    ws.sheet_state = "veryHidden"
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(MonitorError) as info:
        load_monitor(tmp_path / "m.xlsx")
    assert "hidden sheets are never read ('monitor')" in str(info.value)


def test_a_formula_with_a_forged_cached_value_is_refused_naming_the_cell(tmp_path):
    path = monitor_book(tmp_path / "m.xlsx")

    def forge(xml: str) -> str:  # D2 (homes started) = 300+76, its cached result forged as 999
        new, n = re.subn(r'<c r="D2"[^>]*>.*?</c>', '<c r="D2"><f>300+76</f><v>999</v></c>', xml)
        assert n == 1
        return new

    edit_sheet(path, "sheet1.xml", forge)
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    message = str(info.value)
    assert "row 2, cell D2: a formula ('=300+76'); its stored result is not used" in message
    assert "999" not in message.replace("'=300+76'", "")


def test_errors_listed_per_file_are_capped(tmp_path):
    rows = [cells(year=1900 + i) for i in range(3 * MAX_LISTED)]
    path = monitor_book(tmp_path / "m.xlsx", rows=rows)
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    problems = info.value.problems
    assert len(problems) == MAX_LISTED + 1
    assert re.fullmatch(r"\.\.\. and [\d,]+ more", problems[-1]), problems[-1]
    assert "problems" in str(info.value).splitlines()[0]


# --- amounts in an agreement ----------------------------------------------------------------------


def breda(tmp_path: Path, old: str, new: str, pdf: bool = False) -> Path:
    pages = variant_pages()
    assert sum(old in p for p in pages) == 1, old
    pages = [p.replace(old, new) for p in pages]
    return (write_pdf if pdf else write_txt)(tmp_path / ("b.pdf" if pdf else "b.txt"), pages)


def test_an_amount_with_cents_is_read_to_the_cent(data_copy, tmp_path):
    from nplv_analysis.data import load_figures

    doc = breda(tmp_path, "€ 4.132.231 ", "€ 4.132.231,40 ", pdf=True)
    run_intake(doc, "breda-noord", data_copy)
    fig = load_figures(data_copy)
    mine = fig[fig["area_id"] == "breda-noord"].set_index("key")
    assert mine.at["orv.multifunctioneel_centrum_de_hoge_vucht.excl", "value"] == 4_132_231.40
    text = (data_copy / "agreements/breda-noord.yaml").read_text("utf-8")
    assert "value: 4132231.4\n" in text


@pytest.mark.parametrize(
    "old, new, amount, page, line",
    [
        # page 8 of the variant, line 2: the ORV table's total (the second part of the table)
        (
            "Totaal €9.999.999 €12.100.000",
            "Totaal €9.999.999 € 12,100,000.00",
            "€ 12,100,000.00",
            8,
            2,
        ),
        # page 7, line 7: the ORV maximum in the text
        ("€ 12.100.000 incl.", "€12.1 mln incl.", "€12.1 mln", 7, 7),
    ],
)
def test_an_amount_not_written_the_dutch_way_is_refused_naming_page_and_line(
    data_copy, tmp_path, capsys, old, new, amount, page, line
):
    doc = breda(tmp_path, old, new)
    before = tree(data_copy)
    argv = ["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]
    assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert f"{doc}, page {page}, line {line}: {amount} is not an amount" in err, err
    assert "Nothing written" in err and "Traceback" not in err
    assert tree(data_copy) == before
    assert main([*argv, "--lang", "nl"]) == 2
    assert f"pagina {page}, regel {line}" in capsys.readouterr().err


def test_a_minus_sign_is_kept_and_refused(data_copy, tmp_path):
    doc = breda(tmp_path, "Totaal €9.999.999 €12.100.000", "Totaal €9.999.999 -€12.100.000")
    with pytest.raises(IntakeError) as info:
        run_intake(doc, "breda-noord", data_copy)
    assert info.value.code == "intake.amount.negative"
    assert info.value.values["amount"] == "-€12.100.000"
    assert (info.value.values["page"], info.value.values["line"]) == (8, 2)


# --- escape codes in a document -------------------------------------------------------------------


def test_escape_codes_in_a_document_never_reach_the_terminal(data_copy, tmp_path, capsys):
    # the ORV line's name carries codes that erase the line and move the cursor up; the file
    # name carries one too
    doc = breda(tmp_path, "Herinrichting Haagpark", "Herinrichting\x1b[2K\x1b[1A Haagpark")
    odd = doc.with_name("b\x1b[31m.txt")
    doc.rename(odd)
    argv = ["intake", str(odd), "--area", "breda-noord", "--data-dir", str(data_copy)]
    main([*argv, "--lang", "en"])
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert "Herinrichting\ufffd[2K\ufffd[1A Haagpark" in captured.out
    assert "b\\x1b[31m.txt" in captured.out + captured.err
    text = (data_copy / "agreements/breda-noord.yaml").read_text("utf-8")
    assert "\x1b" not in text


def test_escape_text_writes_controls_as_escapes():
    assert escape_text("a\x1b[2Kb\u202ec\x07") == "a\\x1b[2Kb\\u202ec\\x07"
    assert escape_text("€ 1.234 – Noord") == "€ 1.234 – Noord"


# --- encrypted PDFs -------------------------------------------------------------------------------


def test_an_aes_encrypted_pdf_with_an_empty_password_is_read(data_copy, tmp_path):
    from pypdf import PdfReader, PdfWriter

    from nplv_analysis.data import load_figures

    plain = breda(tmp_path, "€ 4.132.231 ", "€ 4.132.231 ", pdf=True)
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="eigenaar", algorithm="AES-256")
    locked = tmp_path / "beveiligd.pdf"
    writer.write(locked)
    assert PdfReader(locked).is_encrypted
    run_intake(locked, "breda-noord", data_copy)
    fig = load_figures(data_copy)
    mine = fig[fig["area_id"] == "breda-noord"].set_index("key")
    assert mine.at["orv.total.incl", "value"] == 12_100_000
    assert mine.at["orv.multifunctioneel_centrum_de_hoge_vucht.excl", "value"] == 4_132_231
