"""One report: executed into a temporary folder by a worker (:func:`execute_job`), made whole and
moved into place by the run (:func:`finish_job`). Workers are spawned (forked ones collide on
ZeroMQ), keep one kernel each (papermill's ``km=``, a reset cell first) over IPC sockets in the
run's folder (:func:`run_dir`), and die with the run, killing their kernel first."""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
import uuid
from pathlib import Path

from ..report.page import generation_date, html_without_code, report_stamp, report_title
from . import stamps
from .manifest import ReportJob

CELL_TIMEOUT = 300
"""Seconds a cell may run before its report fails (the slowest shipped cell takes about 2 s)."""
RUN_PREFIX = "nplv-run-"
RESET_TAG = "nplv-reset"
RESET_SOURCE = "import matplotlib.pyplot as _p\n_p.close('all')\n%reset -f\nimport gc as _gc\n"
RESET_SOURCE += "_gc.collect()\n_gc.freeze()\n_gc.set_threshold(50_000, 20, 100)\ndel _gc"
"""First in a reused kernel; the collector leaves the library alone, runs less often: -9% CPU."""

_RUN_DIR: Path | None = None
_KERNEL = None  # the worker's kernel manager


def run_dir() -> Path:
    """This run's folder for its kernels' sockets, ``<temp>/nplv-run-<pid>-*``, locked while the
    run lives (the next run removes those of dead runs)."""
    global _RUN_DIR
    if _RUN_DIR is None:
        _RUN_DIR = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-"))
        fcntl.flock(os.open(_RUN_DIR, os.O_RDONLY), fcntl.LOCK_EX)  # released when it ends
        atexit.register(shutil.rmtree, _RUN_DIR, True)
    return _RUN_DIR


def clean_stale_run_dirs() -> list[Path]:
    """Remove the run folders (:func:`run_dir`) of this user's runs that are gone."""
    removed = []
    for path in Path(tempfile.gettempdir()).glob(f"{RUN_PREFIX}*"):
        with contextlib.suppress(OSError):
            if path.is_symlink() or not path.is_dir() or path.stat().st_uid != os.getuid():
                continue
            fd = os.open(path, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # OSError: its run lives
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
            finally:
                os.close(fd)
    return removed


def _die(*_: object) -> None:
    """The worker's end: its kernel (a session of its own) killed, its sockets removed."""
    km = _KERNEL
    with contextlib.suppress(Exception):
        if km is not None and km.provisioner.pgid != os.getpgrp():
            os.killpg(km.provisioner.pgid, signal.SIGKILL)
        for path in Path(km.ip).parent.glob(Path(km.ip).name + "*"):
            path.unlink(missing_ok=True)
    os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.25)
    _die()


def _kernel_manager():
    from jupyter_client.manager import AsyncKernelManager

    os.environ.setdefault("MPLBACKEND", "Agg")  # the kernel's, when it starts
    name = str(run_dir() / f"k{uuid.uuid4().hex[:12]}")
    return AsyncKernelManager(
        kernel_name="python3", transport="ipc", ip=name, connection_file=name + ".json"
    )


def shutdown_kernel() -> None:
    """Shut down the worker's kernel (if it has one)."""
    global _KERNEL
    from jupyter_client.utils import run_sync

    km, _KERNEL = _KERNEL, None
    with contextlib.suppress(Exception):  # the kernel may be gone already
        run_sync(km.shutdown_kernel)(now=True)


def execute_job(job: ReportJob, out_dir, data_dir, lang, notebook_dir, timeout=CELL_TIMEOUT):
    """Execute a report in the worker's kernel (a new one after a failure) into a new temporary
    folder in ``out_dir``: the folder, the notebook (saved there, ``metadata.nplv.files`` the
    files it wrote) and None; or None, None and the error. ``timeout``: seconds a cell may run."""
    global _KERNEL
    import nbformat
    import papermill as pm
    from jupyter_client.utils import run_sync

    notebook = Path(notebook_dir) / job.notebook
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{stamps.TMP_PREFIX}{job.output}-{job.stem}-", dir=out_dir))
    params = {**job.parameters, "out_dir": str(tmp.resolve())}
    params |= {"data_dir": str(Path(data_dir).resolve())} if data_dir is not None else {}
    params |= {"lang": lang} if lang is not None else {}
    try:
        nb = nbformat.read(notebook, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_code_cell(RESET_SOURCE, metadata={"tags": [RESET_TAG]}))
        if _KERNEL is None:
            _KERNEL = _kernel_manager()
            run_sync(_KERNEL.start_kernel)(cwd=str(notebook_dir))
        options = {"progress_bar": False, "request_save_on_cell_execute": False, "km": _KERNEL}
        options |= {"kernel_name": "python3", "execution_timeout": timeout}  # saved once, below
        nb = pm.execute_notebook(nb, None, params, cwd=str(notebook.parent), **options)
        nb.cells = [c for c in nb.cells if RESET_TAG not in c.metadata.get("tags", [])]
        nb.metadata["nplv"] = {"files": sorted(p.name for p in tmp.iterdir())}
        nbformat.write(nb, tmp / f"{job.stem}.ipynb")
        return tmp, nb, None
    except Exception:  # the run names the failed report
        shutil.rmtree(tmp, ignore_errors=True)
        shutdown_kernel()
        return None, None, traceback.format_exc(limit=3)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def finish_job(job: ReportJob, tmp: Path, nb, out_dir, data_dir=None, lang=None, *, stamp) -> Path:
    """The report executed into ``tmp`` made whole (its HTML page; its stamp: ``stamp``'s key and
    inputs, the hash of each file) and moved into ``out_dir/job.output``, which it returns."""
    tmp = Path(tmp)
    try:
        lang = lang if lang is not None else job.parameters.get("lang", "nl")
        data = stamp["inputs"].get("data_sha256") or stamps.data_key(data_dir)
        shown = report_stamp(job, data_dir, lang, data_key=data)
        page = html_without_code(nb, report_title(job, data_dir, lang), lang, stamp=shown)
        (tmp / f"{job.stem}.html").write_text(page, encoding="utf-8")
        stamp_file = tmp / f"{job.stem}{stamps.STAMP_SUFFIX}"
        files = {p.name: stamps.file_hash(p) for p in sorted(tmp.iterdir())}
        made = generation_date().isoformat()
        stamps.write_json(stamp_file, {**stamp, "report": job.key, "made": made, "files": files})
        final = Path(out_dir) / job.output
        if final.is_symlink():
            raise stamps.Linked(Path(out_dir), [job.output], "out")
        final.mkdir(exist_ok=True)
        final.chmod(0o755)
        # no stamp claims the report complete while its files move in one by one (a folder may
        # hold several reports: an area's report and its mid-term review); the stamp moves last
        (final / stamp_file.name).unlink(missing_ok=True)
        for item in sorted(tmp.iterdir(), key=lambda p: (p == stamp_file, p.name)):
            os.replace(item, final / item.name)
        tmp.rmdir()
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def skip_slow_iri_check() -> None:
    """Keep nbformat's ``jsonschema`` from importing ``rfc3987_syntax`` (1 s, jsonschema#1428)."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def init_worker(run_folder: str, parent: int) -> None:
    """A worker: dies with the run (SIGTERM, or the parent gone), uses the run's folder."""
    from multiprocessing import util

    global _RUN_DIR
    _RUN_DIR = Path(run_folder)
    signal.signal(signal.SIGTERM, _die)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    skip_slow_iri_check()
    util.Finalize(None, shutdown_kernel, exitpriority=10)  # its kernel ends with it
