"""Say only what the source says (issue 24, framing items 3-6), asserted on what a reader gets:
the HTML of the reader tables, the text of the charts as saved (SVG), the cells of the CSV and
Excel files. Every expected word and number is worked out by hand from the sources:
``data/agreements/*.yaml``, ``data/sources.yaml`` and the Heerlen Noord agreement text."""

from __future__ import annotations

from html.parser import HTMLParser

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from nplv_analysis.report.charts import save_figure  # noqa: E402
from nplv_analysis.report.figures import (  # noqa: E402
    national_overview_figures,
)
from nplv_analysis.report.tables import (  # noqa: E402
    housing_table,
    styled,
)

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


@pytest.fixture(scope="module")
def national():
    figs = national_overview_figures()
    yield figs
    for fig in figs.values():
        plt.close(fig)


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
