"""Plan lists (issue 23, item 3): a municipality's list of projects as Dutch offices keep it
(Excel-NL CSV, .xlsx, Dutch or English headers), read into one row a project; the affordable
starts per year it gives, as planned (by hand below) and as expected; every refusal names file,
row (the header is row 1) and column (header and letter), in the reader's language; the template
and the illustrative list for Heerlen Noord that ship in data/plans/."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from nplv_analysis.data import load_figures
from nplv_analysis.plans import (
    COLUMNS,
    HEADERS,
    PlanError,
    PlanFileError,
    build_template,
    load_plans,
    starts_from_plans,
)

from .conftest import DATA

ILLUSTRATION = DATA / "plans" / "illustratief-heerlen-noord.csv"
TEMPLATE = DATA / "plans" / "template.xlsx"
NL = [HEADERS[c]["nl"] for c in (*COLUMNS, "source")]
EN = [*COLUMNS, "source"]

# Six projects as a municipality keeps them: five in Heerlen Noord, one in Utrecht Overvecht.
# Dutch thousands ("1.234"), an empty quarter, a phase in capitals, a name with "é" (one byte,
# 0xE9, in Windows-1252), one project without affordable homes.
SIX = [
    ["heerlen-noord", "Groeve Gebieden", "1.234", "1.050", "2026", "2", "vergunning", "Gemeente"],
    ["heerlen-noord", "Poort van Noord", "400", "300", "2027", "", "planvorming", "Gemeente"],
    ["heerlen-noord", "Café-locatie Hoensbroek", "120", "80", "2026", "4", "bouw", "Gemeente"],
    ["heerlen-noord", "Herstructurering Zuid", "250", "0", "2028", "", "initiatief", "Gemeente"],
    ["heerlen-noord", "Herstructurering Noord", "90", "90", "2027", "1", "VERGUNNING", "Gemeente"],
    ["utrecht-overvecht", "Overvecht Centrum", "500", "350", "2026", "3", "Bouw", "Gemeente"],
]
# by hand: Heerlen Noord 2026: 1,050 + 80 = 1,130; 2027: 300 + 90 = 390; 2028: 0
HN_PLANNED = {2026: 1130.0, 2027: 390.0, 2028: 0.0}


def excel_nl(path, rows, header=NL, encoding="cp1252", comments=()):
    """A list as Dutch Excel saves 'CSV (gescheiden door lijstscheidingsteken)': ';',
    Windows-1252, CRLF, numbers as shown, not quoted."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for c in comments:
        w.writerow([c])
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def workbook(path, rows, header=NL, sheet="planlijst"):
    """The same rows in an Excel workbook, numbers as Excel numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            number = i in (2, 3, 4, 5) and v != ""
            cells.append(int(v.replace(".", "")) if number else (v or None))
        ws.append(cells)
    wb.save(path)
    return path


def refused(path, lang="nl", **kw) -> PlanFileError:
    with pytest.raises(PlanFileError) as info:
        load_plans(path, lang=lang, **kw)
    return info.value


def one_problem(path, lang="nl") -> str:
    err = refused(path, lang)
    assert len(err.problems) == 1, err.problems
    assert str(path) in str(err)
    return err.problems[0]


# --- reading ---------------------------------------------------------------------------------


def test_six_projects_from_dutch_excel_csv(tmp_path):
    path = excel_nl(tmp_path / "planlijst.csv", SIX)
    raw = path.read_bytes()
    assert b"Caf\xe9" in raw and b";1.234;1.050;" in raw  # Windows-1252, Dutch thousands
    plans = load_plans(path)
    assert list(plans.columns) == list(COLUMNS)
    assert len(plans) == 6
    first = plans.iloc[0]
    assert (first["homes_total"], first["homes_affordable"]) == (1234, 1050)
    assert plans["phase"].tolist() == [
        "vergunning",
        "planvorming",
        "bouw",
        "initiatief",
        "vergunning",
        "bouw",
    ]
    assert plans["start_quarter"].tolist() == [2, pd.NA, 4, pd.NA, 1, 3]
    assert str(plans["start_quarter"].dtype) == "Int64"
    assert plans["homes_total"].dtype == "int64" and plans["start_year"].dtype == "int64"
    assert plans.iloc[2]["project"] == "Café-locatie Hoensbroek"
    fmt = plans.attrs["file_format"]
    assert (fmt.kind, fmt.encoding, fmt.separator, fmt.header) == (
        "csv",
        "Windows-1252",
        ";",
        "nl",
    )
    assert plans.attrs["illustrative"] is False

    starts = starts_from_plans(plans, "heerlen-noord")
    assert starts.to_dict() == HN_PLANNED
    assert starts.name == "starts" and starts.index.name == "year"
    assert starts.dtype == float and all(isinstance(y, int) for y in starts.index)
    assert starts_from_plans(plans, "utrecht-overvecht").to_dict() == {2026: 350.0}


def test_the_same_list_as_xlsx(tmp_path):
    from_csv = load_plans(excel_nl(tmp_path / "p.csv", SIX))
    from_xlsx = load_plans(workbook(tmp_path / "p.xlsx", SIX))
    pd.testing.assert_frame_equal(from_xlsx, from_csv)
    assert from_xlsx.attrs["file_format"].sheet == "planlijst"
    assert starts_from_plans(from_xlsx, "heerlen-noord").to_dict() == HN_PLANNED


def test_english_headers_comma_and_utf8(tmp_path):
    path = tmp_path / "plans.csv"
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([h.upper() if i == 0 else h for i, h in enumerate(EN)])  # any case
    w.writerows([[c.replace(".", "") for c in r] for r in SIX])
    path.write_text(out.getvalue(), encoding="utf-8")
    plans = load_plans(path)
    fmt = plans.attrs["file_format"]
    assert (fmt.encoding, fmt.separator, fmt.header) == ("UTF-8", ",", "en")
    pd.testing.assert_frame_equal(plans, load_plans(excel_nl(tmp_path / "nl.csv", SIX)))


def test_quarter_and_source_columns_are_optional(tmp_path):
    header = [HEADERS[c]["nl"] for c in COLUMNS if c != "start_quarter"]
    rows = [[c for i, c in enumerate(r) if i not in (5, 7)] for r in SIX]
    plans = load_plans(excel_nl(tmp_path / "p.csv", rows, header=header))
    assert plans["start_quarter"].isna().all() and list(plans.columns) == list(COLUMNS)


def test_phase_labels_in_either_language_are_read_as_codes(tmp_path):
    labels = ["Permit", "planning"] * 3
    rows = [r[:6] + [label] + r[7:] for r, label in zip(SIX, labels, strict=True)]
    plans = load_plans(excel_nl(tmp_path / "p.csv", rows))
    assert set(plans["phase"]) == {"vergunning", "planvorming"}


def test_comment_rows_come_before_the_header_and_count_as_rows(tmp_path):
    rows = [SIX[0], SIX[1][:4] + ["2040"] + SIX[1][5:]]
    path = excel_nl(tmp_path / "p.csv", rows, comments=["# een toelichting", "# nog een"])
    assert one_problem(path).startswith("rij 5, kolom 'start bouw jaar' (E): 2040")


# --- refusals: one test each, naming row and column --------------------------------------------


def with_cell(row: int, col: int, value: str) -> list[list[str]]:
    """SIX with one cell changed (row 0 is the first project, spreadsheet row 2)."""
    rows = [list(r) for r in SIX]
    rows[row][col] = value
    return rows


def test_affordable_above_total(tmp_path):
    path = excel_nl(tmp_path / "p.csv", with_cell(1, 3, "401"))
    assert one_problem(path) == (
        "rij 3, kolom 'woningen betaalbaar' (D): 401 betaalbare woningen is meer dan "
        "'woningen totaal' (400)"
    )


def test_unknown_phase(tmp_path):
    path = excel_nl(tmp_path / "p.csv", with_cell(2, 6, "oplevering"))
    assert one_problem(path) == (
        "rij 4, kolom 'fase' (G): 'oplevering' is geen fase; de fasen zijn initiatief, "
        "planvorming, vergunning, bouw"
    )


@pytest.mark.parametrize("year", ["2019", "2036"])
def test_start_year_outside_the_range(tmp_path, year):
    path = excel_nl(tmp_path / "p.csv", with_cell(0, 4, year))
    assert one_problem(path) == f"rij 2, kolom 'start bouw jaar' (E): {year} ligt buiten 2020-2035"


def test_start_years_at_the_ends_of_the_range_are_taken(tmp_path):
    rows = with_cell(0, 4, "2020")
    rows[1][4] = "2035"
    assert load_plans(excel_nl(tmp_path / "p.csv", rows))["start_year"].tolist()[:2] == [
        2020,
        2035,
    ]


def test_duplicate_project_in_an_area(tmp_path):
    # the same name in another case and with other spaces is the same project
    path = excel_nl(tmp_path / "p.csv", with_cell(4, 1, "poort  van NOORD"))
    assert one_problem(path) == (
        "rij 6, kolom 'project' (B): project 'poort van NOORD' van heerlen-noord staat ook in "
        "rij 3; een project staat één keer in de lijst"
    )


def test_the_same_name_in_another_area_is_another_project(tmp_path):
    plans = load_plans(excel_nl(tmp_path / "p.csv", with_cell(5, 1, "Groeve Gebieden")))
    assert (plans["project"] == "Groeve Gebieden").sum() == 2


def test_unknown_area(tmp_path):
    path = excel_nl(tmp_path / "p.csv", with_cell(3, 0, "heerlen-zuid"))
    assert one_problem(path) == (
        "rij 5, kolom 'gebied (id)' (A): 'heerlen-zuid' is geen NPLV-gebied (zie areas.csv in "
        "de gegevensmap)"
    )


def test_missing_required_column(tmp_path):
    header = [h for h in NL if h != "fase"]
    rows = [r[:6] + r[7:] for r in SIX]
    assert one_problem(excel_nl(tmp_path / "p.csv", rows, header=header)) == (
        "rij 1 (de kopregel): ontbrekende kolom(men) phase (fase)"
    )


@pytest.mark.parametrize(
    ("col", "value", "expected"),
    [
        (2, "", "rij 3, kolom 'woningen totaal' (C): is leeg"),
        (1, " ", "rij 3, kolom 'project' (B): is leeg"),
        (3, "veel", "rij 3, kolom 'woningen betaalbaar' (D): 'veel' is geen getal (schrijf"),
        (4, "volgend jaar", "rij 3, kolom 'start bouw jaar' (E): 'volgend jaar' is geen getal"),
        (2, "1,234", "rij 3, kolom 'woningen totaal' (C): '1,234' is dubbelzinnig"),
    ],
)
def test_empty_and_non_numeric_cells(tmp_path, col, value, expected):
    assert one_problem(excel_nl(tmp_path / "p.csv", with_cell(1, col, value))).startswith(expected)


def test_negative_number(tmp_path):
    path = excel_nl(tmp_path / "p.csv", with_cell(1, 3, "-5"))
    assert one_problem(path) == "rij 3, kolom 'woningen betaalbaar' (D): '-5' is negatief"


def test_negative_number_in_a_workbook(tmp_path):
    path = workbook(tmp_path / "p.xlsx", with_cell(1, 2, "-5"))
    err = refused(path)
    assert err.problems == ["rij 3, kolom 'woningen totaal' (C): '-5' is negatief"]
    assert "blad 'planlijst'" in str(err) and "(gelezen als Excel, blad 'planlijst'" in str(err)


def test_non_whole_homes(tmp_path):
    path = excel_nl(tmp_path / "p.csv", with_cell(1, 2, "400,5"))
    assert one_problem(path) == (
        "rij 3, kolom 'woningen totaal' (C): '400,5' is geen heel aantal woningen"
    )


def test_quarter_outside_1_to_4(tmp_path):
    path = excel_nl(tmp_path / "p.csv", with_cell(0, 5, "5"))
    assert one_problem(path) == (
        "rij 2, kolom 'kwartaal' (F): '5' moet 1, 2, 3 of 4 zijn (of leeg voor het hele jaar)"
    )


def test_every_fault_at_once_in_english(tmp_path):
    rows = with_cell(0, 3, "2.000")  # above the total of 1.234
    rows[2][6] = "klaar"
    rows[3][0] = "nergens"
    path = excel_nl(tmp_path / "p.csv", rows)
    err = refused(path, lang="en")
    assert err.problems == [
        "row 2, column 'woningen betaalbaar' (D): 2,000 affordable homes is more than "
        "'woningen totaal' (1,234)",
        "row 4, column 'fase' (G): 'klaar' is not a phase; the phases are initiatief, "
        "planvorming, vergunning, bouw",
        "row 5, column 'gebied (id)' (A): 'nergens' is not an NPLV area (see areas.csv in the "
        "data folder)",
    ]
    assert str(err).startswith(f"{path}: plan list not taken in (3 problems) (read as CSV, ")
    assert [m.code for m in err.messages] == ["plans.cell"] * 3
    assert err.text("nl").startswith(f"{path}: planlijst niet ingelezen (3 problemen)")


def test_the_file_rules_of_every_intake_speak_dutch(tmp_path):
    """A title row above the header: the shared reading rules, in the reader's language."""
    path = tmp_path / "p.csv"
    path.write_text("Planlijst Heerlen\n" + ";".join(NL) + "\n", encoding="utf-8")
    assert one_problem(path).startswith(
        "rij 1: is niet de kopregel (er staat 'Planlijst Heerlen'); de kopregel staat in rij 2."
    )
    other = tmp_path / "p.txt"
    other.write_text("x", encoding="utf-8")
    assert one_problem(other) == "een planlijst is een .csv- of .xlsx-bestand"
    assert one_problem(tmp_path / "nergens.csv") == "bestand niet gevonden"


