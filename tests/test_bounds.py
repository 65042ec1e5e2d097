"""Bounded work and clean text (issue 27): every limit is a named constant with a message, and
a document or file made to make the work explode is refused or read within a generous time; a
control character in a data or scenario field is refused naming file and line. Built from the
project's own files (the Heerlen Noord agreement text, the shipped data and scenarios)."""

from __future__ import annotations

import io
import shutil
import time

import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.data import DataError, load_dataset
from nplv_analysis.engine import ScenarioError
from nplv_analysis.engine.compare import compare
from nplv_analysis.engine.files import (
    MAX_CHARS,
    MAX_SCENARIOS,
    ScenarioFileError,
    TooManyScenarios,
    load_scenario,
    load_scenarios,
)
from nplv_analysis.intake import MAX_PAGES, IntakeError, read_pages, recognise

from .test_intake import heerlen_pages, write_pdf, write_txt
from .test_integrity import tree

# --- the intake -----------------------------------------------------------------------------------


def test_a_small_pdf_of_ten_thousand_pages_is_refused_at_once(data_copy, tmp_path, capsys):
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject, NumberObject

    one = PdfReader(write_pdf(tmp_path / "one.pdf", heerlen_pages()[2:3]))
    writer = PdfWriter()
    writer.add_page(one.pages[0])
    tree_root = writer._root_object["/Pages"].get_object()  # one page, listed 10,000 times
    tree_root[NameObject("/Kids")] = ArrayObject([tree_root["/Kids"][0]] * 10_000)
    tree_root[NameObject("/Count")] = NumberObject(10_000)
    buf = io.BytesIO()
    writer.write(buf)
    doc = tmp_path / "many.pdf"
    doc.write_bytes(buf.getvalue())
    assert doc.stat().st_size < 200_000
    before = tree(data_copy)
    start = time.monotonic()
    argv = ["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]
    assert main([*argv, "--lang", "en"]) == 2
    assert time.monotonic() - start < 10
    err = capsys.readouterr().err
    assert f"{doc}: 10,000 pages; the intake reads documents of up to {MAX_PAGES} pages" in err
    assert tree(data_copy) == before


def test_a_text_of_too_many_pages_is_refused(tmp_path):
    assert len(heerlen_pages()) == 12
    doc = write_txt(tmp_path / "a.txt", heerlen_pages() * 20)
    with pytest.raises(IntakeError) as info:
        read_pages(doc)
    assert info.value.code == "intake.too_many_pages"
    assert info.value.values["pages"] == 240 > MAX_PAGES


@pytest.mark.parametrize(
    "page",
    [
        "1" * 100_000,  # a run of digits: was 333 s (a pattern retried at every digit)
        "In " * 20_000,  # capitalised words after "In": was 108 s
    ],
    ids=["digits", "In"],
)
def test_a_crafted_page_is_read_in_linear_time(page):
    pages = heerlen_pages()
    start = time.monotonic()
    draft = recognise([*pages[:5], page, *pages[5:]], "heerlen-noord", "Heerlen Noord")
    assert time.monotonic() - start < 10
    assert {f.key for f in draft.figures} >= {"residents", "orv.total.incl"}


# --- scenarios ------------------------------------------------------------------------------------


def test_a_scenario_name_too_long_is_refused_naming_line_and_field(tmp_path, capsys):
    path = tmp_path / "long.yaml"
    path.write_text("realisation: 0.7\nname: " + "x" * 200_000 + "\n", encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path)
    assert time.monotonic() - start < 10
    assert info.value.text("en") == f"{path}: line 2, field 'name': 200,000 characters; at most 120"
    assert info.value.text("nl") == f"{path}: regel 2, veld 'name': 200.000 tekens; ten hoogste 120"


def test_compare_refuses_a_long_name_given_in_code():
    named = load_scenarios()
    first = next(iter(named.values()))
    from dataclasses import replace

    long = replace(first, name={"nl": "x" * 200_000, "en": "x"})
    start = time.monotonic()
    with pytest.raises(ScenarioError) as info:  # a code and values, shown in the reader's language
        compare([long, *list(named.values())[1:2]], area="heerlen-noord")
    assert info.value.code == "scenario.error.compare.long"
    assert info.value.values["n"] == 200_000
    assert info.value.text("nl").endswith(
        ": een scenarionaam heeft 200.000 tekens; ten hoogste 120 (de naam staat in elke tabel "
        "en grafiek)"
    )
    assert "200,000 characters; at most 120" in str(info.value)
    assert time.monotonic() - start < 10
    assert MAX_CHARS["name"] == 120


def test_too_many_scenarios_are_refused_before_any_is_read(data_copy, capsys):
    folder = data_copy / "scenarios"
    source = folder / "1-vertraging.yaml"
    for i in range(MAX_SCENARIOS + 5):  # 30 files; the first 7 are the shipped ones
        shutil.copy(source, folder / f"{10 + i}-kopie.yaml")
    n = MAX_SCENARIOS + 5 + 7
    with pytest.raises(TooManyScenarios) as info:
        load_scenarios(folder)
    assert info.value.text("en") == f"{folder}: {n} scenarios; at most {MAX_SCENARIOS} at once"
    assert info.value.text("nl").endswith(f"{n} scenario's; ten hoogste {MAX_SCENARIOS} tegelijk")
    assert main(["check", "--data-dir", str(data_copy)]) == 1
    err = capsys.readouterr()
    assert f"{n} scenario's; ten hoogste {MAX_SCENARIOS} tegelijk" in err.out + err.err


def test_too_many_scenarios_in_compare(data_copy):
    named = list(load_scenarios().values())
    with pytest.raises(TooManyScenarios):
        compare(named * 4, area="heerlen-noord")


# --- control characters ---------------------------------------------------------------------------


def test_an_escape_code_in_a_quote_is_refused_naming_file_and_line(data_copy):
    path = data_copy / "agreements" / "heerlen-noord.yaml"
    text = path.read_text(encoding="utf-8")
    old = 'quote: "In Heerlen Noord wonen 56.000 mensen"'
    assert text.count(old) == 1
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, old.replace("Noord wonen", "Noord\\e[2K wonen")), "utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    shown = [str(p) for p in info.value.problems]
    assert (
        f"{path}: line {line}, key 'residents': quote holds a control character (#x001b); "
        "write plain text"
    ) in shown, shown
    assert all("\x1b" not in p for p in shown)


