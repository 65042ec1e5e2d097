"""One report: its notebook executed with papermill into a temporary folder in the output folder
(:func:`execute_job`), then its HTML page and stamp written and everything moved into place
(:func:`finish_job`). A failed report leaves nothing half-written and the previous one stays.

Workers are *spawned* processes (forked ones collide on ZeroMQ). A worker keeps one kernel
(papermill's ``km=``; a reset cell empties its namespace before each report), whose IPC sockets
are in the run's folder ``<temp>/nplv-<pid>-<start time>/`` (no TCP ports to collide on;
removed at exit, or by the next run if this one was killed: :func:`clean_stale_run_dirs`). The
workers die with the run (Linux: ``PR_SET_PDEATHSIG``; everywhere: a thread watching the parent
pid) and kill their kernel first; a kernel whose worker died anyway ends itself.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

from ..report.page import generation_date, html_without_code, report_stamp, report_title
from ..resources import NOTEBOOK_DIR
from . import stamps
from .folder import TMP_PREFIX
from .manifest import DEFAULT_OUT, ReportJob, check_params

_RUN_DIR_RE = re.compile(r"nplv-(\d+)-(\d+)")
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


def clean_stale_run_dirs(temp_dir: str | Path | None = None) -> list[Path]:
    """Remove the run folders (:func:`run_dir`) that killed runs left in the temp folder: those
    of this user's processes that are gone. Returns what was removed."""
    removed: list[Path] = []
    for path in Path(temp_dir or tempfile.gettempdir()).glob("nplv-*"):
        m = _RUN_DIR_RE.fullmatch(path.name)
        with contextlib.suppress(OSError):
            if not m or path.is_symlink() or path.lstat().st_uid != os.getuid():
                continue
            if path.is_dir() and _start_time(int(m[1])) not in (0, int(m[2])):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


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


def _kernel_manager():
    """A kernel manager whose kernel talks over IPC sockets in the run's folder (no TCP ports
    for parallel kernels to collide on)."""

    from jupyter_client.manager import AsyncKernelManager

    name = str(run_dir() / f"k{uuid.uuid4().hex[:12]}")
    return AsyncKernelManager(
        kernel_name="python3", transport="ipc", ip=name, connection_file=name + ".json"
    )


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


def _finish_notebook(nb, executed: Path, files: list[str]):
    """Save the executed notebook ``nb`` as ``executed`` (once: papermill does not write it),
    without the reset cell and with the names of the files the report wrote in its metadata
    (``nplv.files``: the index lists a report's own files, also where reports share a folder);
    returns the notebook node."""
    import nbformat

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
    (:func:`execute_job`, then :func:`finish_job`). ``km``: a kernel manager to (re)use
    (papermill's ``km=``; a reset cell empties its namespace first), else a fresh kernel.
    ``stamp``: the report's key and inputs (:mod:`.stamps`), written with the hashes of its files
    as ``<stem>.stamp.json`` once they are in place. ``cell_timeout``: seconds a cell may run
    (None: no limit). On any failure the previous report (if any) stays."""
    check_params(job, data_dir)
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
    own_kernel = km is None  # a fresh kernel for this report, shut down after it
    km = _kernel_manager() if own_kernel else km
    try:
        executed = tmp / f"{job.stem}.ipynb"
        os.environ.setdefault("MPLBACKEND", "Agg")
        nb = pm.execute_notebook(
            _with_reset_cell(notebook),
            None,  # written once, by _finish_notebook
            parameters=params,
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,  # one write at the end, not one per cell
            execution_timeout=cell_timeout,
            km=km,
        )
        own = sorted(p.name for p in tmp.iterdir() if p.name != executed.name)
        return tmp, _finish_notebook(nb, executed, own)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if own_kernel:
            _shutdown(km)


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
            report_title(job, data_dir, report_lang),
            report_lang,
            stamp=report_stamp(
                job,
                data_dir,
                report_lang,
                data_key=(stamp or {}).get("inputs", {}).get("data_sha256")
                or stamps.data_key(data_dir),
            ),
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


def _shutdown(km) -> None:
    from jupyter_client.utils import run_sync

    with contextlib.suppress(Exception):  # the kernel may be gone already
        run_sync(km.shutdown_kernel)(now=True)


def _shutdown_worker_kernel() -> None:
    global _WORKER_KERNEL
    if _WORKER_KERNEL is not None:
        _shutdown(_WORKER_KERNEL)
        _WORKER_KERNEL = None


def skip_slow_iri_check() -> None:
    """Keep ``jsonschema`` (imported by nbformat, so by papermill and nbconvert) from importing
    ``rfc3987_syntax``, which builds some 35 parsers at import, about 1 s, for the "iri" format
    that no notebook schema uses (python-jsonschema/jsonschema#1428). Only in the run's own
    processes; without it jsonschema simply has no "iri" format check."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def init_worker(notebook_dir: str, run_folder: str, parent: int) -> None:
    """A worker: dies with the run, uses the run's socket folder, starts its kernel."""
    global _RUN_DIR
    _die_with_parent(parent)
    _RUN_DIR = Path(run_folder)
    skip_slow_iri_check()
    _start_worker_kernel(notebook_dir)


def _start_worker_kernel(notebook_dir: str) -> None:
    global _WORKER_KERNEL
    from multiprocessing import util

    from jupyter_client.utils import run_sync

    os.environ.setdefault("MPLBACKEND", "Agg")
    _WORKER_KERNEL = _kernel_manager()
    run_sync(_WORKER_KERNEL.start_kernel)(cwd=notebook_dir)
    util.Finalize(None, _shutdown_worker_kernel, exitpriority=10)


def worker_job(
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
        _start_worker_kernel(notebook_dir)
    try:
        tmp, nb = execute_job(
            job, out_dir, data_dir, lang, notebook_dir, _WORKER_KERNEL, cell_timeout
        )
        return str(tmp), nb, None
    except Exception:  # reported back to the parent, which names the failed report
        _shutdown_worker_kernel()
        return None, None, traceback.format_exc(limit=3)
