"""The package installed from its wheel works outside the repository: the console script, the
library with the shipped data, and the report run (issue 26, item 1).

The slow test builds the wheel offline from a copy of the checkout, installs it with ``--no-deps``
into a new venv that sees this environment's packages (a ``.pth`` file naming its
site-packages; the ``.pth`` files there, such as the editable install's, are not run, so the
checkout is not importable) and runs it from an empty folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from nplv_analysis import resources
from nplv_analysis.pipeline import stamps
from nplv_analysis.text import t

from .conftest import MARK, PROJECT, marked, wait_for, write_notebook

SOURCE = ("pyproject.toml", "README.md", "nplv_analysis", "data", "notebooks", "docs")
"""What the wheel is built from (pyproject.toml names the readme)."""
HN = "heerlen-noord"


def _setuptools() -> dict:
    return tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_the_wheel_names_every_package_and_maps_the_shipped_folders():
    """The packages are listed by hand (a mapped folder cannot be found): a new subpackage that
    is not listed would be missing from the wheel."""
    config = _setuptools()
    on_disk = {
        ".".join(p.parent.relative_to(PROJECT).parts)
        for p in (PROJECT / "nplv_analysis").rglob("__init__.py")
    }
    listed = set(config["packages"])
    shipped = {
        f"nplv_analysis.{resources.SHIPPED}.{name}" for name in ("data", "notebooks", "docs")
    }
    assert listed - shipped == on_disk
    assert config["package-dir"] == {name: name.rsplit(".", 1)[1] for name in shipped}
    assert shipped <= set(config["package-data"])


def test_the_console_script_names_a_function():
    script = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]["nplv-analysis"]
    module, _, name = script.partition(":")
    assert module == "nplv_analysis.apps.cli" and name == "main"


def test_run_from_the_checkout_the_resources_are_its_folders():
    assert resources.DATA_DIR == PROJECT / "data"
    assert resources.NOTEBOOK_DIR == PROJECT / "notebooks"
    assert resources.ASSUMPTIONS == PROJECT / "docs" / "assumptions.md"
    assert stamps.data_key() == stamps.data_key(PROJECT / "data")  # the run keys that folder


@pytest.mark.slow
def test_a_relative_out_folder_gets_what_the_notebook_writes(tmp_path, monkeypatch):
    """The kernel runs in the notebooks' folder: the folder a report writes its files to must
    reach it as an absolute path (the default --out, reports/, is relative)."""
    from nplv_analysis.pipeline.run import run_reports

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write = "import pathlib\npathlib.Path(out_dir, 'table.csv').write_text('a;b\\n1;2\\n')"
    write_notebook(notebooks / "w.ipynb", "out_dir = None", write)
    (notebooks / "m.yaml").write_text("reports:\n  - notebook: w.ipynb\n    output: x\n")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = run_reports(notebooks / "m.yaml", "reports", jobs=1)
    assert result.ok, result.failed
    assert (here / "reports" / "x" / "table.csv").read_text() == "a;b\n1;2\n"
    assert sorted(p.name for p in notebooks.iterdir()) == ["m.yaml", "w.ipynb"]


# --- the installed wheel -------------------------------------------------------------------------


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A new venv with the package installed from its wheel (no dependencies: it sees this
    environment's site-packages through a .pth file); returns its bin folder."""
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCE:
        path = PROJECT / name
        if path.is_dir():
            shutil.copytree(
                path,
                src / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"),
            )
        else:
            shutil.copy2(path, src / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    build = [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(wheels)]
    subprocess.run([*build, str(src)], check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("nplv_analysis-*.whl")
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120
    )
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(purelib) / "nplv-test-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in ours), encoding="utf-8"
    )
    install = [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=300)
    return venv / "bin"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="finds processes in /proc")