def test_an_area_without_projects_is_a_clear_error(tmp_path):
    plans = load_plans(excel_nl(tmp_path / "p.csv", SIX))
    with pytest.raises(PlanError) as info:
        starts_from_plans(plans, "zaandam-oost")
    assert str(info.value) == (
        "de planlijst heeft geen projecten in zaandam-oost (wel in: heerlen-noord, "
        "utrecht-overvecht)"
    )
    assert isinstance(info.value, ValueError)
    with pytest.raises(PlanError, match="expected a table"):
        starts_from_plans({"a": 1}, "heerlen-noord", lang="en")


# --- what ships in data/plans/ --------------------------------------------------------------


def test_illustrative_list_adds_up_to_the_agreement():
    plans = load_plans(ILLUSTRATION)
    assert int(plans["homes_total"].sum()) == 2352
    assert int(plans["homes_affordable"].sum()) == 1775
    fig = load_figures()
    hn = fig[fig["area_id"] == "heerlen-noord"].set_index("key")["value"]
    assert plans["homes_total"].sum() == hn["homes.startbouw.puur_nplv.total"]
    assert plans["homes_affordable"].sum() == hn["homes.startbouw.puur_nplv.affordable"]
    assert 6 <= len(plans) <= 10 and set(plans["area_id"]) == {"heerlen-noord"}
    names = " ".join(plans["project"])
    for place in ("Groeve Gebieden", "Poort van Noord", "Hoensbroek", "Herstructurering"):
        assert place in names
    assert plans.attrs["illustrative"]
    assert plans["start_year"].between(2025, 2029).all()


