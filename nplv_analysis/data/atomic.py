"""All or nothing: several files written into a folder as one change, and a lock on the folder.

:func:`write_files` stages every new file beside its target (a hidden temporary file on the same
file system), keeps a hard link (or a copy) of every file it replaces, writes a journal naming
both, and only then moves the staged files into place (each move is atomic). If anything fails
on the way (a full disk, Ctrl-C), the files already moved are put back and the files and folders
that were new are removed: the folder is byte for byte as it was. If the process is
killed half-way, its journal stays behind, and :func:`recover` (which the intake calls under the
lock, before it reads the folder) puts the folder back as it was before the interrupted change.

:func:`folder_lock` holds an ``flock`` on the folder itself (no lock file is written into it, so
the folder's content and its keys do not change): one writer at a time; the kernel releases the
lock when the process dies.

:func:`refuse_links` lists the links (symbolic links, and junctions where there are such) found
under a folder: a data folder or an output folder holds its own files, so that what is hashed is
what is read and nothing is written through a link into another place.

Only the standard library is used; the callers turn :class:`FolderBusy` and :class:`Linked` into
their own messages (a text catalogue id with values).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

from ..resources import find_links

JOURNAL = ".nplv-journal-"
"""The journals of the changes being made to a folder, ``.nplv-journal-<tag>.json`` (each removed
when its change is complete)."""
STAGE_PREFIX = ".nplv-stage-"
"""A staged file (the new content) or kept link (the old content) beside its target."""
LOCK_WAIT = 60.0
"""Seconds a writer waits for another one to finish with the folder before it gives up."""


class FolderBusy(RuntimeError):
    """Another process holds the lock on ``folder`` (and did not let go within the wait)."""

    def __init__(self, folder: Path, waited: float):
        self.folder = folder
        self.waited = waited
        super().__init__(f"{folder} is being written by another process (waited {waited:.0f} s)")


class Linked(ValueError):
    """``links``: the paths (relative to ``folder``) that are links."""

    def __init__(self, folder: Path, links: list[str]):
        self.folder = folder
        self.links = links
        super().__init__(f"{folder} holds links: {', '.join(links)}")


def _fsync(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.fsync(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def folder_lock(folder: str | Path, wait: float | None = None) -> Iterator[Path]:
    """Hold an exclusive lock on ``folder`` (an ``flock`` on the folder itself) for the block;
    waits up to ``wait`` seconds (default :data:`LOCK_WAIT`) for another holder, then raises
    :class:`FolderBusy`. Where there is no ``flock`` (Windows) nothing is locked."""
    folder = Path(folder)
    wait = LOCK_WAIT if wait is None else wait
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield folder
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        start = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited >= wait:
                    raise FolderBusy(folder, waited) from None
                time.sleep(0.1)
        yield folder
    finally:
        os.close(fd)  # releases the lock


def write_file(path: str | Path, data: bytes) -> Path:
    """Write one file through a temporary file beside it and a rename (never half a file)."""
    path = Path(path)
    write_files(path.parent, {path.name: data})
    return path


def _stage(target: Path, data: bytes, tag: str) -> Path:
    staged = target.with_name(f"{STAGE_PREFIX}{tag}-new-{target.name}")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            _fsync(fh.fileno())
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def write_files(root: str | Path, files: Mapping[str | Path, bytes]) -> list[Path]:
    """Write ``files`` (paths relative to ``root``, or absolute paths inside it, to their bytes)
    as one change: all of them or, if anything fails, none (see the module). Folders that do
    not exist are made (and removed again on failure). Returns the paths written."""
    root = Path(root)
    tag = uuid.uuid4().hex[:12]
    plan: list[dict[str, str | None]] = []
    made_dirs: list[Path] = []
    targets: list[Path] = []
    for name, _ in files.items():
        target = Path(name) if Path(name).is_absolute() else root / name
        rel = os.path.relpath(target, root)
        if rel.startswith(os.pardir) or os.path.isabs(rel):
            raise ValueError(f"{target} is not inside {root}")
        targets.append(target)
    journal = root / f"{JOURNAL}{tag}.json"
    try:
        for target, data in zip(targets, files.values(), strict=True):
            missing = []
            parent = target.parent
            while not parent.exists():
                missing.append(parent)
                parent = parent.parent
            for d in reversed(missing):
                d.mkdir()
                made_dirs.append(d)
            staged = _stage(target, bytes(data), tag)
            step: dict[str, str | None] = {
                "target": os.path.relpath(target, root),
                "staged": os.path.relpath(staged, root),
                "kept": None,
            }
            plan.append(step)
            if target.exists():
                kept = target.with_name(f"{STAGE_PREFIX}{tag}-old-{target.name}")
                try:
                    os.link(target, kept)
                except OSError:  # a file system without hard links: a copy keeps the bytes
                    shutil.copy2(target, kept)
                step["kept"] = os.path.relpath(kept, root)
        record = {"files": plan, "dirs": [os.path.relpath(d, root) for d in made_dirs]}
        tmp = root / f"{STAGE_PREFIX}{tag}-journal"
        tmp.write_text(json.dumps(record), encoding="utf-8")
        os.replace(tmp, journal)
        _fsync_dir(root)
        for step in plan:
            os.replace(root / str(step["staged"]), root / str(step["target"]))
    except BaseException:
        _undo(root, {"files": plan, "dirs": [os.path.relpath(d, root) for d in made_dirs]})
        with contextlib.suppress(OSError):
            (root / f"{STAGE_PREFIX}{tag}-journal").unlink(missing_ok=True)
        journal.unlink(missing_ok=True)
        raise
    journal.unlink(missing_ok=True)  # from here on the change stands
    for step in plan:
        if step["kept"]:
            (root / str(step["kept"])).unlink(missing_ok=True)
    return targets


def _undo(root: Path, record: dict) -> None:
    """Put the folder back as the journal ``record`` says it was."""
    for step in reversed(record.get("files", [])):
        target, staged = root / step["target"], root / step["staged"]
        kept = root / step["kept"] if step.get("kept") else None
        if staged.exists():  # not moved: the target is as it was (a rename onto a link of
            staged.unlink()  # the same file would do nothing, so the link is just removed)
            if kept is not None:
                kept.unlink(missing_ok=True)
        elif kept is not None:
            os.replace(kept, target)  # moved: the old file back
        else:
            target.unlink(missing_ok=True)  # moved, and it was new
    for d in reversed(record.get("dirs", [])):
        with contextlib.suppress(OSError):
            (root / d).rmdir()


def recover(root: str | Path) -> bool:
    """Put ``root`` back as it was before the changes that were killed half-way (their journals
    are still there); True if there was one. Staged files without a journal are removed. Call
    it only while holding the folder's lock (:func:`folder_lock`): a change in progress looks
    the same as one that was killed."""
    root = Path(root)
    found = False
    for journal in sorted(root.glob(f"{JOURNAL}*.json")):
        try:
            record = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        _undo(root, record if isinstance(record, dict) else {})
        journal.unlink(missing_ok=True)
        found = True
    # staged files a killed change left before its journal was written
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for n in names:
            if n.startswith(STAGE_PREFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, n))
                found = True
    return found


def refuse_links(folder: str | Path) -> None:
    """:class:`Linked` if there is a link under ``folder`` (see :func:`find_links`)."""
    links = find_links(folder)
    if links:
        raise Linked(Path(folder), links)


__all__ = [
    "JOURNAL",
    "LOCK_WAIT",
    "FolderBusy",
    "Linked",
    "find_links",
    "folder_lock",
    "recover",
    "refuse_links",
    "write_file",
    "write_files",
]
