"""Say only what the source says (issue 24, framing items 3-6), asserted on what a reader gets:
the HTML of the reader tables, the text of the charts as saved (SVG), the cells of the CSV and
Excel files. Every expected word and number is worked out by hand from the sources:
``data/agreements/*.yaml``, ``data/sources.yaml`` and the Heerlen Noord agreement text."""

from __future__ import annotations

from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from nplv_analysis.engine import Scenario  # noqa: E402
from nplv_analysis.monitor import load_monitor, midterm_review  # noqa: E402
from nplv_analysis.report.charts import save_figure  # noqa: E402
from nplv_analysis.report.export import national_tables, write_tables  # noqa: E402
from nplv_analysis.report.figures import (  # noqa: E402
    area_figures,
    midterm_figures,
)
from nplv_analysis.report.tables import (  # noqa: E402
    funding_table,
    housing_table,
    national_sources_table,
    national_table,
    styled,
    totals_table,
)

from .conftest import DATA, PROJECT  # noqa: E402

HN, GN, LO, RZ, UO, ZO = (
    "heerlen-noord",
    "groningen-noord",
    "leeuwarden-oost",
    "rotterdam-zuid",
    "utrecht-overvecht",
    "zaandam-oost",
)
PRESS_AREAS = (GN, LO, RZ, UO, ZO)
AGREEMENT = "Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord"


class _Text(HTMLParser):
    """The words of an HTML page or an SVG file, one string per text node."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))


def words(markup: str) -> list[str]:
    parser = _Text()
    parser.feed(markup)
    return parser.parts


def table_html(table: pd.DataFrame) -> list[str]:
    """The text of a reader table as the report's HTML shows it."""
    return words(styled(table).to_html())


def svg_words(fig, tmp_path, name: str) -> list[str]:
    """The text of a chart as saved next to a report (``name.svg``)."""
    paths = save_figure(fig, tmp_path, name)
    plt.close(fig)
    return words(paths[1].read_text(encoding="utf-8").replace("\u00a0", " "))


# --- item 3: press figures stay press figures -----------------------------------------------


@pytest.mark.parametrize(
    ("area", "title"),
    [
        (GN, "Rijksbijdrage per instrument (periode niet vermeld)"),
        (RZ, "Rijksbijdrage 2025-2029 per instrument"),
    ],
)
def test_a_press_range_has_a_legend_of_its_own_naming_the_news(area, title, tmp_path):
    """Groningen Noord (oogtv.nl: EUR 22.5-27 mln) and Rotterdam-Zuid (rotterdamstyle.com:
    39.4-48.5) are ranges from news items: never drawn under the agreement's "bandbreedte:
    inschatting (afspraak)". The title names a period only where the source states one:
    Rotterdam's article says 2025-2029, Groningen's none."""
    text = svg_words(area_figures(area, n_draws=20)["funding"], tmp_path, "funding")
    assert "bereik volgens nieuwsbericht" in text
    assert "bandbreedte: inschatting (afspraak)" not in text
    assert title in text


def test_the_areas_chart_names_the_kind_of_each_source(national, tmp_path):
    text = svg_words(national["areas"], tmp_path, "areas")
    legend = {
        "bereik volgens nieuwsbericht",  # Groningen Noord, Rotterdam-Zuid
        '"bijna" dit bedrag, volgens nieuwsbericht',  # Utrecht Overvecht, duic.nl
        "inschatting plus trekkingsrechten (afspraak)",  # Heerlen Noord, page 8
    }
    assert legend <= set(text)
    assert "bandbreedte: inschatting (afspraak)" not in text  # no estimate alone is drawn here
    assert "bijna € 20,0 mln (nieuws)" in text
    assert not [w for w in text if "maximaal" in w]
    assert "€ 19,6 mln – € 22,3 mln (bestuurlijke afspraak)" in text  # not "..., persbericht"


