"""Agreement intake: the text of an NPLV housing agreement (a PDF, or a text with form-feed page
breaks as ``pdftotext -layout`` writes it) into a draft area file.

The agreements are drafted from one template: a section on the area ("NPLV gebied <naam>"), the
realisatiestimulans with its estimate, an ORV and a capacity section each with a maximum in the
text and a table (lines with their own names, excl. and incl. btw, a total), a "Samenvatting
financiële afspraken", a housing table and an annex on care homes. The recognisers below read
that structure (headings, table shapes, the template's phrases) and take every number from the
document; a figure they do not find is listed as missing and left out, never guessed.

:func:`run_intake` writes the copy of the document, its text (with the page map), its entry in
``sources.yaml`` and ``agreements/<area_id>.yaml`` with ``status: draft``: all of them or none
(:mod:`~nplv_analysis.data.atomic`), under a lock on the data folder, and only after the whole
new folder has loaded in a staging copy.
Faults are :class:`IntakeError`: a code of the text catalogue plus its values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import re
import shutil
import tempfile
import time
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from ..data import schema
from ..data.atomic import FolderBusy, folder_lock, recover, write_files
from ..data.loading import DEFAULT_DATA_DIR, DataError, dataset, load_dataset, read_yaml

MAX_INPUT_BYTES = 64 * 2**20
"""Largest document the intake reads, 64 MiB (the agreements are some 300 kB as PDF)."""

MAX_PAGES = 200
"""Most pages of a document the intake reads (the agreements have some 15)."""
MAX_SECONDS = 60.0
"""Longest the intake spends reading the text of one document and recognising its figures
(an agreement takes about a second)."""

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

NUM = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
"""A Dutch whole number as printed: "2.352", "56.000", "384"."""
AMT = r"(?:[-−](?=€))?€\s?[-−]?\d(?:[\d.,]*\d)?(?:,-)?(?:\s?(?:mln|mld|miljoen|miljard)\b\.?)?"
"""An amount as printed: "€ 6.719.008", "€10.000.000", "€ 6500,-", "€5,3 mln.", with its sign
("-€ 12.100.000") and every digit, point and comma of its number, so that a number not written
the Dutch way ("€ 12,100,000.00", "€12.1 mln") is seen whole and refused by
:func:`parse_amount`, never read in part."""
_DUTCH_WHOLE = r"(?:\d{1,3}(?:\.\d{3})+|\d+)"
PLACE = r"[A-Z][\w'-]{0,40}(?: [A-Z][\w'-]{0,40}){0,5}"
"""A place or area name as printed: capitalised words, at most six (bounded, so that a search
through a document of nothing but capitals stays linear)."""
SPAN = r"(\d{4})\s?(?:t/m|tot en met|-|–)\s?(\d{4})"
"""A span of years: "2025 t/m 2029", "2025-2029", "2025 – 2029"."""
QUALIFIERS = {
    "circa": "circa",
    "ongeveer": "circa",
    "ruim": "at_least",
    "minimaal": "at_least",
    "meer dan": "at_least",
    "bijna": "almost",
    "maximaal": "at_most",
}
"""The source's words for a qualifier (data/README.md)."""

REQUIRED_WORDS = (
    ("bestuurlijke afspraken", r"bestuurlijke afspraken"),
    ("NPLV", r"NPLV|Nationaal Programma Leefbaarheid en Veiligheid"),
    ("realisatiestimulans", r"realisatiestimulans"),
    ("woningbouw", r"woningbouw"),
)
"""Words every NPLV housing agreement uses; a document without one of them is refused."""

HEADINGS = {
    "rs": r"Realisatiestimulans met opslag",
    "orv": r"Opslag realisatiestimulans voor bovenplanse openbare ruimte",
    "capaciteit": r"Opslag realisatiestimulans voor capaciteit",
    "summary": r"Samenvatting financi[eë]le afspraken",
    "closing": r"Afsluiting",
    "annex": r"BIJLAGE",
}
"""The template's section headings (case as printed); a section runs to the next of them."""

EXPECTED = (
    "residents",
    "residents.share_of_municipality",
    "movers.in_10y",
    "homes.region_minimum",
    "homes.area_minimum",
    "homes.startbouw.text",
    "homes.startbouw.puur_nplv.total",
    "homes.startbouw.puur_nplv.affordable",
    "homes.startbouw.grootschalig.total",
    "homes.startbouw.grootschalig.affordable",
    "homes.startbouw.total",
    "homes.startbouw.affordable",
    "realisatiestimulans.estimate.low",
    "realisatiestimulans.estimate.high",
    "orv.maximum",
    "orv.<regels>",
    "orv.total.excl",
    "orv.total.incl",
    "orv.table.price_level_year",
    "orv.measures_start.first_year",
    "orv.measures_start.last_year",
    "capaciteit.maximum",
    "capaciteit.<regels>",
    "capaciteit.total.excl",
    "capaciteit.total.incl",
    "capaciteit.table.price_level_year",
    "summary.realisatiestimulans.low",
    "summary.realisatiestimulans.high",
    "summary.orv",
    "summary.capaciteit",
    "summary.total.low",
    "summary.total.high",
    "homes.care.zorggeschikt",
    "homes.care.zorggeclusterd",
    "signed",
)
"""What the template holds; whatever of it is not found is listed as missing."""


class IntakeError(ValueError):
    """A document or request the intake refuses: ``code`` (a text catalogue id) and the
    ``values`` its message shows. Nothing has been written when it is raised."""

    def __init__(self, code: str, **values: Any):
        self.code = code
        self.values = {k: escape_text(v) if isinstance(v, str) else v for k, v in values.items()}
        super().__init__(f"{code}: {values}")


