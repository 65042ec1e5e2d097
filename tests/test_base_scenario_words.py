"""Issue 24, framing 1 and 2: say only what the source says.

1. The allocation rule under the national ceilings is an assumption (A22): the agreement names
   no rule for claims above the ceiling, it says only "Dit stimuleert gemeenten om aan de slag te
   gaan" (Heerlen Noord, page 7). The computed default is the *basisscenario (berekend)*, never
   "de afspraak zoals die geldt"; a difference is against the base scenario, never "tegenover de
   afspraak" (the agreed EUR 10 mln ORV drawing right is + 1,0 mln against the base scenario's
   computed 9,0 mln under the ceiling, 10 x 180/200).
2. EUR 7,6 mln (1,413 x 100/130 x EUR 7,000 = 7,608,461.54) is the estimate before the band
   (-30%/+5%, footnote 2, page 6), not the middle of EUR 5,3-8,0 mln (that is 6,65): the
   *inschatting vóór de bandbreedte (afgeleid)*. The triangular draw on 70%-105% has its median
   below its mode: 0.7 + sqrt(0.35 x 0.3 / 2) = 92.9%.

Every expected text is written out by hand and read back from what a reader gets.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from nplv_analysis.apps.explorer import Explorer  # noqa: E402
from nplv_analysis.engine import Scenario, draw_description_values  # noqa: E402
from nplv_analysis.text import catalogue, t  # noqa: E402

from .conftest import PROJECT  # noqa: E402

HN = "heerlen-noord"
QUOTE = '"Dit stimuleert gemeenten om aan de slag te gaan"'
NEVER_NL = (
    "zoals die geldt",
    "midden van de inschatting",
    "middenwaarde",
    "tegenover de afspraak",
    "terug naar de afspraak",
)
NEVER_EN = ("in force", "middle of the estimate", "central value", "back to the agreement")


def _flat(text: str) -> str:
    """Text as a reader sees it: tags and entities gone, every run of spaces one space."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def _never(text: str, where: str, lang: str = "nl") -> None:
    found = [p for p in (NEVER_NL if lang == "nl" else NEVER_EN) if p in text]
    assert not found, (where, found)


# --- the catalogue and the shipped scenario files ----------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_catalogue_text_calls_the_computed_default_the_agreement(lang):
    for key, text in catalogue(lang).items():
        _never(str(text), key, lang)


def test_the_shipped_base_scenario_file_says_what_it_is():
    from nplv_analysis.engine import load_scenarios

    folder = PROJECT / "data" / "scenarios"
    assert not (folder / "0-afspraak.yaml").exists()
    first = next(iter(load_scenarios().items()))
    key, named = first
    assert key == "basisscenario" and named.scenario.overrides() == {}
    assert named.title("nl") == "basisscenario (berekend)"
    assert named.title("en") == "base scenario (computed)"
    assert "Die verdeelregel is een aanname (A22)" in named.description["nl"]
    assert QUOTE in named.description["nl"]
    assert "That allocation rule is an assumption (A22)" in named.description["en"]
    for path in folder.iterdir():
        text = path.read_text(encoding="utf-8")
        _never(text, path.name)
        _never(text, path.name, "en")


# --- item 1: the area report, the overview, the stamp --------------------------------------------


def test_the_area_report_names_the_base_scenario_and_its_assumption():
    from nplv_analysis.report.figures import scenario_words
    from nplv_analysis.report.tables import agreement_fields

    intro = t("intro_scenario", "nl").format(**agreement_fields("nl"))
    assert "Het standaardscenario is het *basisscenario (berekend)*" in intro
    assert "*wie het eerst komt*). Die verdeelregel is een aanname (A22)" in intro
    assert (
        "de afspraak noemt geen regel voor declaraties boven het plafond, alleen "
        f"{QUOTE} (bestuurlijke afspraak Heerlen Noord, p. 7)"
    ) in intro
    ceilings = t("intro_ceilings", "nl").format(**agreement_fields("nl"))
    assert "Het standaardscenario is het *basisscenario (berekend)*" in ceilings
    assert "Die verdeelregel is een aanname (A22)" in ceilings
    # the stamp at each report's foot
    assert scenario_words({}, "nl") == "basisscenario (berekend)"
    assert scenario_words({}, "en") == "base scenario (computed)"
    english = t("intro_scenario", "en").format(**agreement_fields("en"))
    assert "The default scenario is the *base scenario (computed)*" in english
    assert "That allocation rule is an assumption (A22)" in english


