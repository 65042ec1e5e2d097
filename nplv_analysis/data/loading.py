"""Reading and validating a data folder into tidy DataFrames.

A data folder holds::

    sources.yaml            the sources register (what each source id is, its URL/date or pages)
    areas.csv               the 20 NPLV areas
    national.yaml           programme and scheme figures
    agreements/<area>.yaml  one file per area: what its agreement (or, failing that, the press)
                            states about it

Everything is validated before anything is returned. All problems found are raised together in
one :class:`DataError`, each naming the file, the line or row, the key and what is wrong. Each
YAML file is read by :mod:`.yamlfile` and its structure checked by the schemas of
:mod:`.validation`; here are the number rules, the plausibility limits and the checks across
files (a known source, a page within it, a unit that fits its key).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..resources import DATA_DIR
from ..text import t
from . import schema, validation
from .yamlfile import (
    FLOAT_RE,
    INT_RE,
    MAX_FILE_BYTES,
    BadNumber,
    Budget,
    Msg,
    Problem,
    Where,
    read_yaml,
)
from .yamlfile import show as _show

DEFAULT_DATA_DIR = DATA_DIR

FIGURE_COLUMNS = [
    "area_id", "key", "instrument", "value", "unit", "vat", "qualifier", "period", "source",
    "source_kind", "page", "article", "url", "source_date", "quote", "note_nl", "note_en",
    "caveat_nl", "caveat_en", "see_also", "name", "file", "line",
]  # fmt: skip


# --- errors -------------------------------------------------------------------------------------


class DataError(ValueError):
    """A data folder that does not load. ``problems`` lists every fault found. ``str()`` is
    English; :meth:`text` is the whole refusal in the reader's language."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        n = len(self.problems)
        head = t("data.error.one" if n == 1 else "data.error.many", lang, n=n)
        return head + "".join(f"\n  - {p.text(lang)}" for p in self.problems)

    def __reduce__(self):
        return (DataError, (self.problems,))  # a copy in another process renders as this one


# --- limits -------------------------------------------------------------------------------------

MAX_FOLDER_BYTES = 1_000_000
"""Largest total of the data files of a folder (sources.yaml, areas.csv, national.yaml,
agreements/); the shipped ones are below 40 kB."""

MAX_PROBLEMS_PER_FILE = 100
"""Problems listed per file; the rest are counted."""


# --- small value parsers ------------------------------------------------------------------------


def _line(mapping: Any, key: Any) -> int | None:
    return getattr(mapping, "lines", {}).get(key)


def _where(mapping: Any, key: str, label: str = "key") -> Where:
    line = _line(mapping, key)
    return Where(("line", line), (label, _show(key))) if line else Where((label, _show(key)))


def parse_number(raw: Any) -> float:
    """A figure's value: an int, a decimal, or an exact fraction written as "3/4".

    Raises ValueError with the reason otherwise (thousands separators, currency signs, decimal
    commas, booleans, and what YAML 1.1 would read as a number in another way, such as octal
    07200000, hexadecimal 0x10, base-60 1:20:00 or 1_000, are refused, never guessed at).
    """
    if raw is None:
        raise ValueError(Msg("value.empty"))
    if isinstance(raw, bool):
        raise ValueError(Msg("value.not_number", value=repr(raw)))
    if isinstance(raw, BadNumber):
        raise ValueError(Msg("value.bad_number", value=_show(str(raw)), reason=raw.reason))
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and _is_plain_number(raw):
        raise ValueError(Msg("value.quoted", value=_show(raw)))
    elif isinstance(raw, str) and (m := schema.FRACTION_RE.match(raw)):
        parts = (m.group(1), m.group(2))
        if any(len(p) > schema.MAX_DIGITS or (len(p) > 1 and p[0] == "0") for p in parts):
            raise ValueError(Msg("value.fraction", value=_show(raw), most=schema.MAX_DIGITS))
        num, den = int(parts[0]), int(parts[1])
        if den == 0:
            raise ValueError(Msg("value.divides_by_zero", value=repr(raw)))
        value = num / den
    else:
        raise ValueError(Msg("value.not_a_number", value=_show(raw)))
    if not math.isfinite(value):
        raise ValueError(Msg("value.not_finite", value=_show(raw)))
    return value


