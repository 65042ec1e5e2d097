"""The data loader's messages in the reader's language (issue 26 item 4; house rule 1): a faulty
data folder is refused in Dutch by default and in English with ``--lang en``, every word around
the values from the text catalogue, never a mix. The expected texts are written out by hand."""

from __future__ import annotations

import pickle
import re
import string
from pathlib import Path

import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.data import schema
from nplv_analysis.data.loading import DataError, load_dataset
from nplv_analysis.data.yamlfile import Msg, Problem, Where
from nplv_analysis.text import catalogue

from . import language_scan
from .conftest import DATA, PROJECT

HN = "agreements/heerlen-noord.yaml"


def _sub(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKS = {
    "octal": (HN, "value: 56000", "value: 056000"),
    "duplicate": (HN, "    unit: persons\n", "    unit: persons\n    unit: persons\n"),
    "missing": (HN, "    vat: none\n", ""),
    "source": (
        HN,
        "    source: ba-heerlen-noord-2025\n    page: 3\n",
        "    source: ba-nergens\n    page: 3\n",
    ),
    "page": (HN, "    page: 3\n", "    page: 99\n"),
    "note": ("sources.yaml", "  date: 2025-06-24\n", "  date: 2025-06-24\n  note: {nl: NL}\n"),
    "areas": ("areas.csv", "Groningen,true,true", "Groningen,ja,true"),
    "phases": ("plans/phases.yaml", "start_chance: 0.5", "start_chance: 1.5"),
    "parameters": ("national.yaml", "value: 7000\n", "value: 0\n"),
}
"""How each folder is broken: (file, text, replacement), the first occurrence."""

EXPECTED = {
    "octal": (
        "{d}/agreements/heerlen-noord.yaml: regel 18, sleutel 'residents': waarde '056000' is "
        "geen gewoon decimaal getal: een voorloopnul is niet toegestaan (YAML 1.1 leest het als "
        "het octale getal 23.552); schrijf 56000",
        "{d}/agreements/heerlen-noord.yaml: line 18, key 'residents': value '056000' is not a "
        "plain decimal number: a leading zero is not allowed (YAML 1.1 reads it as the octal "
        "number 23,552); write 56000",
    ),
    "duplicate": (
        "{d}/agreements/heerlen-noord.yaml: regel 20, sleutel 'unit': dubbele sleutel (eerst op "
        "regel 19)",
        "{d}/agreements/heerlen-noord.yaml: line 20, key 'unit': duplicated key (first at line 19)",
    ),
    "missing": (
        "{d}/agreements/heerlen-noord.yaml: regel 17, sleutel 'residents': veld 'vat' ontbreekt",
        "{d}/agreements/heerlen-noord.yaml: line 17, key 'residents': missing field 'vat'",
    ),
    "source": (
        "{d}/agreements/heerlen-noord.yaml: regel 22, sleutel 'residents': onbekende bron-id "
        "'ba-nergens' (zie sources.yaml)",
        "{d}/agreements/heerlen-noord.yaml: line 22, key 'residents': unknown source id "
        "'ba-nergens' (see sources.yaml)",
    ),
    "page": (
        "{d}/agreements/heerlen-noord.yaml: regel 23, sleutel 'residents': pagina 99 valt buiten "
        "de 12 pagina's van ba-heerlen-noord-2025",
        "{d}/agreements/heerlen-noord.yaml: line 23, key 'residents': page 99 beyond the 12 "
        "pages of ba-heerlen-noord-2025",
    ),
    "note": (
        "{d}/sources.yaml: regel 16, bron 'ba-heerlen-noord-2025': het veld 'note' moet de tekst "
        "in beide talen geven: {{nl: ..., en: ...}} (ontbreekt: 'en')",
        "{d}/sources.yaml: line 16, source 'ba-heerlen-noord-2025': note must give the text in "
        "both languages: {{nl: ..., en: ...}} (missing: en)",
    ),
    "areas": (
        "{d}/areas.csv: rij 3 (area_id 'groningen-noord'), kolom 'signed_2025': 'ja' moet true "
        "of false zijn",
        "{d}/areas.csv: row 3 (area_id 'groningen-noord'), column 'signed_2025': 'ja' must be "
        "true or false",
    ),
    "phases": (
        "plans/phases.yaml: regel 20, fase 'initiatief', veld 'start_chance': 'start_chance' 1.5 "
        "moet een kans van 0 tot 1 zijn",
        "plans/phases.yaml: line 20, phase 'initiatief', field 'start_chance': start_chance 1.5 "
        "must be a chance from 0 to 1",
    ),
    "parameters": (
        "{d}/national.yaml: regel 102, sleutel 'realisatiestimulans.per_home': 0 moet boven 0 "
        "liggen (de inschatting vermenigvuldigt ermee)",
        "{d}/national.yaml: line 102, key 'realisatiestimulans.per_home': 0 must be above 0 (the "
        "estimate multiplies by it)",
    ),
}
"""(Dutch, English) of the one problem of each broken folder; {d} is the folder."""


def _broken(tmp_path: Path, name: str) -> Path:
    import shutil

    folder = tmp_path / name
    shutil.copytree(DATA, folder)
    file, old, new = BREAKS[name]
    _sub(folder / file, old, new)
    return folder


def _command(name: str, folder: Path) -> list[str]:
    """The command that reads the broken file: ``plans`` reads the phases, ``check`` the rest."""
    if name == "phases":
        return ["plans", str(folder / "plans" / "illustratief-heerlen-noord.csv")]
    return ["check"]


def _run(argv: list[str], capsys) -> tuple[int, str]:
    rc = main(argv)
    out, err = capsys.readouterr()
    return rc, out + err


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_faulty_folder_is_refused_in_the_readers_language(tmp_path, capsys, name):
    folder = _broken(tmp_path, name)
    nl, en = (text.format(d=folder) for text in EXPECTED[name])
    cmd = [*_command(name, folder), "--data-dir", str(folder)]

    rc, dutch = _run(cmd, capsys)  # Dutch by default
    assert rc == 1
    # (``plans`` first says what it read: the refusal of the folder is the last it prints)
    assert dutch.endswith(f"fout: de datamap laadt niet (1 probleem):\n  - {nl}\n")

    rc, english = _run([*cmd, "--lang", "en"], capsys)
    assert rc == 1
    assert english.endswith(f"error: data folder does not load (1 problem):\n  - {en}\n")
    if name != "phases":
        assert dutch.startswith("fout:") and english.startswith("error:")

    # the Dutch run holds no English word: the values in quotes (a key, a raw value, a field
    # name of the file format) are the file's own and stay as written
    words = re.sub(r"'[^'\n]*'", " ", dutch.replace(str(folder), "<data>"))
    found = language_scan.findings(words, "nl", language_scan.source_ids(DATA))
    assert found.get("english", 0) == 0, (found, dutch)


def test_the_refusal_lists_every_problem_in_either_language(tmp_path):
    folder = tmp_path / "two"
    import shutil

    shutil.copytree(DATA, folder)
    _sub(folder / HN, "    page: 3\n", "    page: 99\n")
    _sub(folder / "areas.csv", "Groningen,true,true", "Groningen,ja,true")
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    nl = info.value.text("nl").replace(str(folder), "<d>")
    en = info.value.text("en").replace(str(folder), "<d>")
    assert nl.splitlines()[0] == "de datamap laadt niet (2 problemen):"
    assert en.splitlines()[0] == "data folder does not load (2 problems):"
    assert str(info.value) == info.value.text("en")  # the library's own text is English
    copy = pickle.loads(pickle.dumps(info.value))  # as from a worker process
    assert copy.text("nl") == info.value.text("nl") and str(copy) == str(info.value)
    assert nl.splitlines()[1:] == [
        "  - <d>/areas.csv: rij 3 (area_id 'groningen-noord'), kolom 'signed_2025': 'ja' moet "
        "true of false zijn",
        "  - <d>/agreements/heerlen-noord.yaml: regel 23, sleutel 'residents': pagina 99 valt "
        "buiten de 12 pagina's van ba-heerlen-noord-2025",
    ]


def test_a_problem_is_a_code_with_values_and_english_as_a_string():
    where = Where(("row", 3), ("area_id", "'x'"), ("column", "'name'"))
    problem = Problem("areas.csv", where, Msg("schema.empty"))
    assert str(problem) == "areas.csv: row 3 (area_id 'x'), column 'name': is empty"
    assert problem.text("nl") == "areas.csv: rij 3 (area_id 'x'), kolom 'name': is leeg"
    assert problem.where == "row 3 (area_id 'x'), column 'name'"  # str comparisons still work
    reason = Msg("number.octal")
    nested = Msg("value.bad_number", value="'0o17'", reason=reason)
    assert nested.code == "value.bad_number" and nested.values["reason"] is reason
    assert nested.text("nl") == (
        "waarde '0o17' is geen gewoon decimaal getal: een octaal getal; schrijf decimale cijfers"
    )
    assert pickle.loads(pickle.dumps(nested)).text("nl") == nested.text("nl")
    assert Where(("line", 4)).at_line(9) == "line 9"


def _ids(lang: str) -> dict[str, str]:
    return {k: v for k, v in catalogue(lang).items() if k.startswith("data.")}


def test_every_data_message_has_both_languages_with_the_same_values():
    nl, en = _ids("nl"), _ids("en")
    assert len(nl) > 150  # the loader's ~160 messages
    assert set(nl) == set(en)

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    # a Dutch text may leave out a value that is the library's own English (a parser's reason)
    dropped = {"data.yaml.character": {"reason"}, "data.csv.not_utf8": {"reason"},
               "data.date.calendar": {"error"}}  # fmt: skip
    for key in nl:
        assert fields(nl[key]) == fields(en[key]) - dropped.get(key, set()), key


def test_every_data_message_is_used():
    """Each ``data.<code>`` id is named in the data layer (or is one of a family built there:
    ``why.<unit>``, ``shown.<type>``, ``where.<part>``, ``schema.one_of.<label>``)."""
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in (PROJECT / "nplv_analysis" / "data").glob("*.py")
    )
    families = ("data.why.", "data.shown.", "data.where.", "data.schema.one_of.")
    unused = [
        key
        for key in _ids("nl")
        if not key.startswith(families)
        and f'"{key.removeprefix("data.")}"' not in code
        and f'"{key}"' not in code
    ]
    assert unused == []
    assert {f"data.why.{unit}" for unit in schema.UNIT_RANGES} == {
        k for k in _ids("nl") if k.startswith("data.why.")
    }


