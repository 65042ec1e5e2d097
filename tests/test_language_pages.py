"""Issue 24, section "Language", for the pages a reader opens: the chart source notes, the HTML
reports' shared parts (source lists, assumption links, stamp) and the index. Each test reads the
rendered output or the function that builds it; the values are written out by hand (the
agreement was signed on 24 June 2025, its funding figures stand on pages 6, 7 and 8)."""

from __future__ import annotations

import hashlib
import json
import re

import matplotlib.pyplot as plt
import pytest

from nplv_analysis.report import charts
from nplv_analysis.text import catalogue

from .conftest import DATA
from .language_scan import FILE_NAME, ISO_DATE, findings

HN = "heerlen-noord"
MONITOR = DATA / "monitor" / "illustratief-2027.csv"
PLANS = DATA / "plans" / "illustratief-heerlen-noord.csv"
AGREEMENT = "Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord"
NBSP = "\u00a0"


def _note(fig) -> str:
    """The source note under a chart, as it is drawn, on one line (its line breaks and no-break
    spaces as spaces)."""
    return " ".join(charts.source_note(fig).get_text().split())


def _clean(text: str) -> None:
    """No file name, ISO date, code (nplv_analysis) or source id in a reader's text."""
    assert not FILE_NAME.search(text), text
    assert not ISO_DATE.search(text), text
    assert "nplv_analysis" not in text and "ba-heerlen-noord-2025" not in text, text


# --- chart source notes ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def area_figs():
    from nplv_analysis.report.figures import area_figures

    figs = {lang: area_figures(HN, lang=lang, n_draws=200) for lang in ("nl", "en")}
    yield figs
    for by_lang in figs.values():
        for fig in by_lang.values():
            plt.close(fig)


def test_the_fan_charts_note_dates_in_words_and_names_the_assumptions_in_words(area_figs):
    nl = _note(area_figs["nl"]["fan"])
    assert nl == (
        f"Bron: berekend met nplv-analysis uit {AGREEMENT} (24 juni 2025), p. 6, 7, 8; "
        "aannames A13, A15 in het aannamelogboek"
    )
    en = _note(area_figs["en"]["fan"])
    assert en == (
        f"Source: computed with nplv-analysis from “{AGREEMENT}” (24 June 2025), p. 6, 7, 8; "
        "assumptions A13, A15 in the assumptions log"
    )


def test_every_area_chart_note_is_clean_in_both_languages(area_figs):
    for lang, figs in area_figs.items():
        assert set(figs) == {"funding", "payments", "fan"}
        for fig in figs.values():
            _clean(_note(fig))
        assert findings(_note(figs["payments"]), lang, []) == {}, lang


def test_an_english_note_keeps_the_quoted_title_on_one_line(area_figs):
    """The title is the source's own (Dutch) words, in quotation marks: never cut in two by the
    note's line breaks, so that it reads as one quotation."""
    drawn = charts.source_note(area_figs["en"]["funding"]).get_text()
    assert f"“{AGREEMENT.replace(' ', NBSP)}”" in drawn


@pytest.fixture(scope="module")
def midterm_figs():
    from nplv_analysis.monitor import load_monitor, midterm_review
    from nplv_analysis.report.figures import midterm_figures

    monitor = load_monitor(MONITOR)
    review = midterm_review(monitor, monitor.as_of)
    review = review[review["area_id"] == HN].reset_index(drop=True)
    figs = {
        lang: midterm_figures(review, monitor, monitor.as_of, [HN], lang) for lang in ("nl", "en")
    }
    yield figs
    for by_lang in figs.values():
        for fig in by_lang.values():
            plt.close(fig)


def test_the_midterm_notes_name_the_monitor_in_words(midterm_figs):
    nl = _note(midterm_figs["nl"]["at-risk"])
    assert nl.startswith("Bron: monitor ILLUSTRATIEF, peildatum 30 juni 2027; ")
    assert f"{AGREEMENT} (24 juni 2025), p. 5, 6, 7, 8" in nl
    assert nl.endswith("; aannames A17-A19, A34 in het aannamelogboek")
    en = _note(midterm_figs["en"]["trajectory"])
    assert en.startswith("Source: monitor ILLUSTRATIVE, reference date 30 June 2027; ")
    for lang, figs in midterm_figs.items():
        for fig in figs.values():
            _clean(_note(fig))
            assert findings(_note(fig), lang, []) == {}, lang