def _is_plain_number(text: str) -> bool:
    """Would ``text`` be read as a number, were it not in quotes?"""
    return bool(INT_RE.match(text) or FLOAT_RE.match(text))


def _date_problem(raw: Any) -> tuple[str | None, Msg | str]:
    """(the date as text, "") or (None, what is wrong with it)."""
    if _is_int(raw):
        raw = str(raw)
    if not isinstance(raw, str) or isinstance(raw, BadNumber) or not schema.DATE_RE.match(raw):
        return None, Msg("date.form", value=_show(raw))
    year = int(raw[:4])
    low, high = schema.YEAR_RANGE
    if not low <= year <= high:
        return None, Msg("date.year", value=repr(raw), low=low, high=high)
    if len(raw) == 7 and not 1 <= int(raw[5:7]) <= 12:
        return None, Msg("date.month", value=repr(raw), month=raw[5:7])
    if len(raw) == 10:
        try:
            dt.date.fromisoformat(raw)
        except ValueError as exc:
            return None, Msg("date.calendar", value=repr(raw), error=exc)
    return raw, ""


def _period_text(raw: Any) -> str:
    if _is_int(raw):
        raw = str(raw)
    if not isinstance(raw, str) or isinstance(raw, BadNumber):
        raise ValueError(Msg("period.form", value=_show(raw)))
    if raw == schema.PERIOD_NOT_STATED:
        return raw
    m = schema.PERIOD_RE.match(raw)
    if not m:
        raise ValueError(Msg("period.form", value=_show(raw)))
    low, high = schema.YEAR_RANGE
    if any(y is not None and not low <= int(y) <= high for y in m.groups()):
        raise ValueError(Msg("period.years", value=repr(raw), low=low, high=high))
    if m.group(2) and int(m.group(2)) < int(m.group(1)):
        raise ValueError(Msg("period.backwards", value=repr(raw)))
    return raw


def _plausibility(value: float, raw: Any, spec: schema.KeySpec) -> Msg | None:
    """What is implausible about a figure's value for its unit (schema.UNIT_RANGES), or None."""
    rng = schema.UNIT_RANGES[spec.unit]
    low = -rng.high if spec.signed else rng.low
    shown = _show(raw)
    why = Msg(f"why.{spec.unit}")
    if spec.unit == "share" and not low <= value <= rng.high:
        return Msg("value.share", value=shown, low=f"{low:g}", high=f"{rng.high:g}", why=why)
    if value > rng.high:
        return Msg("value.above", value=shown, high=rng.high, unit=spec.unit, why=why)
    if value < low:
        return Msg("value.below", value=shown, low=low, unit=spec.unit, why=why)
    if rng.whole and value != int(value):
        return Msg("value.not_whole", value=shown, unit=spec.unit)
    return None


_LINE_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BLOCK_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _control_problems(entry: dict, fields: list[str]) -> list[tuple[str, Msg]]:
    """(field, why) for each text of ``fields`` that holds a control character (an escape code
    written as "\\e" in a double-quoted YAML string reaches a terminal raw) or a bidirectional
    override; a text in each language (a note, a caveat) may hold line breaks and tabs."""
    out = []
    for f in fields:
        raw = entry.get(f)
        for lang, text in raw.items() if isinstance(raw, dict) else [("", raw)]:
            found = (_BLOCK_CONTROL_RE if lang else _LINE_CONTROL_RE).search(str(text))
            if isinstance(text, str) and found:
                name = f"{f} {lang}" if lang else f
                char = f"#x{ord(found.group()):04x}"
                out.append((f, Msg("control", name=name, char=char)))
                break
    return out


def _text(raw: Any) -> str | None:
    """A text field as a plain str (None stays None)."""
    return None if raw is None else str(raw)


def _note(raw: Any, lang: str) -> str | None:
    """The note of one language (None without a note)."""
    return None if not isinstance(raw, dict) else _text(raw.get(lang))


def _is_int(raw: Any) -> bool:
    return isinstance(raw, int) and not isinstance(raw, bool)


# --- the loaded folder --------------------------------------------------------------------------