def test_press_counts_of_homes_are_called_homes_not_starts(national, tmp_path):
    """Groningen's "2.362 betaalbare woningen" (oogtv.nl), Zaandam's "plus 1481 betaalbare
    woningen" (Rijksoverheid) and Utrecht's "circa 2.000" (duic.nl) speak of homes, not of
    starts: in the national table, the homes chart and the area reports."""
    text = " ".join(svg_words(national["homes"], tmp_path, "homes"))
    assert "Groningen Noord 2.362 betaalbare woningen (nieuws)" in text
    assert "Zaandam Oost 1.481 betaalbare woningen (persbericht Rijk)" in text
    assert "Utrecht Overvecht circa 2.000 woningen (nieuws)" in text
    assert "betaalbare starts" not in text
    table = national_table()
    homes = table["Woningen"]
    assert homes["Groningen Noord"] == "2.362 betaalbare woningen"
    assert homes["Zaandam Oost"] == "1.481 betaalbare woningen"
    assert homes["Utrecht Overvecht"] == "circa 2.000 woningen"
    assert homes["Heerlen Noord"] == "startbouw 2.352"  # the agreement's table, page 5
    for area in (GN, ZO):
        shown = table_html(housing_table(area))
        assert "Betaalbare woningen (zoals de bron ze noemt)" in shown
        assert not [w for w in shown if w.startswith("Startbouw")]
    assert "Woningen (zoals de bron ze noemt)" in table_html(housing_table(UO))


def test_leeuwarden_is_an_amount_named_for_six_projects_not_orv(tmp_path):
    """Gemeente Leeuwarden, 25 November 2025: EUR 7.2 mln "uit de NPLV-woondeal" for "zes
    maatschappelijke projecten", "een eerste stap": no instrument named, so not in the ORV
    column; shown as what the source says, with its words."""
    table = national_table()
    row = table.loc["Leeuwarden-Oost"]
    assert row["ORV (openbare ruimte en voorzieningen)"] == "niet gepubliceerd"
    assert row["Totaal"] == "niet gepubliceerd; genoemd bedrag, geen instrument: € 7,2 mln"
    assert row["Soort bron"] == "nieuws gemeente"
    shown = table_html(funding_table(LO))
    at = shown.index("Genoemd bedrag, geen instrument")
    assert shown[at + 1 : at + 5] == [
        "€ 7.200.000",
        "btw niet vermeld",
        "nieuws gemeente",
        "Gemeente Leeuwarden, 25 november 2025",
    ]
    assert (
        '"een eerste stap"' in shown[at + 5] and '"zes maatschappelijke projecten"' in shown[at + 5]
    )
    assert shown.count("niet gepubliceerd") == 4  # the three instruments and the total
    areas = national_tables()["areas"].set_index("area_id")
    assert pd.isna(areas.at[LO, "orv_low_eur"])
    assert areas.at[LO, "rijksbijdrage_part_eur"] == 7_200_000


def test_bijna_stays_bijna():
    """duic.nl: "bijna 20 miljoen" is a little under 20 mln, not a maximum."""
    assert national_table().at["Utrecht Overvecht", "Totaal"] == "bijna € 20,0 mln"
    shown = table_html(funding_table(UO))
    assert "bijna € 20.000.000" in shown
    assert not [w for w in shown if "maximaal" in w]


# --- item 4: page 10 put forward, not agreed ----------------------------------------------------


def test_the_care_homes_are_put_forward_not_agreed():
    """Page 10: "Voor deze regeling zijn 384 zorggeschikte en 104 zorggeclusterde woningen
    aangedragen"; "Over deze onderwerpen kunnen nu nog geen financiële afspraken worden
    gemaakt". The word "afgesproken" does not stand on those rows."""
    table = housing_table(HN)
    for label, value in (("Zorggeschikte woningen", "384"), ("Zorggeclusterde woningen", "104")):
        row = table.loc[label]
        assert row["Soort gegeven"] == "aangedragen"
        assert row["Waarde"] == value
        assert "afgesproken" not in " ".join(row.drop("Voorbehoud van de bron"))
        caveat = row["Voorbehoud van de bron"]
        assert "niet afgesproken" in caveat  # says what it is not, in the source's words
        assert "kunnen nu nog geen financiële afspraken worden gemaakt" in caveat
        assert "De periode is afgeleid" in caveat  # item 6: the period is inferred
    html = " ".join(table_html(table))
    row_html = html[html.index("Zorggeschikte woningen") : html.index("niet afgesproken")]
    assert "afgesproken" not in row_html
    assert table.loc["Minimum in het gebied", "Soort gegeven"] == "afgesproken"  # page 4


# --- item 5: national figures cite national sources ---------------------------------------------


