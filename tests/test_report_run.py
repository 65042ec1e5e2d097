"""The report run: papermill executes the manifest's notebooks into an output folder."""

import hashlib
import html as html_lib
import json
import re

import nbformat
import pytest

from nplv_analysis.apps.cli import main
from nplv_analysis.pipeline.manifest import ReportJob, load_manifest
from nplv_analysis.pipeline.run import run_reports
from nplv_analysis.pipeline.worker import execute_job, finish_job, shutdown_kernel

from .conftest import PROJECT, edit_yaml, write_notebook

MANIFEST = PROJECT / "notebooks" / "reports.yaml"

# words that give a sentence away as English or as Dutch (none is a word of the other language)
ENGLISH = ("the", "and", "with", "from", "not", "published", "agreement", "per year", "total")
DUTCH = ("het", "de", "niet", "en", "met", "gepubliceerd", "afspraak", "per jaar", "totaal", "voor")


def visible_words(path, words, quoted=()):
    """The ``words`` that occur in what a reader sees of an HTML report (no tags, scripts or
    styles), leaving out data keys and ``quoted`` text: the source's own words (titles, quotes,
    URLs)."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", text)
    text = html_lib.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"\b[a-z_]+(?:\.[a-z_]+)+\b", " ", text)  # data keys (orv.total.incl)
    for q in sorted(quoted, key=len, reverse=True):
        text = text.replace(re.sub(r"\s+", " ", q), " ")
    return sorted({w for w in words if re.search(rf"(?i)\b{w}\b", text)})


def source_words():
    """Everything the data quotes from the sources: titles, quotes, URLs, names, places."""
    from nplv_analysis.data import load_dataset

    ds = load_dataset()
    fig = ds.figures
    out = {str(v) for v in fig["quote"].dropna()}
    for src in ds.sources.values():
        out |= {str(src[k]) for k in ("title", "publisher") if src.get(k)}
    return out


def test_manifest_expands_to_the_areas_with_data_and_the_overview():
    jobs = load_manifest(MANIFEST)
    assert [j.key for j in jobs] == [
        "leeuwarden-oost/area_report",
        "groningen-noord/area_report",
        "heerlen-noord/area_report",
        "rotterdam-zuid/area_report",
        "zaandam-oost/area_report",
        "utrecht-overvecht/area_report",
        "national/national_overview",
        "heerlen-noord/midterm-2027",  # the areas in the (illustrative) monitor file
        "national/midterm-2027",
        "heerlen-noord/scenario-comparison",  # the shipped scenarios side by side
        "national/scenario-comparison",
        "heerlen-noord/planlijst",  # the areas in the (illustrative) plan list
    ]
    hn = next(j for j in jobs if j.output == "heerlen-noord")
    assert hn.parameters == {"area_id": "heerlen-noord"}


def test_full_run_through_the_command(tmp_path, capsys):
    out = tmp_path / "reports"
    assert main(["reports", "--out", str(out), "--jobs", "2"]) == 0
    text = capsys.readouterr().out
    assert "12 rapport(en) geschreven, 0 mislukt" in text
    assert "NPLV-gebieden: de rijksbijdrage zoals gepubliceerd" in text
    assert "report(s)" not in text and "written" not in text and "index:" not in text
    assert sorted(p.name for p in out.iterdir()) == [
        "groningen-noord",
        "heerlen-noord",
        "index.html",
        "index.stamp.json",
        "leeuwarden-oost",
        "national",
        "rotterdam-zuid",
        "utrecht-overvecht",
        "zaandam-oost",
    ]
    hn = out / "heerlen-noord"
    html = (hn / "area_report.html").read_text(encoding="utf-8").replace("\xa0", " ")
    assert "Heerlen Noord: bestuurlijke afspraken woningbouw 2025-2029" in html
    for amount in ("€ 5.300.000 – € 8.000.000", "€ 10.000.000", "€ 4.300.000"):
        assert amount in html  # pages 6-8, written the Dutch way
    assert "€ 19.600.000 – € 22.300.000" in html
    # charts as images (not the "<Figure size ...>" text a non-inline backend leaves)
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) == 3
    assert "&lt;Figure size" not in html
    assert "from nplv_analysis" not in html  # no code cells
    for name in ("funding", "payments", "fan"):
        assert (hn / f"{name}.png").exists() and (hn / f"{name}.svg").exists()
    for name in ("funding", "housing", "payments", "totals", "unknown", "findings"):
        assert (hn / f"{name}.csv").exists()
    assert (hn / "tables.xlsx").exists()
    # the stamp next to the report: its key, its inputs and the files it wrote, by content
    stamp = json.loads((hn / "area_report.stamp.json").read_text(encoding="utf-8"))
    assert stamp["report"] == "heerlen-noord/area_report"
    assert stamp["inputs"]["parameters"] == {"area_id": "heerlen-noord"}
    assert stamp["inputs"]["lang"] == "nl" and "monitor" not in stamp["inputs"]
    assert sorted(stamp["files"]) == sorted(
        [
            "area_report.html",
            "area_report.ipynb",
            *(f"{n}.{x}" for n in ("fan", "funding", "payments") for x in ("png", "svg")),
            "findings.csv",
            "funding.csv",
            "housing.csv",
            "payments.csv",
            "tables.xlsx",
            "tables-codeboek.csv",  # what the machine CSVs' columns and codes mean
            "totals.csv",
            "unknown.csv",
        ]
    )
    assert (
        stamp["files"]["funding.csv"]
        == hashlib.sha256((hn / "funding.csv").read_bytes()).hexdigest()
    )
    midterm = json.loads((hn / "midterm-2027.stamp.json").read_text(encoding="utf-8"))
    assert midterm["inputs"]["monitor"]["path"].endswith("data/monitor/illustratief-2027.csv")
    # the scenario's payments: 1,413 x 100/130 x 7,000 / 5 = 1,521,692.31 a year, 2026-2030
    payments = (hn / "payments.csv").read_text()
    assert "heerlen-noord,realisatiestimulans,2026,1521692.31,1521692.31" in payments
    # ORV under the ceiling, first come: 2030 pays 20 of 40 mln, net at 21%: 1,000,000 / 1.21
    assert "heerlen-noord,orv,2030,1000000.00,826446.28" in payments
    # partial data: what is known, with its kind of source; the rest "niet gepubliceerd"
    gr = (out / "groningen-noord" / "area_report.html").read_text(encoding="utf-8")
    gr = gr.replace("\xa0", " ")  # amounts are kept together with no-break spaces
    assert "€ 22.500.000 – € 27.000.000" in gr and "btw niet vermeld" in gr
    assert "niet gepubliceerd" in gr and "De tekst van de afspraak van dit gebied is niet" in gr
    nat = (out / "national" / "national_overview.html").read_text(encoding="utf-8")
    assert "Lelystad Oost" in nat and "niet getekend" in nat
    assert (out / "national" / "ceilings.csv").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "heerlen-noord/area_report.html" in index and "national/national_overview.html" in index
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp folders left
    # a Dutch report has no English sentence in it
    for report in out.rglob("*.html"):
        assert visible_words(report, ENGLISH) == [], report


def test_same_inputs_give_the_same_csv_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        result = run_reports(MANIFEST, out, only=["heerlen-noord", "national"], jobs=2)
        assert result.ok, result.summary()
    csvs = sorted(p.relative_to(a) for p in a.rglob("*.csv"))
    # 13, the comparisons' 6 in each of the two folders, the plan report's 2, a codebook
    # beside each of the 7 workbooks' CSVs (area, national, 2 mid-term, 2 comparisons, plans),
    # and the yearly ORV and capacity report of each of the 2 mid-term reviews (issue 25)
    assert len(csvs) == 36
    for rel in csvs:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_report_in_english(tmp_path):
    only = ["heerlen-noord", "groningen-noord", "national"]
    result = run_reports(MANIFEST, tmp_path, lang="en", only=only, jobs=2)
    assert result.ok, result.summary()
    # no Dutch outside the source's own words (quotes, titles, URLs)
    quoted = source_words()
    for report in tmp_path.rglob("*.html"):
        assert visible_words(report, DUTCH, quoted) == [], report
    html = (tmp_path / "heerlen-noord" / "area_report.html").read_text(encoding="utf-8")
    html = html.replace("\xa0", " ")
    assert "Heerlen Noord: housing agreement 2025-2029" in html
    assert "Checks on the source" in html and "implied VAT rate" in html
    assert "Woningbouw" not in html and "afgeleid btw-tarief" not in html
    assert "€ 5,300,000 – € 8,000,000" in html
    index = result.index.read_text(encoding="utf-8")
    assert "<html lang='en'>" in index and "<title>NPLV reports</title>" in index


def test_dutch_report_has_no_english_check_text(tmp_path):
    result = run_reports(MANIFEST, tmp_path, only=["heerlen-noord"], jobs=1)
    html = (result.done[0][1] / "area_report.html").read_text(encoding="utf-8")
    html = html.replace("\xa0", " ")
    assert "afgeleid btw-tarief" in html and "21%-omrekening van € 8.130.000" in html
    assert "implied VAT rate" not in html and "kept as printed" not in html
    assert re.search(r'href="[^"]*docs/assumptions\.md">aannamelogboek</a>', html)  # words


def test_one_failing_report_does_not_stop_the_others(tmp_path, capsys):
    # a scenario the engine refuses (realisation above 1.5) makes one notebook fail
    manifest = tmp_path / "reports.yaml"
    for nb in ("area_report.ipynb", "national_overview.ipynb"):
        (tmp_path / nb).write_text((PROJECT / "notebooks" / nb).read_text())
    manifest.write_text(
        "reports:\n"
        "  - notebook: area_report.ipynb\n    output: heerlen-noord\n"
        "    parameters: {area_id: heerlen-noord}\n"
        "  - notebook: area_report.ipynb\n    output: broken\n"
        "    parameters: {area_id: zaandam-oost, realisation: 2.0}\n"
        "  - notebook: national_overview.ipynb\n    output: national\n"
    )
    out = tmp_path / "out"
    code = main(["reports", "--manifest", str(manifest), "--out", str(out), "--jobs", "2"])
    assert code == 1
    text = capsys.readouterr().out
    assert "2 rapport(en) geschreven, 1 mislukt" in text  # a Dutch run says it in Dutch
    assert "MISLUKT broken/area_report (area_report.ipynb)" in text and "realisation=2.0" in text
    assert sorted(p.name for p in out.iterdir()) == [
        "heerlen-noord",
        "index.html",
        "index.stamp.json",
        "national",
    ]
    assert "mislukt bij de laatste run" in (out / "index.html").read_text(encoding="utf-8")


def test_unknown_area_selected(tmp_path):
    with pytest.raises(ValueError, match="no report named heerlen in"):
        run_reports(MANIFEST, tmp_path, only=["heerlen"])
    assert not any(tmp_path.iterdir())


def test_unknown_area_in_manifest_writes_nothing(tmp_path):
    manifest = tmp_path / "reports.yaml"
    (tmp_path / "area_report.ipynb").write_text(
        (PROJECT / "notebooks" / "area_report.ipynb").read_text()
    )
    manifest.write_text(
        "reports:\n  - notebook: area_report.ipynb\n    output: x\n"
        "    parameters: {area_id: heerlen-zuid}\n"
    )
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="area_id='heerlen-zuid' is not an NPLV area"):
        run_reports(manifest, out)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("reports:\n  - notebook: nope.ipynb\n    output: x\n", "notebook 'nope.ipynb' not found"),
        ("reports:\n  - output: x\n", "missing field 'notebook'"),
        ("reports:\n  - notebook: a.ipynb\n    output: x\n    parms: {}\n", "unknown field"),
        ("reports:\n  - notebook: a.ipynb\n    output: ../x\n", "must be a plain folder name"),
        ("reports:\n  - notebook: a.ipynb\n    output: x\n    for_each: city\n", "for_each 'city'"),
        (
            "reports:\n  - notebook: a.ipynb\n    output: '{area}'\n    for_each: area\n",
            "placeholder",
        ),
        (
            "reports:\n  - notebook: a.ipynb\n    output: x\n"
            "  - notebook: a.ipynb\n    output: x\n",
            "two reports write the same files: x/a",
        ),
        ("report: []\n", "must hold one key, 'reports'"),
        ("reports:\n  - notebook: a.ipynb\n    output: x\n    weight: 0\n", "weight 0 must be"),
        ("reports:\n  - notebook: a.ipynb\n    output: x\n    weight: 1e7\n", "between 0 and"),
        ("reports:\n  - notebook: a.ipynb\n    output: x\n    weight: ja\n", "weight 'ja' must"),
        ("reports:\n  - notebook: a.ipynb\n    output: x\n    weight: true\n", "weight True"),
    ],
)
def test_bad_manifest(tmp_path, text, problem):
    (tmp_path / "a.ipynb").write_text("{}")
    manifest = tmp_path / "m.yaml"
    manifest.write_text(text)
    with pytest.raises(ValueError, match=re.escape(problem)) as info:
        load_manifest(manifest)
    assert str(manifest) in str(info.value)


def test_failing_notebook_leaves_previous_report_and_no_temp(tmp_path):
    write_notebook(tmp_path / "fail.ipynb", "area_id = None", "raise RuntimeError('boom')")
    out = tmp_path / "out"
    (out / "x").mkdir(parents=True)
    (out / "x" / "fail.html").write_text("previous report")
    tmp, nb, error = execute_job(ReportJob("fail.ipynb", "x", {}), out, None, None, tmp_path)
    assert tmp is None and nb is None
    assert "PapermillExecutionError" in error and "RuntimeError: boom" in error
    assert (out / "x" / "fail.html").read_text() == "previous report"
    assert sorted(p.name for p in out.iterdir()) == ["x"]


def test_reports_refuse_data_with_errors(data_copy, tmp_path):
    edit_yaml(
        data_copy / "agreements/heerlen-noord.yaml",
        lambda o: o["figures"]["orv.cmv.incl"].update({"value": 7_400_000}),
    )
    out = tmp_path / "out"
    with pytest.raises(
        ValueError, match=r"(?s)1 fout\(en\).*\[Heerlen Noord\] ORV.*= € 10\.000\.000"
    ):
        run_reports(MANIFEST, out, data_dir=data_copy)
    with pytest.raises(ValueError, match=r"(?s)the data has 1 error\(s\).*= € 10,000,000"):
        run_reports(MANIFEST, out, data_dir=data_copy, lang="en")
    assert not out.exists() or not any(out.iterdir())


def test_faulty_monitor_file_writes_no_report(tmp_path, capsys):
    bad = tmp_path / "monitor.csv"
    bad.write_text(
        "area_id,year,quarter,homes_started_total,homes_started_affordable,rs_registered_homes,"
        "orv_costs_eur,capacity_costs_eur,source,as_of\n"
        "heerlen-noord,2026,,376,400,174,1400000,774000,Monitor,2027-06-30\n"
    )
    out = tmp_path / "out"
    assert main(["reports", "--out", str(out), "--monitor", str(bad)]) != 0
    err = capsys.readouterr().err
    assert str(bad) in err and "rij 2, kolom 'homes_started_affordable'" in err
    assert not out.exists() or not any(out.iterdir())


def test_a_comparison_stamp_names_its_scenarios_without_matplotlib():
    """The run writes each report's footer stamp; for a comparison that names the scenarios,
    read from their files, without importing matplotlib (0.7 s of a worker's time) as the
    comparison's report module does."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from nplv_analysis.pipeline.manifest import load_manifest\n"
        "from nplv_analysis.report.page import report_stamp\n"
        "job = [j for j in load_manifest() if j.notebook == 'scenario_comparison.ipynb'][0]\n"
        "from nplv_analysis.pipeline.stamps import data_key\n"
        "print(report_stamp(job, data_key=data_key())[-1])\n"
        "print('matplotlib' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT
    )
    stamp, imported = done.stdout.splitlines()
    assert stamp.startswith(
        "scenario's: basisscenario (berekend), starts 1 jaar later, 70% realisatie,"
    )
    assert imported == "False"


