"""Reading one YAML data file, strictly: :func:`read_yaml` with :class:`DataLoader`.

Data files use a small, safe part of YAML. Numbers are written one way: decimal digits with an
optional minus sign and decimal point (7500000, 0.05, -0.30). Everything YAML 1.1 (or 1.2)
would also read as a number (07200000 as octal 1900544, 0x10, 0b101, 1:20:00 as 4800, 1_000,
1e5, .inf, .nan, +5) is kept as the text it is and refused wherever a number is expected, with
the reason. Only true/false are booleans and only ~/null/empty is empty: yes, no, on, off and
dates stay text (dates are checked where they are used); "<<" is a plain key, not a merge.
Anchors, aliases and tags are refused while the file is read, before anything is built from
them, and so are nesting deeper than MAX_DEPTH and more than MAX_NODES values.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..text import t
from . import schema


class Msg(str):
    """A message for a reader: a catalogue id (``data.<code>``) and its values. As a ``str`` it
    is the English text (library users and exceptions read English); :meth:`text` renders it in
    a reader's language. A value that is itself a :class:`Msg` is rendered in the same language;
    other values (a key, a raw value, a file name) are shown as they are."""

    code: str
    values: dict[str, Any]

    def __new__(cls, code: str, /, **values: Any) -> Msg:
        self = super().__new__(cls, _render(code, "en", values))
        self.code = code
        self.values = values
        return self

    def text(self, lang: str = "nl") -> str:
        return _render(self.code, lang, self.values)

    def __reduce__(self):
        return (_msg, (self.code, self.values))


def _msg(code: str, values: dict[str, Any]) -> Msg:
    return Msg(code, **values)


def _render(code: str, lang: str, values: dict[str, Any]) -> str:
    shown = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in values.items()}
    return t(f"data.{code}", lang, **shown)


def text_of(message: Any, lang: str = "nl") -> str:
    """``message`` in ``lang`` (a :class:`Msg` or :class:`Where`) or as it is (any other text)."""
    return message.text(lang) if isinstance(message, Msg | Where) else str(message)


class Where(str):
    """Where in a file a problem is, as parts (label, value): ``line`` 12, ``key`` 'x',
    ``field`` 'value', ``row`` 3, ``area_id`` 'x', ``column`` 'name', ``source`` 'x', ``phase``
    'bouw', ``header``, ``csv_line`` 4. As a ``str`` the English text ("line 12, key 'x'");
    :meth:`text` in a reader's language."""

    parts: tuple[tuple[str, Any], ...]

    def __new__(cls, *parts: tuple[str, Any]) -> Where:
        self = super().__new__(cls, _where_text(parts, "en"))
        self.parts = tuple(parts)
        return self

    def text(self, lang: str = "nl") -> str:
        return _where_text(self.parts, lang)

    def __add__(self, other: Any) -> Where:
        if isinstance(other, Where):
            return Where(*self.parts, *other.parts)
        return NotImplemented

    def at_line(self, line: int | None) -> Where:
        """The same place with its line replaced (or put first) by ``line`` (None: unchanged)."""
        if not line:
            return self
        return Where(("line", line), *(p for p in self.parts if p[0] != "line"))

    def __reduce__(self):
        return (_where, (self.parts,))


def _where(parts: tuple) -> Where:
    return Where(*parts)


_ATTACHED = ("area_id", "header", "csv_line")
"""Parts shown in brackets after the row: "row 3 (area_id 'x')"."""


def _where_text(parts: tuple, lang: str) -> str:
    out: list[str] = []
    for label, value in parts:
        shown = t(f"data.where.{label}", lang, v=value)
        if label in _ATTACHED and out:
            out[-1] += f" ({shown})"
        else:
            out.append(shown)
    return ", ".join(out)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file: ``where`` (a :class:`Where`, or "") and ``message`` (a
    :class:`Msg`). ``str()`` is English; :meth:`text` is in the reader's language."""

    file: str
    where: str  # "line 12, key 'orv.total.incl'" or "row 3 (area_id 'x'), column 'name'"
    message: str

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "nl") -> str:
        where, message = text_of(self.where, lang), text_of(self.message, lang)
        return f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}"


