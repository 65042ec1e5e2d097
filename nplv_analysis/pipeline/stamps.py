"""Content keys: a report's is a SHA-256 over all its output depends on (notebook, parameters,
the whole data folder, the files it reads, language, the package's source, Python and its
libraries); ``<stem>.stamp.json`` holds it, its inputs and the hash of each file written. The
index stamp holds the expanded manifest: a run with nothing to do imports no pandas, papermill."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import site
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..resources import DATA_DIR, SHIPPED
from ..text import t

PACKAGE_DIR = Path(__file__).resolve().parents[1]
STAMP_SUFFIX = ".stamp.json"
INDEX_STAMP = "index" + STAMP_SUFFIX
TMP_PREFIX = ".nplv-tmp-"  # what a run is writing; a killed run's is removed by the next
INDEX_TMP = ".index.html.tmp"
FORMAT = 1  # of the stamp files; another number: every report is made again
INPUT_FILES = ("monitor_file", "plans_file")
DISTRIBUTIONS = (".dist-info", ".egg-info")  # the folders of the installed libraries


def file_hash(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RunError(ValueError):
    """A refusal of the run: catalogue id ``code`` and its ``values`` (one with a ``text(lang)``
    is shown in the same language). ``str()`` is English; :meth:`text` the reader's language."""

    def __init__(self, code: str, **values: Any):
        self.code, self.values = code, values
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        shown = {k: v.text(lang) if hasattr(v, "text") else v for k, v in self.values.items()}
        return t(self.code, lang, **shown)


class Linked(RunError):
    """A data (``kind`` "data") or output folder ("out") with ``links`` (relative paths)."""

    def __init__(self, folder: Path, links: list[str], kind: str):
        self.folder, self.links = folder, links
        super().__init__({"data": "links.data", "out": "links.out"}[kind], folder=str(folder))

    def text(self, lang: str = "nl") -> str:
        shown = ", ".join(repr(x) for x in self.links[:10])
        if len(self.links) > 10:
            shown += " " + t("sheet.more", lang, n=len(self.links) - 10)
        return t(self.code, lang, folder=str(self.folder), links=shown)


def _tree_hash(root: Path, skip_dirs=(), hidden=True, skip=None, links=None) -> str:
    """A SHA-256 over the files under ``root`` but caches, top folders ``skip_dirs``, ``skip(path)``
    and (``hidden=False``) dot and "~" files; ``links``: a link raises :class:`Linked` of it."""

    def shown(name: str) -> bool:
        return hidden or not (name.startswith(".") or name.endswith("~"))

    files, linked = [], []
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root)
        dirs[:] = [d for d in dirs if not (rel == Path(".") and d in skip_dirs)]
        linked += [(rel / n).as_posix() for n in dirs + names if os.path.islink(Path(folder, n))]
        dirs[:] = sorted(
            d for d in dirs if d not in ("__pycache__", ".ipynb_checkpoints") and shown(d)
        )
        names = [n for n in names if shown(n) and not n.endswith((".pyc", ".pyo"))]
        files += [p for p in ((rel / n).as_posix() for n in names) if not (skip and skip(p))]
    if linked and links is not None:
        raise Linked(root, sorted(linked), links)
    sha = hashlib.sha256()
    for name in sorted(files):
        content = _file_input(root / name)
        sha.update(f"{name}\0{content.get('sha256') or content['error']}\0".encode())
    return sha.hexdigest()


def source_key() -> str:
    """The package's own files, without what it ships in ``_shipped/`` (keyed as data, notebook)."""
    return _tree_hash(PACKAGE_DIR, skip_dirs=(SHIPPED,), hidden=False)


def environment_key() -> str:
    """The Python version and the installed distributions (their ``*.dist-info`` names)."""
    names = [sys.version]
    for folder in site.getsitepackages():
        with contextlib.suppress(OSError):  # not there in this interpreter
            names += sorted(n for n in os.listdir(folder) if n.endswith(DISTRIBUTIONS))
    return digest(names)


def data_key(data_dir: str | Path | None = None) -> str:
    """The data folder without ``monitor/`` and the plan lists (keyed with their reports)."""
    path = Path(data_dir) if data_dir is not None else DATA_DIR
    plan_lists = re.compile(r"(?s)plans/.*\.(csv|xlsx)").fullmatch  # plans/phases.yaml is data
    return _tree_hash(path.resolve(), skip_dirs=("monitor",), skip=plan_lists, links="data")


