"""The report run's refusals in the reader's language (issue 26): ``nplv-analysis reports`` is
Dutch by default and English with ``--lang en``, and a refusal is one line on stderr in that
language, before anything is written. Each expected text is written out by hand from the
catalogues (``run.*``, ``data.manifest.*``, ``cli.at_least``)."""

from __future__ import annotations

import errno
import os

import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.pipeline import run as run_module
from nplv_analysis.pipeline.run import LOCK_NAME, claim_out, run_reports
from nplv_analysis.pipeline.stamps import RunError

ONE_REPORT = "reports:\n  - notebook: a.ipynb\n    output: x\n"


@pytest.fixture
def manifest(tmp_path):
    """A manifest beside a notebook ``a.ipynb`` (the run checks that it is there; none runs)."""
    (tmp_path / "a.ipynb").write_text("{}")
    path = tmp_path / "m.yaml"
    path.write_text(ONE_REPORT)
    return path


def refusal(capsys, argv: list[str], lang: str | None) -> str:
    """The one line a refused command prints on stderr: exit 2, nothing on stdout, no
    traceback; ``lang`` None: the default language."""
    assert main([*argv, *(["--lang", lang] if lang else [])]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def reports(manifest, out, *more: str) -> list[str]:
    return ["reports", "--manifest", str(manifest), "--out", str(out), *more]


REPORT_FAULTS = [
    (
        "reports:\n  - notebook: nope.ipynb\n    output: x\n",
        2,
        "notebook 'nope.ipynb' niet gevonden in {folder}",
        "notebook 'nope.ipynb' not found in {folder}",
    ),
    (
        ONE_REPORT + "    title: nope.title\n",
        2,
        "titel 'nope.title' is geen tekst-id uit de catalogus",
        "title 'nope.title' is not a text id of the catalogue",
    ),
    (
        ONE_REPORT + "    for_each: monitor_area\n",
        2,
        "for_each monitor_area vraagt om parameters.monitor_file",
        "for_each monitor_area needs parameters.monitor_file",
    ),
    (
        "reports:\n  - notebook: a.ipynb\n    output: '{area}'\n    for_each: area\n",
        2,
        "onbekende plaatshouder 'area' in output/parameters",
        "unknown placeholder 'area' in output/parameters",
    ),
    (
        "reports:\n  - notebook: a.ipynb\n    output: ../x\n",
        2,
        "output '../x' moet een gewone mapnaam zijn",
        "output '../x' must be a plain folder name",
    ),
    # what the manifest's JSON Schema says (data.manifest.*, data.schema.*)
    (
        ONE_REPORT + "    weight: 0\n",
        4,
        "weight 0 moet een getal tussen 0 en 1000000 zijn",
        "weight 0 must be a number between 0 and 1000000",
    ),
    (
        ONE_REPORT + "    for_each: city\n",
        4,
        "for_each 'city' is niet een van area, monitor_area, plans_area",
        "for_each 'city' is not one of area, monitor_area, plans_area",
    ),
    (
        ONE_REPORT + "    parms: {}\n",
        4,
        "onbekend veld 'parms' (toegestaan: notebook, output, parameters, for_each, title, "
        "html, weight)",
        "unknown field 'parms' (allowed: notebook, output, parameters, for_each, title, html, "
        "weight)",
    ),
    ("reports:\n  - output: x\n", 2, "veld 'notebook' ontbreekt", "missing field 'notebook'"),
    (
        ONE_REPORT + "    html: a.txt\n",
        4,
        "html 'a.txt' moet een bestandsnaam zijn die eindigt op .html",
        "html 'a.txt' must be a file name ending in .html",
    ),
    (
        ONE_REPORT + "    parameters: [1]\n",
        4,
        "parameters moet een mapping zijn",
        "parameters must be a mapping",
    ),
    (
        "reports:\n  - 3\n",
        2,
        "moet een mapping met notebook, output, parameters zijn",
        "must be a mapping with notebook, output, parameters",
    ),
    (
        "reports:\n  - notebook: 3\n    output: x\n",
        2,
        "notebook 3 moet de bestandsnaam van een notebook zijn",
        "notebook 3 must be a notebook's file name",
    ),
    (
        ONE_REPORT + "    title: 3\n",
        4,
        "title 3 moet een tekst-id uit de catalogus zijn",
        "title 3 must be a text id of the catalogue",
    ),
    (
        "reports:\n  - notebook: a.ipynb\n    output: ''\n",
        3,
        "output '' moet een gewone mapnaam zijn",
        "output '' must be a plain folder name",
    ),
]


@pytest.mark.parametrize(("text", "line", "nl", "en"), REPORT_FAULTS)
def test_a_fault_of_a_report_in_the_manifest(capsys, manifest, tmp_path, text, line, nl, en):
    manifest.write_text(text)
    out = tmp_path / "out"
    folder = {"folder": manifest.parent}
    got = refusal(capsys, reports(manifest, out), None)
    assert got == f"fout: {manifest}: regel {line}, rapport 1: " + nl.format(**folder)
    got = refusal(capsys, reports(manifest, out), "en")
    assert got == f"error: {manifest}: line {line}, report 1: " + en.format(**folder)
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "nl", "en"),
    [
        (
            "report: []\n",
            "regel 1: moet één sleutel bevatten, 'reports', met een lijst van rapporten",
            "line 1: must hold one key, 'reports', with a list of reports",
        ),
        (
            "reports: 3\n",
            "regel 1: reports moet een lijst van rapporten zijn",
            "line 1: reports must be a list of reports",
        ),
        (
            ONE_REPORT + "  - notebook: a.ipynb\n    output: x\n",
            "twee rapporten schrijven dezelfde bestanden: x/a",
            "two reports write the same files: x/a",
        ),
    ],
)
def test_a_fault_of_the_whole_manifest(capsys, manifest, tmp_path, text, nl, en):
    manifest.write_text(text)
    out = tmp_path / "out"
    assert refusal(capsys, reports(manifest, out), None) == f"fout: {manifest}: {nl}"
    assert refusal(capsys, reports(manifest, out), "en") == f"error: {manifest}: {en}"
    assert not out.exists()


