"""One parameter tree, read from data/: every layer computes with the data folder's numbers.

The per-home case of issue 9: a data folder with ``realisatiestimulans.per_home: 8000`` must
re-derive the eligible base with EUR 8,000 *and* pay EUR 8,000 a home, everywhere.

By hand, with EUR 8,000 x 100/130 and the band -30%/+5% (page 6): a base b gives the published
EUR 5.3 mln low end when b x 4,307.69 rounds to 5.3 mln (b = 1,219 to 1,241) and EUR 8.0 mln high
end when b x 6,461.54 rounds to 8.0 mln (b = 1,231 to 1,245): b = 1,231 to 1,241, middle 1,236;
central estimate 1,236 x 100/130 x 8,000 = EUR 7,606,153.85 (inside 5.3-8.0 mln).
"""

from __future__ import annotations

import io
import re
import tokenize
from fractions import Fraction
from pathlib import Path

import pytest

from nplv_analysis.data import DataError, load_parameters
from nplv_analysis.engine import Scenario, engine_inputs, totals

from .conftest import PROJECT, edit_yaml

RS_8000 = 7_606_153.85
RS_7000 = 7_608_461.54  # 1,413 x 100/130 x 7,000


@pytest.fixture
def per_home_8000(data_copy: Path) -> Path:
    def change(obj):
        obj["figures"]["realisatiestimulans.per_home"]["value"] = 8000

    edit_yaml(data_copy / "national.yaml", change)
    return data_copy


def test_the_shipped_tree_is_the_agreement():
    p = load_parameters()
    assert p.per_home == 7000  # page 6: "circa € 7000,-"
    assert p.correction == Fraction(100, 130)  # footnote 2, page 6
    assert p.band == (Fraction(-30, 100), Fraction(5, 100))
    assert p.years == (2025, 2026, 2027, 2028, 2029)  # "in de periode 2025 t/m 2029"
    assert p.rs_payment_lag == 1  # starts of 2025 paid in 2026 (page 6)
    assert p.price_level_year == 2025  # "prijspeil 2025" (pages 7-8)
    assert p.ceilings == {"orv": 180_000_000, "capaciteit": 50_000_000}
    assert p.national_claims == {"orv": 200_000_000, "capaciteit": 60_000_000}
    assert p.at_least == {"orv": True, "capaciteit": False}  # "ruim € 200 mln"
    assert p.midterm_year == 2027  # page 3


def test_engine_rederives_the_base_and_pays_with_the_data_amount(per_home_8000):
    c = engine_inputs(per_home_8000).claimant("heerlen-noord")
    assert c.rs_expected_homes == pytest.approx(1236 * 100 / 130)
    tot = totals(None, ["heerlen-noord"], per_home_8000).set_index("instrument")
    assert tot.at["realisatiestimulans", "gross_eur"] == pytest.approx(RS_8000, abs=0.01)
    assert tot.at["realisatiestimulans", "position"] == "within"
    # the shipped data still gives the EUR 7,000 figure
    shipped = totals(None, ["heerlen-noord"]).set_index("instrument")
    assert shipped.at["realisatiestimulans", "gross_eur"] == pytest.approx(RS_7000, abs=0.01)


def test_a_scenario_amount_overrides_the_tree(per_home_8000):
    tot = totals(Scenario(per_home=7000), ["heerlen-noord"], per_home_8000)
    rs = tot.set_index("instrument").at["realisatiestimulans", "gross_eur"]
    assert rs == pytest.approx(1236 * 100 / 130 * 7000, abs=0.01)


def test_midterm_review_uses_the_data_amount(per_home_8000):
    from nplv_analysis.monitor import load_monitor, midterm_review

    monitor = load_monitor(per_home_8000 / "monitor" / "illustratief-2027.csv", per_home_8000)
    review = midterm_review(monitor, "2027-06-30", data_dir=per_home_8000).set_index("area_id")
    row = review.loc["heerlen-noord"]
    assert row["rs_expected_eur"] == pytest.approx(RS_8000, abs=0.01)
    # projected = registered so far / share of the window passed x EUR 8,000
    expected = row["rs_registered_homes_to_date"] / row["time_share"] * 8000
    assert row["rs_projected_eur"] == pytest.approx(expected)


def test_explorer_starts_from_the_data_amount(per_home_8000):
    from nplv_analysis.apps.explorer import Explorer

    ex = Explorer(data_dir=per_home_8000)
    assert ex.controls["per_home"].value == 8000
    rs = ex.totals.set_index("instrument").at["realisatiestimulans", "gross_eur"]
    assert rs == pytest.approx(RS_8000, abs=0.01)
    ex.controls["per_home"].value = 7000
    ex.apply_preset("basisscenario")  # back to the base scenario: the data's amount again
    assert ex.controls["per_home"].value == 8000


