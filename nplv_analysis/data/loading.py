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
import io
import math
import os
import re
from collections.abc import Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..resources import DATA_DIR
from . import schema, validation

DEFAULT_DATA_DIR = DATA_DIR

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
    "note_nl",
    "note_en",
    "caveat_nl",
    "caveat_en",
    "see_also",
    "name",
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
#
# Data files use a small, safe part of YAML. Numbers are written one way: decimal digits with an
# optional minus sign and decimal point (7500000, 0.05, -0.30). Everything YAML 1.1 (or 1.2)
# would also read as a number (07200000 as octal 1900544, 0x10, 0b101, 1:20:00 as 4800, 1_000,
# 1e5, .inf, .nan, +5) is kept as the text it is and refused wherever a number is expected, with
# the reason. Only true/false are booleans and only ~/null/empty is empty: yes, no, on, off and
# dates stay text (dates are checked where they are used); "<<" is a plain key, not a merge.
# Anchors, aliases and tags are refused while the file is read, before anything is built from
# them, and so are nesting deeper than MAX_DEPTH and more than MAX_NODES values.

MAX_DEPTH = 10
"""Deepest nesting of lists and mappings in a data file (the files need 4)."""

MAX_FILE_BYTES = 256_000
"""Largest data file (YAML or CSV); the shipped ones are below 12 kB."""

MAX_FOLDER_BYTES = 1_000_000
"""Largest total of the data files of a folder (sources.yaml, areas.csv, national.yaml,
agreements/); the shipped ones are below 40 kB."""

MAX_NODES = 50_000
"""Most values (lists, mappings, numbers, texts) in the YAML files of a folder together; the
shipped ones hold about 1,600. With the byte limits, this keeps reading any folder to about a
second (pure-Python YAML reads some 50,000 values a second)."""

MAX_PROBLEMS_PER_FILE = 100
"""Problems listed per file; the rest are counted."""


class Budget:
    """The values a folder's YAML files may still hold (:data:`MAX_NODES`)."""

    def __init__(self, nodes: int = MAX_NODES):
        self.nodes = nodes


_SHOWN = 60


def _show(raw: Any) -> str:
    """``repr(raw)``, cut short: a message never echoes a whole list or a long text."""
    if isinstance(raw, list | dict) and len(raw) > 10:
        return f"a {type(raw).__name__} of {len(raw)} items"
    text = repr(raw)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 5] + "...'"


_DIGITS = f"(?:0|[1-9][0-9]{{0,{schema.MAX_DIGITS - 1}}})"
_INT_RE = re.compile(rf"^-?{_DIGITS}$")
_FLOAT_RE = re.compile(rf"^-?{_DIGITS}\.[0-9]{{1,{schema.MAX_DIGITS}}}$")
_NUMBER_LIKE_RE = re.compile(
    r"""^(?:
        [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9_]*)?  # 1.1 and 1.2
      | [-+]?\.[0-9_]+(?:[eE][-+]?[0-9_]*)?                                 # .5, .5e3
      | [-+]?0[xX][0-9a-fA-F_]*                                           # hexadecimal
      | [-+]?0[oO][0-7_]*                                                 # octal (1.2)
      | [-+]?0[bB][01_]*                                                  # binary
      | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)                         # infinity, NaN
    )$""",
    re.VERBOSE,
)
"""Everything a YAML 1.1 or 1.2 reader may take for a number (and a little more)."""


class BadNumber(str):
    """A plain scalar that YAML would read as a number, but not written the one accepted way.
    It is the text as written; ``reason`` says why it is not a number here."""

    reason: str

    def __new__(cls, text: str, reason: str) -> BadNumber:
        self = super().__new__(cls, text)
        self.reason = reason
        return self

    def __reduce__(self):
        return (BadNumber, (str(self), self.reason))


