"""Running the report notebooks with papermill, as listed in a manifest.

The manifest (``notebooks/reports.yaml``) lists one entry per report: which notebook, with which
parameters, into which folder under the output directory. Each report is executed into a
temporary folder and moved into place only when the notebook ran and its HTML was written, so a
failed run leaves no half-written report behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .data import check_data, load_areas

PROJECT_DIR = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
DEFAULT_MANIFEST = NOTEBOOK_DIR / "reports.yaml"
DEFAULT_OUT = PROJECT_DIR / "reports"

_JOB_FIELDS = ("notebook", "output", "parameters")


@dataclass(frozen=True)
class ReportJob:
    """One report: ``notebook`` run with ``parameters`` into ``<out>/<output>/``."""

    notebook: str
    output: str
    parameters: dict[str, Any] = field(default_factory=dict)


def load_manifest(path: str | Path = DEFAULT_MANIFEST) -> list[ReportJob]:
    """Read and check a report manifest; ValueError naming the file, entry and problem."""
    path = Path(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or set(raw) != {"reports"} or not isinstance(raw["reports"], list):
        raise ValueError(f"{path}: must hold one key, 'reports', with a list of reports")
    jobs = []
    for i, entry in enumerate(raw["reports"], start=1):
        where = f"{path}: report {i}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: must be a mapping with notebook, output, parameters")
        unknown = set(entry) - set(_JOB_FIELDS)
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
        for f in ("notebook", "output"):
            if not isinstance(entry.get(f), str) or not entry[f]:
                raise ValueError(f"{where}: missing field {f!r}")
        if not (path.parent / entry["notebook"]).is_file():
            raise ValueError(f"{where}: notebook {entry['notebook']!r} not found")
        if "/" in entry["output"] or entry["output"].startswith("."):
            raise ValueError(f"{where}: output {entry['output']!r} must be a plain folder name")
        params = entry.get("parameters") or {}
        if not isinstance(params, dict):
            raise ValueError(f"{where}: parameters must be a mapping")
        jobs.append(ReportJob(entry["notebook"], entry["output"], dict(params)))
    return jobs


def _check_params(job: ReportJob, data_dir: str | Path | None) -> None:
    area_id = job.parameters.get("area_id")
    if area_id is not None:
        known = set(load_areas(data_dir)["area_id"])
        if area_id not in known:
            raise ValueError(
                f"report {job.output!r}: area_id={area_id!r} is not an NPLV area "
                f"(known: {', '.join(sorted(known))})"
            )


def refuse_data_with_errors(data_dir: str | Path | None = None) -> None:
    """Reports are only made from data that passes its checks (warnings are fine: they are
    the sources' own inconsistencies and the reports show them)."""
    findings = check_data(data_dir)
    errors = findings[findings["severity"] == "error"]
    if len(errors):
        lines = "\n".join(f"  - [{e.area_id}] {e.message}" for e in errors.itertuples())
        raise ValueError(
            f"the data has {len(errors)} error(s); fix them first (python -m nplv_analysis "
            f"check):\n{lines}"
        )


def html_without_code(notebook_path: Path, title: str | None = None) -> str:
    """The executed notebook as HTML, code cells hidden."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook_path, as_version=4)
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    resources = {"metadata": {"name": title or notebook_path.stem}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _title(job: ReportJob, data_dir: str | Path | None) -> str:
    area_id = job.parameters.get("area_id")
    if area_id:
        areas = load_areas(data_dir).set_index("area_id")
        return f"NPLV {areas.at[area_id, 'name']}: afspraken woningbouw 2025-2029"
    return f"NPLV: {job.output}"


def run_job(
    job: ReportJob,
    out_dir: str | Path = DEFAULT_OUT,
    data_dir: str | Path | None = None,
    lang: str | None = None,
    notebook_dir: str | Path = NOTEBOOK_DIR,
) -> Path:
    """Execute one report and move it into ``out_dir/job.output``; returns that folder.

    On any failure the temporary folder is removed and the previous report (if any) stays.
    """
    import papermill as pm

    _check_params(job, data_dir)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    params = dict(job.parameters)
    if data_dir is not None:
        params["data_dir"] = str(Path(data_dir).resolve())
    if lang is not None:
        params["lang"] = lang
    notebook = Path(notebook_dir) / job.notebook
    stem = Path(job.notebook).stem
    tmp = Path(tempfile.mkdtemp(prefix=f".{job.output}-", dir=out_dir))
    try:
        executed = tmp / f"{stem}.ipynb"
        env_backend = os.environ.get("MPLBACKEND")
        os.environ["MPLBACKEND"] = "Agg"
        try:
            pm.execute_notebook(
                str(notebook),
                str(executed),
                parameters=params,
                kernel_name="python3",
                cwd=str(notebook.parent),
                progress_bar=False,
            )
        finally:
            if env_backend is None:
                os.environ.pop("MPLBACKEND", None)
            else:
                os.environ["MPLBACKEND"] = env_backend
        title = _title(job, data_dir)
        (tmp / f"{stem}.html").write_text(html_without_code(executed, title), encoding="utf-8")
        final = out_dir / job.output
        old = None
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{job.output}-old-", dir=out_dir))
            final.rename(old / "previous")
        tmp.chmod(0o755)
        tmp.rename(final)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def run_reports(
    manifest: str | Path = DEFAULT_MANIFEST,
    out_dir: str | Path = DEFAULT_OUT,
    data_dir: str | Path | None = None,
    lang: str | None = None,
) -> list[Path]:
    """Run every report of the manifest, in order; returns the report folders."""
    manifest = Path(manifest)
    jobs = load_manifest(manifest)
    refuse_data_with_errors(data_dir)
    for job in jobs:  # refuse bad parameters before anything runs
        _check_params(job, data_dir)
    return [run_job(job, out_dir, data_dir, lang, manifest.parent) for job in jobs]