# --- item 1: the comparison ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    from nplv_analysis.report.comparison import run_comparison

    return run_comparison(None, HN, "nl", n_draws=50)


def test_the_comparison_holds_the_orv_right_against_the_base_scenario(shipped):
    from nplv_analysis.report import charts
    from nplv_analysis.report.comparison import baseline_words, method_notes, totals_table

    assert shipped.names[0] == "basisscenario (berekend)"
    assert baseline_words(shipped, "nl") == "het basisscenario"
    # ORV without a ceiling: the drawing right itself, EUR 10,000,000 (page 7), against the base
    # scenario's 10,000,000 x 180/200 = 9,000,000 under the ceiling: + 1,000,000
    table = totals_table(shipped, "nl")
    orv = "ORV (openbare ruimte en voorzieningen)"
    assert table.at[f"{orv}, berekend", "basisscenario (berekend)"] == "€ 9.000.000"
    assert table.at[f"{orv}, berekend", "zonder plafond"] == "€ 10.000.000"
    assert table.at[f"{orv}: verschil met het basisscenario", "zonder plafond"] == "+ € 1,0 mln"
    assert not any("afspraak" in str(row) for row in table.index if "verschil" in str(row))
    # the chart: the title says what the bracketed difference is against
    _, ax = plt.subplots()
    charts.scenario_totals_chart(
        shipped.figures, "orv", ax=ax, names=shipped.names, baseline=baseline_words(shipped)
    )
    title = ax.get_title(loc="left")
    assert title.startswith(
        "ORV (openbare ruimte en voorzieningen): berekend per scenario; tussen haakjes het "
        "verschil tegenover het basisscenario"
    )
    labels = [x.get_text() for x in ax.texts]
    assert "€ 10,0 mln (+ € 1,0 mln)" in labels and "€ 9,0 mln (basis)" in labels
    _never(title, "title")
    plt.close("all")
    notes = " ".join(method_notes(shipped, "nl", 50))
    assert "Bij de meegeleverde scenario's is dat het basisscenario (berekend)" in notes
    assert "data/" not in notes  # no folder or file names in reader text (issue 24)
    assert "Die verdeelregel is een aanname (A22)" in notes and QUOTE in notes


def test_a_comparison_that_starts_elsewhere_names_its_first_scenario():
    from nplv_analysis.engine import compare
    from nplv_analysis.engine.files import NamedScenario
    from nplv_analysis.report.comparison import baseline_words, totals_table

    half = NamedScenario({"nl": "de helft", "en": "half"}, Scenario(realisation=0.5))
    base = NamedScenario({"nl": "basis", "en": "base"}, Scenario())
    c = compare([half, base], HN, n_draws=50)
    assert baseline_words(c, "nl") == "het eerste scenario (de helft)"
    assert baseline_words(c, "en") == "the first scenario (de helft)"  # the name as given
    # 7,608,461.54 - 3,804,230.77 = + 3,804,230.77
    rs = "Realisatiestimulans: verschil met het eerste scenario (de helft)"
    assert totals_table(c, "nl").at[rs, "basis"] == "+ € 3,8 mln"


# --- item 1: the workshop -----------------------------------------------------------------------


