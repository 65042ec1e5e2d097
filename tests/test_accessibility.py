"""The reports in a real browser (issue 13): Debian's Chromium, driven by Playwright, opens the
index, an area report, the national overview and the mid-term reviews from disk with every
network request refused, checks that they open complete, and runs axe-core (vendored:
tests/vendor/axe-core) on each; a serious or critical violation fails.

In CI (CI set) a missing Chromium fails the test; on a developer's machine it skips."""

import hashlib
from pathlib import Path

import pytest

from nplv_analysis.pipeline.run import run_reports

from .conftest import PROJECT, chromium

MANIFEST = PROJECT / "notebooks" / "reports.yaml"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
FAILING = ("serious", "critical")
PAGES = [
    "index.html",
    "heerlen-noord/area_report.html",
    "national/national_overview.html",
    "heerlen-noord/midterm-2027.html",
    "national/midterm-2027.html",
    "heerlen-noord/planlijst.html",
]


def test_vendored_axe_is_the_npm_release():
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, "tests/vendor/axe-core/README.md"
    assert data.startswith(f"/*! axe v{AXE_VERSION}".encode())


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("a11y") / "reports"
    result = run_reports(MANIFEST, out, only=["heerlen-noord", "national"], jobs=2)
    assert result.ok, result.summary()
    return out


@pytest.fixture(scope="module")
def browser():
    executable = chromium()  # fails in CI, skips elsewhere, when it is missing
    from playwright.sync_api import sync_playwright

    from nplv_analysis.apps.workshop import CHROMIUM_FLAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_FLAGS)
        )
        yield browser
        browser.close()


@pytest.fixture
def offline_page(browser):
    """A page that may load files and data: URLs only; ``page.refused`` lists the rest."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    refused: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(("file:", "data:")):
            r.continue_()
        else:
            refused.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.refused = refused
    yield page
    context.close()


def _summary(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_opens_complete_offline_and_passes_axe(reports, offline_page, name):
    page = offline_page
    page.goto((reports / name).as_uri(), wait_until="load")
    assert page.refused == [], f"{name} asks the network for {page.refused}"
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.alt || i.src.slice(0, 60))"
    )
    assert broken == [], f"images that did not load in {name}: {broken}"
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert page.locator("footer.nplv-stamp").count() == 1
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    assert page.evaluate("axe.version") == AXE_VERSION
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    failing = [v for v in result["violations"] if v["impact"] in FAILING]
    assert failing == [], f"axe-core in {name}:\n{_summary(failing)}"
