"""Monitor intake: one clear message per fault (file, row, column, problem); Dutch numbers."""

import pandas as pd
import pytest

from nplv_analysis.monitor import MonitorError, load_monitor, parse_dutch_number

from .conftest import DATA

HEADER = (
    "area_id,year,quarter,homes_started_total,homes_started_affordable,rs_registered_homes,"
    "orv_costs_eur,capacity_costs_eur,source,as_of\n"
)
GOOD = "heerlen-noord,2026,,376,284,174,1400000,774000,Monitor 2027,2027-06-30\n"


def write(tmp_path, *rows, header=HEADER, name="m.csv"):
    path = tmp_path / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234),
        ("1.234", 1234),
        ("€ 1.234", 1234),
        ("€ 7.500.000", 7_500_000),
        ("7.500.000,00", 7_500_000),
        ("7,5", 7.5),
        ("7,50", 7.5),
        ("1.234,56", 1234.56),
        (376, 376),
        (7.5, 7.5),  # a number cell from Excel
    ],
)
def test_dutch_numbers(text, value):
    assert parse_dutch_number(text) == value


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1,234", "ambiguous"),
        ("7.5", "ambiguous"),
        ("12.34", "ambiguous"),
        ("7,5 mln", "not a number"),
        ("abc", "not a number"),
        ("-5", "negative"),
        ("", "is empty"),
        ("1 234", "not a number"),
    ],
)
def test_numbers_refused_not_guessed(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_dutch_number(text)


def test_a_good_file(tmp_path):
    m = load_monitor(
        write(tmp_path, GOOD.replace("1400000", '"€ 1.400.000"').replace("376", "376"))
    )
    row = m.table.iloc[0]
    assert row["orv_costs_eur"] == 1_400_000 and row["homes_started_total"] == 376
    assert not m.illustrative


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (GOOD + GOOD, "row 3, column 'area_id': duplicated: heerlen-noord 2026 is also in row 2"),
        (GOOD.replace("heerlen-noord", "heerlen"), "row 2, column 'area_id': 'heerlen' is not"),
        (GOOD.replace("2026,", "2030,", 1), "row 2, column 'year': 2030 is outside 2025-2029"),
        (GOOD.replace("376,284", "376,400"), "column 'homes_started_affordable': 400 affordable"),
        (GOOD.replace(",174,", ",300,"), "column 'rs_registered_homes': 300 registered homes"),
        (GOOD.replace("376", "-376"), "row 2, column 'homes_started_total': '-376' is negative"),
        (
            GOOD.replace("376", "veel"),
            "row 2, column 'homes_started_total': 'veel' is not a number",
        ),
        (GOOD.replace("1400000", '"1,400"'), "column 'orv_costs_eur': '1,400' is ambiguous"),
        (GOOD.replace("1400000", "7.5"), "column 'orv_costs_eur': '7.5' is ambiguous"),
        (GOOD.replace("376", '"376,5"'), "'376,5' is not a whole number of homes"),
        (GOOD.replace(",,", ",5,"), "row 2, column 'quarter': '5' must be 1, 2, 3 or 4"),
        (GOOD.replace("Monitor 2027", ""), "row 2, column 'source': is empty"),
        (
            GOOD.replace("2027-06-30", "06/30/2027"),
            "row 2, column 'as_of': '06/30/2027' is not a date as the monitor reads dates",
        ),
        (GOOD.replace("2027-06-30", "31-6-2027"), "row 2, column 'as_of': '31-6-2027' must be"),
        (
            GOOD + GOOD.replace("2026,,", "2026,1,"),
            "heerlen-noord 2026 is reported both as a whole year and by quarter",
        ),
    ],
)
def test_each_fault_is_named(tmp_path, row, expected):
    path = write(tmp_path, row)
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


def test_header_faults(tmp_path):
    path = write(tmp_path, GOOD, header=HEADER.replace("as_of", "date"))
    with pytest.raises(MonitorError, match="missing column\\(s\\) as_of") as info:
        load_monitor(path)
    assert "unknown column(s) date" in str(info.value)


def test_row_numbers_count_comment_lines(tmp_path):
    path = write(tmp_path, GOOD.replace("2026,", "2031,", 1), header="# note\n# more\n" + HEADER)
    with pytest.raises(MonitorError, match="row 4, column 'year'"):
        load_monitor(path)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (GOOD.replace("1400000", "1" * 400), "column 'orv_costs_eur': '1111111111"),
        (GOOD.replace("376", "3٧6"), "column 'homes_started_total': '3٧6' is not a number"),
        (GOOD.replace("376", "37²"), "column 'homes_started_total': '37²' is not a number"),
    ],
)
def test_hostile_numbers_are_refused(tmp_path, row, expected):
    """Too many digits (an infinite float, then a crash) and digits other than 0-9 (read as
    another number) are refused with the row and column."""
    path = write(tmp_path, row)
    with pytest.raises(MonitorError) as info:
        load_monitor(path)
    assert "row 2" in str(info.value) and expected in str(info.value)


def test_byte_order_mark_keeps_the_row_numbers(tmp_path):
    path = write(tmp_path, GOOD.replace("2026,", "2031,", 1), header="\ufeff# note\n" + HEADER)
    with pytest.raises(MonitorError, match="row 3, column 'year'"):
        load_monitor(path)


def test_all_faults_at_once(tmp_path):
    path = write(tmp_path, GOOD.replace("heerlen-noord", "x").replace("376", "veel"))
    with pytest.raises(MonitorError, match="2 problems"):
        load_monitor(path)


def test_excel_input(tmp_path):
    df = pd.read_csv(write(tmp_path, GOOD), dtype=str, keep_default_na=False)
    df["orv_costs_eur"] = ["€ 1.400.000"]
    df["homes_started_total"] = [376]
    df.to_excel(tmp_path / "m.xlsx", index=False)
    m = load_monitor(tmp_path / "m.xlsx")
    assert m.table.iloc[0]["orv_costs_eur"] == 1_400_000


def test_excel_fault_names_the_row(tmp_path):
    df = pd.read_csv(write(tmp_path, GOOD), dtype=str, keep_default_na=False)
    df["year"] = ["2031"]
    df.to_excel(tmp_path / "m.xlsx", index=False)
    with pytest.raises(MonitorError, match="m.xlsx.*\n.*row 2, column 'year': 2031"):
        load_monitor(tmp_path / "m.xlsx")


def test_not_csv_or_excel(tmp_path):
    (tmp_path / "m.txt").write_text("x")
    with pytest.raises(MonitorError, match="monitor files are .csv or .xlsx"):
        load_monitor(tmp_path / "m.txt")


def test_the_template_is_empty_and_loads(tmp_path):
    m = load_monitor(DATA / "monitor" / "template.csv")
    assert m.table.empty


def test_shipped_illustration_is_labelled_and_reproducible(tmp_path):
    from nplv_analysis.monitor import write_illustrative_monitor

    shipped = DATA / "monitor" / "illustratief-2027.csv"
    text = shipped.read_text(encoding="utf-8")
    assert text.startswith("# ILLUSTRATIE - GEEN WAARGENOMEN CIJFERS")
    m = load_monitor(shipped)
    assert m.illustrative
    assert m.table["source"].str.startswith("ILLUSTRATIE").all()
    # it is exactly what the named scenario generates: no hand-made numbers
    again = write_illustrative_monitor(tmp_path / "again.csv")
    assert again.read_text(encoding="utf-8") == text