def _bad_number_reason(text: str) -> str:
    body = text.lstrip("+-")
    low = body.lower()
    sign = "-" if text.startswith("-") else ""
    if low in (".inf", ".nan"):
        return "infinity and NaN are not figures"
    if low.startswith("0x"):
        return "a hexadecimal number (YAML reads 0x10 as 16); write decimal digits"
    if low.startswith("0o"):
        return "an octal number; write decimal digits"
    if low.startswith("0b"):
        return "a binary number; write decimal digits"
    if "_" in body:
        plain = sign + body.replace("_", "")
        return f"digit separators (_) are not allowed (YAML 1.1 reads 1_000 as 1000); write {plain}"
    if ":" in body:
        return "a base-60 number (YAML 1.1 reads 1:20:00 as 4800); write decimal digits"
    if "e" in low:
        return "exponent notation is not allowed; write all digits, such as 1500000000"
    if text.startswith("+"):
        return f"a plus sign is not allowed; write {body}"
    if body.startswith("."):
        return f"write a digit before the point: {sign}0{body}"
    if body.endswith("."):
        return f"write no point, or a digit after it: {sign}{body[:-1]}"
    if len(body) > 1 and body[0] == "0" and body[1].isdigit():
        octal = ""
        if set(body) <= set("01234567"):
            octal = f" (YAML 1.1 reads it as the octal number {int(body, 8):,})"
        return f"a leading zero is not allowed{octal}; write {sign}{body.lstrip('0') or '0'}"
    if any(len(part) > schema.MAX_DIGITS for part in body.split(".")):
        return f"more than {schema.MAX_DIGITS} digits; far beyond any figure"
    return "not a plain decimal number; write digits, a point and digits (7500000, 0.05)"


class _Refused(yaml.YAMLError):
    """Something a data file may not contain, found while reading it (before building it)."""

    def __init__(self, line: int, keys: list[str], message: str):
        super().__init__(message)
        self.line = line
        self.keys = keys
        self.message = message


class _LineDict(dict):
    """A dict that remembers the line of each key in its YAML file."""

    lines: dict[Any, int]


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int, first_line: int):
        super().__init__(
            f"line {line}, key {_show(key)}: duplicated key (first at line {first_line})"
        )


class _DataResolver(yaml.resolver.BaseResolver):
    """The implicit types of a data file: see the comment above."""


for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", _INT_RE.pattern, "-0123456789"),
    ("float", _FLOAT_RE.pattern, "-0123456789"),
    ("badnumber", _NUMBER_LIKE_RE.pattern, "-+.0123456789"),
):
    _DataResolver.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}" if _tag != "badnumber" else "tag:nplv:badnumber",
        re.compile(_regexp, re.VERBOSE if _tag == "badnumber" else 0),
        list(_first),
    )


def _tag_text(tag: Any) -> str:
    """A tag as it is written: !!int for tag:yaml.org,2002:int."""
    text = str(tag)
    if text.startswith("tag:yaml.org,2002:"):
        text = "!!" + text[len("tag:yaml.org,2002:") :]
    return text if len(text) <= 40 else text[:37] + "..."


