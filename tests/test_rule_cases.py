"""The rules of the agreement as data: every case in tests/cases/*.yaml, run as one test.

A case names the sentence of the Heerlen Noord agreement a rule applies (exact words, checked
against the source text on the cited page), the rule (a function of
:mod:`nplv_analysis.rules.agreement`), its inputs and the result worked out by hand (the
arithmetic is in the YAML comment above it). Fractions are written as text ("100/130") and read
here as exact fractions.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import yaml

from nplv_analysis.rules import agreement

from .conftest import DATA

CASES_DIR = Path(__file__).resolve().parent / "cases"
SOURCE_ID = "ba-heerlen-noord-2025"
TOLERANCE = 0.01  # EUR
REQUIRED = ("name", "sentence", "page", "rule", "inputs", "expected")
ALLOWED = (*REQUIRED, "note")
RULES = ("rs_estimate", "implied_base", "round_to_step", "allocate")
FRACTION = re.compile(r"^\s*(-?\d+)\s*/\s*(\d+)\s*$")


def _load_cases() -> list[tuple[str, dict]]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append((path.name, case))
    return cases


CASES = _load_cases()


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _pages() -> dict[int, str]:
    """The agreement's text by page (pages start at the lines in sources.yaml)."""
    source = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))[SOURCE_ID]
    lines = (DATA / source["text_file"]).read_text(encoding="utf-8").splitlines()
    starts = source["page_starts"]
    ends = [*starts[1:], len(lines) + 1]
    return {
        n: _normalise("\n".join(lines[start - 1 : end - 1]))
        for n, (start, end) in enumerate(zip(starts, ends, strict=True), start=1)
    }


PAGES = _pages()


def _value(raw):
    """A YAML input as the rule takes it: "100/130" -> Fraction(100, 130); lists alike."""
    if isinstance(raw, str) and (m := FRACTION.match(raw)):
        return Fraction(int(m.group(1)), int(m.group(2)))
    if isinstance(raw, list):
        return [_value(v) for v in raw]
    return raw


def _ids(cases):
    return [case.get("name", f"{file}[{i}]") for i, (file, case) in enumerate(cases)]


def test_there_are_cases_for_every_rule():
    assert len(CASES) >= 20
    covered = {case["rule"] for _, case in CASES}
    assert covered == set(RULES)


def test_case_names_are_unique():
    names = [case["name"] for _, case in CASES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(("file", "case"), CASES, ids=_ids(CASES))
def test_case_is_well_formed(file, case):
    assert set(REQUIRED) <= set(case), f"{file}: missing {set(REQUIRED) - set(case)}"
    assert set(case) <= set(ALLOWED), f"{file}: unknown fields {set(case) - set(ALLOWED)}"
    assert case["rule"] in RULES
    assert isinstance(case["inputs"], dict) and case["inputs"]
    assert isinstance(case["page"], int) and case["page"] in PAGES


@pytest.mark.parametrize(("file", "case"), CASES, ids=_ids(CASES))
def test_sentence_stands_on_its_page(file, case):
    sentence = _normalise(case["sentence"])
    page = case["page"]
    elsewhere = [n for n, text in PAGES.items() if sentence in text]
    assert sentence in PAGES[page], (
        f"{file}: {case['name']}: sentence not on page {page} of {SOURCE_ID}"
        + (f" (found on page {elsewhere})" if elsewhere else " (nowhere in the text)")
    )


@pytest.mark.parametrize(("file", "case"), CASES, ids=_ids(CASES))
def test_rule_case(file, case):
    rule = getattr(agreement, case["rule"])
    inputs = {k: _value(v) for k, v in case["inputs"].items()}
    if "band" in inputs:
        inputs["band"] = tuple(inputs["band"])
    result = rule(**inputs)
    expected = case["expected"]
    if expected is None:
        assert result is None
        return
    assert result is not None
    got = np.asarray(result, dtype=float)
    want = np.asarray(expected, dtype=float)
    assert got.shape == want.shape
    assert np.allclose(got, want, rtol=0, atol=TOLERANCE), f"{case['name']}: {result!r}"


# --- the runner itself can fail ------------------------------------------------------------------


def test_page_text_is_cut_at_the_page_starts():
    """Page 6 ends with footnote 2 and page 7 starts with "Gemeenten registreren" (lines 269 ff.
    of the text file): a case citing the wrong page is refused."""
    footnote = _normalise(
        "Vervolgens hebben we een bandbreedte toegepast van -30% en +5% voor een inschatting "
        "van de omvang van de realisatiestimulans."
    )
    assert footnote in PAGES[6]
    assert footnote not in PAGES[5] and footnote not in PAGES[7]
    assert PAGES[7].startswith("Gemeenten registreren voor de uitkering")
    assert len(PAGES) == 12


def test_fraction_text_is_read_exactly():
    assert _value("100/130") == Fraction(10, 13)
    assert _value(["-3/10", 0.05]) == [Fraction(-3, 10), 0.05]
    assert _value("pro_rata") == "pro_rata"
