"""Output integrity of the report run (issue 11): one run at a time per output folder, and a bad
``--out`` or ``--jobs`` refused with one message, before any notebook runs."""

import ctypes
import os
import subprocess
import sys
import time

import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.pipeline.run import LOCK_NAME, claim_out, run_reports

from .conftest import PROJECT

MANIFEST = PROJECT / "notebooks" / "reports.yaml"
ENV = {**os.environ, "MPLBACKEND": "Agg"}


def reports(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """``python -m nplv_analysis reports ARGS`` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "nplv_analysis", "reports", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
        **kwargs,
    )


def assert_one_message(done: subprocess.CompletedProcess, *words: str, lang: str = "en") -> None:
    """Exit 2 with one line on stderr naming ``words``, nothing else, no traceback (an English
    run: "error:", a Dutch one: "fout:")."""
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    prefix = "error: " if lang == "en" else "fout: "
    assert len(lines) == 1 and lines[0].startswith(prefix), done.stderr
    for word in words:
        assert word in lines[0]
    assert done.stdout == ""
    assert done.returncode == 2


@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_jobs_below_one_is_refused(tmp_path, jobs):
    out = tmp_path / "out"
    done = reports("--out", str(out), "--jobs", jobs, "--lang", "en")
    assert_one_message(done, f"--jobs must be 1 or more, got {jobs}")
    assert not out.exists()


def test_jobs_below_one_is_refused_by_the_library(tmp_path):
    with pytest.raises(ValueError, match="jobs must be a whole number of 1 or more, got 0"):
        run_reports(MANIFEST, tmp_path, jobs=0)
    assert not any(tmp_path.iterdir())


def test_out_is_a_file(tmp_path):
    out = tmp_path / "reports"
    out.write_text("not a folder")
    done = reports("--out", str(out), "--lang", "en")
    assert_one_message(done, f"the output folder {out} is a file, not a folder")
    assert out.read_text() == "not a folder"


def test_out_cannot_be_created(tmp_path):
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "reports"
    done = reports("--out", str(out), "--lang", "en")
    assert_one_message(done, f"cannot create the output folder {out}: Not a directory")


def _no_dac_override() -> None:
    """In the child, before exec: root without the capabilities that ignore file modes
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a read-only folder is read-only for it too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_out_is_read_only(tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "previous.html").write_text("previous report")
    out.chmod(0o555)
    try:
        kwargs = {"preexec_fn": _no_dac_override} if os.geteuid() == 0 else {}
        try:
            done = reports("--out", str(out), "--lang", "en", **kwargs)
        except subprocess.SubprocessError as exc:  # no capability to drop them (a container)
            pytest.skip(f"root cannot be made to respect file modes here: {exc}")
    finally:
        out.chmod(0o755)
    assert_one_message(done, f"cannot write to the output folder {out}: Permission denied")
    assert sorted(p.name for p in out.iterdir()) == ["previous.html"]


def test_a_run_holding_the_lock_refuses_a_second_one(tmp_path, capsys):
    out = tmp_path / "out"
    with claim_out(out):
        lock = out / LOCK_NAME
        assert lock.read_text() == f"{os.getpid()}\n"
        assert main(["reports", "--out", str(out), "--area", "national", "--lang", "en"]) == 2
        err = capsys.readouterr().err
        assert f"another report run (pid {os.getpid()}) is writing to {out}" in err
        assert f"lock file: {lock}" in err
        assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME]  # nothing written
    assert not any(out.iterdir())  # the lock goes with its run


def test_the_lock_of_a_dead_run_is_taken_over(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text(f"{gone.pid}\n")  # left by a run that was killed
    with claim_out(out) as previous:
        assert previous == gone.pid
        assert (out / LOCK_NAME).read_text() == f"{os.getpid()}\n"
    assert not (out / LOCK_NAME).exists()


def test_two_runs_into_one_folder_in_different_languages(tmp_path):
    """The second run is refused while the first writes; the first finishes in its language."""
    out = tmp_path / "out"
    args = ["--out", str(out), "--area", "heerlen-noord", "--jobs", "1"]
    first = subprocess.Popen(
        [sys.executable, "-m", "nplv_analysis", "reports", *args, "--lang", "en"],
        cwd=PROJECT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lock = out / LOCK_NAME
        deadline = time.monotonic() + 60
        while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
            assert first.poll() is None and time.monotonic() < deadline, first.stderr.read()
            time.sleep(0.1)
        second = reports(*args, "--lang", "nl")
        assert first.poll() is None, "the first run ended before the second was refused"
        words = f"een andere rapportrun (pid {first.pid}) schrijft naar {out}"
        assert_one_message(second, words, f"(slotbestand: {lock})", lang="nl")
        stdout, stderr = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert first.returncode == 0, stderr
    # area report, mid-term, comparison, plan list
    assert "4 report(s) written, 0 failed" in stdout  # an English run
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<html lang='en'>" in index
    report = (out / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    assert "Heerlen Noord: housing agreement 2025-2029" in report
    assert "gepubliceerd" not in report
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