class _DataComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing anchors, aliases, explicit tags and deep nesting as soon as
    it meets them, and keeping the keys it is in (for the messages)."""

    def __init__(self, budget: Budget | None = None) -> None:
        super().__init__()
        self._budget = budget if budget is not None else Budget()
        self._keys: list[str] = []
        self._depth = 0

    def _refuse(self, event: Any, message: str) -> None:
        raise _Refused(event.start_mark.line + 1, list(self._keys), message)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self._refuse(
                event,
                f"an alias (*{str(event.anchor)[:20]}) is not allowed in a data file; write the "
                "value itself",
            )
        if getattr(event, "anchor", None) is not None:
            self._refuse(
                event,
                f"an anchor (&{str(event.anchor)[:20]}) is not allowed in a data file; anchors "
                "and aliases have no use here",
            )
        if getattr(event, "tag", None) is not None:
            self._refuse(
                event,
                f"not valid YAML for a data file: a tag ({_tag_text(event.tag)}) is not allowed; "
                "write plain values (text in quotes where it could be read as something else)",
            )
        if self._depth >= MAX_DEPTH and not isinstance(event, yaml.ScalarEvent):
            self._refuse(event, f"nested deeper than {MAX_DEPTH} levels")
        self._budget.nodes -= 1
        if self._budget.nodes < 0:
            self._refuse(
                event,
                f"the data folder holds more than {MAX_NODES:,} values; data files are small "
                "(is this the right file?)",
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        start_event = self.get_event()
        tag = self.resolve(yaml.MappingNode, None, start_event.implicit)
        node = yaml.MappingNode(
            tag, [], start_event.start_mark, None, flow_style=start_event.flow_style
        )
        while not self.check_event(yaml.MappingEndEvent):
            item_key = self.compose_node(node, None)
            shown = item_key.value if isinstance(item_key, yaml.ScalarNode) else "?"
            self._keys.append(shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "...")
            try:
                item_value = self.compose_node(node, item_key)
            finally:
                self._keys.pop()
            node.value.append((item_key, item_value))
        end_event = self.get_event()
        node.end_mark = end_event.end_mark
        return node


class _StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _DataComposer,
    yaml.constructor.SafeConstructor,
    _DataResolver,
):
    """A safe YAML loader for data files: no Python tags, no duplicated keys, the line of every
    key recorded, numbers only as decimal digits (see the comment above)."""

    def __init__(self, stream: str, budget: Budget | None = None) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _DataComposer.__init__(self, budget)
        yaml.constructor.SafeConstructor.__init__(self)
        _DataResolver.__init__(self)


# A fresh table of constructors: only the types the resolver above produces.
_StrictLoader.yaml_constructors = {}


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict()
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, Hashable):
            raise _Refused(line, [], "a key must be a plain value, not a list or mapping")
        if key in mapping:
            raise _DuplicateKey(key, line, mapping.lines[key])
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


def _construct_bad_number(loader: _StrictLoader, node: yaml.ScalarNode) -> BadNumber:
    return BadNumber(node.value, _bad_number_reason(node.value))


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node, deep=True)
)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:str", yaml.constructor.SafeConstructor.construct_yaml_str
)
_StrictLoader.add_constructor("tag:yaml.org,2002:null", lambda loader, node: None)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:bool", lambda loader, node: node.value.lower() == "true"
)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(node.value))
_StrictLoader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: float(node.value))
_StrictLoader.add_constructor("tag:nplv:badnumber", _construct_bad_number)


def _where_keys(line: int, keys: list[str]) -> str:
    if len(keys) >= 2 and keys[0] == "figures":
        keys = keys[1:]
    if len(keys) >= 2:
        return f"line {line}, key {keys[-2]!r}, field {keys[-1]!r}"
    if keys:
        return f"line {line}, key {keys[-1]!r}"
    return f"line {line}"


def read_yaml(path: Path, shown: str, budget: Budget | None = None) -> tuple[Any, list[Problem]]:
    """Parse a YAML data file safely (no Python tags) and strictly (see the comment above)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(shown, "", f"is {size:,} bytes; a data file is at most {MAX_FILE_BYTES:,}")
            ]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, "", f"cannot be read: {exc}")]
    loader = None
    try:
        loader = _StrictLoader(text, budget)
        return loader.get_single_data(), []
    except _Refused as exc:
        return None, [Problem(shown, _where_keys(exc.line, exc.keys), exc.message)]
    except _DuplicateKey as exc:
        return None, [Problem(shown, "", str(exc))]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        return None, [
            Problem(
                shown,
                f"line {line}",
                f"not valid YAML: character #x{exc.character:04x} is not allowed ({exc.reason})",
            )
        ]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(shown, where, f"not valid YAML: {str(what)[:200]}")]
    finally:
        if loader is not None:
            loader.dispose()


# --- small value parsers ------------------------------------------------------------------------


def _line(mapping: Any, key: Any) -> int | None:
    return getattr(mapping, "lines", {}).get(key)


def _where(mapping: Any, key: str, label: str = "key") -> str:
    line = _line(mapping, key)
    return f"line {line}, {label} {_show(key)}" if line else f"{label} {_show(key)}"


def parse_number(raw: Any) -> float:
    """A figure's value: an int, a decimal, or an exact fraction written as "3/4".

    Raises ValueError with the reason otherwise (thousands separators, currency signs, decimal
    commas, booleans, and what YAML 1.1 would read as a number in another way, such as octal
    07200000, hexadecimal 0x10, base-60 1:20:00 or 1_000, are refused, never guessed at).
    """
    if raw is None:
        raise ValueError("value is empty")
    if isinstance(raw, bool):
        raise ValueError(f"value {raw!r} is not a number")
    if isinstance(raw, BadNumber):
        raise ValueError(f"value {_show(str(raw))} is not a plain decimal number: {raw.reason}")
    if isinstance(raw, int | float):
        value = float(raw)
    elif isinstance(raw, str) and _is_plain_number(raw):
        raise ValueError(f"value {_show(raw)} is written as text (in quotes); remove the quotes")
    elif isinstance(raw, str) and (m := schema.FRACTION_RE.match(raw)):
        parts = (m.group(1), m.group(2))
        if any(len(p) > schema.MAX_DIGITS or (len(p) > 1 and p[0] == "0") for p in parts):
            raise ValueError(
                f"value {_show(raw)}: write the fraction with plain numbers, such as 2/3 "
                f"(no leading zeros, at most {schema.MAX_DIGITS} digits)"
            )
        num, den = int(parts[0]), int(parts[1])
        if den == 0:
            raise ValueError(f"value {raw!r} divides by zero")
        value = num / den
    else:
        raise ValueError(
            f"value {_show(raw)} is not a number (write plain digits such as 7500000 or 0.05, "
            "or a fraction such as 3/4; no thousands separators, decimal commas or currency "
            "signs)"
        )
    if not math.isfinite(value):
        raise ValueError(f"value {_show(raw)} is not a finite number")
    return value


