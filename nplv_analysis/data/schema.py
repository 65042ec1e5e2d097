"""The schema of the data folder: which fields, keys, units and VAT bases are allowed.

Every figure is one entry under ``figures:`` in a YAML file, in the manner of OpenFisca and
PolicyEngine parameters: one value with its unit, VAT basis, period and reference. The schema is
strict: an unknown field, an unknown figure key, a key in the wrong file (an area key in
``national.yaml``) or a unit that does not match the key's unit fails loading.

To add a kind of figure, add its key to :data:`KEYS` (and a line to ``data/README.md``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NATIONAL = "national"
"""``area_id`` of the national figures (``data/national.yaml``)."""

# --- vocabularies -------------------------------------------------------------------------------

SOURCE_KINDS = (
    "agreement",
    "regulation",
    "government press release",
    "municipal press release",
    "municipal news",
    "news",
)
PRIMARY_KINDS = frozenset({"agreement", "regulation"})
"""Source kinds whose figures must name the page they stand on (a regulation published by
article, such as a law on wetten.overheid.nl, may name the ``article`` instead)."""
ARTICLE_KINDS = frozenset({"regulation"})
"""Source kinds whose figures may cite an ``article`` ("9 lid 1") instead of a page."""

VAT_BASES = ("incl", "excl", "none", "not_stated")
"""``incl``/``excl`` btw for money; ``none`` for counts and rates; ``not_stated`` for money whose
source does not say (press figures)."""

QUALIFIERS = ("exact", "circa", "at_least", "at_most", "almost", "likely")
"""How the source states the figure: "circa 2.250" -> circa, "ruim € 200 mln", "minimaal" and
"meer dan" -> at_least, "maximaal" -> at_most, "bijna 20 miljoen" -> almost (a little under the
number: shown as "bijna", never as "maximaal"), "waarschijnlijk" (an expected date, not a fixed
one) -> likely."""

HIGH_ONLY = ("at_most", "almost")
"""Qualifiers of a figure that bounds the amount from above: a range view fills only its high
end."""

UNITS = (
    "EUR",
    "EUR_per_home",
    "EUR_per_m2",
    "homes",
    "persons",
    "areas",
    "share",
    "year",
    "quarter",
)
MONEY_UNITS = frozenset({"EUR", "EUR_per_home", "EUR_per_m2"})


@dataclass(frozen=True)
class UnitRange:
    """The plausible values of a unit: a figure outside them is refused as a typing error (an
    extra zero, a misplaced digit), never read. ``whole``: only whole numbers."""

    low: float
    high: float
    whole: bool
    why: str


UNIT_RANGES: dict[str, UnitRange] = {
    "EUR": UnitRange(0, 10**11, False, "no sum of the programme comes near EUR 100 bn"),
    "EUR_per_home": UnitRange(0, 10**6, False, "more than a home costs"),
    "EUR_per_m2": UnitRange(0, 10**5, False, "more than a m2 of building costs"),
    "homes": UnitRange(0, 10**6, True, "an eighth of all Dutch homes"),
    "persons": UnitRange(0, 10**8, True, "five times the Dutch population"),
    "areas": UnitRange(0, 1000, True, "far more areas than any programme has"),
    "share": UnitRange(0, 1, False, "a share is a part of a whole"),
    "year": UnitRange(1900, 2100, True, "a year of these agreements or of the law they cite"),
    "quarter": UnitRange(1, 4, True, "a year has four quarters"),
}
"""The plausibility range of each unit. Keys that may be negative (``KeySpec.signed``: the band
of the estimate) may go as far below zero as ``high`` is above it. Years of a period and of a
date keep to the range of ``year`` too."""

YEAR_RANGE = (int(UNIT_RANGES["year"].low), int(UNIT_RANGES["year"].high))

MAX_DIGITS = 30
"""A number in a data file has at most this many digits before and after the point; a longer
one is refused as it stands (the ranges above need far fewer)."""

PERIOD_NOT_STATED = "not_stated"
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
AREA_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FRACTION_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")

# --- fields of an entry -------------------------------------------------------------------------

FIGURE_REQUIRED = ("value", "unit", "vat", "period", "source")
FIGURE_OPTIONAL = (
    "page",
    "article",
    "qualifier",
    "quote",
    "note",
    "caveat",
    "see_also",
    "name",
)
"""``name``: the name of an ORV or capacity line item as the agreement prints it (line items
other than the template's own, see :data:`LINE_ITEMS`)."""
FIGURE_FIELDS = FIGURE_REQUIRED + FIGURE_OPTIONAL

FILE_FIELDS_AREA = ("area_id", "status", "signed", "figures")
FILE_FIELDS_NATIONAL = ("area_id", "figures")
SIGNED_FIELDS = ("date", "place", "source", "page")

SOURCE_REQUIRED = ("kind", "title", "date")
SOURCE_OPTIONAL = (
    "publisher",
    "url",
    "note",
    "text_file",
    "page_starts",
    "file",
    "pages",
    "sha256",
)
"""``file``: the copy of the original document (the PDF) in the data folder; ``pages``: its page
count; ``sha256``: the SHA-256 of that file (``python -m nplv_analysis intake`` writes them)."""

STATUS_DRAFT = "draft"
STATUS_REVIEWED = "reviewed"
STATUSES = (STATUS_DRAFT, STATUS_REVIEWED)
"""``status`` of an area file: ``draft`` (written by the intake, not yet read by a person; the
reports label its figures "concept") or ``reviewed``; a file without ``status`` was typed by
hand and counts as reviewed."""
SOURCE_FIELDS = SOURCE_REQUIRED + SOURCE_OPTIONAL

AREA_COLUMNS = (
    "area_id",
    "name",
    "municipality",
    "signed_2025",
    "orv_capaciteit_eligible",
    "source",
    "status_source",
    "status_page",
)

# --- the key catalogue --------------------------------------------------------------------------

_COUNT = frozenset({"none"})
_MONEY = frozenset({"incl", "excl", "not_stated"})
_INCL = frozenset({"incl"})
_EXCL = frozenset({"excl"})


@dataclass(frozen=True)
class KeySpec:
    """What one figure key means and how it must be stated."""

    unit: str
    vat: frozenset[str]
    scope: str  # "area", "national" or "both"
    description: str
    signed: bool = False  # may the value be negative?


def _area(unit: str, vat: frozenset[str], description: str) -> KeySpec:
    return KeySpec(unit, vat, "area", description)


def _nat(unit: str, vat: frozenset[str], description: str, signed: bool = False) -> KeySpec:
    return KeySpec(unit, vat, "national", description, signed)


def _both(unit: str, vat: frozenset[str], description: str) -> KeySpec:
    return KeySpec(unit, vat, "both", description)


KEYS: dict[str, KeySpec] = {
    # people and homes of an area
    "residents": _area("persons", _COUNT, "residents of the area"),
    "residents.share_of_municipality": _area(
        "share", _COUNT, "residents of the area as a share of the municipality's"
    ),
    "movers.in_10y": _area("persons", _COUNT, "people who moved into the area in ten years"),
    "homes.region_minimum": _area("homes", _COUNT, "homes to be built in the region"),
    "homes.area_minimum": _area("homes", _COUNT, "homes to be built in the area (minimum)"),
    "homes.area_minimum.press": _area(
        "homes", _COUNT, "homes to be built in the area (minimum), as the press states it"
    ),
    "homes.startbouw.text": _area("homes", _COUNT, "starts 2025-2029 as stated in the text"),
    "homes.startbouw.total": _area("homes", _COUNT, "starts 2025-2029, all homes"),
    "homes.startbouw.affordable": _area("homes", _COUNT, "starts 2025-2029, affordable homes"),
    "homes.startbouw.puur_nplv.total": _area("homes", _COUNT, "starts, puur NPLV, all"),
    "homes.startbouw.puur_nplv.affordable": _area("homes", _COUNT, "starts, puur NPLV, affordable"),
    "homes.startbouw.grootschalig.total": _area(
        "homes", _COUNT, "starts, grootschalig onderdeel van NPLV, all"
    ),
    "homes.startbouw.grootschalig.affordable": _area(
        "homes", _COUNT, "starts, grootschalig onderdeel van NPLV, affordable"
    ),
    "homes.care.zorggeschikt": _area("homes", _COUNT, "zorggeschikte homes put forward"),
    "homes.care.zorggeclusterd": _area("homes", _COUNT, "zorggeclusterde homes put forward"),
    # money of an area
    "realisatiestimulans.estimate.low": _area("EUR", _MONEY, "realisatiestimulans, low estimate"),
    "realisatiestimulans.estimate.high": _area("EUR", _MONEY, "realisatiestimulans, high estimate"),
    "orv.maximum": _area("EUR", _MONEY, "ORV: maximum state contribution (text)"),
    "orv.cmv.excl": _area("EUR", _EXCL, "ORV: collectieve maatschappelijke voorzieningen"),
    "orv.cmv.incl": _area("EUR", _INCL, "ORV: collectieve maatschappelijke voorzieningen"),
    "orv.bor.excl": _area("EUR", _EXCL, "ORV: bovenplanse openbare ruimte"),
    "orv.bor.incl": _area("EUR", _INCL, "ORV: bovenplanse openbare ruimte"),
    "orv.total.excl": _area("EUR", _EXCL, "ORV: total of the table"),
    "orv.total.incl": _area("EUR", _INCL, "ORV: total of the table"),
    "orv.total": _area("EUR", _MONEY, "ORV: total, VAT basis as stated (press)"),
    "orv.table.price_level_year": _area("year", _COUNT, "ORV table: price level (footnote)"),
    "orv.measures_start.first_year": _area(
        "year", _COUNT, "ORV measures: first year in which they may start"
    ),
    "orv.measures_start.last_year": _area(
        "year", _COUNT, "ORV measures: last year in which they may start"
    ),
    "capaciteit.maximum": _area("EUR", _MONEY, "capaciteit: maximum state contribution (text)"),
    "capaciteit.extra.excl": _area("EUR", _EXCL, "capaciteit: extra benodigde capaciteit"),
    "capaciteit.extra.incl": _area("EUR", _INCL, "capaciteit: extra benodigde capaciteit"),
    "capaciteit.total.excl": _area("EUR", _EXCL, "capaciteit: total of the table"),
    "capaciteit.total.incl": _area("EUR", _INCL, "capaciteit: total of the table"),
    "capaciteit.table.price_level_year": _area(
        "year", _COUNT, "capaciteit table: price level (footnote)"
    ),
    "summary.realisatiestimulans.low": _area("EUR", _MONEY, "summary table: RS low"),
    "summary.realisatiestimulans.high": _area("EUR", _MONEY, "summary table: RS high"),
    "summary.orv": _area("EUR", _MONEY, "summary table: ORV"),
    "summary.capaciteit": _area("EUR", _MONEY, "summary table: capaciteit"),
    "summary.total.low": _area("EUR", _MONEY, "summary table: total, low"),
    "summary.total.high": _area("EUR", _MONEY, "summary table: total, high"),
    "rijksbijdrage.total": _both("EUR", _MONEY, "total state contribution"),
    "rijksbijdrage.total.low": _area("EUR", _MONEY, "total state contribution, low end"),
    "rijksbijdrage.total.high": _area("EUR", _MONEY, "total state contribution, high end"),
    "rijksbijdrage.part": _area(
        "EUR",
        _MONEY,
        "part of the state contribution a source names for named projects, no instrument (press)",
    ),
    # national programme and schemes
    "areas.total": _nat("areas", _COUNT, "NPLV areas"),
    "areas.signing": _nat("areas", _COUNT, "areas that signed the 2025 housing agreements"),
    "residents.nplv_areas": _nat("persons", _COUNT, "residents of all NPLV areas"),
    "homes.accelerated": _nat("homes", _COUNT, "homes built sooner (versneld) 2025-2029"),
    "homes.extra": _nat("homes", _COUNT, "extra homes 2025-2029"),
    "homes.programme.total": _nat(
        "homes",
        _COUNT,
        "homes of the programme (sooner + extra) 2025-2029, with facilities improved and built; "
        "not starts",
    ),
    "realisatiestimulans.per_home": _nat(
        "EUR_per_home", _MONEY, "realisatiestimulans per affordable start"
    ),
    "realisatiestimulans.first_payment_year": _nat("year", _COUNT, "first payment year"),
    "realisatiestimulans.first_payment_quarter": _nat(
        "quarter", _COUNT, "quarter (1-4) of the first payment year"
    ),
    "realisatiestimulans.last_payment_year": _nat("year", _COUNT, "last payment year"),
    "realisatiestimulans.estimate_method.correction": _nat(
        "share", _COUNT, "standard correction applied to the planned affordable homes"
    ),
    "realisatiestimulans.estimate_method.band_low": _nat(
        "share", _COUNT, "low end of the estimate band", signed=True
    ),
    "realisatiestimulans.estimate_method.band_high": _nat(
        "share", _COUNT, "high end of the estimate band", signed=True
    ),
    "realisatiestimulans.budget_total": _nat("EUR", _MONEY, "budget of the whole scheme"),
    "realisatiestimulans.budget_reserved_extras": _nat(
        "EUR",
        _MONEY,
        "part of the scheme's budget reserved for specific extra contributions (woningbouw in "
        "kwetsbare gebieden)",
    ),
    "orv.budget": _nat("EUR", _MONEY, "national ORV budget (ceiling)"),
    "orv.agreed": _nat("EUR", _MONEY, "ORV drawing rights agreed, all areas"),
    "orv.price_level_year": _nat("year", _COUNT, "price level of the ORV budget and rights"),
    "capaciteit.budget": _nat("EUR", _MONEY, "national capacity budget (ceiling)"),
    "capaciteit.price_level_year": _nat(
        "year", _COUNT, "price level of the capacity budget and rights"
    ),
    "midterm_review.year": _nat("year", _COUNT, "year of the mid-term review"),
    "capaciteit.agreed": _nat("EUR", _MONEY, "capacity drawing rights agreed, all areas"),
    "ienw.infrastructure.total": _nat("EUR", _MONEY, "IenW infrastructure money"),
    "ienw.infrastructure.grootschalig": _nat("EUR", _MONEY, "of which large-scale areas"),
    "ienw.infrastructure.rest": _nat("EUR", _MONEY, "of which rest of the Netherlands"),
    "soo.max_per_m2": _nat("EUR_per_m2", _MONEY, "SOO subsidy per m2"),
    # the law
    "vat.rate_general": _nat("share", _COUNT, "general VAT rate (Wet OB 1968, art. 9 lid 1)"),
}

LABELS: dict[str, dict[str, str]] = {
    "homes.startbouw.total": {"nl": "Startbouw, totaal", "en": "Starts, all"},
    "homes.startbouw.affordable": {
        "nl": "Startbouw, betaalbaar",
        "en": "Starts, affordable",
    },
    "homes.startbouw.text": {"nl": "Startbouw volgens tekst", "en": "Starts as stated in the text"},
    "homes.startbouw.puur_nplv.total": {"nl": "Puur NPLV, totaal", "en": "NPLV only, all"},
    "homes.startbouw.puur_nplv.affordable": {
        "nl": "Puur NPLV, betaalbaar",
        "en": "NPLV only, affordable",
    },
    "homes.startbouw.grootschalig.total": {
        "nl": "Grootschalig onderdeel van NPLV, totaal",
        "en": "Large-scale part of NPLV, all",
    },
    "homes.startbouw.grootschalig.affordable": {
        "nl": "Grootschalig onderdeel van NPLV, betaalbaar",
        "en": "Large-scale part of NPLV, affordable",
    },
    "homes.area_minimum": {"nl": "Minimum in het gebied", "en": "Minimum in the area"},
    "homes.area_minimum.press": {
        "nl": "Minimum in het gebied (pers)",
        "en": "Minimum in the area (press)",
    },
    "homes.region_minimum": {"nl": "Minimum in de regio", "en": "Minimum in the region"},
    "homes.care.zorggeschikt": {"nl": "Zorggeschikte woningen", "en": "Care-suited homes"},
    "homes.care.zorggeclusterd": {"nl": "Zorggeclusterde woningen", "en": "Clustered care homes"},
    "homes.programme.total": {
        "nl": (
            "Woningen in het programma (versneld + extra), met voorzieningen verbeterd en gebouwd"
        ),
        "en": "Homes in the programme (sooner + extra), with facilities improved and built",
    },
    "residents.nplv_areas": {
        "nl": "Inwoners van de NPLV-gebieden",
        "en": "Residents of the NPLV areas",
    },
    "realisatiestimulans.first_payment_year": {
        "nl": "Realisatiestimulans: jaar van de eerste uitbetaling",
        "en": "Realisatiestimulans: year of the first payment",
    },
    "realisatiestimulans.first_payment_quarter": {
        "nl": "Realisatiestimulans: kwartaal van de eerste uitbetaling",
        "en": "Realisatiestimulans: quarter of the first payment",
    },
    "realisatiestimulans.budget_reserved_extras": {
        "nl": "Gereserveerd voor specifieke extra bijdragen (woningbouw in kwetsbare gebieden)",
        "en": "Reserved for specific extra contributions (housing in vulnerable areas)",
    },
    "orv.table.price_level_year": {
        "nl": "ORV-tabel: prijspeil",
        "en": "ORV table: price level",
    },
    "capaciteit.table.price_level_year": {
        "nl": "Capaciteitstabel: prijspeil",
        "en": "Capacity table: price level",
    },
    "orv.measures_start.first_year": {
        "nl": "ORV-maatregelen: gestart vanaf",
        "en": "ORV measures: started from",
    },
    "orv.measures_start.last_year": {
        "nl": "ORV-maatregelen: gestart tot en met",
        "en": "ORV measures: started up to and including",
    },
    "vat.rate_general": {
        "nl": "Algemeen btw-tarief",
        "en": "General VAT rate",
    },
    # issue 24: every figure key has a label, so that no reader file shows a key
    "residents": {"nl": "Inwoners van het gebied", "en": "Residents of the area"},
    "residents.share_of_municipality": {
        "nl": "Inwoners van het gebied, als aandeel van de gemeente",
        "en": "Residents of the area, as a share of the municipality",
    },
    "movers.in_10y": {
        "nl": "Nieuwe inwoners van het gebied in tien jaar",
        "en": "People who moved into the area in ten years",
    },
    "realisatiestimulans.estimate.low": {
        "nl": "Realisatiestimulans: inschatting, laag",
        "en": "Realisatiestimulans: estimate, low",
    },
    "realisatiestimulans.estimate.high": {
        "nl": "Realisatiestimulans: inschatting, hoog",
        "en": "Realisatiestimulans: estimate, high",
    },
    "orv.maximum": {
        "nl": "ORV: maximale rijksbijdrage (tekst)",
        "en": "ORV: maximum state contribution (text)",
    },
    "orv.total": {
        "nl": "ORV: totaal (btw zoals vermeld)",
        "en": "ORV: total (VAT as stated)",
    },
    "capaciteit.maximum": {
        "nl": "Capaciteit: maximale rijksbijdrage (tekst)",
        "en": "Capaciteit: maximum state contribution (text)",
    },
    "summary.realisatiestimulans.low": {
        "nl": "Samenvattende tabel: realisatiestimulans, laag",
        "en": "Summary table: realisatiestimulans, low",
    },
    "summary.realisatiestimulans.high": {
        "nl": "Samenvattende tabel: realisatiestimulans, hoog",
        "en": "Summary table: realisatiestimulans, high",
    },
    "summary.orv": {"nl": "Samenvattende tabel: ORV", "en": "Summary table: ORV"},
    "summary.capaciteit": {
        "nl": "Samenvattende tabel: capaciteit",
        "en": "Summary table: capaciteit",
    },
    "summary.total.low": {
        "nl": "Samenvattende tabel: totaal, laag",
        "en": "Summary table: total, low",
    },
    "summary.total.high": {
        "nl": "Samenvattende tabel: totaal, hoog",
        "en": "Summary table: total, high",
    },
    "rijksbijdrage.total": {"nl": "Rijksbijdrage, totaal", "en": "State contribution, total"},
    "rijksbijdrage.total.low": {
        "nl": "Rijksbijdrage, totaal, laag",
        "en": "State contribution, total, low end",
    },
    "rijksbijdrage.total.high": {
        "nl": "Rijksbijdrage, totaal, hoog",
        "en": "State contribution, total, high end",
    },
    "rijksbijdrage.part": {
        "nl": "Deel van de rijksbijdrage voor genoemde projecten (geen instrument genoemd)",
        "en": "Part of the state contribution for named projects (no instrument named)",
    },
    "areas.total": {"nl": "NPLV-gebieden", "en": "NPLV areas"},
    "areas.signing": {
        "nl": "Gebieden die de woningbouwafspraken tekenden",
        "en": "Areas that signed the housing agreements",
    },
    "homes.accelerated": {"nl": "Woningen versneld", "en": "Homes built sooner"},
    "homes.extra": {"nl": "Woningen extra", "en": "Extra homes"},
    "realisatiestimulans.per_home": {
        "nl": "Realisatiestimulans per betaalbare start",
        "en": "Realisatiestimulans per affordable start",
    },
    "realisatiestimulans.last_payment_year": {
        "nl": "Realisatiestimulans: jaar van de laatste uitbetaling",
        "en": "Realisatiestimulans: year of the last payment",
    },
    "realisatiestimulans.estimate_method.correction": {
        "nl": "Realisatiestimulans: standaardcorrectie op de geplande betaalbare woningen",
        "en": "Realisatiestimulans: standard correction on the planned affordable homes",
    },
    "realisatiestimulans.estimate_method.band_low": {
        "nl": "Realisatiestimulans: ondergrens van de bandbreedte",
        "en": "Realisatiestimulans: lower end of the band",
    },
    "realisatiestimulans.estimate_method.band_high": {
        "nl": "Realisatiestimulans: bovengrens van de bandbreedte",
        "en": "Realisatiestimulans: upper end of the band",
    },
    "realisatiestimulans.budget_total": {
        "nl": "Realisatiestimulans: budget van de hele regeling",
        "en": "Realisatiestimulans: budget of the whole scheme",
    },
    "orv.budget": {"nl": "ORV: landelijk budget (plafond)", "en": "ORV: national budget (ceiling)"},
    "orv.agreed": {
        "nl": "ORV: trekkingsrechten van alle gebieden samen",
        "en": "ORV: drawing rights of all areas together",
    },
    "orv.price_level_year": {
        "nl": "ORV: prijspeil van budget en trekkingsrechten",
        "en": "ORV: price level of budget and drawing rights",
    },
    "capaciteit.budget": {
        "nl": "Capaciteit: landelijk budget (plafond)",
        "en": "Capaciteit: national budget (ceiling)",
    },
    "capaciteit.agreed": {
        "nl": "Capaciteit: trekkingsrechten van alle gebieden samen",
        "en": "Capaciteit: drawing rights of all areas together",
    },
    "capaciteit.price_level_year": {
        "nl": "Capaciteit: prijspeil van budget en trekkingsrechten",
        "en": "Capaciteit: price level of budget and drawing rights",
    },
    "midterm_review.year": {
        "nl": "Jaar van de mid-term review",
        "en": "Year of the mid-term review",
    },
    "ienw.infrastructure.total": {
        "nl": "IenW: geld voor infrastructuurprojecten",
        "en": "IenW: money for infrastructure projects",
    },
    "ienw.infrastructure.grootschalig": {
        "nl": "IenW-infrastructuur: waarvan grootschalige gebieden",
        "en": "IenW infrastructure: of which large-scale areas",
    },
    "ienw.infrastructure.rest": {
        "nl": "IenW-infrastructuur: waarvan de rest van Nederland",
        "en": "IenW infrastructure: of which the rest of the Netherlands",
    },
    "soo.max_per_m2": {
        "nl": "SOO-subsidie per m² (maximum)",
        "en": "SOO subsidy per m² (maximum)",
    },
}
"""What a reader sees for a figure key, in Dutch and English (for the keys shown by name in
the reports; the instruments are in the text catalogue). No period in a label: the figure's own
period is shown beside it (Groningen's starts come "de komende jaren", not in 2025-2029)."""


LINE_ITEMS: dict[str, dict[str, str]] = {
    "orv": {
        "cmv": "Collectieve maatschappelijke voorzieningen",
        "bor": "Bovenplanse openbare ruimte",
    },
    "capaciteit": {"extra": "Extra benodigde capaciteit"},
}
"""The line items the template's ORV and capacity tables name, by item key. An agreement may
have other lines, each with its own name: ``orv.<item>.excl`` / ``orv.<item>.incl`` (and
``capaciteit.<item>...``) with any item key of lower-case letters, digits and ``_`` that is not
one of :data:`LINE_RESERVED`, and the printed name in the figure's ``name`` field."""

LINE_RESERVED = frozenset(
    {"total", "maximum", "table", "measures_start", "budget", "agreed", "price_level_year"}
)
"""Second parts of ORV / capacity keys that are not line items."""

LINE_KEY_RE = re.compile(r"^(orv|capaciteit)\.([a-z][a-z0-9_]{0,39})\.(excl|incl)$")


def line_item(key: str) -> tuple[str, str, str] | None:
    """(instrument, item, vat) of an ORV or capacity line-item key, else None.

    >>> line_item("orv.cmv.incl"), line_item("capaciteit.planeconomie.excl")
    (('orv', 'cmv', 'incl'), ('capaciteit', 'planeconomie', 'excl'))
    >>> line_item("orv.total.incl") is None, line_item("orv.maximum") is None
    (True, True)
    """
    m = LINE_KEY_RE.match(key) if isinstance(key, str) else None
    if m is None or m.group(2) in LINE_RESERVED:
        return None
    return m.group(1), m.group(2), m.group(3)


def key_spec(key: str) -> KeySpec | None:
    """The spec of a figure key: from :data:`KEYS`, or that of a line item; None if unknown."""
    spec = KEYS.get(key) if isinstance(key, str) else None
    if spec is not None:
        return spec
    item = line_item(key)
    if item is None:
        return None
    inst, name, vat = item
    return _area("EUR", _INCL if vat == "incl" else _EXCL, f"{inst}: line item {name}")


def key_label(key: str, lang: str = "nl", name: str | None = None) -> str:
    """The reader's name of a figure key: its label, or for a line item of the ORV or
    capacity table the instrument, the line's name (``name``, as printed, else the template's)
    and its VAT basis; KeyError for a key without either (never the key).

    >>> key_label("orv.cmv.incl")
    'ORV, Collectieve maatschappelijke voorzieningen, incl. btw'
    >>> key_label("capaciteit.planeconomie.excl", "en", "Planeconomie")
    'Capaciteit, Planeconomie, excl. VAT'
    """
    if key in LABELS:
        return LABELS[key][lang]
    stem, _, vat = key.rpartition(".") if isinstance(key, str) else ("", "", "")
    if line_item(key) is None and not re.fullmatch(r"(orv|capaciteit)\.total", stem):
        raise KeyError(f"figure key {key!r} has no label in nplv_analysis/data/schema.py LABELS")
    return f"{item_label(stem, lang, name)}, {VAT_WORDS[vat][lang]}"


VAT_WORDS = {
    "incl": {"nl": "incl. btw", "en": "incl. VAT"},
    "excl": {"nl": "excl. btw", "en": "excl. VAT"},
}

ITEM_WORDS = {
    "orv": {"nl": "ORV", "en": "ORV"},
    "capaciteit": {"nl": "Capaciteit", "en": "Capaciteit"},
    "total": {"nl": "totaal van de tabel", "en": "total of the table"},
}


def item_label(stem: str, lang: str = "nl", name: str | None = None) -> str:
    """The reader's name of a line of the ORV or capacity table without its VAT basis
    (``orv.cmv``: "ORV, Collectieve maatschappelijke voorzieningen"; ``orv.total``: "ORV,
    totaal van de tabel"): the instrument, then the line's name (``name`` as printed, else the
    template's, else the item key in words).

    >>> item_label("orv.total", "en"), item_label("capaciteit.extra")
    ('ORV, total of the table', 'Capaciteit, Extra benodigde capaciteit')
    """
    inst, _, item = stem.partition(".")
    if item == "total":
        words = ITEM_WORDS["total"][lang]
    else:
        words = name or LINE_ITEMS.get(inst, {}).get(item) or item.replace("_", " ")
    return f"{ITEM_WORDS.get(inst, {}).get(lang, inst)}, {words}"


AFFORDABLE_WITHIN_TOTAL = (
    ("homes.startbouw.affordable", "homes.startbouw.total"),
    ("homes.startbouw.puur_nplv.affordable", "homes.startbouw.puur_nplv.total"),
    ("homes.startbouw.grootschalig.affordable", "homes.startbouw.grootschalig.total"),
)
"""(affordable, total) pairs: affordable homes can never outnumber all homes."""


def instrument_of(key: str) -> str | None:
    """The funding instrument a figure key belongs to, or None for non-funding figures.

    >>> instrument_of("orv.cmv.incl"), instrument_of("summary.total.low")
    ('orv', 'totaal')
    >>> instrument_of("residents") is None
    True
    """
    parts = key.split(".")
    head = parts[1] if parts[0] == "summary" and len(parts) > 1 else parts[0]
    if head in ("realisatiestimulans", "orv", "capaciteit"):
        return head
    if head in ("total", "rijksbijdrage"):
        return "totaal"
    return None
