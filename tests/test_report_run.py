"""The report run: papermill executes the manifest's notebooks into an output folder."""

import re

import nbformat
import papermill
import pytest

from nplv_analysis.report_run import ReportJob, load_manifest, run_job, run_reports

from .conftest import PROJECT


def test_heerlen_noord_report(tmp_path):
    (folder,) = run_reports(PROJECT / "notebooks" / "reports.yaml", tmp_path)
    assert folder == tmp_path / "heerlen-noord"
    html = (folder / "area_report.html").read_text(encoding="utf-8")
    assert "Heerlen Noord: bestuurlijke afspraken woningbouw 2025-2029" in html
    # amounts from pages 6-8, written the Dutch way
    for amount in ("€ 5.300.000 – € 8.000.000", "€ 10.000.000", "€ 4.300.000"):
        assert amount in html
    assert "€ 19.600.000 – € 22.300.000" in html
    # the chart, as an image (not the "<Figure size ...>" text a non-inline backend leaves)
    assert re.search(r'<img [^>]*src="data:image/png;base64,', html)
    assert "&lt;Figure size" not in html
    assert "from nplv_analysis" not in html  # no code cells
    assert (folder / "area_report.ipynb").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folders left


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
        ("report: []\n", "must hold one key, 'reports'"),
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
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("area_id = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("raise RuntimeError('boom')")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, tmp_path / "fail.ipynb")
    out = tmp_path / "out"
    (out / "x").mkdir(parents=True)
    (out / "x" / "fail.html").write_text("previous report")
    with pytest.raises(papermill.PapermillExecutionError, match="boom"):
        run_job(ReportJob("fail.ipynb", "x", {}), out, notebook_dir=tmp_path)
    assert (out / "x" / "fail.html").read_text() == "previous report"
    assert sorted(p.name for p in out.iterdir()) == ["x"]


def test_reports_refuse_data_with_errors(data_copy, tmp_path):
    from .conftest import edit_yaml

    edit_yaml(
        data_copy / "agreements/heerlen-noord.yaml",
        lambda o: o["figures"]["orv.cmv.incl"].update({"value": 7_400_000}),
    )
    out = tmp_path / "out"
    with pytest.raises(ValueError, match=r"(?s)1 error\(s\).*orv.total.incl = EUR 10,000,000"):
        run_reports(PROJECT / "notebooks" / "reports.yaml", out, data_dir=data_copy)
    assert not out.exists() or not any(out.iterdir())


def test_report_in_english(tmp_path):
    (folder,) = run_reports(PROJECT / "notebooks" / "reports.yaml", tmp_path, lang="en")
    html = (folder / "area_report.html").read_text(encoding="utf-8")
    assert "Heerlen Noord: housing agreement 2025-2029" in html
    assert "Checks on the source" in html and "implied VAT rate" in html
    assert "Woningbouw" not in html and "afgeleid btw-tarief" not in html
    assert "€ 5,300,000 – € 8,000,000" in html


def test_dutch_report_has_no_english_check_text(tmp_path):
    (folder,) = run_reports(PROJECT / "notebooks" / "reports.yaml", tmp_path)
    html = (folder / "area_report.html").read_text(encoding="utf-8")
    assert "afgeleid btw-tarief" in html and "btw-tarief van 11,6%" in html
    assert "implied VAT rate" not in html and "kept as printed" not in html
    assert "docs/assumptions.md" in html
