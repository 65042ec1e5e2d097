"""Content keys. A report's key is a SHA-256 over all its output depends on: notebook,
parameters, data folder (every area's payout depends on every claim), the files it reads,
language, the package's source, Python and the installed libraries. ``<stem>.stamp.json`` holds
the key, its inputs and the hash of each file written: a report with the current key and intact
files is not made again. ``index.stamp.json`` holds the expanded manifest, so that a run with
nothing to do imports neither pandas nor papermill (standard library and PyYAML only here)."""

from __future__ import annotations

import contextlib
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


def file_hash(path: str | Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Linked(ValueError):
    """A data (``kind`` "data") or output folder ("out") with links: what is hashed must be what
    is read, and nothing is written through a link."""

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
    """The links in ``folder``, ``depth`` levels down, among at most ``limit`` entries."""
    found, todo, seen = [], [(Path(folder), 1)], 0
    while todo and seen < limit:
        here, level = todo.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        seen += len(entries)
        for entry in entries:
            if entry.is_symlink():
                found.append(Path(entry.path).relative_to(folder).as_posix())
            elif level < depth and entry.is_dir(follow_symlinks=False):
                todo.append((Path(entry.path), level + 1))
    return sorted(found)


def _tree_hash(root: Path, skip_dirs=(), hidden=True, skip=None, links=None) -> str:
    """A SHA-256 over the names and bytes of the files under ``root`` but caches, the top folders
    ``skip_dirs``, ``skip(path)``, and (``hidden=False``) dot and "~" files; ``links``: a link
    raises :class:`Linked` of that kind."""
    files, linked = [], []
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root)
        if rel == Path("."):
            dirs[:] = [d for d in dirs if d not in skip_dirs]
        linked += [(rel / n).as_posix() for n in dirs + names if os.path.islink(Path(folder, n))]
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in ("__pycache__", ".ipynb_checkpoints") and (hidden or _shown(d))
        )
        names = [n for n in names if (hidden or _shown(n)) and not n.endswith((".pyc", ".pyo"))]
        files += [p for p in ((rel / n).as_posix() for n in names) if not (skip and skip(p))]
    if linked and links is not None:
        raise Linked(root, sorted(linked), links)
    sha = hashlib.sha256()
    for name in sorted(files):
        content = _file_input(root / name)
        sha.update(f"{name}\0{content.get('sha256') or content['error']}\0".encode())
    return sha.hexdigest()


def _shown(name: str) -> bool:
    return not name.startswith(".") and not name.endswith("~")


def source_key() -> str:
    """The package's own files, without what it ships in ``_shipped/`` (keyed as data, notebook)."""
    return _tree_hash(PACKAGE_DIR, skip_dirs=(SHIPPED,), hidden=False)


def environment_key() -> str:
    """The Python version and the installed distributions (their ``*.dist-info`` names)."""
    names = [sys.version]
    for folder in site.getsitepackages():
        with contextlib.suppress(OSError):  # not there in this interpreter
            names += sorted(
                n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info"))
            )
    return digest(names)


def data_key(data_dir: str | Path | None = None) -> str:
    """The data folder without ``monitor/`` and the plan lists (keyed with their reports)."""
    path = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR

    def plan_list(rel: str) -> bool:  # plans/phases.yaml is data the engine reads
        return rel.startswith("plans/") and rel.endswith((".csv", ".xlsx"))

    return _tree_hash(path.resolve(), skip_dirs=("monitor",), skip=plan_list, links="data")


def _file_input(path: Any) -> dict[str, str]:
    try:
        return {"path": str(path), "sha256": file_hash(path)}
    except OSError as exc:  # the run refuses it before anything is written
        return {"path": str(path), "error": str(exc)}


def report_inputs(notebook: Path, parameters: dict, data, lang, source, docs_link="", env=""):
    """What a report depends on, as hashes and values (the summary in its stamp)."""
    inputs: dict[str, Any] = {"notebook": {"file": notebook.name, "sha256": file_hash(notebook)}}
    inputs |= {"parameters": parameters, "data_sha256": data, "lang": lang, "format": FORMAT}
    inputs |= {"source_sha256": source, "environment_sha256": env, "docs_link": docs_link}
    for name in INPUT_FILES:
        if parameters.get(name):
            inputs[name.removesuffix("_file")] = _file_input(parameters[name])
    if files := parameters.get("scenario_files"):  # a comparison's own scenario files
        files = [files] if isinstance(files, str) else files
        inputs["scenario_files"] = [_file_input(p) for p in files]
    return inputs


def report_key(inputs: dict[str, Any]) -> str:
    """The key of :func:`report_inputs`; a file counts by name and content, not its folder."""
    params = dict(inputs["parameters"])
    keyed = {**inputs, "parameters": params}
    for name in INPUT_FILES:
        kind = name.removesuffix("_file")
        if params.get(name):
            params[name] = Path(str(params[name])).name
        if kind in keyed:
            keyed[kind] = {**keyed[kind], "path": Path(keyed[kind]["path"]).name}
    return digest(keyed)


def stamp_path(folder: Path, stem: str) -> Path:
    return folder / f"{stem}{STAMP_SUFFIX}"


def read_stamp(path: Path) -> dict[str, Any] | None:
    with contextlib.suppress(OSError, ValueError):
        stamp = json.loads(path.read_text(encoding="utf-8"))
        return stamp if isinstance(stamp, dict) else None
    return None


def files_intact(folder: Path, files: Any) -> bool:
    """Whether each file of ``files`` (name -> SHA-256) is in ``folder`` with that content."""
    if not isinstance(files, dict) or not files:
        return False
    try:
        return all(
            isinstance(name, str)
            and "/" not in name
            and not name.startswith(".")
            and file_hash(folder / name) == sha
            for name, sha in files.items()
        )
    except OSError:
        return False


def up_to_date(folder: Path, stem: str, key: str) -> bool:
    """Whether report ``stem`` in ``folder`` was made from ``key``'s inputs, its files intact."""
    stamp = read_stamp(stamp_path(folder, stem))
    return bool(stamp and stamp.get("key") == key and files_intact(folder, stamp.get("files")))


def write_json(path: Path, value: Any) -> None:
    """``value`` as JSON in ``path`` (a temporary file moved into place)."""
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
    """The key of a manifest's expansion (manifest, ``given`` files, the files it names, data,
    source); None if one cannot be read: the full check then names the fault."""
    try:
        files = {}
        for entry in yaml.safe_load(manifest.read_text(encoding="utf-8"))["reports"]:
            params = entry.get("parameters") or {}
            for name in INPUT_FILES:
                if name in params and (given.get(name) or params[name]):  # None: optional
                    path = Path(given.get(name) or manifest.parent / str(params[name]))
                    files[str(path.resolve())] = file_hash(path)
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