def test_illustrative_list_is_labelled_in_name_rows_and_header():
    assert "illustratief" in ILLUSTRATION.name
    raw = ILLUSTRATION.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel's 'CSV UTF-8'
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("# ILLUSTRATIEF")
    body = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(body)), delimiter=";"))
    assert all(r["bron"].startswith("ILLUSTRATIEF") and "p. 5" in r["bron"] for r in rows)
    assert (DATA / "plans" / "README.md").is_file()


def test_template_is_built_by_code_and_shipped():
    first = build_template()
    assert first == build_template()
    assert TEMPLATE.read_bytes() == first, (
        "data/plans/template.xlsx is stale: python -m nplv_analysis plans-template"
    )
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_template_is_what_people_need():
    wb = openpyxl.load_workbook(TEMPLATE)
    assert wb.sheetnames == ["instructies", "planlijst", "gebieden"]
    ws = wb["planlijst"]
    assert [c.value for c in ws[1]] == NL
    assert ws.freeze_panes == "A2"
    rules = {str(v.sqref): v for v in ws.data_validations.dataValidation}
    assert rules["G2:G1048576"].formula1 == '"initiatief,planvorming,vergunning,bouw"'
    year = rules["E2:E1048576"]
    assert (year.type, year.operator, year.formula1, year.formula2) == (
        "whole",
        "between",
        "2020",
        "2035",
    )
    assert rules["F2:F1048576"].formula1 == '"1,2,3,4"'
    assert rules["D2:D1048576"].type == "custom" and "D2<=C2" in rules["D2:D1048576"].formula1
    assert rules["A2:A1048576"].formula1.startswith("gebieden!$A$2:$A$")
    text = "\n".join(str(c.value) for c in wb["instructies"]["A"] if c.value)
    assert "ILLUSTRATIEF" in text and "python -m nplv_analysis plans" in text
    empty = load_plans(TEMPLATE)
    assert empty.empty and list(empty.columns) == list(COLUMNS)


