"""The report run: the notebooks of a manifest executed with papermill, in parallel processes.

The manifest (``notebooks/reports.yaml``) lists the reports. An entry with ``for_each: area``
becomes one report per NPLV area with published figures; ``{area_id}`` in its ``output`` and
``parameters`` is filled in. Each report is executed into a temporary folder (the notebook, its
HTML without code, and the charts and tables the notebook saves there) and moved into place only
when it succeeded, so a failed report leaves nothing half-written and the previous one stays.
One failing report does not stop the others; the run ends with a summary of the failures.

Workers are *spawned* processes (forked ones collide on ZeroMQ), and kernels talk over IPC
sockets rather than TCP ports, so parallel kernels cannot pick the same port. A worker keeps one
kernel and only executes notebooks (:func:`execute_job`); the run makes each report's HTML page
and stamp and moves it into place (:func:`finish_job`) while the worker goes on with the next.

What a run owns, and how it is cleaned up however the run ends:

- ``<out>/.nplv-reports.lock``: one run at a time per output folder (an ``flock`` on the file,
  which holds the run's pid; the kernel releases it when the run dies, so a stale file is taken
  over). Removed at the end of the run.
- ``<out>/.nplv-tmp-*``: a report being written; moved into place when it succeeded.
- ``<temp>/nplv-<pid>-<start time>/``: the kernels' IPC sockets and connection files, one folder
  per run process; removed at exit.
- the workers die with the run (Linux: ``PR_SET_PDEATHSIG``; everywhere: a thread watching the
  parent pid) and kill their kernel first; a kernel whose worker died anyway ends itself
  (ipykernel polls its parent).

A run that was killed leaves its temporary folders and sockets behind; the next run removes them
before it starts (:func:`clean_stale_run_dirs`, :func:`claim_out`).
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import functools
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..resources import ASSUMPTIONS, NOTEBOOK_DIR
from ..text import has_text, t
from . import stamps

DEFAULT_MANIFEST = NOTEBOOK_DIR / "reports.yaml"
DEFAULT_OUT = Path("reports")
"""The output folder: ``reports/`` of the current folder (``make reports``: the repository's)."""

COMPARISON = "scenario_comparison.ipynb"
"""The comparison's notebook: its stamp names its scenarios (``scenario_files``)."""
_JOB_FIELDS = ("notebook", "output", "parameters", "for_each", "title", "html", "weight")
FOR_EACH = ("area", "monitor_area", "plans_area")
"""``area``: every area with published figures; ``monitor_area``: every area in the entry's
monitor file (``parameters.monitor_file``); ``plans_area``: every area in its plan list
(``parameters.plans_file``)."""


@dataclass(frozen=True)
class ReportJob:
    """One report: ``notebook`` run with ``parameters`` into ``<out>/<output>/``."""

    notebook: str
    output: str
    parameters: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    html: str = ""  # file name of the HTML report (default: <notebook stem>.html)
    weight: float = 1  # how long it takes against an area report: the heaviest start first

    @property
    def stem(self) -> str:
        """The name of the report's files: ``<stem>.html`` and ``<stem>.ipynb``."""
        return Path(self.html).stem if self.html else Path(self.notebook).stem

    @property
    def key(self) -> str:
        """Unique within a run: the folder and the report's name."""
        return f"{self.output}/{self.stem}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "notebook": self.notebook,
            "output": self.output,
            "parameters": self.parameters,
            "title": self.title,
            "html": self.html,
            "weight": self.weight,
        }

    @classmethod
    def from_dict(cls, d: Any) -> ReportJob:
        """A job as :meth:`to_dict` wrote it; ValueError if it is not one."""
        if not isinstance(d, dict) or set(d) != {
            "notebook",
            "output",
            "parameters",
            "title",
            "html",
            "weight",
        }:
            raise ValueError(f"not a report: {d!r}")
        if not all(isinstance(d[k], str) for k in ("notebook", "output", "title", "html")):
            raise ValueError(f"not a report: {d!r}")
        if not isinstance(d["parameters"], dict) or "/" in d["output"] or "/" in d["html"]:
            raise ValueError(f"not a report: {d!r}")
        if d["output"].startswith(".") or not d["output"]:
            raise ValueError(f"not a report: {d!r}")
        if not _is_weight(d["weight"]):
            raise ValueError(f"not a report: {d!r}")
        return cls(d["notebook"], d["output"], d["parameters"], d["title"], d["html"], d["weight"])


@dataclass
class RunResult:
    """What a report run did: the report folders written, and the reports that failed."""

    done: list[tuple[ReportJob, Path]] = field(default_factory=list)
    failed: list[tuple[ReportJob, str]] = field(default_factory=list)
    index: Path | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)
    """What was cleaned up before the run: catalogue ids and their values."""
    up_to_date: list[ReportJob] = field(default_factory=list)  # not run: nothing had changed
    rebuilt_index: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self, lang: str = "nl") -> str:
        """What the run did, in the reader's language (the last line of each failure's error
        as the notebook raised it)."""
        lines = [t("run.written", lang, n=len(self.done), m=len(self.failed))]
        for job, error in self.failed:
            last = error.strip().splitlines()[-1] if error.strip() else t("run.unknown_error", lang)
            lines.append(t("run.failed", lang, report=job.key, notebook=job.notebook, error=last))
        lines += [t(code, lang, **values) for code, values in self.notes]
        return "\n".join(lines)


# --- the manifest -------------------------------------------------------------------------------


def _is_weight(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1e6


def _fill(value: Any, fields: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**fields)
    if isinstance(value, dict):
        return {k: _fill(v, fields) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, fields) for v in value]
    return value


def load_areas(data_dir: str | Path | None = None):
    """The areas table (:func:`nplv_analysis.data.load_areas`, imported when first needed: a run
    with nothing to do does not import pandas)."""
    from ..data import load_areas as load

    return load(data_dir)


def areas_with_data(data_dir: str | Path | None = None) -> list[str]:
    """The areas with at least one published figure, in the order of areas.csv."""
    from ..data import load_figures

    fig = load_figures(data_dir)
    have = set(fig["area_id"])
    return [a for a in load_areas(data_dir)["area_id"] if a in have]