def test_the_installed_wheel_works_outside_the_checkout(installed, tmp_path, marker):
    here = tmp_path / "empty"
    here.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(
        {
            MARK: marker,
            "MPLBACKEND": "Agg",
            # what pip puts in the venv's share/ with the dependencies: nbconvert's templates
            "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
        }
    )

    def run(*args, timeout=120):
        done = subprocess.run(
            args, cwd=here, env=env, capture_output=True, text=True, timeout=timeout
        )
        assert wait_for(lambda: not marked(marker), timeout=10), (
            "a process of the command is still running"
        )
        return done

    done = run(installed / "nplv-analysis", "--help")
    assert done.returncode == 0, done.stderr
    assert "reports" in done.stdout and "check" in done.stdout
    assert done.stdout.startswith("usage: nplv-analysis ")  # the name it was started with

    done = run(installed / "nplv-analysis", "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 fout(en)" in done.stdout

    # the library, with the shipped data: Heerlen-Noord's agreement, p. 6 ("tussen de €5,3 mln.
    # tot €8,0 mln. incl. btw") and p. 7 (ORV "maximale rijksbijdrage van € 10.000.000")
    library = (
        "import json, nplv_analysis\n"
        "from nplv_analysis import resources\n"
        "from nplv_analysis.pipeline import manifest, stamps\n"
        f"f = nplv_analysis.funding({HN!r})\n"
        "print(json.dumps({'file': nplv_analysis.__file__, 'root': str(resources.ROOT),\n"
        "    'rs': [f.at['realisatiestimulans', 'low_eur'], f.at['realisatiestimulans',"
        " 'high_eur']], 'orv': f.at['orv', 'high_eur'],\n"
        "    'out': str(manifest.DEFAULT_OUT.resolve()), 'source': stamps.source_key(),\n"
        "    'data': stamps.data_key()}))\n"
    )
    done = run(installed / "python", "-c", library)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    venv = installed.parent
    assert Path(got["file"]).is_relative_to(venv), "the checkout was imported, not the wheel"
    assert Path(got["root"]) == Path(got["file"]).parent / resources.SHIPPED
    assert got["rs"] == [5_300_000, 8_000_000] and got["orv"] == 10_000_000
    assert Path(got["out"]) == here.resolve() / "reports"
    # the stamps hash what the run reads, as in the checkout: the package's own files (not the
    # data it carries) and the data folder
    src = tmp_path / "src"
    assert got["source"] == stamps._tree_hash(src / "nplv_analysis", hidden=False)
    assert got["data"] == stamps.data_key(src / "data")

    shipped = Path(got["root"])
    before = sorted(p for p in shipped.rglob("*") if "__pycache__" not in p.parts)
    report = [installed / "nplv-analysis", "reports", "--out", "out", "--area", HN, "--jobs", "2"]
    done = run(*report, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    folder = here / "out" / HN
    for name in ("area_report", "midterm-2027", "scenario-comparison", "planlijst"):
        page = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert "Heerlen" in page
        assert (folder / f"{name}{stamps.STAMP_SUFFIX}").is_file()
        # the link to the assumptions log reaches the installed one
        (link,) = set(re.findall(r'href="([^"]*assumptions\.md)"', page))
        assert (folder / link).resolve() == shipped / "docs" / "assumptions.md"
    # the charts and tables the notebooks save are in the report folder, not the notebooks'
    for name in ("funding.png", "funding.svg", "funding.csv", "tables.xlsx"):
        assert (folder / name).stat().st_size > 0
    funding_csv = (folder / "funding.csv").read_text(encoding="utf-8")
    assert "realisatiestimulans,5300000.00,8000000.00,incl" in funding_csv
    assert (here / "out" / "index.html").is_file()
    after = sorted(p for p in shipped.rglob("*") if "__pycache__" not in p.parts)
    assert after == before, "the run wrote into the installed package"

    # made from the same inputs: nothing is run again
    done = run(*report)
    assert done.returncode == 0, done.stdout + done.stderr
    assert t("run.up_to_date", "nl", n=4, m=0) in done.stdout