# --- reading --------------------------------------------------------------------------------


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters that are no text: control codes (the escape codes that move a terminal's cursor
or erase its lines among them) and the bidirectional overrides that show text reversed."""
_SHOWN_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def escape_text(text: str) -> str:
    r"""``text`` as it may be printed: every control character and bidirectional override
    written as its escape (``\x1b``, ``\u202e``), so that a document or a file name
    cannot move the cursor, erase lines or turn text around on the reader's terminal.

    >>> escape_text("Totaal \x1b[2K€ 1")
    'Totaal \\x1b[2K€ 1'
    """
    return _SHOWN_CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _clean(page: str) -> str:
    """A page's text with one kind of line break (no characters ``splitlines`` would split) and
    no control characters: each is replaced by U+FFFD, so that the quotes, the text file and
    everything printed from them stay the same, and visibly marked."""
    page = re.sub(r"\r\n?", "\n", page).replace("\x00", "")
    page = re.sub(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", "\n", page)
    return _CONTROL.sub("\ufffd", page)


def read_pages(path: str | Path) -> list[str]:
    """The text of each page of a PDF (its text layer, read with pypdf) or of a text file whose
    pages are separated by form feeds. :class:`IntakeError` for a file that cannot be read, a
    PDF without a text layer (a scan) and an empty text."""
    path = Path(path)
    shown = str(path)
    if not path.is_file():
        raise IntakeError("intake.no_file", file=shown)
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise IntakeError("intake.too_large", file=shown, size=size, limit=MAX_INPUT_BYTES)
    data = path.read_bytes()
    if data.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        pages = _pdf_pages(data, shown)
        if not any(p.strip() for p in pages):
            raise IntakeError("intake.no_text_layer", file=shown, pages=len(pages))
    elif path.suffix.lower() == ".txt":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IntakeError("intake.not_utf8", file=shown, byte=exc.start) from None
        pages = text.split("\f")
        if len(pages) > 1 and not pages[-1].strip():
            pages = pages[:-1]  # pdftotext ends every page with a form feed
        if len(pages) > MAX_PAGES:
            raise IntakeError(
                "intake.too_many_pages", file=shown, pages=len(pages), limit=MAX_PAGES
            )
        if not any(p.strip() for p in pages):
            raise IntakeError("intake.empty", file=shown)
    else:
        raise IntakeError("intake.unknown_format", file=shown, suffix=path.suffix or "-")
    return [_clean(p) for p in pages]


def _in_time(start: float, shown: str, page: int | str) -> None:
    """:class:`IntakeError` once the document has taken more than :data:`MAX_SECONDS`."""
    if time.monotonic() - start > MAX_SECONDS:
        raise IntakeError("intake.too_slow", file=shown, seconds=int(MAX_SECONDS), page=page)


def _pdf_pages(data: bytes, shown: str) -> list[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not ours to show
    start = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IntakeError("intake.encrypted", file=shown)
        n = len(reader.pages)
        if n > MAX_PAGES:
            raise IntakeError("intake.too_many_pages", file=shown, pages=n, limit=MAX_PAGES)
        pages = []
        for i, page in enumerate(reader.pages, start=1):
            pages.append(page.extract_text() or "")
            _in_time(start, shown, i)
        return pages
    except IntakeError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file; each is one message
        reason = re.sub(r"\s+", " ", str(exc))[:200] or type(exc).__name__
        raise IntakeError("intake.not_pdf", file=shown, reason=reason) from None


# --- the document ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """Runs of white space as one space (as the checks compare quotes with pages)."""
    return re.sub(r"\s+", " ", text).strip()


class Document:
    """The pages of a document, joined into one normalised text (tables broken across lines or
    pages read as one run) with a map back to the pages."""

    def __init__(self, pages: list[str]):
        self.pages = pages
        self.norm = [normalise(p) for p in pages]
        self.starts = []
        parts, pos = [], 0
        for text in self.norm:
            self.starts.append(pos)
            parts.append(text)
            pos += len(text) + 1
        self.text = " ".join(parts)

    def line_of(self, page: int, words: str) -> int | str:
        """The line (1-based, of the page's text) on which ``words`` stand; "?" if they do not
        stand on one line."""
        want = normalise(words)
        for i, line in enumerate(self.pages[page - 1].split("\n"), start=1):
            if want in normalise(line):
                return i
        return "?"

    def page_of(self, pos: int) -> int:
        """The page (1-based) the character at ``pos`` stands on."""
        return bisect_right(self.starts, pos)

    def quote(self, start: int, end: int, at: int) -> str:
        """The words from ``start`` to ``end``, cut to the page of position ``at`` (a quote
        stands on one page, that of its figure)."""
        page = self.page_of(at)
        low = self.starts[page - 1]
        high = low + len(self.norm[page - 1])
        return self.text[max(start, low) : min(end, high)].strip()


@dataclass
class Found:
    """One recognised figure."""

    key: str
    value: int | str  # whole number, or an exact fraction "2/3"
    vat: str
    period: str
    page: int
    quote: str
    qualifier: str | None = None
    note: dict[str, str] | None = None  # {nl: ..., en: ...}: every data note in both languages
    name: str | None = None

    @property
    def unit(self) -> str:
        spec = schema.key_spec(self.key)
        assert spec is not None, self.key
        return spec.unit


@dataclass
class Draft:
    """What the intake read from one document."""

    area_id: str
    source_id: str
    title: str
    pages: list[str]
    signed: dict[str, Any] | None
    figures: list[Found]
    missing: list[str]
    national: list[tuple[Found, float | None]] = field(default_factory=list)
    """National figures the document restates (the amount per home), with the value in
    ``national.yaml`` (None if it has none): shown, not written."""
    skipped: list[tuple[str, int, str]] = field(default_factory=list)
    """(code, page, words): things seen but not written (a table row of no known kind, a "-"
    that is not shown to be zero)."""


class AmountError(ValueError):
    """An amount that is not written the Dutch way; ``reason`` is a text catalogue id."""

    def __init__(self, text: str, reason: str):
        self.text = text
        self.reason = reason
        super().__init__(f"{reason}: {text!r}")


_AMOUNT_RE = re.compile(
    r"([-−])?€\s?([-−])?(\d(?:[\d.,]*\d)?)(,-)?(?:\s?(mln|mld|miljoen|miljard)\b\.?)?"
)


def parse_amount(text: str) -> int | Decimal:
    """Euros as printed, the Dutch way: "€ 6.719.008" -> 6719008, "€5,3 mln." -> 5300000,
    "€ 6500,-" -> 6500, "€ 4.132.231,40" -> Decimal("4132231.40"), "-€ 1.000" -> -1000.
    :class:`AmountError` (a ValueError) for a number written otherwise: a decimal point or
    comma groups ("€ 12,100,000.00"), a point before "mln" ("€12.1 mln"), three decimals.

    >>> parse_amount("€ 6.719.008"), parse_amount("€5,3 mln."), parse_amount("€ 6500,-")
    (6719008, 5300000, 6500)
    >>> parse_amount("€ 2,5 mld."), parse_amount("-€ 2.500"), parse_amount("€ 1.234,50")
    (2500000000, -2500, Decimal('1234.5'))
    >>> parse_amount("€ 12,100,000.00")
    Traceback (most recent call last):
    ...
    nplv_analysis.intake.agreements.AmountError: intake.amount.not_dutch: '€ 12,100,000.00'
    """
    m = _AMOUNT_RE.fullmatch(text.strip())
    if m is None:
        raise AmountError(text, "intake.amount.not_dutch")
    before, after, number, dash, scale = m.groups()
    if before and after:
        raise AmountError(text, "intake.amount.not_dutch")
    factor = {"mln": 10**6, "miljoen": 10**6, "mld": 10**9, "miljard": 10**9}.get(scale or "", 1)
    decimals = 3 if scale else 2  # "€ 12,125 mln": a decimal comma before mln
    found = re.fullmatch(rf"({_DUTCH_WHOLE})(?:,(\d{{1,{decimals}}}))?", number)
    if found is None or (dash and found.group(2)):
        raise AmountError(text, "intake.amount.not_dutch")
    value = Decimal(found.group(1).replace(".", ""))
    if found.group(2):
        value += Decimal(found.group(2)) / (10 ** len(found.group(2)))
    value *= factor
    if before or after:
        value = -value
    return int(value) if value == int(value) else value


def parse_count(text: str) -> int:
    """A whole number as printed: "2.352" -> 2352."""
    return int(text.replace(".", ""))


def _name_re(name: str) -> str:
    """A pattern for an area name however the document writes it ("Heerlen Noord",
    "Heerlen-Noord", "heerlen noord")."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", name.strip()) if w]
    return r"(?i:" + r"[\s-]+".join(words) + r")"


