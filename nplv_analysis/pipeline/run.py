"""The report run: the manifest's reports that are not up to date, executed in parallel worker
processes, then the index. A failing report does not stop the others; the run ends with a
summary of the failures."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..report.page import generation_date
from ..resources import ASSUMPTIONS
from ..text import t
from . import manifest as mf
from . import stamps, worker
from .folder import claim_out, clean_stale_out
from .index import write_index
from .manifest import DEFAULT_MANIFEST, DEFAULT_OUT, ReportJob


@dataclass
class RunResult:
    """What a run did: the reports written, those that failed, and those up to date."""

    done: list[tuple[ReportJob, Path]] = field(default_factory=list)
    failed: list[tuple[ReportJob, str]] = field(default_factory=list)
    index: Path | None = None
    notes: list[tuple[str, dict]] = field(default_factory=list)  # catalogue ids and values
    up_to_date: list[ReportJob] = field(default_factory=list)
    rebuilt_index: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

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
    progress: bool | None = None,
    monitor: str | Path | None = None,
    on_done: Callable[[ReportJob, str | None], None] | None = None,
    scenario: dict[str, Any] | None = None,
    force: bool = False,
    cell_timeout: float | None = worker.CELL_TIMEOUT,
    plans: str | Path | None = None,
) -> RunResult:
    """Run the manifest's reports (``only``: those with these output names) in ``jobs`` processes
    (default: one per CPU), then write ``out_dir/index.html``; ValueError before anything runs if
    ``jobs``, the manifest, the selection or the data is wrong, or ``out_dir`` cannot be used.
    A report with the same inputs and intact files (its stamp) is not run again, unless ``force``.
    ``scenario``: fields for the notebooks that take them; ``cell_timeout``: seconds a cell may
    run (None: no limit); ``monitor``, ``plans``: the files for the reports that read one."""
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a whole number of 1 or more, got {jobs!r}")
    manifest, out_dir, report_lang = Path(manifest), Path(out_dir), lang or "nl"
    source, data = stamps.source_key(), stamps.data_key(data_dir)
    plan = stamps.plan_key(manifest, {"monitor_file": monitor, "plans_file": plans}, data, source)
    every = expanded = _cached_plan(out_dir, plan)
    checked = every is None  # a cached plan passed the checks when its run made it
    if checked:  # a first run, or the data, manifest or code changed
        mf.refuse_data_with_errors(data_dir, report_lang)
        every = expanded = mf.load_manifest(manifest, data_dir, monitor, plans)
        mf.check_inputs(every, data_dir, lang)
    if scenario:
        every = mf.with_scenario(every, scenario, manifest.parent)
    planned = every
    if only:
        known = {j.output for j in every}
        if missing := [o for o in only if o not in known]:
            raise ValueError(
                f"no report named {', '.join(missing)} in {manifest}; the reports are: "
                f"{', '.join(sorted(known))}"
            )
        planned = [j for j in every if j.output in only]
    for job in planned if checked else []:  # bad parameters are refused before anything runs
        mf.check_params(job, data_dir)
    # a report links to the assumptions from its folder, one below the output folder
    docs_link = os.path.relpath(ASSUMPTIONS, out_dir.resolve() / "x")
    env = stamps.environment_key()
    inputs = {
        j.key: stamps.report_inputs(
            manifest.parent / j.notebook, j.parameters, data, report_lang, source, docs_link, env
        )
        for j in every
    }
    keys = {k: stamps.report_key(v) for k, v in inputs.items()}
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
            stamp_of = {j.key: {"key": keys[j.key], "inputs": inputs[j.key]} for j in todo}
            args = (out_dir, data_dir, lang, manifest.parent, cell_timeout)
            _run_pool(todo, args, jobs, progress, on_done, result, stamp_of)
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
            stamp = {"key": None if failed else index_key, "plan_key": plan}
            stamp["plan"] = [j.to_dict() for j in expanded]
            stamp["made"] = generation_date().isoformat()
            stamp["files"] = {index.name: stamps.file_hash(index)}
            stamps.write_json(out_dir / stamps.INDEX_STAMP, stamp)
    return result


def _cached_plan(out_dir: Path, plan: str | None) -> list[ReportJob] | None:
    """The reports as the last run expanded them from the same inputs (:func:`.stamps.plan_key`)."""
    stamp = stamps.read_stamp(out_dir / stamps.INDEX_STAMP) or {}
    with contextlib.suppress(TypeError, ValueError, KeyError):
        if plan is not None and stamp.get("plan_key") == plan:
            return [ReportJob.from_dict(d) for d in stamp["plan"]]
    return None


def _run_pool(todo, args, jobs, progress, on_done, result, stamp_of) -> None:
    """The reports in spawned workers, heaviest first (the manifest's weights, so that the
    workers finish together): a worker executes a report, this process makes it whole and moves
    it into place (:func:`.worker.finish_job`) while that worker starts the next one. Stopped
    early (Ctrl-C, an ``on_done`` that raised), the executed reports not moved are removed."""
    from tqdm import tqdm

    out_dir, data_dir, lang, notebook_dir, cell_timeout = args
    worker.skip_slow_iri_check()
    quiet = None if progress is None else not progress  # None: a bar only on a terminal
    bar = tqdm(total=len(todo), desc="reports", unit="report", disable=quiet)
    pool = ProcessPoolExecutor(
        max_workers=min(jobs or os.cpu_count() or 1, len(todo)),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.init_worker,
        initargs=(str(worker.run_dir()), os.getpid()),
    )
    wargs = (str(out_dir), None if data_dir is None else str(data_dir), lang, str(notebook_dir))
    futures = {
        pool.submit(worker.worker_job, job, *wargs, cell_timeout): job
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
                    folder = worker.finish_job(
                        job, Path(tmp), nb, out_dir, data_dir, lang, stamp_of[job.key]
                    )
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
