"""The two passes of a corpus run over one share of the files, in this process or a forked one.

A run reads every file twice in principle: pass 1 counts which line texts
recur across documents (site furniture), pass 2 normalizes each document with
that evidence. Decoding and repairing a file is a fifth of the work, so a
share keeps the lines pass 1 prepared and pass 2 starts from them.

With ``--jobs N`` the files are split into N shares before pass 1 (balanced by
size), and each forked worker keeps its share for both passes: it sends back
its line counts, receives the corpus-wide set of repeated lines, then
normalizes its documents and writes their text files itself; a worker done
with its share helps the others with theirs (:class:`Claims`). The parent only
sums counts and collects one JSON line per document, so adding a core adds
almost all of its speed.
"""

from __future__ import annotations

import hashlib
import os
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from normalize.decode import UndecodableError
from normalize.page import Line
from normalize.pipeline import (
    analyse_lines,
    plain_text,
    prepare_lines,
    record_head,
    record_json,
    removed_lines,
)

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

MAX_REPEAT_KEY = 1000
"""Lines longer than this are never counted: they are prose, and memory matters."""
PREPARED_BUDGET = 256_000_000
"""Raw bytes whose lines a run keeps between its passes instead of decoding twice."""


@dataclass(frozen=True, slots=True)
class RawFile:
    """A file found under the raw folder."""

    path: Path
    source: str
    """Path relative to the raw folder, ``/``-separated."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What pass 2 made of one file: its ``documents.jsonl`` line, or why it was skipped."""

    source: str
    doc_id: str = ""
    json_line: str = ""
    rules: tuple[str, ...] = ()
    """The rule of each removed line (for the run summary)."""
    text: str | None = None
    """The ``text/`` file content, when the parent must write it (an id two files share)."""
    reason: str | None = None


@dataclass(slots=True)
class Share:
    """One process's files, and the lines pass 1 kept for pass 2."""

    files: list[RawFile]
    budget: int = PREPARED_BUDGET
    counts: Counter[str] = field(default_factory=Counter)
    _kept: dict[str, tuple[list[Line], str, str]] = field(default_factory=dict)

    def count_lines(self, counting: bool = True) -> Iterator[str]:
        """Pass 1: read each file, count its distinct lines, keep its lines; yields sources."""
        budget = self.budget
        for raw in self.files:
            try:
                data = raw.path.read_bytes()
                lines, encoding = prepare_lines(data)
            except (OSError, UndecodableError):
                yield raw.source  # pass 2 reads it again and says why it fails
                continue
            if len(data) <= budget:
                budget -= len(data)
                self._kept[raw.source] = (lines, encoding, hashlib.sha256(data).hexdigest())
            if counting:
                self.counts.update(
                    {ln.text for ln in lines if ln.text and len(ln.text) <= MAX_REPEAT_KEY}
                )
            yield raw.source

    def normalize(
        self,
        repeated: frozenset[str],
        text_root: Path,
        shared_ids: frozenset[str],
        files: Iterable[RawFile] | None = None,
    ) -> Iterator[Outcome]:
        """Pass 2: one outcome per file; text files are written under ``text_root`` here,
        except for ids that several files share (the parent decides which one wins).

        ``files``: the files to normalize, when not this share's own (see :class:`Claims`);
        a file pass 1 did not keep here is read again.
        """
        made: set[Path] = set()
        for raw in self.files if files is None else files:
            outcome = self._normalize_one(raw, repeated)
            if outcome.reason is None and outcome.doc_id not in shared_ids:
                write_text_file(text_root, outcome.doc_id, outcome.text or "", made)
                outcome = Outcome(outcome.source, outcome.doc_id, outcome.json_line, outcome.rules)
            yield outcome

    def _normalize_one(self, raw: RawFile, repeated: frozenset[str]) -> Outcome:
        kept = self._kept.pop(raw.source, None)
        try:
            if kept is None:
                data = raw.path.read_bytes()
                lines, encoding = prepare_lines(data)
                kept = (lines, encoding, hashlib.sha256(data).hexdigest())
        except OSError as error:
            return Outcome(raw.source, reason=f"cannot read: {error.strerror or error}")
        except UndecodableError as error:
            return Outcome(raw.source, reason=str(error))
        lines, encoding, sha256 = kept
        analysis = analyse_lines(lines, encoding, repeated=repeated)
        head = record_head(analysis, source=raw.source, raw_sha256=sha256)
        removed = removed_lines(analysis)
        return Outcome(
            raw.source,
            str(head["id"]),
            record_json(head, removed),
            tuple(str(verdict.rule) for _, verdict in removed),
            plain_text(head),
        )


def write_text_file(root: Path, doc_id: str, text: str, made: set[Path] | None = None) -> None:
    """Write ``<root>/<id>.txt``; ``made`` remembers folders already created in this pass."""
    path = root / f"{doc_id}.txt"
    if made is None or path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(path.parent)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def split_by_size(files: list[RawFile], shares: int) -> list[list[RawFile]]:
    """``shares`` lists of about equal total size (largest file first to the lightest share).

    Deterministic: the same files always give the same split.
    """
    sized = sorted(files, key=lambda f: (-_size(f.path), f.source))
    loads = [0] * shares
    out: list[list[RawFile]] = [[] for _ in range(shares)]
    for raw in sized:
        lightest = min(range(shares), key=loads.__getitem__)
        out[lightest].append(raw)
        loads[lightest] += max(1, _size(raw.path))
    return [sorted(share, key=lambda f: f.source) for share in out]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# ---------------------------------------------------------------- forked workers