@dataclass
class Dataset:
    """A validated data folder."""

    data_dir: Path
    sources: dict[str, dict[str, Any]]
    areas: pd.DataFrame
    figures: pd.DataFrame
    signed: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    """area_id -> ``draft`` or ``reviewed`` (schema.STATUSES), for every area file."""
    key: str = ""
    """The content key of the folder (:func:`content_key`); empty until cached."""
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """Products derived from this folder, computed once: see :func:`derived`."""

    def derived(self, name: str, make):
        """``make(self)``, computed once per loaded folder and kept with it."""
        if name not in self.memo:
            self.memo[name] = make(self)
        return self.memo[name]


class _Collector:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.problems: list[Problem] = []
        self.broken_sources: set[str] = set()
        """Source ids of faulty entries (reported once; figures citing them are not)."""
        self.area_ids: set[str] = set()
        """Every area id in areas.csv, its row faulty or not."""
        self.areas_read = True
        """False when areas.csv could not be read at all."""
        self.budget = Budget()
        self.counts: dict[str, int] = {}
        self.status: dict[str, str] = {}
        """area_id -> status of its file (``reviewed`` where the file gives none)."""

    def cites(self, sid: Any, sources: dict[str, Any]) -> bool:
        """Is ``sid`` a source id (a faulty entry of sources.yaml counts: it is reported)?"""
        return isinstance(sid, str) and (sid in sources or sid in self.broken_sources)

    def shown(self, path: Path) -> str:
        return str(path)

    def add(self, path: Path, where: Where | str, message: Msg) -> None:
        shown = self.shown(path)
        self.counts[shown] = self.counts.get(shown, 0) + 1
        if self.counts[shown] <= MAX_PROBLEMS_PER_FILE:
            self.problems.append(Problem(shown, where, message))

    def room(self, path: Path) -> bool:
        """May another problem of this file still be listed?"""
        return self.counts.get(self.shown(path), 0) < MAX_PROBLEMS_PER_FILE

    def all_problems(self) -> list[Problem]:
        """The problems listed, and for each file with more, how many more."""
        more = [
            Problem(f, "", Msg("more_problems", n=n - MAX_PROBLEMS_PER_FILE))
            for f, n in self.counts.items()
            if n > MAX_PROBLEMS_PER_FILE
        ]
        return self.problems + more


def _load_sources(c: _Collector) -> dict[str, dict[str, Any]]:
    path = c.data_dir / "sources.yaml"
    if not path.exists():
        c.add(path, "", Msg("missing.sources"))
        return {}
    raw, problems = read_yaml(path, c.shown(path), c.budget)
    c.problems += problems
    if problems:
        return {}
    if found := validation.errors(raw, validation.SOURCES):
        c.add(path, "", found[0][1])
        return {}
    sources: dict[str, dict[str, Any]] = {}
    for sid, entry in raw.items():
        where = _where(raw, sid, "source")

        def at(f: str, entry: dict = entry, where: Where = where) -> Where:
            """The source with the line of its field ``f``."""
            return where.at_line(_line(entry, f))

        found = validation.errors(entry, validation.SOURCE)
        for fpath, message in found:
            c.add(path, at(fpath[0]) if fpath else where, message)
        if not isinstance(entry, dict):
            continue
        refused = {p[0] for p, _ in found if p}  # not checked again
        checked = [f for f in schema.SOURCE_FIELDS if f in entry and f not in refused]
        problems = _control_problems(entry, checked)
        url = entry.get("url")
        kind = entry.get("kind") if entry.get("kind") in schema.SOURCE_KINDS else None
        date, date_problem = _date_problem(entry.get("date")) if "date" in entry else (None, "")
        if date_problem:
            problems.append(("date", date_problem))
        if kind not in schema.PRIMARY_KINDS and kind is not None and not url:
            problems.append(("", Msg("source.needs_url", kind=kind)))
        starts = entry.get("page_starts")
        if isinstance(starts, list) and starts != sorted(set(starts)):
            problems.append(("page_starts", Msg("schema.rising")))
        for f in (f for f in ("text_file", "file") if f in checked and entry[f] is not None):
            if problem := _path_problem(c.data_dir, f, entry[f]):
                problems.append((f, problem))
        pages = entry.get("pages")
        if _is_int(pages) and isinstance(starts, list) and len(starts) != pages:
            problems.append(("pages", Msg("source.page_count", pages=pages, n=len(starts))))
        for f, problem in problems:
            c.add(path, at(f), problem)
        if found or problems:
            c.broken_sources.add(str(sid))
            continue
        sources[str(sid)] = {
            "id": str(sid),
            "kind": kind,
            "title": str(entry["title"]),
            "date": date,
            "url": _text(url),
            "publisher": _text(entry.get("publisher")),
            "note_nl": _note(entry.get("note"), "nl"),
            "note_en": _note(entry.get("note"), "en"),
            "text_file": _text(entry.get("text_file")),
            "page_starts": starts,
        }
    return sources


