"""The mid-term review on screen and on paper (issue 25): the reviews of an area and of all
areas, with a plan list, opened in Debian's Chromium (Playwright) at 1280 px and in print
emulation at the width of an A4 page less the print sheet's margins (210 - 2 x 14 mm = 182 mm,
688 px at 96 px an inch): no table is wider than its column (no sideways scroll, nothing cut off
in print), and the verdict and the late projects are on the page.

Before issue 25 the main table was 1,075-1,095 px wide in a 926 px column at 1280 px."""

import shutil

import pytest
import yaml

from nplv_analysis.pipeline.run import run_reports

from .conftest import DATA, PROJECT, chromium

pytestmark = pytest.mark.slow

A4_CONTENT_PX = round((210 - 2 * 14) / 25.4 * 96)  # nplv.css: @page { margin: 16mm 14mm 18mm }
PAGES = ["heerlen-noord/midterm-2027.html", "national/midterm-2027.html"]

OVERFLOW = """() => {
  const out = [];
  for (const table of document.querySelectorAll('table')) {
    const box = table.parentElement;
    const name = (table.caption && table.caption.textContent) || table.id;
    if (box.scrollWidth > box.clientWidth + 1)
      out.push(`${name}: ${box.scrollWidth} px in a ${box.clientWidth} px column`);
    if (table.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      out.push(`${name}: ends at ${table.getBoundingClientRect().right} px`);
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page: ${doc.scrollWidth} px wide`);
  return out;
}"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The two mid-term entries of the manifest, with the illustrative plan list."""
    base = tmp_path_factory.mktemp("midterm-layout")
    raw = yaml.safe_load((PROJECT / "notebooks" / "reports.yaml").read_text(encoding="utf-8"))
    entries = [e for e in raw["reports"] if e["notebook"] == "midterm_review.ipynb"]
    assert len(entries) == 2
    for e in entries:
        e["parameters"]["monitor_file"] = str(DATA / "monitor" / "illustratief-2027.csv")
        e["parameters"]["plans_file"] = str(DATA / "plans" / "illustratief-heerlen-noord.csv")
    shutil.copy(PROJECT / "notebooks" / "midterm_review.ipynb", base)
    manifest = base / "reports.yaml"
    manifest.write_text(yaml.safe_dump({"reports": entries}), encoding="utf-8")
    out = base / "reports"
    result = run_reports(manifest, out, jobs=2)
    assert result.ok, result.summary()
    return out


@pytest.fixture(scope="module")
def browser():
    executable = chromium()
    from playwright.sync_api import sync_playwright

    from nplv_analysis.apps.workshop import CHROMIUM_FLAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        yield browser
        browser.close()


@pytest.mark.parametrize(("media", "width"), [("screen", 1280), ("print", A4_CONTENT_PX)])
@pytest.mark.parametrize("name", PAGES)
def test_no_table_is_wider_than_the_page(reports, browser, name, media, width):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    try:
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto((reports / name).as_uri(), wait_until="load")
        assert page.locator("table").count() >= 4  # main, details, two yearly tables ...
        assert page.evaluate(OVERFLOW) == []
    finally:
        context.close()


def test_the_page_says_why_and_who_is_late(reports, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        page = context.new_page()
        page.goto((reports / "national" / "midterm-2027.html").as_uri(), wait_until="load")
        text = page.inner_text("main")  # the review; its footer stamp is the run's
        assert "Niet op koers: de startbouw blijft achter (48% van gepland; drempel" in text
        assert "Eerst in overleg" in text
        assert "Groeve Gebieden fase 1" in text and "Centrum Hoensbroek transformatie" in text
        assert "Poort van Noord deelgebied A" not in text  # started (bouw)
        assert "illustratief-2027.csv" not in text  # the monitor by words, not its file name
    finally:
        context.close()