MAX_DEPTH = 10
"""Deepest nesting of lists and mappings in a data file (the files need 4)."""

MAX_FILE_BYTES = 256_000
"""Largest data file (YAML or CSV); the shipped ones are below 12 kB."""

MAX_NODES = 50_000
"""Most values (lists, mappings, numbers, texts) in the YAML files of a folder together; the
shipped ones hold about 1,600. With the byte limits, this keeps reading any folder to about a
second (pure-Python YAML reads some 50,000 values a second)."""


class Budget:
    """The values a folder's YAML files may still hold (:data:`MAX_NODES`)."""

    def __init__(self, nodes: int = MAX_NODES):
        self.nodes = nodes


_SHOWN = 60


def show(raw: Any) -> str:
    """``repr(raw)``, cut short: a message never echoes a whole list or a long text."""
    if isinstance(raw, list | dict) and len(raw) > 10:
        return Msg(f"shown.{type(raw).__name__}", n=len(raw))
    text = repr(raw)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 5] + "...'"


_DIGITS = f"(?:0|[1-9][0-9]{{0,{schema.MAX_DIGITS - 1}}})"
INT_RE = re.compile(rf"^-?{_DIGITS}$")
FLOAT_RE = re.compile(rf"^-?{_DIGITS}\.[0-9]{{1,{schema.MAX_DIGITS}}}$")
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
        return Msg("number.inf")
    if low.startswith("0x"):
        return Msg("number.hex")
    if low.startswith("0o"):
        return Msg("number.octal")
    if low.startswith("0b"):
        return Msg("number.binary")
    if "_" in body:
        return Msg("number.separator", plain=sign + body.replace("_", ""))
    if ":" in body:
        return Msg("number.base60")
    if "e" in low:
        return Msg("number.exponent")
    if text.startswith("+"):
        return Msg("number.plus", plain=body)
    if body.startswith("."):
        return Msg("number.point_first", plain=f"{sign}0{body}")
    if body.endswith("."):
        return Msg("number.point_last", plain=f"{sign}{body[:-1]}")
    if len(body) > 1 and body[0] == "0" and body[1].isdigit():
        plain = f"{sign}{body.lstrip('0') or '0'}"
        if set(body) <= set("01234567"):
            return Msg("number.leading_zero_octal", octal=int(body, 8), plain=plain)
        return Msg("number.leading_zero", plain=plain)
    if any(len(part) > schema.MAX_DIGITS for part in body.split(".")):
        return Msg("number.too_long", most=schema.MAX_DIGITS)
    return Msg("number.other")


class _Refused(yaml.YAMLError):
    """Something a data file may not hold, met while it is read (before anything is built)."""

    def __init__(self, where: Where, message: Msg):
        super().__init__(message)
        self.where = where
        self.message = message


class _LineDict(dict):
    """A mapping of a data file, with the line of each key (``lines``)."""

    lines: dict[Any, int]


def _tag_text(tag: str) -> str:
    """A tag as it is written: !!int for tag:yaml.org,2002:int."""
    text = tag.replace("tag:yaml.org,2002:", "!!", 1)
    return text if len(text) <= 40 else text[:37] + "..."


try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    _Parser = None
"""libyaml's scanner and parser where PyYAML has it (3x faster to read the data); the nodes are
still composed here, event by event, so that every refusal below is made as it is met."""