def test_report_tables_show_the_data_amount(per_home_8000):
    from nplv_analysis.report.export import area_tables
    from nplv_analysis.report.tables import scenario_table

    shown = scenario_table(Scenario(), "nl", per_home_8000)
    assert "€ 8.000" in shown.to_string()
    tot = area_tables("heerlen-noord", None, per_home_8000)["totals"].set_index("instrument")
    assert tot.at["realisatiestimulans", "gross_eur"] == pytest.approx(RS_8000, abs=0.01)


def test_a_missing_parameter_names_file_and_key(data_copy):
    def change(obj):
        del obj["figures"]["midterm_review.year"]

    edit_yaml(data_copy / "national.yaml", change)
    with pytest.raises(DataError, match=r"national\.yaml: key 'midterm_review\.year': missing"):
        load_parameters(data_copy)


def test_payment_years_must_follow_the_window_alike(data_copy):
    def change(obj):
        obj["figures"]["realisatiestimulans.last_payment_year"]["value"] = 2031

    edit_yaml(data_copy / "national.yaml", change)
    with pytest.raises(DataError, match="last_payment_year"):
        load_parameters(data_copy)


# --- no literal of the agreement outside data/ ------------------------------------------------

FORBIDDEN_NUMBERS = {
    7000: "amount per home",
    130: "the 100/130 correction",
    1.05: "the +5% band",
    -0.3: "the -30% band",
    2025: "the start window",
    2026: "a payment year",
    2029: "the start window",
    2030: "a payment year",
    180e6: "the ORV ceiling",
    50e6: "the capacity ceiling",
    200e6: "the ORV drawing rights",
    60e6: "the capacity drawing rights",
}
"""Numbers of the agreement that no code may write: they come from the parameter tree."""

FORBIDDEN_TEXT = re.compile(
    r"7[.,]000|100\s*/\s*130|(?:180|200|50|60)\s*(?:mln|miljoen)|[14]0[.,]000\s+(?:woningen|homes)"
)
"""The same numbers as a reader sees them, in strings and text catalogues."""


def _code_files() -> list[Path]:
    return sorted((PROJECT / "nplv_analysis").rglob("*.py"))


def _number(token: str) -> float | None:
    try:
        return float(token.replace("_", ""))
    except ValueError:
        return None


def _literals(source: str):
    """(line, kind, text) for every number and string token of Python source; a negative
    number keeps its sign."""
    sign, before = "", None
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.NUMBER, tokenize.STRING):
            yield tok.start[0], tok.type, sign + tok.string
        unary = before is None or (before.type == tokenize.OP and before.string not in ")]}")
        sign = "-" if tok.type == tokenize.OP and tok.string == "-" and unary else ""
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            before = tok


def test_no_agreement_number_in_code_or_notebooks():
    import json

    sources = {str(p.relative_to(PROJECT)): p.read_text(encoding="utf-8") for p in _code_files()}
    for nb in sorted((PROJECT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        code = [
            "".join(c["source"]) for c in cells if c["cell_type"] == "code"
        ]  # markdown cells are checked as text below
        sources[str(nb.relative_to(PROJECT))] = "\n".join(
            line for cell in code for line in cell.splitlines() if not line.startswith("%")
        )
        for c in cells:
            if c["cell_type"] == "markdown":
                text = "".join(c["source"])
                assert not FORBIDDEN_TEXT.search(text), f"{nb.name}: {text[:80]}"
    found = []
    for name, source in sources.items():
        for line, kind, text in _literals(source):
            if kind == tokenize.NUMBER:
                value = _number(text)
                if value in FORBIDDEN_NUMBERS:
                    found.append(f"{name}:{line}: {text} ({FORBIDDEN_NUMBERS[value]})")
            elif FORBIDDEN_TEXT.search(text) and not text.lstrip("rbuRBU").startswith('"""'):
                found.append(f"{name}:{line}: {FORBIDDEN_TEXT.search(text).group(0)!r}")
    assert not found, "literals of the agreement outside data/:\n" + "\n".join(found)


def test_no_agreement_number_in_the_text_catalogues():
    for path in sorted((PROJECT / "nplv_analysis").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        hits = [m.group(0) for m in FORBIDDEN_TEXT.finditer(text)]
        assert not hits, f"{path.name}: {hits}"
