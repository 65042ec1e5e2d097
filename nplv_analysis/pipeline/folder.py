"""The output folder: one run at a time (``.nplv-reports.lock``, an ``flock`` on a file holding
the run's pid, released by the system when the run dies), no links, and the reports a killed run
was writing (``.nplv-tmp-*``) removed."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from . import stamps

LOCK_NAME = ".nplv-reports.lock"
TMP_PREFIX = ".nplv-tmp-"
INDEX_TMP = ".index.html.tmp"


def clean_stale_out(out_dir: Path) -> list[Path]:
    """Remove what a killed run was writing in ``out_dir`` (called under the lock)."""
    removed = [p for p in out_dir.iterdir() if p.name.startswith(TMP_PREFIX) or p.name == INDEX_TMP]
    for path in removed:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return removed


def _fail(message: str, exc: OSError | None = None) -> ValueError:
    return ValueError(f"{message}: {exc.strerror or exc}" if exc else message)


@contextlib.contextmanager
def claim_out(out_dir: str | Path) -> Iterator[int | None]:
    """Create ``out_dir`` if needed and hold its lock for the run; yields the pid of a run that
    died holding it, or None. ValueError with one sentence if the folder cannot be used: a file,
    not writable, held by another run, or with a link in it (:class:`.stamps.Linked`)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"the output folder {out_dir} is a file, not a folder")
    lock = out_dir / LOCK_NAME
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _fail(f"cannot create the output folder {out_dir}", exc) from None
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _fail(f"cannot write to the output folder {out_dir}", exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise _fail(
                f"another report run (pid {holder}) is writing to {out_dir}; wait until it has "
                f"finished or choose another output folder (lock file: {lock})"
            ) from None
        try:  # the run that held it may have removed the file meanwhile: lock the new one
            if os.stat(lock).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    text = os.read(fd, 32).decode("ascii", "replace").strip()
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
    try:
        # a report would be written, and its stamp checked, through a link
        if linked := stamps.find_links(out_dir):
            raise stamps.Linked(out_dir, linked, "out")
        yield int(text) if text.isdigit() else None
    finally:
        lock.unlink(missing_ok=True)  # before the lock is released: see the inode check
        os.close(fd)
