"""The output folder: one run at a time (:func:`claim_out`), no links, and what a killed run
left behind removed.

- ``<out>/.nplv-reports.lock``: an ``flock`` on the file, which holds the run's pid; the kernel
  releases it when the run dies, so a stale file is taken over. Removed at the end of the run.
- ``<out>/.nplv-tmp-*``: a report being written; moved into place when it succeeded.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from . import stamps

LOCK_NAME = ".nplv-reports.lock"
TMP_PREFIX = ".nplv-tmp-"
"""A report being written, inside the output folder."""
INDEX_TMP = ".index.html.tmp"


def clean_stale_out(out_dir: Path) -> list[Path]:
    """Remove the temporary report folders a killed run left in ``out_dir`` (only called by the
    run that holds the lock, so no other run is writing there)."""
    removed = []
    for path in out_dir.iterdir():
        if path.name.startswith(TMP_PREFIX) or path.name == INDEX_TMP:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def claim_out(out_dir: str | Path) -> Iterator[int | None]:
    """Create ``out_dir`` if needed and hold its lock for the run; yields the pid of a run that
    died holding it (its lock is taken over), or None. ValueError with one sentence if the folder
    cannot be used: it is a file, cannot be created or written, another run holds it, or a
    report folder or file in it is a link (:class:`.stamps.Linked`)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"the output folder {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(
            f"cannot create the output folder {out_dir}: {exc.strerror or exc}"
        ) from None
    lock = out_dir / LOCK_NAME
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock (Windows): no lock
        fcntl = None
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ValueError(
                f"cannot write to the output folder {out_dir}: {exc.strerror or exc}"
            ) from None
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise ValueError(
                f"another report run (pid {holder}) is writing to {out_dir}; wait until it has "
                f"finished or choose another output folder (lock file: {lock})"
            ) from None
        try:  # the file may have been removed by the run that held it
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    previous = int(text) if text.isdigit() else None
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    try:
        # a linked report folder or file would be written (and made readable) through the link,
        # and its stamp would check another place's files
        linked = stamps.find_links(out_dir)
        if linked:
            raise stamps.Linked(out_dir, linked, "out")
        yield previous
    finally:
        lock.unlink(missing_ok=True)  # before the lock is released: see the inode check
        os.close(fd)