def test_the_english_reasons_of_a_unit_are_the_schemas():
    for unit, rng in schema.UNIT_RANGES.items():
        assert Msg(f"why.{unit}") == rng.why


def test_a_scenario_files_yaml_faults_are_in_the_readers_language(tmp_path, capsys):
    """The YAML reader's problems and a number's reason in a scenario file, as ``check`` lists
    them (before, a Dutch run showed them in English)."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    _sub(folder / "scenarios" / "1-vertraging.yaml", "delay_years: 1", "delay_years: 01")
    (folder / "scenarios" / "9-dubbel.yaml").write_text("name: x\nname: y\n", encoding="utf-8")
    scenarios = folder / "scenarios"

    rc, dutch = _run(["check", "--data-dir", str(folder)], capsys)
    assert rc == 1
    assert (
        f"  [scenario's] {scenarios}/1-vertraging.yaml: regel 5, veld 'delay_years': '01' is geen "
        "gewoon decimaal getal: een voorloopnul is niet toegestaan (YAML 1.1 leest het als het "
        "octale getal 1); schrijf 1\n"
        f"  [scenario's] {scenarios}/9-dubbel.yaml: regel 2, sleutel 'name': dubbele sleutel "
        "(eerst op regel 1)\n"
    ) in dutch

    rc, english = _run(["check", "--data-dir", str(folder), "--lang", "en"], capsys)
    assert (
        f"  [scenarios] {scenarios}/1-vertraging.yaml: line 5, field 'delay_years': '01' is not a "
        "plain decimal number: a leading zero is not allowed (YAML 1.1 reads it as the octal "
        "number 1); write 1\n"
        f"  [scenarios] {scenarios}/9-dubbel.yaml: line 2, key 'name': duplicated key (first at "
        "line 1)\n"
    ) in english

    # a scenario file given to compare is refused in the run's language too
    rc, dutch = _run(["compare", str(scenarios / "0-basisscenario.yaml"),
                      str(scenarios / "9-dubbel.yaml"), "--data-dir", str(folder),
                      "--out", str(tmp_path / "out")], capsys)  # fmt: skip
    assert (rc, dutch) == (
        2,
        f"fout: {scenarios}/9-dubbel.yaml: regel 2, sleutel 'name': dubbele sleutel (eerst op "
        "regel 1)\n",
    )