def _path_problem(data_dir: Path, field: str, rel: str) -> Msg | None:
    """What is wrong with a source's ``file`` or ``text_file`` (UTF-8 text): a path to a file
    inside the data folder."""
    target = data_dir / rel
    try:
        inside = target.resolve().is_relative_to(data_dir.resolve())
    except (OSError, RuntimeError, ValueError):
        inside = False
    if Path(rel).is_absolute() or not inside:
        return Msg("path.outside", field=field, value=_show(rel))
    if not target.is_file():
        return Msg("path.not_found", field=field, value=_show(rel))
    if field == "text_file":
        try:
            size = target.stat().st_size
            if size > 10 * MAX_FOLDER_BYTES:
                return Msg("path.too_large", field=field, value=_show(rel), size=size)
            target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            return Msg("path.not_utf8", field=field, value=_show(rel), error=exc)
    return None


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _area_entry(
    c: _Collector,
    path: Path,
    n: int,
    values: list[str],
    sources: dict[str, dict[str, Any]],
    seen: dict[str, int],
) -> dict[str, Any] | None:
    """Row ``n`` of areas.csv, checked; None (with the problems added) if it is faulty."""
    cols = list(schema.AREA_COLUMNS)
    if not any(v.strip() for v in values):
        return None
    if len(values) != len(cols):
        c.add(path, Where(("row", n)), Msg("csv.fields", n=len(values), expected=len(cols)))
        return None
    row: dict[str, Any] = dict(zip(cols, (v.strip() for v in values), strict=True))
    aid = row["area_id"]
    where = Where(("row", n), ("area_id", _show(aid)))
    problems = [(col, Msg("csv.control", char=f"#x{ord(bad[0]):04x}"))
                for col, v in row.items() if (bad := _CONTROL_RE.search(v))]  # fmt: skip
    problems += [(p[0], message) for p, message in validation.errors(row, validation.AREA_ROW)]
    if aid in seen:
        problems.append(("area_id", Msg("csv.duplicate", first=seen[aid])))
    elif aid == schema.NATIONAL:
        problems.append(("area_id", Msg("csv.reserved", value=repr(aid))))
    seen.setdefault(aid, n)
    c.area_ids.add(aid)
    for col in ("source", "status_source"):
        if row[col] not in sources and row[col] not in c.broken_sources:
            problems.append((col, Msg("csv.unknown_source", value=_show(row[col]))))
    for col, problem in problems:
        c.add(path, where + Where(("column", repr(col))), problem)
    if problems or {row["source"], row["status_source"]} & c.broken_sources:
        return None
    row |= {col: row[col].lower() == "true" for col in ("signed_2025", "orv_capaciteit_eligible")}
    row["status_page"] = int(row["status_page"])
    if row["orv_capaciteit_eligible"] and not row["signed_2025"]:
        where += Where(("column", repr("orv_capaciteit_eligible")))
        c.add(path, where, Msg("csv.eligible_unsigned"))
        return None
    return row


