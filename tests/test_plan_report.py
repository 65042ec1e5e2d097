"""The plan report (issue 23): a plan list as money per project and per start year, as planned
and as expected, against the estimate; in a report run with ``--plans``. Values by hand from the
six-project list of tests/test_plans.py (its five Heerlen Noord projects) and the phases of
data/plans/phases.yaml (A31): vergunning starts with 0.9, planvorming 0.7, bouw 1; their slips
keep these projects' starts inside 2025-2029."""

from __future__ import annotations

import pytest

from nplv_analysis.pipeline import stamps
from nplv_analysis.plans import load_plans
from nplv_analysis.report.plans import plan_money, project_table, year_table

from .test_plans import SIX, excel_nl

HN = "heerlen-noord"


@pytest.fixture(scope="module")
def six(tmp_path_factory):
    return excel_nl(tmp_path_factory.mktemp("plans") / "planlijst.csv", SIX)


@pytest.fixture(scope="module")
def money(six):
    return plan_money(load_plans(six), HN)


def test_money_per_project_by_hand(money):
    """Groeve Gebieden 1,050 x 7,000 = 7,350,000 planned, 945 (x 0.9) x 7,000 = 6,615,000
    expected; Poort van Noord 300 -> 2,100,000 and 210 -> 1,470,000; the Café in the bouw phase
    80 -> 560,000 both; Herstructurering Zuid has no affordable homes; Herstructurering Noord 90 ->
    630,000 and 81 -> 567,000."""
    p = money["projects"].set_index("project")
    assert p["planned_eur"].to_dict() == pytest.approx(
        {
            "Groeve Gebieden": 7_350_000,
            "Poort van Noord": 2_100_000,
            "Café-locatie Hoensbroek": 560_000,
            "Herstructurering Zuid": 0,
            "Herstructurering Noord": 630_000,
        }
    )
    assert p["expected_eur"].tolist() == pytest.approx([6_615_000, 1_470_000, 560_000, 0, 567_000])
    assert p.at["Café-locatie Hoensbroek", "p_paid"] == 1
    assert p.at["Groeve Gebieden", "at_risk_eur"] == pytest.approx(735_000)


def test_the_list_against_the_estimate(money):
    """10,640,000 planned and 9,212,000 expected: both above the estimate's 8.0 mln."""
    est = money["estimate"]
    assert est.loc["planned", "gross_eur"] == pytest.approx(10_640_000)
    assert est.loc["expected", "gross_eur"] == pytest.approx(9_212_000)
    assert list(est["position"]) == ["above", "above"]
    assert est.loc["planned", "reference_high_eur"] == 8_000_000


def test_money_per_start_year(money):
    """2026: 1,050 + 80 = 1,130 planned starts, 7,910,000 paid in 2027."""
    y = money["years"].set_index("start_year")
    assert y.at[2026, "planned_starts"] == 1130
    assert y.at[2026, "planned_eur"] == pytest.approx(7_910_000)
    assert y.at[2026, "planned_paid_year"] == 2027


def test_tables_in_the_readers_words(money):
    nl = project_table(money["projects"], "nl")
    assert nl.loc["totaal", "realisatiestimulans gepland"] == "€ 10.640.000"
    assert nl.loc["Groeve Gebieden", "fase"] == "vergunning"
    en = project_table(money["projects"], "en")
    assert en.loc["total", "realisatiestimulans planned"] == "€ 10,640,000"
    years = year_table(money["years"], "nl")
    assert years.loc["2026", "uitbetaald (gepland)"] == "2027"


def test_a_plan_list_is_keyed_by_name_and_content(tmp_path, six):
    """A report's key holds the plan list's name and content, not where it lies."""
    other = tmp_path / "elders"
    other.mkdir()
    copy = other / six.name
    copy.write_bytes(six.read_bytes())
    nb = stamps.PACKAGE_DIR.parent / "notebooks" / "plans_report.ipynb"

    def key(path):
        return stamps.report_key(nb, {"plans_file": str(path)}, "d", "nl", "s")

    (k1, inputs), (k2, _) = key(six), key(copy)
    assert k1 == k2 and inputs["plans"]["sha256"] == stamps.file_hash(six)
    copy.write_bytes(six.read_bytes().replace(b"1.050", b"1.051"))
    assert key(copy)[0] != k1


