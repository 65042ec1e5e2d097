"""The maintainers' monitor commands and the workshop command speak the run's language (issue 26;
Dutch in every message)."""

from nplv_analysis.apps.cli import main


def test_monitor_template_says_what_it_wrote_in_dutch_by_default(tmp_path, capsys):
    out = tmp_path / "sjabloon.xlsx"
    assert main(["monitor-template", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed == (
        f"Geschreven: {out} (het Excel-sjabloon van de monitor, Nederlandse kolomkoppen)\n"
    )
    assert out.stat().st_size > 0


def test_monitor_template_in_english_on_request(tmp_path, capsys):
    out = tmp_path / "template.xlsx"
    assert main(["monitor-template", "--out", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().out == (
        f"Written: {out} (the Excel template of the monitor, Dutch headers)\n"
    )


def test_illustrative_monitor_names_its_scenario_in_the_language_asked(tmp_path, capsys):
    out = tmp_path / "illustratief.csv"
    assert main(["illustrative-monitor", "--out", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"Geschreven: {out} (ILLUSTRATIEF, uit scenario 'vertraagd')\n"
    )
    assert main(["illustrative-monitor", "--out", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().out == f"Written: {out} (ILLUSTRATIVE, from scenario 'vertraagd')\n"


def test_workshop_refuses_its_limits_in_the_runs_language(capsys):
    """Nothing is served when a limit is out of range; the refusal in Dutch by default."""
    assert main(["workshop", "--preheat", "-1"]) == 2
    assert capsys.readouterr().err == "fout: --preheat moet 0 of meer zijn, niet -1\n"
    assert main(["workshop", "--idle-timeout", "0", "--lang", "en"]) == 2
    assert capsys.readouterr().err == "error: --idle-timeout must be 1 or more, got 0\n"
    assert main(["workshop", "--max-kernels", "0"]) == 2
    assert capsys.readouterr().err == "fout: --max-kernels moet 1 of meer zijn, niet 0\n"