def _caveats_in_area_reports(area: str) -> set[str]:
    out = set()
    for table in (funding_table(area), housing_table(area)):
        if "Voorbehoud van de bron" in table.columns:
            out |= {c for c in table["Voorbehoud van de bron"] if c}
    return out


def test_every_caveat_of_an_area_report_is_in_the_national_overview():
    """Item 3: what an area report says about a source, the overview says too, next to the
    figure (in the table of sources per figure of item 5)."""
    overview = national_sources_table()
    shown = set(table_html(overview))
    for area in PRESS_AREAS:
        caveats = _caveats_in_area_reports(area)
        assert caveats, area
        assert caveats <= shown, (area, caveats - shown)
    # Utrecht's figure keeps its own caveat and words
    utrecht = overview.loc["Utrecht Overvecht"].set_index("Gegeven")
    assert utrecht.at["Totaal", "Waarde"] == "bijna € 20,0 mln"
    assert utrecht.at["Totaal", "Bron"] == "duic.nl, juni 2025"
    assert utrecht.at["Totaal", "Voorbehoud van de bron"].startswith('"Bijna 20 miljoen"')


def test_the_ceilings_cite_each_figure_and_the_government_by_name(national, tmp_path):
    """The ORV budget of EUR 180 mln is in the Rijksoverheid press release of 24 June 2025
    ("waarvan € 180 miljoen bestemd is voor openbare ruimte en voorzieningen") and on page 7;
    the other three figures stand only in the national passages of the one public agreement
    text (pages 7 and 8). Each figure names its own source and page."""
    note = " ".join(svg_words(national["ceilings"], tmp_path, "ceilings"))
    assert (
        "ORV: landelijk budget (plafond) € 180,0 mln: Rijksoverheid, 24 juni 2025; ook: "
        f"{AGREEMENT}, p. 7 (landelijke passage)"
    ) in note
    assert (
        "ORV: trekkingsrechten van alle gebieden samen ruim € 200,0 mln: "
        f"{AGREEMENT}, p. 7 (landelijke passage)"
    ) in note
    assert f"Capaciteit: landelijk budget (plafond) € 50,0 mln: {AGREEMENT}, p. 8" in note
    assert f"samen € 60,0 mln: {AGREEMENT}, p. 8 (landelijke passage)" in note
    assert "(2025-06-24), p. 7, 8" not in note  # the old note: one agreement for four figures


def test_the_homes_target_cites_the_government_for_the_50000(national, tmp_path):
    note = " ".join(svg_words(national["homes"], tmp_path, "homes"))
    assert f"Woningen versneld 40.000: {AGREEMENT}, p. 1 (landelijke passage)" in note
    assert f"Woningen extra 10.000: {AGREEMENT}, p. 1 (landelijke passage)" in note
    assert (
        "Woningen en voorzieningen verbeterd en gebouwd 50.000: Rijksoverheid, 24 juni 2025" in note
    )


def test_the_comparison_report_cites_the_ceilings_each_by_its_own_source(tmp_path):
    """The scenario comparison draws the same national ceilings: the same citations."""
    from nplv_analysis.engine import compare
    from nplv_analysis.engine.files import NamedScenario
    from nplv_analysis.report.comparison import comparison_figures

    agreement = NamedScenario({"nl": "de afspraak", "en": "the agreement"}, Scenario())
    figs = comparison_figures(compare([agreement], HN, n_draws=20))
    for name, fig in list(figs.items()):
        if name != "comparison-ceilings":
            plt.close(fig)
    note = " ".join(svg_words(figs["comparison-ceilings"], tmp_path, "comparison-ceilings"))
    assert (
        "ORV: landelijk budget (plafond) € 180,0 mln: Rijksoverheid, 24 juni 2025; ook: "
        f"{AGREEMENT}, p. 7 (landelijke passage)"
    ) in note
    assert f"Capaciteit: landelijk budget (plafond) € 50,0 mln: {AGREEMENT}, p. 8" in note
    assert "(2025-06-24), p. 7, 8" not in note