def _is_plain_number(text: str) -> bool:
    """Would ``text`` be read as a number, were it not in quotes?"""
    return bool(_INT_RE.match(text) or _FLOAT_RE.match(text))


def _date_problem(raw: Any) -> tuple[str | None, str]:
    """(the date as text, "") or (None, what is wrong with it)."""
    expected = "must be YYYY, YYYY-MM or YYYY-MM-DD"
    if _is_int(raw):
        raw = str(raw)
    if not isinstance(raw, str) or isinstance(raw, BadNumber) or not schema.DATE_RE.match(raw):
        return None, f"date {_show(raw)} {expected}"
    year = int(raw[:4])
    low, high = schema.YEAR_RANGE
    if not low <= year <= high:
        return None, f"date {raw!r}: the year is outside {low}-{high}"
    if len(raw) == 7 and not 1 <= int(raw[5:7]) <= 12:
        return None, f"date {raw!r}: there is no month {raw[5:7]}"
    if len(raw) == 10:
        try:
            dt.date.fromisoformat(raw)
        except ValueError as exc:
            return None, f"date {raw!r} is not a date of the calendar ({exc})"
    return raw, ""


def _period_text(raw: Any) -> str:
    expected = "must be a year (2025), a span (2025-2029) or not_stated"
    if _is_int(raw):
        raw = str(raw)
    if not isinstance(raw, str) or isinstance(raw, BadNumber):
        raise ValueError(f"period {_show(raw)} {expected}")
    if raw == schema.PERIOD_NOT_STATED:
        return raw
    m = schema.PERIOD_RE.match(raw)
    if not m:
        raise ValueError(f"period {_show(raw)} {expected}")
    low, high = schema.YEAR_RANGE
    if any(y is not None and not low <= int(y) <= high for y in m.groups()):
        raise ValueError(f"period {raw!r}: years must be within {low}-{high}")
    if m.group(2) and int(m.group(2)) < int(m.group(1)):
        raise ValueError(f"period {raw!r} ends before it starts")
    return raw


def _plausibility(value: float, raw: Any, spec: schema.KeySpec) -> str | None:
    """What is implausible about a figure's value for its unit (schema.UNIT_RANGES), or None."""
    rng = schema.UNIT_RANGES[spec.unit]
    low = -rng.high if spec.signed else rng.low
    shown = _show(raw)
    if spec.unit == "share" and not low <= value <= rng.high:
        return f"{shown} must be a share from {low:g} to {rng.high:g} ({rng.why})"
    if value > rng.high:
        return (
            f"value {shown} is above the ceiling of {rng.high:,} for unit {spec.unit} "
            f"({rng.why}); check for a typing error"
        )
    if value < low:
        return f"value {shown} is below {low:,}, the floor for unit {spec.unit} ({rng.why})"
    if rng.whole and value != int(value):
        return f"value {shown} is not a whole number (unit {spec.unit})"
    return None


_LINE_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BLOCK_CONTROL_RE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _control_problem(field: str, raw: Any, multiline: bool = False) -> str | None:
    """Why a text field is refused: it holds a control character (an escape code written as
    "\\e" in a double-quoted YAML string reaches a terminal raw) or a bidirectional override;
    ``multiline``: line breaks and tabs are allowed (a note, a caveat)."""
    if not isinstance(raw, str):
        return None
    bad = (_BLOCK_CONTROL_RE if multiline else _LINE_CONTROL_RE).search(raw)
    if bad is None:
        return None
    return f"{field} holds a control character (#x{ord(bad.group()):04x}); write plain text"


def _text(raw: Any) -> str | None:
    """A text field as a plain str (None stays None)."""
    return None if raw is None else str(raw)


NOTE_LANGS = ("nl", "en")
"""The languages every data note is given in (``note: {nl: ..., en: ...}``): a reader gets the
note of the run's language."""


