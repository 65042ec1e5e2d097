"""What a report was made from: content keys, and the stamp written next to each report.

A report's *key* is a SHA-256 over everything its output depends on: the notebook's bytes; its
parameters (the manifest's, with ``--scenario``, ``--monitor`` and ``--plans`` applied); the data
folder's content (every file but its ``monitor/`` folder and the plan lists of ``plans/``: under
the national ceilings every area's payout depends on every claim); the monitor file, plan list
or scenario files the report reads; the language; the package's own source (code, templates,
catalogues); the Python version and the installed libraries with their versions.

``<out>/<output>/<stem>.stamp.json`` is written after the report's files are in place: the key,
its inputs, and the SHA-256 of each file the report wrote. A report whose stamp has the current
key and whose files all have their recorded hashes is up to date and is not executed again.
``<out>/index.stamp.json`` holds the expanded manifest (so that a run with nothing changed need
not read the data with pandas) and the key and hash of ``index.html``. Only the standard library
and PyYAML are imported here: a run that finds everything up to date must decide quickly.
"""

from __future__ import annotations

import hashlib
import json
import os
import site
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..resources import DATA_DIR, SHIPPED

PACKAGE_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = DATA_DIR
STAMP_SUFFIX = ".stamp.json"
INDEX_STAMP = "index" + STAMP_SUFFIX
FORMAT = 1  # of the stamp files; another number: every report is made again
INPUT_FILES = ("monitor_file", "plans_file")
"""Parameters naming a file a report reads besides the data folder: keyed by name and content,
replaced on the command line by ``--monitor`` and ``--plans``."""


