"""Reader tables (issue 13): the numbers behind the payments chart as a table, text left and
numbers right, amounts that never wrap, dates in words."""

from nplv_analysis.engine import Scenario
from nplv_analysis.report.tables import (
    area_intro,
    keep_together,
    payments_table,
    sources_table,
    styled,
)

HN = "heerlen-noord"


def test_payments_per_year_as_a_table():
    """Per year 2026-2029: realisatiestimulans 7,608,461.54 / 5 = 1,521,692.31, ORV 2,000,000,
    capacity 860,000; 2030 under the ceilings: ORV 1,000,000 and capacity 143,333.33 (first come
    first served). ORV net is gross / 1.21; the realisatiestimulans and capacity are net = gross,
    so they have no net row."""
    table = payments_table(Scenario(), HN)
    assert list(table.columns) == ["2026", "2027", "2028", "2029", "2030", "Totaal"]
    rs = table.loc["Realisatiestimulans, bruto (incl. btw)"]
    assert rs["2026"] == "€ 1.521.692" and rs["Totaal"] == "€ 7.608.462"
    orv = table.loc["ORV (openbare ruimte en voorzieningen), bruto (incl. btw)"]
    assert orv["2029"] == "€ 2.000.000" and orv["2030"] == "€ 1.000.000"
    assert orv["Totaal"] == "€ 9.000.000"
    net = table.loc["ORV (openbare ruimte en voorzieningen), netto (na btw-compensatiefonds)"]
    assert net["2026"] == "€ 1.652.893" and net["Totaal"] == "€ 7.438.017"
    assert table.loc["Capaciteit, bruto (incl. btw)", "2030"] == "€ 143.333"
    total = table.loc["Totaal, bruto (incl. btw)"]
    assert total["2026"] == "€ 4.381.692" and total["Totaal"] == "€ 20.191.795"
    # 7,608,461.54 + 7,438,016.53 + 3,583,333.33
    assert table.loc["Totaal, netto (na btw-compensatiefonds)", "Totaal"] == "€ 18.629.811"
    assert not any("Realisatiestimulans, netto" in r for r in table.index)


def test_payments_table_of_an_area_without_figures_is_empty():
    assert payments_table(Scenario(), "groningen-noord").empty


def test_text_left_numbers_right_and_unwrapped():
    html = styled(payments_table(Scenario(), HN)).to_html()
    assert "text-align: right" in html and "white-space: nowrap" in html
    sources = styled(sources_table(HN)).to_html()
    assert "text-align: left" in sources


def test_dates_in_words():
    src = sources_table(HN)
    agreement = "Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord"
    assert src.loc[agreement, "Datum"] == "24 juni 2025"  # listed by name, not by id
    assert "Getekend in Utrecht op 24 juni 2025" in area_intro(HN)
    assert "signed in Utrecht on 24 June 2025" in area_intro(HN, "en").replace("Signed", "signed")


def test_amounts_in_prose_stay_on_one_line():
    assert (
        keep_together("tot € 180,0 mln en € 7.000") == "tot €\u00a0180,0\u00a0mln en €\u00a07.000"
    )


def test_amounts_in_table_cells_stay_on_one_line():
    from nplv_analysis.report.tables import funding_table

    html = styled(funding_table(HN)).to_html()
    assert "€\u00a05.300.000 – €\u00a08.000.000" in html  # page 6


def test_the_overview_lists_every_source_with_publisher_date_and_link():
    table = sources_table(None)
    press = table.loc["duic.nl, juni 2025"]
    assert press["Soort bron"] == "nieuws" and press["Datum"] == "juni 2025"
    assert press["URL"].startswith("https://www.duic.nl/")
    agreement = "Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord"
    assert table.loc[agreement, "Uitgever"]  # every source names who published it
    html = styled(table).to_html()
    assert '<a href="https://www.duic.nl/' in html
