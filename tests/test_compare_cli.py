"""`python -m nplv_analysis compare FILE...` (issue 17) and the comparison in the report run."""

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from nplv_analysis.pipeline.manifest import load_manifest
from nplv_analysis.pipeline.stamps import data_key
from nplv_analysis.report.page import report_stamp

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "data" / "scenarios"
BASE = SCENARIOS / "0-basisscenario.yaml"  # the base scenario, computed: the baseline


def compare(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "nplv_analysis", "compare", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )


def test_compare_writes_a_report_and_runs_again_only_when_needed(tmp_path):
    # realisation 0.5 against the base scenario, Heerlen Noord: 7,608,461.54 and 3,804,230.77
    half = tmp_path / "half.yaml"
    half.write_text('name: "de helft"\nrealisation: 0.5\n', encoding="utf-8")
    out = tmp_path / "out"
    done = compare(BASE, half, "--area", "heerlen-noord", "--out", out)
    assert done.returncode == 0, done.stderr
    report = out / "heerlen-noord" / "scenario-comparison.html"
    html = report.read_text(encoding="utf-8")
    assert "basisscenario (berekend)" in html and "de helft" in html
    assert "zoals die geldt" not in html
    # all four charts in the page: totals, payments per year, the ceilings, the P10-P90 bands
    assert html.count("<img ") == 4
    stamp = "basisscenario (berekend), de helft (de eerste is de basis)"
    assert f"scenario&#x27;s: {stamp}" in html or f"scenario's: {stamp}" in html
    table = pd.read_csv(out / "heerlen-noord" / "comparison.csv")
    rs = table[table["instrument"] == "realisatiestimulans"].set_index("scenario")
    assert rs.at["basisscenario (berekend)", "gross_eur"] == pytest.approx(7_608_461.54, abs=0.01)
    assert rs.at["de helft", "gross_eur"] == pytest.approx(3_804_230.77, abs=0.01)
    assert rs.at["de helft", "difference_eur"] == pytest.approx(-3_804_230.77, abs=0.01)
    assert "0 rapport(en) actueel, 1 opnieuw gemaakt" in done.stdout
    again = compare(BASE, half, "--area", "heerlen-noord", "--out", out)
    assert "1 rapport(en) actueel, 0 opnieuw gemaakt" in again.stdout
    half.write_text('name: "de helft"\nrealisation: 0.6\n', encoding="utf-8")  # changed file
    third = compare(BASE, half, "--area", "heerlen-noord", "--out", out)
    assert "0 rapport(en) actueel, 1 opnieuw gemaakt" in third.stdout


def test_bad_scenario_files_are_named_and_nothing_runs(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nrealisation: 9\nfoo: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    done = compare(BASE, bad, "--out", out)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    # a Dutch run (the default) names them in Dutch
    assert f"{bad}: regel 2, veld 'realisation': realisation=9: toegestaan is 0 tot en met 1,5" in (
        done.stderr
    )
    assert f"{bad}: regel 3, veld 'foo': onbekend veld" in done.stderr
    assert not out.exists()
    twice = compare(BASE, BASE, "--out", out)
    assert twice.returncode == 2
    assert "twee scenario's met dezelfde naam: basisscenario (berekend)" in twice.stderr
    unknown = compare(BASE, "--area", "nergens", "--out", out)
    assert unknown.returncode == 2 and "'nergens' is not an NPLV area" in unknown.stderr
    assert not out.exists()


def test_the_report_run_holds_the_shipped_comparison():
    jobs = [j for j in load_manifest() if j.notebook == "scenario_comparison.ipynb"]
    assert [(j.output, j.parameters["area_id"]) for j in jobs] == [
        ("heerlen-noord", "heerlen-noord"),
        ("national", "national"),
    ]
    stamp = report_stamp(jobs[0], data_key=data_key())[-1]
    assert stamp == (
        "scenario's: basisscenario (berekend), starts 1 jaar later, 70% realisatie, anderen eerst, "
        "zonder plafond, 70% en alles 1 jaar later, ORV en capaciteit 1 jaar later "
        "(de eerste is de basis)"
    )


def test_an_area_without_computable_figures_is_refused_not_zeroed(tmp_path):
    # Groningen Noord: only press figures, no amount of the agreement to compute with; a
    # comparison would print "Totaal € 0" (a figure nobody published)
    out = tmp_path / "out"
    done = compare(BASE, "--area", "groningen-noord", "--out", out)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "Groningen Noord: voor dit gebied is geen bedrag van de afspraak gepubliceerd" in (
        done.stderr
    )
    assert "gebieden met berekenbare bedragen: heerlen-noord" in done.stderr
    assert not out.exists()
