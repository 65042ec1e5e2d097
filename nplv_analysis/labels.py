"""Words shown to readers, in Dutch (default) and English, and numbers written their way."""

from __future__ import annotations

import math

LANGS = ("nl", "en")

TEXT: dict[str, dict[str, str]] = {
    "realisatiestimulans": {"nl": "Realisatiestimulans", "en": "Realisatiestimulans"},
    "orv": {"nl": "ORV (openbare ruimte en voorzieningen)", "en": "ORV (public space, facilities)"},
    "capaciteit": {"nl": "Capaciteit", "en": "Capaciteit (staff capacity)"},
    "totaal": {"nl": "Totaal", "en": "Total"},
    "low": {"nl": "Laag", "en": "Low"},
    "high": {"nl": "Hoog", "en": "High"},
    "amount": {"nl": "Bedrag", "en": "Amount"},
    "vat": {"nl": "Btw", "en": "VAT"},
    "status": {"nl": "Status", "en": "Status"},
    "source": {"nl": "Bron", "en": "Source"},
    "source_kind": {"nl": "Soort bron", "en": "Kind of source"},
    "page": {"nl": "Pagina", "en": "Page"},
    "qualifier": {"nl": "Kwalificatie", "en": "Qualifier"},
    "value": {"nl": "Waarde", "en": "Value"},
    "period": {"nl": "Periode", "en": "Period"},
    "note": {"nl": "Toelichting", "en": "Note"},
    "figure": {"nl": "Gegeven", "en": "Figure"},
    "published": {"nl": "gepubliceerd", "en": "published"},
    "not published": {"nl": "niet gepubliceerd", "en": "not published"},
    "not signed": {"nl": "niet getekend", "en": "not signed"},
    "not eligible": {"nl": "geen aanspraak", "en": "not eligible"},
    "incl": {"nl": "incl. btw", "en": "incl. VAT"},
    "excl": {"nl": "excl. btw", "en": "excl. VAT"},
    "none": {"nl": "", "en": ""},
    "not_stated": {"nl": "btw niet vermeld", "en": "VAT not stated"},
    "exact": {"nl": "", "en": ""},
    "circa": {"nl": "circa", "en": "about"},
    "at_least": {"nl": "minimaal", "en": "at least"},
    "at_most": {"nl": "maximaal", "en": "at most"},
    "sum_of_instruments": {"nl": "som van de instrumenten", "en": "sum of the instruments"},
    "severity": {"nl": "Ernst", "en": "Severity"},
    "error": {"nl": "fout", "en": "error"},
    "warning": {"nl": "waarschuwing", "en": "warning"},
    "info": {"nl": "info", "en": "info"},
    "check": {"nl": "Controle", "en": "Check"},
    "message": {"nl": "Bevinding", "en": "Finding"},
    "funding_title": {
        "nl": "Rijksbijdrage 2025-2029 per instrument",
        "en": "State contribution 2025-2029 by instrument",
    },
    "range": {"nl": "bandbreedte laag-hoog", "en": "range low-high"},
    "fixed": {"nl": "vast bedrag (laag = hoog)", "en": "fixed amount (low = high)"},
    "mln_axis": {"nl": "€ mln", "en": "€ mln"},
    "source_note": {"nl": "Bron", "en": "Source"},
    "page_short": {"nl": "p.", "en": "p."},
    # checks
    "quote on page": {"nl": "citaat op pagina", "en": "quote on page"},
    "sum": {"nl": "optelling", "en": "sum"},
    "summary vs. text": {"nl": "samenvatting tegenover tekst", "en": "summary vs. text"},
    "summary vs. ORV table": {
        "nl": "samenvatting tegenover ORV-tabel",
        "en": "summary vs. ORV table",
    },
    "summary vs. capacity table": {
        "nl": "samenvatting tegenover capaciteitstabel",
        "en": "summary vs. capacity table",
    },
    "text vs. ORV table": {"nl": "tekst tegenover ORV-tabel", "en": "text vs. ORV table"},
    "text vs. capacity table": {
        "nl": "tekst tegenover capaciteitstabel",
        "en": "text vs. capacity table",
    },
    "text vs. housing table": {"nl": "tekst tegenover woningtabel", "en": "text vs. housing table"},
    "minimum vs. plan": {"nl": "minimum tegenover plan", "en": "minimum vs. plan"},
    "implied VAT rate": {"nl": "afgeleid btw-tarief", "en": "implied VAT rate"},
    "realisatiestimulans base": {
        "nl": "grondslag realisatiestimulans",
        "en": "realisatiestimulans base",
    },
    "over-programming": {"nl": "overprogrammering", "en": "over-programming"},
    # report text
    "report_title": {
        "nl": "{name}: bestuurlijke afspraken woningbouw 2025-2029",
        "en": "{name}: housing agreement 2025-2029",
    },
    "intro_funding": {
        "nl": "De Rijksbijdrage per instrument zoals die in de bestuurlijke afspraken (juni 2025) "
        "of, waar die niet openbaar zijn, in persberichten en nieuws staat. Elk bedrag noemt zijn "
        "bron en pagina. Wat niemand publiceerde staat als *niet gepubliceerd*: nooit als nul en "
        "nooit geschat. Bedragen zijn incl. btw, tenzij de bron de btw niet vermeldt.",
        "en": "The state contribution by instrument as the housing agreement (June 2025) states "
        "it or, where the agreement is not public, as press releases and news report it. Every "
        "amount names its source and page. What nobody published is shown as *not published*: "
        "never as zero, never estimated. Amounts include VAT unless the source does not say.",
    },
    "heading_housing": {"nl": "## Woningbouw", "en": "## Housing"},
    "intro_housing": {
        "nl": "De afgesproken startbouw 2025-2029, met de kwalificatie waarmee de bron het getal "
        "noemt (*circa*, *minimaal*) en de woorden van de bron.",
        "en": "The agreed housing starts 2025-2029, with the qualifier the source uses "
        "(*about*, *at least*) and the source's own words.",
    },
    "heading_checks": {"nl": "## Controles op de bron", "en": "## Checks on the source"},
    "intro_checks": {
        "nl": "De rekenkundige controles van de data. Een *waarschuwing* is een inconsistentie in "
        "de bron zelf (bijvoorbeeld tekst tegenover tabel): beide getallen blijven staan zoals "
        "gedrukt.",
        "en": "The arithmetic checks of the data. A *warning* is an inconsistency in the source "
        "itself (for example text against table): both figures are kept as printed.",
    },
    "heading_sources": {"nl": "## Bronnen en aannames", "en": "## Sources and assumptions"},
    "assumptions_link": {
        "nl": "De keuzes die de bronnen openlaten staan in het "
        "[aannamelogboek](../../docs/assumptions.md) (docs/assumptions.md).",
        "en": "The choices the sources leave open are listed in the "
        "[assumptions log](../../docs/assumptions.md) (docs/assumptions.md).",
    },
    "no_data": {"nl": "*Geen gegevens gepubliceerd.*", "en": "*Nothing published.*"},
    "quote": {"nl": "Citaat uit de bron", "en": "Quote from the source"},
    "title": {"nl": "Titel", "en": "Title"},
    "date": {"nl": "Datum", "en": "Date"},
    # source kinds
    "agreement": {"nl": "bestuurlijke afspraak", "en": "agreement"},
    "regulation": {"nl": "regeling", "en": "regulation"},
    "government press release": {"nl": "persbericht Rijk", "en": "government press release"},
    "municipal press release": {"nl": "persbericht gemeente", "en": "municipal press release"},
    "municipal news": {"nl": "nieuws gemeente", "en": "municipal news"},
    "news": {"nl": "nieuws", "en": "news"},
    # figure keys
    "homes.startbouw.total": {"nl": "Startbouw 2025-2029, totaal", "en": "Starts 2025-2029, all"},
    "homes.startbouw.affordable": {
        "nl": "Startbouw 2025-2029, betaalbaar",
        "en": "Starts 2025-2029, affordable",
    },
    "homes.startbouw.text": {"nl": "Startbouw volgens tekst", "en": "Starts as stated in the text"},
    "homes.startbouw.puur_nplv.total": {"nl": "Puur NPLV, totaal", "en": "Puur NPLV, all"},
    "homes.startbouw.puur_nplv.affordable": {
        "nl": "Puur NPLV, betaalbaar",
        "en": "Puur NPLV, affordable",
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
    "homes.region_minimum": {"nl": "Minimum in de regio", "en": "Minimum in the region"},
    "homes.care.zorggeschikt": {"nl": "Zorggeschikte woningen", "en": "Care-suited homes"},
    "homes.care.zorggeclusterd": {"nl": "Zorggeclusterde woningen", "en": "Clustered care homes"},
}


def t(key: str, lang: str = "nl") -> str:
    """The reader's word for ``key``; the key itself where no translation exists."""
    if lang not in LANGS:
        raise ValueError(f"lang={lang!r}: allowed are {', '.join(LANGS)}")
    entry = TEXT.get(key)
    return entry[lang] if entry else key


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def format_number(x: float, decimals: int = 0, lang: str = "nl") -> str:
    """1234567.8 -> "1.234.568" (nl) or "1,234,568" (en)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    thousands, point = (".", ",") if lang == "nl" else (",", ".")
    sign = "-" if x < 0 else ""
    text = f"{abs(x):.{decimals}f}"
    whole, _, frac = text.partition(".")
    return sign + _group(whole, thousands) + (point + frac if frac else "")


def format_eur(x: float, lang: str = "nl", short: bool = True) -> str:
    """Euros the Dutch way: 7_500_000 -> "€ 7,5 mln"; 2.5e9 -> "€ 2,5 mld"; 7000 -> "€ 7.000".

    ``short=False`` writes every euro: "€ 8.785.123". English: "€ 7.5 mln", "€ 2.5 bn".
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if short and abs(x) >= 1e9:
        return f"€ {format_number(x / 1e9, 1, lang)} {'mld' if lang == 'nl' else 'bn'}"
    if short and abs(x) >= 1e6:
        return f"€ {format_number(x / 1e6, 1, lang)} mln"
    return f"€ {format_number(x, 0, lang)}"