class Claims:
    """Which files of each share pass 2 has taken, in memory the forked workers share.

    A worker takes its own share's files from the front, then helps the others
    by taking their files from the back (the share with most left first): a
    worker slowed by its pages or by the machine is helped instead of waited
    for. Each file is taken exactly once; a helper reads a file it takes again
    (pass 1 kept its lines in the other process), which costs far less than
    the rest of its work.
    """

    def __init__(self, context: Any, shares: list[list[RawFile]]) -> None:
        self._shares = shares
        # Per share: the index of its next file from the front, and one past its last.
        bounds = [n for files in shares for n in (0, len(files))]
        self._bounds = context.Array("q", bounds, lock=True)

    def taken(self, mine: int) -> Iterator[RawFile]:
        """The files worker ``mine`` normalizes: its own first, then the others' leftovers."""
        while (i := self._take(mine, front=True)) is not None:
            yield self._shares[mine][i]
        while True:
            left, busiest = max((self._left(k), k) for k in range(len(self._shares)))
            if left <= 0:
                return
            i = self._take(busiest, front=False)
            if i is not None:  # else another worker took it first: look again
                yield self._shares[busiest][i]

    def _left(self, k: int) -> int:
        return self._bounds[2 * k + 1] - self._bounds[2 * k]

    def _take(self, k: int, *, front: bool) -> int | None:
        with self._bounds.get_lock():
            start, end = self._bounds[2 * k], self._bounds[2 * k + 1]
            if start >= end:
                return None
            if front:
                self._bounds[2 * k] = start + 1
                return start
            self._bounds[2 * k + 1] = end - 1
            return end - 1


_PROGRESS = "p"
_COUNTS = "c"
_OUTCOME = "o"
_DONE = "d"
_FAILED = "f"


def _worker(conn: Connection, share: Share, mine: int, claims: Claims, counting: bool) -> None:
    """A forked worker: pass 1, send counts, await the repeated lines, pass 2, send outcomes."""
    try:
        for _ in share.count_lines(counting):
            conn.send((_PROGRESS, None))
        conn.send((_COUNTS, share.counts))
        repeated, text_root, shared_ids = conn.recv()
        for outcome in share.normalize(repeated, text_root, shared_ids, claims.taken(mine)):
            conn.send((_OUTCOME, outcome))
        conn.send((_DONE, None))
    except KeyboardInterrupt:
        os._exit(130)
    except BaseException as error:  # the parent reports it and stops the run
        try:
            conn.send((_FAILED, (f"{type(error).__name__}: {error}", traceback.format_exc())))
        finally:
            os._exit(1)
    os._exit(0)


class WorkerFailed(RuntimeError):
    """A forked worker raised: the message is its error in one line, a note holds its traceback."""


class Workers:
    """``jobs`` forked processes, one share each, driven pass by pass from the parent."""

    def __init__(self, shares: list[Share], counting: bool) -> None:
        # Imported here: a serial run (--jobs 1) never forks, and the import is
        # a twentieth of the tool's start-up.
        import multiprocessing

        context = multiprocessing.get_context("fork")
        claims = Claims(context, [share.files for share in shares])
        self._conns: list[Connection] = []
        self._procs = []
        for mine, share in enumerate(shares):
            parent_end, child_end = context.Pipe()
            args = (child_end, share, mine, claims, counting)
            proc = context.Process(target=_worker, args=args, daemon=True)
            proc.start()
            child_end.close()
            self._conns.append(parent_end)
            self._procs.append(proc)

    def _messages(self, until: str) -> Iterator[tuple[str, object]]:
        """Every message until each worker has sent ``until`` (which is yielded too)."""
        from multiprocessing.connection import wait

        waiting = set(self._conns)
        while waiting:
            for conn in wait(list(waiting)):
                try:
                    kind, payload = conn.recv()  # type: ignore[union-attr]
                except EOFError:
                    raise WorkerFailed("a worker process died") from None
                if kind == _FAILED:
                    summary, details = payload  # type: ignore[misc]
                    failure = WorkerFailed(f"in a worker process: {summary}")
                    failure.add_note(details)
                    raise failure
                if kind == until:
                    waiting.discard(conn)  # type: ignore[arg-type]
                yield kind, payload

    def count_lines(self) -> Iterator[Counter[str] | None]:
        """Pass 1: ``None`` per file read, then each worker's counts."""
        for kind, payload in self._messages(_COUNTS):
            yield payload if kind == _COUNTS else None  # type: ignore[misc]

    def normalize(
        self, repeated: frozenset[str], text_root: Path, shared_ids: frozenset[str]
    ) -> Iterator[Outcome]:
        """Pass 2: every file's outcome, in the order workers finish them."""
        for conn in self._conns:
            conn.send((repeated, text_root, shared_ids))
        for kind, payload in self._messages(_DONE):
            if kind == _OUTCOME:
                yield payload  # type: ignore[misc]

    def close(self) -> None:
        """Stop whatever still runs (after an error or Ctrl-C) and reap the processes."""
        for proc in self._procs:
            if proc.is_alive():
                proc.terminate()
        for proc in self._procs:
            proc.join()
        for conn in self._conns:
            conn.close()
