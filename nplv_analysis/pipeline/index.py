"""The index page of an output folder: every report, its charts and tables, the failures."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from ..report.page import TEMPLATE_DIR, TEMPLATE_NAME, file_label, report_stamp, report_title
from ..text import t
from . import stamps
from .folder import INDEX_TMP
from .manifest import ReportJob, areas_with_data, load_areas

INDEX_FILES = (".png", ".svg", ".csv", ".xlsx")
"""What the index lists under a report besides its HTML: charts and tables."""


def own_files(folder: Path, job: ReportJob) -> list[str]:
    """The charts and tables of one report in its folder, which it may share with others (an
    area's report and its mid-term review): those its run recorded in the executed notebook
    (``metadata.nplv.files``)."""
    try:
        meta = json.loads((folder / f"{job.stem}.ipynb").read_text(encoding="utf-8"))["metadata"]
        recorded = set(meta["nplv"]["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return []
    present = {p.name for p in folder.iterdir() if p.suffix in INDEX_FILES and p.is_file()}
    return sorted(present & recorded)


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
    failed: list[tuple[ReportJob, str]],
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
    failed = {j.key: e for j, e in failed}
    reports = []
    for job in jobs:
        folder = out_dir / job.output
        error = failed.get(job.key, "").strip()
        entry = {
            "title": report_title(job, data_dir, lang),
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
                    for f in own_files(folder, job)
                ),
                key=lambda pair: (pair[0].casefold(), pair[1]),
            )
        reports.append(entry)
    have = set(areas_with_data(data_dir))
    areas = load_areas(data_dir)
    without = ", ".join(
        n for a, n in zip(areas["area_id"], areas["name"], strict=True) if a not in have
    )
    from ..report.tables import assumptions_href

    page = _index_template().render(
        lang=lang,
        words=words,
        reports=reports,
        assumptions_href=assumptions_href(out_dir),
        without=without,
        stamp=report_stamp(None, data_dir, lang, data_key=stamps.data_key(data_dir)),
        stamp_label=None,
    )
    tmp = out_dir / INDEX_TMP
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out_dir / "index.html")
    return out_dir / "index.html"