def test_an_unknown_area_in_the_manifest(capsys, manifest, tmp_path):
    manifest.write_text(ONE_REPORT + "    parameters: {area_id: heerlen-zuid}\n")
    out = tmp_path / "out"
    got = refusal(capsys, reports(manifest, out), None)
    where = f"{manifest}: regel 2, rapport 1: "
    assert got.startswith(f"fout: {where}area_id='heerlen-zuid' is geen NPLV-gebied (bekend: ")
    assert "heerlen-noord" in got
    got = refusal(capsys, reports(manifest, out), "en")
    where = f"{manifest}: line 2, report 1: "
    assert got.startswith(f"error: {where}area_id='heerlen-zuid' is not an NPLV area (known: ")
    assert not out.exists()


def test_a_manifest_that_cannot_be_read(capsys, manifest, tmp_path):
    manifest.write_text("reports: [\n")
    got = refusal(capsys, reports(manifest, tmp_path / "out"), None)
    # the line where the YAML reader stopped, and its own words
    assert got == f"fout: {manifest}: regel 2: expected the node content, but found '<stream end>'"
    gone = tmp_path / "nope.yaml"
    got = refusal(capsys, reports(gone, tmp_path / "out"), None)
    assert got == f"fout: kan het manifest {gone} niet lezen: No such file or directory"
    got = refusal(capsys, reports(gone, tmp_path / "out"), "en")
    assert got == f"error: cannot read the manifest {gone}: No such file or directory"
    assert not (tmp_path / "out").exists()


def test_an_unknown_report_selected(capsys, manifest, tmp_path):
    argv = reports(manifest, tmp_path / "out", "--area", "heerlen", "x")
    assert refusal(capsys, argv, None) == (
        f"fout: geen rapport met de naam heerlen in {manifest}; de rapporten zijn: x"
    )
    assert refusal(capsys, argv, "en") == (
        f"error: no report named heerlen in {manifest}; the reports are: x"
    )


