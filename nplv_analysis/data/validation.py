"""The structure of the YAML data files, described once as JSON Schema.

Each schema says which fields a mapping holds, which are required, and the type or vocabulary of
each; a subschema's ``message`` (a catalogue id ``data.<code>``, filled with ``field``, ``value``,
``allowed`` and the subschema's own ``values``) is what a reader is told when the value breaks
it, as a :class:`~.yamlfile.Msg`: English as a ``str``, the reader's language with ``text``.
:func:`errors` turns every way a document breaks its schema into (path, message); the loader
finds the line of the path (the YAML reader records the line of every key) and names file, line
and field.

What JSON Schema cannot say stays code beside it in :mod:`.loading`: the number rules (decimal
digits only), the plausibility limits, and the checks across files (a page within its source, a
unit that fits its key, a known source id, a note in both languages).
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from . import schema
from .yamlfile import BadNumber, Msg
from .yamlfile import show as _show

_FORMATS = ("fqdn", "idna", "rfc3987", "rfc3986_validator", "rfc3987_syntax", "rfc3339_validator")
_FORMATS += ("webcolors", "jsonpointer", "uri_template", "isoduration")
"""What jsonschema imports, where installed, to check string formats; no schema here names a
format, and together they take 0.3-5 s to import (rfc3987_syntax builds a grammar): they are
kept out of jsonschema's import, and only of it."""
_SKIP = [name for name in _FORMATS if name not in sys.modules]
sys.modules.update(dict.fromkeys(_SKIP))  # an import of a None entry fails: the format is left out
try:
    import jsonschema
finally:
    for _name in _SKIP:
        del sys.modules[_name]

_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, x: isinstance(x, int) and not isinstance(x, bool)
)
_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)
"""JSON Schema 2020-12, where 1.0 and true are not integers (a page is written 1)."""

_UNKNOWN = "data.schema.unknown"

FORM = "{nl: ..., en: ...}"
"""How a text in each language is written (a value of the messages that ask for one)."""


def text(message: str = "data.schema.text") -> dict:
    """A non-blank text."""
    return {"type": "string", "pattern": r"\S", "message": message}


def one_of(values: tuple[str, ...], label: str) -> dict:
    """A word of a vocabulary: "unknown VAT basis 'x' (allowed: ...)" (``label``: the catalogue
    id ``data.schema.one_of.<label>``)."""
    return {"enum": list(values), "message": f"data.schema.one_of.{label}"}


def mapping(
    fields: tuple[str, ...],
    required: tuple[str, ...] = (),
    message: str = "",
    unknown: str = _UNKNOWN,
    missing: str = "data.schema.missing",
    values: dict | None = None,
    **props: dict,
) -> dict:
    """A mapping of exactly ``fields`` (those not in ``props`` may hold anything: checked in
    code), ``required`` among them; ``message`` if it is not a mapping, ``unknown`` for a field
    not in ``fields``, ``missing`` for a required field not given (templates, or catalogue ids
    for a caller that shows them in the reader's language); a catalogue id ``data.<code>``
    becomes a :class:`~.yamlfile.Msg`, with ``values`` beside those of the fault)."""
    out = {
        "type": "object",
        "properties": {f: props.get(f, {}) for f in fields},
        "required": list(required),
        "additionalProperties": False,
        "unknown": unknown,
        "missing": missing,
    }
    return out | ({"message": message} if message else {}) | ({"values": values} if values else {})


def both_languages(field: str) -> dict:
    """A text in each language, ``{nl: ..., en: ...}``, or an empty mapping."""
    message = "data.schema.both_languages"
    values = {"name": field, "form": FORM}
    lang = text(message) | {"values": values}
    return {
        "type": "object",
        "anyOf": [{"maxProperties": 0}, {"required": ["nl", "en"]}],
        "properties": {"nl": lang, "en": lang},
        "additionalProperties": False,
        "message": message,
        "values": values,
    }


def note() -> dict:
    """A note: a non-empty text in each language, ``{nl: ..., en: ...}``."""
    form = {"form": FORM}
    return mapping(
        ("nl", "en"),
        ("nl", "en"),
        "data.schema.note.not_mapping",
        "data.schema.note.unknown",
        "data.schema.note.missing",
        form,
        nl=text("data.schema.note.no_text") | {"values": form},
        en=text("data.schema.note.no_text") | {"values": form},
    )


_RISING = "data.schema.rising"

_OR_NULL = {"type": ["string", "null"]}

_PAGE = {"type": "integer", "minimum": 1}

SOURCE = mapping(
    schema.SOURCE_FIELDS,
    schema.SOURCE_REQUIRED,
    "data.schema.source.not_mapping",
    kind=one_of(schema.SOURCE_KINDS, "kind"),
    title=text(),
    publisher=text(),
    url=text("data.schema.url") | {"pattern": r"^https?://[^\s<>\"]+$"},
    sha256={"type": "string", "pattern": "^[0-9a-f]{64}$", "message": "data.schema.sha256"},
    pages=_PAGE | {"message": "data.schema.pages"},
    note=note(),
    text_file=text("data.schema.text_file") | _OR_NULL,
    file=text("data.schema.file") | _OR_NULL,
    page_starts={"type": "array", "minItems": 1, "items": _PAGE | {"message": _RISING},
                 "message": _RISING},
)  # fmt: skip
"""An entry of ``sources.yaml``."""

