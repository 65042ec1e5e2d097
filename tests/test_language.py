"""Issue 24: a Dutch run is Dutch in every file a reader gets, an English run English; no codes,
internal keys, source ids, ISO dates or file names in reader text (tests/language_scan.py).

Every reader file of a run of the reports (Heerlen Noord and national) and the command's own
output, in either language, has no finding at all. Proper names from the data (publishers,
areas, projects) are written as the data writes them and not counted
(:func:`~tests.language_scan.data_names`)."""

from __future__ import annotations

import json

import pytest

from .conftest import DATA
from .language_scan import BASELINE, data_names, findings, run_and_scan


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_reader_file_has_a_finding(tmp_path, lang):
    found = run_and_scan(tmp_path / lang, lang)
    assert found == {}, f"findings per reader file: {found}"


def test_the_accepted_baseline_is_empty():
    """The last accepted run (``python -m tests.language_scan``) found nothing either."""
    assert json.loads(BASELINE.read_text(encoding="utf-8")) == {"en": {}, "nl": {}}


def test_the_scanner_finds_each_kind():
    """One sentence of each kind a Dutch reader must not meet, and the names that may stay."""
    ids = ["ba-heerlen-noord-2025"]
    text = (
        "Bron: ba-heerlen-noord-2025, zie tables.xlsx van 2025-06-24; drawing_right; "
        "orv.total.incl; the estimate. Realisatiestimulans, ORV en capaciteit; starts."
    )
    found = findings(text, "nl", ids)
    assert found == {
        "source_id": 1,
        "file_name": 1,
        "iso_date": 1,
        "code": 1,
        "key": 1,
        "english": 2,
    }
    assert findings("de inschatting van de afspraak", "en", []) == {"dutch": 5}
    assert findings('the text says "het plafond" and “de afspraak”', "en", []) == {}
    assert findings("Inschatting of plafond", "nl", []) == {}
    assert (
        findings("Gemaakt op 24 juni 2025; zie https://www.rijksoverheid.nl/a_b.c", "nl", []) == {}
    )


def test_names_from_the_data_are_not_words_of_the_other_language():
    """A publisher, an area or a project is written as the data writes it, in either run: its
    words ("van", "en", "Gebieden") are not counted; the same words elsewhere are."""
    names = data_names(DATA)
    publisher = "Minister van VRO en Alliantie Nationaal Programma Heerlen Noord"
    assert {publisher, "Minister van VRO", "Groeve Gebieden fase 1", "Heerlen Noord"} <= set(names)
    assert "Poort van Noord deelgebied A" in names
    line = f"Source: {publisher}, p. 7; project Poort van Noord deelgebied A"
    assert findings(line, "en", [], names) == {}
    assert findings(line, "en", []) == {"dutch": 3}  # van, en; van
    assert findings(f"{line}; de inschatting", "en", [], names) == {"dutch": 2}
