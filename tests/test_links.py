"""Links refused (issue 27): a linked file or folder in a data folder or an output folder is
refused with a message, before anything is read through it or written through it; the
reports' stamps, which walk the folder without following links, never meet one."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.data import DataError, load_dataset
from nplv_analysis.data.loading import LINK_PROBLEM, dataset
from nplv_analysis.pipeline import stamps
from nplv_analysis.pipeline.run import claim_out

from .test_integrity import tree


def link_agreements(data: Path, tmp_path: Path) -> Path:
    """The data folder's agreements/ moved out and linked back in."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(data / "agreements", elsewhere)
    (data / "agreements").symlink_to(elsewhere, target_is_directory=True)
    return elsewhere


def test_a_linked_agreements_folder_is_refused_by_the_loader(data_copy, tmp_path):
    link_agreements(data_copy, tmp_path)
    for load in (load_dataset, dataset):
        with pytest.raises(DataError) as info:
            load(data_copy)
        assert [str(p) for p in info.value.problems] == [
            f"{data_copy / 'agreements'}: {LINK_PROBLEM}"
        ]


def test_a_linked_file_is_refused_by_the_loader(data_copy, tmp_path):
    outside = tmp_path / "big"
    outside.mkdir()
    (data_copy / "sources" / "extra").symlink_to(outside, target_is_directory=True)
    shutil.move(data_copy / "national.yaml", tmp_path / "national.yaml")
    (data_copy / "national.yaml").symlink_to(tmp_path / "national.yaml")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert [p.file for p in info.value.problems] == [
        str(data_copy / "national.yaml"),
        str(data_copy / "sources" / "extra"),
    ]


def test_the_stamps_refuse_a_linked_data_folder_in_the_run_language(data_copy, tmp_path):
    link_agreements(data_copy, tmp_path)
    with pytest.raises(stamps.Linked) as info:
        stamps.data_key(data_copy)
    assert info.value.links == ["agreements"]
    assert "'agreements' is a link; a data folder holds its own files" in info.value.text("en")
    assert "'agreements' is een link; een datamap bevat zijn eigen bestanden" in info.value.text(
        "nl"
    )


def test_a_report_run_on_a_linked_data_folder_is_refused_before_anything(
    data_copy, tmp_path, capsys
):
    link_agreements(data_copy, tmp_path)
    out = tmp_path / "out"
    start = time.monotonic()
    argv = ["reports", "--data-dir", str(data_copy), "--out", str(out), "--lang", "en"]
    assert main(argv) == 2
    assert time.monotonic() - start < 10
    err = capsys.readouterr().err
    assert "'agreements' is a link" in err and "Traceback" not in err
    assert not out.exists()


def test_the_intake_refuses_a_linked_data_folder(data_copy, tmp_path, capsys):
    from .test_intake import variant_pages, write_txt

    link_agreements(data_copy, tmp_path)
    doc = write_txt(tmp_path / "b.txt", variant_pages())
    before = tree(tmp_path / "elsewhere")
    argv = ["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]
    assert main([*argv, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "agreements: is a link" in err
    assert tree(tmp_path / "elsewhere") == before


def test_a_linked_report_folder_is_refused_and_not_written_through(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "notes.txt").write_text("mine")
    (out / "heerlen-noord").symlink_to(private, target_is_directory=True)
    with pytest.raises(stamps.Linked) as info, claim_out(out):
        pass
    assert info.value.links == ["heerlen-noord"]
    assert "remove the link or choose another output folder" in info.value.text("en")
    assert (private.stat().st_mode & 0o777) == 0o700
    assert sorted(os.listdir(private)) == ["notes.txt"]
    assert not (out / ".nplv-reports.lock").exists()  # the lock was let go


def test_a_linked_file_in_a_report_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    (out / "national").mkdir(parents=True)
    (out / "national" / "tables.csv").symlink_to(tmp_path / "x.csv")
    with pytest.raises(stamps.Linked) as info, claim_out(out):
        pass
    assert info.value.links == ["national/tables.csv"]
