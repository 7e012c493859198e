"""Where an index lives on disk, and how readers and writers share it.

Layout of ``--index DIR``::

    DIR/CURRENT        name of the live version, e.g. "v0003" (one line)
    DIR/v0003/         a complete Whoosh index (+ corpus-index.json)
    DIR/.lock          held by the one process that writes

A rebuild writes a new version beside the live one and then replaces
``CURRENT`` with ``os.replace``, which is atomic: a reader resolves ``CURRENT``
once and sees either the old complete index or the new one, never a half-built
one. The previous version is kept (a reader may still be opening it); older
ones are deleted. Incremental updates commit inside the live version, which
Whoosh makes safe for readers (a commit writes new segment files and then a new
table of contents).
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POINTER = "CURRENT"
LOCK = ".lock"
META = "corpus-index.json"


class IndexProblem(Exception):
    """Base for index problems that the CLI reports in one line."""


class IndexMissing(IndexProblem):
    pass


class IndexBusy(IndexProblem):
    pass


class IndexOutdated(IndexProblem):
    pass


def current_version(index_dir: Path) -> Path | None:
    """The live version directory, or None when there is no usable index."""
    try:
        name = (index_dir / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    version = index_dir / name
    return version if name and (version / META).is_file() else None


def versions(index_dir: Path) -> list[Path]:
    """Every version directory, oldest first."""
    if not index_dir.is_dir():
        return []
    return sorted(p for p in index_dir.iterdir() if p.is_dir() and p.name.startswith("v"))


def new_version(index_dir: Path) -> Path:
    """A fresh, empty version directory numbered after the existing ones."""
    index_dir.mkdir(parents=True, exist_ok=True)
    last = max((int(p.name[1:]) for p in versions(index_dir) if p.name[1:].isdigit()), default=0)
    path = index_dir / f"v{last + 1:04d}"
    path.mkdir()
    return path


def publish(index_dir: Path, version: Path) -> None:
    """Atomically make ``version`` the live index, then drop all but the previous one."""
    previous = current_version(index_dir)
    tmp = index_dir / f"{POINTER}.tmp"
    tmp.write_text(version.name + "\n", encoding="utf-8")
    os.replace(tmp, index_dir / POINTER)
    keep = {version.name, previous.name if previous else ""}
    for old in versions(index_dir):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def read_meta(version: Path) -> dict:
    return json.loads((version / META).read_text(encoding="utf-8"))


def write_meta(version: Path, meta: dict) -> None:
    tmp = version / f"{META}.tmp"
    tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, version / META)


@contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    """Hold the index's writer lock, or raise :class:`IndexBusy` at once."""
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise IndexBusy(
                f"{index_dir}: another `corpus index` is writing this index ({holder}); "
                "try again when it has finished"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}\n")
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)
