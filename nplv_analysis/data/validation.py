"""The structure of the YAML data files, described once as JSON Schema.

Each schema says which fields a mapping holds, which are required, and the type or vocabulary of
each; a subschema's ``message`` (a ``str.format`` template with ``field``, ``value`` and
``allowed``) is what a reader is told when the value breaks it. :func:`errors` turns every way a
document breaks its schema into (path, message); the loader finds the line of the path (the YAML
reader records the line of every key) and names file, line and field.

What JSON Schema cannot say stays code beside it in :mod:`.loading`: the number rules (decimal
digits only), the plausibility limits, and the checks across files (a page within its source, a
unit that fits its key, a known source id, a note in both languages).
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from . import schema

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

_UNKNOWN = "unknown field {value} (allowed: {allowed})"


def text(message: str = "{field} {value} must be text") -> dict:
    """A non-blank text."""
    return {"type": "string", "pattern": r"\S", "message": message}


def one_of(values: tuple[str, ...], label: str) -> dict:
    """A word of a vocabulary: "unknown VAT basis 'x' (allowed: ...)"."""
    return {"enum": list(values), "message": f"unknown {label} {{value}} (allowed: {{allowed}})"}


def mapping(
    fields: tuple[str, ...],
    required: tuple[str, ...] = (),
    message: str = "",
    unknown: str = _UNKNOWN,
    missing: str = "missing field {value}",
    **props: dict,
) -> dict:
    """A mapping of exactly ``fields`` (those not in ``props`` may hold anything: checked in
    code), ``required`` among them; ``message`` if it is not a mapping, ``unknown`` for a field
    not in ``fields``, ``missing`` for a required field not given (templates, or catalogue ids
    for a caller that shows them in the reader's language)."""
    out = {
        "type": "object",
        "properties": {f: props.get(f, {}) for f in fields},
        "required": list(required),
        "additionalProperties": False,
        "unknown": unknown,
        "missing": missing,
    }
    return out | ({"message": message} if message else {})


def both_languages(field: str) -> dict:
    """A text in each language, ``{nl: ..., en: ...}``, or an empty mapping."""
    message = f"{field} must give the text in both languages: {{{{nl: ..., en: ...}}}}"
    lang = text(message)
    return {
        "type": "object",
        "anyOf": [{"maxProperties": 0}, {"required": ["nl", "en"]}],
        "properties": {"nl": lang, "en": lang},
        "additionalProperties": False,
        "message": message,
    }


_RISING = "page_starts must be a rising list of line numbers"

_PAGE = {"type": "integer", "minimum": 1}

SOURCE = mapping(
    schema.SOURCE_FIELDS,
    schema.SOURCE_REQUIRED,
    "must be a mapping of fields",
    kind=one_of(schema.SOURCE_KINDS, "kind"),
    title=text(),
    publisher=text(),
    url=text("{field} {value} must be an http(s) address without spaces")
    | {"pattern": r"^https?://[^\s<>\"]+$"},
    sha256={"type": "string", "pattern": "^[0-9a-f]{64}$", "message": "{field} {value} must be "
            "64 lower-case hexadecimal digits"},
    pages=_PAGE | {"message": "{field} {value} must be a page count (1 or more)"},
    page_starts={"type": "array", "minItems": 1, "items": _PAGE | {"message": _RISING},
                 "message": _RISING},
)  # fmt: skip
"""An entry of ``sources.yaml``."""

SOURCES = {"type": "object", "message": "must be a mapping of source id -> source"}

FIGURE = mapping(
    schema.FIGURE_FIELDS,
    schema.FIGURE_REQUIRED,
    "must be a mapping of fields (value, unit, vat, period, source, ...)",
    unit=one_of(schema.UNITS, "unit"),
    vat=one_of(schema.VAT_BASES, "VAT basis"),
    qualifier=one_of(schema.QUALIFIERS, "qualifier"),
    article=text("{field} {value} must be text, e.g. '9 lid 1'"),
    quote=text("{field} must be text") | {"pattern": ""},
    name=text("{field} must be text") | {"pattern": ""},
    caveat=both_languages("caveat"),
)
"""A figure of ``national.yaml`` or an agreement file."""

SIGNED = mapping(
    schema.SIGNED_FIELDS, (), "must be a mapping of date, place, source, page", place=text()
)


@functools.cache
def figure_file(national: bool) -> dict:
    """``national.yaml`` (``national``) or ``agreements/<area>.yaml``."""
    fields = schema.FILE_FIELDS_NATIONAL if national else schema.FILE_FIELDS_AREA
    out = mapping(
        fields,
        (),
        "must be a mapping with area_id and figures",
        "unknown top-level field (allowed: {allowed})",
        status=one_of(schema.STATUSES, "status"),
        signed=SIGNED,
        figures={"type": ["object", "null"], "message": "must be a mapping of key -> figure"},
    )
    return out


def _show(raw: Any) -> str:
    from .loading import _show as show

    return show(raw)


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
                message = sub.get("unknown", _UNKNOWN).format(value=_show(extra), allowed=allowed)
                out.setdefault((*path, extra), message)
        elif err.validator == "required" and "anyOf" not in sub:
            for name in (r for r in err.validator_value if r not in err.instance):
                message = sub.get("missing", "missing field {value}").format(value=repr(name))
                out.setdefault((*path, name), message)
        else:
            field = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
            allowed = ", ".join(map(str, sub.get("enum", ())))
            message = sub.get("message", "{field} {value} is not valid")
            values = {"field": field, "value": _show(err.instance), "allowed": allowed}
            out.setdefault(path, message.format(**values))
    return list(out.items())