def _load_areas(c: _Collector, sources: dict[str, dict[str, Any]]) -> pd.DataFrame:
    path = c.data_dir / "areas.csv"
    cols = list(schema.AREA_COLUMNS)
    if not path.exists():
        c.add(path, "", Msg("missing.areas"))
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    n = 0  # the last row read
    try:
        data = path.read_bytes()
    except OSError as exc:
        c.add(path, "", Msg("file.unreadable", error=exc))
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    try:
        # utf-8-sig: a byte order mark (as spreadsheet programs write it) is not part of the
        # first column's name
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        c.add(path, Where(("line", line)), Msg("csv.not_utf8", reason=exc.reason, at=exc.start))
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        n = 1
        if header != cols:
            got = _show(header) if header is not None else Msg("csv.empty")
            where = Where(("row", 1), ("header", ""))
            c.add(path, where, Msg("csv.header", columns=",".join(cols), got=got))
            c.areas_read = False
            return pd.DataFrame(columns=cols)
        for n, values in enumerate(reader, start=2):
            row = _area_entry(c, path, n, values, sources, seen)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        where = Where(("row", n + 1), ("csv_line", reader.line_num))
        c.add(path, where, Msg("csv.invalid", error=exc))
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    areas = pd.DataFrame(rows, columns=cols)
    return areas.astype({"signed_2025": bool, "orv_capaciteit_eligible": bool})


def _figure_row(
    c: _Collector,
    path: Path,
    area_id: str,
    key: Any,
    entry: Any,
    where: str,
    sources: dict[str, dict[str, Any]],
) -> dict[str, Any] | None:
    spec = schema.key_spec(key) if isinstance(key, str) else None
    named = isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"].strip()
    if spec is not None and key not in schema.KEYS and not named:
        spec = None  # a line item of its own names itself; a typo ('orv.totaal.incl') does not
    if spec is None:
        close = (
            difflib.get_close_matches(str(key)[:100], list(schema.KEYS), n=1)
            if c.room(path)
            else []
        )
        if close:
            message = Msg("key.unknown_close", close=repr(close[0]))
        elif schema.line_item(key):
            message = Msg("key.unknown_line_item")
        else:
            message = Msg("key.unknown")
        c.add(path, where, message)
        return None
    national = area_id == schema.NATIONAL
    if spec.scope == "area" and national:
        c.add(path, where, Msg("key.area_figure"))
        return None
    if spec.scope == "national" and not national:
        c.add(path, where, Msg("key.national_figure"))
        return None

    def at(f: Any) -> Where:
        """The figure's key with the line of its field ``f``."""
        line = _line(entry, f)
        return Where(("line", line), ("key", _show(key))) if line else where

    found = validation.errors(entry, validation.FIGURE)
    for fpath, message in found:
        c.add(path, at(fpath[0]) if fpath else where, message)
    if found:
        return None
    ok = True
    try:
        value = parse_number(entry["value"])
    except ValueError as exc:
        c.add(path, at("value"), exc.args[0])
        return None
    raw_value = entry["value"]
    if value < 0 and not spec.signed:
        c.add(path, at("value"), Msg("value.negative", value=_show(raw_value)))
        ok = False
    unit = entry["unit"]
    if unit != spec.unit:
        c.add(path, at("unit"), Msg("unit.misfit", unit=repr(unit), expected=repr(spec.unit)))
        ok = False
    elif unit == "quarter" and value not in (1, 2, 3, 4):
        c.add(path, at("value"), Msg("value.quarter", value=_show(raw_value)))
        ok = False
    elif ok and (problem := _plausibility(value, raw_value, spec)):
        c.add(path, at("value"), problem)
        ok = False
    vat = entry["vat"]
    if vat not in spec.vat:
        allowed = ", ".join(sorted(spec.vat))
        c.add(path, at("vat"), Msg("vat.misfit", vat=repr(vat), allowed=allowed))
        ok = False
    try:
        period = _period_text(entry["period"])
    except ValueError as exc:
        c.add(path, at("period"), exc.args[0])
        ok = False
    qualifier = entry.get("qualifier", "exact")
    sid = entry["source"]
    source = sources.get(sid) if isinstance(sid, str) else None
    if source is None and c.cites(sid, sources):
        return None  # its entry in sources.yaml is faulty, and reported
    if source is None:
        c.add(path, at("source"), Msg("source.unknown", value=_show(sid)))
        return None
    page = entry.get("page")
    article = entry.get("article")
    if article is not None and source["kind"] not in schema.ARTICLE_KINDS:
        c.add(path, at("article"), Msg("figure.no_article", kind=source["kind"]))
        ok = False
    if page is None and article is None and source["kind"] in schema.ARTICLE_KINDS:
        c.add(path, where, Msg("figure.page_or_article", kind=source["kind"]))
        ok = False
    elif page is None and source["kind"] in schema.PRIMARY_KINDS - schema.ARTICLE_KINDS:
        c.add(path, where, Msg("figure.page", kind=source["kind"]))
        ok = False
    elif page is not None and source["page_starts"] and page > len(source["page_starts"]):
        pages = len(source["page_starts"])
        c.add(path, at("page"), Msg("figure.page_beyond", page=page, pages=pages, source=sid))
        ok = False
    see_also = entry.get("see_also", [])
    if not isinstance(see_also, list) or not all(c.cites(s, sources) for s in see_also):
        c.add(path, at("see_also"), Msg("figure.see_also", value=_show(see_also)))
        ok = False
        see_also = []
    for f, problem in _control_problems(entry, ["quote", "name", "note", "article", "caveat"]):
        c.add(path, at(f), problem)
        ok = False
    caveat = entry.get("caveat", {})
    if not ok:
        return None
    return {
        "area_id": area_id,
        "key": key,
        "instrument": schema.instrument_of(key),
        "value": value,
        "unit": unit,
        "vat": vat,
        "qualifier": qualifier,
        "period": period,
        "source": sid,
        "source_kind": source["kind"],
        "page": page,
        "article": _text(article),
        "url": source["url"],
        "source_date": source["date"],
        "quote": _text(entry.get("quote")),
        "note_nl": _note(entry.get("note"), "nl"),
        "note_en": _note(entry.get("note"), "en"),
        "caveat_nl": _text(caveat.get("nl")),
        "caveat_en": _text(caveat.get("en")),
        "see_also": "; ".join(see_also) if see_also else None,
        "name": _text(entry.get("name")),
        "file": str(path.relative_to(c.data_dir)),
        "line": _line(entry, "value") or _line(entry, "unit"),
    }


