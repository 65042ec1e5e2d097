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
from pathlib import Path

import yaml

from .formats import format_eur, format_number, format_range

LANGS = ("nl", "en")
HERE = Path(__file__).resolve().parent


class MissingText(KeyError):
    """A message id that is not in the catalogue of a language."""


@functools.cache
def catalogue(lang: str = "nl") -> dict[str, str]:
    """The catalogue of one language: message id -> text."""
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: allowed are {', '.join(LANGS)}")
    with (HERE / f"{lang}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def has_text(key: str, lang: str = "nl") -> bool:
    return key in catalogue(lang)


def t(key: str, lang: str = "nl", **values) -> str:
    """The reader's text for message id ``key``, placeholders filled from ``values`` (when
    given). An unknown id raises :class:`MissingText`: a key is never shown instead."""
    text = catalogue(lang).get(key)
    if text is None:
        raise MissingText(f"no text for {key!r} in the {lang} catalogue (nplv_analysis/text)")
    return text.format(**values) if values else text


__all__ = [
    "LANGS",
    "MissingText",
    "catalogue",
    "format_eur",
    "format_number",
    "format_range",
    "has_text",
    "t",
]
