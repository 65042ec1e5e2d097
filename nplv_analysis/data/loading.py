"""Reading and validating a data folder into tidy DataFrames.

A data folder holds::

    sources.yaml            the sources register (what each source id is, its URL/date or pages)
    areas.csv               the 20 NPLV areas
    national.yaml           programme and scheme figures
    agreements/<area>.yaml  one file per area: what its agreement (or, failing that, the press)
                            states about it

Everything is validated before anything is returned. All problems found are raised together in
one :class:`DataError`, each naming the file, the line or row, the key and what is wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import math
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from . import schema

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

FIGURE_COLUMNS = [
    "area_id",
    "key",
    "instrument",
    "value",
    "unit",
    "vat",
    "qualifier",
    "period",
    "source",
    "source_kind",
    "page",
    "article",
    "url",
    "source_date",
    "quote",
    "note",
    "caveat_nl",
    "caveat_en",
    "see_also",
    "file",
    "line",
]


# --- errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file."""

    file: str
    where: str  # "line 12, key 'orv.total.incl'" or "row 3 (area_id 'x'), column 'name'"
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}: {self.where}: {self.message}"
            if self.where
            else (f"{self.file}: {self.message}")
        )


class DataError(ValueError):
    """A data folder that does not load. ``problems`` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = "1 problem" if n == 1 else f"{n} problems"
        super().__init__(
            f"data folder does not load ({head}):\n" + "\n".join(f"  - {p}" for p in self.problems)
        )


# --- strict YAML --------------------------------------------------------------------------------


class _LineDict(dict):
    """A dict that remembers the line of each key in its YAML file."""

    lines: dict[Any, int]


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int, first_line: int):
        super().__init__(f"line {line}, key {key!r}: duplicated key (first at line {first_line})")


class _StrictLoader(yaml.SafeLoader):
    """yaml.SafeLoader that refuses duplicated keys and records the line of every key."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> _LineDict:
    loader.flatten_mapping(node)
    mapping = _LineDict()
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, f"line {line}: a key must be a plain value", key_node.start_mark
            )
        if key in mapping:
            raise _DuplicateKey(key, line, mapping.lines[key])
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path, shown: str) -> tuple[Any, list[Problem]]:
    """Parse a YAML file safely (no Python tags) and strictly (no duplicated keys)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, "", f"cannot be read: {exc}")]
    try:
        return yaml.load(text, Loader=_StrictLoader), []  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        return None, [Problem(shown, "", str(exc))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(shown, where, f"not valid YAML: {what}")]


# --- small value parsers ------------------------------------------------------------------------


def _line(mapping: Any, key: Any) -> int | None:
    return getattr(mapping, "lines", {}).get(key)


def _where(mapping: Any, key: str, label: str = "key") -> str:
    line = _line(mapping, key)
    return f"line {line}, {label} {key!r}" if line else f"{label} {key!r}"


def parse_number(raw: Any) -> float:
    """A figure's value: an int, a float, or an exact fraction written as "3/4".

    Raises ValueError with the reason otherwise (thousands separators, currency signs, decimal
    commas and booleans are refused, never guessed at).
    """
    if raw is None:
        raise ValueError("value is empty")
    if isinstance(raw, bool):
        raise ValueError(f"value {raw!r} is not a number")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and _is_plain_number(raw):
        raise ValueError(f"value {raw!r} is written as text (in quotes); remove the quotes")
    elif isinstance(raw, str) and (m := schema.FRACTION_RE.match(raw)):
        num, den = int(m.group(1)), int(m.group(2))
        if den == 0:
            raise ValueError(f"value {raw!r} divides by zero")
        value = num / den
    else:
        raise ValueError(
            f"value {raw!r} is not a number (write plain digits such as 7500000 or 0.05, or a "
            "fraction such as 3/4; no thousands separators, decimal commas or currency signs)"
        )
    if not math.isfinite(value):
        raise ValueError(f"value {raw!r} is not a finite number")
    return value


def _is_plain_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _date_text(raw: Any) -> str | None:
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, int):
        raw = str(raw)
    if isinstance(raw, str) and schema.DATE_RE.match(raw):
        return raw
    return None


def _period_text(raw: Any) -> str:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueError(f"period {raw!r} must be a year (2025), a span (2025-2029) or not_stated")
    if raw == schema.PERIOD_NOT_STATED:
        return raw
    m = schema.PERIOD_RE.match(raw)
    if not m:
        raise ValueError(f"period {raw!r} must be a year (2025), a span (2025-2029) or not_stated")
    if m.group(2) and int(m.group(2)) < int(m.group(1)):
        raise ValueError(f"period {raw!r} ends before it starts")
    return raw


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

    def shown(self, path: Path) -> str:
        return str(path)

    def add(self, path: Path, where: str, message: str) -> None:
        self.problems.append(Problem(self.shown(path), where, message))


def _load_sources(c: _Collector) -> dict[str, dict[str, Any]]:
    path = c.data_dir / "sources.yaml"
    if not path.exists():
        c.add(path, "", "missing file (the sources register)")
        return {}
    raw, problems = read_yaml(path, c.shown(path))
    c.problems += problems
    if problems:
        return {}
    if not isinstance(raw, dict):
        c.add(path, "", "must be a mapping of source id -> source")
        return {}
    sources: dict[str, dict[str, Any]] = {}
    for sid, entry in raw.items():
        where = _where(raw, sid, "source")
        if not isinstance(entry, dict):
            c.add(path, where, "must be a mapping of fields")
            continue
        bad = False
        for f in entry:
            if f not in schema.SOURCE_FIELDS:
                c.add(
                    path, where, f"unknown field {f!r} (allowed: {', '.join(schema.SOURCE_FIELDS)})"
                )
                bad = True
        for f in schema.SOURCE_REQUIRED:
            if f not in entry:
                c.add(path, where, f"missing field {f!r}")
                bad = True
        kind = entry.get("kind")
        if kind is not None and kind not in schema.SOURCE_KINDS:
            c.add(path, where, f"unknown kind {kind!r} (allowed: {', '.join(schema.SOURCE_KINDS)})")
            bad = True
        date = _date_text(entry.get("date")) if "date" in entry else None
        if "date" in entry and date is None:
            c.add(path, where, f"date {entry['date']!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
            bad = True
        if kind not in schema.PRIMARY_KINDS and kind is not None and not entry.get("url"):
            c.add(path, where, f"a {kind} needs its url")
            bad = True
        starts = entry.get("page_starts")
        if starts is not None and not (
            isinstance(starts, list)
            and starts
            and all(_is_int(s) and s >= 1 for s in starts)
            and starts == sorted(set(starts))
        ):
            c.add(path, where, "page_starts must be a rising list of line numbers")
            bad = True
        text_file = entry.get("text_file")
        if text_file is not None and not (c.data_dir / str(text_file)).is_file():
            c.add(path, where, f"text_file {text_file!r} not found in the data folder")
            bad = True
        if bad:
            continue
        sources[str(sid)] = {
            "id": str(sid),
            "kind": kind,
            "title": str(entry["title"]),
            "date": date,
            "url": entry.get("url"),
            "publisher": entry.get("publisher"),
            "note": entry.get("note"),
            "text_file": text_file,
            "page_starts": starts,
        }
    return sources


_TRUE_FALSE = {"true": True, "false": False}


def _load_areas(c: _Collector, sources: dict[str, dict[str, Any]]) -> pd.DataFrame:
    path = c.data_dir / "areas.csv"
    cols = list(schema.AREA_COLUMNS)
    if not path.exists():
        c.add(path, "", "missing file (the list of NPLV areas)")
        return pd.DataFrame(columns=cols)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != cols:
            c.add(path, "row 1 (header)", f"columns must be exactly {','.join(cols)}; got {header}")
            return pd.DataFrame(columns=cols)
        rows: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for n, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(cols):
                c.add(path, f"row {n}", f"has {len(values)} fields, expected {len(cols)}")
                continue
            row: dict[str, Any] = dict(zip(cols, (v.strip() for v in values), strict=True))
            aid = row["area_id"]
            where = f"row {n} (area_id {aid!r})"
            ok = True
            if not schema.AREA_ID_RE.match(aid):
                c.add(
                    path,
                    where + ", column 'area_id'",
                    "must be a lower-case slug like heerlen-noord",
                )
                ok = False
            elif aid in seen:
                c.add(path, where + ", column 'area_id'", f"duplicated (first in row {seen[aid]})")
                ok = False
            elif aid == schema.NATIONAL:
                c.add(
                    path, where + ", column 'area_id'", f"{aid!r} is reserved for national figures"
                )
                ok = False
            seen.setdefault(aid, n)
            for col in ("name", "municipality"):
                if not row[col]:
                    c.add(path, where + f", column {col!r}", "is empty")
                    ok = False
            for col in ("signed_2025", "orv_capaciteit_eligible"):
                if row[col].lower() not in _TRUE_FALSE:
                    c.add(path, where + f", column {col!r}", f"{row[col]!r} must be true or false")
                    ok = False
                else:
                    row[col] = _TRUE_FALSE[row[col].lower()]
            for col in ("source", "status_source"):
                if row[col] not in sources:
                    c.add(path, where + f", column {col!r}", f"unknown source id {row[col]!r}")
                    ok = False
            if not row["status_page"].isdigit() or int(row["status_page"]) < 1:
                c.add(path, where + ", column 'status_page'", "must be a page number")
                ok = False
            else:
                row["status_page"] = int(row["status_page"])
            if ok and row["orv_capaciteit_eligible"] and not row["signed_2025"]:
                c.add(
                    path,
                    where + ", column 'orv_capaciteit_eligible'",
                    "an area that did not sign cannot be eligible",
                )
                ok = False
            if ok:
                rows.append(row)
    areas = pd.DataFrame(rows, columns=cols)
    return areas.astype({"signed_2025": bool, "orv_capaciteit_eligible": bool})


def _check_fields(
    c: _Collector, path: Path, mapping: dict, where: str, allowed: tuple[str, ...]
) -> bool:
    ok = True
    for f in mapping:
        if f not in allowed:
            c.add(path, where, f"unknown field {f!r} (allowed: {', '.join(allowed)})")
            ok = False
    return ok


def _figure_row(
    c: _Collector,
    path: Path,
    area_id: str,
    key: Any,
    entry: Any,
    where: str,
    sources: dict[str, dict[str, Any]],
) -> dict[str, Any] | None:
    spec = schema.KEYS.get(key) if isinstance(key, str) else None
    if spec is None:
        close = difflib.get_close_matches(str(key), list(schema.KEYS), n=1)
        hint = (
            f"; did you mean {close[0]!r}?" if close else " (the keys are listed in data/README.md)"
        )
        c.add(path, where, f"unknown figure key{hint}")
        return None
    national = area_id == schema.NATIONAL
    if spec.scope == "area" and national:
        c.add(path, where, "is an area figure; it belongs in agreements/<area>.yaml")
        return None
    if spec.scope == "national" and not national:
        c.add(path, where, "is a national figure; it belongs in national.yaml")
        return None
    if not isinstance(entry, dict):
        c.add(path, where, "must be a mapping of fields (value, unit, vat, period, source, ...)")
        return None
    ok = _check_fields(c, path, entry, where, schema.FIGURE_FIELDS)
    for f in schema.FIGURE_REQUIRED:
        if f not in entry:
            c.add(path, where, f"missing field {f!r}")
            ok = False
    if not ok:
        return None

    try:
        value = parse_number(entry["value"])
    except ValueError as exc:
        c.add(path, where, str(exc))
        return None
    if value < 0 and not spec.signed:
        c.add(path, where, f"value {entry['value']!r} is negative; amounts and counts cannot be")
        ok = False
    unit = entry["unit"]
    if unit not in schema.UNITS:
        c.add(path, where, f"unknown unit {unit!r} (allowed: {', '.join(schema.UNITS)})")
        ok = False
    elif unit != spec.unit:
        c.add(path, where, f"unit {unit!r} does not fit this key (expected {spec.unit!r})")
        ok = False
    elif unit == "quarter" and value not in (1, 2, 3, 4):
        c.add(path, where, f"value {entry['value']!r} is not a quarter (1, 2, 3 or 4)")
        ok = False
    vat = entry["vat"]
    if vat not in schema.VAT_BASES:
        c.add(path, where, f"unknown VAT basis {vat!r} (allowed: {', '.join(schema.VAT_BASES)})")
        ok = False
    elif vat not in spec.vat:
        allowed = ", ".join(sorted(spec.vat))
        c.add(path, where, f"VAT basis {vat!r} does not fit this key (allowed: {allowed})")
        ok = False
    try:
        period = _period_text(entry["period"])
    except ValueError as exc:
        c.add(path, where, str(exc))
        ok = False
    qualifier = entry.get("qualifier", "exact")
    if qualifier not in schema.QUALIFIERS:
        c.add(
            path,
            where,
            f"unknown qualifier {qualifier!r} (allowed: {', '.join(schema.QUALIFIERS)})",
        )
        ok = False
    sid = entry["source"]
    source = sources.get(sid) if isinstance(sid, str) else None
    if source is None:
        c.add(path, where, f"unknown source id {sid!r} (see sources.yaml)")
        return None
    page = entry.get("page")
    article = entry.get("article")
    if article is not None and not (isinstance(article, str) and article.strip()):
        c.add(path, where, f"article {article!r} must be text, e.g. '9 lid 1'")
        ok = False
    elif article is not None and source["kind"] not in schema.ARTICLE_KINDS:
        c.add(path, where, f"a figure from a {source['kind']} names its page, not an article")
        ok = False
    if page is not None and not (_is_int(page) and page >= 1):
        c.add(path, where, f"page {page!r} must be a page number")
        ok = False
    elif page is None and article is None and source["kind"] in schema.ARTICLE_KINDS:
        c.add(
            path,
            where,
            f"missing field 'page' or 'article' (required for a figure from a {source['kind']})",
        )
        ok = False
    elif page is None and source["kind"] in schema.PRIMARY_KINDS - schema.ARTICLE_KINDS:
        c.add(path, where, f"missing field 'page' (required for a figure from a {source['kind']})")
        ok = False
    elif page is not None and source["page_starts"] and page > len(source["page_starts"]):
        c.add(path, where, f"page {page} beyond the {len(source['page_starts'])} pages of {sid}")
        ok = False
    see_also = entry.get("see_also", [])
    if not isinstance(see_also, list) or any(s not in sources for s in see_also):
        c.add(path, where, f"see_also {see_also!r} must list known source ids")
        ok = False
    for f in ("quote", "note"):
        if f in entry and not isinstance(entry[f], str):
            c.add(path, where, f"{f} must be text")
            ok = False
    caveat = entry.get("caveat", {})
    if (
        not isinstance(caveat, dict)
        or set(caveat) != ({"nl", "en"} if caveat else set())
        or not all(isinstance(v, str) and v.strip() for v in caveat.values())
    ):
        c.add(path, where, "caveat must give the text in both languages: {nl: ..., en: ...}")
        ok = False
        caveat = {}
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
        "article": article,
        "url": source["url"],
        "source_date": source["date"],
        "quote": entry.get("quote"),
        "note": entry.get("note"),
        "caveat_nl": caveat.get("nl"),
        "caveat_en": caveat.get("en"),
        "see_also": "; ".join(see_also) if see_also else None,
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
    raw, problems = read_yaml(path, c.shown(path))
    c.problems += problems
    if problems:
        return []
    if not isinstance(raw, dict):
        c.add(path, "", "must be a mapping with area_id and figures")
        return []
    national = area_id == schema.NATIONAL
    allowed = schema.FILE_FIELDS_NATIONAL if national else schema.FILE_FIELDS_AREA
    ok = True
    for f in raw:
        if f not in allowed:
            c.add(
                path,
                _where(raw, f, "field"),
                f"unknown top-level field (allowed: {', '.join(allowed)})",
            )
            ok = False
    if raw.get("area_id") != area_id:
        c.add(
            path,
            _where(raw, "area_id", "field"),
            f"area_id {raw.get('area_id')!r} does not match the file (expected {area_id!r})",
        )
        ok = False
    if "signed" in raw and not national:
        s = raw["signed"]
        sw = _where(raw, "signed", "field")
        if not isinstance(s, dict):
            c.add(path, sw, "must be a mapping of date, place, source, page")
            ok = False
        elif _check_fields(c, path, s, sw, schema.SIGNED_FIELDS):
            date = _date_text(s.get("date"))
            if date is None or s.get("source") not in sources or not _is_int(s.get("page")):
                c.add(path, sw, "needs a date (YYYY-MM-DD), a place, a known source and its page")
                ok = False
            else:
                signed[area_id] = {
                    "date": date,
                    "place": s.get("place"),
                    "source": s["source"],
                    "page": s["page"],
                }
        else:
            ok = False
    figures = raw.get("figures")
    if figures is None:
        figures = {}
    if not isinstance(figures, dict):
        c.add(path, _where(raw, "figures", "field"), "must be a mapping of key -> figure")
        return []
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
                    f"has no {key[: -len(half)] + other!r}: a range needs both ends (for a "
                    "one-sided figure use the key without .low/.high and qualifier at_least "
                    "or at_most)",
                )
                ok = False
    for aff, tot in schema.AFFORDABLE_WITHIN_TOTAL:
        if aff in by_key and tot in by_key and by_key[aff]["value"] > by_key[tot]["value"]:
            c.add(
                path,
                _where(figures, aff),
                f"affordable homes ({by_key[aff]['value']:,.0f}) exceed all homes "
                f"({tot} = {by_key[tot]['value']:,.0f})",
            )
            ok = False
    return rows if ok else []


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate a whole data folder; raise :class:`DataError` listing every problem."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    c = _Collector(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), "", "is not a folder")])
    sources = _load_sources(c)
    areas = _load_areas(c, sources)
    known = set(areas["area_id"])
    signed: dict[str, dict[str, Any]] = {}

    rows: list[dict[str, Any]] = []
    national = data_dir / "national.yaml"
    if national.exists():
        rows += _load_figure_file(c, national, schema.NATIONAL, sources, signed)
    else:
        c.add(national, "", "missing file (the national figures)")
    agreements = data_dir / "agreements"
    if agreements.is_dir():
        for path in sorted(agreements.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yaml":
                c.add(path, "", "not a .yaml file; agreements/ holds only <area_id>.yaml files")
                continue
            if path.stem not in known:
                c.add(path, "", f"file name {path.stem!r} is not a known area (see areas.csv)")
                continue
            rows += _load_figure_file(c, path, path.stem, sources, signed)

    if c.problems:
        raise DataError(c.problems)
    figures = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    figures["page"] = figures["page"].astype("Int64")
    figures["line"] = figures["line"].astype("Int64")
    figures["value"] = figures["value"].astype(float)
    return Dataset(data_dir, sources, areas, figures, signed)


_CACHE: dict[str, Dataset] = {}
"""The one cache of loaded data folders, keyed by the content of their files (see
:func:`content_key`) and the folder they are in (quotes are checked against its text files).
Products derived from a folder (its parameters, check findings, engine inputs) are kept in the
:attr:`Dataset.memo` of its entry, so they share the key."""

_STAT_KEYS: dict[Path, tuple[tuple, str]] = {}
"""(folder) -> (file sizes and mtimes, content key): avoids re-reading unchanged files."""


def _files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*") if p.is_file())


def content_key(data_dir: str | Path | None = None) -> str:
    """A SHA-256 over the names and bytes of every file in a data folder: two folders with the
    same files have the same key, and any change to any file changes it."""
    import hashlib

    path = (Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR).resolve()
    files = _files(path) if path.is_dir() else []
    stats = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    known = _STAT_KEYS.get(path)
    if known is not None and known[0] == stats:
        return known[1]
    digest = hashlib.sha256()
    for p in files:
        digest.update(p.relative_to(path).as_posix().encode("utf-8") + b"\0")
        digest.update(p.read_bytes() + b"\0")
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
    cols = ["kind", "title", "publisher", "date", "url", "text_file", "note"]
    return pd.DataFrame.from_dict(ds.sources, orient="index")[cols].rename_axis("source")


def load_areas(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The NPLV areas: one row each, with whether it signed and may claim ORV and capaciteit."""
    return dataset(data_dir).areas.copy()


def load_figures(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Every figure as one row (long format), with its unit, VAT basis, period and source.

    ``area_id`` is ``"national"`` for the programme and scheme figures.
    """
    return dataset(data_dir).figures.copy()