def test_a_filled_in_template_is_read(tmp_path):
    wb = openpyxl.load_workbook(TEMPLATE)
    wb["planlijst"].append(["heerlen-noord", "Groeve Gebieden", 420, 315, 2026, 2, "vergunning"])
    wb.save(tmp_path / "mijn-planlijst.xlsx")
    plans = load_plans(tmp_path / "mijn-planlijst.xlsx")
    assert plans.iloc[0]["homes_affordable"] == 315 and not plans.attrs["illustrative"]


# --- expected starts (the engine's expected_plan_starts, data/plans/phases.yaml) --------------


def test_expected_starts_by_hand(tmp_path):
    """With the shipped phases (A31): vergunning 90% and slip 70/20/10%, planvorming 70% and
    50/30/20%, bouw 100% and none, initiatief 50% (here 0 affordable homes)."""
    plans = load_plans(excel_nl(tmp_path / "p.csv", SIX))
    expected = starts_from_plans(plans, "heerlen-noord", as_planned=False)
    # Groeve Gebieden 1,050 x 0.9 = 945: 661.5 / 189 / 94.5 in 2026-2028
    # Poort van Noord 300 x 0.7 = 210: 105 / 63 / 42 in 2027-2029
    # Cafe-locatie 80 in 2026; Herstructurering Noord 90 x 0.9 = 81: 56.7 / 16.2 / 8.1
    by_hand = {2026: 741.5, 2027: 350.7, 2028: 173.7, 2029: 50.1}
    assert expected.to_dict() == pytest.approx(by_hand)
    assert list(expected.index) == [2026, 2027, 2028, 2029]
    assert expected.name == "starts" and expected.index.name == "year"
    assert expected.sum() == pytest.approx(1316.0)
    assert expected.sum() < sum(HN_PLANNED.values())  # fewer than planned (1,520)
    assert starts_from_plans(plans, "utrecht-overvecht", as_planned=False).to_dict() == {
        2026: 350.0
    }