def test_the_heaviest_reports_start_first(tmp_path):
    """One worker runs the reports in the order of the manifest's weights, heaviest first
    (equal weights in the manifest's order), so that parallel workers finish together."""
    log = tmp_path / "order.txt"
    record = f"with open({str(log)!r}, 'a') as f:\n    f.write(name + ' ')"
    write_notebook(tmp_path / "n.ipynb", "name = ''", record)
    entries = [("light", None), ("heavy", 3), ("middle", 2), ("light2", None), ("heavier", 3.5)]
    text = "reports:\n"
    for name, weight in entries:
        text += f"  - notebook: n.ipynb\n    output: {name}\n    parameters: {{name: {name}}}\n"
        text += f"    weight: {weight}\n" if weight else ""
    (tmp_path / "m.yaml").write_text(text)
    assert run_reports(tmp_path / "m.yaml", tmp_path / "out", jobs=1).ok
    assert log.read_text().split() == ["heavier", "heavy", "middle", "light", "light2"]


def test_a_worker_executes_and_the_run_finishes(tmp_path):
    """A report in two parts: the worker's (the executed notebook and the files it wrote, in a
    temporary folder, nothing in place yet) and the run's (the HTML page, the stamp, the move
    into place), so that a worker's kernel can start the next report meanwhile."""

    write = "import pathlib\npathlib.Path(out_dir, 'table.csv').write_text('a;b\\n1;2\\n')"
    write_notebook(
        tmp_path / "two.ipynb", "out_dir = None", write, nbformat.v4.new_markdown_cell("# Kop")
    )
    out = tmp_path / "out"
    job = ReportJob("two.ipynb", "x", {})
    try:
        tmp, executed, error = execute_job(job, out, None, None, tmp_path)
    finally:
        shutdown_kernel()
    assert error is None
    assert tmp.parent == out and tmp.name.startswith(".nplv-tmp-x-two-")
    assert sorted(p.name for p in tmp.iterdir()) == ["table.csv", "two.ipynb"]
    assert executed.metadata["nplv"] == {"files": ["table.csv"]}
    assert not (out / "x").exists()  # nothing in place before the run's part

    folder = finish_job(job, tmp, executed, out, stamp={"key": "k", "inputs": {}})
    assert folder == out / "x" and not tmp.exists()
    assert sorted(p.name for p in folder.iterdir()) == [
        "table.csv",
        "two.html",
        "two.ipynb",
        "two.stamp.json",
    ]
    assert "<h1" in (folder / "two.html").read_text(encoding="utf-8")
    stamp = json.loads((folder / "two.stamp.json").read_text(encoding="utf-8"))
    assert stamp["key"] == "k" and set(stamp["files"]) == {"table.csv", "two.html", "two.ipynb"}