class DataLoader(
    yaml.composer.Composer,
    *((_Parser,) if _Parser else (yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser)),
    yaml.constructor.SafeConstructor,
    yaml.resolver.Resolver,
):
    """PyYAML's safe loader, strict for data files (see the module's docstring): only decimal digits
    are numbers, anchors, aliases, tags, deep nesting and too many values are refused as they
    are met, a key may not be repeated, and every mapping records the line of each key."""

    yaml_implicit_resolvers: dict = {}  # none of YAML 1.1's: those below only

    def __init__(self, stream: str, budget: Budget | None = None):
        if _Parser:
            _Parser.__init__(self, stream)
        else:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.budget = budget if budget is not None else Budget()
        self.path: list[Any] = []  # the index of each node being composed: a key node, or not

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        self.path.append(index)
        try:
            if problem := self._refusal(event):
                raise _Refused(self._where_at(event.start_mark.line + 1), problem)
            return super().compose_node(parent, index)
        finally:
            self.path.pop()

    def _where_at(self, line: int) -> Where:
        """The line and the innermost two keys (below ``figures``) of the node being composed:
        "line 7, key 'orv.total.incl', field 'value'"."""
        keys = [i.value if isinstance(i, yaml.ScalarNode) else "?" for i in self.path
                if isinstance(i, yaml.Node)]  # fmt: skip
        if keys[:1] == ["figures"] and len(keys) >= 2:
            keys = keys[1:]
        keys = [k if len(k) <= _SHOWN else k[:_SHOWN] + "..." for k in keys[-2:]]
        return Where(
            ("line", line), *((n, repr(k)) for n, k in zip(("key", "field"), keys, strict=False))
        )

    def _refusal(self, event: Any) -> Msg | None:
        """Why ``event`` may not be in a data file (None: it may)."""
        anchor = str(getattr(event, "anchor", None))[:20]
        if isinstance(event, yaml.AliasEvent):
            return Msg("yaml.alias", anchor=anchor)
        if getattr(event, "anchor", None) is not None:
            return Msg("yaml.anchor", anchor=anchor)
        if getattr(event, "tag", None) is not None:
            return Msg("yaml.tag", tag=_tag_text(str(event.tag)))
        if len(self.path) > MAX_DEPTH and not isinstance(event, yaml.ScalarEvent):
            return Msg("yaml.deep", most=MAX_DEPTH)
        self.budget.nodes -= 1
        if self.budget.nodes < 0:
            return Msg("yaml.too_many", most=MAX_NODES)
        return None

    def construct_lines(self, node: yaml.MappingNode) -> _LineDict:
        """A mapping with the line of each key; a repeated key is refused."""
        out = _LineDict()
        out.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, Hashable):
                raise _Refused(Where(("line", line)), Msg("yaml.key_not_plain"))
            if key in out:
                first = out.lines[key]
                raise _Refused(
                    Where(("line", line), ("key", show(key))), Msg("yaml.duplicate", first=first)
                )
            out[key] = self.construct_object(value_node, deep=True)
            out.lines[key] = line
        return out


for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", INT_RE.pattern, "-0123456789"),
    ("tag:yaml.org,2002:float", FLOAT_RE.pattern, "-0123456789"),
    ("tag:nplv:badnumber", _NUMBER_LIKE_RE.pattern, "-+.0123456789"),
):
    DataLoader.add_implicit_resolver(_tag, re.compile(_regexp, re.VERBOSE), list(_first))
DataLoader.add_constructor("tag:yaml.org,2002:map", DataLoader.construct_lines)
DataLoader.add_constructor(
    "tag:nplv:badnumber", lambda _, node: BadNumber(node.value, _bad_number_reason(node.value))
)


def read_yaml(path: Path, shown: str, budget: Budget | None = None) -> tuple[Any, list[Problem]]:
    """Parse a YAML data file with :class:`DataLoader`: (its content, []) or (None, the problem)."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(shown, "", Msg("file.too_large", size=size, most=MAX_FILE_BYTES))]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, "", Msg("file.unreadable", error=exc))]
    loader = None
    try:
        loader = DataLoader(text, budget)
        return loader.get_single_data(), []
    except _Refused as exc:
        return None, [Problem(shown, exc.where, exc.message)]
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        what = Msg("yaml.character", char=f"#x{exc.character:04x}", reason=exc.reason)
        return None, [Problem(shown, Where(("line", line)), Msg("yaml.invalid", what=what))]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = Where(("line", mark.line + 1)) if mark is not None else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(shown, where, Msg("yaml.invalid", what=str(what)[:200]))]
    finally:
        if loader is not None:
            loader.dispose()
