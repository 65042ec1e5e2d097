"""The report run: the manifest's reports that are not up to date, executed in parallel worker
processes, then the index. One failing report does not stop the others; the run ends with a
summary of the failures."""

from __future__ import annotations

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
from . import stamps
from .folder import claim_out, clean_stale_out
from .index import write_index
from .manifest import (
    DEFAULT_MANIFEST,
    DEFAULT_OUT,
    ReportJob,
    check_inputs,
    check_params,
    load_manifest,
    refuse_data_with_errors,
    with_scenario,
)
from .worker import (
    CELL_TIMEOUT,
    clean_stale_run_dirs,
    finish_job,
    init_worker,
    run_dir,
    skip_slow_iri_check,
    worker_job,
)


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
    if every is None:
        refuse_data_with_errors(
            data_dir, lang or "nl"
        )  # a first run, or the data, manifest or code changed
        # the index lists them all
        every = load_manifest(manifest, data_dir, given["monitor_file"], given["plans_file"])
        check_inputs(every, data_dir, lang)
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
            check_params(job, data_dir)
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
        stale = clean_stale_out(out_dir) + clean_stale_run_dirs()
        if stale:
            result.notes.append(("run.note.stale", {"n": len(stale)}))
        current = {j.key: stamps.up_to_date(out_dir / j.output, j.stem, keys[j.key]) for j in every}
        todo = [j for j in planned if force or not current[j.key]]
        result.up_to_date = [j for j in planned if j not in todo]
        if todo:
            stamp_of = {j.key: {"key": keys[j.key], "inputs": inputs[j.key]} for j in todo}
            _run_pool(
                todo,
                out_dir,
                data_dir,
                lang,
                manifest,
                jobs,
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
            write_index(out_dir, every, result.failed, data_dir, report_lang)
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


def _run_pool(
    todo, out_dir, data_dir, lang, manifest, jobs, progress, on_done, result, stamp_of, cell_timeout
) -> None:
    """The reports in spawned worker processes (forked ones collide on ZeroMQ), each keeping one
    kernel and ending with this process (:func:`_die_with_parent`): a worker executes a report's
    notebook, this process makes its HTML page and stamp and moves it into place
    (:func:`finish_job`) while the worker's kernel already runs the next one."""
    from tqdm import tqdm

    skip_slow_iri_check()
    args = (str(out_dir), None if data_dir is None else str(data_dir), lang, str(manifest.parent))
    # progress None: a bar only on a terminal
    bar = tqdm(
        total=len(todo),
        desc="reports",
        unit="report",
        disable=None if progress is None else not progress,
    )
    handled: set = set()
    with ProcessPoolExecutor(
        max_workers=max(1, min(jobs or os.cpu_count() or 1, len(todo))),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(str(manifest.parent), str(run_dir()), os.getpid()),
    ) as pool:
        # the heaviest first (the manifest's weights), so that the workers finish together
        queue = sorted(todo, key=lambda j: -j.weight)
        futures = {pool.submit(worker_job, job, *args, cell_timeout): job for job in queue}
        try:
            _collect(futures, handled, out_dir, data_dir, lang, stamp_of, on_done, result, bar)
        finally:  # stopped early (Ctrl-C, an on_done that raised): no executed report left
            _discard(futures, handled)
    bar.close()
    order = {j.key: i for i, j in enumerate(todo)}
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
