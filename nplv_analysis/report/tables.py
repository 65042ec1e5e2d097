"""Tables formatted for readers (Dutch by default). Analysis code uses the raw views instead."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

from ..data import funding, housing, load_areas, load_sources
from ..data.schema import key_label
from ..resources import ASSUMPTIONS, NOTEBOOK_DIR
from ..rules import check_data, figure_kind
from ..text import format_date, format_eur, format_number, format_range, has_text, t


def source_title(title: str, lang: str = "nl") -> str:
    """A source's title as the source writes it, in the reader's way of citing a title: in an
    English run in quotation marks (the title is the source's own words, most of them Dutch), in
    a Dutch run as it stands (an English title too: "Rotterdam-Zuid to receive EUR48.5m ...")."""
    return t("source_title", lang, title=title)


def source_ref(
    source_id: str, pages: object = None, lang: str = "nl", data_dir: str | Path | None = None
) -> str:
    """A short reference for a table cell: "Bestuurlijke afspraken ... Heerlen Noord, p. 6" for
    an agreement, "duic.nl, juni 2025" for news (the publisher and the date in words)."""
    src = load_sources(data_dir).loc[source_id]
    if src["kind"] in ("agreement", "regulation"):
        page = f", {t('page_short', lang)} {pages}" if pages not in (None, "") else ""
        return f"{source_title(src['title'], lang)}{page}"
    return f"{src['publisher']}, {format_date(src['date'], lang)}"


def source_label(
    source_id: str, page: object = None, data_dir: str | Path | None = None, lang: str = "nl"
) -> str:
    """A source for a chart's note: an agreement or regulation by its title, date in words and
    pages ("Bestuurlijke afspraken ... (24 juni 2025), p. 6, 7"); a press release or news item
    by its publisher and date ("Rijksoverheid, 24 juni 2025"). Never the source's id, an ISO
    date or a file name (issue 24)."""
    src = load_sources(data_dir).loc[source_id]
    if src["kind"] not in ("agreement", "regulation"):
        return source_ref(source_id, None, lang, data_dir)
    ref = f"{source_title(src['title'], lang)} ({format_date(src['date'], lang)})"
    if page in (None, "") or (not isinstance(page, str) and pd.isna(page)):
        return ref
    return f"{ref}, {t('page_short', lang)} {page}"


def assumptions_note(lang: str = "nl", numbers: str | None = None) -> str:
    """Where a chart's assumptions are, in words: "aannames A13, A15 in het aannamelogboek" (no
    file name: the report's closing line links the log)."""
    if numbers:
        return t("assumptions_note.numbers", lang, numbers=numbers)
    return t("assumptions_note", lang)


def computed_note(source: str, lang: str = "nl", numbers: str | None = None) -> str:
    """The source note of a chart of computed amounts: "berekend met nplv-analysis uit
    <source>; aannames A13, A15 in het aannamelogboek"."""
    return t("computed_note", lang, source=source, assumptions=assumptions_note(lang, numbers))


def monitor_source(monitor, as_of, lang: str = "nl") -> str:
    """The monitor a mid-term review reads, in words: its reference date and, for generated
    figures, its ILLUSTRATIEF mark ("monitor ILLUSTRATIEF, peildatum 30 juni 2027"); never the
    file's name (issue 24; the report's stamp identifies the file by a hash)."""
    key = "monitor_source.illustrative" if monitor.illustrative else "monitor_source"
    return t(key, lang, as_of=format_date(as_of, lang))


def quoted(text: str, lang: str = "nl") -> str:
    """A quotation of a source in quotation marks, in either run ("" for no quotation)."""
    return t("quoted", lang, text=text) if text else ""


def draft_mark(area_id: str, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """ " (concept)" after the figures of an area whose file is a draft of the intake
    (``status: draft``, not yet reviewed by a person), else ""."""
    from ..data.loading import area_status
    from ..data.schema import STATUS_DRAFT

    if area_status(area_id, data_dir) != STATUS_DRAFT:
        return ""
    return f" ({t('draft_label', lang)})"


def range_text(low: float, high: float, qualifier, lang: str = "nl", short: bool = True) -> str:
    """A published range as :func:`~nplv_analysis.text.format_range` writes it, with the
    source's own word for a figure known only from above: "bijna € 20,0 mln" for the press's
    "bijna 20 miljoen" (qualifier ``almost``), never "maximaal", which it does not say."""
    upper = "almost" if "almost" in str(qualifier) else "at_most"
    return format_range(low, high, lang, short, upper)


def is_primary(source_kind) -> bool:
    """Whether a (joined) source kind names the agreement or the regulation itself."""
    return any(k in ("agreement", "regulation") for k in str(source_kind).split(", "))


def agreement_public(area_id: str, data_dir: str | Path | None = None) -> bool:
    """Whether any figure of the area comes from its agreement's own text (or the regulation):
    where none does, the agreement is not public, and no text may say what it "publishes"."""
    from ..data.loading import dataset

    fig = dataset(data_dir).figures
    return any(is_primary(k) for k in fig.loc[fig["area_id"] == area_id, "source_kind"])


def funding_table(area_id: str, lang: str = "nl", data_dir: str | Path | None = None):
    """The funding view with amounts written out and sources named, for display (a draft
    area's amounts marked "concept"); an amount a source names without an instrument
    (``rijksbijdrage.part``) in a row of its own, with the source's words in its caveat."""
    fund = funding(area_id, data_dir)
    mark = draft_mark(area_id, lang, data_dir)
    caveats = _field(area_id, f"caveat_{lang}", data_dir)
    rows = []
    for inst, r in fund.iterrows():
        if r["status"] != "published":
            amount = t(r["status"], lang)
        else:
            amount = range_text(r["low_eur"], r["high_eur"], r["qualifier"], lang, False) + mark
        source = ""
        if r["status"] == "published":
            pages = r["pages"] if isinstance(r["pages"], str) else None
            source = "; ".join(
                source_ref(s, pages, lang, data_dir) for s in str(r["source"]).split(", ")
            )
        kinds = {
            figure_kind(k, sk)
            for k, sk in zip(
                str(r["keys"]).split(", "), str(r["source_kind"]).split(", "), strict=False
            )
        } - {None}
        if inst == "totaal" and r["qualifier"] == "sum_of_instruments":
            kinds = {"estimate_and_rights"} if "agreement" in str(r["source_kind"]) else set()
        rows.append(
            {
                t("figure", lang): t(inst, lang),
                t("kind", lang): ", ".join(t(f"kind.{k}", lang) for k in sorted(kinds)),
                t("amount", lang): amount,
                t("vat", lang): t(r["vat"], lang) if isinstance(r["vat"], str) else "",
                t("source_kind", lang): ", ".join(
                    t(k, lang) for k in str(r["source_kind"]).split(", ")
                )
                if isinstance(r["source_kind"], str)
                else "",
                t("source", lang): source,
                t("caveat", lang): " ".join(
                    dict.fromkeys(caveats[k] for k in str(r["keys"]).split(", ") if k in caveats)
                ),
            }
        )
    part = figures_of(area_id, ("rijksbijdrage.part",), data_dir)
    for key, r in part.iterrows():  # what the source says it is, not an instrument's amount
        page = str(int(r["page"])) if pd.notna(r["page"]) else None
        rows.append(
            {
                t("figure", lang): t("rijksbijdrage_part", lang),
                t("kind", lang): "",
                t("amount", lang): format_eur(r["value"], lang, short=False) + mark,
                t("vat", lang): t(r["vat"], lang),
                t("source_kind", lang): t(r["source_kind"], lang),
                t("source", lang): source_ref(r["source"], page, lang, data_dir),
                t("caveat", lang): caveats.get(key, ""),
            }
        )
    return _drop_empty(pd.DataFrame(rows).set_index(t("figure", lang)).rename_axis(None))


def figures_of(area_id: str, keys, data_dir: str | Path | None = None) -> pd.DataFrame:
    """The figures ``keys`` of one area (those it has), indexed by key."""
    from ..data import load_figures

    fig = load_figures(data_dir)
    mine = fig[(fig["area_id"] == area_id) & fig["key"].isin(list(keys))]
    return mine.set_index("key")


def _drop_empty(table: pd.DataFrame) -> pd.DataFrame:
    """Leave out columns with nothing in them (a "Voorbehoud" column no figure needs)."""
    keep = [c for c in table.columns if (table[c].astype(str).str.strip() != "").any()]
    return table[keep]


def housing_table(area_id: str, lang: str = "nl", data_dir: str | Path | None = None):
    """The housing figures with their qualifier and source, for display (a draft area's values
    marked "concept")."""
    rows = []
    mark = draft_mark(area_id, lang, data_dir)
    fig = housing(area_id, data_dir)
    quotes = _field(area_id, "quote", data_dir)
    caveats = _field(area_id, f"caveat_{lang}", data_dir)
    for key, r in fig.iterrows():
        qual = t(r["qualifier"], lang)
        page = str(r["page"]) if pd.notna(r["page"]) else None
        kind = figure_kind(key, str(r["source_kind"]))
        label = key_label(key, lang)
        if kind is None and has_text(f"press_label.{key}", lang):
            label = t(f"press_label.{key}", lang)  # the press says homes, not starts
        rows.append(
            {
                t("figure", lang): label,
                t("kind", lang): t(f"kind.{kind}", lang) if kind else "",
                t("value", lang): f"{qual} {format_number(r['value'], 0, lang)}".strip() + mark,
                t("period", lang): t("period_not_stated", lang)
                if r["period"] == "not_stated"
                else r["period"],
                t("source", lang): source_ref(r["source"], page, lang, data_dir),
                t("quote", lang): quoted(quotes.get(key) or "", lang),
                t("caveat", lang): caveats.get(key, ""),
            }
        )
    cols = [t(c, lang) for c in ("figure", "kind", "value", "period", "source", "quote", "caveat")]
    return _drop_empty(pd.DataFrame(rows, columns=cols).set_index(cols[0]).rename_axis(None))


def _field(area_id: str, column: str, data_dir: str | Path | None) -> dict[str, str]:
    """key -> the figure's ``column`` (quote, caveat_nl, caveat_en) where it has one."""
    from ..data import load_figures

    fig = load_figures(data_dir)
    mine = fig[(fig["area_id"] == area_id) & fig[column].notna()]
    return dict(zip(mine["key"], mine[column], strict=True))


def findings_table(area_id: str, lang: str = "nl", data_dir: str | Path | None = None):
    """The data checks' findings on one area."""
    f = check_data(data_dir, lang)
    f = f[f["area_id"] == area_id]
    return (
        pd.DataFrame(
            {
                t("severity", lang): [t(s, lang) for s in f["severity"]],
                t("check", lang): f["check"].to_numpy(),
                t("message", lang): f["message"].to_numpy(),
            }
        )
        .set_index(t("severity", lang))
        .rename_axis(None)
    )


def area_name(area_id: str, data_dir: str | Path | None = None) -> str:
    areas = load_areas(data_dir).set_index("area_id")
    if area_id not in areas.index:
        raise ValueError(
            f"area_id={area_id!r} is not an NPLV area; known: {', '.join(areas.index)}"
        )
    return str(areas.at[area_id, "name"])


def sources_table(area_id: str | None, lang: str = "nl", data_dir: str | Path | None = None):
    """The sources an area's figures cite (``None``: every figure in the data folder, for the
    national overview), each under the name the tables cite it by (an agreement's title, a press
    release's publisher and date: never the register's id), with kind, title, publisher, date
    and address. An agreement's title and parties (a regulation's title) are its own words:
    in an English run in quotation marks (:func:`source_title`)."""
    from ..data import load_figures

    fig = load_figures(data_dir)
    mine = fig if area_id is None else fig[fig["area_id"] == area_id]
    also = [s for cell in mine["see_also"].dropna() for s in cell.split("; ")]
    used = list(dict.fromkeys([*mine["source"], *also]))
    src = load_sources(data_dir).loc[used]
    return (
        pd.DataFrame(
            {
                t("source", lang): [source_ref(s, None, lang, data_dir) for s in used],
                t("source_kind", lang): [t(k, lang) for k in src["kind"]],
                t("title", lang): [source_title(x, lang) for x in src["title"]],
                t("publisher", lang): [  # an agreement's parties as it names them: its words
                    source_title(p, lang) if k == "agreement" else p
                    for p, k in zip(src["publisher"].fillna(""), src["kind"], strict=True)
                ],
                t("date", lang): [format_date(d, lang) for d in src["date"]],
                URL_COLUMN: src["url"].fillna("").to_numpy(),
            }
        )
        .set_index(t("source", lang))
        .rename_axis(None)
    )


def funding_sources_note(area_id: str, data_dir: str | Path | None = None, lang: str = "nl") -> str:
    """One line naming the sources (and pages) behind an area's funding figures, for charts:
    "Bestuurlijke afspraken ... (24 juni 2025), p. 6, 7, 8", a press item by publisher and
    date."""
    fund = funding(area_id, data_dir)
    pub = fund[fund["status"] == "published"]
    parts = []
    for sid in dict.fromkeys(s for cell in pub["source"] for s in str(cell).split(", ")):
        pages = sorted(
            {
                int(p)
                for cell, ps in zip(pub["source"], pub["pages"], strict=True)
                if sid in str(cell) and isinstance(ps, str)
                for p in ps.split(", ")
            }
        )
        parts.append(source_label(sid, ", ".join(str(p) for p in pages), data_dir, lang))
    return "; ".join(parts) if parts else t("no_published_amounts", lang)


def show_table(
    table: pd.DataFrame, lang: str = "nl", empty: str = "no_data", caption: str | None = None
):
    """Display a reader table in a notebook, or say plainly that there is nothing (``empty``:
    the label to show, by default "Geen gegevens gepubliceerd."). ``caption``: the catalogue id
    of the table's caption (a ``<caption>`` for screen readers and print)."""
    from IPython.display import Markdown, display

    if table.empty:
        display(Markdown(t(empty, lang)))
    else:
        style = styled(table)
        if caption:
            style = style.set_caption(html.escape(t(caption, lang)))
        display(style)


URL_COLUMN = "URL"


def web_link(url: str) -> str:
    """An (already HTML-escaped) address as a link if it is http(s), else as plain text: a
    ``javascript:`` or ``data:`` address from a data file never becomes a link.

    >>> web_link("https://www.duic.nl/x?a=1&amp;b=2")
    '<a href="https://www.duic.nl/x?a=1&amp;b=2">https://www.duic.nl/x?a=1&amp;b=2</a>'
    >>> web_link("javascript:alert(1)")
    'javascript:alert(1)'
    """
    if re.match(r"https?://", url, flags=re.IGNORECASE):
        return f'<a href="{url}">{url}</a>'
    return url


_NUMBER_WORDS = re.compile(
    r"€|mln|mld|bn|circa|ca\.|minimaal|maximaal|ruim|about|at least|at most|more than|[–%\s]"
)


def is_number_like(value) -> bool:
    """Whether a table cell reads as a number or an amount ("€ 5.300.000 – € 8.000.000",
    "circa 2.250", "48%"): those are right-aligned and never wrapped; text is left-aligned.

    >>> is_number_like("€ 5.300.000 – € 8.000.000"), is_number_like("circa 2.250")
    (True, True)
    >>> is_number_like("Bestuurlijke afspraken, p. 6"), is_number_like("incl. btw")
    (False, False)
    """
    if isinstance(value, int | float):
        return True
    rest = _NUMBER_WORDS.sub("", str(value))
    return bool(rest) and bool(re.fullmatch(r"-?[\d.,]+", rest))


def _column_styles(table: pd.DataFrame) -> list[dict]:
    """CSS per column: a column whose cells mostly read as numbers is right-aligned and never
    wrapped (an amount column with a "niet gepubliceerd" in it included), any other column
    left-aligned (as are the row headings)."""
    styles = [{"selector": "th.row_heading", "props": "text-align: left;"}]
    for j in range(table.shape[1]):
        cells = [v for v in table.iloc[:, j] if str(v).strip() not in ("", "–")]
        numeric = bool(cells) and sum(map(is_number_like, cells)) * 2 >= len(cells)
        props = "text-align: right; white-space: nowrap;" if numeric else "text-align: left;"
        styles.append({"selector": f"td.col{j}", "props": props})
        align = props.split(";")[0] + ";"  # headers wrap, amounts do not
        styles.append({"selector": f"th.col_heading.col{j}", "props": align})
    return styles


def styled(table: pd.DataFrame):
    """A reader table as HTML: every cell and header escaped (text from the data stays text),
    addresses in the URL column as links when they are http(s), text left-aligned and numbers
    right-aligned and never wrapped ("€ 5.300.000 – € 8.000.000" stays on one line)."""
    style = (
        table.style.format(lambda v: keep_together(str(v)), escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .set_table_styles(_column_styles(table))
    )
    if URL_COLUMN in table.columns:
        style = style.format(web_link, subset=[URL_COLUMN], escape="html")
    return style


def agreement_fields(lang: str = "nl", data_dir: str | Path | None = None) -> dict[str, str]:
    """The agreement's numbers as a reader sees them, for the placeholders of report text
    (``{per_home}``, ``{window}``, ``{orv_ceiling}`` ...): read from the data, never written in
    the text; worked out once per data folder and language."""
    from ..data.loading import dataset

    return dataset(data_dir).derived(
        f"agreement_fields.{lang}", lambda ds: _agreement_fields(lang, ds.data_dir)
    )


def _agreement_fields(lang: str, data_dir: Path) -> dict[str, str]:
    from ..data import national_figures
    from ..data.parameters import load_parameters

    p = load_parameters(data_dir)
    nat = national_figures(data_dir)["value"]
    n = len(p.years)

    def claims(inst: str) -> str:
        more = t("more_than", lang) + " " if p.at_least[inst] else ""
        return more + format_eur(p.national_claims[inst], lang)

    return {
        "per_home": format_eur(p.per_home, lang),
        "window": f"{p.first_year}-{p.last_year}",
        "last_year": str(p.last_year),
        "midterm_year": str(p.midterm_year),
        "year_share": format_number(100 / n, 0, lang) + "%",
        "quarter_share": format_number(100 / n / 4, 0, lang) + "%",
        "orv_claims": claims("orv"),
        "cap_claims": claims("capaciteit"),
        "orv_ceiling": format_eur(p.ceilings["orv"], lang),
        "cap_ceiling": format_eur(p.ceilings["capaciteit"], lang),
        "band_low": format_number(float(p.band[0]) * 100, 0, lang) + "%",
        "band_high": format_number(float(p.band[1]) * 100, 0, lang) + "%",
        "accelerated": format_number(nat.get("homes.accelerated"), 0, lang),
        "extra": format_number(nat.get("homes.extra"), 0, lang),
    }


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def md_text(value) -> str:
    """A value from the data as plain text inside Markdown: HTML-escaped (a name such as
    ``<script>`` shows as typed and never runs) and with Markdown's own marks backslashed (no
    links, emphasis or headings smuggled in). Quotes stay as typed ("risico's"): the text is
    never an attribute, and an escaped quote's ``#`` would be backslashed into a broken entity.
    A web address in the value stays text (Markdown would make a link of "http://...").

    >>> md_text("<script>alert(1)</script> [x](javascript:y) *z*")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\[x\\\\](javascript:y) \\\\*z\\\\*'
    """
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))
    # no bare web address is turned into a link: the colon of "://" as an entity
    return text.replace("://", "&#58;//")


def show_text(key: str, lang: str = "nl", data_dir: str | Path | None = None, **fields) -> None:
    """Display a piece of report text (Markdown) in the reader's language, the agreement's
    numbers filled in from ``data_dir``. Every value filled in is text (see :func:`md_text`):
    the Markdown comes from the catalogue only."""
    from IPython.display import Markdown, display

    text = t(key, lang)
    if "{" in text:
        values = {**agreement_fields(lang, data_dir), **fields}
        text = text.format(**{k: md_text(v) for k, v in values.items()})
    display(Markdown(keep_together(text)))


def keep_together(text: str) -> str:
    """Amounts in prose never break across lines: a no-break space after "€" and before
    "mln"/"mld"/"bn" ("€ 180,0 mln" stays on one line).

    >>> keep_together("plafonds van € 180,0 mln") == "plafonds van €\u00a0180,0\u00a0mln"
    True
    """
    text = re.sub(r"€ (?=[\d-])", "€\u00a0", text)
    return re.sub(r"(?<=\d) (mln|mld|bn)\b", "\u00a0\\1", text)


def area_intro(area_id: str, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """The agreement at a glance, in Markdown: signed where and when, or which sources there are."""
    from ..data.loading import dataset

    ds = dataset(data_dir)
    area = ds.areas.set_index("area_id").loc[area_id]
    kinds = set(ds.figures.loc[ds.figures["area_id"] == area_id, "source_kind"])
    parts = []
    if not area["signed_2025"]:
        parts.append(t("not_signed_notice", lang))
    signed = ds.signed.get(area_id)
    if signed:
        src = ds.sources[signed["source"]]
        ref = f"{source_title(src['title'], lang)}, {t('page_short', lang)} {signed['page']}"
        parts.append(
            t("signed_line", lang).format(
                place=md_text(signed["place"]),
                date=md_text(format_date(signed["date"], lang)),
                ref=md_text(ref),
            )
        )
    if not kinds and area["signed_2025"]:
        parts.append(t("nothing_notice", lang))
    elif kinds and not kinds & {"agreement", "regulation"}:
        parts.append(t("partial_notice", lang))
    return "\n\n".join(parts)


def scenario_table(scenario, lang: str = "nl", data_dir: str | Path | None = None) -> pd.DataFrame:
    """The scenario's parameters, for display (values left to the data filled in from it)."""
    from ..data.parameters import load_parameters
    from ..engine.scenario import field_label, field_text

    rows = []
    for name, value in scenario.filled(load_parameters(data_dir)).to_dict().items():
        if name == "starts" and value is None:
            shown = t("starts_from_estimate", lang)
        else:
            shown = field_text(name, value, lang)
        rows.append({t("parameter", lang): field_label(name, lang), t("value", lang): shown})
    return pd.DataFrame(rows).set_index(t("parameter", lang)).rename_axis(None)


def totals_table(scenario, area_id: str, lang: str = "nl", data_dir: str | Path | None = None):
    """The scenario's totals per instrument against what the agreement says of each (the
    realisatiestimulans estimate, the ORV and capacity drawing rights), for display: gross,
    net, the range over the allocation rules, and the net by the printed excl. column where it
    differs from the net at the VAT rate of each line."""
    from ..engine import totals

    tot = totals(scenario, [area_id], data_dir, lang)
    other_basis = "printed" if scenario.vat_basis == "rate" else "rate"
    other = totals(scenario.with_(vat_basis=other_basis), [area_id], data_dir, lang)
    differs = ((tot["net_eur"] - other["net_eur"]).abs() > 0.5).any()
    other_label = t(f"scenario_net_{other_basis}", lang)
    if other_basis == "printed" and stale_printed_column(area_id, data_dir):
        other_label = t("scenario_net_printed_stale", lang)  # never shown as if it were current
    rows = []
    for (_, r), other_net in zip(tot.iterrows(), other["net_eur"], strict=True):
        if isinstance(r["reference"], str):
            reference = format_range(
                r["reference_low_eur"], r["reference_high_eur"], lang, short=False
            )
            reference = t(f"kind.{r['reference']}", lang) + ": " + reference
        else:
            reference = t("not published", lang)
        rules = (
            format_range(r["rules_low_eur"], r["rules_high_eur"], lang)
            if pd.notna(r["rules_low_eur"])
            else ""
        )
        row = {
            t("figure", lang): t(r["instrument"], lang),
            t("reference", lang): reference,
            t("scenario_gross", lang): format_eur(r["gross_eur"], lang),
            t("scenario_net", lang): format_eur(r["net_eur"], lang),
        }
        if differs:
            row[other_label] = format_eur(other_net, lang)
        row[t("rules_range", lang)] = rules
        row[t("position", lang)] = (
            t(r["position"], lang)
            if r["position"] != "unknown"
            else f"{t('unknown', lang)}: {r['reason']}"
        )
        rows.append(row)
    return _drop_empty(pd.DataFrame(rows).set_index(t("figure", lang)).rename_axis(None))


def stale_printed_column(area_id: str, data_dir: str | Path | None = None) -> bool:
    """Whether the data checks find an excl.-btw column of the area's agreement stale (a
    conversion of an older incl. amount, as the ORV table of Heerlen Noord, page 7)."""
    found = check_data(data_dir)
    mine = found[found["area_id"] == area_id]
    return bool((mine["code"] == "finding.vat_stale_column").any())


def payments_table(
    scenario, area_id: str, lang: str = "nl", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """The scenario's payments per instrument and payment year, in whole euros, gross (incl.
    btw) and, where it differs, net; with a total per row and per year: "how much in 2027"
    without the CSV."""
    from ..engine import run

    pay = run(scenario, [area_id], data_dir)
    if pay.empty:
        return pd.DataFrame()
    years = sorted(pay["year"].unique())
    total = t("totaal", lang)
    rows = {}
    for value, kind in (("gross_eur", "gross"), ("net_eur", "net")):
        wide = pay.pivot_table(index="instrument", columns="year", values=value, aggfunc="sum")
        for inst in [i for i in ("realisatiestimulans", "orv", "capaciteit") if i in wide.index]:
            amounts = wide.loc[inst].reindex(years)
            if kind == "net" and (amounts - rows[(inst, "gross")]).abs().max() < 0.5:
                continue  # net = gross (the realisatiestimulans, capacity): one row
            rows[(inst, kind)] = amounts
        rows[("totaal", kind)] = wide.reindex(columns=years).sum()
    out = pd.DataFrame(
        {
            f"{t(inst, lang)}, {t(kind, lang)}": [
                *(format_eur(v, lang, short=False) for v in amounts),
                format_eur(amounts.sum(), lang, short=False),
            ]
            for (inst, kind), amounts in rows.items()
        },
        index=[*(str(y) for y in years), total],
    ).T
    return out


def scenario_notes(
    scenario, area_id: str, lang: str = "nl", data_dir: str | Path | None = None
) -> list[str]:
    """Remarks the scenario's payments call for, in Markdown: payments after the agreement's
    last payment year (page 6), which the ORV and capacity lag can push them into."""
    from ..data.parameters import load_parameters
    from ..engine import run

    last = load_parameters(data_dir).last_payment_year
    pay = run(scenario, [area_id], data_dir)
    late = float(pay.loc[pay["year"] > last, "gross_eur"].sum())
    notes = []
    if late > 0.5:
        notes.append(t("after_end_note", lang, amount=late, last_payment_year=last))
    return notes


def national_table(lang: str = "nl", data_dir: str | Path | None = None) -> pd.DataFrame:
    """All areas side by side: what is published per instrument (an amount a source names
    without an instrument under the total, as what it is), the homes (starts where the
    agreement gives them, else the homes as the press names them), the kind of source of the
    figures shown (an area whose file is a draft named with "(concept)"). Each figure's own
    source, page and caveat: :func:`national_sources_table`."""
    from ..data import national_summary

    s = national_summary(data_dir)
    rows = []
    for area_id, r in s.iterrows():
        row = {
            t("area", lang): r["name"] + draft_mark(str(area_id), lang, data_dir),
            t("signed", lang): t("yes" if r["signed_2025"] else "no", lang),
        }
        kinds: list[str] = []
        for inst in ("realisatiestimulans", "orv", "capaciteit", "totaal"):
            status = r[f"{inst}_status"]
            low, high = r[f"{inst}_low_eur"], r[f"{inst}_high_eur"]
            published = status == "published"
            shown = range_text(low, high, r[f"{inst}_qualifier"], lang)
            row[t(inst, lang)] = shown if published else t(status, lang)
            if published:
                kinds += str(r[f"{inst}_source_kind"]).split(", ")
        if pd.notna(r["rijksbijdrage_part_eur"]):
            part = t("part_named", lang, amount=format_eur(r["rijksbijdrage_part_eur"], lang))
            row[t("totaal", lang)] += f"; {part}"
            kinds.append(r["rijksbijdrage_part_source_kind"])
        row[t("starts", lang)] = homes_cell(r, lang)
        if isinstance(r["startbouw_source_kind"], str):
            kinds.append(r["startbouw_source_kind"])
        shown_kinds = dict.fromkeys(kinds) or {"not published": None}
        row[t("source_kind", lang)] = ", ".join(t(k, lang) for k in shown_kinds)
        rows.append(row)
    return pd.DataFrame(rows).set_index(t("area", lang)).rename_axis(None)


def homes_cell(r: pd.Series, lang: str = "nl") -> str:
    """The homes of a :func:`~nplv_analysis.national_summary` row in words: starts where the
    agreement gives them ("startbouw 2.352"), the press's own word otherwise ("2.362
    betaalbare woningen": the press speaks of homes, not of starts), "–" where none is
    published."""
    press = not is_primary(r["startbouw_source_kind"])
    for column, what in (("startbouw_total", "all"), ("startbouw_affordable", "affordable")):
        if pd.notna(r[column]):
            value = format_number(r[column], 0, lang)
            if column == "startbouw_total" and r["startbouw_total_qualifier"] == "circa":
                value = f"{t('circa', lang)} {value}"
            return t(f"homes_cell.{'press' if press else 'starts'}_{what}", lang, value=value)
    return "–"


def national_sources_table(lang: str = "nl", data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per figure the national overview shows (the national ceilings, drawing rights
    and homes target, then each area's published amounts and homes): its value, the kind and
    the source with its page (or the publisher and date of a press release or news item), other
    sources stating it, and the source's caveat, as the area reports show it."""
    from ..data import funding, load_figures, national_summary
    from ..data.schema import NATIONAL

    fig = load_figures(data_dir).set_index(["area_id", "key"])
    rows = []

    def add(area: str, label: str, value: str, keys: list[tuple[str, str]]) -> None:
        refs, kinds, caveats = [], [], []
        for pair in keys:
            f = fig.loc[pair]
            refs.append(figure_ref(*pair, lang=lang, data_dir=data_dir))
            kinds.append(t(f["source_kind"], lang))
            if isinstance(f[f"caveat_{lang}"], str):
                caveats.append(f[f"caveat_{lang}"])
        rows.append(
            {
                t("area", lang): area,
                t("figure", lang): label,
                t("value", lang): value,
                t("source_kind", lang): ", ".join(dict.fromkeys(kinds)),
                t("source", lang): "; ".join(dict.fromkeys(refs)),
                t("caveat", lang): " ".join(dict.fromkeys(caveats)),
            }
        )

    national = t("national_row", lang)
    for key in NATIONAL_OVERVIEW_KEYS:
        if (NATIONAL, key) in fig.index:
            f = fig.loc[(NATIONAL, key)]
            add(
                national, t(f"national_label.{key}", lang), figure_value(f, lang), [(NATIONAL, key)]
            )
    summary = national_summary(data_dir)
    for area_id, r in summary.iterrows():
        name = r["name"] + draft_mark(str(area_id), lang, data_dir)
        fund = funding(str(area_id), data_dir)
        for inst, f in fund[fund["status"] == "published"].iterrows():
            if f["qualifier"] == "sum_of_instruments":
                continue  # its parts have their rows
            value = range_text(f["low_eur"], f["high_eur"], f["qualifier"], lang)
            keys = [(str(area_id), k) for k in str(f["keys"]).split(", ")]
            add(name, t(str(inst), lang), value, keys)
        if (str(area_id), "rijksbijdrage.part") in fig.index:
            f = fig.loc[(str(area_id), "rijksbijdrage.part")]
            add(
                name,
                t("rijksbijdrage_part", lang),
                format_eur(f["value"], lang),
                [(str(area_id), "rijksbijdrage.part")],
            )
        for key in ("homes.startbouw.total", "homes.startbouw.affordable"):
            if (str(area_id), key) in fig.index:
                add(name, t("starts", lang), homes_cell(r, lang), [(str(area_id), key)])
                break
    cols = [t(c, lang) for c in ("area", "figure", "value", "source_kind", "source", "caveat")]
    return _drop_empty(pd.DataFrame(rows, columns=cols).set_index(cols[0]).rename_axis(None))


def figure_ref(area_id: str, key: str, lang: str = "nl", data_dir: str | Path | None = None) -> str:
    """Where one figure stands, for a reader: the agreement's title and page ("(landelijke
    passage)" for a national figure read from an area's agreement), a press release or news
    item by its publisher and date ("Rijksoverheid, 24 juni 2025"), then every other source
    the data names as stating it ("ook: ..."). A national figure that the government itself
    published names that source first: a national figure cites a national source.

    >>> figure_ref("national", "orv.budget")
    'Rijksoverheid, 24 juni 2025; ook: Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord, p. 7 (landelijke passage)'
    """  # noqa: E501
    from ..data import load_figures, load_sources
    from ..data.schema import NATIONAL

    f = load_figures(data_dir).set_index(["area_id", "key"]).loc[(area_id, key)]
    page = str(int(f["page"])) if pd.notna(f["page"]) else None
    ref = source_ref(f["source"], page, lang, data_dir)
    if area_id == NATIONAL and f["source_kind"] == "agreement":
        ref += f" ({t('national_passage', lang)})"
    also = str(f["see_also"]).split("; ") if isinstance(f["see_also"], str) else []
    refs = [(f["source_kind"], ref)] + [
        (load_sources(data_dir).at[s, "kind"], source_ref(s, None, lang, data_dir)) for s in also
    ]
    if area_id == NATIONAL:  # the government's own words first
        refs.sort(key=lambda kr: kr[0] != "government press release")
    first, *rest = [r for _, r in refs]
    return "; ".join([first, *(t("see_also_ref", lang, ref=r) for r in rest)])


def figures_ref_note(
    items: list[tuple[str, tuple[str, str]]], lang: str = "nl", data_dir: str | Path | None = None
) -> str:
    """A chart's source note that cites each drawn figure on its own: ``items`` of (what the
    reader sees, (area_id, key)), written "what: source, page" and joined by " · "."""
    return keep_together(
        " · ".join(
            f"{label}: {figure_ref(area, key, lang, data_dir)}" for label, (area, key) in items
        )
    )


NATIONAL_OVERVIEW_KEYS = (
    "orv.budget",
    "orv.agreed",
    "capaciteit.budget",
    "capaciteit.agreed",
    "homes.accelerated",
    "homes.extra",
    "homes.programme.total",
)
"""The national figures the overview draws (the ceilings chart, the homes target)."""


def figure_value(f: pd.Series, lang: str = "nl") -> str:
    """One figure's value in words: "ruim € 200,0 mln", "40.000", with its qualifier."""
    value = (
        format_eur(f["value"], lang) if f["unit"] == "EUR" else format_number(f["value"], 0, lang)
    )
    qual = t(f["qualifier"], lang) if f["qualifier"] != "exact" else ""
    if f["qualifier"] == "at_least" and f["unit"] == "EUR":
        qual = t("more_than", lang)  # "ruim", as the agreement writes it
    return f"{qual} {value}".strip()


STATUS_COLOURS = {
    "on_course": "#CDEFD4",
    "attention": "#FFE9A8",
    "off_course": "#F7C5C0",
    "unknown": "#E5E5E5",
}

MIDTERM_COLUMNS = ("mt.area", "mt.status", "mt.starts_ratio", "mt.orv_ratio", "mt.note")
"""The columns of the traffic-light table, as catalogue ids: few enough to fit a 1280 px
screen and an A4 page; the figures behind each share are in :func:`midterm_details`."""


def _pct(x: float, lang: str) -> str:
    return "–" if pd.isna(x) else format_number(x * 100, 0, lang) + "%"


def _num(x: float, lang: str) -> str:
    return "–" if pd.isna(x) else format_number(x, 0, lang)


def _eur(x: float, lang: str) -> str:
    return "–" if pd.isna(x) else format_eur(x, lang, short=False)


def midterm_table(review: pd.DataFrame, lang: str = "nl", data_dir: str | Path | None = None):
    """The traffic-light table of a mid-term review (a pandas Styler: status cells coloured,
    the words there too, so colour is never the only signal): per area its status, the two
    shares of plan that set it, and the verdict in words (``verdict``) in the note column."""
    names = load_areas(data_dir).set_index("area_id")["name"]
    labels = [t(c, lang) for c in MIDTERM_COLUMNS]
    rows = []
    for _, r in review.iterrows():
        rows.append(
            [
                names.get(r["area_id"], r["area_id"]),
                t(r["status_code"], lang),
                _pct(r["starts_ratio"], lang),
                _pct(r["orv_ratio"], lang),
                r["verdict"] if isinstance(r["verdict"], str) else "",
            ]
        )
    table = pd.DataFrame(rows, columns=labels).set_index(labels[0])
    colour = {t(k, lang): v for k, v in STATUS_COLOURS.items()}
    return (
        table.style.format(escape="html")
        .format_index(escape="html", axis=0)
        .format_index(escape="html", axis=1)
        .map(lambda v: f"background-color: {colour.get(v, 'white')}", subset=[labels[1]])
        .set_table_styles(
            [
                {"selector": "td", "props": "vertical-align: top;"},
                {"selector": "td.col0, td.col1, td.col2", "props": "white-space: nowrap;"},
                {"selector": "td.col1, td.col2", "props": "text-align: right;"},
                {"selector": "td.col3", "props": "text-align: left; min-width: 18em;"},
            ]
        )
        .set_caption(html.escape(t("caption.midterm_main", lang)))
    )


def midterm_details(
    review: pd.DataFrame, lang: str = "nl", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """The figures behind the traffic light, one row per area and indicator (the area left out
    for a single area): planned to date, to date (the monitor), the share of plan, and what it
    is held against (the projection and the estimate; for ORV and capacity the amount under
    the ceiling of the default scenario, the basis of planned to date, beside the drawing right,
    the maximum)."""
    from ..data.parameters import load_parameters

    last_year = load_parameters(data_dir).last_year
    names = load_areas(data_dir).set_index("area_id")["name"]
    several = len(review) > 1
    index, rows = [], []
    for _, r in review.iterrows():
        area = names.get(r["area_id"], r["area_id"])
        flag = t(f"flag.{r['rs_flag']}", lang) if isinstance(r["rs_flag"], str) else "–"
        lines = [
            (
                "mt.ind.starts",
                _num(r["planned_starts_to_date"], lang),
                _num(r["realised_starts_to_date"], lang),
                _pct(r["starts_ratio"], lang),
                t(
                    "mt.ref.starts",
                    lang,
                    last_year=last_year,
                    projected=_num(r["projected_starts_2029"], lang),
                    estimate=_num(r["estimated_starts_2029"], lang),
                ),
            ),
        ]
        for inst, label in (("orv", "mt.ind.orv"), ("capaciteit", "mt.ind.capaciteit")):
            lines.append(
                (
                    label,
                    _eur(r[f"{inst}_planned_to_date_eur"], lang),
                    _eur(r[f"{inst}_drawn_eur"], lang),
                    _pct(r[f"{inst}_ratio"], lang),
                    t(
                        "mt.ref.money",
                        lang,
                        base=_eur(r[f"{inst}_base_eur"], lang),
                        right=_eur(r[f"{inst}_right_eur"], lang),
                    ),
                )
            )
        lines.append(
            (
                "mt.ind.rs",
                "–",
                t("mt.registered", lang, n=_num(r["rs_registered_homes_to_date"], lang)),
                "–",
                t(
                    "mt.ref.rs",
                    lang,
                    last_year=last_year,
                    projected=_eur(r["rs_projected_eur"], lang),
                    low=_eur(r["rs_estimate_low_eur"], lang),
                    high=_eur(r["rs_estimate_high_eur"], lang),
                    flag=flag,
                ),
            )
        )
        for key, *cells in lines:
            index.append((area, t(key, lang)) if several else t(key, lang))
            rows.append(cells)
    columns = [t(c, lang) for c in ("mt.planned_to_date", "mt.to_date", "mt.share_of_plan")]
    columns.append(t("mt.reference", lang))
    if several:
        idx = pd.MultiIndex.from_tuples(index, names=[t("mt.area", lang), t("mt.indicator", lang)])
    else:
        idx = pd.Index(index, name=t("mt.indicator", lang))
    return pd.DataFrame(rows, index=idx, columns=columns)


def midterm_conversations(
    review: pd.DataFrame, lang: str = "nl", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """The areas that need a conversation first ("Bij afwijking treden partijen in overleg",
    page 3): those off course before those that need attention, each by its lowest share of
    plan, with the verdict as the reason. Empty when every area is on course or unknown."""
    names = load_areas(data_dir).set_index("area_id")["name"]
    part = review[review["conversation"].astype(bool)].copy()
    order = {"off_course": 0, "attention": 1}
    part["_rank"] = part["status_code"].map(order)
    part["_low"] = part[["starts_ratio", "orv_ratio"]].min(axis=1)
    part = part.sort_values(["_rank", "_low"], kind="stable")
    rows = [
        (names.get(r["area_id"], r["area_id"]), t(r["status_code"], lang), r["verdict"])
        for _, r in part.iterrows()
    ]
    labels = [t(c, lang) for c in ("mt.area", "mt.status", "mt.reason")]
    return pd.DataFrame(rows, columns=labels).set_index(labels[0])


def midterm_national_table(
    review: pd.DataFrame, lang: str = "nl", data_dir: str | Path | None = None
) -> pd.DataFrame:
    """The national picture of a mid-term review: starts realised against planned to date and
    against the sum of the areas' estimates; ORV and capacity drawn against the national
    ceilings. Areas without an estimate or a drawing right count where they have figures; the
    table says how many areas it covers."""
    from ..data.parameters import load_parameters

    ceilings = load_parameters(data_dir).ceilings
    known = review.dropna(subset=["estimated_starts_2029"])
    realised = float(known["realised_starts_to_date"].sum())
    planned = float(known["planned_starts_to_date"].sum())
    estimated = float(known["estimated_starts_2029"].sum())
    rows = [
        (
            t("mt.national_starts", lang, n=len(known)),
            format_number(realised, 0, lang),
            format_number(planned, 0, lang),
            format_number(estimated, 0, lang),
            format_number(realised / estimated * 100, 0, lang) + "%" if estimated else "–",
        )
    ]
    for inst, drawn in (("orv", "orv_drawn_eur"), ("capaciteit", "capaciteit_drawn_eur")):
        total = float(review[drawn].sum())
        rows.append(
            (
                t(inst, lang),
                format_eur(total, lang, short=False),
                "–",
                f"{t('ceiling', lang)}: {format_eur(ceilings[inst], lang, short=False)}",
                format_number(total / ceilings[inst] * 100, 1, lang) + "%",
            )
        )
    columns = [t(c, lang) for c in ("mt.to_date", "mt.planned_to_date", "mt.against", "mt.share")]
    return pd.DataFrame([r[1:] for r in rows], index=[r[0] for r in rows], columns=columns)


def midterm_yearly_tables(yearly: pd.DataFrame, area_id: str, lang: str = "nl") -> list:
    """The yearly report on ORV and capacity of one area (a :func:`~nplv_analysis.monitor.
    yearly_costs` table) as reader tables, one per instrument (narrow enough for an A4 page),
    each captioned with its instrument: one row per year, a year reported by quarter named with
    its last quarter. Pandas Stylers (:func:`styled`), for ``display``."""
    out = []
    part = yearly[yearly["area_id"] == area_id]
    columns = [
        t(f"yearly.col.{c}", lang)
        for c in ("declared", "planned", "cumulative", "base_share", "right_share")
    ]
    for inst, rows in part.groupby("instrument", sort=False):
        index, cells = [], []
        for _, r in rows.iterrows():
            year = str(r["year"])
            if not pd.isna(r["last_quarter"]):
                year = t("yearly.year_part", lang, year=year, quarter=int(r["last_quarter"]))
            index.append(year)
            cells.append(
                [
                    _eur(r["declared_eur"], lang),
                    _eur(r["planned_eur"], lang),
                    _eur(r["cumulative_eur"], lang),
                    _pct(r["base_share"], lang),
                    _pct(r["right_share"], lang),
                ]
            )
        table = pd.DataFrame(
            cells, index=pd.Index(index, name=t("yearly.col.year", lang)), columns=columns
        )
        caption = t("caption.midterm_yearly", lang, instrument=t(inst, lang))
        out.append(styled(table).set_caption(html.escape(caption)))
    return out


def midterm_late_table(late: pd.DataFrame, lang: str = "nl", data_dir=None) -> pd.DataFrame:
    """The late projects of a plan list (:func:`~nplv_analysis.monitor.late_projects`), in the
    reader's words: area, project, planned start year, phase, homes."""
    names = load_areas(data_dir).set_index("area_id")["name"]
    labels = [t(c, lang) for c in ("mt.area", "late.col.project", "late.col.start_year")]
    labels += [t(c, lang) for c in ("late.col.phase", "late.col.homes")]
    rows = [
        (
            names.get(r["area_id"], r["area_id"]),
            r["project"],
            str(r["start_year"]),
            t(f"plans.phase.{r['phase']}", lang),
            _num(r["homes_total"], lang),
        )
        for _, r in late.iterrows()
    ]
    return pd.DataFrame(rows, columns=labels).set_index(labels[:2])


def period_label(code: str, lang: str = "nl") -> str:
    """A monitor period code ("2027-Q2", "2026") in the reader's words ("2e kwartaal 2027")."""
    year, _, quarter = str(code).partition("-Q")
    if quarter:
        return t("period_quarter", lang, year=year, quarter=quarter)
    return year


def assumptions_href(out_dir: str | Path | None = None) -> str:
    """A link to docs/assumptions.md that works from a report in ``out_dir`` (a report folder
    is always one level below the output folder, wherever that is); from the notebooks folder
    when ``out_dir`` is None."""
    import os

    here = Path(out_dir) if out_dir is not None else NOTEBOOK_DIR
    return Path(os.path.relpath(ASSUMPTIONS, here.resolve())).as_posix()