def _key_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _slug(name: str, taken: set[str]) -> str:
    """The item key of a line item: the template's own (schema.LINE_ITEMS) or one made from
    its printed name."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40].rstrip("_") or "regel"
    if not base[0].isalpha():
        base = ("regel_" + base)[:40]
    if base in schema.LINE_RESERVED:
        base = "regel_" + base
    slug, n = base, 2
    while slug in taken:
        slug = f"{base[:36]}_{n}"
        n += 1
    return slug


class _Reader:
    """The recognisers, sharing the document, the area's name and the agreement's period."""

    def __init__(self, doc: Document, area_name: str, year: int | None, shown: str = ""):
        self.doc = doc
        self.shown = shown
        self.area = _name_re(area_name)
        self.year = year
        self.found: dict[str, Found] = {}
        self.skipped: list[tuple[str, int, str]] = []
        self.period = self._main_period()
        self.sections = self._sections()

    # helpers
    def amount(self, m: re.Match, group: int) -> int | float:
        """The amount in ``group`` of ``m`` (whole euros as an int, with cents as a float);
        :class:`IntakeError` naming its page and line if it is not written the Dutch way or
        is negative."""
        try:
            value = parse_amount(m.group(group))
            if value < 0:  # kept, and refused: an amount of the agreement is never negative
                raise AmountError(m.group(group), "intake.amount.negative")
        except AmountError as exc:
            page = self.doc.page_of(m.start(group))
            raise IntakeError(
                exc.reason,
                file=self.shown,
                page=page,
                line=self.doc.line_of(page, m.group(group)),
                amount=escape_text(m.group(group)),
            ) from None
        return value if isinstance(value, int) else float(value)

    def _main_period(self) -> str:
        spans = Counter(
            (a, b) for a, b in re.findall(SPAN, self.doc.text) if int(a) < int(b) <= int(a) + 10
        )
        if not spans:
            return schema.PERIOD_NOT_STATED
        (a, b), _ = spans.most_common(1)[0]
        return f"{a}-{b}"

    def _sections(self) -> dict[str, tuple[int, int]]:
        at = {}
        for name, pattern in HEADINGS.items():
            m = re.search(pattern, self.doc.text)
            if m:
                at[name] = m.start()
        out = {}
        for name, start in at.items():
            after = [p for p in at.values() if p > start]
            out[name] = (start, min(after) if after else len(self.doc.text))
        return out

    def span(self, section: str | None) -> tuple[int, int] | None:
        if section is None:
            return 0, len(self.doc.text)
        return self.sections.get(section)

    def search(self, pattern: str, section: str | None = None, flags: int = 0):
        where = self.span(section)
        if where is None:
            return None
        return re.compile(pattern, flags).search(self.doc.text, *where)

    def add(self, key: str, value, vat: str, m_start: int, m_end: int, at: int, **more) -> None:
        if key in self.found:
            return  # the first statement of a figure is the one kept
        period = more.pop("period", None) or self.period
        self.found[key] = Found(
            key,
            value,
            vat,
            period,
            self.doc.page_of(at),
            self.doc.quote(m_start, m_end, at),
            **more,
        )

    # recognisers
    def people(self) -> None:
        d = self.doc.text
        year = str(self.year) if self.year else self.period
        m = re.search(
            rf"In (?:{self.area}|het (?:NPLV-)?gebied) wonen ({NUM}) (?:mensen|inwoners)", d
        )
        if m:
            self.add(
                "residents", parse_count(m.group(1)), "none", *m.span(), m.start(1), period=year
            )
        m = re.search(
            r"(?:(ongeveer|circa|ruim|bijna) )?(?<![\d.])(\d{1,3}/\d{1,3}) van de inwoners van de"
            rf" gemeente {PLACE}",
            d,
        )
        if m:
            num, den = m.group(2).split("/")
            if 0 < int(num) <= int(den):
                self.add(
                    "residents.share_of_municipality",
                    f"{Fraction(int(num), int(den))}",
                    "none",
                    *m.span(),
                    m.start(2),
                    period=year,
                    qualifier=QUALIFIERS.get(m.group(1) or ""),
                )
        m = re.search(
            rf"[Ii]n de afgelopen (\d+) jaar (?:zijn )?(?:maar liefst )?({NUM}) (?:inwoners|mensen)"
            r" naar [^.]*",
            d,
        )
        if m and int(m.group(1)) == 10:
            span = f"{self.year - 10}-{self.year}" if self.year else schema.PERIOD_NOT_STATED
            self.add(
                "movers.in_10y", parse_count(m.group(2)), "none", *m.span(), m.start(2), period=span
            )
        elif m:
            self.skipped.append(
                ("intake.skip.movers_years", self.doc.page_of(m.start()), m.group(0)[:80])
            )

    def homes(self) -> None:
        d = self.doc.text
        for m in re.finditer(
            rf"In ({PLACE}) worden in de periode {SPAN} in totaal"
            rf" minimaal ({NUM}) woningen gebouwd",
            d,
        ):
            key = (
                "homes.area_minimum"
                if re.fullmatch(self.area, m.group(1))
                else "homes.region_minimum"
            )
            self.add(
                key,
                parse_count(m.group(4)),
                "none",
                *m.span(),
                m.start(4),
                period=f"{m.group(2)}-{m.group(3)}",
                qualifier="at_least",
            )
            rest = re.compile(
                rf"waarvan minimaal ({NUM}) woningen in (?:het NPLV-gebied )?"
                rf"{self.area}"
            ).match(d, m.end() + 2)
            if rest:
                self.add(
                    "homes.area_minimum",
                    parse_count(rest.group(1)),
                    "none",
                    *rest.span(),
                    rest.start(1),
                    period=f"{m.group(2)}-{m.group(3)}",
                    qualifier="at_least",
                )
        m = re.search(rf"minimaal ({NUM}) woningen in (?:het NPLV-gebied )?{self.area}", d)
        if m:
            self.add(
                "homes.area_minimum",
                parse_count(m.group(1)),
                "none",
                *m.span(),
                m.start(1),
                qualifier="at_least",
            )
        m = re.search(
            rf"(?:In totaal is )?de startbouw van (?:(circa|ongeveer|ruim|minimaal) )?({NUM})"
            rf" woningen voorzien in de periode {SPAN}\.?",
            d,
        )
        if m:
            self.add(
                "homes.startbouw.text",
                parse_count(m.group(2)),
                "none",
                *m.span(),
                m.start(2),
                period=f"{m.group(3)}-{m.group(4)}",
                qualifier=QUALIFIERS.get(m.group(1) or ""),
            )
        self.housing_table()
        m = re.search(
            rf"(?:Voor deze regeling zijn )?(?<![\d.])({NUM}) zorggeschikte (?:woningen )?en"
            rf" ({NUM}) zorggeclusterde woningen aangedragen\.?",
            d,
        )
        if m:
            self.add(
                "homes.care.zorggeschikt", parse_count(m.group(1)), "none", *m.span(), m.start(1)
            )
            self.add(
                "homes.care.zorggeclusterd", parse_count(m.group(2)), "none", *m.span(), m.start(2)
            )
        for key, words in (
            ("homes.care.zorggeschikt", "Zorggeschikte woonvormen"),
            ("homes.care.zorggeclusterd", "Zorggeclusterde woonvormen"),
        ):
            m = re.search(rf"{words} ({NUM})\b", d)
            if m:
                self.add(key, parse_count(m.group(1)), "none", *m.span(), m.start(1))

    def housing_table(self) -> None:
        d = self.doc.text
        head = re.search(r"Inschatting start ?bouw aantallen", d)
        if head is None:
            return
        cols = re.compile(rf"nieuwbouw {SPAN} w\.v\. betaalbaar").search(
            d, head.end(), head.end() + 200
        )
        period = f"{cols.group(1)}-{cols.group(2)}" if cols else self.period
        rows = {}
        pos = head.end()
        for name, part in (
            ("Puur NPLV", "puur_nplv"),
            ("Grootschalig onderdeel van NPLV", "grootschalig"),
            ("Totaal", None),
        ):
            m = re.compile(rf"{name}\s+({NUM}|-)\s+({NUM}|-)(?![\d.])").search(d, pos, pos + 800)
            if m is None:
                continue
            rows[part] = m
            pos = m.end()
        values = {
            part: tuple(None if g == "-" else parse_count(g) for g in m.groups())
            for part, m in rows.items()
        }
        for col, what in enumerate(("total", "affordable")):
            total = values.get(None, (None, None))[col]
            printed = [values[p][col] for p in ("puur_nplv", "grootschalig") if p in values]
            known = sum(v for v in printed if v is not None)
            dash_is_zero = total is not None and len(printed) == 2 and known == total
            for part, m in rows.items():
                v = values[part][col]
                key = f"homes.startbouw.{part}.{what}" if part else f"homes.startbouw.{what}"
                note = None
                if v is None and dash_is_zero:
                    v = 0
                    note = {
                        "nl": 'Gedrukt als "-"; gelezen als nul omdat de rij "Totaal" gelijk is '
                        "aan de som van de andere rijen.",
                        "en": 'Printed as "-"; read as zero because the "Totaal" row equals the '
                        "sum of the other rows.",
                    }
                if v is None:
                    self.skipped.append(("intake.skip.dash", self.doc.page_of(m.start()), key))
                    continue
                self.add(key, v, "none", *m.span(), m.start(col + 1), period=period, note=note)

    def realisatiestimulans(self) -> None:
        m = self.search(
            rf"naar verwachting tussen (?:de )?({AMT}) (?:tot|en|-|–) (?:de )?({AMT})"
            r" (incl|excl)\.? btw beschikbaar vanuit de realisatiestimulans"
        )
        if m:
            for end, g in (("low", 1), ("high", 2)):
                self.add(
                    f"realisatiestimulans.estimate.{end}",
                    self.amount(m, g),
                    m.group(3),
                    *m.span(),
                    m.start(g),
                )

    def per_home(self) -> Found | None:
        m = self.search(
            rf"vaste bijdrage van (?:(circa|ongeveer) )?({AMT}) \((inclusief|exclusief|incl\.|"
            r"excl\.) btw\) voor elke betaalbare woning"
        )
        if m is None:
            return None
        vat = "incl" if m.group(3).startswith("incl") else "excl"
        return Found(
            "realisatiestimulans.per_home",
            self.amount(m, 2),
            vat,
            self.period,
            self.doc.page_of(m.start(2)),
            self.doc.quote(*m.span(), m.start(2)),
            qualifier=QUALIFIERS.get(m.group(1) or ""),
        )

    def instrument(self, inst: str) -> None:
        where = self.span(inst)
        if where is None:
            return
        d = self.doc.text
        m = re.compile(
            rf"(?:is een )?maximale rijksbijdrage van ({AMT}) (incl|excl)\.? btw beschikbaar[^.€]*"
        ).search(d, *where)
        if m:
            self.add(f"{inst}.maximum", self.amount(m, 1), m.group(2), *m.span(), m.start(1))
        head = re.compile(
            r"Rijksbijdrage(\d*) (excl|incl)\.? btw Rijksbijdrage(\d*) (excl|incl)\.? btw"
        ).search(d, *where)
        if head is None:
            return
        vats = (head.group(2), head.group(4))
        row = re.compile(rf"([^€]{{0,600}}?)\s*({AMT})\s*({AMT})")
        pos, taken = head.end(), set()
        while True:
            m = row.match(d, pos)
            if m is None:
                break
            a_at = m.start(2)
            name_start = max(m.start(1), self.doc.starts[self.doc.page_of(a_at) - 1])
            name = re.sub(r"^(?:\d+\s+)+", "", d[name_start : m.end(1)].strip())
            if not name or len(name.split()) > 15:
                break
            name_start = m.end(1) - len(name)
            quote = (name_start, m.end(3), a_at)
            if re.match(r"Totaal\b", name):
                for vat, g in zip(vats, (2, 3), strict=True):
                    self.add(f"{inst}.total.{vat}", self.amount(m, g), vat, *quote[:2], m.start(g))
                break
            known = {_key_name(v): k for k, v in schema.LINE_ITEMS[inst].items()}
            item = known.get(_key_name(name)) or _slug(name, taken | set(known.values()))
            taken.add(item)
            for vat, g in zip(vats, (2, 3), strict=True):
                self.add(
                    f"{inst}.{item}.{vat}",
                    self.amount(m, g),
                    vat,
                    *quote[:2],
                    m.start(g),
                    name=name,
                )
            pos = m.end()
        note = head.group(3) or head.group(1)
        if note:
            f = re.compile(
                rf"(?<![\d.,€]){note} (De Rijksbijdrage voor de maatregelen in de tabel is"
                r" prijspeil (\d{4})[^.]*\.)"
            ).search(d, head.end())
            if f:
                self.add(
                    f"{inst}.table.price_level_year",
                    int(f.group(2)),
                    "none",
                    *f.span(1),
                    f.start(2),
                )
        if inst == "orv":
            m = re.compile(
                rf"(?:De gemeente en het Rijk spreken af dat )?bovenstaande maatregelen worden"
                rf" gestart in de periode {SPAN}\."
            ).search(d, *where)
            if m:
                for key, g in (("first_year", 1), ("last_year", 2)):
                    self.add(
                        f"orv.measures_start.{key}", int(m.group(g)), "none", *m.span(), m.start(g)
                    )

    def summary(self) -> None:
        where = self.span("summary")
        if where is None:
            return
        d = self.doc.text
        head = re.compile(r"\(€ (incl|excl)\.? btw\)").search(d, *where)
        if head is None:
            return
        vat = head.group(1)
        years = re.compile(SPAN).search(d, max(where[0], head.start() - 40), head.start())
        period = f"{years.group(1)}-{years.group(2)}" if years else self.period
        row = re.compile(rf"([^€]{{0,600}}?)\s*({AMT})(?:\s*[-–]\s*({AMT}))?")
        pos = head.end()
        while True:
            m = row.match(d, pos, where[1])
            if m is None:
                break
            # a row's name stands on the page of its amounts (not a footnote before the break)
            name_start = max(m.start(1), self.doc.starts[self.doc.page_of(m.start(2)) - 1])
            name = re.sub(r"^(?:\d+\s+)+", "", d[name_start : m.end(1)].strip())
            if not name or len(name.split()) > 15:
                break
            low = self.amount(m, 2)
            high = self.amount(m, 3) if m.group(3) else None
            lower = name.lower()
            kind = (
                "total"
                if lower.startswith("totaal")
                else "realisatiestimulans"
                if "realisatiestimulans" in lower
                else "orv"
                if "orv" in lower.split()
                else "capaciteit"
                if "capaciteit" in lower
                else None
            )
            args = (m.end(1) - len(name), m.end())
            if kind in ("total", "realisatiestimulans") and high is not None:
                for end, g in (("low", 2), ("high", 3)):
                    self.add(
                        f"summary.{kind}.{end}",
                        self.amount(m, g),
                        vat,
                        *args,
                        m.start(g),
                        period=period,
                    )
            elif kind in ("orv", "capaciteit") and high is None:
                self.add(f"summary.{kind}", low, vat, *args, m.start(2), period=period)
            else:
                self.skipped.append(
                    (
                        "intake.skip.summary_row",
                        self.doc.page_of(m.start(2)),
                        normalise(m.group(0))[:80],
                    )
                )
            pos = m.end()
            if kind == "total":
                break


def _signed(doc: Document, sections: dict[str, tuple[int, int]]) -> tuple[dict, int] | None:
    pattern = re.compile(
        rf"(?<![\w'-])([A-Z][\w'-]{{1,40}}(?: [A-Z][\w'-]{{1,40}})?), (\d{{1,2}})"
        rf" ({'|'.join(MONTHS)}) (\d{{4}})"
    )
    where = sections.get("closing", (0, len(doc.text)))
    m = pattern.search(doc.text, *where)
    if m is None:
        found = list(pattern.finditer(doc.text))
        m = found[-1] if found else None
    if m is None:
        return None
    try:
        date = dt.date(int(m.group(4)), MONTHS.index(m.group(3)) + 1, int(m.group(2)))
    except ValueError:
        return None
    return {"date": date.isoformat(), "place": m.group(1)}, doc.page_of(m.start())


def _refuse_unless_agreement(doc: Document, shown: str) -> None:
    missing = [w for w, pattern in REQUIRED_WORDS if not re.search(pattern, doc.text, re.I)]
    if missing:
        raise IntakeError("intake.not_agreement", file=shown, words=", ".join(missing))


def _heading_name(doc: Document) -> str | None:
    """The area as the document's own heading names it ("NPLV gebied Heerlen Noord")."""
    for page in doc.pages:
        m = re.search(r"^\s*NPLV[- ]gebied\s+(\S.{1,60}?)\s*$", page, re.M)
        if m:
            return m.group(1)
    return None