def test_the_workshop_shows_the_orv_right_against_the_base_scenario():
    ex = Explorer()
    assert ex.buttons["basisscenario"].description == "terug naar het basisscenario"
    assert ex.heading.value.count("Heerlen Noord: wat verandert er tegenover het basisscenario?")
    ex.apply_preset("zonder-plafond")
    orv = ex.figures().set_index("instrument").loc["orv"]
    assert orv["scenario_eur"] == pytest.approx(10_000_000)
    assert orv["agreement_eur"] == pytest.approx(9_000_000)  # 10 x 180/200, first come
    cards = _flat(ex.cards.value)
    assert (
        "ORV (openbare ruimte en voorzieningen) € 10,0 mln + € 1,0 mln tegenover het "
        "basisscenario basisscenario (berekend): € 9,0 mln trekkingsrecht (maximum): € 10,0 mln"
    ) in cards
    page = " ".join(
        [cards, _flat(ex.heading.value), _flat(ex.table.value), ex.chart_title]
        + [b.description for b in ex.buttons.values()]
    )
    _never(page, "workshop")
    # the chart's grey ghost bars are the base scenario's
    legend = [" ".join(x.get_text().split()) for x in ex.ax.get_legend().get_texts()]
    assert "basisscenario (berekend, grijs)" in legend
    # the export names a field left unset as the base scenario's, not the agreement's
    sheet = ex.scenario_sheet(ex.scenario())
    shown = dict(zip(sheet.iloc[:, 2], sheet.iloc[:, 1], strict=True))
    assert shown["starts"] == "niet gezet: zoals in het basisscenario"
    _never(sheet.to_string(), "export")


def test_the_english_workshop_says_base_scenario():
    ex = Explorer(lang="en")
    assert ex.buttons["basisscenario"].description == "back to the base scenario"
    assert "what changes against the base scenario?" in ex.heading.value
    cards = _flat(ex.cards.value)
    assert "against the base scenario" in cards and "base scenario (computed): € 7.6 mln" in cards
    _never(cards, "workshop en", "en")


# --- item 2: the estimate before the band -------------------------------------------------------


def test_the_fan_chart_says_what_its_median_is_and_why():
    v = draw_description_values(Scenario())
    assert v["median"] == pytest.approx(0.7 + (0.35 * 0.3 / 2) ** 0.5)  # 0.92913
    assert v["median_code"] == "fan_drawn.median_below"
    from nplv_analysis.report.figures import area_figures

    figs = area_figures(HN, Scenario(), n_draws=50)
    note = " ".join(x.get_text() for ax in figs["fan"].axes for x in ax.texts)
    note = re.sub(r"\s+", " ", note)
    assert (
        "Getrokken: de realisatie tussen 70% en 105% van de inschatting vóór de bandbreedte "
        "(afgeleid), uit een driehoeksverdeling (meest waarschijnlijk 100%), geen extra "
        "vertraging; ORV en capaciteit volgen het scenario. De mediaan van de realisatie (de lijn "
        "P50) is 92,9% daarvan, minder dan de meest waarschijnlijke 100%: de verdeling reikt "
        "verder omlaag (tot 70%) dan omhoog (tot 105%)."
    ) in note
    _never(note, "fan chart")
    plt.close("all")


def test_a_symmetric_or_given_draw_adds_no_median_sentence():
    v = draw_description_values(Scenario(), realisation_band=(-0.2, 0.2))
    assert v["median"] == pytest.approx(1.0) and v["median_code"] == "fan_drawn.median_at_mode"
    assert t(v["median_code"], "nl", **v) == ""
    # a band reaching further up than down: the median above the mode
    v = draw_description_values(Scenario(), realisation_band=(-0.05, 0.3))
    assert v["median_code"] == "fan_drawn.median_above"
    assert t(v["median_code"], "en", **v) == (
        " The median realisation (the P50 line) is 107.1% of it, more than the most likely "
        "100%: the distribution reaches further up (to 130%) than down (to 95%)."
    )  # 1.3 - sqrt(0.35 x 0.3 / 2) = 1.0709


def test_the_midterm_review_names_the_estimate_before_the_band():
    from nplv_analysis.report.tables import agreement_fields

    text = t("midterm_assumptions", "nl").format(
        **agreement_fields("nl"), on_course="0,9", attention="0,7"
    )
    assert (
        "De *verwachte realisatiestimulans* is de inschatting vóór de bandbreedte (*afgeleid*): "
        "de grondslag die de gepubliceerde bandbreedte oplevert, maal de standaardcorrectie en "
        "€ 7.000 per woning; de gepubliceerde inschatting ligt van -30% tot +5% om dat bedrag."
    ) in text
    assert t("expected_2029", "nl") == "inschatting vóór de bandbreedte (afgeleid)"


