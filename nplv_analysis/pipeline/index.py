"""The index page of an output folder: every report, its charts and tables, the failures."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from ..text import has_text, t
from .folder import INDEX_TMP
from .manifest import ReportJob, areas_with_data, load_areas
from .page import TEMPLATE_DIR, TEMPLATE_NAME, report_stamp, report_title

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
        stamp=report_stamp(None, data_dir, lang),
        stamp_label=None,
    )
    tmp = out_dir / INDEX_TMP
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out_dir / "index.html")
    return out_dir / "index.html"