def test_a_worker_reads_no_data(tmp_path):
    """The run checks every report's parameters before it starts (an unknown area is refused
    there); a worker only executes, without importing pandas to check them again."""
    import subprocess
    import sys

    write_notebook(tmp_path / "a.ipynb", "area_id = None\nout_dir = None", "print(area_id)")
    code = (
        "import sys\n"
        "from nplv_analysis.pipeline import manifest, worker\n"
        "job = manifest.ReportJob('a.ipynb', 'heerlen-noord', {'area_id': 'heerlen-noord'})\n"
        f"tmp, nb, error = worker.execute_job(job, {str(tmp_path / 'out')!r}, None, None,"
        f" {str(tmp_path)!r})\n"
        "worker.shutdown_kernel()\n"
        "print(error is None, nb.cells[-1].outputs[0].text.strip(), 'pandas' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "heerlen-noord", "False"]


def test_a_run_stopped_early_leaves_no_executed_report_behind(tmp_path):
    """Reports executed by the workers but not yet moved into place when the run stops (here:
    the caller's on_done raises at the first report) are removed, not left as temporary
    folders in the output folder."""
    write_notebook(tmp_path / "n.ipynb", "name = ''", "import time\ntime.sleep(0.5)")
    text = "reports:\n" + "".join(
        f"  - notebook: n.ipynb\n    output: r{i}\n    parameters: {{name: r{i}}}\n"
        for i in range(4)
    )
    (tmp_path / "m.yaml").write_text(text)

    def stop(job, error):
        raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_reports(tmp_path / "m.yaml", out, jobs=2, on_done=stop)
    left = sorted(p.name for p in out.iterdir())
    assert len(left) == 1 and left[0] in ("r0", "r1")  # the report on_done was told of, whole
    assert sorted(p.name for p in (out / left[0]).iterdir()) == [
        "n.html",
        "n.ipynb",
        "n.stamp.json",
    ]


def test_a_manifest_fault_names_its_line(tmp_path):
    """The manifest is checked against its JSON Schema; the message names the file, the line of
    the faulty report or field, the report's number and the problem."""
    (tmp_path / "a.ipynb").write_text("{}")
    manifest = tmp_path / "m.yaml"
    manifest.write_text(
        "# two reports\n"
        "reports:\n"
        "  - notebook: a.ipynb\n"
        "    output: x\n"
        "  - notebook: a.ipynb\n"
        "    output: y\n"
        "    weight: 0\n"
    )
    with pytest.raises(ValueError) as info:
        load_manifest(manifest)
    assert (
        str(info.value)
        == f"{manifest}: line 7, report 2: weight 0 must be a number between 0 and 1000000"
    )
    manifest.write_text("reports:\n  - notebook: a.ipynb\n    output: x\n  - output: y\n")
    with pytest.raises(ValueError) as info:
        load_manifest(manifest)
    assert str(info.value) == f"{manifest}: line 4, report 2: missing field 'notebook'"
