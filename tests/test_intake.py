"""The agreement intake (python -m nplv_analysis intake): the Heerlen Noord text gives the figures
of the hand-typed data file; a variant with other numbers, another area, three ORV lines and a
table split over a page break gives the variant's numbers and pages (written by hand below); a
PDF made from the text gives the same draft; bad input is refused with one message and nothing
written."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path

import matplotlib
import pytest
import yaml

from nplv_analysis.apps.cli import main
from nplv_analysis.data import load_figures
from nplv_analysis.intake import IntakeError, read_pages, recognise, run_intake
from nplv_analysis.report.tables import funding_table, national_table
from nplv_analysis.rules import check_data

from .conftest import DATA

SOURCE = "ba-heerlen-noord-2025"


def heerlen_pages() -> list[str]:
    """The pages of the Heerlen Noord text, cut at the page map of sources.yaml."""
    src = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))[SOURCE]
    lines = (DATA / src["text_file"]).read_text(encoding="utf-8").splitlines()
    starts = [*src["page_starts"], len(lines) + 1]
    return ["\n".join(lines[a - 1 : b - 1]) for a, b in zip(starts, starts[1:], strict=False)]


def write_txt(path: Path, pages: list[str]) -> Path:
    path.write_text("\f".join(pages) + "\f", encoding="utf-8")
    return path


def write_pdf(path: Path, pages: list[str]) -> Path:
    from fpdf import FPDF

    font = Path(matplotlib.get_data_path()) / "fonts/ttf/DejaVuSans.ttf"
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(font))
    pdf.set_font("dejavu", size=8)
    pdf.set_auto_page_break(False)
    for page in pages:
        pdf.add_page()
        for i, line in enumerate(page.split("\n")):
            pdf.text(10, 10 + 4 * i, line)
    pdf.output(str(path))
    return path


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def as_float(value) -> float:
    return float(Fraction(str(value)))


# --- Heerlen Noord ------------------------------------------------------------------------------


def test_heerlen_text_gives_every_figure_of_the_typed_file():
    draft = recognise(heerlen_pages(), "heerlen-noord", "Heerlen Noord")
    got = {f.key: f for f in draft.figures}
    typed = yaml.safe_load((DATA / "agreements/heerlen-noord.yaml").read_text(encoding="utf-8"))
    from_agreement = {k: v for k, v in typed["figures"].items() if v["source"] == SOURCE}
    assert len(from_agreement) == 38
    assert set(got) == set(from_agreement)
    for key, want in from_agreement.items():
        f = got[key]
        assert (as_float(f.value), f.unit, f.vat, f.page) == (
            as_float(want["value"]),
            want["unit"],
            want["vat"],
            want["page"],
        ), key
    assert draft.signed == {
        "date": "2025-06-24",
        "place": "Utrecht",
        "source": SOURCE,
        "page": 9,
    }
    assert draft.title == "Bestuurlijke afspraken woningbouw NPLV-gebied Heerlen Noord"
    assert draft.missing == []
    # the words of the typed file where it quotes a whole row or phrase
    assert got["orv.cmv.excl"].quote == from_agreement["orv.cmv.excl"]["quote"]
    assert got["summary.total.low"].quote == "Totaal €19.600.000 - €22.300.000"


def test_heerlen_pdf_gives_the_same_draft_as_the_text(tmp_path):
    pages = heerlen_pages()
    from_text = recognise(read_pages(write_txt(tmp_path / "hn.txt", pages)), "heerlen-noord",
                          "Heerlen Noord")  # fmt: skip
    pdf_pages = read_pages(write_pdf(tmp_path / "hn.pdf", pages))
    assert len(pdf_pages) == 12
    from_pdf = recognise(pdf_pages, "heerlen-noord", "Heerlen Noord")

    def rows(d):
        return [(f.key, f.value, f.unit, f.vat, f.period, f.page, f.quote) for f in d.figures]

    assert rows(from_pdf) == rows(from_text)
    assert from_pdf.signed == from_text.signed


# --- a variant: another area, other numbers, three ORV lines, a table over a page break -------


def variant_pages() -> list[str]:
    p = heerlen_pages()
    swaps = {
        2: [("56.000 mensen", "41.250 mensen"), ("ongeveer 2/3", "ongeveer 1/4")],
        3: [
            ("32.000", "18.500"),
            ("minimaal 5.000", "minimaal 6.000"),
            ("minimaal 1.500", "minimaal 1.800"),
            ("circa 2.250", "circa 1.900"),
        ],
        4: [
            ("Puur NPLV 2.352 1.775", "Puur NPLV 1.600 1.200"),
            ("- - ", "300 150 "),
            ("Totaal  2.352 1.775", "Totaal  1.900 1.350"),
        ],
        5: [("€5,3 mln. tot €8,0 mln.", "€4,1 mln. tot €6,2 mln.")],
        6: [("€ 10.000.000 incl.", "€ 12.100.000 incl."), ("4.300.000", "3.000.000")],
        7: [
            ("4.300.000", "3.000.000"),
            ("€ 5.300.000 - €8.000.000", "€ 4.100.000 - €6.200.000"),
            ("€10.000.000", "€12.100.000"),
            ("€19.600.000 - €22.300.000", "€19.200.000 - €21.300.000"),
        ],
        8: [("Utrecht, 24 juni 2025", "Breda, 26 juni 2025")],
        9: [("384", "210"), ("104", "75")],
    }
    for i, pairs in swaps.items():
        for old, new in pairs:
            assert old in p[i], (i, old)
            p[i] = p[i].replace(old, new)
    # the ORV table with three lines of their own, broken after the second line; footnote 3 at
    # the foot of the first part
    page7 = p[6]
    table_start = page7.index("Collectieve maatschappelijke \nvoorzieningen  \n\n€")
    table_end = page7.index("Totaal €8.785.123 €10.000.000 \n") + len(
        "Totaal €8.785.123 €10.000.000 \n"
    )
    footnote = page7.index("3 De Rijksbijdrage voor de maatregelen")
    first = (
        page7[:table_start]
        + "Multifunctioneel centrum De Hoge \nVucht € 4.132.231 € 5.000.000 \n"
        + "Bovenplanse openbare ruimte € 3.305.785 € 4.000.000 \n \n"
        + page7[footnote:]
    )
    second = (
        "Herinrichting Haagpark € 2.561.983 € 3.100.000 \n"
        + "Totaal €9.999.999 €12.100.000 \n"
        + page7[table_end:footnote]
    )
    p[6:7] = [first, second]
    return [page.replace("Heerlen Noord", "Breda Noord").replace("Heerlen", "Breda") for page in p]


VARIANT = {
    # key: (value, vat, page), worked out from the edits above
    "residents": (41_250, "none", 3),
    "residents.share_of_municipality": (0.25, "none", 3),
    "movers.in_10y": (18_500, "none", 4),
    "homes.region_minimum": (6_000, "none", 4),
    "homes.area_minimum": (1_800, "none", 4),
    "homes.startbouw.text": (1_900, "none", 4),
    "homes.startbouw.puur_nplv.total": (1_600, "none", 5),
    "homes.startbouw.puur_nplv.affordable": (1_200, "none", 5),
    "homes.startbouw.grootschalig.total": (300, "none", 5),
    "homes.startbouw.grootschalig.affordable": (150, "none", 5),
    "homes.startbouw.total": (1_900, "none", 5),
    "homes.startbouw.affordable": (1_350, "none", 5),
    "realisatiestimulans.estimate.low": (4_100_000, "incl", 6),
    "realisatiestimulans.estimate.high": (6_200_000, "incl", 6),
    "orv.maximum": (12_100_000, "incl", 7),
    "orv.multifunctioneel_centrum_de_hoge_vucht.excl": (4_132_231, "excl", 7),
    "orv.multifunctioneel_centrum_de_hoge_vucht.incl": (5_000_000, "incl", 7),
    "orv.bor.excl": (3_305_785, "excl", 7),
    "orv.bor.incl": (4_000_000, "incl", 7),
    "orv.herinrichting_haagpark.excl": (2_561_983, "excl", 8),
    "orv.herinrichting_haagpark.incl": (3_100_000, "incl", 8),
    "orv.total.excl": (9_999_999, "excl", 8),
    "orv.total.incl": (12_100_000, "incl", 8),
    "orv.table.price_level_year": (2025, "none", 7),
    "orv.measures_start.first_year": (2025, "none", 8),
    "orv.measures_start.last_year": (2029, "none", 8),
    "capaciteit.maximum": (3_000_000, "incl", 8),
    "capaciteit.extra.excl": (3_000_000, "excl", 9),
    "capaciteit.extra.incl": (3_000_000, "incl", 9),
    "capaciteit.total.excl": (3_000_000, "excl", 9),
    "capaciteit.total.incl": (3_000_000, "incl", 9),
    "capaciteit.table.price_level_year": (2025, "none", 9),
    "summary.realisatiestimulans.low": (4_100_000, "incl", 9),
    "summary.realisatiestimulans.high": (6_200_000, "incl", 9),
    "summary.orv": (12_100_000, "incl", 9),
    "summary.capaciteit": (3_000_000, "incl", 9),
    "summary.total.low": (19_200_000, "incl", 9),
    "summary.total.high": (21_300_000, "incl", 9),
    "homes.care.zorggeschikt": (210, "none", 11),
    "homes.care.zorggeclusterd": (75, "none", 11),
}


def test_variant_gives_its_own_numbers_and_pages(data_copy, tmp_path, capsys):
    doc = write_txt(tmp_path / "breda.txt", variant_pages())
    assert main(["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "Herinrichting Haagpark" in out and "ondertekend in Breda op 2025-06-26" in out
    fig = load_figures(data_copy)
    mine = fig[fig["area_id"] == "breda-noord"].set_index("key")
    got = {k: (r["value"], r["vat"], int(r["page"])) for k, r in mine.iterrows()}
    assert got == {k: (float(v), vat, page) for k, (v, vat, page) in VARIANT.items()}
    assert mine.at["orv.herinrichting_haagpark.incl", "name"] == "Herinrichting Haagpark"
    assert mine.at["orv.multifunctioneel_centrum_de_hoge_vucht.excl", "name"] == (
        "Multifunctioneel centrum De Hoge Vucht"
    )
    written = yaml.safe_load((data_copy / "agreements/breda-noord.yaml").read_text("utf-8"))
    assert written["status"] == "draft"
    assert written["signed"] == {
        "date": "2025-06-26",
        "place": "Breda",
        "source": "ba-breda-noord-2025",
        "page": 10,
    }
    sources = yaml.safe_load((data_copy / "sources.yaml").read_text("utf-8"))
    src = sources["ba-breda-noord-2025"]
    assert src["title"] == "Bestuurlijke afspraken woningbouw NPLV-gebied Breda Noord"
    assert src["pages"] == 13 and len(src["page_starts"]) == 13
    assert src["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest()
    assert (data_copy / src["file"]).read_bytes() == doc.read_bytes()
    # the checks: every quote on its page, the three lines add up to the total, one draft
    found = check_data(data_copy, "en")
    breda = found[found["area_id"] == "breda-noord"]
    assert not (breda["severity"] == "error").any(), breda["message"].tolist()
    assert "finding.draft" in breda["code"].tolist()
    # the reports say it is a draft
    amounts = funding_table("breda-noord", "nl", data_copy)["Bedrag"].tolist()
    assert amounts[1] == "€ 12.100.000 (concept)", amounts
    assert "Breda Noord (concept)" in national_table("nl", data_copy).index
    assert "Heerlen Noord" in national_table("nl", data_copy).index  # reviewed: no mark


def test_a_sum_error_in_the_three_lines_is_found(data_copy, tmp_path):
    pages = variant_pages()
    pages[7] = pages[7].replace("€ 2.561.983 € 3.100.000", "€ 2.561.983 € 3.000.000")
    run_intake(write_txt(tmp_path / "b.txt", pages), "breda-noord", data_copy)
    found = check_data(data_copy, "en")
    sums = found[(found["area_id"] == "breda-noord") & (found["code"] == "finding.sum")]
    assert sums["keys"].tolist() == [
        "orv.total.incl, orv.multifunctioneel_centrum_de_hoge_vucht.incl, orv.bor.incl, "
        "orv.herinrichting_haagpark.incl"
    ]


# --- bad input ----------------------------------------------------------------------------------


def refused(argv, data_copy, capsys) -> str:
    before = snapshot(data_copy)
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert snapshot(data_copy) == before, "something was written"
    return captured.err


def test_a_scan_without_text_layer_is_refused(data_copy, tmp_path, capsys):
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (200, 280), "white"), x=10, y=10, w=190)
    pdf.output(str(tmp_path / "scan.pdf"))
    argv = ["intake", str(tmp_path / "scan.pdf"), "--area", "breda-noord"]
    err = refused([*argv, "--data-dir", str(data_copy), "--lang", "en"], data_copy, capsys)
    assert "no text layer" in err and "run OCR first" in err
    err = refused([*argv, "--data-dir", str(data_copy)], data_copy, capsys)
    assert "geen tekstlaag" in err and "OCR" in err


def test_an_unrelated_pdf_is_refused_with_the_reason(data_copy, tmp_path, capsys):
    doc = write_pdf(tmp_path / "notulen.pdf", ["Notulen van de raadsvergadering\nAgendapunt 1"])
    argv = ["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]
    err = refused([*argv, "--lang", "en"], data_copy, capsys)
    assert "not an NPLV housing agreement" in err and "bestuurlijke afspraken" in err


def test_a_broken_pdf_is_refused(data_copy, tmp_path, capsys):
    (tmp_path / "kapot.pdf").write_bytes(b"%PDF-1.7\n garbage")
    argv = ["intake", str(tmp_path / "kapot.pdf"), "--area", "breda-noord"]
    err = refused([*argv, "--data-dir", str(data_copy)], data_copy, capsys)
    assert "kapot.pdf" in err and ("geen leesbare PDF" in err or "geen tekstlaag" in err)


def test_the_agreement_of_another_area_is_refused(data_copy, tmp_path, capsys):
    doc = write_txt(tmp_path / "hn.txt", heerlen_pages())
    argv = ["intake", str(doc), "--area", "breda-noord", "--data-dir", str(data_copy)]
    err = refused(argv, data_copy, capsys)
    assert "Breda Noord" in err and "Heerlen Noord" in err


def test_an_unknown_area_lists_the_ids(data_copy, tmp_path, capsys):
    doc = write_txt(tmp_path / "hn.txt", heerlen_pages())
    argv = ["intake", str(doc), "--area", "heerlen", "--data-dir", str(data_copy)]
    err = refused(argv, data_copy, capsys)
    assert "onbekend gebied heerlen" in err and "heerlen-noord, breda-noord" in err


def test_a_reviewed_file_is_kept_without_force_a_draft_is_not(data_copy, tmp_path, capsys):
    doc = write_txt(tmp_path / "hn.txt", heerlen_pages())
    argv = ["intake", str(doc), "--area", "heerlen-noord", "--data-dir", str(data_copy)]
    err = refused(argv, data_copy, capsys)
    assert "niet overschreven" in err and "--force" in err
    assert main([*argv, "--force"]) == 0
    out = capsys.readouterr().out
    assert "geen verschil in waarde, eenheid, btw-basis of pagina" in out
    assert "homes.area_minimum.press" in out  # the press figure is kept, not dropped
    hn = yaml.safe_load((data_copy / "agreements/heerlen-noord.yaml").read_text("utf-8"))
    assert hn["status"] == "draft"
    assert hn["figures"]["homes.area_minimum.press"]["source"] == "heerlen-2025-06-24"
    assert main(argv) == 0  # a draft may be written again without --force


def test_an_empty_text_and_a_word_file_are_refused(data_copy, tmp_path, capsys):
    (tmp_path / "leeg.txt").write_text("\f\f", encoding="utf-8")
    (tmp_path / "afspraak.docx").write_bytes(b"PK\x03\x04")
    for name, words in (("leeg.txt", "geen tekst"), ("afspraak.docx", ".docx")):
        argv = ["intake", str(tmp_path / name), "--area", "breda-noord"]
        err = refused([*argv, "--data-dir", str(data_copy)], data_copy, capsys)
        assert name in err and words in err


def test_intake_error_carries_a_catalogue_code():
    with pytest.raises(IntakeError) as exc:
        read_pages("/nonexistent/afspraak.pdf")
    assert exc.value.code == "intake.no_file"


def test_a_figure_at_the_edge_of_a_page_is_on_that_page():
    # pages "abc" and "de" join as "abc de": positions 0-2 on page 1, 3 the joining space
    # (still page 1), 4-5 on page 2; a quote is cut to the page of its figure
    from nplv_analysis.intake import Document

    doc = Document(["abc", "de"])
    assert doc.text == "abc de"
    assert [doc.page_of(i) for i in range(6)] == [1, 1, 1, 1, 2, 2]
    assert doc.quote(0, 6, at=4) == "de"
    assert doc.quote(0, 6, at=2) == "abc"
