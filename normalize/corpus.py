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
import ctypes
import hashlib
import json
import math
import multiprocessing
import os
import shutil
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from normalize import __version__
from normalize.decode import UndecodableError
from normalize.page import Line
from normalize.pipeline import analyse, analyse_lines, plain_text, prepare_lines, to_record

FORMAT_VERSION = "1.0"
"""Version of the clean-corpus format (documents.jsonl, text/, manifest.json)."""

MIN_REPEAT_DOCS = 3
REPEAT_SHARE = 0.02
MAX_REPEAT_KEY = 1000
"""Lines longer than this are never counted: they are prose, and memory matters."""


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file found under the raw folder."""

    path: Path
    source: str
    """Path relative to the raw folder, ``/``-separated."""


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


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # link loops
        return False


# ---------------------------------------------------------------- the two passes


_Prepared = tuple[list[Line], str, str]
"""A document's lines, encoding and raw SHA-256, as pass 1 read them."""


def _line_keys(raw: RawFile) -> tuple[str, set[str] | None]:
    """First pass: the distinct line texts of one document (``None`` if unreadable)."""
    read = _read_and_prepare(raw)
    return raw.source, None if read is None else _keys(read[0][0])


def _read_and_prepare(raw: RawFile) -> tuple[_Prepared, int] | None:
    """The decoded lines, encoding and raw SHA-256 of one file with its size; None if unreadable."""
    try:
        data = raw.path.read_bytes()
        lines, encoding = prepare_lines(data)
    except (OSError, UndecodableError):
        return None
    return (lines, encoding, hashlib.sha256(data).hexdigest()), len(data)


def _keys(lines: list[Line]) -> set[str]:
    """The line texts of one document that count towards repeated-line evidence."""
    return {ln.text for ln in lines if ln.text and len(ln.text) <= MAX_REPEAT_KEY}


def repeated_lines(counts: Counter[str], documents: int) -> frozenset[str]:
    """Line texts found in enough documents to count as site furniture."""
    threshold = max(MIN_REPEAT_DOCS, math.ceil(REPEAT_SHARE * documents))
    return frozenset(text for text, n in counts.items() if n >= threshold)


_REPEATED: frozenset[str] = frozenset()


def _set_repeated(repeated: frozenset[str]) -> None:
    global _REPEATED
    _REPEATED = repeated


_PREPARED: dict[str, _Prepared] = {}
"""Pass-1 results kept for pass 2 in a one-process run (see ``PREPARED_BUDGET``)."""
PREPARED_BUDGET = 256_000_000
"""Raw bytes whose lines a one-process run keeps between passes instead of decoding twice."""


def _keep_prepared(files: list[RawFile]) -> Iterator[tuple[str, set[str] | None]]:
    """Pass 1 in this process, keeping each document's lines while the budget lasts."""
    budget = PREPARED_BUDGET
    for raw in files:
        read = _read_and_prepare(raw)
        if read is None:
            yield raw.source, None
            continue
        prepared, size = read
        if size <= budget:
            budget -= size
            _PREPARED[raw.source] = prepared
        yield raw.source, _keys(prepared[0])


def _normalize_one(raw: RawFile) -> tuple[str, dict[str, object] | None, str | None]:
    """Second pass: one record, or the one-line reason the file was skipped."""
    prepared = _PREPARED.pop(raw.source, None)
    try:
        if prepared is not None:
            lines, encoding, sha256 = prepared
            analysis = analyse_lines(lines, encoding, repeated=_REPEATED)
        else:
            data = raw.path.read_bytes()
            sha256 = hashlib.sha256(data).hexdigest()
            analysis = analyse(data, repeated=_REPEATED)
    except OSError as error:
        return raw.source, None, f"cannot read: {error.strerror or error}"
    except UndecodableError as error:
        return raw.source, None, str(error)
    record = to_record(analysis, source=raw.source, raw_sha256=sha256)
    return raw.source, record, None


def _serial(jobs: int, files: int) -> bool:
    """Whether a run stays in this process: forking workers does not pay for a few files."""
    return jobs <= 1 or files < 2 * jobs


def _run(
    func: Callable[[RawFile], tuple], files: list[RawFile], jobs: int, init_arg: object = None
) -> Iterator[tuple]:
    """Map ``func`` over ``files`` in order, in ``jobs`` forked workers when that pays."""
    if _serial(jobs, len(files)):
        if init_arg is not None:
            _set_repeated(init_arg)  # type: ignore[arg-type]
        yield from map(func, files)
        return
    context = multiprocessing.get_context("fork")
    initializer, initargs = (_set_repeated, (init_arg,)) if init_arg is not None else (None, ())
    chunk = max(1, min(16, len(files) // (jobs * 8)))
    with context.Pool(jobs, initializer=initializer, initargs=initargs) as pool:
        yield from pool.imap(func, files, chunksize=chunk)


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
    report = RunReport(skipped=list(skipped))
    if on_skip:
        for item in skipped:
            on_skip(item)

    counts: Counter[str] = Counter()
    _PREPARED.clear()
    serial = _serial(jobs, len(files))
    if not serial:
        _warm_up()  # forked workers inherit loaded rules, tables and language profiles
    if len(files) >= MIN_REPEAT_DOCS:
        first_pass = _keep_prepared(files) if serial else _run(_line_keys, files, jobs)
        for _, keys in first_pass:
            if keys:
                counts.update(keys)
            if progress:
                progress(1)
    elif progress:
        progress(len(files))
    repeated = repeated_lines(counts, len(files))

    tmp = _fresh_tmp_dir(clean_dir)
    try:
        records: list[tuple[str, str]] = []
        ids: dict[str, str] = {}
        for source, record, reason in _run(_normalize_one, files, jobs, repeated):
            if progress:
                progress(1)
            if record is not None:
                doc_id = str(record["id"])
                if doc_id in ids:
                    record, reason = None, f"same id as {ids[doc_id]}"
                else:
                    ids[doc_id] = source
            if record is None:
                item = Skipped(source, reason or "unknown error")
                report.skipped.append(item)
                if on_skip:
                    on_skip(item)
                continue
            _write_text_file(tmp, record)
            records.append((str(record["id"]), json.dumps(record, ensure_ascii=False)))
            report.removed_by_rule.update(str(r["rule"]) for r in record["removed"])  # type: ignore[union-attr]
        report.documents = len(records)
        records.sort()
        with open(tmp / "documents.jsonl", "w", encoding="utf-8", newline="\n") as out:
            for _, line in records:
                out.write(line + "\n")
        _write_manifest(tmp, report)
        _swap_into_place(tmp, clean_dir)
    finally:
        _PREPARED.clear()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return report


# ---------------------------------------------------------------- writing


def _write_text_file(root: Path, record: dict[str, object]) -> None:
    path = root / "text" / f"{record['id']}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(plain_text(record), encoding="utf-8", newline="\n")


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