def test_the_national_overview_gives_one_source_and_page_per_figure():
    table = national_sources_table().reset_index(names="Gebied")
    rows = {(r["Gebied"], r["Gegeven"]): r for _, r in table.iterrows()}
    assert rows[("landelijk", "ORV: landelijk budget (plafond)")]["Bron"].startswith(
        "Rijksoverheid, 24 juni 2025"
    )
    assert rows[("landelijk", "Capaciteit: trekkingsrechten van alle gebieden samen")]["Bron"] == (
        f"{AGREEMENT}, p. 8 (landelijke passage)"
    )
    heerlen = {
        "Realisatiestimulans": ("€ 5,3 mln – € 8,0 mln", "p. 6"),
        "ORV (openbare ruimte en voorzieningen)": ("€ 10,0 mln", "p. 7"),
        "Capaciteit": ("€ 4,3 mln", "p. 8"),
        "Totaal": ("€ 19,6 mln – € 22,3 mln", "p. 8"),
        "Woningen": ("startbouw 2.352", "p. 5"),
    }
    for figure, (value, page) in heerlen.items():
        row = rows[("Heerlen Noord", figure)]
        assert row["Waarde"] == value
        assert row["Bron"] == f"{AGREEMENT}, {page}"
    assert rows[("Zaandam Oost", "Woningen")]["Bron"] == "Rijksoverheid, 24 juni 2025"
    assert rows[("Rotterdam-Zuid", "Totaal")]["Bron"] == "rotterdamstyle.com, 24 juni 2025"
    # every figure of the overview's table has its row: 5 of Heerlen Noord, 2 of Groningen and
    # Utrecht, 1 of Leeuwarden, Rotterdam and Zaandam, 7 national
    assert len(table) == 5 + 2 + 2 + 1 + 1 + 1 + 7


# --- item 6: the small ones ---------------------------------------------------------------------


def test_capacity_is_incl_btw_as_footnote_4_says(tmp_path):
    """Footnote 4 (page 8): "prijspeil 2025 en inclusief btw", the VAT owed to the
    btw-compensatiefonds deducted; the project infers a deduction of nil from the equal
    columns, and no longer writes that capacity is "without VAT"."""
    from nplv_analysis.data.schema import key_label

    for lang, sheet, column, words in (
        ("nl", "landelijke gegevens", "toelichting", ("Ook capaciteit is incl. btw", "voetnoot 4")),
        ("en", "national figures", "note", ("Capacity is incl. btw too", "footnote 4")),
    ):
        write_tables(national_tables(lang=lang), tmp_path / lang, lang=lang)
        ws = openpyxl.load_workbook(tmp_path / lang / "tables.xlsx")[sheet]
        header = [c.value for c in ws[1]]
        rows = ws.iter_rows(min_row=2, values_only=True)
        note = {r[0]: r[header.index(column)] for r in rows}
        vat = note[key_label("vat.rate_general", lang)]  # a workbook names a figure by its label
        assert "without VAT" not in vat and "staff cost" not in vat and "zonder btw" not in vat
        assert all(w in vat for w in words)
        assert ("afgeleid" if lang == "nl" else "inferred") in vat


def test_the_printed_excl_column_is_named_stale():
    """Page 7: the excl. column is a 21% conversion of an older 8,130,000 (6,719,008 =
    8,130,000 / 1.21): where the report shows the net by it, the column says it is stale."""
    shown = table_html(totals_table(Scenario(), HN))
    assert (
        "Scenario, netto volgens de gedrukte excl.-kolom (verouderde kolom: zie de controles)"
        in shown
    )
    assert "Scenario, netto volgens de gedrukte excl.-kolom" not in shown


def test_machine_csvs_write_exact_values(tmp_path):
    """100/130 = 0.7692307692307693 (was 0.77); ORV right / ceiling = 10 / 180 =
    0.05555555555555555 (was 0.06); euros stay to the cent."""
    write_tables({"national_figures": national_tables()["national_figures"]}, tmp_path)
    lines = (tmp_path / "national_figures.csv").read_text(encoding="utf-8").splitlines()
    (correction,) = [x for x in lines if x.startswith("realisatiestimulans.estimate_method.corr")]
    assert correction.split(",")[1] == "0.7692307692307693"
    review = midterm_review(load_monitor(DATA / "monitor" / "illustratief-2027.csv"), "2027-06-30")
    write_tables({"midterm": review}, tmp_path, book="midterm")
    table = pd.read_csv(tmp_path / "midterm.csv", dtype=str).set_index("area_id")
    assert table.at[HN, "orv_right_share_of_ceiling"] == "0.05555555555555555"
    assert table.at[HN, "rs_expected_eur"] == "7608461.54"  # 1,413 x 100/130 x 7,000, cents