def test_the_at_risk_chart_names_the_estimate_before_the_band():
    from nplv_analysis.monitor import load_monitor, midterm_review
    from nplv_analysis.report.figures import midterm_figures

    monitor = load_monitor(PROJECT / "data" / "monitor" / "illustratief-2027.csv")
    review = midterm_review(monitor, "2027-06-30")
    ax = midterm_figures(review, monitor, "2027-06-30", [HN])["at-risk"].axes[0]
    ticks = [x.get_text() for x in ax.get_yticklabels()]
    # the instrument as a heading row, its bars named below it (issue 25: a shorter left margin)
    i = ticks.index("Realisatiestimulans")
    assert ticks[i + 1] == "inschatting vóór de bandbreedte (afgeleid)"
    # 1,413 x 100/130 x 7,000 = 7,608,461.54, the bar's length in EUR mln
    assert any(abs(p.get_width() - 7.60846154) < 1e-6 for p in ax.patches)
    plt.close("all")


# --- the rendered reports of a Dutch run --------------------------------------------------------


@pytest.mark.slow
def test_a_dutch_run_says_basisscenario_and_never_the_old_words(tmp_path):
    import openpyxl

    from nplv_analysis.pipeline.manifest import DEFAULT_MANIFEST
    from nplv_analysis.pipeline.run import run_reports

    out = tmp_path / "reports"
    result = run_reports(DEFAULT_MANIFEST, out, only=[HN, "national"], jobs=2)
    assert result.ok, result.summary()
    texts: dict[Path, str] = {}
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".svg"):
            texts[path] = _flat(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            cells = [
                str(c)
                for ws in book.worksheets
                for row in ws.iter_rows(values_only=True)
                for c in row
            ]
            texts[path] = " ".join(cells)
    assert len([p for p in texts if p.suffix == ".svg"]) > 10
    for path, text in texts.items():
        _never(text, str(path.relative_to(out)))
    area = texts[out / HN / "area_report.html"]
    assert "scenario: basisscenario (berekend)" in area
    assert "Het standaardscenario is het basisscenario (berekend)" in area
    assert "Die verdeelregel is een aanname (A22)" in area and QUOTE in area
    assert "inschatting vóór de bandbreedte (afgeleid)" in area
    fan = texts[out / HN / "fan.svg"]
    assert "inschatting vóór de bandbreedte" in fan and "92,9%" in fan
    comparison = texts[out / HN / "scenario-comparison.html"]
    assert "basisscenario (berekend)" in comparison
    assert "verschil met het basisscenario" in comparison
    totals = texts[out / HN / "comparison-totals.svg"]
    assert "tegenover het basisscenario" in totals and "(+ € 1,0 mln)" in totals
    midterm = texts[out / HN / "midterm-2027.html"]
    assert "inschatting vóór de bandbreedte" in midterm
    overview = texts[out / "national" / "national_overview.html"]
    assert "Die verdeelregel is een aanname (A22)" in overview


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("nl", "wie het eerst komt (basisscenario; aanname A22)"),
        ("en", "first come, first served (base scenario; assumption A22)"),
    ],
)
def test_the_allocation_chart_marks_the_base_rule_as_an_assumption(lang, label):
    """Issue 24: the agreement names no rule for claims above the ceiling; the legend of the
    allocation chart says which rule the base scenario assumes, and that it is an assumption."""
    from nplv_analysis.engine import allocation_comparison
    from nplv_analysis.report import charts

    fig, ax = plt.subplots()
    charts.allocation_chart(
        allocation_comparison(Scenario(), ["heerlen-noord"]), "orv", ax=ax, lang=lang
    )
    labels = [line.get_label() for line in ax.get_lines()]
    plt.close(fig)
    assert label in labels