def _note_problem(raw: Any) -> str | None:
    """What is wrong with a ``note`` field (None: nothing): a mapping with a non-empty text for
    each of :data:`NOTE_LANGS` and nothing else."""
    wanted = "note must give the text in both languages: {nl: ..., en: ...}"
    if not isinstance(raw, dict):
        return f"{wanted}, not one text"
    missing = [lang for lang in NOTE_LANGS if lang not in raw]
    if missing:
        return f"{wanted} (missing: {', '.join(missing)})"
    extra = [str(k) for k in raw if k not in NOTE_LANGS]
    if extra:
        return f"{wanted} (unknown language: {', '.join(extra)})"
    empty = [lang for lang in NOTE_LANGS if not (isinstance(raw[lang], str) and raw[lang].strip())]
    if empty:
        return f"{wanted} (no text for: {', '.join(empty)})"
    for lang in NOTE_LANGS:
        if problem := _control_problem(f"note {lang}", raw[lang], multiline=True):
            return problem
    return None


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

    def add(self, path: Path, where: str, message: str) -> None:
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
            Problem(f, "", f"and {n - MAX_PROBLEMS_PER_FILE:,} more problems, not listed")
            for f, n in self.counts.items()
            if n > MAX_PROBLEMS_PER_FILE
        ]
        return self.problems + more


def _load_sources(c: _Collector) -> dict[str, dict[str, Any]]:
    path = c.data_dir / "sources.yaml"
    if not path.exists():
        c.add(path, "", "missing file (the sources register)")
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

        def at(f: str, entry: dict = entry, where: str = where) -> str:
            """The source with the line of its field ``f``."""
            line = _line(entry, f)
            return re.sub(r"^line \d+", f"line {line}", where) if line else where

        found = validation.errors(entry, validation.SOURCE)
        for fpath, message in found:
            c.add(path, at(fpath[0]) if fpath else where, message)
        bad = bool(found)
        if not isinstance(entry, dict):
            continue
        if "note" in entry and (problem := _note_problem(entry["note"])):
            c.add(path, at("note"), problem)
            bad = True
        for f in ("title", "publisher", "url"):
            if problem := _control_problem(f, entry.get(f)):
                c.add(path, at(f), problem)
                bad = True
        url = entry.get("url")
        kind = entry.get("kind") if entry.get("kind") in schema.SOURCE_KINDS else None
        date, date_problem = _date_problem(entry.get("date")) if "date" in entry else (None, "")
        if date_problem:
            c.add(path, at("date"), date_problem)
            bad = True
        if kind not in schema.PRIMARY_KINDS and kind is not None and not url:
            c.add(path, where, f"a {kind} needs its url")
            bad = True
        starts = entry.get("page_starts")
        if isinstance(starts, list) and starts != sorted(set(starts)):
            c.add(path, at("page_starts"), "page_starts must be a rising list of line numbers")
            bad = True
        text_file = entry.get("text_file")
        if text_file is not None:
            problem = _text_file_problem(c.data_dir, text_file)
            if problem:
                c.add(path, at("text_file"), problem)
                bad = True
        for f, problem in _document_problems(c.data_dir, entry):
            c.add(path, at(f), problem)
            bad = True
        if bad:
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
            "text_file": _text(text_file),
            "page_starts": starts,
        }
    return sources


def _text_file_problem(data_dir: Path, text_file: Any) -> str | None:
    """What is wrong with a source's ``text_file`` (a UTF-8 text inside the data folder)."""
    if not isinstance(text_file, str) or not text_file.strip():
        return f"text_file {_show(text_file)} must be a path such as sources/<name>.txt"
    target = data_dir / text_file
    try:
        inside = target.resolve().is_relative_to(data_dir.resolve())
    except (OSError, RuntimeError, ValueError):
        inside = False
    if Path(text_file).is_absolute() or not inside:
        return f"text_file {_show(text_file)} must be a path inside the data folder"
    if not target.is_file():
        return f"text_file {_show(text_file)} not found in the data folder"
    try:
        size = target.stat().st_size
        if size > 10 * MAX_FOLDER_BYTES:
            return f"text_file {_show(text_file)} is {size:,} bytes; too large for a source text"
        target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"text_file {_show(text_file)} cannot be read as UTF-8 text: {exc}"
    return None