def test_bad_jobs_and_cell_timeout(capsys, manifest, tmp_path):
    argv = reports(manifest, tmp_path / "out", "--jobs", "0")
    assert refusal(capsys, argv, None) == "fout: --jobs moet 1 of meer zijn, niet 0"
    assert refusal(capsys, argv, "en") == "error: --jobs must be 1 or more, got 0"
    argv = reports(manifest, tmp_path / "out", "--cell-timeout", "-1")
    assert refusal(capsys, argv, None) == "fout: --cell-timeout moet 0 of meer zijn, niet -1.0"
    assert refusal(capsys, argv, "en") == "error: --cell-timeout must be 0 or more, got -1.0"


def test_bad_jobs_refused_by_the_library_in_either_language(manifest, tmp_path):
    with pytest.raises(RunError) as info:
        run_reports(manifest, tmp_path / "out", jobs=0)
    assert str(info.value) == "jobs must be a whole number of 1 or more, got 0"
    assert info.value.text("nl") == "jobs moet een geheel getal van 1 of meer zijn, niet 0"
    assert info.value.text("en") == str(info.value)


def test_an_output_folder_that_is_a_file(capsys, manifest, tmp_path):
    out = tmp_path / "out"
    out.write_text("not a folder")
    argv = reports(manifest, out)
    assert refusal(capsys, argv, None) == f"fout: de uitvoermap {out} is een bestand, geen map"
    assert refusal(capsys, argv, "en") == f"error: the output folder {out} is a file, not a folder"
    assert out.read_text() == "not a folder"


def test_an_output_folder_that_cannot_be_made(capsys, manifest, tmp_path):
    out = tmp_path / "file" / "out"
    (tmp_path / "file").write_text("x")
    argv = reports(manifest, out)
    # the system's own reason stays as the system gives it
    assert (
        refusal(capsys, argv, None) == f"fout: kan de uitvoermap {out} niet maken: Not a directory"
    )
    assert refusal(capsys, argv, "en") == (
        f"error: cannot create the output folder {out}: Not a directory"
    )


def test_an_output_folder_that_cannot_be_written(capsys, manifest, tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_open = os.open

    def no_lock(path, *args, **kwargs):  # as a read-only folder answers (root ignores modes)
        if os.fspath(path).endswith(LOCK_NAME):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(run_module.os, "open", no_lock)
    argv = reports(manifest, out)
    assert refusal(capsys, argv, None) == (
        f"fout: kan niet schrijven in de uitvoermap {out}: Permission denied"
    )
    assert refusal(capsys, argv, "en") == (
        f"error: cannot write to the output folder {out}: Permission denied"
    )


def test_an_output_folder_another_run_writes_to(capsys, manifest, tmp_path):
    out = tmp_path / "out"
    with claim_out(out):
        lock, pid = out / LOCK_NAME, os.getpid()
        assert refusal(capsys, reports(manifest, out), None) == (
            f"fout: een andere rapportrun (pid {pid}) schrijft naar {out}; wacht tot die klaar "
            f"is of kies een andere uitvoermap (slotbestand: {lock})"
        )
        assert refusal(capsys, reports(manifest, out), "en") == (
            f"error: another report run (pid {pid}) is writing to {out}; wait until it has "
            f"finished or choose another output folder (lock file: {lock})"
        )
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]


def test_an_output_folder_with_a_link(capsys, manifest, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "x").symlink_to(tmp_path, target_is_directory=True)
    assert refusal(capsys, reports(manifest, out), None) == (
        f"fout: {out}: 'x' is een link; een uitvoermap bevat zijn eigen bestanden en er wordt "
        "niet via een link elders geschreven: verwijder de link of kies een andere uitvoermap. "
        "Niets geschreven."
    )
    assert refusal(capsys, reports(manifest, out), "en") == (
        f"error: {out}: 'x' is a link; an output folder holds its own files and nothing is "
        "written elsewhere through a link: remove the link or choose another output folder. "
        "Nothing written."
    )
    assert sorted(p.name for p in out.iterdir()) == ["x"]