def test_the_funding_note_of_a_press_only_area_cites_publisher_and_date():
    from nplv_analysis.report.tables import funding_sources_note

    assert funding_sources_note("utrecht-overvecht", lang="nl") == "duic.nl, juni 2025"
    assert funding_sources_note("utrecht-overvecht", lang="en") == "duic.nl, June 2025"


# --- HTML pages: source lists, quotations, assumption links, stamp ----------------------------


def test_the_source_list_names_each_source_as_the_tables_cite_it_never_by_its_id():
    from nplv_analysis.report.tables import sources_table

    nl = sources_table(None, "nl")
    assert "ba-heerlen-noord-2025" not in nl.index and "duic-2025-06-overvecht" not in nl.index
    assert nl.loc[AGREEMENT, "Datum"] == "24 juni 2025"
    assert nl.loc["Rijksoverheid, 24 juni 2025", "Soort bron"] == "persbericht Rijk"
    assert nl.loc["duic.nl, juni 2025", "URL"].startswith("https://www.duic.nl/")
    # an English title stays as the source writes it in a Dutch run (rotterdamstyle.com)
    rotterdam = nl.loc["rotterdamstyle.com, 24 juni 2025", "Titel"]
    assert rotterdam == "Rotterdam-Zuid to receive EUR48.5m for housing plan"
    en = sources_table(HN, "en")
    quoted = f"“{AGREEMENT}”"  # the source's own words, in quotation marks
    assert list(en.index) == [quoted, "Gemeente Heerlen (via Heerlens Dagblad), 24 June 2025"]
    assert en.loc[quoted, "Title"] == quoted
    parties = "Minister van VRO en Alliantie Nationaal Programma Heerlen Noord"
    assert en.loc[quoted, "Publisher"] == f"“{parties}”"
    assert sources_table(HN, "nl").loc[AGREEMENT, "Uitgever"] == parties


def test_an_english_report_quotes_the_sources_own_words():
    from nplv_analysis.report.tables import area_intro, funding_table, housing_table

    assert f"(“{AGREEMENT}”, p. 9)" in area_intro(HN, "en")
    assert f"({AGREEMENT}, p. 9)" in area_intro(HN, "nl")
    funding = funding_table(HN, "en")
    assert funding.loc["ORV (public space, facilities)", "Source"] == f"“{AGREEMENT}”, p. 7"
    quotes = housing_table(HN, "en")["Quote from the source"]
    assert quotes.loc["Starts as stated in the text"] == (
        "“In totaal is de startbouw van circa 2.250 woningen voorzien in de periode 2025-2029.”"
    )


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_shared_page_texts_name_no_file(lang):
    """The closing line, the index's introduction and the plan report's texts: words, no file
    names (the link's address keeps the file); no word of the other language in them."""
    texts = catalogue(lang)
    ids = [
        "assumptions_link",
        "index.intro",
        "computed_note",
        "plans_report.title",
        "plans_report.title_illustrative",
        "plans_report.intro",
        "plans_report.estimate",
        "plans_report.estimate_none",
        "plans_report.assumptions",
        "stamp.monitor",
        "stamp.monitor_illustrative",
        "stamp.plans",
        "stamp.plans_illustrative",
    ]
    for key in ids:
        assert not FILE_NAME.search(texts[key]), key
        assert "{file}" not in texts[key], key
        words = re.sub(r"\{[^}]*\}|\([^)]*\]|\[|\]", " ", texts[key])
        assert findings(words, lang, []) == {}, (key, texts[key])


