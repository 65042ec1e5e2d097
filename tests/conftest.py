import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# `make test-fast` passes --hypothesis-profile=fast: the property tests try a fifth of their
# examples (tests/test_scenario_properties.py scales its counts by the profile's); `make test` and
# CI run hypothesis's default profile, every example.
settings.register_profile("fast", max_examples=20)

PROJECT = Path(__file__).resolve().parents[1]
DATA = PROJECT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data folder, to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def edit_yaml(path: Path, change) -> None:
    """Load a YAML file, let ``change`` mutate the object, write it back."""
    obj = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(obj)
    path.write_text(yaml.safe_dump(obj, sort_keys=False, allow_unicode=True), encoding="utf-8")


def write_notebook(path: Path, parameters: str, *cells) -> Path:
    """A small notebook for the report run's tests: a ``parameters`` cell (papermill's tag),
    then ``cells`` (a string is a code cell, a notebook cell is taken as it is), kernel
    ``python3``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    code = nbformat.v4.new_code_cell
    nb.cells = [params] + [code(c) if isinstance(c, str) else c for c in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def chromium() -> str:
    """Debian's Chromium for the browser tests: in CI (CI set) a missing one fails the test,
    on a developer's machine it skips."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )
    if found is None:
        message = "Debian's Chromium (/usr/bin/chromium) is not installed"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run installs it with apt-get")
        pytest.skip(message + " (apt-get install chromium)")
    return found


SLOW_MODULES = {
    "test_accessibility.py",  # a browser and a report run
    "test_compare_cli.py",  # comparison reports through the command
    "test_comparison_report.py",
    "test_escaping.py",
    "test_incremental_run.py",  # report runs
    "test_processes.py",  # the workshop server and killed runs
    "test_report_run.py",
    "test_run_integrity.py",
    "test_template.py",
    "test_workshop_e2e.py",  # a browser
}
"""Test modules that run notebooks, a browser or whole report runs: marked ``slow`` (``make
test`` runs everything; ``make test-fast`` leaves these out). Single slow tests elsewhere carry
``@pytest.mark.slow`` themselves; the notebooks (nbval) are slow too."""


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if path.name in SLOW_MODULES or path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def national():
    """The national overview's figures of the shipped data, built once (some seconds) for every
    module that reads them; closed at the end. Tests read them, never change them."""
    import matplotlib.pyplot as plt

    from nplv_analysis.report.figures import national_overview_figures

    figs = national_overview_figures()
    yield figs
    for fig in figs.values():
        plt.close(fig)