def load_manifest(
    path: str | Path = DEFAULT_MANIFEST,
    data_dir: str | Path | None = None,
    monitor: str | Path | None = None,
    plans: str | Path | None = None,
) -> list[ReportJob]:
    """Read, check and expand a report manifest; ValueError naming the file, entry, problem.

    ``monitor`` replaces the ``monitor_file`` parameter of the entries that have one, ``plans``
    the ``plans_file``."""
    given = {"monitor_file": monitor, "plans_file": plans}
    path = Path(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or set(raw) != {"reports"} or not isinstance(raw["reports"], list):
        raise ValueError(f"{path}: must hold one key, 'reports', with a list of reports")
    jobs: list[ReportJob] = []
    for i, entry in enumerate(raw["reports"], start=1):
        where = f"{path}: report {i}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: must be a mapping with notebook, output, parameters")
        unknown = set(entry) - set(_JOB_FIELDS)
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
        for f in ("notebook", "output"):
            if not isinstance(entry.get(f), str) or not entry[f]:
                raise ValueError(f"{where}: missing field {f!r}")
        if not (path.parent / entry["notebook"]).is_file():
            raise ValueError(f"{where}: notebook {entry['notebook']!r} not found in {path.parent}")
        html_name = entry.get("html", "")
        if html_name and (not html_name.endswith(".html") or "/" in html_name):
            raise ValueError(f"{where}: html {html_name!r} must be a file name ending in .html")
        params = entry.get("parameters") or {}
        if not isinstance(params, dict):
            raise ValueError(f"{where}: parameters must be a mapping")
        for name in stamps.INPUT_FILES:
            if name in params and (given[name] is not None or params[name] is not None):
                file = given[name]  # a parameter left None is an optional file not given
                file = Path(file) if file is not None else path.parent / params[name]
                params = {**params, name: str(file.resolve())}
        weight = entry.get("weight", 1)
        if not _is_weight(weight):
            raise ValueError(f"{where}: weight {weight!r} must be a number between 0 and 1000000")
        each = entry.get("for_each")
        if each is not None and each not in FOR_EACH:
            raise ValueError(f"{where}: for_each {each!r} (allowed: {', '.join(FOR_EACH)})")
        names = load_areas(data_dir).set_index("area_id")["name"]
        if each == "area":
            areas = areas_with_data(data_dir)
        elif each == "monitor_area":
            if "monitor_file" not in params:
                raise ValueError(f"{where}: for_each monitor_area needs parameters.monitor_file")
            from ..monitor import load_monitor

            table = load_monitor(params["monitor_file"], data_dir).table
            areas = list(dict.fromkeys(table["area_id"]))
        elif each == "plans_area":
            if "plans_file" not in params:
                raise ValueError(f"{where}: for_each plans_area needs parameters.plans_file")
            from ..plans import load_plans

            areas = list(dict.fromkeys(load_plans(params["plans_file"], data_dir)["area_id"]))
        fields_list = [{"area_id": a, "name": names[a]} for a in areas] if each else [{}]
        for fields in fields_list:
            try:
                output = _fill(entry["output"], fields)
                job_params = _fill(dict(params), fields)
                title = entry.get("title", "")
            except KeyError as exc:
                raise ValueError(
                    f"{where}: unknown placeholder {exc} in output/parameters"
                ) from None
            if title and not has_text(title):
                raise ValueError(f"{where}: title {title!r} is not a text id of the catalogue")
            if "/" in output or output.startswith(".") or "{" in output:
                raise ValueError(f"{where}: output {output!r} must be a plain folder name")
            jobs.append(ReportJob(entry["notebook"], output, job_params, title, html_name, weight))
    keys = [j.key for j in jobs]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ValueError(f"{path}: two reports write the same files: {', '.join(dupes)}")
    return jobs


def _check_inputs(
    jobs: list[ReportJob], data_dir: str | Path | None, lang: str | None = None
) -> None:
    """A faulty monitor file or plan list stops the run before any report is written."""
    from ..monitor import load_monitor
    from ..plans import load_plans

    for path in dict.fromkeys(
        j.parameters["monitor_file"] for j in jobs if j.parameters.get("monitor_file")
    ):
        load_monitor(path, data_dir, lang or "nl")
    for path in dict.fromkeys(
        j.parameters["plans_file"] for j in jobs if j.parameters.get("plans_file")
    ):
        load_plans(path, data_dir, lang or "nl")


def _check_params(job: ReportJob, data_dir: str | Path | None) -> None:
    area_id = job.parameters.get("area_id")
    if area_id is not None and area_id != "national":
        known = set(load_areas(data_dir)["area_id"])
        if area_id not in known:
            raise ValueError(
                f"report {job.output!r}: area_id={area_id!r} is not an NPLV area "
                f"(known: {', '.join(sorted(known))})"
            )


def refuse_data_with_errors(data_dir: str | Path | None = None, lang: str = "nl") -> None:
    """Reports are only made from data that passes its checks (warnings are fine: they are
    the sources' own inconsistencies and the reports show them); the refusal in ``lang``."""
    from ..data import load_areas
    from ..rules import check_data

    findings = check_data(data_dir, lang)
    errors = findings[findings["severity"] == "error"]
    if len(errors):
        names = dict(load_areas(data_dir)[["area_id", "name"]].itertuples(index=False))
        lines = "\n".join(
            f"  - [{names.get(e.area_id, e.area_id)}] {e.message}" for e in errors.itertuples()
        )
        raise ValueError(t("run.data_errors", lang, n=len(errors)) + f"\n{lines}")


# --- the output folder, temporary files and processes ---------------------------------------------