def test_the_stamp_identifies_monitor_and_plan_list_by_words_and_hash():
    from nplv_analysis.pipeline.manifest import ReportJob
    from nplv_analysis.pipeline.stamps import data_key
    from nplv_analysis.report.page import report_stamp

    key = hashlib.sha256(MONITOR.read_bytes()).hexdigest()[:12]
    job = ReportJob("midterm_review.ipynb", HN, {"area_id": HN, "monitor_file": str(MONITOR)})
    stamp = report_stamp(job, lang="nl", data_key=data_key())[-1]
    assert stamp == (
        "monitor ILLUSTRATIEF, peildatum 30 juni 2027 (gegenereerde cijfers, geen waarnemingen), "
        f"hash van het bestand {key}"
    )
    plans_key = hashlib.sha256(PLANS.read_bytes()).hexdigest()[:12]
    job = ReportJob("plans_report.ipynb", HN, {"area_id": HN, "plans_file": str(PLANS)})
    stamp = report_stamp(job, lang="en", data_key=data_key())[-1]
    assert stamp == (
        "plan list ILLUSTRATIVE (invented projects, not a municipality's plans), "
        f"hash of the file {plans_key}"
    )


# --- the index ---------------------------------------------------------------------------------


def test_index_link_texts_say_what_the_file_is_in_words():
    from nplv_analysis.report.page import file_label

    assert file_label("payments.svg") == "Grafiek: betalingen per jaar (SVG)"
    assert file_label("payments.csv", "en") == "Table: payments per year (CSV)"
    assert file_label("tables.xlsx") == "Werkboek: alle tabellen van het rapport (Excel)"
    assert file_label("midterm-2027-illustratief.xlsx", "en") == (
        "Workbook: ILLUSTRATIVE mid-term review (Excel)"
    )
    assert file_label("trajectory-groningen-noord.png") == (
        "Grafiek: startbouw gepland, gerealiseerd en verwacht, Groningen Noord (PNG)"
    )
    assert file_label("comparison-excel-nl.csv") == (
        "Tabel: vergelijking van de scenario's (CSV voor Nederlandse Excel)"
    )
    assert file_label("something-new.csv") == "Tabel: ander bestand (CSV)"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_index_shows_words_and_keeps_the_file_name_in_the_address(tmp_path, lang):
    from nplv_analysis.pipeline.index import write_index
    from nplv_analysis.pipeline.manifest import ReportJob

    folder = tmp_path / HN
    folder.mkdir()
    charts = ["payments.svg", "payments.png", "tables.xlsx", "fan.svg"]
    for name in ("area_report.html", *charts):
        (folder / name).write_text("x", encoding="utf-8")
    # the files the report's run recorded in its executed notebook
    meta = {"metadata": {"nplv": {"files": charts}}}
    (folder / "area_report.ipynb").write_text(json.dumps(meta), encoding="utf-8")
    job = ReportJob("area_report.ipynb", HN, {"area_id": HN})
    html = write_index(tmp_path, [job], [], lang=lang).read_text(encoding="utf-8")
    links = dict(re.findall(r'<a href="([^"]+)">([^<]+)</a>', html))
    texts = list(links.values())
    assert not [x for x in texts if FILE_NAME.search(x)], texts
    chart = {"nl": "Grafiek: betalingen per jaar (SVG)", "en": "Chart: payments per year (SVG)"}
    assert links[f"{HN}/payments.svg"] == chart[lang]
    assert texts.index(chart[lang]) < texts.index(links[f"{HN}/tables.xlsx"])  # charts first
    log = "aannamelogboek" if lang == "nl" else "assumptions log"
    assert [h for h, x in links.items() if x == log][0].endswith("docs/assumptions.md")


def test_an_english_housing_table_has_no_dutch_outside_the_quotations():
    """The rows of the agreement's table ("Puur NPLV", "Grootschalig onderdeel van NPLV") are
    named in English; the source's own words stay, in quotation marks, in the quote column."""
    from nplv_analysis.report.tables import housing_table

    table = housing_table(HN, "en")
    assert "NPLV only, all" in table.index and "Large-scale part of NPLV, all" in table.index
    assert table.loc["NPLV only, all", "Quote from the source"] == "“Puur NPLV 2.352 1.775”"
    for column in table.columns:
        for cell in [*table.index, *table[column]]:
            assert findings(str(cell), "en", []) == {}, (column, cell)
