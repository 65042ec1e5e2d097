import subprocess
import sys

import pytest

from nplv_analysis.apps.cli import main

from .conftest import PROJECT, edit_yaml


def test_check_shipped_data_exits_0_and_prints_warnings(capsys):
    assert main(["check", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "WARNING (5)" in out
    assert "0 error(s), 5 warning(s) in the project data" in out


def test_check_speaks_dutch_by_default(capsys):
    """Issue 24: the command's own output is in the run's language (Dutch by default); areas by
    their names, not their ids."""
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "WAARSCHUWING (5)" in out
    assert "0 fout(en), 5 waarschuwing(en) in de projectdata" in out
    assert "[Heerlen Noord]" in out and "[heerlen-noord]" not in out
    assert "WARNING" not in out and "error(s)" not in out


def test_check_with_a_sum_error_exits_1(data_copy, capsys):
    edit_yaml(
        data_copy / "agreements/heerlen-noord.yaml",
        lambda o: o["figures"]["orv.bor.excl"].update({"value": 2_066_116}),
    )
    assert main(["check", "--data-dir", str(data_copy), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "ERROR (1)" in out and "difference € -1" in out


def test_check_on_a_folder_that_does_not_load(data_copy, capsys):
    edit_yaml(
        data_copy / "agreements/heerlen-noord.yaml",
        lambda o: o["figures"]["orv.bor.excl"].update({"vat": "incl."}),
    )
    assert main(["check", "--data-dir", str(data_copy), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "heerlen-noord.yaml" in err and "'orv.bor.excl'" in err
    assert "unknown VAT basis 'incl.'" in err


def test_summary_table(capsys):
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    out = out.replace("\xa0", " ")  # the amounts keep together
    hn = next(line for line in out.splitlines() if line.startswith("Heerlen Noord"))
    assert "€ 5,3 mln – € 8,0 mln" in hn and "€ 10,0 mln" in hn and "€ 19,6 mln – € 22,3 mln" in hn
    assert "2.352" in hn
    lely = next(line for line in out.splitlines() if line.startswith("Lelystad Oost"))
    assert "niet getekend" in lely


@pytest.mark.slow  # a process (the usage tests below run __main__ in this one)
def test_module_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "nplv_analysis", "check", "--lang", "en"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "5 warning(s)" in done.stdout


def test_check_reads_the_named_scenarios_too(data_copy, capsys):
    bad = data_copy / "scenarios" / "9-kapot.yaml"
    bad.write_text("name: x\ndelay_years: -1\nfoo: 1\n", encoding="utf-8")
    assert main(["check", "--data-dir", str(data_copy), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "ERROR (2)" in out
    assert f"{bad}: line 2, field 'delay_years'" in out
    assert f"{bad}: line 3, field 'foo': unknown field" in out
    assert "2 error(s), 5 warning(s)" in out


def test_the_summary_in_the_readers_language(capsys):
    """The national summary table is the overview's table: Dutch by default, English on request."""
    from nplv_analysis.apps.cli import main

    assert main(["summary"]) == 0
    nl = capsys.readouterr().out
    assert nl.startswith("NPLV-gebieden: de rijksbijdrage zoals gepubliceerd")
    nl = nl.replace("\xa0", " ")
    assert "Getekend" in nl and "niet gepubliceerd" in nl and "€ 22,5 mln – € 27,0 mln" in nl
    assert " yes " not in nl and "not published" not in nl
    assert main(["summary", "--lang", "en"]) == 0
    en = capsys.readouterr().out.replace("\xa0", " ")
    assert "Signed" in en and "€ 22.5 mln – € 27.0 mln" in en and "niet" not in en


def test_a_refusal_is_prefixed_in_the_readers_language(capsys):
    from nplv_analysis.apps.cli import main

    assert main(["reports", "--jobs", "0"]) == 2
    assert capsys.readouterr().err.startswith("fout: ")
    assert main(["reports", "--jobs", "0", "--lang", "en"]) == 2
    assert capsys.readouterr().err.startswith("error: ")


# --- the name in the usage line -----------------------------------------------------------------


def test_the_usage_names_the_console_script_it_was_started_as(monkeypatch, capsys):
    # pip's console script starts with sys.argv[0] = .../bin/nplv-analysis
    monkeypatch.setattr(sys, "argv", ["/home/someone/nplv/bin/nplv-analysis", "--help"])
    try:
        main()
    except SystemExit as stop:
        assert stop.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: nplv-analysis ")
    assert "python -m" not in out


def test_the_usage_names_python_m_when_started_as_a_module(monkeypatch, capsys):
    import runpy

    # `python -m nplv_analysis` sets sys.argv[0] to the path of __main__.py
    monkeypatch.setattr(sys, "argv", [str(PROJECT / "nplv_analysis/__main__.py"), "compare", "-h"])
    try:
        runpy.run_module("nplv_analysis", run_name="__main__")
    except SystemExit as stop:
        assert stop.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: python -m nplv_analysis compare ")
    # the example in the description names the command the same way
    assert "Example: python -m nplv_analysis compare data/scenarios/*.yaml" in " ".join(out.split())
    assert "__main__" not in out