LOCK_NAME = ".nplv-reports.lock"
TMP_PREFIX = ".nplv-tmp-"
"""A report being written, inside the output folder."""
_INDEX_TMP = ".index.html.tmp"
_RUN_DIR_RE = re.compile(r"nplv-(\d+)-(\d+)")
# before run folders: sockets straight in the temp folder, nplv-<12 hex>-<port>, and their
# connection files tmpXXXXXXXX.json
_OLD_SOCKET_RE = re.compile(r"nplv-[0-9a-f]{12}-\d+")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _start_time(pid: int) -> int | None:
    """When the process started (clock ticks after boot; 0 where there is no /proc), or None if
    there is no such process. With the pid it names a process even when pids are reused."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
    except OSError:
        return None
    else:
        return int(stat.rsplit(")", 1)[1].split()[19])
    try:  # no /proc (macOS): only whether the pid exists
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        pass
    return 0


_RUN_DIR: Path | None = None


def run_dir() -> Path:
    """This run's folder for the kernels' IPC sockets and connection files:
    ``<temp>/nplv-<pid>-<start time>`` (a worker uses its run's). Removed when the process
    exits; if it is killed, by the next run (:func:`clean_stale_run_dirs`)."""
    global _RUN_DIR
    if _RUN_DIR is None:
        pid = os.getpid()
        path = Path(tempfile.gettempdir()) / f"nplv-{pid}-{_start_time(pid) or 0}"
        path.mkdir(mode=0o700, exist_ok=True)
        atexit.register(shutil.rmtree, path, True)
        _RUN_DIR = path
    return _RUN_DIR


def _listening(path: Path) -> bool:
    """Whether a process still listens on the Unix socket ``path`` (unsure counts as yes)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(1)
        try:
            s.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            return False
        except OSError:
            return True
    return True


def clean_stale_run_dirs(temp_dir: str | Path | None = None) -> list[Path]:
    """Remove what killed runs left in the temp folder: the run folders of processes that are
    gone, and sockets of older versions (``nplv-<hex>-<n>``) nobody listens on, with their
    connection files. Only this user's files; returns what was removed."""
    temp = Path(temp_dir or tempfile.gettempdir())
    removed: list[Path] = []
    old_prefixes: set[str] = set()
    for path in temp.glob("nplv-*"):
        try:
            if path.lstat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if (m := _RUN_DIR_RE.fullmatch(path.name)) and path.is_dir() and not path.is_symlink():
            started = _start_time(int(m[1]))
            if started is None or started not in (0, int(m[2])):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        elif _OLD_SOCKET_RE.fullmatch(path.name) and path.is_socket() and not _listening(path):
            path.unlink(missing_ok=True)
            old_prefixes.add(str(path).rsplit("-", 1)[0])
            removed.append(path)
    if old_prefixes:
        for conn in temp.glob("tmp*.json"):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                if conn.stat().st_size < 4096 and conn.stat().st_uid == os.getuid():
                    info = json.loads(conn.read_text(encoding="utf-8"))
                    if info.get("transport") == "ipc" and info.get("ip") in old_prefixes:
                        conn.unlink()
                        removed.append(conn)
    return removed


def _clean_stale_out(out_dir: Path, jobs: list[ReportJob]) -> list[Path]:
    """Remove the temporary report folders a killed run left in ``out_dir`` (only called by the
    run that holds the lock, so no other run is writing there)."""
    old = tuple(f".{j.output}-{j.stem}-" for j in jobs)  # names before TMP_PREFIX
    removed = []
    for path in out_dir.iterdir():
        name = path.name
        stale = name.startswith(TMP_PREFIX) or name == _INDEX_TMP
        stale = stale or (
            path.is_dir() and any(name.startswith(o) and len(name) == len(o) + 8 for o in old)
        )
        if stale:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def claim_out(out_dir: str | Path) -> Iterator[int | None]:
    """Create ``out_dir`` if needed and hold its lock for the run; yields the pid of a run that
    died holding it (its lock is taken over), or None. ValueError with one sentence if the folder
    cannot be used: it is a file, cannot be created or written, another run holds it, or a
    report folder or file in it is a link (:class:`.stamps.Linked`)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"the output folder {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(
            f"cannot create the output folder {out_dir}: {exc.strerror or exc}"
        ) from None
    lock = out_dir / LOCK_NAME
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock (Windows): no lock
        fcntl = None
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ValueError(
                f"cannot write to the output folder {out_dir}: {exc.strerror or exc}"
            ) from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise ValueError(
                f"another report run (pid {holder}) is writing to {out_dir}; wait until it has "
                f"finished or choose another output folder (lock file: {lock})"
            ) from None
        try:  # the file may have been removed by the run that held it
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    previous = int(text) if text.isdigit() else None
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    try:
        # a linked report folder or file would be written (and made readable) through the link,
        # and its stamp would check another place's files
        linked = stamps.find_links(out_dir)
        if linked:
            raise stamps.Linked(out_dir, linked, "out")
        yield previous
    finally:
        lock.unlink(missing_ok=True)  # before the lock is released: see the inode check
        os.close(fd)


def _set_parent_death_signal(sig: int) -> None:
    """Linux: the kernel sends ``sig`` to this process when its parent dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def _kill_worker_kernel() -> None:
    """Kill the worker's kernel (and what it started) at once, and remove its socket files."""
    km = _WORKER_KERNEL
    if km is None:
        return
    prov = getattr(km, "provisioner", None)
    pid, pgid = getattr(prov, "pid", None), getattr(prov, "pgid", None)
    with contextlib.suppress(OSError):
        if pgid and pgid != os.getpgrp():  # the kernel leads a session of its own
            os.killpg(pgid, signal.SIGKILL)
        elif pid:
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        for path in [Path(km.connection_file), *Path(km.ip).parent.glob(Path(km.ip).name + "-*")]:
            path.unlink(missing_ok=True)


def _die(*_: object) -> None:
    """The worker's end when its run ends (or it is terminated): its kernel goes with it."""
    _kill_worker_kernel()
    os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    _die()


def _die_with_parent(parent: int) -> None:
    """Make this worker (and its kernel) end when the run that spawned it ends, even by
    SIGKILL: SIGTERM kills the kernel and exits; on Linux the kernel sends SIGTERM when the
    parent dies; a thread watching the parent pid covers other systems."""
    signal.signal(signal.SIGTERM, _die)
    _set_parent_death_signal(signal.SIGTERM)
    if os.getppid() != parent:  # died before the signal was set
        _die()
    threading.Thread(target=_watch_parent, args=(parent,), name="nplv-watch", daemon=True).start()


# --- one report ---------------------------------------------------------------------------------


TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "nplv"
"""The reports' nbconvert template (``templates/nplv``, extending ``lab``): nothing loaded from
the internet, no "¶" anchors, underlined links, table captions, an A4 print stylesheet and a
footer stamp. The index is rendered from the same folder (``reports_index.html.j2``)."""


@functools.cache
def _html_exporter(lang: str = "nl"):
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        language_code=lang,
    )


def html_without_code(
    notebook: Path | Any,
    title: str | None = None,
    lang: str = "nl",
    stamp: list[str] | None = None,
) -> str:
    """The executed notebook (a path or a notebook node) as HTML through the project's template:
    code cells hidden, ``<html lang>`` the report's, ``stamp`` (:func:`report_stamp`) in the
    footer."""
    import nbformat

    if isinstance(notebook, str | Path):
        name = Path(notebook).stem
        notebook = nbformat.read(notebook, as_version=4)
    else:
        name = "NPLV"
    resources = {"metadata": {"name": title or name}, "nplv_stamp": list(stamp or [])}
    body, _ = _html_exporter(lang).from_notebook_node(notebook, resources=resources)
    return body


# --- the stamp ---------------------------------------------------------------------------------


def generation_date() -> dt.date:
    """Today, or the day of ``SOURCE_DATE_EPOCH`` (UTC) when it is set (repeatable builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def project_version() -> str:
    """The installed version of nplv-analysis."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nplv-analysis")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree not installed
        return "?"


def data_hash(data_dir: str | Path | None = None) -> str:
    """A short hash of the data folder: the first 12 hex digits of the key the run keys the
    reports on (:func:`~nplv_analysis.report.stamps.data_key`: every file but the monitor
    folder's; a mid-term report names its monitor file)."""
    return stamps.data_key(data_dir)[:12]


def scenario_value(name: str, value: Any, lang: str) -> str:
    """A scenario field's value the reader's way: "70%", "€ 7.000", "wie het eerst komt"."""
    from ..engine.scenario import field_text

    return field_text(name, value, lang)


def scenario_words(parameters: dict[str, Any], lang: str = "nl") -> str:
    """The scenario of a report's parameters in words: "basisscenario (berekend)" when no
    scenario parameter is set, else the overrides ("realisatie 70%, 1 jaar vertraging")."""
    import dataclasses

    from ..engine import Scenario

    names = [f.name for f in dataclasses.fields(Scenario)]
    given = [(n, parameters[n]) for n in names if parameters.get(n) is not None]
    if not given:
        return t("stamp.agreement", lang)
    words = []
    for n, v in given:
        value = scenario_value(n, v, lang)
        words.append(t(f"stamp.{n}", lang, value=value))
    return ", ".join(words)