def test_a14_names_the_difference_to_the_euro():
    """8,785,123 (printed excl. total, page 7) - 10,000,000 / 1.21 (8,264,462.81) = 520,660.19."""
    assert round(8_785_123 - 10_000_000 / 1.21) == 520_660
    docs = (PROJECT / "docs" / "assumptions.md").read_text(encoding="utf-8")
    assert "EUR 520,660" in docs and "520,661" not in docs


def test_inferences_in_the_data_notes_say_so():
    import yaml

    national = (DATA / "national.yaml").read_text(encoding="utf-8")
    assert "every area's agreement shares" not in national
    assert "that the other areas'\n# agreements share these passages is inferred" in national
    heerlen = yaml.safe_load((DATA / "agreements" / "heerlen-noord.yaml").read_text("utf-8"))
    figures = heerlen["figures"]
    assert figures["movers.in_10y"]["note"]["en"].startswith("The period 2015-2025 is inferred")
    assert figures["movers.in_10y"]["note"]["nl"].startswith("De periode 2015-2025 is afgeleid")
    for key in ("homes.care.zorggeschikt", "homes.care.zorggeclusterd"):
        assert "The period 2025-2029 is inferred" in figures[key]["note"]["en"]
        assert "De periode 2025-2029 is afgeleid" in figures[key]["note"]["nl"]


def test_illustrative_monitor_data_are_marked_in_the_legend(tmp_path):
    """The trajectory's legend marks the lines drawn from the illustrative monitor file."""
    monitor = load_monitor(DATA / "monitor" / "illustratief-2027.csv")
    review = midterm_review(monitor, "2027-06-30")
    figs = midterm_figures(review, monitor, "2027-06-30", [HN])
    text = svg_words(figs["trajectory"], tmp_path, "trajectory")
    plt.close(figs["at-risk"])
    assert "gerealiseerd (monitor) (ILLUSTRATIEF)" in text
    assert "geprojecteerd (huidig tempo) (ILLUSTRATIEF)" in text
    assert "gepland (inschatting afspraak, gelijk gespreid)" in text  # the agreement: not marked


# --- the reports as a run writes them -----------------------------------------------------------


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from nplv_analysis.pipeline.run import run_reports

    out = tmp_path_factory.mktemp("framing") / "reports"
    manifest = PROJECT / "notebooks" / "reports.yaml"
    result = run_reports(manifest, out, only=[HN, GN, "national"], jobs=2)
    assert result.ok, result.summary()
    return out


def _page(path) -> str:
    return " ".join(words(path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_a_report_on_press_figures_says_the_agreement_is_not_public(reports):
    page = _page(reports / GN / "area_report.html")
    assert "zoals de afspraak die noemt" not in page
    assert "de afspraak publiceert" not in page
    assert "de tekst van de afspraak van dit gebied is niet openbaar" in page
    assert "de tekst van de afspraak is niet openbaar, en persberichten en nieuws" in page
    heerlen = _page(reports / HN / "area_report.html")
    assert "De startbouw in 2025-2029 zoals de afspraak die noemt" in heerlen  # it is public


@pytest.mark.slow
def test_the_overview_page_shows_sources_and_caveats_per_figure(reports):
    page = _page(reports / "national" / "national_overview.html")
    assert "Bron en voorbehoud per gegeven" in page
    assert "Rijksoverheid, 24 juni 2025; ook: " + AGREEMENT + ", p. 7 (landelijke passage)" in page
    assert 'Het artikel noemt ze betaalbaar en spreekt van "de komende jaren"' in page


@pytest.mark.slow
def test_illustrative_monitor_files_say_so_in_their_names_and_sheet(reports):
    for folder in (reports / HN, reports / "national"):
        names = {p.name for p in folder.iterdir()}
        assert "midterm-illustratief.csv" in names and "midterm.csv" not in names
        assert "midterm-2027-illustratief.xlsx" in names and "midterm-2027.xlsx" not in names
        book = openpyxl.load_workbook(folder / "midterm-2027-illustratief.xlsx")
        assert book.sheetnames[0] == "ILLUSTRATIEF mid-term review"
        header = next(book.worksheets[0].iter_rows(max_row=1, values_only=True))
        assert header[-1] == "illustratief"  # the last column stays
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "heerlen-noord/midterm-illustratief.csv" in index