def file_hash(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def digest(value: Any) -> str:
    """The SHA-256 of a JSON value (keys sorted)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Linked(ValueError):
    """A data folder (``kind`` "data") or output folder ("out") with links in it (``links``,
    relative to ``folder``): refused, so that what is hashed is what is read and nothing is
    written through a link. ``text(lang)``: the message from the text catalogue."""

    def __init__(self, folder: Path, links: list[str], kind: str):
        self.folder, self.links, self.kind = folder, links, kind
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        from ..text import t

        shown = ", ".join(repr(x) for x in self.links[:10])
        if len(self.links) > 10:
            shown += " " + t("sheet.more", lang, n=len(self.links) - 10)
        return t(f"links.{self.kind}", lang, folder=str(self.folder), links=shown)


def find_links(folder: Path, depth: int = 2, limit: int = 20_000) -> list[str]:
    """The links (relative paths, sorted) in ``folder`` and its folders, ``depth`` levels down;
    links are not followed, at most ``limit`` entries are looked at."""
    found: list[str] = []
    todo, seen = [(Path(folder), 1)], 0
    while todo and seen < limit:
        here, level = todo.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if entry.is_symlink():
                found.append(Path(entry.path).relative_to(folder).as_posix())
            elif level < depth and entry.is_dir(follow_symlinks=False):
                todo.append((Path(entry.path), level + 1))
    return sorted(found)


def _tree_hash(root: Path, skip_dirs=(), hidden=True, skip=lambda rel: False, links=None) -> str:
    """A SHA-256 over the relative names and bytes of every file under ``root`` (sorted), the
    folders ``skip_dirs`` (at the top), the files ``skip(relative path)`` and caches left out;
    ``hidden=False``: also dot files and editors' "~" files. ``links``: a link in the tree
    raises :class:`Linked` of that kind."""
    files, linked = [], []
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root)
        top = rel == Path(".")
        if links is not None:
            linked += [
                (rel / n).as_posix()
                for n in [*dirs, *names]
                if os.path.islink(os.path.join(folder, n)) and not (top and n in skip_dirs)
            ]
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in ("__pycache__", ".ipynb_checkpoints") and not (top and d in skip_dirs)
        )
        if not hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".") and not n.endswith("~")]
        files += [
            Path(folder) / n
            for n in names
            if not n.endswith((".pyc", ".pyo")) and not skip((rel / n).as_posix())
        ]
    if linked:
        raise Linked(root, sorted(linked), str(links))
    sha = hashlib.sha256()
    for p in sorted(files):
        sha.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        try:
            sha.update(file_hash(p).encode("ascii"))
        except OSError as exc:
            sha.update(f"unreadable: {exc}".encode())
        sha.update(b"\0")
    return sha.hexdigest()


def source_key() -> str:
    """The package's own files (code, templates, catalogues), without the data, notebooks and
    docs an installed package carries in ``_shipped/`` (keyed as data and notebook)."""
    return _tree_hash(PACKAGE_DIR, skip_dirs=(SHIPPED,), hidden=False)


def environment_key() -> str:
    """The Python version and the distributions in its site-packages with their versions (the
    names of their ``*.dist-info`` / ``*.egg-info`` entries)."""
    names = [sys.version]
    for folder in site.getsitepackages():
        try:
            with os.scandir(folder) as entries:
                names += sorted(
                    e.name for e in entries if e.name.endswith((".dist-info", ".egg-info"))
                )
        except OSError:  # not there in this interpreter
            continue
    return digest(names)


def data_key(data_dir: str | Path | None = None) -> str:
    """The data folder's content, its ``monitor/`` folder and the plan lists in ``plans/`` left
    out (keyed with their reports); :class:`Linked` if there is a link in it."""
    path = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR

    def plan_list(rel: str) -> bool:  # plans/phases.yaml is data the engine reads
        return rel.startswith("plans/") and rel.endswith((".csv", ".xlsx"))

    return _tree_hash(path.resolve(), skip_dirs=("monitor",), skip=plan_list, links="data")


def _file_input(path: Any) -> dict[str, str]:
    try:
        return {"path": str(path), "sha256": file_hash(path)}
    except OSError as exc:  # the run refuses it before anything is written
        return {"path": str(path), "error": str(exc)}


def report_inputs(
    notebook: Path,
    parameters: dict[str, Any],
    data: str,
    lang: str,
    source: str,
    docs_link: str = "",
    environment: str = "",
) -> dict[str, Any]:
    """What a report depends on, each as a hash or a value (the summary in its stamp).
    ``docs_link``: its link to docs/assumptions.md; ``environment``: :func:`environment_key`."""
    inputs: dict[str, Any] = {
        "notebook": {"file": notebook.name, "sha256": file_hash(notebook)},
        "parameters": parameters,
        "data_sha256": data,
        "lang": lang,
        "source_sha256": source,
        "environment_sha256": environment,
        "docs_link": docs_link,
        "format": FORMAT,
    }
    for name in INPUT_FILES:
        if parameters.get(name):
            inputs[name.removesuffix("_file")] = _file_input(parameters[name])
    files = parameters.get("scenario_files")  # a comparison's own scenario files
    if files:
        inputs["scenario_files"] = [
            _file_input(p) for p in ([files] if isinstance(files, str) else files)
        ]
    return inputs


def report_key(inputs: dict[str, Any]) -> str:
    """The key of :func:`report_inputs`: a monitor file or plan list counts by its name and
    content, not where it is, so a copied project's reports keep their keys."""
    keyed = dict(inputs)
    params = dict(keyed["parameters"])
    for name in INPUT_FILES:
        if params.get(name):
            params[name] = Path(str(params[name])).name
        kind = name.removesuffix("_file")
        if kind in keyed:
            keyed[kind] = {**keyed[kind], "path": Path(keyed[kind]["path"]).name}
    keyed["parameters"] = params
    return digest(keyed)


def stamp_path(folder: Path, stem: str) -> Path:
    return folder / f"{stem}{STAMP_SUFFIX}"


def read_stamp(path: Path) -> dict[str, Any] | None:
    """A stamp file, or None when it is missing or not one."""
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def files_intact(folder: Path, files: Any) -> bool:
    """Whether every file in ``files`` (name -> SHA-256) is in ``folder`` with that content."""
    if not isinstance(files, dict) or not files:
        return False
    for name, sha in files.items():
        if not isinstance(name, str) or "/" in name or name.startswith("."):
            return False
        try:
            if file_hash(folder / name) != sha:
                return False
        except OSError:
            return False
    return True


def up_to_date(folder: Path, stem: str, key: str) -> bool:
    """Whether report ``stem`` in ``folder`` was made from ``key``'s inputs, its files intact."""
    stamp = read_stamp(stamp_path(folder, stem))
    return bool(stamp and stamp.get("key") == key and files_intact(folder, stamp.get("files")))


def write_json(path: Path, value: Any) -> None:
    """``value`` as JSON in ``path``, through a temporary file moved into place (a reader sees
    the old file or the new one, never half of one)."""
    fd, tmp = tempfile.mkstemp(prefix=".nplv-tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, indent=1, sort_keys=True, ensure_ascii=False, default=str)
            fh.write("\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def plan_key(manifest: Path, given: dict[str, Any], data: str, source: str) -> str | None:
    """The key of a manifest's expansion: the manifest, ``--monitor`` and ``--plans`` (``given``),
    the monitor files and plan lists it uses, the data, the source. None when the manifest or
    one of its files cannot be read (the full check then names the fault)."""
    try:
        entries = yaml.safe_load(manifest.read_text(encoding="utf-8"))["reports"]
        files = {}
        for entry in entries:
            params = entry.get("parameters") or {}
            for name in INPUT_FILES:
                if name in params and (given.get(name) or params[name]):  # None: optional
                    path = given.get(name)
                    path = Path(path) if path is not None else manifest.parent / str(params[name])
                    files[str(path.resolve())] = file_hash(path)
        manifest_sha = file_hash(manifest)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        return None
    return digest(
        {
            "manifest": [str(manifest.resolve()), manifest_sha],
            "given": {k: str(v) for k, v in given.items() if v is not None},
            "files": files,
            "data": data,
            "source": source,
            "format": FORMAT,
        }
    )


def notebook_parameters(notebook: Path) -> set[str]:
    """The names a notebook's ``parameters`` cell assigns (what papermill's
    ``inspect_notebook`` finds for a Python notebook), read without papermill."""
    import ast

    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get(
            "tags", []
        ):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            names: set[str] = set()
            for node in ast.parse(source).body:
                targets = (
                    node.targets
                    if isinstance(node, ast.Assign)
                    else [node.target]
                    if isinstance(node, ast.AnnAssign)
                    else []
                )
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
            return names
    return set()
