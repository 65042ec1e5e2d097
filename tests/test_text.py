"""One text catalogue per language: every id the code uses exists in both, none is unused, a
missing id raises instead of showing the key."""

from __future__ import annotations

import json
import re

import pytest

from nplv_analysis.text import MissingText, catalogue, t

from .conftest import PROJECT

CALL = re.compile(r"""\b(?:t|show_text|has_text)\(\s*["']([^"'{}]+)["']""")
FAMILY = re.compile(r"""\b(?:t|ScenarioError)\(\s*f["']([a-z_.]+)\{""")


def _sources() -> dict[str, str]:
    out = {}
    for path in sorted((PROJECT / "nplv_analysis").rglob("*.py")):
        out[str(path.relative_to(PROJECT))] = path.read_text(encoding="utf-8")
    for path in sorted((PROJECT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        out[str(path.relative_to(PROJECT))] = "\n".join("".join(c["source"]) for c in cells)
    # the report manifest names its titles by text id
    manifest = (PROJECT / "notebooks" / "reports.yaml").read_text(encoding="utf-8")
    out["notebooks/reports.yaml"] = "\n".join(
        f'"{line.split(":", 1)[1].strip()}"' for line in manifest.splitlines() if "title:" in line
    )
    return out


def test_both_languages_have_the_same_ids():
    nl, en = set(catalogue("nl")), set(catalogue("en"))
    assert nl - en == set(), "only in nl.yaml"
    assert en - nl == set(), "only in en.yaml"


def test_every_id_called_in_code_exists():
    missing = [
        f"{name}: {m.group(1)!r}"
        for name, src in _sources().items()
        for m in CALL.finditer(src)
        if m.group(1) not in catalogue("nl")
    ]
    assert not missing


def test_no_catalogue_entry_is_unused():
    """An id is used when the code or a notebook names it as a string (directly, or as a code
    such as a status or a source kind that is looked up), or when a t(f"prefix{...}") call
    builds it."""
    text = "\n".join(_sources().values())
    families = {m.group(1) for m in FAMILY.finditer(text)}
    unused = [
        key
        for key in catalogue("nl")
        if f'"{key}"' not in text
        and f"'{key}'" not in text
        and not any(key.startswith(f) for f in families)
    ]
    assert not unused, f"catalogue ids nothing uses: {unused}"


def test_a_missing_id_raises():
    with pytest.raises(MissingText, match="no text for 'homes.startbouw.totaal'"):
        t("homes.startbouw.totaal")


def test_numbers_in_messages_follow_the_language():
    nl = t("finding.sum", "nl", total="x", value=1e7, summed=9.9e6, difference=1e5, unit="eur")
    en = t("finding.sum", "en", total="x", value=1e7, summed=9.9e6, difference=1e5, unit="eur")
    assert nl == "x = € 10.000.000 maar de regels tellen op tot € 9.900.000 (verschil € 100.000)"
    assert en == "x = € 10,000,000 but its lines add up to € 9,900,000 (difference € 100,000)"