def _document_problems(data_dir: Path, entry: dict) -> list[tuple[str, str]]:
    """What is wrong with a source's ``file`` (inside the data folder), ``pages`` (a page count,
    equal to the number of ``page_starts`` where both are given)."""
    out = []
    doc = entry.get("file")
    if doc is not None:
        if not isinstance(doc, str) or not doc.strip():
            out.append(("file", f"file {_show(doc)} must be a path such as sources/<name>.pdf"))
        else:
            target = data_dir / doc
            try:
                inside = target.resolve().is_relative_to(data_dir.resolve())
            except (OSError, RuntimeError, ValueError):
                inside = False
            if Path(doc).is_absolute() or not inside:
                out.append(("file", f"file {_show(doc)} must be a path inside the data folder"))
            elif not target.is_file():
                out.append(("file", f"file {_show(doc)} not found in the data folder"))
    pages = entry.get("pages")
    starts = entry.get("page_starts")
    if _is_int(pages) and isinstance(starts, list) and len(starts) != pages:
        out.append(("pages", f"pages {pages} but {len(starts)} page_starts"))
    return out


_TRUE_FALSE = {"true": True, "false": False}


_ASCII_INT = re.compile(r"^[1-9][0-9]{0,5}$")
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
        c.add(path, f"row {n}", f"has {len(values)} fields, expected {len(cols)}")
        return None
    row: dict[str, Any] = dict(zip(cols, (v.strip() for v in values), strict=True))
    aid = row["area_id"]
    where = f"row {n} (area_id {_show(aid)})"
    ok = True
    for col, v in row.items():
        if bad := _CONTROL_RE.search(v):
            c.add(
                path,
                where + f", column {col!r}",
                f"holds a control character (#x{ord(bad.group()):04x}); write plain text",
            )
            ok = False
    if not schema.AREA_ID_RE.match(aid) or len(aid) > 80:
        c.add(path, where + ", column 'area_id'", "must be a lower-case slug like heerlen-noord")
        ok = False
    elif aid in seen:
        c.add(path, where + ", column 'area_id'", f"duplicated (first in row {seen[aid]})")
        ok = False
    elif aid == schema.NATIONAL:
        c.add(path, where + ", column 'area_id'", f"{aid!r} is reserved for national figures")
        ok = False
    seen.setdefault(aid, n)
    c.area_ids.add(aid)
    for col in ("name", "municipality"):
        if not row[col]:
            c.add(path, where + f", column {col!r}", "is empty")
            ok = False
    for col in ("signed_2025", "orv_capaciteit_eligible"):
        if row[col].lower() not in _TRUE_FALSE:
            c.add(path, where + f", column {col!r}", f"{_show(row[col])} must be true or false")
            ok = False
        else:
            row[col] = _TRUE_FALSE[row[col].lower()]
    for col in ("source", "status_source"):
        if row[col] in c.broken_sources:
            ok = False
        elif row[col] not in sources:
            c.add(path, where + f", column {col!r}", f"unknown source id {_show(row[col])}")
            ok = False
    if not _ASCII_INT.match(row["status_page"]):
        c.add(
            path,
            where + ", column 'status_page'",
            f"{_show(row['status_page'])} must be a page number (digits 0-9, no leading zero)",
        )
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
    return row if ok else None


def _load_areas(c: _Collector, sources: dict[str, dict[str, Any]]) -> pd.DataFrame:
    path = c.data_dir / "areas.csv"
    cols = list(schema.AREA_COLUMNS)
    if not path.exists():
        c.add(path, "", "missing file (the list of NPLV areas)")
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    n = 0  # the last row read
    try:
        data = path.read_bytes()
    except OSError as exc:
        c.add(path, "", f"cannot be read: {exc}")
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    try:
        # utf-8-sig: a byte order mark (as spreadsheet programs write it) is not part of the
        # first column's name
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        c.add(path, f"line {line}", f"is not UTF-8 text ({exc.reason} at byte {exc.start})")
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        n = 1
        if header != cols:
            got = _show(header) if header is not None else "an empty file"
            c.add(path, "row 1 (header)", f"columns must be exactly {','.join(cols)}; got {got}")
            c.areas_read = False
            return pd.DataFrame(columns=cols)
        for n, values in enumerate(reader, start=2):
            row = _area_entry(c, path, n, values, sources, seen)
            if row is not None:
                rows.append(row)
    except csv.Error as exc:
        c.add(path, f"row {n + 1} (line {reader.line_num})", f"is not valid CSV: {exc}")
        c.areas_read = False
        return pd.DataFrame(columns=cols)
    areas = pd.DataFrame(rows, columns=cols)
    return areas.astype({"signed_2025": bool, "orv_capaciteit_eligible": bool})