def recognise(
    pages: list[str], area_id: str, area_name: str, shown: str = "", national=None
) -> Draft:
    """Read a document's pages into a :class:`Draft` for ``area_id`` (named ``area_name`` in
    areas.csv). ``national``: key -> value of ``national.yaml``, to compare restated national
    figures with. :class:`IntakeError` if it is not an NPLV housing agreement for that area."""
    doc = Document(pages)
    _refuse_unless_agreement(doc, shown)
    heading = _heading_name(doc)
    own = re.search(_name_re(area_name), doc.text)
    if own is None or (heading is not None and _key_name(heading) != _key_name(area_name)):
        raise IntakeError(
            "intake.other_area", file=shown, area=area_name, named=heading or "?", area_id=area_id
        )
    title_m = re.search(
        rf"Bestuurlijke afspraken woningbouw NPLV[- ]gebied {_name_re(area_name)}", doc.text, re.I
    )
    title = (
        title_m.group(0)
        if title_m
        else f"Bestuurlijke afspraken woningbouw NPLV-gebied {heading or own.group(0)}"
    )
    signed = _signed(doc, _Reader(doc, area_name, None).sections)
    year = int(signed[0]["date"][:4]) if signed else None
    r = _Reader(doc, area_name, year, shown)
    start = time.monotonic()
    for step in (
        r.people,
        r.homes,
        r.realisatiestimulans,
        lambda: r.instrument("orv"),
        lambda: r.instrument("capaciteit"),
        r.summary,
    ):
        step()
        _in_time(start, shown, "-")
    source_id = f"ba-{area_id}-{year}" if year else f"ba-{area_id}"
    signed_block = None
    if signed:
        signed_block = {**signed[0], "source": source_id, "page": signed[1]}
    found = list(r.found.values())
    keys = {f.key for f in found}
    missing = []
    for key in EXPECTED:
        if key.endswith(".<regels>"):
            inst = key.split(".")[0]
            if not any((li := schema.line_item(k)) and li[0] == inst for k in keys):
                missing.append(key)
        elif key == "signed":
            if signed is None:
                missing.append(key)
        elif key not in keys:
            missing.append(key)
    national_out = []
    per_home = r.per_home()
    if per_home is not None:
        known = None if national is None else national.get(per_home.key)
        national_out.append((per_home, None if known is None else float(known)))
    return Draft(
        area_id, source_id, title, pages, signed_block, found, missing, national_out, r.skipped
    )


