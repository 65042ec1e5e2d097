"""A report's HTML page (code hidden, the project's nbconvert template), its title, its footer
stamp, and the words for its charts and tables on the index."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from ..text import has_text, t

COMPARISON = "scenario_comparison.ipynb"
"""The comparison's notebook: its stamp names its scenarios (``scenario_files``)."""
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


def _monitor(job: Any, data_dir: str | Path | None):
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


def _plans_illustrative(job: Any, data_dir: str | Path | None) -> bool | None:
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


def _illustrative(job: Any, data_dir: str | Path | None) -> bool:
    monitor = _monitor(job, data_dir)
    return bool(monitor is not None and monitor.illustrative) or bool(
        _plans_illustrative(job, data_dir)
    )


def _scenario_names(job: Any, data_dir=None, lang: str = "nl") -> list[str]:
    """The names of a comparison's scenarios (``scenario_files``; None: the data folder's
    ``scenarios/``)."""
    from ..engine.files import named_scenarios  # not .comparison: that imports matplotlib

    named = named_scenarios(job.parameters.get("scenario_files"), data_dir)
    return [n.title(lang) for n in named]


def report_stamp(
    job: Any,
    data_dir: str | Path | None = None,
    lang: str = "nl",
    today: dt.date | None = None,
    *,
    data_key: str,
) -> list[str]:
    """The footer stamp: the generation date in words, the project version, a short hash of the
    data folder (the first 12 hex digits of ``data_key``, the key the run keys the reports on)
    and, for a report (anything with ``notebook`` and ``parameters``), its scenario in words (a
    mid-term review: its monitor file and whether it is illustrative). ``job`` None: the
    index's stamp."""
    from ..text import format_date

    items = [
        t("stamp.made", lang, date=format_date(today or generation_date(), lang)),
        t("stamp.version", lang, version=project_version()),
        t("stamp.data", lang, key=data_key[:12]),
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
        from .figures import scenario_words

        items.append(t("stamp.scenario", lang, scenario=scenario_words(job.parameters, lang)))
    return items


def _file_key(path: str | Path) -> str:
    """A short hash of an input file (a monitor, a plan list): the first 12 hex digits of its
    SHA-256, how the stamp identifies the file without its name."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()[:12]


def report_title(job: Any, data_dir: str | Path | None, lang: str = "nl") -> str:
    """The report's HTML title in the reader's language: the manifest's text id (or
    ``html_title.area`` for an area), the area's name and the agreement's years filled in;
    "ILLUSTRATIEF — " before it when the report's monitor figures are illustrative."""
    from .tables import agreement_fields

    area_id = job.parameters.get("area_id")
    is_area = bool(area_id) and area_id != "national"
    key = job.title or ("html_title.area" if is_area else "")
    if not key:
        return f"NPLV: {job.output}"
    from ..data import load_areas

    name = load_areas(data_dir).set_index("area_id").at[area_id, "name"] if is_area else ""
    title = t(key, lang, **{**agreement_fields(lang, data_dir), "name": name})
    if _illustrative(job, data_dir):
        title = t("html_title.illustrative", lang, title=title)
    return title


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
        from ..data import load_areas

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
