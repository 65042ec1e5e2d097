"""The incremental report run (issue 15): a report is made again exactly when something it
depends on changed (its notebook, its parameters, the data, its monitor file, the language) or
its files were edited or removed; a run with nothing to do imports neither pandas nor papermill;
an interrupted run leaves no stamp claiming a report is complete; a hung cell fails its report.

The runs work on a copy of the project's notebooks and data with a manifest of three reports:
two area reports (one notebook) and the national mid-term review (another notebook, with the
monitor file). The copy is made once and run once; each test copies that (at the same depth of
folders, so the reports' links to docs/ are the same) and changes one thing."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.pipeline import stamps, worker
from nplv_analysis.pipeline.manifest import ReportJob
from nplv_analysis.pipeline.run import run_reports
from nplv_analysis.pipeline.worker import execute_job, finish_job

from .conftest import DATA, PROJECT, write_notebook

ZO, GN, NAT = "zaandam-oost/area_report", "groningen-noord/area_report", "national/midterm-2027"
ALL = sorted([ZO, GN, NAT])
MANIFEST = """\
reports:
  - notebook: area_report.ipynb
    output: zaandam-oost
    parameters: {area_id: zaandam-oost}
  - notebook: area_report.ipynb
    output: groningen-noord
    parameters: {area_id: groningen-noord}
  - notebook: midterm_review.ipynb
    output: national
    html: midterm-2027.html
    parameters: {area_id: national, monitor_file: ../data/monitor/illustratief-2027.csv}
"""


def make_project(root: Path) -> Path:
    (root / "notebooks").mkdir(parents=True)
    for nb in ("area_report.ipynb", "midterm_review.ipynb"):
        shutil.copy(PROJECT / "notebooks" / nb, root / "notebooks" / nb)
    (root / "notebooks" / "reports.yaml").write_text(MANIFEST, encoding="utf-8")
    shutil.copytree(DATA, root / "data")
    return root


def run(root: Path, **kwargs):
    """The run of the copy's manifest into ``root/out``."""
    kwargs.setdefault("jobs", 2)
    return run_reports(root / "notebooks" / "reports.yaml", root / "out", root / "data", **kwargs)