@pytest.mark.slow
def test_reports_with_a_plan_list_of_ones_own(tmp_path, six, capsys):
    from nplv_analysis.apps.cli import main

    out = tmp_path / "r"
    args = ["reports", "--plans", str(six), "--area", HN, "--out", str(out), "--jobs", "1"]
    assert main(args) == 0, capsys.readouterr()
    html = (out / HN / "planlijst.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "€ 10.640.000" in html and "ILLUSTRATIEF" not in html
    assert "planlijst: hash van het bestand " in html  # the stamp identifies the list
    assert "planlijst.csv" not in html  # by its hash, not its name (issue 24)
    assert (out / HN / "plans.png").exists() and (out / HN / "planlijst.xlsx").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "NPLV Heerlen Noord: planlijst" in index


def test_reports_refuse_a_faulty_plan_list_before_anything_runs(tmp_path, capsys):
    from nplv_analysis.apps.cli import main

    bad = excel_nl(tmp_path / "kapot.csv", [["heerlen-noord", "X", "10", "20", "2026", "", "bouw"]])
    out = tmp_path / "r"
    assert main(["reports", "--plans", str(bad), "--out", str(out)]) != 0
    err = capsys.readouterr().err
    assert "rij 2" in err and "Traceback" not in err
    assert not (out / HN / "planlijst.html").exists()


def test_a_per_project_what_if_is_one_line(six):
    """Groeve Gebieden a year later (1,050 from 2026 to 2027), the Café dropped (80 gone):
    2026 1,130 -> 0 ... by hand: 2026: 0, 2027: 300 + 90 + 1,050 = 1,440."""
    from nplv_analysis.plans import PlanError, starts_from_plans, what_if

    plans = load_plans(six)
    late = what_if(plans, later={"Groeve Gebieden": 1}, drop=["Café-locatie Hoensbroek"])
    assert starts_from_plans(late, HN).to_dict() == {2027: 1440.0, 2028: 0.0}
    assert starts_from_plans(plans, HN).to_dict() == {2026: 1130.0, 2027: 390.0, 2028: 0.0}
    with pytest.raises(PlanError, match="niet in de planlijst: Nergens"):
        what_if(plans, drop=["Nergens"])


# --- review findings (each failed before its fix) ---------------------------------------------


def test_the_chance_of_a_payment_is_exact(six):
    """Poort van Noord, planvorming, 2027: starts with 0.7, slips 0/1/2 years with 0.5/0.3/0.2,
    all inside 2025-2029: 0.7. A 2028 project in planvorming: 0.7 x (0.5 + 0.3) = 0.56."""
    from .test_plans import SIX

    rows = [*SIX[:5], ["heerlen-noord", "Later", "50", "50", "2028", "", "planvorming", "x"]]
    money = plan_money(load_plans(excel_nl(six.parent / "later.csv", rows)), HN)
    p = money["projects"].set_index("project")["p_paid"]
    assert p["Poort van Noord"] == 0.7 and p["Later"] == pytest.approx(0.56, abs=1e-12)


def test_a_start_in_2035_in_an_early_phase_is_read_and_earns_nothing(tmp_path, capsys):
    """Its expected starts slip to 2036-2037: outside the window, no money, no error."""
    from nplv_analysis.apps.cli import main

    rows = [["heerlen-noord", "Ver weg", "40", "28", "2035", "", "initiatief", "x"]]
    path = excel_nl(tmp_path / "laat.csv", rows)
    assert main(["plans", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2036" in out and "€ 0" in out.replace("\xa0", " ")


def test_an_area_without_an_estimate_reads_plainly(tmp_path):
    """Rotterdam-Zuid publishes no estimate: the list's money is computed, held against none."""
    from nplv_analysis.report.plans import estimate_words

    rows = [["rotterdam-zuid", "Zuidplein", "100", "60", "2026", "", "bouw", "x"]]
    money = plan_money(load_plans(excel_nl(tmp_path / "rz.csv", rows)), "rotterdam-zuid")
    words = estimate_words(money["estimate"], "nl")
    assert words["planned"] == "€ 420.000" and "–" not in words["sentence"]
    assert words["sentence"] == "plans_report.estimate_none"


def test_the_total_of_unknown_amounts_is_unknown():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "project": ["a"],
            "phase": ["bouw"],
            "start_year": [2026],
            "start_quarter": [pd.NA],
            "planned_starts": [10.0],
            "planned_eur": [float("nan")],
            "expected_starts": [10.0],
            "expected_eur": [float("nan")],
            "p_paid": [float("nan")],
            "at_risk_eur": [float("nan")],
        }
    )
    table = project_table(frame, "nl")
    assert table.loc["totaal", "realisatiestimulans gepland"] == "–"


def test_plan_lists_are_not_part_of_every_reports_data_key(tmp_path):
    """A plan list is the plan report's own input (keyed with it); the phases are data."""
    import shutil

    from .conftest import DATA

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    before = stamps.data_key(copy)
    (copy / "plans" / "illustratief-heerlen-noord.csv").write_bytes(b"x")
    assert stamps.data_key(copy) == before
    phases = copy / "plans" / "phases.yaml"
    phases.write_text(phases.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert stamps.data_key(copy) != before