def test_the_starts_are_what_a_scenario_takes(tmp_path):
    from nplv_analysis.engine import Scenario, totals

    plans = load_plans(excel_nl(tmp_path / "p.csv", SIX))
    starts = starts_from_plans(plans, "heerlen-noord")
    tot = totals(Scenario(starts=starts.to_dict()), ["heerlen-noord"]).set_index("instrument")
    # 1,130 + 390 affordable starts in 2026-2027 at EUR 7,000: EUR 10.64 mln, above 8.0
    assert tot.at["realisatiestimulans", "gross_eur"] == pytest.approx(10_640_000)
    assert tot.at["realisatiestimulans", "position"] == "above"
    same = totals(Scenario(starts=starts), ["heerlen-noord"]).set_index("instrument")  # a Series
    assert same.at["realisatiestimulans", "gross_eur"] == pytest.approx(10_640_000)


# --- the command ------------------------------------------------------------------------------


def plans_cli(capsys, *args):
    from nplv_analysis.apps.cli import main

    code = main(["plans", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def line_of(out: str, start: str) -> str:
    return next(line for line in out.splitlines() if line.strip().startswith(start))


def test_cli_on_the_illustrative_list(capsys):
    code, out, err = plans_cli(capsys, ILLUSTRATION)
    assert code == 0, err
    assert "gelezen als CSV, scheidingsteken ';', tekenset UTF-8 met BOM" in out
    assert "ILLUSTRATIEF" in out.splitlines()[1]
    assert "Heerlen Noord (heerlen-noord): 8 project(en), 2.352 woningen, waarvan 1.775" in out
    # per project: 315 affordable starts x EUR 7,000; expected 315 x 0.9 = 283.5, all in time
    groeve = line_of(out, "Groeve Gebieden fase 1")
    assert "2026 K2" in groeve and "€ 2.205.000" in groeve and "283,5" in groeve
    assert "€ 1.984.500" in groeve  # 283.5 x 7,000
    # per start year: 2026 has 315 + 190 = 505 affordable starts, EUR 3,535,000 paid in 2027
    year = line_of(out, "2026 ").split()
    assert year[:5] == ["2026", "505", "€", "3.535.000", "2027"]
    for y in ("2025", "2027", "2028", "2029"):
        assert line_of(out, f"{y} ")
    assert "Starts in 2030, 2031 vallen buiten 2025-2029" in out  # expected slips
    # totals: 1,775 x 7,000 as planned; 1,286.3 expected in 2025-2029 x 7,000
    assert "gepland: € 12.425.000, boven de inschatting" in out
    assert "verwacht: € 9.004.100, boven de inschatting" in out
    assert "€ 5,3 mln – € 8,0 mln" in out
    assert "totaal" in line_of(out, "totaal") and "€ 12.425.000" in line_of(out, "totaal")
    assert "waarvan 1.286 in 2025-2029 (72%)" in out and "76,9%" in out
    assert "Traceback" not in out + err


def test_cli_in_english(capsys):
    code, out, _ = plans_cli(capsys, ILLUSTRATION, "--lang", "en", "--area", "heerlen-noord")
    assert code == 0
    assert "Per start year" in out and "planned: € 12,425,000, above the estimate" in out
    assert line_of(out, "2026 ").split()[:5] == ["2026", "505", "€", "3,535,000", "2027"]


def test_cli_on_a_bad_list(tmp_path, capsys):
    rows = with_cell(1, 3, "401")
    rows[2][6] = "klaar"
    bad = excel_nl(tmp_path / "slecht.csv", rows)
    code, out, err = plans_cli(capsys, bad)
    assert code == 2
    assert f"{bad}: planlijst niet ingelezen (2 problemen)" in err
    assert "rij 3, kolom 'woningen betaalbaar' (D): 401 betaalbare woningen" in err
    assert "rij 4, kolom 'fase' (G): 'klaar' is geen fase" in err
    assert "Traceback" not in out + err and out == ""
    code, out, err = plans_cli(capsys, tmp_path / "weg.xlsx", "--lang", "en")
    assert code == 2 and "weg.xlsx: plan list not taken in (1 problem)" in err
    assert "file not found" in err and "Traceback" not in err


def test_cli_on_an_area_not_in_the_list(capsys):
    code, out, err = plans_cli(capsys, ILLUSTRATION, "--area", "zaandam-oost")
    assert code == 2
    assert "de planlijst heeft geen projecten in zaandam-oost (wel in: heerlen-noord)" in err
    assert "Traceback" not in err


def test_plans_template_command(tmp_path, capsys):
    from nplv_analysis.apps.cli import main

    out = tmp_path / "sjabloon.xlsx"
    assert main(["plans-template", "--out", str(out)]) == 0
    assert out.read_bytes() == build_template()
    assert "geschreven:" in capsys.readouterr().out


def test_the_data_check_reads_the_plan_lists(data_copy, capsys):
    from nplv_analysis.apps.cli import main

    assert main(["check", "--data-dir", str(data_copy), "--lang", "en"]) == 0
    assert "[plan lists]" not in capsys.readouterr().out
    excel_nl(data_copy / "plans" / "kapot.csv", with_cell(0, 4, "2040"))
    assert main(["check", "--data-dir", str(data_copy), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "ERROR (1)" in out
    fault = "kapot.csv: row 2, column 'start bouw jaar' (E): 2040 is outside 2020-2035"
    assert f"[plan lists] {fault}" in out
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    assert "FOUT (1)\n  [planlijsten] kapot.csv: rij 2" in capsys.readouterr().out
