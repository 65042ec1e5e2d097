"""Scenario files: a named what-if in YAML, read strictly and written back unchanged."""

import pytest

from nplv_analysis.engine import Scenario, totals
from nplv_analysis.engine.files import (
    ScenarioFileError,
    load_scenario,
    read_scenario,
    save_scenario,
)


def write(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_gives_the_scenario_and_its_name(tmp_path):
    path = write(
        tmp_path,
        'name: "70% en 1 jaar later"\n'
        'description: {nl: "Zeventig procent, later.", en: "Seventy per cent, later."}\n'
        "realisation: 0.7\n"
        "delay_years: 1\n"
        "profile: [0.3, 0.25, 0.2, 0.15, 0.1]\n",
    )
    named = load_scenario(path)
    assert named.scenario == Scenario(
        realisation=0.7, delay_years=1, profile=(0.3, 0.25, 0.2, 0.15, 0.1)
    )
    assert named.title("nl") == named.title("en") == "70% en 1 jaar later"
    assert named.description == {"nl": "Zeventig procent, later.", "en": "Seventy per cent, later."}


def test_saved_and_loaded_back_gives_the_same_totals(tmp_path):
    scenario = Scenario(realisation=0.7, delay_years=1, allocation="pro_rata")
    path = save_scenario(scenario, tmp_path / "w.yaml", "workshop 1")
    text = path.read_text(encoding="utf-8")
    assert text == "name: workshop 1\nrealisation: 0.7\ndelay_years: 1\nallocation: pro_rata\n"
    back = load_scenario(path).scenario
    assert back == scenario
    # Heerlen Noord: 0.7 x 4/5 x 7,608,461.54 = 4,260,738.46; ORV 10 x 180/200 = 9 mln and
    # capacity 4.3 x 50/60 mln pro rata
    tot = totals(back, ["heerlen-noord"]).set_index("instrument")["gross_eur"]
    assert tot["realisatiestimulans"] == pytest.approx(4_260_738.46, abs=0.01)
    assert tot["orv"] == pytest.approx(9_000_000)


def test_every_fault_is_named_with_line_and_field(tmp_path):
    path = write(
        tmp_path,
        "realisation: 2\n"  # line 1: the engine refuses it
        "delay: 1\n"  # line 2: unknown field
        "allocation: fair\n"  # line 3
        "orv_spend: 07\n",  # line 4: octal-looking, refused as a number
    )
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path)
    text = str(info.value)
    assert "line 1, field 'realisation': realisation=2: allowed is 0 to 1.5" in text
    assert "line 2, field 'delay': unknown field" in text
    assert "line 3, field 'allocation': allocation='fair'" in text
    assert "line 4, field 'orv_spend'" in text and "not a plain decimal number" in text
    assert "needs a name" in text
    assert len(info.value.problems) == 5


def test_anchors_and_missing_files_are_refused(tmp_path):
    with pytest.raises(ScenarioFileError, match="no such file"):
        load_scenario(tmp_path / "nothing.yaml")
    with pytest.raises(ScenarioFileError, match="line 2"):
        load_scenario(write(tmp_path, "name: x\nrealisation: &a 0.7\n"))


@pytest.mark.slow
def test_reports_run_a_scenario_file(tmp_path, capsys):
    from nplv_analysis.apps.cli import main

    path = write(tmp_path, "name: workshop\nrealisation: 0.7\n")
    out = tmp_path / "reports"
    assert (
        main(["reports", "--scenario", str(path), "--area", "heerlen-noord", "--out", str(out)])
        == 0
    )
    payments = (out / "heerlen-noord" / "payments.csv").read_text()
    # 0.7 x 7,608,461.54 / 5 = 1,065,184.62 a year
    assert "heerlen-noord,realisatiestimulans,2026,1065184.62,1065184.62" in payments
    html = (out / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    assert "scenario: realisatie 70%" in html  # the stamp names it


def test_reports_refuse_a_faulty_scenario_file(tmp_path, capsys):
    from nplv_analysis.apps.cli import main

    path = write(tmp_path, "name: x\nrealisation: 9\n")
    assert main(["reports", "--scenario", str(path), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err  # a Dutch run (the default) says it in Dutch
    assert "regel 2, veld 'realisation': realisation=9: toegestaan is 0 tot en met 1,5" in err
    assert "Traceback" not in err
    assert not (tmp_path / "r").exists()
    args = ["reports", "--scenario", str(path), "--out", str(tmp_path / "r"), "--lang", "en"]
    assert main(args) == 2
    assert (
        "line 2, field 'realisation': realisation=9: allowed is 0 to 1.5" in capsys.readouterr().err
    )


def test_content_is_read_by_the_same_rules_and_named_as_shown():
    named = read_scenario(b"name: upload\nrealisation: 0.7\n", "mijn.yaml")
    assert named.scenario == Scenario(realisation=0.7) and named.title() == "upload"
    with pytest.raises(ScenarioFileError) as info:
        read_scenario("name: x\nrealisation: &a 0.7\n", "mijn.yaml")
    assert str(info.value).startswith("mijn.yaml: line 2")


@pytest.mark.parametrize(
    "content,message",
    [
        (b'name: x\nrealisation: 0.5\ndescription: "caf\xe9"\n', "line 3: not UTF-8 text"),
        (b"", "empty file: a scenario needs at least a name"),
        (b"  \n\n", "empty file"),
    ],
)
def test_files_a_person_might_give_are_named_for_what_they_are(tmp_path, content, message):
    path = tmp_path / "s.yaml"
    path.write_bytes(content)
    with pytest.raises(ScenarioFileError, match=message):
        load_scenario(path)
    with pytest.raises(ScenarioFileError, match="is a folder, not a scenario file"):
        load_scenario(tmp_path)
