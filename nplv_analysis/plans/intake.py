"""Project lists ("planlijsten") as municipalities keep them: one row a housing project, with
its area, its homes (all and affordable), the year (and quarter) its construction is planned to
start and the phase it is in (issue 23).

The template is ``data/plans/template.xlsx`` (Dutch headers, made by :mod:`.template`); the
columns and the rules are documented in ``data/plans/README.md``. A list is read by the rules
of every intake (:mod:`nplv_analysis.data.sheets`: ``;`` or ``,``, UTF-8 or Windows-1252, an
.xlsx sheet "planlijst" or the first with the header, Dutch numbers such as ``1.234``, the
header in row 1) and then checked row by row. Every fault stops the intake with one
:class:`PlanFileError` listing all faults of the file, each naming the row (the header is row
1) and the column (its header as written, and its letter), in the reader's language.

>>> from nplv_analysis.data import DEFAULT_DATA_DIR
>>> plans = load_plans(DEFAULT_DATA_DIR / "plans" / "illustratief-heerlen-noord.csv")
>>> int(plans["homes_total"].sum()), int(plans["homes_affordable"].sum())
(2352, 1775)
>>> plans.attrs["illustrative"]
True
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..data import load_areas
from ..data.phases import PHASES
from ..data.sheets import (
    FileFormat,
    Layout,
    Message,
    NumberError,
    SheetError,
    blank,
    capped,
    parse_dutch_number,
    read_table,
    show_value,
)
from ..text import t

COLUMNS = (
    "area_id",
    "project",
    "homes_total",
    "homes_affordable",
    "start_year",
    "start_quarter",
    "phase",
)
"""The columns of the frame :func:`load_plans` returns, one row a project."""
HEADERS: dict[str, dict[str, str]] = {
    "area_id": {"nl": "gebied (id)", "en": "area_id"},
    "project": {"nl": "project", "en": "project"},
    "homes_total": {"nl": "woningen totaal", "en": "homes_total"},
    "homes_affordable": {"nl": "woningen betaalbaar", "en": "homes_affordable"},
    "start_year": {"nl": "start bouw jaar", "en": "start_year"},
    "start_quarter": {"nl": "kwartaal", "en": "start_quarter"},
    "phase": {"nl": "fase", "en": "phase"},
    "source": {"nl": "bron", "en": "source"},
}
"""The header of each column of a plan list: Dutch (the Excel template's) and English. Part of
the file format: either is accepted, in any case. ``source`` (where the row comes from) is
optional and not part of the frame; a source that starts with :data:`ILLUSTRATIVE_MARK` marks
the row as invented."""
OPTIONAL = ("start_quarter", "source")
REQUIRED = tuple(c for c in HEADERS if c not in OPTIONAL)
FIRST_YEAR = 2020
"""The earliest planned start a list may hold: starts before the agreements' window are read
(and earn nothing), a start before this is a typing error."""
LAST_YEAR = 2035
"""The latest planned start a list may hold (the window's end plus a few years of slip)."""
SHEET = "planlijst"
"""The sheet of an Excel file that holds the projects (any case); else the first sheet whose
first row is the header."""
ILLUSTRATIVE_MARK = "ILLUSTRATIEF"
"""A source that starts with this word marks a row as invented, not a municipality's plan."""
LAYOUT = Layout(HEADERS, REQUIRED, SHEET, "sheet.kind.plans")
"""How a plan list is read (:mod:`nplv_analysis.data.sheets`)."""
COUNTS = ("homes_total", "homes_affordable")


class PlanFileError(ValueError):
    """A plan list that cannot be taken in. ``problems`` lists every fault in the reader's
    language (each naming its row and column), ``messages`` the same as catalogue messages,
    ``sheet`` the Excel sheet read (None for CSV)."""

    def __init__(
        self,
        path: Path,
        messages: list[Message],
        sheet: str | None = None,
        file_format: FileFormat | None = None,
        lang: str = "nl",
    ):
        self.path = path
        self.messages = list(messages)
        self.problems = [m.render(lang) for m in capped(self.messages)]
        self.sheet = sheet
        self.file_format = file_format
        self.lang = lang
        super().__init__(self.text(lang))

    def text(self, lang: str = "nl") -> str:
        """The whole message in ``lang``: the file (and sheet), how it was read, every fault."""
        n = len(self.messages)
        problems = [m.render(lang) for m in capped(self.messages)]
        count = t("plans.problems.one", lang) if n == 1 else t("plans.problems.many", lang, n=n)
        where = (
            t("plans.where_sheet", lang, file=str(self.path), sheet=repr(self.sheet))
            if self.sheet is not None
            else str(self.path)
        )
        how = (
            " " + t("plans.read_as", lang, what=self.file_format.describe(lang))
            if self.file_format is not None
            else ""
        )
        head = t("plans.refused", lang, where=where, count=count, how=how)
        return head + "\n" + "\n".join(f"  - {p}" for p in problems)


class PlanError(ValueError):
    """A request on a plan list that cannot be answered (an area without projects, a frame
    that is no plan list): ``code`` (a text catalogue id) and the ``values`` its message
    shows; ``str()`` is the message in ``lang``."""

    def __init__(self, code: str, lang: str = "nl", **values: object):
        self.code = code
        self.values = values
        super().__init__(self.text(lang))

    def text(self, lang: str = "nl") -> str:
        return t(self.code, lang, **self.values)


def _phase_names() -> dict[str, str]:
    """Every way a phase may be written (code, Dutch or English label; compared casefolded)."""
    names = {}
    for code in PHASES:
        names[code.casefold()] = code
        for lang in ("nl", "en"):
            names[t(f"plans.phase.{code}", lang).casefold()] = code
    return names


def _text(value: object) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _whole(raw: object, what: str) -> int:
    """A whole number of homes or a year; NumberError saying why not."""
    value = parse_dutch_number(raw)
    if value != int(value):
        raise NumberError(what, value=show_value(raw))
    return int(value)


def load_plans(
    path: str | Path, data_dir: str | Path | None = None, lang: str = "nl"
) -> pd.DataFrame:
    """Read and check a plan list (CSV or .xlsx): a frame with one row a project and the
    columns :data:`COLUMNS` (whole numbers as ints, ``start_quarter`` nullable, ``phase`` the
    code). :class:`PlanFileError` (a ValueError) listing every fault, in ``lang``.

    ``attrs`` of the frame: ``path``, ``file_format`` (what was detected) and ``illustrative``
    (a row's source starts with ILLUSTRATIEF).
    """
    path = Path(path)
    try:
        table = read_table(path, LAYOUT)
    except SheetError as exc:
        raise PlanFileError(path, exc.problems, exc.sheet, exc.file_format, lang) from None
    fmt = table.file_format
    problems = list(table.problems)
    known_areas = set(load_areas(data_dir)["area_id"])
    phases = _phase_names()
    rows: list[dict] = []
    sources: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for n, rec in table.records:

        def bad(col: str, problem: Message, n=n) -> None:
            problems.append(
                Message(
                    "plans.cell",
                    {
                        "row": n,
                        "column": repr(table.names[col]),
                        "letter": table.letters[col],
                        "problem": problem,
                    },
                )
            )

        row: dict = {}
        area = _text(rec.get("area_id"))
        if not area:
            bad("area_id", Message("plans.empty"))
        elif area not in known_areas:
            bad("area_id", Message("plans.unknown_area", {"value": repr(area)}))
        row["area_id"] = area
        project = _text(rec.get("project"))
        if not project:
            bad("project", Message("plans.empty"))
        row["project"] = project
        for col in COUNTS:
            try:
                row[col] = _whole(rec.get(col), "plans.not_whole_homes")
            except NumberError as exc:
                bad(col, exc.message)
                row[col] = None
        total, affordable = row["homes_total"], row["homes_affordable"]
        if total is not None and affordable is not None and affordable > total:
            bad(
                "homes_affordable",
                Message(
                    "plans.affordable_above_total",
                    {
                        "affordable": affordable,
                        "total": total,
                        "total_column": repr(table.names["homes_total"]),
                    },
                ),
            )
        try:
            year = _whole(rec.get("start_year"), "plans.not_whole_year")
            if not FIRST_YEAR <= year <= LAST_YEAR:
                bad(
                    "start_year",
                    Message(
                        "plans.year_range", {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR}
                    ),
                )
        except NumberError as exc:
            bad("start_year", exc.message)
            year = None
        row["start_year"] = year
        quarter = None
        if "start_quarter" in table.names and not blank(rec.get("start_quarter")):
            raw = rec.get("start_quarter")
            try:
                q = parse_dutch_number(raw)
                if q not in (1, 2, 3, 4):
                    raise NumberError("plans.quarter", value=show_value(raw))
                quarter = int(q)
            except NumberError as exc:
                bad("start_quarter", exc.message)
        row["start_quarter"] = quarter
        phase_text = _text(rec.get("phase"))
        phase = phases.get(phase_text.casefold())
        if not phase_text:
            bad("phase", Message("plans.empty"))
        elif phase is None:
            bad(
                "phase",
                Message(
                    "plans.unknown_phase", {"value": repr(phase_text), "phases": ", ".join(PHASES)}
                ),
            )
        row["phase"] = phase
        if area and project:
            key = (area, project.casefold())
            if key in seen:
                bad(
                    "project",
                    Message(
                        "plans.duplicate",
                        {"project": repr(project), "area": area, "other": seen[key]},
                    ),
                )
            seen.setdefault(key, n)
        sources.append(_text(rec.get("source")))
        rows.append(row)
    if problems:
        raise PlanFileError(path, problems, fmt.sheet, fmt, lang)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("homes_total", "homes_affordable", "start_year"):
        frame[col] = frame[col].astype("int64")
    frame["start_quarter"] = frame["start_quarter"].astype("Int64")
    for col in ("area_id", "project", "phase"):
        frame[col] = frame[col].astype(object)
    frame.attrs["path"] = str(path)
    frame.attrs["file_format"] = fmt
    frame.attrs["illustrative"] = any(is_illustrative(s) for s in sources)
    return frame


def is_illustrative(source: str) -> bool:
    """True for a source that marks its row as invented (starts with ILLUSTRATIEF, or the
    monitor's ILLUSTRATIE), in any case.

    >>> is_illustrative("ILLUSTRATIEF: verzonnen verdeling"), is_illustrative("Gemeente Heerlen")
    (True, False)
    """
    return bool(re.match(rf"^{ILLUSTRATIVE_MARK[:-1]}F?\b", source.strip().upper()))


__all__ = [
    "COLUMNS",
    "FIRST_YEAR",
    "HEADERS",
    "ILLUSTRATIVE_MARK",
    "LAST_YEAR",
    "LAYOUT",
    "PHASES",
    "SHEET",
    "PlanError",
    "PlanFileError",
    "is_illustrative",
    "load_plans",
]