def _monitor(job: ReportJob, data_dir: str | Path | None):
    """The monitor of a mid-term report, or None (no monitor file, or one that cannot be read:
    the run refuses those before it starts)."""
    path = job.parameters.get("monitor_file")
    if not path:
        return None
    from ..monitor import load_monitor

    try:
        return load_monitor(path, data_dir)
    except (OSError, ValueError):
        return None


def _plans_illustrative(job: ReportJob, data_dir: str | Path | None) -> bool | None:
    """Whether a plan report's list is illustrative; None for a report without a plan list
    (or one that cannot be read: the run refuses those before it starts)."""
    path = job.parameters.get("plans_file")
    if not path:
        return None
    from ..plans import load_plans

    try:
        return bool(load_plans(path, data_dir).attrs.get("illustrative"))
    except (OSError, ValueError):
        return None


def _illustrative(job: ReportJob, data_dir: str | Path | None) -> bool:
    monitor = _monitor(job, data_dir)
    return bool(monitor is not None and monitor.illustrative) or bool(
        _plans_illustrative(job, data_dir)
    )


def _scenario_names(job: ReportJob, data_dir=None, lang: str = "nl") -> list[str]:
    """The names of a comparison's scenarios (``scenario_files``; None: the data folder's
    ``scenarios/``)."""
    from ..engine.files import named_scenarios  # not .comparison: that imports matplotlib

    named = named_scenarios(job.parameters.get("scenario_files"), data_dir)
    return [n.title(lang) for n in named]


def report_stamp(
    job: ReportJob | None,
    data_dir: str | Path | None = None,
    lang: str = "nl",
    today: dt.date | None = None,
) -> list[str]:
    """The footer stamp: the generation date in words, the project version, a short hash of the
    data folder and, for a report, its scenario in words (a mid-term review: its monitor file
    and whether it is illustrative). ``job`` None: the index's stamp."""
    from ..text import format_date

    items = [
        t("stamp.made", lang, date=format_date(today or generation_date(), lang)),
        t("stamp.version", lang, version=project_version()),
        t("stamp.data", lang, key=data_hash(data_dir)),
    ]
    if job is None:
        return items
    monitor = _monitor(job, data_dir)
    plans = _plans_illustrative(job, data_dir)
    if monitor is not None:  # named in words, the file by its hash (no file name, issue 24)
        from .tables import monitor_source

        key = "stamp.monitor_illustrative" if monitor.illustrative else "stamp.monitor"
        as_of = job.parameters.get("as_of") or monitor.as_of
        words = monitor_source(monitor, as_of, lang)
        items.append(t(key, lang, monitor=words, key=_file_key(monitor.path)))
    elif plans is not None:
        key = "stamp.plans_illustrative" if plans else "stamp.plans"
        items.append(t(key, lang, key=_file_key(job.parameters["plans_file"])))
    elif Path(job.notebook).name == COMPARISON:  # a comparison: its named scenarios
        items.append(
            t("stamp.scenarios", lang, names=", ".join(_scenario_names(job, data_dir, lang)))
        )
    else:
        items.append(t("stamp.scenario", lang, scenario=scenario_words(job.parameters, lang)))
    return items


def _file_key(path: str | Path) -> str:
    """A short hash of an input file (a monitor, a plan list): the first 12 hex digits of its
    SHA-256, how the stamp identifies the file without its name."""
    return stamps.file_hash(path)[:12]


def _title(job: ReportJob, data_dir: str | Path | None, lang: str = "nl") -> str:
    """The report's HTML title in the reader's language: the manifest's text id (or
    ``html_title.area`` for an area), the area's name and the agreement's years filled in;
    "ILLUSTRATIEF — " before it when the report's monitor figures are illustrative."""
    from .tables import agreement_fields

    area_id = job.parameters.get("area_id")
    is_area = bool(area_id) and area_id != "national"
    key = job.title or ("html_title.area" if is_area else "")
    if not key:
        return f"NPLV: {job.output}"
    name = load_areas(data_dir).set_index("area_id").at[area_id, "name"] if is_area else ""
    title = t(key, lang, **{**agreement_fields(lang, data_dir), "name": name})
    if _illustrative(job, data_dir):
        title = t("html_title.illustrative", lang, title=title)
    return title


def _kernel_manager_class():
    from .kernels import IPCKernelManager

    return IPCKernelManager


RESET_TAG = "nplv-reset"
RESET_SOURCE = 'import matplotlib.pyplot as _plt\n_plt.close("all")\n%reset -f'


