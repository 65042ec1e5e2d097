"""Where the package finds what a run reads besides its own code: the data folder, the notebooks
with their manifest (``reports.yaml``), and ``docs/assumptions.md`` (the reports link to it).

In the repository they are the top-level folders ``data/``, ``notebooks/`` and ``docs/``. A
built wheel carries them as package data in ``nplv_analysis/_shipped/`` (the mapping is
``[tool.setuptools.package-dir]`` in pyproject.toml), in the same layout, so that the relative
paths between them hold in both (the manifest's ``../data/monitor/...``, a report's link to
``docs/``). Installed, they are found with :mod:`importlib.resources`; run from a checkout (an
editable install, or the repository on ``sys.path``), there is no ``_shipped/`` and they are the
checkout's folders.

The standard library only: this is the lowest layer, every other may import it.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

SHIPPED = "_shipped"
"""The folder of ``data/``, ``notebooks/`` and ``docs/`` inside an installed package."""


def _root() -> Path:
    """The folder that holds ``data/``, ``notebooks/`` and ``docs/``: the installed package's
    ``_shipped/``, else the checkout (the folder above the package)."""
    shipped = files(__package__).joinpath(SHIPPED)
    if shipped.is_dir():
        # pip unpacks a wheel: the package is a folder on disk, so this is a real path
        return Path(str(shipped)).resolve()
    return Path(__file__).resolve().parents[1]


ROOT = _root()
DATA_DIR = ROOT / "data"
"""The shipped data folder (``data_dir=`` / ``--data-dir`` name another)."""
NOTEBOOK_DIR = ROOT / "notebooks"
"""The report notebooks and their manifest ``reports.yaml``."""
ASSUMPTIONS = ROOT / "docs" / "assumptions.md"
"""The assumptions log the reports link to."""


def find_links(folder: str | Path, depth: int | None = None, limit: int = 20_000) -> list[str]:
    """The paths (relative to ``folder``, sorted) of the links (and junctions) under ``folder``,
    ``depth`` levels down (None: all), among at most ``limit`` entries; links are not followed.
    A data folder or an output folder holds its own files: what is hashed is what is read."""
    folder = Path(folder)
    found, todo, seen = [], [(folder, 1)], 0
    while todo and seen < limit:
        here, level = todo.pop()
        try:
            entries = list(os.scandir(here))
        except OSError:
            continue
        seen += len(entries)
        for entry in entries:
            junction = getattr(entry, "is_junction", None)  # Python 3.12 and later
            if entry.is_symlink() or (junction is not None and junction()):
                found.append(Path(entry.path).relative_to(folder).as_posix())
            elif (depth is None or level < depth) and entry.is_dir(follow_symlinks=False):
                todo.append((Path(entry.path), level + 1))
    return sorted(found)