def _load_figure_file(
    c: _Collector,
    path: Path,
    area_id: str,
    sources: dict[str, dict[str, Any]],
    signed: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    raw, problems = read_yaml(path, c.shown(path), c.budget)
    c.problems += problems
    if problems:
        return []
    national = area_id == schema.NATIONAL
    found = validation.errors(raw, validation.figure_file(national))
    for fpath, message in found:
        if fpath[:1] == ("signed",) and len(fpath) == 2 and _line(raw["signed"], fpath[1]):
            line = _line(raw["signed"], fpath[1])
            where = Where(("line", line), ("key", repr("signed")), ("field", repr(fpath[1])))
        else:
            where = _where(raw, fpath[0], "field") if fpath else ""
        c.add(path, where, message)
    if not isinstance(raw, dict) or any(p[:1] == ("figures",) for p, _ in found):
        return []
    ok = not found
    if raw.get("area_id") != area_id:
        c.add(
            path,
            _where(raw, "area_id", "field"),
            Msg("file.area_id", value=_show(raw.get("area_id")), expected=repr(area_id)),
        )
        ok = False
    if not national:
        c.status[area_id] = raw.get("status", schema.STATUS_REVIEWED)
    s = raw.get("signed")
    if isinstance(s, dict) and not national:
        problems = []
        date, date_problem = _date_problem(s.get("date"))
        if date is not None and len(date) != 10:
            date_problem = Msg("signed.date", value=repr(date))
        if "date" in s and date_problem:
            problems.append(("date", date_problem))
        if "source" in s and not c.cites(s["source"], sources):
            problems.append(("source", Msg("source.unknown", value=_show(s["source"]))))
        for f, problem in problems:
            where = Where(("line", _line(s, f)), ("key", repr("signed")), ("field", repr(f)))
            c.add(path, where, problem)
        if problems or any(p[:1] == ("signed",) for p, _ in found):
            ok = False
        else:
            signed[area_id] = {"date": date, "place": str(s["place"]), "source": s["source"],
                               "page": s["page"]}  # fmt: skip
    figures = raw.get("figures") or {}
    rows = []
    for key, entry in figures.items():
        row = _figure_row(c, path, area_id, key, entry, _where(figures, key), sources)
        if row is not None:
            rows.append(row)
    by_key = {r["key"]: r for r in rows}
    for key in figures:
        for half, other in ((".low", ".high"), (".high", ".low")):
            if str(key).endswith(half) and key[: -len(half)] + other not in figures:
                c.add(
                    path,
                    _where(figures, key),
                    Msg("range.one_end", other=_show(key[: -len(half)] + other)),
                )
                ok = False
    for key, row in by_key.items():
        high = by_key.get(key[: -len(".low")] + ".high") if key.endswith(".low") else None
        if high is not None and row["value"] > high["value"]:
            c.add(
                path,
                Where(("line", row["line"]), ("key", repr(key))),
                Msg("range.low_above", low=row["value"], key=high["key"], high=high["value"]),
            )
            ok = False
    for aff, tot in schema.AFFORDABLE_WITHIN_TOTAL:
        if aff in by_key and tot in by_key and by_key[aff]["value"] > by_key[tot]["value"]:
            c.add(
                path,
                _where(figures, aff),
                Msg(
                    "range.affordable", n=by_key[aff]["value"], key=tot, total=by_key[tot]["value"]
                ),
            )
            ok = False
    return rows if ok else []


def _check_sizes(data_dir: Path) -> None:
    """Refuse a folder whose data files are too large to be data (MAX_FILE_BYTES,
    MAX_FOLDER_BYTES) before reading any of them."""
    files = [data_dir / n for n in ("sources.yaml", "areas.csv", "national.yaml")]
    agreements = data_dir / "agreements"
    if agreements.is_dir():
        files += [p for p in agreements.iterdir() if not p.name.startswith(".")]
    sizes = {}
    for p in files:
        try:
            if p.is_file():
                sizes[p] = p.stat().st_size
        except OSError:
            continue
    problems = [
        Problem(str(p), "", Msg("file.too_large", size=n, most=MAX_FILE_BYTES))
        for p, n in sizes.items()
        if n > MAX_FILE_BYTES
    ]
    total = sum(sizes.values())
    if not problems and total > MAX_FOLDER_BYTES:
        problems = [
            Problem(str(data_dir), "", Msg("folder.too_large", size=total, most=MAX_FOLDER_BYTES))
        ]
    if problems:
        raise DataError(problems[:MAX_PROBLEMS_PER_FILE])


LINK_PROBLEM = Msg("folder.link")


def _refuse_links(data_dir: Path) -> None:
    """Refuse a folder with a link in it (a linked file or folder anywhere below it)."""
    from .atomic import find_links

    links = find_links(data_dir)
    if links:
        shown = [Problem(str(data_dir / rel), "", LINK_PROBLEM) for rel in links]
        if len(shown) > MAX_PROBLEMS_PER_FILE:
            more = len(shown) - MAX_PROBLEMS_PER_FILE
            shown = shown[:MAX_PROBLEMS_PER_FILE]
            shown.append(Problem(str(data_dir), "", Msg("folder.more_links", n=more)))
        raise DataError(shown)


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate a whole data folder; raise :class:`DataError` listing every problem."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    c = _Collector(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), "", Msg("folder.not_a_folder"))])
    _refuse_links(data_dir)
    _check_sizes(data_dir)
    sources = _load_sources(c)
    areas = _load_areas(c, sources)
    known = c.area_ids
    signed: dict[str, dict[str, Any]] = {}

    rows: list[dict[str, Any]] = []
    national = data_dir / "national.yaml"
    if national.exists():
        rows += _load_figure_file(c, national, schema.NATIONAL, sources, signed)
    else:
        c.add(national, "", Msg("missing.national"))
    agreements = data_dir / "agreements"
    if agreements.is_dir():
        for path in sorted(agreements.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yaml":
                c.add(path, "", Msg("folder.not_yaml"))
                continue
            if c.areas_read and path.stem not in known:
                c.add(path, "", Msg("folder.unknown_area", name=repr(path.stem)))
                continue
            rows += _load_figure_file(c, path, path.stem, sources, signed)

    if c.problems:
        raise DataError(c.all_problems())
    figures = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    figures["page"] = figures["page"].astype("Int64")
    figures["line"] = figures["line"].astype("Int64")
    figures["value"] = figures["value"].astype(float)
    return Dataset(data_dir, sources, areas, figures, signed, dict(c.status))


_CACHE: dict[str, Dataset] = {}
"""The one cache of loaded data folders, keyed by the content of their files (see
:func:`content_key`) and the folder they are in (quotes are checked against its text files).
Products derived from a folder (its parameters, check findings, engine inputs) are kept in the
:attr:`Dataset.memo` of its entry, so they share the key."""

_STAT_KEYS: dict[Path, tuple[tuple, str]] = {}
"""(folder) -> (file sizes and mtimes, content key): avoids re-reading unchanged files."""


def _file_stats(data_dir: Path) -> list[tuple[str, int, int]]:
    """(path, mtime in ns, size) of every file under ``data_dir``, sorted by path: one
    ``os.scandir`` pass, one stat per file (this runs on every :func:`dataset` call)."""
    out = []
    todo = [str(data_dir)]
    while todo:
        try:
            entries = os.scandir(todo.pop())
        except OSError:  # an unreadable folder is left out, as by Path.rglob
            continue
        with entries:
            for entry in entries:
                if entry.is_symlink():  # refused by the loader; its coming or going counts
                    out.append((entry.path, 0, -1))
                elif entry.is_dir(follow_symlinks=False):
                    todo.append(entry.path)
                elif entry.is_file():
                    st = entry.stat()
                    out.append((entry.path, st.st_mtime_ns, st.st_size))
    return sorted(out, key=lambda s: s[0].split(os.sep))  # in the order of Path's parts


def content_key(data_dir: str | Path | None = None) -> str:
    """A SHA-256 over the names and bytes of every file in a data folder: two folders with the
    same files have the same key, and any change to any file changes it. A changed folder's
    data files are first checked for size (:class:`DataError` if one is too large to be data)."""
    import hashlib

    path = (Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR).resolve()
    stats = tuple(_file_stats(path)) if path.is_dir() else ()
    known = _STAT_KEYS.get(path)
    if known is not None and known[0] == stats:
        return known[1]
    if any(size == -1 for _, _, size in stats):
        _refuse_links(path)  # nothing is read through a link
    if path.is_dir():
        _check_sizes(path)  # a changed folder: an oversized data file is refused, not read
    digest = hashlib.sha256()
    for p in (Path(name) for name, _, _ in stats):
        digest.update(p.relative_to(path).as_posix().encode("utf-8") + b"\0")
        try:
            with p.open("rb") as fh:  # in blocks: a large stray file is not read into memory
                while block := fh.read(1 << 20):
                    digest.update(block)
        except OSError as exc:  # reported by the loader, if it is a data file
            digest.update(f"unreadable: {exc}".encode())
        digest.update(b"\0")
    key = digest.hexdigest()
    _STAT_KEYS[path] = (stats, key)
    return key


def dataset(data_dir: str | Path | None = None) -> Dataset:
    """:func:`load_dataset`, cached by the folder's content (re-read when any file changes)."""
    path = (Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR).resolve()
    if not path.is_dir():
        return load_dataset(path)  # raises the DataError
    key = content_key(path)
    hit = _CACHE.get(f"{key}:{path}")
    if hit is not None:
        return hit
    ds = load_dataset(path)
    ds.key = key
    if len(_CACHE) >= 8:  # a few folders at a time is plenty
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[f"{key}:{path}"] = ds
    return ds


def load_sources(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The sources register as a DataFrame indexed by source id."""
    ds = dataset(data_dir)
    cols = ["kind", "title", "publisher", "date", "url", "text_file", "note_nl", "note_en"]
    return pd.DataFrame.from_dict(ds.sources, orient="index")[cols].rename_axis("source")


def load_areas(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The NPLV areas: one row each, with whether it signed and may claim ORV and capaciteit."""
    return dataset(data_dir).areas.copy()


def area_status(area_id: str, data_dir: str | Path | None = None) -> str | None:
    """``draft`` or ``reviewed`` for an area with a file (schema.STATUSES), None without one."""
    return dataset(data_dir).status.get(area_id)


def load_figures(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every figure as one row (long format), with its unit, VAT basis, period and source.

    ``area_id`` is ``"national"`` for the programme and scheme figures.
    """
    return dataset(data_dir).figures.copy()