# --- writing --------------------------------------------------------------------------------


def page_map(pages: list[str]) -> tuple[str, list[int]]:
    """The text file of a document (pages one after another) and the first line of each page."""
    lines: list[str] = []
    starts = []
    for page in pages:
        part = page.split("\n")
        if len(part) > 1 and part[-1] == "":
            part = part[:-1]
        starts.append(len(lines) + 1)
        lines += part
    return "\n".join(lines) + "\n", starts


def _plain(obj: Any) -> Any:
    """A value read by the strict loader as plain dicts, lists and texts (for yaml.safe_dump)."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_plain(v) for v in obj]
    if isinstance(obj, str):
        return str(obj)
    return obj


def draft_yaml(draft: Draft, original: str, kept: dict[str, Any] | None = None) -> str:
    """The area file of a draft: ``status: draft``, the signing, every figure found, and the
    figures ``kept`` from the file that was there (from other sources: the press)."""
    figures = {}
    for f in draft.figures:
        entry: dict[str, Any] = {"value": f.value}
        if f.qualifier and f.qualifier != "exact":
            entry["qualifier"] = f.qualifier
        entry.update(unit=f.unit, vat=f.vat, period=f.period, source=draft.source_id)
        entry.update(page=f.page, quote=f.quote)
        if f.name:
            entry["name"] = f.name
        if f.note:
            entry["note"] = f.note
        figures[f.key] = entry
    figures.update(_plain(kept or {}))
    body: dict[str, Any] = {"area_id": draft.area_id, "status": schema.STATUS_DRAFT}
    if draft.signed:
        body["signed"] = draft.signed
    body["figures"] = figures
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=10_000)
    head_part, _, figure_part = text.partition("\nfigures:\n")
    figure_part = re.sub(r"(?m)^(  \S)", r"\n\1", figure_part)  # a blank line between figures
    text = f"{head_part}\nfigures:\n{figure_part.lstrip(chr(10))}"
    head = [
        f"# {draft.title}: DRAFT written by `python -m nplv_analysis intake` from "
        + escape_text(original),
        f"# (source id {draft.source_id}). Every figure as recognised, with its page and the exact",
        "# words; nothing filled in. Check each against the document, then set status: reviewed.",
    ]
    if draft.missing:
        head.append("# Not found in the document (left out): " + ", ".join(draft.missing) + ".")
    return "\n".join(head) + "\n\n" + text


def _source_block(source_id: str, entry: dict[str, Any]) -> str:
    return yaml.safe_dump(
        {source_id: entry},
        sort_keys=False,
        allow_unicode=True,
        width=10_000,
        default_flow_style=None,
    )


def _with_source(register: str, source_id: str, block: str) -> str:
    """``sources.yaml`` with the entry of ``source_id`` replaced by ``block`` (or added), its
    comments and other entries as they were."""
    lines = register.splitlines()
    if f"{source_id}:" not in lines:
        return register.rstrip("\n") + "\n\n" + block
    i = lines.index(f"{source_id}:")
    j = i + 1
    while j < len(lines) and (lines[j].startswith((" ", "\t")) or not lines[j].strip()):
        j += 1
    while j > i + 1 and not lines[j - 1].strip():
        j -= 1
    out = lines[:i] + block.rstrip("\n").split("\n") + lines[j:]
    return "\n".join(out) + "\n"


@dataclass
class IntakeResult:
    draft: Draft
    data_dir: Path
    written: list[Path]
    previous: dict[str, dict[str, Any]] | None
    """The figures of the area file that was there before (key -> value, unit, vat, page), or
    None if there was none."""
    previous_status: str | None
    kept: list[str] = field(default_factory=list)
    """Keys of the file that was there kept as they were: figures from other sources."""


def diff(
    previous: dict[str, dict[str, Any]], draft: Draft, kept: list[str] = ()
) -> list[tuple[str, str, Any, Any]]:
    """(key, what, before, now) for every figure added, left out or changed (value, unit, VAT
    basis or page) against the file that was there (the ``kept`` figures aside)."""
    previous = {k: v for k, v in previous.items() if k not in kept}
    now = {
        f.key: {
            "value": float(Fraction(str(f.value))),
            "unit": f.unit,
            "vat": f.vat,
            "page": f.page,
        }
        for f in draft.figures
    }
    out = []
    for key in dict.fromkeys([*previous, *now]):
        a, b = previous.get(key), now.get(key)
        if a is None:
            out.append((key, "added", None, b["value"]))
        elif b is None:
            out.append((key, "gone", a["value"], None))
        else:
            for what in ("value", "unit", "vat", "page"):
                if a[what] != b[what]:
                    out.append((key, what, a[what], b[what]))
    return out


def run_intake(
    document: str | Path,
    area_id: str,
    data_dir: str | Path | None = None,
    force: bool = False,
) -> IntakeResult:
    """Read ``document``, write the draft of ``area_id`` into ``data_dir`` and return what was
    read and written. Refuses (:class:`IntakeError`, nothing written) an unknown area, an
    unreadable document or one without a text layer, a document that is not an NPLV housing
    agreement for that area, and a reviewed area file unless ``force``.

    One intake at a time per data folder: the folder is locked while it is read and written
    (another intake waits up to :data:`.atomic.LOCK_WAIT` seconds, then is refused), and its
    files are written all or nothing (:func:`.atomic.write_files`); a change a killed intake
    left half-made is undone first."""
    data_dir = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if not data_dir.is_dir():
        dataset(data_dir)  # the DataError: not a folder
    try:
        with folder_lock(data_dir):
            recover(data_dir)
            return _run_intake(Path(document), area_id, data_dir, force)
    except FolderBusy as exc:
        raise IntakeError(
            "intake.locked", folder=str(data_dir), seconds=round(exc.waited)
        ) from None


def _run_intake(document: Path, area_id: str, data_dir: Path, force: bool) -> IntakeResult:
    """:func:`run_intake` while holding the folder's lock."""
    ds = dataset(data_dir)
    areas = ds.areas.set_index("area_id")
    if area_id not in areas.index:
        raise IntakeError("intake.unknown_area", area=area_id, ids=", ".join(areas.index))
    target = data_dir / "agreements" / f"{area_id}.yaml"
    status = ds.status.get(area_id)
    if target.exists() and status != schema.STATUS_DRAFT and not force:
        raise IntakeError("intake.reviewed_exists", file=str(target), area_id=area_id)
    pages = read_pages(document)
    nat = ds.figures[ds.figures["area_id"] == schema.NATIONAL].set_index("key")["value"]
    draft = recognise(pages, area_id, str(areas.at[area_id, "name"]), str(document), nat)
    previous, kept = None, {}
    if target.exists():
        old, problems = read_yaml(target, str(target))
        old_figures = old.get("figures") if not problems and isinstance(old, dict) else None
        found = {f.key for f in draft.figures}
        kept = {
            k: v
            for k, v in (old_figures or {}).items()
            if isinstance(v, dict) and v.get("source") != draft.source_id and k not in found
        }
        mine = ds.figures[ds.figures["area_id"] == area_id]
        previous = {
            r["key"]: {
                "value": float(r["value"]),
                "unit": r["unit"],
                "vat": r["vat"],
                "page": None if r["page"] is None or str(r["page"]) == "<NA>" else int(r["page"]),
            }
            for _, r in mine.iterrows()
        }

    raw = document.read_bytes()
    base = f"bestuurlijke-afspraken-{area_id}" + (
        f"-{draft.signed['date'][:4]}" if draft.signed else ""
    )
    is_pdf = raw.startswith(b"%PDF") or document.suffix.lower() == ".pdf"
    copy_name = f"sources/{base}.pdf" if is_pdf else f"sources/{base}.original.txt"
    text, starts = page_map(pages)
    entry: dict[str, Any] = {
        "kind": "agreement",
        "title": draft.title,
        "date": draft.signed["date"] if draft.signed else None,
        "text_file": f"sources/{base}.txt",
        "page_starts": starts,
        "file": copy_name,
        "pages": len(pages),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "note": {
            "nl": "Gelezen door de intake (python -m nplv_analysis intake) uit "
            + escape_text(document.name)
            + (f"; getekend in {draft.signed['place']}." if draft.signed else "."),
            "en": "Read by the intake (python -m nplv_analysis intake) from "
            + escape_text(document.name)
            + (f"; signed in {draft.signed['place']}." if draft.signed else "."),
        },
    }
    if entry["date"] is None:
        raise IntakeError("intake.no_signing", file=str(document))
    register = (data_dir / "sources.yaml").read_text(encoding="utf-8")
    old = ds.sources.get(draft.source_id) or {}
    if old.get("publisher"):  # what the intake cannot read stays as it was
        entry = {
            "kind": entry["kind"],
            "title": entry["title"],
            "publisher": old["publisher"],
            **entry,
        }
    files = {
        data_dir / copy_name: raw,
        data_dir / entry["text_file"]: text.encode("utf-8"),
        data_dir / "sources.yaml": _with_source(
            register, draft.source_id, _source_block(draft.source_id, entry)
        ).encode("utf-8"),
        target: draft_yaml(draft, document.name, kept).encode("utf-8"),
    }
    # the whole new folder must load before anything is written where it counts
    with tempfile.TemporaryDirectory(prefix="nplv-intake-") as tmp:
        staged = Path(tmp) / "data"
        shutil.copytree(data_dir, staged, ignore=shutil.ignore_patterns("monitor"))
        for path, data in files.items():
            dest = staged / path.relative_to(data_dir)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)
        try:
            load_dataset(staged)
        except DataError as exc:
            problems = "; ".join(str(p).replace(str(staged), "") for p in exc.problems[:5])
            raise IntakeError("intake.draft_invalid", problems=problems) from None
    write_files(data_dir, files)
    return IntakeResult(draft, data_dir, list(files), previous, status, list(kept))