def _file_input(path: Any) -> dict[str, str]:
    try:
        return {"path": str(path), "sha256": file_hash(path)}
    except OSError as exc:  # the run refuses it before anything is written
        return {"path": str(path), "error": str(exc)}


def report_key(notebook: Path, parameters: dict, data, lang, source, docs_link="", env=""):
    """A report's key and inputs (hashes and values: the summary in its stamp); in the key a file
    counts by name and content, not its folder."""
    inputs: dict[str, Any] = {"notebook": {"file": notebook.name, "sha256": file_hash(notebook)}}
    inputs |= {"parameters": parameters, "data_sha256": data, "lang": lang, "format": FORMAT}
    inputs |= {"source_sha256": source, "environment_sha256": env, "docs_link": docs_link}
    keyed = {**inputs, "parameters": dict(parameters)}
    for name in INPUT_FILES:
        if parameters.get(name):
            kind = name.removesuffix("_file")
            inputs[kind] = _file_input(parameters[name])
            keyed[kind] = {**inputs[kind], "path": Path(str(parameters[name])).name}
            keyed["parameters"][name] = Path(str(parameters[name])).name
    if files := parameters.get("scenario_files"):  # a comparison's own scenario files
        files = [files] if isinstance(files, str) else files
        inputs["scenario_files"] = keyed["scenario_files"] = [_file_input(p) for p in files]
    return digest(keyed), inputs


def read_stamp(path: Path) -> dict[str, Any] | None:
    with contextlib.suppress(OSError, ValueError):
        stamp = json.loads(path.read_text(encoding="utf-8"))
        return stamp if isinstance(stamp, dict) else None
    return None


def files_intact(folder: Path, files: Any) -> bool:
    """Whether each file of ``files`` (name -> SHA-256) is in ``folder`` with that content."""
    if not isinstance(files, dict) or not files:
        return False
    plain = all(isinstance(n, str) and "/" not in n and not n.startswith(".") for n in files)
    with contextlib.suppress(OSError):
        return plain and all(file_hash(folder / n) == sha for n, sha in files.items())
    return False


def up_to_date(folder: Path, stem: str, key: str) -> bool:
    """Whether report ``stem`` in ``folder`` was made from ``key``'s inputs, its files intact."""
    stamp = read_stamp(folder / f"{stem}{STAMP_SUFFIX}")
    return bool(stamp and stamp.get("key") == key and files_intact(folder, stamp.get("files")))


def write_json(path: Path, value: Any) -> None:
    """``value`` as JSON in ``path`` (a temporary file moved into place)."""
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, indent=1, sort_keys=True, ensure_ascii=False, default=str)
            fh.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def input_files(params: dict, given: dict, folder: Path) -> dict[str, Path]:
    """The files ``params`` name (resolved from ``folder``, ``given`` ones instead; None: none)."""
    names = [n for n in INPUT_FILES if n in params and (given[n] or params[n]) is not None]
    return {n: Path(given[n] or folder / str(params[n])).resolve() for n in names}


def plan_key(manifest: Path, given: dict[str, Any], data: str, source: str) -> str | None:
    """The key of a manifest's expansion; None if a file cannot be read (the full check says)."""
    try:
        files = {}
        for entry in yaml.safe_load(manifest.read_text(encoding="utf-8"))["reports"]:
            named = input_files(entry.get("parameters") or {}, given, manifest.parent)
            files |= {str(path): file_hash(path) for path in named.values()}
        manifest_key = [str(manifest.resolve()), file_hash(manifest)]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        return None
    given = {k: str(v) for k, v in given.items() if v is not None}
    return digest([manifest_key, given, files, data, source, FORMAT])


def notebook_parameters(notebook: Path) -> set[str]:
    """The names a notebook's ``parameters`` cell assigns, read without papermill."""
    import ast

    for cell in json.loads(notebook.read_text(encoding="utf-8")).get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell["metadata"].get("tags", []):
            source = cell.get("source", "")
            body = ast.parse("".join(source) if isinstance(source, list) else source).body
            targets = [t for n in body if isinstance(n, ast.Assign) for t in n.targets]
            targets += [n.target for n in body if isinstance(n, ast.AnnAssign)]
            return {t.id for t in targets if isinstance(t, ast.Name)}
    return set()
