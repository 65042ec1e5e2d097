"""The index page of an output folder: every report, its charts and tables, the failures."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ..report.page import TEMPLATE_DIR, TEMPLATE_NAME, file_label, report_stamp, report_title
from ..text import t
from . import stamps
from .manifest import ReportJob

INDEX_FILES = (".png", ".svg", ".csv", ".xlsx")  # listed under a report: charts and tables
WORDS = ("title", "h1", "intro", "assumptions", "failed", "absent", "none")  # index.<word>


def own_files(folder: Path, job: ReportJob) -> list[str]:
    """A report's charts and tables in its (maybe shared) folder: those its notebook recorded."""
    try:
        meta = json.loads((folder / f"{job.stem}.ipynb").read_text(encoding="utf-8"))["metadata"]
        recorded = set(meta["nplv"]["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    files = [p for p in folder.iterdir() if p.name in recorded and p.suffix in INDEX_FILES]
    return sorted(p.name for p in files if p.is_file())


@functools.cache
def _index_template():
    import jinja2

    loader = jinja2.FileSystemLoader(TEMPLATE_DIR / TEMPLATE_NAME)
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined)
    env.keep_trailing_newline = True
    return env.get_template("reports_index.html.j2")


def write_index(out_dir: Path, jobs: list[ReportJob], failed: list, data_dir=None, lang="nl"):
    """``out_dir/index.html``: every report present, its own charts and tables, the failures of
    the last run (``failed``: job and error) and the stamp."""
    from urllib.parse import quote

    from ..data import load_areas, load_figures
    from ..report.tables import assumptions_href

    errors = {j.key: e.strip() for j, e in failed}
    reports = []
    for job in jobs:
        entry = {"title": report_title(job, data_dir, lang), "failed": "", "href": "", "files": []}
        if (error := errors.get(job.key)) is not None:
            entry["failed"] = (error.splitlines() or ["?"])[-1]
        if (out_dir / job.output / f"{job.stem}.html").is_file():
            base = quote(job.output)
            entry["href"] = f"{base}/{quote(job.stem)}.html"
            files = own_files(out_dir / job.output, job)
            labels = [(file_label(f, lang, data_dir), f"{base}/{quote(f)}") for f in files]
            entry["files"] = sorted(labels, key=lambda pair: (pair[0].casefold(), pair[1]))
        reports.append(entry)
    areas, have = load_areas(data_dir), set(load_figures(data_dir)["area_id"])
    without = ", ".join(areas["name"][~areas["area_id"].isin(have)])
    page = _index_template().render(
        lang=lang,
        words={k: t(f"index.{k}", lang) for k in WORDS},
        reports=reports,
        assumptions_href=assumptions_href(out_dir),
        without=without,
        stamp=report_stamp(None, data_dir, lang, data_key=stamps.data_key(data_dir)),
        stamp_label=None,
    )
    (out_dir / stamps.INDEX_TMP).write_text(page, encoding="utf-8")
    return (out_dir / stamps.INDEX_TMP).replace(out_dir / "index.html")
