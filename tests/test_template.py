"""The reports' own nbconvert template (issue 13): nothing loaded from the internet, no "¶"
anchors, a stamp in the footer (date in words, version, data hash, scenario), and an index that
lists each report with its own files only and marks the illustrative ones."""

import datetime as dt
import re
from html.parser import HTMLParser

import nbformat
import pytest

from nplv_analysis.pipeline.index import own_files
from nplv_analysis.pipeline.manifest import ReportJob
from nplv_analysis.pipeline.run import run_reports
from nplv_analysis.pipeline.stamps import data_key
from nplv_analysis.report.figures import scenario_words
from nplv_analysis.report.page import (
    generation_date,
    html_without_code,
    project_version,
    report_stamp,
)
from nplv_analysis.text import format_date

from .conftest import PROJECT

MANIFEST = PROJECT / "notebooks" / "reports.yaml"
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host
MEDIA = {"script", "img", "iframe", "embed", "source", "track", "audio", "video", "input"}


class _Resources(HTMLParser):
    """What a page would fetch: src/href of scripts, stylesheets, fonts, media; @import and
    url() in styles; addresses inside scripts (e.g. ``import("https://...")``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.external: list[str] = []
        self._in: str | None = None

    def _css(self, text: str, where: str) -> None:
        if re.search(r"@import\b", text, re.I):
            self.external.append(f"{where}: @import")
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", text, re.I):
            if not url.startswith("data:"):
                self.external.append(f"{where}: url({url[:80]})")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "srcset", "data", "poster", "background"):
            value = attrs.get(name) or ""
            if tag in MEDIA | {"object", "body"} and EXTERNAL.match(value):
                self.external.append(f"<{tag} {name}={value[:80]}>")
        if tag == "link" and EXTERNAL.match(attrs.get("href") or ""):
            self.external.append(f"<link href={attrs['href'][:80]}>")
        if attrs.get("style"):
            self._css(attrs["style"], f"<{tag} style>")
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self._css(data, "<style>")
        elif self._in == "script":
            self.external += [f"<script>: {u[:80]}" for u in re.findall(r"\w+:?//[^\s'\"]+", data)]


def external_resources(html: str) -> list[str]:
    parser = _Resources()
    parser.feed(html)
    return parser.external


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Heerlen Noord (its area report and mid-term review share a folder) and the national
    overview and mid-term review."""
    out = tmp_path_factory.mktemp("template") / "reports"
    result = run_reports(MANIFEST, out, only=["heerlen-noord", "national"], jobs=2)
    assert result.ok, result.summary()
    return out


def _pages(out):
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 8  # the index and seven reports
    return pages


def test_no_report_loads_anything_from_the_internet(reports):
    for page in _pages(reports):
        html = page.read_text(encoding="utf-8")
        assert external_resources(html) == [], page
        assert "cdnjs" not in html and "unpkg" not in html and "jsdelivr" not in html, page
        assert "@font-face" not in html, page


def test_the_check_finds_what_the_lab_template_loads():
    lab = (
        '<script src="https://cdnjs.cloudflare.com/require.min.js"></script>'
        '<script type="module">const m = (await import("https://x.org/mermaid.mjs"));</script>'
        '<link rel="stylesheet" href="//fonts.example/css"><style>@import "a.css";'
        "@font-face{src:url(https://f.example/a.woff2)}</style>"
        '<img src="data:image/png;base64,AAAA"><a href="https://www.rijksoverheid.nl">bron</a>'
    )
    found = external_resources(lab)
    assert len(found) == 5, found  # the link in the text is fine, the inline image too


