"""The report run: the manifest's reports that are not up to date, executed in parallel worker
processes, then the index. A failing report does not stop the others; the run ends with a
summary of the failures. One run at a time in an output folder (:func:`claim_out`)."""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import shutil
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..report.page import generation_date
from ..resources import ASSUMPTIONS, find_links
from ..text import t
from . import manifest as mf
from . import stamps, worker
from .index import write_index
from .manifest import DEFAULT_MANIFEST, DEFAULT_OUT, ReportJob
from .stamps import INDEX_TMP, TMP_PREFIX, Linked, RunError

LOCK_NAME = ".nplv-reports.lock"
"""The run's lock: an ``flock`` on this file (holding its pid), let go by the system if it dies."""


@dataclass
class RunResult:
    """What a run did: the reports written, those that failed, and those up to date."""

    done: list[tuple[ReportJob, Path]] = field(default_factory=list)
    failed: list[tuple[ReportJob, str]] = field(default_factory=list)
    index: Path | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)  # catalogue ids and values
    up_to_date: list[ReportJob] = field(default_factory=list)
    rebuilt_index: bool = False

    ok = property(lambda self: not self.failed)  # no report failed

    def summary(self, lang: str = "nl") -> str:
        """What the run did, in the reader's language (each failure's last line)."""
        lines = [t("run.written", lang, n=len(self.done), m=len(self.failed))]
        for job, error in self.failed:
            last = error.strip().splitlines()[-1] if error.strip() else t("run.unknown_error", lang)
            lines.append(t("run.failed", lang, report=job.key, notebook=job.notebook, error=last))
        return "\n".join(lines + [t(code, lang, **values) for code, values in self.notes])


def run_reports(
    manifest: str | Path = DEFAULT_MANIFEST,
    out_dir: str | Path = DEFAULT_OUT,
    data_dir: str | Path | None = None,
    lang: str | None = None,
    only: list[str] | None = None,
    jobs: int | None = None,
    monitor: str | Path | None = None,
    on_done: Callable[[ReportJob, str | None], None] | None = None,
    scenario: dict[str, Any] | None = None,
    force: bool = False,
    cell_timeout: float | None = worker.CELL_TIMEOUT,
    plans: str | Path | None = None,
) -> RunResult:
    """Run the manifest's reports (``only``: those with these output names) that are not up to
    date (unless ``force``) in ``jobs`` processes (default: one per CPU), then the index; a
    ValueError before anything runs if an input is wrong. ``scenario``: fields for the notebooks
    that take them; ``cell_timeout``: seconds a cell may run (None: no limit)."""
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise RunError("run.jobs", jobs=repr(jobs))
    manifest, out_dir, report_lang = Path(manifest), Path(out_dir), lang or "nl"
    source, data = stamps.source_key(), stamps.data_key(data_dir)
    plan = stamps.plan_key(manifest, {"monitor_file": monitor, "plans_file": plans}, data, source)
    every = expanded = _cached_plan(out_dir, plan)
    checked = every is None  # a cached plan passed the checks when its run made it
    if checked:  # a first run, or the data, manifest or code changed
        mf.refuse_data_with_errors(data_dir, report_lang)
        every = expanded = mf.load_manifest(manifest, data_dir, monitor, plans, report_lang)
    if scenario:
        every = mf.with_scenario(every, scenario, manifest.parent)
    known = {j.output for j in every}
    if missing := [o for o in only or () if o not in known]:
        names, known = ", ".join(missing), ", ".join(sorted(known))
        raise RunError("run.only", names=names, manifest=str(manifest), known=known)
    planned = [j for j in every if not only or j.output in only]
    # a report links to the assumptions from its folder, one below the output folder
    docs_link = os.path.relpath(ASSUMPTIONS, out_dir.resolve() / "x")
    common = (data, report_lang, source, docs_link, stamps.environment_key())
    keyed = {
        j.key: stamps.report_key(manifest.parent / j.notebook, j.parameters, *common) for j in every
    }
    keys = {k: key for k, (key, _) in keyed.items()}
    with claim_out(out_dir) as dead_holder:
        result = RunResult()
        if dead_holder is not None and dead_holder != os.getpid():
            result.notes.append(("run.note.lock", {"pid": dead_holder}))
        if stale := clean_stale_out(out_dir) + worker.clean_stale_run_dirs():
            result.notes.append(("run.note.stale", {"n": len(stale)}))
        current = {j.key: stamps.up_to_date(out_dir / j.output, j.stem, keys[j.key]) for j in every}
        todo = [j for j in planned if force or not current[j.key]]
        result.up_to_date = [j for j in planned if j not in todo]
        if todo:
            stamp_of = {k: {"key": key, "inputs": inputs} for k, (key, inputs) in keyed.items()}
            args = (out_dir, data_dir, lang, manifest.parent, cell_timeout)
            _run_pool(todo, args, jobs, on_done, result, stamp_of)
            current |= {j.key: True for j, _ in result.done}
            current |= {j.key: False for j, _ in result.failed}
        failed = [j.key for j, _ in result.failed]
        reports = [[j.key, keys[j.key], current[j.key]] for j in every]
        index_key = stamps.digest([reports, report_lang, data, source, docs_link, failed])
        index = result.index = out_dir / "index.html"
        old = stamps.read_stamp(out_dir / stamps.INDEX_STAMP) or {}
        intact = stamps.files_intact(out_dir, old.get("files"))
        result.rebuilt_index = bool(failed) or old.get("key") != index_key or not intact
        if result.rebuilt_index:
            write_index(out_dir, every, result.failed, data_dir, report_lang)
        if result.rebuilt_index or checked:
            made, files = generation_date().isoformat(), {index.name: stamps.file_hash(index)}
            stamp = {"key": None if failed else index_key, "plan_key": plan, "made": made}
            stamp |= {"plan": [asdict(j) for j in expanded], "files": files}
            stamps.write_json(out_dir / stamps.INDEX_STAMP, stamp)
    return result


