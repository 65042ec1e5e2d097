"""What a reader gets from a run, scanned for words and marks of the wrong kind (issue 24): the
visible text of every HTML page, the text of every SVG chart, every cell and sheet title of every
Excel workbook, every cell of the Dutch-Excel CSVs and the command's own output.

A *finding* is one of:

- ``english`` / ``dutch``: a word of the other language (a short list of words that are
  unambiguous in that language; names of sources and instruments that stay Dutch are allowed);
- ``code``: a snake_case code (``drawing_right``, ``not_stated``);
- ``key``: an internal dotted key (``orv.total.incl``);
- ``source_id``: an id of the sources register (``ba-heerlen-noord-2025``);
- ``iso_date``: a date written YYYY-MM-DD;
- ``file_name``: a file name (``tables.xlsx``) in reader text.

Machine CSVs (comma, codes) are not reader files and are not scanned. Names that come from the
data (a source's publisher, an area, a project of a plan list: :func:`data_names`) are written as
the data writes them in either run and are not counted as words of the other language.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import yaml

ENGLISH = [
    "the",
    "and",
    "with",
    "without",
    "within",
    "below",
    "above",
    "estimate",
    "estimated",
    "drawing",
    "right",
    "rights",
    "not",
    "published",
    "source",
    "sources",
    "page",
    "pages",
    "area",
    "areas",
    "report",
    "reports",
    "written",
    "failed",
    "total",
    "agreement",
    "agreements",
    "inferred",
    "computed",
    "ceiling",
    "ceilings",
    "warning",
    "warnings",
    "error",
    "errors",
    "affordable",
    "homes",
    "year",
    "years",
    "yes",
    "no",
    "none",
    "unknown",
    "note",
    "notes",
    "chance",
    "draws",
    "delay",
    "delayed",
    "spend",
    "spent",
    "payment",
    "payments",
    "paid",
    "against",
    "between",
    "from",
    "which",
    "their",
    "these",
    "those",
]
"""English words a Dutch reader should not meet (none is also a Dutch word, so not "of"; "starts"
is Dutch housing usage)."""

DUTCH = [
    "de",
    "het",
    "een",
    "en",
    "van",
    "met",
    "zonder",
    "binnen",
    "onder",
    "boven",
    "inschatting",
    "afspraak",
    "afspraken",
    "niet",
    "gepubliceerd",
    "bron",
    "bronnen",
    "pagina",
    "gebied",
    "gebieden",
    "rapport",
    "rapporten",
    "geschreven",
    "mislukt",
    "totaal",
    "berekend",
    "afgeleid",
    "plafond",
    "waarschuwing",
    "fout",
    "woningen",
    "jaar",
    "jaren",
    "ja",
    "nee",
    "onbekend",
    "kans",
    "vertraging",
    "besteed",
    "uitbetaald",
    "tegenover",
    "tussen",
    "welke",
]
"""Dutch words an English reader should not meet (none is also an English word)."""

KEEP = {
    "realisatiestimulans",
    "orv",
    "capaciteit",
    "startbouw",
}
"""Names that stay Dutch in every language (the instruments)."""

CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
KEY = re.compile(r"\b[a-z][a-z_]*(?:\.[a-z_]+){1,4}\b")
WEB = ("nl", "com", "org", "eu", "net", "nu", "be")
"""A dotted key (``orv.total.incl``); a web site's name ending in one of these (``duic.nl``,
``gemeente.nu``: how a source is named) is not one."""
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
FILE_NAME = re.compile(r"\b[\w-]+\.(?:csv|xlsx|yaml|ipynb|png|svg|md|json|txt)\b", re.I)
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\S+@\S+")
QUOTE = re.compile(r'"[^"\n]{1,400}"|“[^”\n]{1,400}”|„[^”“\n]{1,400}[”“]')
"""A quotation: the source's own words stay as the source writes them, in either run."""
PATH = re.compile(r"(?<![\w.])/(?:[\w.\-]+/)*[\w.\-]+")
"""An absolute path the command prints (where it wrote the index): the reader's own folder."""


