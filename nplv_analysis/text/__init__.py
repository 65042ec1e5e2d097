"""The text catalogue: every word a reader sees, in Dutch (``nl.yaml``, the default) and English
(``en.yaml``), by message id, with named placeholders; and numbers written the reader's way
(:mod:`.formats`).

This is the bottom layer of the package: every layer may render a message, none is needed to
do so. Messages travel as codes plus values until they are shown.

>>> t("not published")
'niet gepubliceerd'
>>> t("signed_line", "en", place="Heerlen", date="2025-06-24", ref="p. 1")
'Signed in Heerlen on 2025-06-24 (p. 1).'
"""

from __future__ import annotations

import functools
import string
from pathlib import Path

import yaml

from .formats import (
    format_date,
    format_difference,
    format_eur,
    format_mln,
    format_number,
    format_range,
)

LANGS = ("nl", "en")
HERE = Path(__file__).resolve().parent


class MissingText(KeyError):
    """A message id that is not in the catalogue of a language."""


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the same dictionaries as ``yaml.safe_load``, read
in 15 ms instead of 280 (both catalogues), once in every process that shows a text."""


@functools.cache
def catalogue(lang: str = "nl") -> dict[str, str]:
    """The catalogue of one language: message id -> text."""
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: allowed are {', '.join(LANGS)}")
    with (HERE / f"{lang}.yaml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)


def has_text(key: str, lang: str = "nl") -> bool:
    return key in catalogue(lang)


FORMATS = {
    "eur": lambda x, lang: format_eur(x, lang, short=False),
    "eur_short": lambda x, lang: format_eur(x, lang),
    "mln": lambda x, lang: format_number(x / 1e6, 1, lang),
    "n": lambda x, lang: format_number(x, 0, lang),
    "n4": lambda x, lang: format_number(x, 4, lang),
    "pct0": lambda x, lang: format_number(x * 100, 0, lang) + "%",
    "pct1": lambda x, lang: format_number(x * 100, 1, lang) + "%",
}
"""Format specs a catalogue text may use on a number: ``{amount:eur}`` is "€ 7.500.000" in
Dutch and "€ 7,500,000" in English; ``{rate:pct1}`` "11,6%"."""


class _Formatter(string.Formatter):
    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec: str):
        if format_spec in FORMATS:
            return FORMATS[format_spec](float(value), self.lang)
        return super().format_field(value, format_spec)


def t(key: str, lang: str = "nl", /, **values) -> str:
    """The reader's text for message id ``key``, placeholders filled from ``values`` (when
    given; numbers with a spec of :data:`FORMATS` are written the reader's way). An unknown id
    raises :class:`MissingText`: a key is never shown instead."""
    text = catalogue(lang).get(key)
    if text is None:
        raise MissingText(f"no text for {key!r} in the {lang} catalogue (nplv_analysis/text)")
    return _Formatter(lang).format(text, **values) if values else text


__all__ = [
    "LANGS",
    "MissingText",
    "catalogue",
    "format_difference",
    "format_eur",
    "format_mln",
    "format_number",
    "format_date",
    "format_range",
    "has_text",
    "t",
]