def names(jobs) -> list[str]:
    return sorted(j.key if isinstance(j, ReportJob) else j[0].key for j in jobs)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("built") / "p")
    result = run(root)
    assert result.ok, result.summary()
    assert names(result.done) == ALL and result.up_to_date == []
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the built project (notebooks, data, reports); the files keep their times. The
    reports are up to date in the copy (their keys do not depend on where the project is); the
    expanded manifest is not (it holds the monitor file's path), so the first run here reads the
    data again and writes ``index.stamp.json``."""
    root = tmp_path / "p"
    shutil.copytree(built, root)
    return root


def mtimes(out: Path) -> dict[str, int]:
    return {str(p.relative_to(out)): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def assert_untouched(before: dict[str, int], after: dict[str, int], folders: list[str]) -> None:
    """The files of the reports in ``folders`` were not written again."""
    for name, mtime in before.items():
        if name.split("/")[0] in folders:
            assert after[name] == mtime, name


def test_nothing_changed_nothing_rebuilt(project):
    before = mtimes(project / "out")
    result = run(project)
    assert result.done == [] and result.failed == []
    assert names(result.up_to_date) == ALL
    assert not result.rebuilt_index
    after = mtimes(project / "out")
    stamp_time = after.pop("index.stamp.json")
    assert stamp_time != before.pop("index.stamp.json")  # the new place noted
    assert after == before  # not even the index was written
    again = run(project)  # the manifest's expansion is now known here: nothing written at all
    assert again.done == [] and names(again.up_to_date) == ALL
    assert mtimes(project / "out") == {**after, "index.stamp.json": stamp_time}


def test_changed_notebook_rebuilds_its_reports(project):
    path = project / "notebooks" / "area_report.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Een zin erbij."))
    nbformat.write(nb, path)
    before = mtimes(project / "out")
    result = run(project)
    assert result.ok, result.summary()
    assert names(result.done) == [GN, ZO]
    assert names(result.up_to_date) == [NAT]
    html = (project / "out" / "zaandam-oost" / "area_report.html").read_text(encoding="utf-8")
    assert "Een zin erbij." in html
    assert_untouched(before, mtimes(project / "out"), ["national"])


def test_changed_parameter_rebuilds_that_report(project):
    manifest = project / "notebooks" / "reports.yaml"
    manifest.write_text(
        MANIFEST.replace("{area_id: zaandam-oost}", "{area_id: zaandam-oost, seed: 1}")
    )
    result = run(project)
    assert names(result.done) == [ZO]
    assert names(result.up_to_date) == [GN, NAT]
    stamp = json.loads((project / "out/zaandam-oost/area_report.stamp.json").read_text())
    assert stamp["inputs"]["parameters"] == {"area_id": "zaandam-oost", "seed": 1}


def test_scenario_rebuilds_the_reports_that_take_it(project):
    result = run(project, scenario={"realisation": 0.7})
    assert names(result.done) == [GN, ZO]  # the mid-term review has no scenario
    assert names(result.up_to_date) == [NAT]
    html = (project / "out/zaandam-oost/area_report.html").read_text(encoding="utf-8")
    assert "realisatie 70%" in html  # the stamp's scenario in words


def test_changed_data_file_rebuilds_every_report(project):
    # any area's claim counts under the ceilings, so every report depends on all the data
    path = project / "data" / "agreements" / "heerlen-noord.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    result = run(project)
    assert names(result.done) == ALL and result.up_to_date == []


def test_changed_monitor_file_rebuilds_only_the_midterm_review(project):
    path = project / "data" / "monitor" / "illustratief-2027.csv"
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    before = mtimes(project / "out")
    result = run(project)
    assert names(result.done) == [NAT]
    assert names(result.up_to_date) == [GN, ZO]
    after = mtimes(project / "out")
    assert_untouched(before, after, ["zaandam-oost", "groningen-noord"])
    assert after["index.html"] != before["index.html"]


def test_other_language_rebuilds_every_report(project):
    result = run(project, lang="en")
    assert names(result.done) == ALL
    html = (project / "out/groningen-noord/area_report.html").read_text(encoding="utf-8")
    assert "<html lang='en'>" in html or '<html lang="en">' in html
    again = run(project, lang="en")
    assert again.done == [] and names(again.up_to_date) == ALL


def test_force_rebuilds_every_report(project):
    result = run(project, force=True)
    assert names(result.done) == ALL and result.up_to_date == []


@pytest.mark.parametrize("change", ["delete", "edit"])
def test_deleted_or_edited_file_is_rebuilt(project, change):
    chart = project / "out" / "groningen-noord" / "funding.csv"
    good = chart.read_bytes()
    if change == "delete":
        chart.unlink()
    else:
        chart.write_bytes(good.replace(b"groningen-noord", b"groningen-zuid"))
    result = run(project)
    assert names(result.done) == [GN]
    assert names(result.up_to_date) == [NAT, ZO]
    assert chart.read_bytes() == good  # made again, byte for byte as before


def test_deleted_index_is_written_again(project):
    (project / "out" / "index.html").unlink()
    result = run(project)
    assert result.done == [] and result.rebuilt_index
    index = (project / "out" / "index.html").read_text(encoding="utf-8")
    for href in ("zaandam-oost/area_report.html", "national/midterm-2027.html"):
        assert href in index


def test_index_lists_every_report_after_a_partial_run(project):
    manifest = project / "notebooks" / "reports.yaml"
    manifest.write_text(
        MANIFEST.replace("{area_id: zaandam-oost}", "{area_id: zaandam-oost, seed: 1}")
    )
    before = (project / "out" / "index.html").stat().st_mtime_ns
    result = run(project, only=["zaandam-oost"])
    assert names(result.done) == [ZO] and result.rebuilt_index
    assert (project / "out" / "index.html").stat().st_mtime_ns != before
    index = (project / "out" / "index.html").read_text(encoding="utf-8")
    for href in (
        "zaandam-oost/area_report.html",
        "groningen-noord/area_report.html",
        "groningen-noord/funding.csv",
        "national/midterm-2027.html",
        "national/midterm-illustratief.csv",  # the shipped monitor file is illustrative
    ):
        assert f'href="{href}"' in index


def test_interrupted_move_leaves_no_stamp(project, monkeypatch):
    """A run stopped while it moves a report's files into place: the old stamp is gone before
    the first file is replaced, the new one is not there yet, and the next run makes the
    report again."""
    folder = project / "out" / "zaandam-oost"
    moved = []
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst).parent == folder:
            if len(moved) == 2:
                raise KeyboardInterrupt  # e.g. Ctrl-C half-way
            moved.append(Path(dst).name)
        return real_replace(src, dst)

    monkeypatch.setattr(worker.os, "replace", replace)
    job = ReportJob("area_report.ipynb", "zaandam-oost", {"area_id": "zaandam-oost"})
    stamp = {"key": "k", "inputs": {}}
    with pytest.raises(KeyboardInterrupt):
        try:
            tmp, nb, _ = execute_job(
                job, project / "out", project / "data", None, project / "notebooks"
            )
        finally:
            worker.shutdown_kernel()
        finish_job(job, tmp, nb, project / "out", project / "data", stamp=stamp)
    monkeypatch.undo()
    assert len(moved) == 2  # two of the new files were in place
    assert not (folder / "area_report.stamp.json").exists()
    assert not [p for p in (project / "out").iterdir() if p.name.startswith(".nplv-tmp")]
    result = run(project)
    assert names(result.done) == [ZO] and names(result.up_to_date) == [GN, NAT]


def test_no_op_imports_neither_pandas_nor_papermill(project):
    """``python -m nplv_analysis reports`` with nothing to do: it decides by hashing files,
    without importing pandas, matplotlib, papermill or nbconvert (``-X importtime`` lists every
    module imported)."""
    assert run(project).done == []  # the copy's first run notes the manifest's new place
    stamp = (project / "out" / "index.stamp.json").stat().st_mtime_ns
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "nplv_analysis",
            "reports",
            "--manifest",
            str(project / "notebooks" / "reports.yaml"),
            "--data-dir",
            str(project / "data"),
            "--out",
            str(project / "out"),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "3 rapport(en) actueel, 0 opnieuw gemaakt" in done.stdout
    imported = {
        line.split("|")[-1].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "nplv_analysis" in imported and "yaml" in imported  # the listing works
    for heavy in ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbformat"):
        assert heavy not in imported
    assert (project / "out" / "index.stamp.json").stat().st_mtime_ns == stamp


def test_english_message(project, capsys):
    out = project / "out"
    args = ["reports", "--manifest", str(project / "notebooks" / "reports.yaml")]
    args += ["--data-dir", str(project / "data"), "--out", str(out), "--lang", "en"]
    assert main(args) == 0
    assert "0 report(s) up to date, 3 rebuilt" in capsys.readouterr().out
    assert main(args) == 0
    assert "3 report(s) up to date, 0 rebuilt" in capsys.readouterr().out


def test_garbled_stamps_are_made_again(project):
    """A stamp that is not JSON, or an index stamp whose manifest is not a list of reports,
    counts as no stamp: the report is made again, the manifest read from the data again."""
    assert run(project).done == []  # the copy's first run notes the manifest's new place
    (project / "out" / "zaandam-oost" / "area_report.stamp.json").write_text("{not json")
    index = project / "out" / "index.stamp.json"
    stamp = json.loads(index.read_text())
    stamp["plan"] = [{"notebook": "area_report.ipynb", "output": "../x"}]
    index.write_text(json.dumps(stamp))
    result = run(project)
    assert names(result.done) == [ZO] and names(result.up_to_date) == [GN, NAT]
    assert json.loads(index.read_text())["plan"][0]["output"] == "zaandam-oost"


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_bad_cell_timeout(tmp_path, value):
    done = subprocess.run(
        [sys.executable, "-m", "nplv_analysis", "reports", "--out", str(tmp_path / "out")]
        + ["--cell-timeout", value, "--lang", "en"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .endswith(
            f"--cell-timeout must be 0 or more, got {float(value)}"
            if value == "-1"
            else f"argument --cell-timeout: invalid float value: '{value}'"
        )
    )
    assert not (tmp_path / "out").exists()


def test_source_key_follows_code_not_caches(tmp_path, monkeypatch):
    package = tmp_path / "nplv_analysis"
    (package / "report" / "__pycache__").mkdir(parents=True)
    (package / "report" / "runner.py").write_text("x = 1\n")
    (package / "text").mkdir()
    (package / "text" / "nl.yaml").write_text("a: b\n")
    monkeypatch.setattr(stamps, "PACKAGE_DIR", package)
    key = stamps.source_key()
    (package / "report" / "__pycache__" / "runner.cpython-311.pyc").write_bytes(b"\0")
    (package / "report" / ".runner.py.swp").write_bytes(b"\0")
    (package / "report" / "runner.py~").write_text("x = 0\n")
    assert stamps.source_key() == key  # caches and editors' files do not count
    (package / "text" / "nl.yaml").write_text("a: c\n")
    changed = stamps.source_key()
    assert changed != key  # a catalogue is source
    (package / "report" / "charts.py").write_text("")
    assert stamps.source_key() not in (key, changed)  # so is a new module


def test_notebook_parameters_as_papermill_finds_them():
    import papermill

    for nb in ("area_report.ipynb", "national_overview.ipynb", "midterm_review.ipynb"):
        path = PROJECT / "notebooks" / nb
        assert stamps.notebook_parameters(path) == set(papermill.inspect_notebook(path)), nb


def test_hung_cell_fails_its_report_not_the_run(tmp_path):
    for name, code in (("hang", "import time\ntime.sleep(120)"), ("quick", "x = 1")):
        write_notebook(tmp_path / f"{name}.ipynb", "lang = 'nl'", code)
    (tmp_path / "m.yaml").write_text(
        "reports:\n  - notebook: hang.ipynb\n    output: hang\n"
        "  - notebook: quick.ipynb\n    output: quick\n"
    )
    result = run_reports(tmp_path / "m.yaml", tmp_path / "out", jobs=1, cell_timeout=3)
    assert names(result.done) == ["quick/quick"]
    assert names(result.failed) == ["hang/hang"]
    assert "Cell execution timed out" in result.failed[0][1]
    assert not (tmp_path / "out" / "hang").exists()


def test_reused_kernel_starts_each_report_empty(tmp_path):
    """A worker runs its reports one after another in one kernel (papermill's ``km=``): each
    report finds an empty namespace (not the report before's names), while the modules the
    first one imported stay loaded."""
    code = (
        "import os, sys, pathlib\n"
        "seen = ['leak' in globals(), 'json' in globals(), 'json' in sys.modules, os.getpid()]\n"
        "pathlib.Path(out_dir, 'seen.txt').write_text(' '.join(map(str, seen)))\n"
        "import json\n"
        "leak = 1\n"
    )
    for name in ("first", "second"):
        write_notebook(tmp_path / f"{name}.ipynb", "lang = 'nl'\nout_dir = None", code)
    (tmp_path / "m.yaml").write_text(
        "reports:\n  - notebook: first.ipynb\n    output: first\n"
        "  - notebook: second.ipynb\n    output: second\n"
    )
    result = run_reports(tmp_path / "m.yaml", tmp_path / "out", jobs=1)
    assert result.ok, result.failed
    first, second = (
        (tmp_path / "out" / n / "seen.txt").read_text().split() for n in ("first", "second")
    )
    assert first[:2] == ["False", "False"] and second[:3] == ["False", "False", "True"]
    assert first[3] == second[3]  # the same kernel


def test_environment_key_follows_the_installed_versions(tmp_path, monkeypatch):
    site_dir = tmp_path / "site-packages"
    (site_dir / "matplotlib-3.11.2.dist-info").mkdir(parents=True)
    (site_dir / "pandas-2.2.3.dist-info").mkdir()
    (site_dir / "pandas").mkdir()  # the package itself is not what is keyed
    monkeypatch.setattr(stamps.site, "getsitepackages", lambda: [str(site_dir)])
    first = stamps.environment_key()
    (site_dir / "pandas" / "new.py").write_text("x = 1")
    assert stamps.environment_key() == first
    (site_dir / "pandas-2.2.3.dist-info").rename(site_dir / "pandas-3.0.0.dist-info")
    upgraded = stamps.environment_key()
    assert upgraded != first
    (site_dir / "six-1.16.0-py3.11.egg-info").write_text("Name: six")  # conda's kind
    with_egg = stamps.environment_key()
    assert with_egg != upgraded
    (site_dir / "six-1.16.0-py3.11.egg-info").rename(site_dir / "six-1.17.0-py3.11.egg-info")
    assert stamps.environment_key() not in (first, upgraded, with_egg)
    monkeypatch.setattr(stamps.sys, "version", "3.99.0 (another Python)")
    assert stamps.environment_key() not in (first, upgraded)


def test_upgraded_library_rebuilds_every_report(project, monkeypatch):
    real = stamps.environment_key()
    monkeypatch.setattr(stamps, "environment_key", lambda: real + "-pandas-upgraded")
    result = run(project)
    assert names(result.done) == ALL and result.up_to_date == []
    inputs = json.loads((project / "out/zaandam-oost/area_report.stamp.json").read_text())
    assert inputs["inputs"]["environment_sha256"] == real + "-pandas-upgraded"
