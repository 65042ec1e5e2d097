"""What a report was made from: content keys, and the stamp written next to each report.

A report's *key* is a SHA-256 over everything its output depends on:

- the notebook (its bytes),
- its parameters (the manifest's, with ``--scenario`` and ``--monitor`` applied),
- the data folder's content: every file in it, except its ``monitor/`` folder and the plan
  lists of ``plans/`` (under the
  national ceilings every area's payout depends on every claim, so all of it),
- the monitor file or plan list, for a report that has one (``parameters.monitor_file``,
  ``parameters.plans_file``: :data:`INPUT_FILES`),
- the scenario files of a comparison (``parameters.scenario_files``; the shipped ones are in
  the data folder),
- the language,
- the package's own source: every file of ``nplv_analysis/`` (code, templates, catalogues),
- the Python version and the installed libraries with their versions (pandas, matplotlib,
  nbconvert, ...: they draw the charts and write the pages).

The run writes ``<out>/<output>/<stem>.stamp.json`` after the report's files are in place: the
key, its inputs in words and hashes, and the SHA-256 of each file the report wrote. A report
whose stamp has the current key and whose files all have their recorded hashes is up to date and
is not executed again. ``<out>/index.stamp.json`` is the index's: the expanded manifest (so that a
run with nothing changed need not read the data with pandas to expand ``for_each``) and the key
and hash of ``index.html``.

Only the standard library and PyYAML are imported here: a run that finds everything up to date
must decide quickly.
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
MONITOR_FOLDER = "monitor"
"""The data folder's monitor files are inputs of the mid-term reports only (keyed per report)."""
PLANS_FOLDER = "plans"
"""Its plan lists are inputs of the plan reports only (keyed per report); not its phases."""
FORMAT = 1  # of the stamp files; another number: every report is made again
INPUT_FILES = ("monitor_file", "plans_file")
"""Parameters that name a file a report reads besides the data folder (a mid-term review's
monitor, a plan report's plan list): keyed by their name and content, replaced on the command
line by ``--monitor`` and ``--plans``."""


def file_hash(path: str | Path) -> str:
    """The SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


class Linked(ValueError):
    """A data folder or output folder with links in it (``links``, relative to ``folder``):
    refused, so that what is hashed is what the loader reads and nothing is written through a
    link. ``text(lang)`` is the message from the text catalogue."""

    def __init__(self, folder: Path, links: list[str], kind: str):
        self.folder = folder
        self.links = links
        self.kind = kind  # "data" or "out"
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        from ..text import t

        shown = ", ".join(repr(x) for x in self.links[:10])
        if len(self.links) > 10:
            shown += " " + t("sheet.more", lang, n=len(self.links) - 10)
        return t(f"links.{self.kind}", lang, folder=str(self.folder), links=shown)


def find_links(folder: Path, depth: int = 2, limit: int = 20_000) -> list[str]:
    """The links (relative paths, sorted) among the entries of ``folder`` and of its folders,
    ``depth`` levels down; links are not followed, at most ``limit`` entries are looked at."""
    found: list[str] = []
    todo = [(Path(folder), 1)]
    seen = 0
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


def _tree_hash(
    root: Path,
    skip_dirs: tuple[str, ...] = (),
    hidden: bool = True,
    skip=lambda rel: False,
    links: str | None = None,
) -> str:
    """A SHA-256 over the relative names and bytes of every file under ``root`` (sorted), the
    folders named in ``skip_dirs`` (at the top), the files whose relative path ``skip`` is
    true for, and caches left out; ``hidden=False``: also files and folders whose name starts
    with a dot or ends with "~" (editors' files). ``links``: a folder with a link in it (a
    linked file or folder, which ``os.walk`` would not follow) raises :class:`Linked` of that
    kind."""
    digest = hashlib.sha256()
    files = []
    linked = []
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root)
        if links is not None:
            linked += [
                (rel / n).as_posix()
                for n in [*dirs, *names]
                if os.path.islink(os.path.join(folder, n))
                and not (rel == Path(".") and n in skip_dirs)
            ]
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in ("__pycache__", ".ipynb_checkpoints")
            and not (rel == Path(".") and d in skip_dirs)
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
    for p in sorted(files):
        digest.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
        try:
            digest.update(file_hash(p).encode("ascii"))
        except OSError as exc:
            digest.update(f"unreadable: {exc}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def source_key() -> str:
    """The package's own source: every file of ``nplv_analysis/`` (code, report templates, text
    catalogues), caches and editors' hidden files left out, and so is the data, notebooks and
    docs an installed package carries in ``_shipped/`` (keyed as data and notebook)."""
    return _tree_hash(PACKAGE_DIR, skip_dirs=(SHIPPED,), hidden=False)


_METADATA = (".dist-info", ".egg-info")
"""The folders (and files) in site-packages that name an installed distribution and its version:
pip's ``*.dist-info``, and ``*.egg-info`` as conda and older installers leave them."""