class _Visible(HTMLParser):
    """The text a reader sees on an HTML page (and reads in alt and aria-label)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "aria-label", "title") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(text: str) -> str:
    parser = _Visible()
    parser.feed(text)
    return "\n".join(p for p in parser.parts if p.strip())


def svg_text(text: str) -> str:
    return "\n".join(re.findall(r"<text[^>]*>(.*?)</text>", text, re.S))


def xlsx_text(path: Path) -> str:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    parts = []
    for sheet in book.worksheets:
        parts.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            parts += [str(v) for v in row if isinstance(v, str)]
    book.close()
    return "\n".join(parts)


def excel_csv_text(path: Path) -> str:
    text = path.read_bytes().decode("utf-8-sig")
    return "\n".join(c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row)


def source_ids(data_dir: Path) -> list[str]:
    raw = yaml.safe_load((data_dir / "sources.yaml").read_text(encoding="utf-8"))
    return sorted(raw, key=len, reverse=True)


def data_names(data_dir: Path) -> list[str]:
    """The proper names the data gives (the publishers of the sources register, the areas'
    names, the projects of the plan lists), longest first: they stay as written in either run."""
    raw = yaml.safe_load((data_dir / "sources.yaml").read_text(encoding="utf-8"))
    names = {str(s["publisher"]) for s in raw.values() if s.get("publisher")}
    with open(data_dir / "areas.csv", encoding="utf-8-sig", newline="") as f:
        names |= {row["name"] for row in csv.DictReader(f)}
    for path in sorted((data_dir / "plans").glob("*.csv")):
        lines = path.read_text(encoding="utf-8-sig").splitlines()
        rows = csv.DictReader((line for line in lines if not line.startswith("#")), delimiter=";")
        names |= {row["project"] for row in rows if row.get("project")}
    return sorted(names, key=len, reverse=True)


def findings(text: str, lang: str, ids: list[str], names: list[str] = ()) -> Counter:
    """The findings of one reader text (a Counter of kind -> number). ``names``: proper names
    from the data (:func:`data_names`), whose words are not counted as the other language's."""
    found: Counter = Counter()
    text = PATH.sub(" ", URL.sub(" ", text))
    for sid in ids:
        n = text.count(sid)
        if n:
            found["source_id"] += n
            text = text.replace(sid, " ")
    found["file_name"] += len(FILE_NAME.findall(text))
    text = FILE_NAME.sub(" ", text)
    found["iso_date"] += len(ISO_DATE.findall(text))
    text = ISO_DATE.sub(" ", text)
    found["code"] += len(CODE.findall(text))
    text = CODE.sub(" ", text)
    found["key"] += sum(1 for k in KEY.findall(text) if k.rsplit(".", 1)[1] not in WEB)
    text = KEY.sub(" ", text)
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    other = set(ENGLISH if lang == "nl" else DUTCH)
    words = [w.lower() for w in WORD.findall(QUOTE.sub(" ", text))]
    found["english" if lang == "nl" else "dutch"] += sum(
        1 for w in words if w in other and w not in KEEP
    )
    return +found


def reader_texts(out: Path) -> dict[str, str]:
    """Every reader file of a report folder, as text, by its path under ``out``."""
    texts = {}
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out).as_posix()
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix == ".html":
            texts[rel] = html_text(path.read_text(encoding="utf-8"))
        elif path.suffix == ".svg":
            texts[rel] = svg_text(path.read_text(encoding="utf-8"))
        elif path.suffix == ".xlsx":
            texts[rel] = xlsx_text(path)
        elif path.suffix == ".csv" and "excel-nl" in path.name:
            texts[rel] = excel_csv_text(path)
    return texts


def scan(out: Path, output: str, lang: str, data_dir: Path) -> dict[str, dict[str, int]]:
    """Findings per reader file of a run into ``out`` and its command output ``output``."""
    ids, names = source_ids(data_dir), data_names(data_dir)
    texts = {**reader_texts(out), "(command output)": output}
    result = {}
    for name, text in texts.items():
        found = findings(text, lang, ids, names)
        if found:
            result[name] = dict(sorted(found.items()))
    return result


def run_and_scan(out: Path, lang: str) -> dict[str, dict[str, int]]:
    """Reports for Heerlen Noord and the national ones in ``lang`` into ``out``, scanned."""
    import contextlib

    from nplv_analysis.apps.cli import main

    from .conftest import DATA

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(
            ["reports", "--area", "heerlen-noord", "national", "--lang", lang, "--out", str(out)]
        )
    assert code == 0, buffer.getvalue()[-2000:]
    return scan(out, buffer.getvalue(), lang, DATA)


BASELINE = Path(__file__).with_name("language_baseline.json")
"""The findings of the last accepted run per language, file and kind: empty (issue 24;
tests/test_language.py asserts that a run finds nothing). Write it anew with
``python -m tests.language_scan``."""


if __name__ == "__main__":  # python -m tests.language_scan: the baseline of the current code
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = {lang: run_and_scan(Path(folder) / lang, lang) for lang in ("nl", "en")}
    BASELINE.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"written: {BASELINE}")