def _cached_plan(out_dir: Path, plan: str | None) -> list[ReportJob] | None:
    """The reports as the last run expanded them from the same inputs (:func:`.stamps.plan_key`)."""
    stamp = stamps.read_stamp(out_dir / stamps.INDEX_STAMP) or {}
    with contextlib.suppress(TypeError, ValueError, KeyError):
        if plan is not None and stamp.get("plan_key") == plan:
            return [ReportJob.from_dict(d) for d in stamp["plan"]]
    return None


def _run_pool(todo, args, jobs, on_done, result, stamp_of) -> None:
    """The reports in spawned workers, heaviest first (so that they finish together); this process
    makes each whole while its worker starts the next. Stopped early (Ctrl-C, an ``on_done`` that
    raised), the executed reports not moved into place are removed."""
    from tqdm import tqdm

    out_dir, data_dir, lang = args[:3]  # and the notebooks' folder, the cell timeout
    worker.skip_slow_iri_check()
    bar = tqdm(total=len(todo), desc="reports", unit="report", disable=None)  # on a terminal
    pool = ProcessPoolExecutor(
        max_workers=min(jobs or os.cpu_count() or 1, len(todo)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.init_worker,
        initargs=(str(worker.run_dir()), os.getpid()),
    )
    futures = {
        pool.submit(worker.execute_job, job, *args): job
        for job in sorted(todo, key=lambda j: -j.weight)
    }
    left = set(futures)
    try:
        for future in as_completed(futures):
            left.discard(future)
            job = futures[future]
            try:
                tmp, nb, error = future.result()
                if error is None:
                    stamp = stamp_of[job.key]
                    folder = worker.finish_job(job, tmp, nb, out_dir, data_dir, lang, stamp=stamp)
                    result.done.append((job, folder))
            except Exception:  # the worker died, or the report could not be made whole
                error = traceback.format_exc(limit=3)
            if error is not None:
                result.failed.append((job, error))
            if on_done is not None:
                on_done(job, error)
            bar.update(1)
    finally:
        for future in left:
            future.cancel()
        for future in left:  # a second Ctrl-C stops the wait; the next run cleans up
            with contextlib.suppress(Exception):
                if not future.cancelled() and future.result()[0]:
                    shutil.rmtree(future.result()[0], ignore_errors=True)
        pool.shutdown(wait=True)
        bar.close()
    result.done.sort(key=lambda d: todo.index(d[0]))
    result.failed.sort(key=lambda f: todo.index(f[0]))


def clean_stale_out(out_dir: Path) -> list[Path]:
    """Remove what a killed run was writing in ``out_dir`` (called under the lock)."""
    removed = [p for p in out_dir.iterdir() if p.name.startswith(TMP_PREFIX) or p.name == INDEX_TMP]
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed


@contextlib.contextmanager
def claim_out(out_dir: str | Path) -> Iterator[int | None]:
    """Create ``out_dir`` if needed and hold its lock for the run; yields the pid of a run that
    died holding it, or None. A RunError if it is a file, not writable, held or has a link."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise RunError("run.out.file", folder=str(out_dir))
    lock = out_dir / LOCK_NAME
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RunError("run.out.create", folder=str(out_dir), error=exc.strerror or exc) from None
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise RunError(
                "run.out.write", folder=str(out_dir), error=exc.strerror or exc
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            pid = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise RunError("run.out.busy", pid=pid, folder=str(out_dir), lock=str(lock)) from None
        # the run that held it may have removed the file meanwhile: lock the new one
        with contextlib.suppress(FileNotFoundError):
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break
        os.close(fd)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    try:
        # a report would be written, and its stamp checked, through a link
        if linked := find_links(out_dir, depth=2):
            raise Linked(out_dir, linked, "out")
        yield int(text) if text.isdigit() else None
    finally:
        lock.unlink(missing_ok=True)  # before the lock is released: see the inode check
        os.close(fd)
