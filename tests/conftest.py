import contextlib
import os
import shutil
import signal
import time
import uuid
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


# --- the processes a test starts (tests/test_processes.py, tests/test_install.py) -------------

MARK = "NPLV_TEST_PROCESS_MARK"
"""An environment variable whose value marks the processes one test started."""


def marked(marker: str) -> dict[int, str]:
    """The live processes (not zombies) whose environment holds the marker: pid -> command."""
    needle = f"{MARK}={marker}".encode()
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            if (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X"):
                continue
            found[int(proc.name)] = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def wait_for(condition, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True


@pytest.fixture
def marker():
    """A marker for the test's processes; whatever still carries it at the end is stopped."""
    value = uuid.uuid4().hex
    yield value
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in marked(value):
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        if wait_for(lambda: not marked(value), timeout=5):
            break
