"""Reading a raw folder and writing the clean corpus, never leaving a half-written one.

A run has two passes. The first reads every file and counts, per line text,
how many documents contain it: a line printed in many documents of one
corpus is site furniture (menus, footers, prompts), evidence the boilerplate
step weighs. The second pass normalizes each document with that evidence.

Output goes to a hidden sibling folder first; only when it is complete
(``manifest.json`` written last) is it exchanged with the previous corpus in
one atomic ``renameat2(RENAME_EXCHANGE)`` (two renames where the kernel lacks
it, with Ctrl-C held back in between). A crash or Ctrl-C at any earlier point
leaves the previous corpus untouched.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import shutil
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from normalize import __version__
from normalize.pipeline import analyse, document_id
from normalize.shards import (
    PREPARED_BUDGET,
    Outcome,
    RawFile,
    Share,
    Workers,
    split_by_size,
    write_text_file,
)

FORMAT_VERSION = "1.0"
"""Version of the clean-corpus format (documents.jsonl, text/, manifest.json)."""

MIN_REPEAT_DOCS = 3
REPEAT_SHARE = 0.02
RUN_GC_THRESHOLD = (10_000, 20, 100)
"""Cyclic-GC thresholds during a run (Python's default is (700, 10, 10)).

A run keeps hundreds of thousands of long-lived objects (rules, language
profiles, per-line caches) and makes few reference cycles; with the default
thresholds the collector walks all of them again and again (measured: 0.26 s
of a 3.3 s run on the dev pages, 0.1 s with these).
"""


@dataclass(frozen=True, slots=True)
class Skipped:
    source: str
    reason: str


@dataclass(slots=True)
class RunReport:
    """What a ``normalize_corpus`` run did, for the summary and the exit code."""

    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    removed_by_rule: Counter[str] = field(default_factory=Counter)

    @property
    def lines_removed(self) -> int:
        return sum(self.removed_by_rule.values())


# ---------------------------------------------------------------- reading


def scan_raw_folder(
    raw_dir: Path, exclude: tuple[Path, ...] = ()
) -> tuple[list[RawFile], list[Skipped]]:
    """Every regular file under ``raw_dir``, sorted; hidden files and folders skipped.

    Links are followed only when they stay inside the folder; a link out of it
    (or a broken one) is reported and skipped. ``exclude`` lists folders not to
    descend into (the clean corpus, when it lives inside the raw folder).
    """
    root = raw_dir.resolve()
    excluded = {p.resolve() for p in exclude}
    files: list[RawFile] = []
    skipped: list[Skipped] = []
    for current, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(current)
        keep_dirs = []
        for name in sorted(dirnames):
            sub = here / name
            if name.startswith(".") or sub in excluded:
                continue
            if sub.is_symlink():
                # A linked folder inside the tree is walked through its real path.
                if not _inside(sub, root):
                    skipped.append(Skipped(_relative(sub, root), "link leaves the raw folder"))
                continue
            keep_dirs.append(name)
        dirnames[:] = keep_dirs
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = here / name
            source = _relative(path, root)
            if not _is_text(source):
                # The record's ``id`` and ``source`` are UTF-8 text: no way to write this name.
                skipped.append(Skipped(_shown(source), "file name is not valid UTF-8"))
                continue
            if path.is_symlink() and not _inside(path, root):
                reason = "broken link" if not path.exists() else "link leaves the raw folder"
                skipped.append(Skipped(source, reason))
                continue
            if not path.is_file():
                skipped.append(Skipped(source, "not a regular file"))
                continue
            files.append(RawFile(path, source))
    files.sort(key=lambda f: f.source)
    return files, skipped


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _is_text(name: str) -> bool:
    """Whether a file name decoded from bytes is Unicode text (no undecodable byte in it).

    Python keeps a name's invalid UTF-8 bytes as lone surrogates, which cannot be written.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(name: str) -> str:
    """A file name as it can be printed: undecodable bytes written ``\\xff``."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # link loops
        return False


# ---------------------------------------------------------------- the run


def repeated_lines(counts: Counter[str], documents: int) -> frozenset[str]:
    """Line texts found in enough documents to count as site furniture."""
    threshold = max(MIN_REPEAT_DOCS, math.ceil(REPEAT_SHARE * documents))
    return frozenset(text for text, n in counts.items() if n >= threshold)


def _serial(jobs: int, files: int) -> bool:
    """Whether a run stays in this process: forking workers does not pay for a few files."""
    return jobs <= 1 or files < 2 * jobs


_WARM_UP_TEXT = (
    "Titre de l’article\n\nPar Jean Dupont, 14 mars 2024\n\n"
    + "Le gouvernement a présenté mercredi un projet de loi sur la sécurité. " * 4
    + "\n\nPartager cet article\n\n© 2024 Le Journal. Tous droits réservés.\n"
)


def _warm_up() -> None:
    """Load what the steps load lazily (rules, tables, language profiles) before forking.

    Workers forked afterwards share it instead of each loading it again.
    """
    analyse(_WARM_UP_TEXT)


def _shared_ids(files: list[RawFile]) -> frozenset[str]:
    """Ids that several raw files map to (``a.txt`` and ``a.md``): the first readable one wins."""
    seen = Counter(document_id(f.source) for f in files)
    return frozenset(doc_id for doc_id, n in seen.items() if n > 1)


def _outcomes(
    files: list[RawFile],
    jobs: int,
    text_root: Path,
    shared_ids: frozenset[str],
    progress: Callable[[int], None] | None,
) -> Iterator[Outcome]:
    """Both passes over ``files``, here or in forked workers; yields pass 2's outcomes."""
    counting = len(files) >= MIN_REPEAT_DOCS
    counts: Counter[str] = Counter()
    if _serial(jobs, len(files)):
        share = Share(files)
        for _ in share.count_lines(counting):
            if progress:
                progress(1)
        yield from share.normalize(repeated_lines(share.counts, len(files)), text_root, shared_ids)
        return
    _warm_up()  # forked workers inherit loaded rules, tables and language profiles
    budget = PREPARED_BUDGET // jobs
    workers = Workers([Share(part, budget) for part in split_by_size(files, jobs)], counting)
    try:
        for share_counts in workers.count_lines():
            if share_counts is None:
                if progress:
                    progress(1)
            else:
                counts.update(share_counts)
        yield from workers.normalize(repeated_lines(counts, len(files)), text_root, shared_ids)
    finally:
        workers.close()


def _skip(report: RunReport, item: Skipped, on_skip: Callable[[Skipped], None] | None) -> None:
    report.skipped.append(item)
    if on_skip:
        on_skip(item)


def normalize_corpus(
    raw_dir: Path,
    clean_dir: Path,
    *,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
) -> RunReport:
    """Normalize every file under ``raw_dir`` into ``clean_dir``, atomically.

    ``progress`` is called with the number of files just done (twice per file:
    one per pass); ``on_skip`` as soon as a file is skipped.
    """
    clean_dir = clean_dir.absolute()
    recover_interrupted_swap(clean_dir)
    files, skipped = scan_raw_folder(raw_dir, exclude=(clean_dir,))
    report = RunReport()
    for item in skipped:
        _skip(report, item, on_skip)

    shared_ids = _shared_ids(files)
    tmp = _fresh_tmp_dir(clean_dir)
    try:
        done: dict[str, Outcome] = {}
        outcomes = _outcomes(files, jobs, tmp / "text", shared_ids, progress)
        # closing(): workers are stopped before tmp is removed
        with _fewer_collections(), contextlib.closing(outcomes):
            for outcome in outcomes:
                if progress:
                    progress(1)
                done[outcome.source] = outcome
                if outcome.reason is not None:
                    _skip(report, Skipped(outcome.source, outcome.reason), on_skip)
        records: list[tuple[str, str]] = []
        owner: dict[str, str] = {}
        for raw in files:  # source order: which file keeps a shared id never depends on timing
            outcome = done[raw.source]
            if outcome.reason is not None:
                continue
            if outcome.doc_id in owner:
                _skip(report, Skipped(raw.source, f"same id as {owner[outcome.doc_id]}"), on_skip)
                continue
            owner[outcome.doc_id] = raw.source
            if outcome.doc_id in shared_ids:
                write_text_file(tmp / "text", outcome.doc_id, outcome.text or "")
            records.append((outcome.doc_id, outcome.json_line))
            report.removed_by_rule.update(outcome.rules)
        report.documents = len(records)
        records.sort()
        with open(tmp / "documents.jsonl", "w", encoding="utf-8", newline="\n") as out:
            for _, line in records:
                out.write(line + "\n")
        _write_manifest(tmp, report)
        _swap_into_place(tmp, clean_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return report


# ---------------------------------------------------------------- writing


def _write_manifest(root: Path, report: RunReport) -> None:
    manifest = {
        "format_version": FORMAT_VERSION,
        "tool": "corpus",
        "tool_version": __version__,
        "documents": report.documents,
        "skipped": len(report.skipped),
        "lines_removed": report.lines_removed,
        "removed_by_rule": dict(sorted(report.removed_by_rule.items())),
        "skipped_files": [
            {"source": s.source, "reason": s.reason}
            for s in sorted(report.skipped, key=lambda s: s.source)
        ],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (root / "manifest.json").write_text(text, encoding="utf-8", newline="\n")


def _fresh_tmp_dir(clean_dir: Path) -> Path:
    clean_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in clean_dir.parent.glob(f".{clean_dir.name}.tmp-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    tmp = clean_dir.parent / f".{clean_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    return tmp


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run with :data:`RUN_GC_THRESHOLD`, then restore the caller's thresholds."""
    previous = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextlib.contextmanager
def _signals_deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back for the few system calls that swap the folders."""
    received: list[int] = []
    previous = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[sig] = signal.signal(sig, lambda s, _f: received.append(s))
        except ValueError:  # not in the main thread: signals go elsewhere anyway
            pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in received:
            os.kill(os.getpid(), sig)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux ``renameat2``); False where unsupported."""
    import ctypes  # here: only the last step of a run needs it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    return result == 0


def _swap_into_place(tmp: Path, target: Path) -> None:
    """Put the finished ``tmp`` folder at ``target``; the old corpus is deleted only after."""
    if target.exists() and _exchange(tmp, target):
        shutil.rmtree(tmp, ignore_errors=True)  # tmp now holds the previous corpus
        return
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    with _signals_deferred():
        if target.exists():
            os.rename(target, old)
        os.rename(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


def recover_interrupted_swap(target: Path) -> None:
    """If a crash fell between the two renames of a fallback swap, put the old corpus back."""
    if target.exists():
        return
    leftovers = sorted(target.parent.glob(f".{target.name}.old-*"))
    if leftovers:
        os.rename(leftovers[-1], target)
