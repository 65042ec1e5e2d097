"""Integrity under failure and concurrency (issue 27): the intake writes all of its files or none,
two intakes into one data folder keep both entries, a change killed half-way is undone by the
next intake; built from the project's own agreement text (tests/test_intake.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from nplv_analysis.apps.cli import main
from nplv_analysis.data import atomic
from nplv_analysis.intake import run_intake

from .test_intake import variant_pages, write_txt

PROJECT = Path(__file__).resolve().parents[1]


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes, and every folder."""
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = p.read_bytes() if p.is_file() else b"<dir>"
    return out


def arnhem_pages() -> list[str]:
    """The variant as the agreement of another area (Arnhem Oost)."""
    return [
        p.replace("Breda Noord", "Arnhem Oost").replace("Breda", "Arnhem") for p in variant_pages()
    ]


class Boom(OSError):
    pass


def failing_replace(monkeypatch, fail_at: int, exc: BaseException) -> list[str]:
    """Make the ``fail_at``-th move of a staged file into place fail with ``exc``."""
    real = os.replace
    moves: list[str] = []

    def replace(src, dst, *args, **kwargs):
        if f"{atomic.STAGE_PREFIX}" in os.fspath(src) and "-new-" in os.fspath(src):
            moves.append(os.fspath(dst))
            if len(moves) == fail_at:
                raise exc
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return moves


# --- all or nothing -----------------------------------------------------------------------------


@pytest.mark.parametrize("exc", [Boom(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failure_after_the_first_write_leaves_the_folder_as_it_was(
    data_copy, tmp_path, monkeypatch, exc
):
    pages = variant_pages()
    run_intake(write_txt(tmp_path / "breda.txt", pages), "breda-noord", data_copy)
    before = tree(data_copy)
    # a second reading of a changed document: three of its four files move in, the fourth fails
    pages[5] = pages[5].replace("€4,1 mln. tot €6,2 mln.", "€4,2 mln. tot €6,2 mln.")
    moves = failing_replace(monkeypatch, 3, exc)
    with pytest.raises(type(exc)):
        run_intake(write_txt(tmp_path / "breda2.txt", pages), "breda-noord", data_copy)
    assert len(moves) == 3, moves
    assert tree(data_copy) == before


def test_a_failed_change_leaves_no_new_file_or_folder(tmp_path, monkeypatch):
    (tmp_path / "old.yaml").write_bytes(b"old")
    before = tree(tmp_path)
    failing_replace(monkeypatch, 4, Boom(5, "Input/output error"))
    files = {"sources/a.txt": b"a", "old.yaml": b"new", "new/deeper/c": b"c", "d": b"d"}
    with pytest.raises(Boom):
        atomic.write_files(tmp_path, files)
    assert tree(tmp_path) == before
    monkeypatch.undo()
    atomic.write_files(tmp_path, files)
    assert tree(tmp_path) == {
        "d": b"d",
        "new": b"<dir>",
        "new/deeper": b"<dir>",
        "new/deeper/c": b"c",
        "old.yaml": b"new",
        "sources": b"<dir>",
        "sources/a.txt": b"a",
    }


def test_the_cli_says_nothing_was_lost_without_a_traceback(
    data_copy, tmp_path, monkeypatch, capsys
):
    doc = write_txt(tmp_path / "breda.txt", variant_pages())
    before = tree(data_copy)
    failing_replace(monkeypatch, 2, Boom(28, "No space left on device"))
    argv = ["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]
    assert main([*argv, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert tree(data_copy) == before


_KILLED = """
import os, sys
from nplv_analysis.data import atomic
from nplv_analysis.intake import run_intake
real, n = os.replace, []
def replace(src, dst, *a, **k):
    if "-new-" in os.fspath(src):
        n.append(dst)
        if len(n) == 2:
            os._exit(9)  # killed between two moves: no clean-up runs
    return real(src, dst, *a, **k)
atomic.os.replace = replace
run_intake(sys.argv[1], "breda-noord", sys.argv[2])
"""


@pytest.mark.slow
def test_an_intake_killed_half_way_is_undone_by_the_next(data_copy, tmp_path):
    doc = write_txt(tmp_path / "breda.txt", variant_pages())
    before = tree(data_copy)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED, str(doc), str(data_copy)], cwd=PROJECT, timeout=300
    )
    assert done.returncode == 9
    assert tree(data_copy) != before  # half-written: a journal, a moved file, staged files
    assert any(name.startswith(atomic.JOURNAL) for name in os.listdir(data_copy))
    # the next intake (here one that is refused: an unknown area) repairs the folder first
    with pytest.raises(ValueError):
        run_intake(doc, "nergens", data_copy)
    assert tree(data_copy) == before


_INTAKE = """
import sys
from nplv_analysis.apps.cli import main
sys.exit(main(["intake", sys.argv[1], "--area", sys.argv[2], "--data-dir", sys.argv[3]]))
"""


@pytest.mark.slow
def test_two_intakes_at_once_keep_both_entries(data_copy, tmp_path):
    breda = write_txt(tmp_path / "breda.txt", variant_pages())
    arnhem = write_txt(tmp_path / "arnhem.txt", arnhem_pages())
    start = time.monotonic()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _INTAKE, str(doc), area, str(data_copy)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for doc, area in ((breda, "breda-noord"), (arnhem, "arnhem-oost"))
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert time.monotonic() - start < 240
    sources = yaml.safe_load((data_copy / "sources.yaml").read_text("utf-8"))
    assert {"ba-breda-noord-2025", "ba-arnhem-oost-2025"} <= set(sources)
    for area in ("breda-noord", "arnhem-oost"):
        assert (data_copy / f"agreements/{area}.yaml").is_file()
    from nplv_analysis.data import load_figures

    fig = load_figures(data_copy)
    assert fig[fig["area_id"] == "arnhem-oost"].set_index("key").at["orv.total.incl", "value"] == (
        12_100_000
    )
    assert not [n for n in os.listdir(data_copy) if n.startswith(".nplv")]


def test_a_held_lock_refuses_the_intake_after_the_wait(data_copy, tmp_path, monkeypatch, capsys):
    doc = write_txt(tmp_path / "breda.txt", variant_pages())
    before = tree(data_copy)
    monkeypatch.setattr(atomic, "LOCK_WAIT", 0.3)
    with atomic.folder_lock(data_copy):
        argv = ["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]
        assert main([*argv, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "another intake is writing to this data folder" in err and "Nothing written" in err
    assert tree(data_copy) == before


def test_the_exported_tables_are_written_all_or_none(tmp_path, monkeypatch):
    from nplv_analysis.report.export import area_tables, write_tables

    tables = area_tables("heerlen-noord")
    assert len(tables) >= 2 and any(len(table) > 1 for table in tables.values())
    first = write_tables(tables, tmp_path, lang="en")
    assert {p.name for p in first} == {f"{n}.csv" for n in tables} | {
        "tables.xlsx",
        "tables-codebook.csv",
    }
    (tmp_path / "other.txt").write_text("not ours")
    before = tree(tmp_path)
    changed = {name: table.iloc[:1] for name, table in tables.items()}
    failing_replace(monkeypatch, 2, Boom(28, "No space left on device"))
    with pytest.raises(Boom):
        write_tables(changed, tmp_path, lang="en")
    assert tree(tmp_path) == before