def _check_fields(
    c: _Collector, path: Path, mapping: dict, where: str, allowed: tuple[str, ...]
) -> bool:
    ok = True
    for f in mapping:
        if f not in allowed:
            c.add(path, where, f"unknown field {_show(f)} (allowed: {', '.join(allowed)})")
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
        hint = (
            f"; did you mean {close[0]!r}?" if close else " (the keys are listed in data/README.md)"
        )
        if schema.line_item(key) and not close:
            hint += "; a line item of its own gives its printed name in the field 'name'"
        c.add(path, where, f"unknown figure key{hint}")
        return None
    national = area_id == schema.NATIONAL
    if spec.scope == "area" and national:
        c.add(path, where, "is an area figure; it belongs in agreements/<area>.yaml")
        return None
    if spec.scope == "national" and not national:
        c.add(path, where, "is a national figure; it belongs in national.yaml")
        return None

    def at(f: Any) -> str:
        """The figure's key with the line of its field ``f``."""
        line = _line(entry, f)
        return f"line {line}, key {_show(key)}" if line else where

    found = validation.errors(entry, validation.FIGURE)
    for fpath, message in found:
        c.add(path, at(fpath[0]) if fpath else where, message)
    if found:
        return None
    ok = True
    try:
        value = parse_number(entry["value"])
    except ValueError as exc:
        c.add(path, at("value"), str(exc))
        return None
    raw_value = entry["value"]
    if value < 0 and not spec.signed:
        c.add(
            path, at("value"), f"value {_show(raw_value)} is negative; amounts and counts cannot be"
        )
        ok = False
    unit = entry["unit"]
    if unit != spec.unit:
        c.add(path, at("unit"), f"unit {unit!r} does not fit this key (expected {spec.unit!r})")
        ok = False
    elif unit == "quarter" and value not in (1, 2, 3, 4):
        c.add(path, at("value"), f"value {_show(raw_value)} is not a quarter (1, 2, 3 or 4)")
        ok = False
    elif ok and (problem := _plausibility(value, raw_value, spec)):
        c.add(path, at("value"), problem)
        ok = False
    vat = entry["vat"]
    if vat not in spec.vat:
        allowed = ", ".join(sorted(spec.vat))
        c.add(path, at("vat"), f"VAT basis {vat!r} does not fit this key (allowed: {allowed})")
        ok = False
    try:
        period = _period_text(entry["period"])
    except ValueError as exc:
        c.add(path, at("period"), str(exc))
        ok = False
    qualifier = entry.get("qualifier", "exact")
    sid = entry["source"]
    source = sources.get(sid) if isinstance(sid, str) else None
    if source is None and c.cites(sid, sources):
        return None  # its entry in sources.yaml is faulty, and reported
    if source is None:
        c.add(path, at("source"), f"unknown source id {_show(sid)} (see sources.yaml)")
        return None
    page = entry.get("page")
    article = entry.get("article")
    if article is not None and source["kind"] not in schema.ARTICLE_KINDS:
        c.add(
            path, at("article"), f"a figure from a {source['kind']} names its page, not an article"
        )
        ok = False
    if page is not None and not (_is_int(page) and page >= 1):
        hint = f" ({page.reason})" if isinstance(page, BadNumber) else ""
        c.add(path, at("page"), f"page {_show(page)} must be a page number{hint}")
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
        c.add(
            path,
            at("page"),
            f"page {page} beyond the {len(source['page_starts'])} pages of {sid}",
        )
        ok = False
    see_also = entry.get("see_also", [])
    if not isinstance(see_also, list) or not all(c.cites(s, sources) for s in see_also):
        c.add(path, at("see_also"), f"see_also {_show(see_also)} must list known source ids")
        ok = False
        see_also = []
    for f in ("quote", "name"):
        if problem := _control_problem(f, entry.get(f)):
            c.add(path, at(f), problem)
            ok = False
    if "note" in entry and (problem := _note_problem(entry["note"])):
        c.add(path, at("note"), problem)
        ok = False
    if isinstance(article, str) and (problem := _control_problem("article", article)):
        c.add(path, at("article"), problem)
        ok = False
    for lang, text in (
        (entry.get("caveat") or {}).items() if isinstance(entry.get("caveat"), dict) else ()
    ):
        if problem := _control_problem(f"caveat {lang}", text, multiline=True):
            c.add(path, at("caveat"), problem)
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
            where = f"line {_line(raw['signed'], fpath[1])}, key 'signed', field {fpath[1]!r}"
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
            f"area_id {_show(raw.get('area_id'))} does not match the file (expected {area_id!r})",
        )
        ok = False
    if not national:
        c.status[area_id] = raw.get("status", schema.STATUS_REVIEWED)
    s = raw.get("signed")
    if isinstance(s, dict) and not national and not any(p[:1] == ("signed",) for p, _ in found):
        good = True

        def bad(f: str, message: str) -> None:
            line = _line(s, f)
            c.add(path, f"line {line}, key 'signed', field {f!r}" if line else sw, message)

        sw = _where(raw, "signed", "field")
        for f in schema.SIGNED_FIELDS:
            if f not in s:
                c.add(
                    path,
                    sw,
                    f"missing field {f!r} (signed needs a date, a place, a source and its page)",
                )
                good = False
        date, date_problem = _date_problem(s.get("date"))
        place, sid, page = s.get("place"), s.get("source"), s.get("page")
        if date is not None and len(date) != 10:
            date_problem = f"date {date!r} must be the day of signing, YYYY-MM-DD"
        if "date" in s and date_problem:
            bad("date", date_problem)
            good = False
        if "source" in s and not c.cites(sid, sources):
            bad("source", f"unknown source id {_show(sid)} (see sources.yaml)")
            good = False
        if "page" in s and not (_is_int(page) and page >= 1):
            bad("page", f"page {_show(page)} must be a page number")
            good = False
        if good:
            signed[area_id] = {"date": date, "place": str(place), "source": sid, "page": page}
        else:
            ok = False
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
                    f"has no {_show(key[: -len(half)] + other)}: a range needs both ends (for a "
                    "one-sided figure use the key without .low/.high and qualifier at_least, "
                    "at_most or almost)",
                )
                ok = False
    for key, row in by_key.items():
        high = by_key.get(key[: -len(".low")] + ".high") if key.endswith(".low") else None
        if high is not None and row["value"] > high["value"]:
            c.add(
                path,
                f"line {row['line']}, key {key!r}",
                f"the low end ({row['value']:,.0f}) is above the high end "
                f"({high['key']} = {high['value']:,.0f})",
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
        Problem(str(p), "", f"is {n:,} bytes; a data file is at most {MAX_FILE_BYTES:,}")
        for p, n in sizes.items()
        if n > MAX_FILE_BYTES
    ]
    total = sum(sizes.values())
    if not problems and total > MAX_FOLDER_BYTES:
        problems = [
            Problem(
                str(data_dir),
                "",
                f"its data files hold {total:,} bytes together; a data folder holds at most "
                f"{MAX_FOLDER_BYTES:,}",
            )
        ]
    if problems:
        raise DataError(problems[:MAX_PROBLEMS_PER_FILE])