SOURCES = {"type": "object", "message": "data.schema.sources"}

FIGURE = mapping(
    schema.FIGURE_FIELDS,
    schema.FIGURE_REQUIRED,
    "data.schema.figure.not_mapping",
    unit=one_of(schema.UNITS, "unit"),
    vat=one_of(schema.VAT_BASES, "vat"),
    qualifier=one_of(schema.QUALIFIERS, "qualifier"),
    article=text("data.schema.article"),
    quote=text("data.schema.text_any") | {"pattern": ""},
    name=text("data.schema.text_any") | {"pattern": ""},
    caveat=both_languages("caveat"),
    note=note(),
    page=_PAGE | {"message": "data.schema.page"},
)
"""A figure of ``national.yaml`` or an agreement file."""

SIGNED = mapping(
    schema.SIGNED_FIELDS,
    schema.SIGNED_FIELDS,
    "data.schema.signed.not_mapping",
    missing="data.schema.signed.missing",
    place=text(),
    page=_PAGE | {"message": "data.schema.page"},
)


_TRUE_OR_FALSE = {"pattern": "^(?i:true|false)$", "message": "data.schema.true_false"}

AREA_ROW = mapping(
    schema.AREA_COLUMNS,
    (),
    area_id={"pattern": schema.AREA_ID_RE.pattern, "maxLength": 80,
             "message": "data.schema.area_id"},
    name=text("data.schema.empty"),
    municipality=text("data.schema.empty"),
    signed_2025=_TRUE_OR_FALSE,
    orv_capaciteit_eligible=_TRUE_OR_FALSE,
    status_page={"pattern": "^[1-9][0-9]{0,5}$",
                 "message": "data.schema.status_page"},
)  # fmt: skip
"""A row of ``areas.csv`` (its columns as text, stripped)."""


@functools.cache
def figure_file(national: bool) -> dict:
    """``national.yaml`` (``national``) or ``agreements/<area>.yaml``."""
    fields = schema.FILE_FIELDS_NATIONAL if national else schema.FILE_FIELDS_AREA
    out = mapping(
        fields,
        (),
        "data.schema.file.not_mapping",
        "data.schema.file.unknown",
        status=one_of(schema.STATUSES, "status"),
        signed=SIGNED,
        figures={"type": ["object", "null"], "message": "data.schema.figures"},
    )
    return out


def _render(sub: dict, key: str, default: str, **values: Any) -> str:
    """The subschema's message ``key`` (``message``, ``unknown``, ``missing``): a catalogue id
    ``data.<code>`` becomes a :class:`Msg` (with the subschema's ``values``); another message is
    a ``str.format`` template (or a caller's own id, returned as it is)."""
    message = sub.get(key, default)
    if message.startswith("data."):
        return Msg(message[len("data.") :], **values, **sub.get("values", {}))
    return message.format(**values)


def _message(sub: dict, field: str, value: Any) -> str:
    """The message of a broken subschema; a number written another way (``yamlfile.BadNumber``)
    gets the number rule's reason."""
    types = sub.get("type", ())
    types = {types} if isinstance(types, str) else set(types)
    if isinstance(value, BadNumber) and types & {"number", "integer"}:
        return Msg("schema.bad_number", field=field, value=_show(str(value)), reason=value.reason)
    allowed = ", ".join(map(str, sub.get("enum", ())))
    return _render(sub, "message", "data.schema.invalid", field=field, value=_show(value),
                   allowed=allowed)  # fmt: skip


_VALIDATORS: dict[int, Any] = {}
"""One validator per schema (the schemas are module constants)."""


def errors(instance: Any, schema_: dict) -> list[tuple[tuple, str]]:
    """(path of the faulty field, message) for every way ``instance`` breaks ``schema_``."""
    out: dict[tuple, str] = {}
    validator = _VALIDATORS.get(id(schema_))
    if validator is None:
        validator = _VALIDATORS[id(schema_)] = _Validator(schema_)
    for err in validator.iter_errors(instance):
        path = tuple(err.absolute_path)
        sub = err.schema if isinstance(err.schema, dict) else {}
        names = sub.get("properties", {})
        if err.validator == "additionalProperties" and "anyOf" not in sub:
            allowed = ", ".join(names)
            for extra in (k for k in err.instance if k not in names):
                message = _render(sub, "unknown", _UNKNOWN, value=_show(extra), name=extra,
                                  allowed=allowed)  # fmt: skip
                out.setdefault((*path, extra), message)
        elif err.validator == "required" and "anyOf" not in sub:
            for name in (r for r in err.validator_value if r not in err.instance):
                message = _render(sub, "missing", "data.schema.missing", value=repr(name),
                                  name=name)  # fmt: skip
                out.setdefault((*path, name), message)
        else:
            field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
            out.setdefault(path, _message(sub, field, err.instance))
    return list(out.items())