def test_links_to_sources_stay(reports):
    html = (reports / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    assert '<a href="https://www.heerlensdagblad.nl/' in html


def test_no_anchor_links(reports):
    for page in _pages(reports):
        html = page.read_text(encoding="utf-8")
        assert "¶" not in html and "anchor-link" not in html.replace("a.anchor-link", ""), page


def test_every_page_has_the_stamp_and_its_language(reports):
    date = format_date(generation_date(), "nl")  # "27 november 2026"
    assert re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", date)
    key = data_key()[:12]
    for page in _pages(reports):
        html = page.read_text(encoding="utf-8")
        assert re.search(r"<html lang=['\"]nl['\"]>", html), page
        footer = re.search(r'(?s)<footer class="nplv-stamp">(.*?)</footer>', html)
        assert footer, page
        stamp = footer.group(1)
        assert f"Gemaakt op {date}" in stamp and key in stamp, page
        assert f"nplv-analysis {project_version()}" in stamp, page
    area = (reports / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    assert "scenario: basisscenario (berekend)" in area and "zoals die geldt" not in area
    midterm = (reports / "heerlen-noord" / "midterm-2027.html").read_text(encoding="utf-8")
    assert "monitor ILLUSTRATIEF, peildatum 30 juni 2027" in midterm  # no file name (issue 24)
    assert "illustratief-2027.csv" not in midterm


def _index_entries(index_html: str) -> dict[str, list[str]]:
    """Link text of each report in the index -> the files listed under it."""
    entries = {}
    for item in re.findall(r"(?s)<li>(.*?)</li>", index_html):
        links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', item)
        if links:
            entries[links[0][1]] = [href for href, _ in links[1:]]
    return entries


def test_the_index_lists_each_report_with_its_own_files(reports):
    entries = _index_entries((reports / "index.html").read_text(encoding="utf-8"))
    by_name = {title: files for title, files in entries.items()}
    area = next(f for t, f in by_name.items() if "Heerlen Noord: afspraken" in t)
    midterm = next(f for t, f in by_name.items() if "Heerlen Noord: mid-term review" in t)
    overview = next(f for t, f in by_name.items() if "landelijk overzicht" in t)
    national_midterm = next(f for t, f in by_name.items() if "alle gebieden in de monitor" in t)
    comparison = next(f for t, f in by_name.items() if "Heerlen Noord: scenario" in t)
    national_comparison = next(f for t, f in by_name.items() if "naast elkaar, alle gebieden" in t)
    plan = next(f for t, f in by_name.items() if "Heerlen Noord: planlijst" in t)
    assert "heerlen-noord/planlijst.xlsx" in plan and "heerlen-noord/plans.png" in plan
    assert "heerlen-noord/comparison.xlsx" in comparison
    assert "national/comparison-payments.csv" in national_comparison
    assert "heerlen-noord/tables.xlsx" in area and "heerlen-noord/funding.png" in area
    # the shipped monitor file is illustrative: its tables say so in their names (issue 24)
    assert "heerlen-noord/midterm-2027-illustratief.xlsx" in midterm
    assert "heerlen-noord/midterm-illustratief.csv" in midterm
    assert "national/tables.xlsx" in overview
    assert "national/midterm-illustratief.csv" in national_midterm
    for lists in (
        (area, midterm, comparison, plan),
        (overview, national_midterm, national_comparison),
    ):
        assert all(lists) and sum(len(f) for f in lists) == len(set().union(*lists))
    # every file of the folder is listed once, under the report that wrote it
    for folder, lists in (
        ("heerlen-noord", (area, midterm, comparison, plan)),
        ("national", (overview, national_midterm, national_comparison)),
    ):
        written = {
            f"{folder}/{p.name}"
            for p in (reports / folder).iterdir()
            if p.suffix in (".png", ".svg", ".csv", ".xlsx")
        }
        assert sorted(sum(lists, [])) == sorted(written)


def test_illustrative_reports_are_marked_in_the_index_and_the_title(reports):
    entries = _index_entries((reports / "index.html").read_text(encoding="utf-8"))
    marked = sorted(t for t in entries if t.startswith("ILLUSTRATIEF — "))
    assert len(marked) == 3 and sum("mid-term review" in t for t in marked) == 2
    assert [t for t in marked if "mid-term" not in t] == [
        "ILLUSTRATIEF — NPLV Heerlen Noord: planlijst, realisatiestimulans per project en jaar"
    ]
    assert not [t for t in entries if t not in marked and "ILLUSTRATIEF" in t]
    html = (reports / "heerlen-noord" / "planlijst.html").read_text(encoding="utf-8")
    assert "<title>ILLUSTRATIEF — NPLV Heerlen Noord: planlijst" in html
    for folder in ("heerlen-noord", "national"):
        html = (reports / folder / "midterm-2027.html").read_text(encoding="utf-8")
        assert re.search(r"<title>ILLUSTRATIEF — NPLV[^<]*mid-term review 2027", html)
    html = (reports / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    assert "<title>NPLV Heerlen Noord" in html


def test_the_index_lists_the_files_a_report_recorded(tmp_path):
    """Reports that share a folder: each lists the files its run recorded in its executed
    notebook (and are still there); a report without a record lists none."""
    for name in ("funding.png", "tables.xlsx", "midterm.csv", "trajectory.png", "notes.txt"):
        (tmp_path / name).write_text("x")
    nb = nbformat.v4.new_notebook()
    nb.metadata["nplv"] = {"files": ["midterm.csv", "trajectory.png", "gone.png"]}
    nbformat.write(nb, tmp_path / "midterm-2027.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "area_report.ipynb")  # no record
    jobs = [
        ReportJob("area_report.ipynb", tmp_path.name),
        ReportJob("midterm_review.ipynb", tmp_path.name, html="midterm-2027.html"),
    ]
    assert own_files(tmp_path, jobs[1]) == ["midterm.csv", "trajectory.png"]
    assert own_files(tmp_path, jobs[0]) == []


@pytest.mark.parametrize(
    ("parameters", "lang", "words"),
    [
        ({"area_id": "heerlen-noord"}, "nl", "basisscenario (berekend)"),
        ({}, "en", "base scenario (computed)"),
        ({"realisation": 0.7, "delay_years": 1}, "nl", "realisatie 70%, 1 jaar vertraging"),
        ({"realisation": 0.7, "delay_years": 1}, "en", "realisation 70%, 1-year delay"),
        (
            {"per_home": 8000, "allocation": "pro_rata"},
            "nl",
            "€ 8.000 per woning, verdeling naar rato",
        ),
        ({"others_spend_profile": "front", "realisation": None}, "en", "other areas' costs early"),
    ],
)
def test_scenario_in_words(parameters, lang, words):
    assert scenario_words(parameters, lang) == words


def test_stamp_in_english_with_a_fixed_date():
    job = ReportJob("area_report.ipynb", "x", {"delay_years": 2})
    stamp = report_stamp(job, lang="en", today=dt.date(2026, 11, 27), data_key=data_key())
    assert stamp[0] == "Made on 27 November 2026"
    assert stamp[2] == f"data hash {data_key()[:12]}"
    assert stamp[3] == "scenario: 2-year delay"


def test_generation_date_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795737600")  # 27 November 2026, 00:00 UTC
    assert generation_date() == dt.date(2026, 11, 27)


def test_the_template_escapes_the_stamp_and_drops_anchors():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Titel\n\n## Sectie\n\nZie [de bron](https://example.org).")
    ]
    html = html_without_code(nb, "NPLV <test>", "en", stamp=["made <b>today</b>", "v1"])
    assert "<title>NPLV &lt;test&gt;</title>" in html
    assert '<html lang="en">' in html
    assert "made &lt;b&gt;today&lt;/b&gt;</span> · " in html and "<b>today" not in html
    assert "¶" not in html and external_resources(html) == []
    assert '<a href="https://example.org">de bron</a>' in html