LINK_PROBLEM = (
    "is a link; a data folder holds its own files: copy the file or folder in (what the"
    " reports' stamps hash must be exactly what is read, and nothing is written through a link)"
)


def _refuse_links(data_dir: Path) -> None:
    """Refuse a folder with a link in it (a linked file or folder anywhere below it)."""
    from .atomic import find_links

    links = find_links(data_dir)
    if links:
        shown = [Problem(str(data_dir / rel), "", LINK_PROBLEM) for rel in links]
        if len(shown) > MAX_PROBLEMS_PER_FILE:
            more = len(shown) - MAX_PROBLEMS_PER_FILE
            shown = shown[:MAX_PROBLEMS_PER_FILE]
            shown.append(Problem(str(data_dir), "", f"and {more:,} more links, not listed"))
        raise DataError(shown)


def load_dataset(data_dir: str | Path | None = None) -> Dataset:
    """Read and validate a whole data folder; raise :class:`DataError` listing every problem."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    c = _Collector(data_dir)
    if not data_dir.is_dir():
        raise DataError([Problem(str(data_dir), "", "is not a folder")])
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
        c.add(national, "", "missing file (the national figures)")
    agreements = data_dir / "agreements"
    if agreements.is_dir():
        for path in sorted(agreements.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix != ".yaml":
                c.add(path, "", "not a .yaml file; agreements/ holds only <area_id>.yaml files")
                continue
            if c.areas_read and path.stem not in known:
                c.add(path, "", f"file name {path.stem!r} is not a known area (see areas.csv)")
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
