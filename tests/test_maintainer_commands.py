"""The maintainers' monitor commands speak the run's language (issue 26; rule 1: a Dutch run is
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
