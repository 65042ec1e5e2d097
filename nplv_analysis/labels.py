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
        "[aannamelogboek]({link}) (docs/assumptions.md).",
        "en": "The choices the sources leave open are listed in the "
        "[assumptions log]({link}) (docs/assumptions.md).",
    },
    "no_data": {"nl": "*Geen gegevens gepubliceerd.*", "en": "*Nothing published.*"},
    "quote": {"nl": "Citaat uit de bron", "en": "Quote from the source"},
    "title": {"nl": "Titel", "en": "Title"},
    "date": {"nl": "Datum", "en": "Date"},
    # charts
    "payments_title": {"nl": "Uitbetalingen per jaar", "en": "Payments by year"},
    "gross": {"nl": "bruto (incl. btw)", "en": "gross (incl. VAT)"},
    "net": {"nl": "netto (na btw-compensatiefonds)", "en": "net (after VAT compensation fund)"},
    "year": {"nl": "Jaar", "en": "Year"},
    "scenario": {"nl": "scenario", "en": "scenario"},
    "agreed": {"nl": "afgesproken", "en": "agreed"},
    "fan_title": {
        "nl": "Cumulatieve uitbetalingen: onzekerheid (P10-P90)",
        "en": "Cumulative payments: uncertainty (P10-P90)",
    },
    "p50": {"nl": "mediaan (P50)", "en": "median (P50)"},
    "p10_p90": {"nl": "P10-P90", "en": "P10-P90"},
    "ceilings_title": {
        "nl": "Trekkingsrechten tegenover het landelijke plafond",
        "en": "Drawing rights against the national ceiling",
    },
    "claims": {"nl": "afgesproken trekkingsrechten", "en": "agreed drawing rights"},
    "ceiling": {"nl": "plafond", "en": "ceiling"},
    "uncapped": {"nl": "zonder plafond", "en": "uncapped"},
    "pro_rata": {"nl": "naar rato", "en": "pro rata"},
    "first_come": {"nl": "wie het eerst komt", "en": "first come"},
    "allocation_title": {
        "nl": "Uitbetaling per jaar onder elke verdeelregel",
        "en": "Payments by year under each allocation rule",
    },
    "homes_title": {
        "nl": "Startbouw 2025-2029: afgesproken doel en gepubliceerde aantallen",
        "en": "Starts 2025-2029: target and published counts",
    },
    "target": {"nl": "doel", "en": "target"},
    "accelerated": {"nl": "versneld", "en": "accelerated"},
    "extra": {"nl": "extra", "en": "extra"},
    "published_areas": {"nl": "gepubliceerd per gebied", "en": "published per area"},
    "areas_title": {
        "nl": "Rijksbijdrage per gebied zoals gepubliceerd",
        "en": "State contribution per area as published",
    },
    "homes_axis": {"nl": "woningen", "en": "homes"},
    "illustrative": {"nl": "ILLUSTRATIEF", "en": "ILLUSTRATIVE"},
    # area intro
    "signed_line": {
        "nl": "Getekend in {place} op {date} ({ref}).",
        "en": "Signed in {place} on {date} ({ref}).",
    },
    "partial_notice": {
        "nl": "De tekst van de afspraak van dit gebied is niet openbaar. Hieronder staat alleen "
        "wat persberichten en nieuws meldden (secundaire bronnen, met hun eigen voorbehoud); al "
        "het andere is *niet gepubliceerd*.",
        "en": "This area's agreement text is not public. Below is only what press releases and "
        "news reported (secondary sources, with their own caveats); everything else is *not "
        "published*.",
    },
    "nothing_notice": {
        "nl": "Over dit gebied is geen enkel getal uit de afspraak openbaar gevonden.",
        "en": "No figure of this area's agreement could be found in public sources.",
    },
    "not_signed_notice": {
        "nl": "Dit gebied heeft de bestuurlijke afspraken woningbouw 2025 niet getekend.",
        "en": "This area did not sign the 2025 housing agreements.",
    },
    "heading_scenario": {"nl": "## Scenario", "en": "## Scenario"},
    "intro_scenario": {
        "nl": "Wat het gebied ontvangt, en wanneer, onder het scenario hieronder. Het "
        "standaardscenario volgt de afspraak (de centrale schatting van de realisatiestimulans, "
        "de volledige trekkingsrechten). Deze bedragen zijn berekend, niet gepubliceerd: de "
        "aannames staan in het aannamelogboek.",
        "en": "What the area receives, and when, under the scenario below. The default scenario "
        "follows the agreement (the central realisatiestimulans estimate, the full drawing "
        "rights). These amounts are computed, not published: the assumptions are in the "
        "assumptions log.",
    },
    "no_scenario": {
        "nl": "*Voor dit gebied is geen uitbetaling te berekenen: de afspraak publiceert de "
        "bedragen per instrument niet.*",
        "en": "*No payments can be computed for this area: its agreement's amounts per "
        "instrument are not published.*",
    },
    "parameter": {"nl": "Parameter", "en": "Parameter"},
    "reason": {"nl": "Reden", "en": "Reason"},
    "realisation": {"nl": "realisatie (deel van de starts)", "en": "realisation"},
    "profile": {"nl": "spreiding starts", "en": "start profile"},
    "delay_years": {"nl": "vertraging (jaren)", "en": "delay (years)"},
    "per_home": {"nl": "bedrag per woning", "en": "amount per home"},
    "orv_spend": {"nl": "ORV besteed", "en": "ORV spent"},
    "capacity_spend": {"nl": "capaciteit besteed", "en": "capacity spent"},
    "spend_profile": {"nl": "spreiding kosten", "en": "cost profile"},
    "allocation": {"nl": "verdeelregel bij plafond", "en": "allocation rule"},
    "cost_inflation": {"nl": "bouwkosteninflatie per jaar", "en": "construction-cost inflation"},
    "payment_lag": {"nl": "uitbetaling na (jaren)", "en": "payment lag (years)"},
    "even": {"nl": "gelijkmatig", "en": "even"},
    "front": {"nl": "vroeg", "en": "early"},
    "back": {"nl": "laat", "en": "late"},
    "position": {"nl": "Positie", "en": "Position"},
    "below": {"nl": "onder de afspraak", "en": "below the agreement"},
    "within": {"nl": "binnen de afspraak", "en": "within the agreement"},
    "above": {"nl": "boven de afspraak", "en": "above the agreement"},
    "unknown": {"nl": "onbekend", "en": "unknown"},
    "no agreed range": {"nl": "geen afgesproken bandbreedte", "en": "no agreed range"},
    # national overview
    "national_title": {
        "nl": "# NPLV-gebieden: bestuurlijke afspraken woningbouw 2025-2029",
        "en": "# NPLV areas: housing agreements 2025-2029",
    },
    "national_intro": {
        "nl": "Alle twintig NPLV-gebieden naast elkaar, met wat er openbaar is over hun "
        "afspraak (juni 2025). Van de meeste gebieden is niets gepubliceerd: die staan er als "
        "*niet gepubliceerd*, niet als nul. Persberichten en nieuws zijn secundaire bronnen; de "
        "btw staat er vaak niet bij.",
        "en": "All twenty NPLV areas side by side, with what is public about their agreement "
        "(June 2025). Most areas published nothing: they are shown as *not published*, not as "
        "zero. Press releases and news are secondary sources, often without the VAT basis.",
    },
    "heading_ceilings": {
        "nl": "## ORV en capaciteit tegenover de landelijke plafonds",
        "en": "## ORV and capacity against the national ceilings",
    },
    "intro_ceilings": {
        "nl": "De afspraken tellen op tot ruim € 200 mln ORV en € 60 mln capaciteit, tegenover "
        "plafonds van € 180 mln en € 50 mln (overprogrammering). Hoe het tekort valt hangt af van "
        "de verdeelregel; de tweede grafiek toont wat de gebieden met gepubliceerde "
        "trekkingsrechten per jaar krijgen onder elke regel (berekend, zie het aannamelogboek).",
        "en": "The agreements add up to more than € 200 mln ORV and € 60 mln capacity, against "
        "ceilings of € 180 mln and € 50 mln (over-programming). Who bears the shortfall depends on "
        "the allocation rule; the second chart shows what the areas with published drawing rights "
        "receive per year under each rule (computed, see the assumptions log).",
    },
    "heading_homes": {"nl": "## Woningen", "en": "## Homes"},
    "intro_homes": {
        "nl": "Het landelijke doel is 40.000 woningen versneld en 10.000 extra in 2025-2029. "
        "Alleen van enkele gebieden is het aantal starts gepubliceerd.",
        "en": "The national target is 40,000 homes started sooner and 10,000 extra in 2025-2029. "
        "Only a few areas published their number of starts.",
    },
    "area": {"nl": "Gebied", "en": "Area"},
    "signed": {"nl": "Getekend", "en": "Signed"},
    "starts": {"nl": "Startbouw", "en": "Starts"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    # mid-term review
    "trajectory_title": {
        "nl": "Startbouw cumulatief: gepland, gerealiseerd, geprojecteerd",
        "en": "Cumulative starts: planned, realised, projected",
    },
    "traj_planned": {"nl": "gepland (afspraak)", "en": "planned (agreement)"},
    "traj_realised": {"nl": "gerealiseerd (monitor)", "en": "realised (monitor)"},
    "traj_projected": {"nl": "geprojecteerd (huidig tempo)", "en": "projected (current pace)"},
    "at_risk_title": {
        "nl": "Geld in de afspraak en wat ervan dreigt te vervallen",
        "en": "Money in the agreement and what is at risk",
    },
    "expected_2029": {"nl": "verwacht 2025-2029", "en": "expected 2025-2029"},
    "projected_2029": {"nl": "geprojecteerd bij huidig tempo", "en": "projected at current pace"},
    "right": {"nl": "trekkingsrecht", "en": "drawing right"},
    "planned_to_date": {"nl": "gepland tot nu", "en": "planned to date"},
    "drawn_to_date": {"nl": "gedeclareerd tot nu", "en": "drawn to date"},
    "midterm_title": {
        "nl": "# {name}: mid-term review 2027 — op koers?",
        "en": "# {name}: mid-term review 2027 — on course?",
    },
    "midterm_title_illustrative": {
        "nl": "# ILLUSTRATIEF — {name}: mid-term review 2027 — op koers?",
        "en": "# ILLUSTRATIVE — {name}: mid-term review 2027 — on course?",
    },
    "illustrative_notice": {
        "nl": "**Let op: dit rapport gebruikt illustratieve monitorcijfers**, gegenereerd uit een "
        "scenario van de rekenmodule, geen waarnemingen. Het laat zien hoe de review eruit zal "
        "zien; het zegt niets over de werkelijke voortgang.",
        "en": "**Note: this report uses illustrative monitor figures**, generated from a scenario "
        "of the engine, not observations. It shows what the review will look like; it says "
        "nothing about actual progress.",
    },
    "midterm_intro": {
        "nl": "De stand per {as_of} (bron: {source}). *Gepland tot nu* is het afgesproken totaal "
        "maal het deel van de periode 2025-2029 dat voorbij is (gelijkmatige spreiding). De "
        "status is de slechtste van startbouw en ORV: minimaal {on_course} van gepland is *op "
        "koers*, minimaal {attention} *aandacht*, daaronder *niet op koers*. De projectie naar "
        "2029 houdt het tempo tot nu aan.",
        "en": "The position as of {as_of} (source: {source}). *Planned to date* is the agreed "
        "total times the part of 2025-2029 that has passed (even spread). The status is the "
        "worse of starts and ORV: at least {on_course} of planned is *on course*, at least "
        "{attention} *attention*, below that *off course*. The projection to 2029 keeps the "
        "pace so far.",
    },
    "op koers": {"nl": "op koers", "en": "on course"},
    "aandacht": {"nl": "aandacht", "en": "attention"},
    "niet op koers": {"nl": "niet op koers", "en": "off course"},
    "onbekend": {"nl": "onbekend", "en": "unknown"},
    "midterm_assumptions": {
        "nl": "## Aannames in gewone woorden\n\n"
        "- *Gepland tot nu* verdeelt het afgesproken aantal starts (en het ORV-trekkingsrecht) "
        "gelijkmatig over 2025-2029: 20% per jaar, 5% per kwartaal.\n"
        "- *Geprojecteerd* houdt het tempo van de starts tot nu vast tot eind 2029.\n"
        "- De *verwachte realisatiestimulans* is de centrale schatting uit de afspraak; *in "
        "gevaar* is het verschil met wat de geregistreerde woningen tot nu, in hetzelfde tempo, "
        "opleveren (€ 7.000 per woning).\n"
        "- De status is de slechtste van startbouw en ORV; capaciteit telt niet mee.",
        "en": "## Assumptions in plain words\n\n"
        "- *Planned to date* spreads the agreed starts (and the ORV drawing right) evenly over "
        "2025-2029: 20% a year, 5% a quarter.\n"
        "- *Projected* keeps the pace of the starts so far until the end of 2029.\n"
        "- The *expected realisatiestimulans* is the agreement's central estimate; *at risk* is "
        "the gap to what the homes registered so far yield at the same pace (€ 7,000 a home).\n"
        "- The status is the worse of starts and ORV; capacity does not count.",
    },
    "midterm_national_title": {
        "nl": "# NPLV-gebieden: mid-term review 2027",
        "en": "# NPLV areas: mid-term review 2027",
    },
    # explorer
    "all_areas": {"nl": "alle gebieden met gegevens", "en": "all areas with figures"},
    "refused": {"nl": "Dit scenario kan niet", "en": "This scenario is refused"},
    "overige-nplv-gebieden": {"nl": "overige NPLV-gebieden", "en": "other NPLV areas"},
    "explorer_intro": {
        "nl": "Verschuif de schuifjes: de totalen en de uitbetalingen per jaar bewegen mee. "
        "Bedragen zijn berekend met de scenario-rekenmodule; de aannames staan in het "
        "aannamelogboek.",
        "en": "Move the sliders: the totals and the payments by year follow. Amounts are "
        "computed by the scenario engine; the assumptions are in the assumptions log.",
    },
    "custom": {"nl": "eigen spreiding", "en": "custom"},
    "custom_profile": {"nl": "eigen spreiding (5 getallen)", "en": "custom profile (5 numbers)"},
    "preset_delay": {"nl": "1 jaar vertraging", "en": "1 year delay"},
    "preset_realisation": {"nl": "70% realisatie", "en": "70% realisation"},
    "preset_orv_pot": {"nl": "ORV-pot op", "en": "ORV pot runs out"},
    "preset_reset": {"nl": "terug naar de afspraak", "en": "back to the agreement"},
    "export": {"nl": "Exporteer scenario", "en": "Export scenario"},
    # engine reasons
    "did not sign the 2025 housing agreements": {
        "nl": "heeft de afspraken van 2025 niet getekend",
        "en": "did not sign the 2025 housing agreements",
    },
    "no published realisatiestimulans estimate": {
        "nl": "geen gepubliceerde schatting van de realisatiestimulans",
        "en": "no published realisatiestimulans estimate",
    },
    "published range fits no whole base": {
        "nl": "de gepubliceerde bandbreedte past bij geen geheel aantal woningen",
        "en": "published range fits no whole base",
    },
    "may not claim ORV and capacity money (page 1, footnote 1)": {
        "nl": "geen aanspraak op ORV- en capaciteitsgeld (p. 1, voetnoot 1)",
        "en": "may not claim ORV and capacity money (page 1, footnote 1)",
    },
    "press figure only, VAT basis not stated: not a drawing right": {
        "nl": "alleen een persbericht, btw niet vermeld: geen trekkingsrecht",
        "en": "press figure only, VAT basis not stated: not a drawing right",
    },
    "no published orv drawing right": {
        "nl": "geen gepubliceerd ORV-trekkingsrecht",
        "en": "no published ORV drawing right",
    },
    "no published capaciteit drawing right": {
        "nl": "geen gepubliceerd trekkingsrecht voor capaciteit",
        "en": "no published capacity drawing right",
    },
    "no national realisatiestimulans estimate is published": {
        "nl": "er is geen landelijke schatting van de realisatiestimulans gepubliceerd",
        "en": "no national realisatiestimulans estimate is published",
    },
    "caveat": {"nl": "Voorbehoud van de bron", "en": "Caveat"},
    "period_not_stated": {"nl": "niet vermeld", "en": "not stated"},
    "scenario_gross": {"nl": "Scenario, bruto", "en": "Scenario, gross"},
    "scenario_net": {"nl": "Scenario, netto", "en": "Scenario, net"},
    "affordable": {"nl": "betaalbaar", "en": "affordable"},
    "no_findings": {"nl": "*Geen bevindingen.*", "en": "*No findings.*"},
    "computed": {"nl": "berekend", "en": "computed"},
    "computed_note": {
        "nl": "berekend met nplv_analysis uit {source}; aannames: docs/assumptions.md",
        "en": "computed with nplv_analysis from {source}; assumptions: docs/assumptions.md",
    },
    "other_areas_not_published": {
        "nl": "overige gebieden: niet gepubliceerd",
        "en": "other areas: not published",
    },
    "areas_sources": {
        "nl": "bestuurlijke afspraak Heerlen Noord (p. 8); persberichten en nieuws over de andere "
        "gebieden (zie de tabel en data/sources.yaml)",
        "en": "housing agreement Heerlen Noord (p. 8); press releases and news on the other "
        "areas (see the table and data/sources.yaml)",
    },
    "press_bar": {"nl": "persbericht of nieuws", "en": "press release or news"},
    "upper_bound": {"nl": "bovengrens", "en": "upper bound"},
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
    if _missing(x):
        return "–"
    thousands, point = (".", ",") if lang == "nl" else (",", ".")
    sign = "-" if x < 0 else ""
    text = f"{abs(x):.{decimals}f}"
    whole, _, frac = text.partition(".")
    return sign + _group(whole, thousands) + (point + frac if frac else "")


def format_range(low: float, high: float, lang: str = "nl", short: bool = True) -> str:
    """A published range the reader's way: "€ 5,3 mln – € 8,0 mln", one amount where low and
    high are equal, "maximaal € 20,0 mln" where only the high end is known (an "at most"
    figure), "minimaal ..." where only the low end is, "–" where neither is.

    >>> format_range(5.3e6, 8e6), format_range(float("nan"), 2e7), format_range(1e7, 1e7)
    ('€ 5,3 mln – € 8,0 mln', 'maximaal € 20,0 mln', '€ 10,0 mln')
    """
    low_known, high_known = not _missing(low), not _missing(high)
    if not low_known and not high_known:
        return "–"
    if not low_known:
        return f"{t('at_most', lang)} {format_eur(high, lang, short)}"
    if not high_known:
        return f"{t('at_least', lang)} {format_eur(low, lang, short)}"
    if high > low:
        return f"{format_eur(low, lang, short)} – {format_eur(high, lang, short)}"
    return format_eur(low, lang, short)


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def format_eur(x: float, lang: str = "nl", short: bool = True) -> str:
    """Euros the Dutch way: 7_500_000 -> "€ 7,5 mln"; 2.5e9 -> "€ 2,5 mld"; 7000 -> "€ 7.000".

    ``short=False`` writes every euro: "€ 8.785.123". English: "€ 7.5 mln", "€ 2.5 bn".
    """
    if _missing(x):
        return "–"
    if short and abs(x) >= 1e9:
        return f"€ {format_number(x / 1e9, 1, lang)} {'mld' if lang == 'nl' else 'bn'}"
    if short and abs(x) >= 1e6:
        return f"€ {format_number(x / 1e6, 1, lang)} mln"
    return f"€ {format_number(x, 0, lang)}"