def test_a_bidi_override_in_a_source_title_is_refused(data_copy):
    path = data_copy / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    old = "  title: Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord\n"
    new = '  title: "Bestuurlijke afspraken \\u202eNPLV-gebied Heerlen Noord"\n'
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new), "utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert any(
        f"line {line}" in str(p) and "title holds a control character (#x202e)" in str(p)
        for p in info.value.problems
    ), [str(p) for p in info.value.problems]


def test_a_control_character_in_a_scenario_name_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text('realisation: 0.7\nname: "zeventig\\e[2K procent"\n', encoding="utf-8")
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path)
    assert info.value.text("en") == (
        f"{path}: line 2, field 'name': holds a control character (#x001b); write plain text"
    )


def test_the_faults_of_a_scenario_file_are_capped(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: x\n" + "".join(f"veld{i}: 1\n" for i in range(1_000)), "utf-8")
    with pytest.raises(ScenarioFileError) as info:
        load_scenario(path)
    lines = info.value.text("en").splitlines()
    assert len(lines) == 101
    assert lines[0].startswith(f"{path}: line 2, field 'veld0': unknown field")
    assert lines[-1] == f"{path}: ... and 900 more"
    assert info.value.text("nl").splitlines()[-1] == f"{path}: ... en nog 900"