def environment_key() -> str:
    """The Python version and the distributions installed in its site-packages, with their
    versions (the names of their ``*.dist-info`` / ``*.egg-info`` entries, e.g.
    ``pandas-2.2.3.dist-info``):
    upgrading a library that draws the charts or writes the pages makes every report again."""
    names = [sys.version]
    for folder in site.getsitepackages():
        try:
            with os.scandir(folder) as entries:
                names += sorted(e.name for e in entries if e.name.endswith(_METADATA))
        except OSError:  # not there in this interpreter
            continue
    return digest(names)


def _plan_list(rel: str) -> bool:
    """A plan list (or its template) in the data folder's ``plans/``: the plan reports' own
    input, keyed with them; ``plans/phases.yaml`` is data the engine reads."""
    return rel.startswith(PLANS_FOLDER + "/") and rel.endswith((".csv", ".xlsx"))


def data_key(data_dir: str | Path | None = None) -> str:
    """The data folder's content, its ``monitor/`` folder and plan lists left out (the mid-term
    reports' and plan reports' own inputs, keyed with them). Also the stamp's data hash.
    :class:`Linked` if a file or folder in it is a link."""
    path = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    return _tree_hash(path.resolve(), skip_dirs=(MONITOR_FOLDER,), skip=_plan_list, links="data")


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def digest(value: Any) -> str:
    """The SHA-256 of a JSON value (keys sorted)."""
    return hashlib.sha256(_canonical(value)).hexdigest()


def report_inputs(
    notebook: Path,
    parameters: dict[str, Any],
    data: str,
    lang: str,
    source: str,
    docs_link: str = "",
    environment: str = "",
) -> dict[str, Any]:
    """What a report depends on, each as a hash or a value: the summary in its stamp.
    ``docs_link``: the report's link to docs/assumptions.md (relative to its folder);
    ``environment``: :func:`environment_key`."""
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
        given = parameters.get(name)
        if given:
            kind = name.removesuffix("_file")  # "monitor", "plans"
            try:
                inputs[kind] = {"path": str(given), "sha256": file_hash(given)}
            except OSError as exc:  # the run refuses it before anything is written
                inputs[kind] = {"path": str(given), "error": str(exc)}
    files = parameters.get("scenario_files")  # a comparison's own scenario files
    if files:
        inputs["scenario_files"] = []
        for path in [files] if isinstance(files, str) else files:
            try:
                inputs["scenario_files"].append({"path": str(path), "sha256": file_hash(path)})
            except OSError as exc:
                inputs["scenario_files"].append({"path": str(path), "error": str(exc)})
    return inputs


def report_key(inputs: dict[str, Any]) -> str:
    """The key of a report's inputs (:func:`report_inputs`): where the monitor file or plan list
    is counts only by its name (the report names it) and content, so a copied project's reports
    keep their keys."""
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
    """Whether the report ``stem`` in ``folder`` was made from the inputs of ``key`` and its
    files are as it wrote them."""
    stamp = read_stamp(stamp_path(folder, stem))
    return bool(stamp and stamp.get("key") == key and files_intact(folder, stamp.get("files")))


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as JSON to ``path`` through a temporary file in the same folder, moved
    into place (a reader sees the old file or the new one, never half of one)."""
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


def manifest_input_files(manifest: Path, given: dict[str, Any]) -> list[str]:
    """The monitor files and plan lists a manifest's entries use (``given``: the command line's
    ``{parameter: path}``, replacing them), resolved as
    :func:`~nplv_analysis.pipeline.run.load_manifest` does; [] where the manifest cannot be
    read (the full check then names the fault)."""
    try:
        raw = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        entries = raw["reports"]
        files = []
        for entry in entries:
            params = entry.get("parameters") or {}
            for name in INPUT_FILES:
                if name in params and (given.get(name) or params[name]):  # None: optional
                    path = given.get(name)
                    path = Path(path) if path is not None else manifest.parent / str(params[name])
                    files.append(str(path.resolve()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError):
        return []
    return list(dict.fromkeys(files))


def plan_key(manifest: Path, given: dict[str, Any], data: str, source: str) -> str | None:
    """The key of a manifest's expansion (its reports, ``for_each`` filled in): the manifest,
    the notebooks' folder, ``--monitor`` and ``--plans`` (``given``), the data and the monitor
    files and plan lists it uses, the source. None when the manifest cannot be read."""
    try:
        manifest_sha = file_hash(manifest)
    except OSError:
        return None
    files = {}
    for path in manifest_input_files(manifest, given):
        try:
            files[path] = file_hash(path)
        except OSError:
            return None  # the full check names it
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