def _with_reset_cell(notebook: Path):
    """The notebook with a first cell that empties a reused kernel's namespace."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_code_cell(RESET_SOURCE)
    cell.metadata["tags"] = [RESET_TAG]
    nb.cells.insert(0, cell)
    return nb


def _finish_notebook(nb, executed: Path, files: list[str], drop_reset: bool):
    """Save the executed notebook ``nb`` as ``executed`` (once: papermill does not write it),
    without the reset cell (``drop_reset``) and with the names of the files the report wrote in
    its metadata (``nplv.files``: the index lists a report's own files, also where reports share
    a folder); returns the notebook node."""
    import nbformat

    if drop_reset:
        nb.cells = [c for c in nb.cells if RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    nb.metadata["nplv"] = {"files": files}
    nbformat.write(nb, executed)
    return nb


CELL_TIMEOUT = 300
"""Seconds a notebook cell may run before its report fails (the slowest cell of the shipped
notebooks takes about 2 s): a hung cell fails its report, not the run."""


def run_job(
    job: ReportJob,
    out_dir: str | Path = DEFAULT_OUT,
    data_dir: str | Path | None = None,
    lang: str | None = None,
    notebook_dir: str | Path = NOTEBOOK_DIR,
    km=None,
    stamp: dict[str, Any] | None = None,
    cell_timeout: float | None = CELL_TIMEOUT,
) -> Path:
    """Execute one report and move it into ``out_dir/job.output``; returns that folder
    (:func:`execute_job`, then :func:`finish_job`).

    ``km``: a kernel manager to (re)use; its kernel's namespace is emptied first (a reset cell
    that is removed from the saved notebook). Without it, a fresh kernel runs the notebook.
    ``stamp``: the report's key and inputs (:mod:`.stamps`); written, with the hashes of the
    report's files, as ``<stem>.stamp.json`` after all its files are in place. The previous
    report's stamp is removed before its files are replaced, so a run that is interrupted while
    it moves them leaves no stamp claiming a complete report.
    ``cell_timeout``: seconds a cell may run (None: no limit) before the report fails.
    On any failure the temporary folder is removed and the previous report (if any) stays.
    """
    _check_params(job, data_dir)
    tmp, nb = execute_job(job, out_dir, data_dir, lang, notebook_dir, km, cell_timeout)
    return finish_job(job, tmp, nb, out_dir, data_dir, lang, stamp)


def execute_job(
    job: ReportJob,
    out_dir: str | Path = DEFAULT_OUT,
    data_dir: str | Path | None = None,
    lang: str | None = None,
    notebook_dir: str | Path = NOTEBOOK_DIR,
    km=None,
    cell_timeout: float | None = CELL_TIMEOUT,
):
    """Execute a report's notebook into a new temporary folder in ``out_dir`` (with the charts
    and tables it saves there); returns the folder and the executed notebook (saved in it as
    ``<stem>.ipynb``). On failure the folder is removed. (A worker's part of a report; the run
    has checked its parameters, so that the worker need not read the data.)"""
    import papermill as pm

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    notebook = Path(notebook_dir) / job.notebook
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{job.output}-{job.stem}-", dir=out_dir))
    params = dict(job.parameters)
    params["out_dir"] = str(tmp.resolve())  # the kernel runs in the notebooks folder
    if data_dir is not None:
        params["data_dir"] = str(Path(data_dir).resolve())
    if lang is not None:
        params["lang"] = lang
    try:
        executed = tmp / f"{job.stem}.ipynb"
        os.environ.setdefault("MPLBACKEND", "Agg")
        kernel = {"km": km} if km is not None else {"kernel_manager_class": _kernel_manager_class()}
        nb = pm.execute_notebook(
            _with_reset_cell(notebook) if km is not None else str(notebook),
            None,  # written once, by _finish_notebook
            parameters=params,
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,  # one write at the end, not one per cell
            execution_timeout=cell_timeout,
            **kernel,
        )
        own = sorted(p.name for p in tmp.iterdir() if p.name != executed.name)
        return tmp, _finish_notebook(nb, executed, own, drop_reset=km is not None)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def finish_job(
    job: ReportJob,
    tmp: Path,
    nb,
    out_dir: str | Path = DEFAULT_OUT,
    data_dir: str | Path | None = None,
    lang: str | None = None,
    stamp: dict[str, Any] | None = None,
) -> Path:
    """A report executed into ``tmp`` (:func:`execute_job`; ``nb`` its notebook) made whole and
    moved into ``out_dir/job.output``: its HTML page, its stamp (see :func:`run_job`), then its
    files, the stamp last. Returns that folder. On failure ``tmp`` is removed and the previous
    report (if any) stays. (The run's part of a report, while the worker's kernel goes on with
    the next one.)"""
    tmp = Path(tmp)
    stem = job.stem
    try:
        report_lang = lang if lang is not None else job.parameters.get("lang", "nl")
        html_text = html_without_code(
            nb,
            _title(job, data_dir, report_lang),
            report_lang,
            stamp=report_stamp(job, data_dir, report_lang),
        )
        (tmp / f"{stem}.html").write_text(html_text, encoding="utf-8")
        stamp_file = stamps.stamp_path(tmp, stem)
        if stamp is not None:
            files = {p.name: stamps.file_hash(p) for p in sorted(tmp.iterdir())}
            made = generation_date().isoformat()
            stamps.write_json(
                stamp_file, {**stamp, "report": job.key, "made": made, "files": files}
            )
        final = Path(out_dir) / job.output
        if final.is_symlink():
            raise stamps.Linked(Path(out_dir), [job.output], "out")
        final.mkdir(exist_ok=True)
        final.chmod(0o755)
        # the old stamp goes first: from here until the new one is in place, the folder holds
        # no stamp claiming this report is complete
        stamps.stamp_path(final, stem).unlink(missing_ok=True)
        # Several reports may share a folder (an area's report and its mid-term review), so
        # the finished files move in one by one; each move replaces its file atomically. The
        # stamp moves last.
        for item in sorted(tmp.iterdir()):
            if item != stamp_file:
                os.replace(item, final / item.name)
        if stamp_file.exists():
            os.replace(stamp_file, final / stamp_file.name)
        tmp.rmdir()
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


_WORKER_KERNEL = None
_WORKER_CLIENT = None
_WARMING: str | None = None  # the warm-up request the kernel has not answered yet


def _shutdown_worker_kernel() -> None:
    global _WORKER_KERNEL, _WORKER_CLIENT, _WARMING
    _WARMING = None
    if _WORKER_CLIENT is not None:
        with contextlib.suppress(Exception):
            _WORKER_CLIENT.stop_channels()
        _WORKER_CLIENT = None
    if _WORKER_KERNEL is not None:
        from jupyter_client.utils import run_sync

        with contextlib.suppress(Exception):  # the kernel may be gone already
            run_sync(_WORKER_KERNEL.shutdown_kernel)(now=True)
        _WORKER_KERNEL = None


def skip_slow_iri_check() -> None:
    """Keep ``jsonschema`` (imported by nbformat, so by papermill and nbconvert) from importing
    ``rfc3987_syntax``, which builds some 35 parsers at import, about 1 s, for the "iri" format
    that no notebook schema uses (python-jsonschema/jsonschema#1428). Only in the run's own
    processes; without it jsonschema simply has no "iri" format check."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


WARM_SOURCE = (
    "import matplotlib.pyplot, pandas, IPython.display\n"
    "import nplv_analysis.engine, nplv_analysis.monitor, nplv_analysis.report.charts\n"
    "import nplv_analysis.report.export, nplv_analysis.report.figures\n"
    "import nplv_analysis.report.tables\n"
    "nplv_analysis.data.loading.dataset({data_dir!r})\n"
    "import gc\n"
    "gc.freeze()\n"
    "gc.set_threshold(50_000, 20, 100)\n"
)
"""Sent to a worker's kernel as soon as it runs, while the worker imports papermill: the
imports and the data every report needs (kept: the reset cell empties the namespace, not
the imported modules or the data cache). It runs before the run has checked the data: data
that cannot be read stops it there, which costs only the lines after it (the run refuses such
data anyway). ``gc.freeze()`` then sets all of that aside from the
garbage collector, which otherwise walks it again at every full collection, e.g. the one in
each report's reset cell (0.12 s a report; 0.01 s frozen). The collector then looks for
cycles after every 50,000 new objects instead of 700: the charts make many short-lived objects,
and the notebooks' own code ran some 10% faster (9.3 -> 8.3 CPU-s for all reports, in one
process). Garbage in cycles stays a little longer; a kernel lives only as long as its run."""


def _init_worker(
    notebook_dir: str, run_folder: str, parent: int, data_dir: str | None = None
) -> None:
    """A worker: dies with the run, uses the run's socket folder, starts its kernel and warms
    it (the library imported, the data read), and meanwhile imports papermill. (The HTML pages
    are the run's: :func:`finish_job`.)"""
    global _RUN_DIR
    _die_with_parent(parent)
    _RUN_DIR = Path(run_folder)
    skip_slow_iri_check()
    _start_worker_kernel(notebook_dir, data_dir)
    import papermill  # noqa: F401  (while the kernel warms up)


def _warm_exporter() -> None:
    """Load the report template once: the first HTML export compiles it (about 0.4 s)."""
    import nbformat

    with contextlib.suppress(Exception):
        html_without_code(nbformat.v4.new_notebook(), "warm-up", "nl")


def _start_worker_kernel(notebook_dir: str, data_dir: str | None = None) -> None:
    """Start the worker's kernel and send it :data:`WARM_SOURCE` (not waited for here: it runs
    in the kernel while the worker does its own imports; :func:`_warmed` waits for it before
    the first report)."""
    global _WORKER_KERNEL, _WORKER_CLIENT, _WARMING
    from multiprocessing import util

    from jupyter_client.utils import run_sync

    os.environ.setdefault("MPLBACKEND", "Agg")
    _WORKER_KERNEL = _kernel_manager_class()(kernel_name="python3")
    run_sync(_WORKER_KERNEL.start_kernel)(cwd=notebook_dir)
    util.Finalize(None, _shutdown_worker_kernel, exitpriority=10)
    with contextlib.suppress(Exception):  # warming is a nicety, never a failure
        client = _WORKER_KERNEL.blocking_client()
        # the shell channel only: an iopub socket here would queue every report's output
        client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        _WORKER_CLIENT = client
        _WARMING = client.execute(
            WARM_SOURCE.format(data_dir=data_dir), silent=True, store_history=False
        )


def _warmed(timeout: float = 120) -> None:
    """Wait until the kernel has run the warm-up. Papermill's client talks to the kernel on
    sockets of its own, and the kernel takes requests in the order they arrive, not in the
    order they were sent (the warm-up's socket may still be connecting): without this wait the
    first report's reset cell could run before the warm-up, whose names would then be in that
    report's namespace. Costs nothing: the report would wait for the warm-up anyway."""
    global _WARMING
    if _WARMING is None or _WORKER_CLIENT is None:
        return
    deadline = time.monotonic() + timeout
    with contextlib.suppress(Exception):  # warming is a nicety: at worst the report waits
        while (left := deadline - time.monotonic()) > 0:
            msg = _WORKER_CLIENT.get_shell_msg(timeout=left)
            if msg.get("parent_header", {}).get("msg_id") == _WARMING:
                break
    _WARMING = None


def _worker(
    job: ReportJob,
    out_dir: str,
    data_dir: str | None,
    lang: str | None,
    notebook_dir: str,
    cell_timeout: float | None = CELL_TIMEOUT,
) -> tuple[str | None, Any, str | None]:
    """Execute one report in a worker process (:func:`execute_job`): (its temporary folder, its
    notebook, None), or (None, None, error text). The run makes it whole and moves it into
    place (:func:`finish_job`) while this worker's kernel goes on with the next report.

    A worker keeps one kernel for all its reports, which saves the kernel start and the
    imports for each further report; after a failure it starts a fresh one."""
    if _WORKER_KERNEL is None:
        _start_worker_kernel(notebook_dir, data_dir)
    _warmed()
    try:
        tmp, nb = execute_job(
            job, out_dir, data_dir, lang, notebook_dir, _WORKER_KERNEL, cell_timeout
        )
        return str(tmp), nb, None
    except Exception:  # reported back to the parent, which names the failed report
        _shutdown_worker_kernel()
        return None, None, traceback.format_exc(limit=3)


def _ready() -> None:
    """A task that does nothing: submitting it makes the pool start a worker."""


# --- the run -------------------------------------------------------------------------------------


def run_reports(
    manifest: str | Path = DEFAULT_MANIFEST,
    out_dir: str | Path = DEFAULT_OUT,
    data_dir: str | Path | None = None,
    lang: str | None = None,
    only: list[str] | None = None,
    jobs: int | None = None,
    progress: bool | None = None,
    monitor: str | Path | None = None,
    on_done: Callable[[ReportJob, str | None], None] | None = None,
    scenario: dict[str, Any] | None = None,
    force: bool = False,
    cell_timeout: float | None = CELL_TIMEOUT,
    plans: str | Path | None = None,
) -> RunResult:
    """Run the reports of the manifest (``only``: just the reports with these output names,
    e.g. area ids or ``national``) in ``jobs`` parallel processes (default: the number of
    CPUs), then write ``out_dir/index.html``. Raises ValueError before running anything if
    ``jobs`` is below 1, the manifest, the selection or the data is wrong, or ``out_dir`` cannot
    be used (a file, not writable, or another run is writing to it: :func:`claim_out`).

    A report whose stamp shows it was made from the same inputs, with its files as they were
    written, is not run again (:mod:`.stamps`); ``force``: run them all. When nothing is to be
    run and the index is current, the run decides without importing pandas or papermill.

    ``scenario``: scenario fields (e.g. from a scenario file, :func:`~nplv_analysis.engine.files.
    load_scenario`) given to every report whose notebook has these parameters.
    ``cell_timeout``: seconds a notebook cell may run before its report fails (None: no limit).
    ``monitor`` and ``plans``: a monitor file and a plan list for the reports that take one
    (the manifest's ``monitor_file`` and ``plans_file``).
    """

    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a whole number of 1 or more, got {jobs!r}")
    manifest = Path(manifest)
    out_dir = Path(out_dir)
    source = stamps.source_key()
    data = stamps.data_key(data_dir)
    given = {"monitor_file": monitor, "plans_file": plans}
    plan = stamps.plan_key(manifest, given, data, source)
    every = _cached_plan(out_dir, plan)
    checked = every is None  # a cached plan passed the checks when its run made it
    workers = _Workers(manifest.parent, data_dir)
    try:
        return _run(
            manifest,
            out_dir,
            data_dir,
            lang,
            only,
            jobs,
            progress,
            given,
            on_done,
            scenario,
            force,
            cell_timeout,
            source,
            data,
            plan,
            every,
            checked,
            workers,
        )
    finally:
        workers.close()


def _run(
    manifest: Path,
    out_dir: Path,
    data_dir: str | Path | None,
    lang: str | None,
    only: list[str] | None,
    jobs: int | None,
    progress: bool | None,
    given: dict[str, Any],
    on_done: Callable[[ReportJob, str | None], None] | None,
    scenario: dict[str, Any] | None,
    force: bool,
    cell_timeout: float | None,
    source: str,
    data: str,
    plan: str | None,
    every: list[ReportJob] | None,
    checked: bool,
    workers: _Workers,
) -> RunResult:
    """:func:`run_reports` once the keys of the code and the data are known."""
    if every is None:
        # the data must be read (with pandas) and checked: the workers start meanwhile, and
        # warm up while the checks run (there is something to do: a run that read no cached
        # expansion is a first run, or the data, manifest or code changed)
        wanted = jobs or os.cpu_count() or 1
        workers.start(min(wanted, 2 * len(only)) if only else wanted)
        refuse_data_with_errors(data_dir, lang or "nl")
        # the index lists them all
        every = load_manifest(manifest, data_dir, given["monitor_file"], given["plans_file"])
        _check_inputs(every, data_dir, lang)
    expanded = every
    if scenario:
        every = with_scenario(every, scenario, manifest.parent)
    planned = every
    if only:
        known = {j.output for j in planned}  # --area selects by folder
        missing = [o for o in only if o not in known]
        if missing:
            raise ValueError(
                f"no report named {', '.join(missing)} in {manifest}; the reports are: "
                f"{', '.join(sorted(known))}"
            )
        planned = [j for j in planned if j.output in only]
    if checked:
        for job in planned:  # refuse bad parameters before anything runs
            _check_params(job, data_dir)
    report_lang = lang or "nl"
    # a report links to docs/assumptions.md from its folder, one below the output folder
    docs_link = os.path.relpath(ASSUMPTIONS, out_dir.resolve() / "x")
    environment = stamps.environment_key()
    inputs = {
        j.key: stamps.report_inputs(
            manifest.parent / j.notebook,
            j.parameters,
            data,
            report_lang,
            source,
            docs_link,
            environment,
        )
        for j in every
    }
    keys = {k: stamps.report_key(v) for k, v in inputs.items()}
    with claim_out(out_dir) as dead_holder:
        result = RunResult()
        if dead_holder is not None and dead_holder != os.getpid():
            result.notes.append(("run.note.lock", {"pid": dead_holder}))
        stale = _clean_stale_out(out_dir, every) + clean_stale_run_dirs()
        if stale:
            result.notes.append(("run.note.stale", {"n": len(stale)}))
        current = {j.key: stamps.up_to_date(out_dir / j.output, j.stem, keys[j.key]) for j in every}
        todo = [j for j in planned if force or not current[j.key]]
        result.up_to_date = [j for j in planned if j not in todo]
        if todo:
            stamp_of = {j.key: {"key": keys[j.key], "inputs": inputs[j.key]} for j in todo}
            pool = workers.start(max(1, min(jobs or os.cpu_count() or 1, len(todo))))
            _run_pool(
                pool,
                todo,
                out_dir,
                data_dir,
                lang,
                manifest,
                progress,
                on_done,
                result,
                stamp_of,
                cell_timeout,
            )
            for job, _ in result.done:
                current[job.key] = True
            for job, _ in result.failed:
                current[job.key] = False
        index_key = stamps.digest(
            {
                "reports": [[j.key, keys[j.key], current[j.key]] for j in every],
                "lang": report_lang,
                "data": data,
                "source": source,
                "docs_link": docs_link,
                "failed": [j.key for j, _ in result.failed],
            }
        )
        index = out_dir / "index.html"
        old = stamps.read_stamp(out_dir / stamps.INDEX_STAMP) or {}
        index_current = (
            not result.failed
            and old.get("key") == index_key
            and stamps.files_intact(out_dir, old.get("files"))
        )
        if not index_current:
            write_index(out_dir, every, result, data_dir, report_lang)
        if not index_current or checked:
            stamps.write_json(
                out_dir / stamps.INDEX_STAMP,
                {
                    "key": None if result.failed else index_key,
                    "plan_key": plan,
                    "plan": [j.to_dict() for j in expanded],
                    "made": generation_date().isoformat(),
                    "files": {index.name: stamps.file_hash(index)},
                },
            )
        result.index = index
        result.rebuilt_index = not index_current
    return result


def _cached_plan(out_dir: Path, plan: str | None) -> list[ReportJob] | None:
    """The manifest's reports as the last run expanded them, if they were expanded from the
    same manifest, data and monitor files (``plan``, :func:`.stamps.plan_key`); else None."""
    if plan is None:
        return None
    stamp = stamps.read_stamp(out_dir / stamps.INDEX_STAMP)
    if not stamp or stamp.get("plan_key") != plan or not isinstance(stamp.get("plan"), list):
        return None
    try:
        return [ReportJob.from_dict(d) for d in stamp["plan"]]
    except (TypeError, ValueError):
        return None


def with_scenario(
    jobs: list[ReportJob], scenario: dict[str, Any], notebook_dir: Path
) -> list[ReportJob]:
    """The jobs with the scenario's fields as parameters, for the notebooks that take them (the
    area report and the overview; the mid-term review has no scenario)."""
    import dataclasses

    values = {k: list(v) if isinstance(v, tuple) else v for k, v in scenario.items()}
    takes: dict[str, set[str]] = {}
    out = []
    for job in jobs:
        if job.notebook not in takes:
            takes[job.notebook] = stamps.notebook_parameters(notebook_dir / job.notebook)
        mine = {k: v for k, v in values.items() if k in takes[job.notebook]}
        out.append(dataclasses.replace(job, parameters={**job.parameters, **mine}))
    return out


class _Workers:
    """The run's worker processes (spawned, each with its kernel: :func:`_init_worker`),
    started when first asked for and ended with the run (:meth:`close`)."""

    def __init__(self, notebook_dir: Path, data_dir: str | Path | None):
        self.notebook_dir = notebook_dir
        self.data_dir = str(data_dir) if data_dir is not None else None
        self.pool: ProcessPoolExecutor | None = None

    def start(self, n: int) -> ProcessPoolExecutor:
        """The pool, started with ``n`` workers if it is not running yet; each starts at once
        (not at its first report), so its kernel warms up while the run is still checking."""
        if self.pool is None:
            skip_slow_iri_check()
            self.pool = ProcessPoolExecutor(
                max_workers=n,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(str(self.notebook_dir), str(run_dir()), os.getpid(), self.data_dir),
            )
            for _ in range(n):  # a spawning pool starts a worker per task waiting
                self.pool.submit(_ready)
        return self.pool

    def close(self) -> None:
        """End the workers (their kernels go with them); waits for them."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _run_pool(
    pool: ProcessPoolExecutor,
    planned: list[ReportJob],
    out_dir: Path,
    data_dir: str | Path | None,
    lang: str | None,
    manifest: Path,
    progress: bool | None,
    on_done: Callable[[ReportJob, str | None], None] | None,
    result: RunResult,
    stamp_of: dict[str, dict[str, Any]] | None = None,
    cell_timeout: float | None = CELL_TIMEOUT,
) -> None:
    """The reports in the worker processes of ``pool``, which end with this one
    (:func:`_die_with_parent`): a worker executes a report's notebook, this process makes its
    HTML page and stamp and moves it into place (:func:`finish_job`) while the worker's kernel
    already runs the next one."""
    from tqdm import tqdm

    data_arg = str(data_dir) if data_dir is not None else None
    args = (str(out_dir), data_arg, lang, str(manifest.parent))
    # progress None: a bar only on a terminal
    disable = True if progress is False else (False if progress else None)
    bar = tqdm(total=len(planned), desc="reports", unit="report", disable=disable)
    # the heaviest first (the manifest's weights), so that the workers finish together
    queue = sorted(planned, key=lambda j: -j.weight)
    futures = {pool.submit(_worker, job, *args, cell_timeout): job for job in queue}
    handled: set = set()
    try:
        _warm_exporter()  # while the workers' kernels run the first reports
        _collect(futures, handled, out_dir, data_dir, lang, stamp_of, on_done, result, bar)
    finally:  # stopped early (Ctrl-C, an on_done that raised): no executed report left behind
        _discard(futures, handled)
    bar.close()
    order = {j.key: i for i, j in enumerate(planned)}
    result.done.sort(key=lambda d: order[d[0].key])
    result.failed.sort(key=lambda f: order[f[0].key])


def _collect(futures, handled, out_dir, data_dir, lang, stamp_of, on_done, result, bar) -> None:
    """Each report as its worker returns it: made whole and moved into place (or failed)."""
    for future in as_completed(futures):
        handled.add(future)
        job = futures[future]
        try:
            tmp, nb, error = future.result()
        except Exception:  # the worker process itself died
            tmp, nb, error = None, None, traceback.format_exc(limit=3)
        if error is None:
            try:
                stamp = (stamp_of or {}).get(job.key)
                folder = finish_job(job, Path(tmp), nb, out_dir, data_dir, lang, stamp)
            except Exception:
                error = traceback.format_exc(limit=3)
            else:
                result.done.append((job, folder))
        if error is not None:
            result.failed.append((job, error))
        if on_done is not None:
            on_done(job, error)
        bar.update(1)


def _discard(futures, handled) -> None:
    """The reports not collected: those not started are cancelled, and the temporary folder
    of each one that ran (waited for) is removed, so that the output folder holds no executed
    report nobody moved into place. A second Ctrl-C stops the wait (the next run cleans up)."""
    left = [f for f in futures if f not in handled]
    for future in left:
        future.cancel()
    for future in left:
        if future.cancelled():
            continue
        try:
            tmp, _, _ = future.result()
        except Exception:  # the worker died: nothing of it to remove here
            continue
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


INDEX_FILES = (".png", ".svg", ".csv", ".xlsx")
"""What the index lists under a report besides its HTML: charts and tables."""


def _recorded_files(folder: Path, job: ReportJob) -> list[str] | None:
    """The files the report wrote, as its run recorded them in the executed notebook
    (``metadata.nplv.files``); None for a report written before they were recorded."""
    try:
        meta = json.loads((folder / f"{job.stem}.ipynb").read_text(encoding="utf-8"))["metadata"]
        files = meta["nplv"]["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    return files


def own_files(folder: Path, job: ReportJob, jobs: list[ReportJob]) -> list[str]:
    """The charts and tables of one report in its folder, which it may share with others (an
    area's report and its mid-term review): the files its run recorded; for a report written
    before runs recorded them, the folder's files that no other report there recorded."""
    present = {p.name for p in folder.iterdir() if p.suffix in INDEX_FILES and p.is_file()}
    recorded = _recorded_files(folder, job)
    if recorded is not None:
        return sorted(present & set(recorded))
    others: set[str] = set()
    for other in jobs:
        if other.output == job.output and other.key != job.key:
            others |= set(_recorded_files(folder, other) or ())
    return sorted(present - others)


_KINDS = {".png": "chart", ".svg": "chart", ".csv": "table", ".xlsx": "workbook"}


def file_label(name: str, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """What a chart or table file of a report is, in words, for its link on the index (the file
    name only in the link's address, issue 24): "Grafiek: betalingen per jaar (SVG)",
    "Werkboek: ILLUSTRATIEF mid-term review (Excel)", a mid-term chart of one of several areas
    with the area's name. A file the index does not know: "Tabel: ander bestand (CSV)"."""
    path = Path(name)
    suffix = path.suffix.lower()
    kind = _KINDS.get(suffix, "table")
    stem = path.stem
    fmt = suffix.lstrip(".") or "csv"
    if stem.endswith("-excel-nl"):
        fmt = "csv_excel"
    illustrative = stem.endswith("-illustratief")
    stem = stem.removesuffix("-illustratief")
    stem = re.sub(r"-\d{4}$", "", stem)  # midterm-2027: the year is in the report's title
    family = "chart" if kind == "chart" else "table"
    area = ""
    if not has_text(f"index.{family}.{stem}", lang):  # trajectory-<area>: one of several areas
        areas = load_areas(data_dir)
        for area_id, area_name in zip(areas["area_id"], areas["name"], strict=True):
            if stem.endswith(f"-{area_id}") and has_text(
                f"index.{family}.{stem.removesuffix(f'-{area_id}')}", lang
            ):
                stem, area = stem.removesuffix(f"-{area_id}"), str(area_name)
                break
    if has_text(f"index.{family}.{stem}", lang):
        what = t(f"index.{family}.{stem}", lang)
    else:
        what = t("index.other", lang)
    if area:
        what = t("index.of_area", lang, what=what, area=area)
    if illustrative:
        what = t("index.illustrative", lang, what=what)
    return t(
        "index.file",
        lang,
        kind=t(f"index.kind.{kind}", lang),
        what=what,
        format=t(f"index.format.{fmt}", lang) if has_text(f"index.format.{fmt}", lang) else fmt,
    )


@functools.cache
def _index_template():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR / TEMPLATE_NAME),
        autoescape=True,  # every string from data is text
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("reports_index.html.j2")


def write_index(
    out_dir: Path,
    jobs: list[ReportJob],
    result: RunResult,
    data_dir: str | Path | None = None,
    lang: str = "nl",
) -> Path:
    """``out_dir/index.html``: a link to every report present (marked ILLUSTRATIEF where its
    monitor figures are illustrative), its own charts and tables, the failures of the last run
    and the stamp. Rendered with the report template's stylesheet (``reports_index.html.j2``,
    autoescaped), written to a temporary file and moved into place."""
    from urllib.parse import quote

    words = {
        k: t(f"index.{k}", lang)
        for k in ("title", "h1", "intro", "assumptions", "failed", "absent", "none")
    }
    failed = {j.key: e for j, e in result.failed}
    reports = []
    for job in jobs:
        folder = out_dir / job.output
        error = failed.get(job.key, "").strip()
        entry = {
            "title": _title(job, data_dir, lang),
            "failed": error.splitlines()[-1] if error else ("?" if job.key in failed else ""),
            "href": "",
            "files": [],
        }
        if (folder / f"{job.stem}.html").is_file():
            base = quote(job.output)
            entry["href"] = f"{base}/{quote(job.stem)}.html"
            entry["files"] = sorted(  # by what they are: charts, then tables, then workbooks
                (
                    (file_label(f, lang, data_dir), f"{base}/{quote(f)}")
                    for f in own_files(folder, job, jobs)
                ),
                key=lambda pair: (pair[0].casefold(), pair[1]),
            )
        reports.append(entry)
    have = set(areas_with_data(data_dir))
    areas = load_areas(data_dir)
    without = ", ".join(
        n for a, n in zip(areas["area_id"], areas["name"], strict=True) if a not in have
    )
    from .tables import assumptions_href

    page = _index_template().render(
        lang=lang,
        words=words,
        reports=reports,
        assumptions_href=assumptions_href(out_dir),
        without=without,
        stamp=report_stamp(None, data_dir, lang),
        stamp_label=None,
    )
    tmp = out_dir / _INDEX_TMP
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out_dir / "index.html")
    return out_dir / "index.html"
