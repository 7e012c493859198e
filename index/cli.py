"""The ``corpus index``, ``corpus search`` and ``corpus show`` commands.

Registered lazily by ``normalize/cli.py`` (``index.cli:index_command`` ...).
This module imports only click and the standard library at load time; Whoosh
is imported inside the commands, so ``corpus normalize --help`` stays fast.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

import click

DEFAULT_CLEAN = "clean"
DEFAULT_INDEX = "search-index"

OK, FAILED, USAGE, NO_INDEX, BUSY = 0, 1, 2, 3, 4
EXIT_CODES = """\b
Exit codes:
  0  done (a search that finds nothing is not an error)
  1  failed (unexpected error; `show`: no such document)
  2  bad usage or malformed query (unbalanced quote or parenthesis,
     unknown field, bad date); in --batch mode, any malformed line
  3  no index and no clean corpus to build it from, or an unreadable corpus
  4  another `corpus index` is writing this index"""

_MARK = re.compile(r"\[\[(.+?)\]\]")


def _fail(code: int, message: str) -> None:
    click.echo(f"corpus: {message}", err=True)
    sys.exit(code)


def _reported(command: Callable) -> Callable:
    """One line on stderr and a documented exit code instead of a traceback."""

    @wraps(command)
    def run(*args, debug: bool = False, **kwargs):
        from index.query import QuerySyntaxError
        from index.store import IndexBusy, IndexProblem

        try:
            return command(*args, **kwargs)
        except QuerySyntaxError as exc:
            if debug:
                raise
            _fail(USAGE, f"malformed query: {exc}")
        except IndexBusy as exc:
            if debug:
                raise
            _fail(BUSY, str(exc))
        except IndexProblem as exc:
            if debug:
                raise
            _fail(NO_INDEX, str(exc))
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the CLI's last resort
            if debug:
                raise
            if _is_lock_error(exc):
                _fail(BUSY, "the index is locked by another writer; try again later")
            _fail(FAILED, f"{type(exc).__name__}: {exc} (run with --debug for details)")

    return run


def _is_lock_error(exc: Exception) -> bool:
    return type(exc).__name__ == "LockError"


def _common(command: Callable) -> Callable:
    command = click.option(
        "--debug", "-v", is_flag=True, help="Show the full traceback of an error."
    )(command)
    return click.option(
        "--index",
        "index_dir",
        default=DEFAULT_INDEX,
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Index directory.",
    )(command)


def _clean_option(command: Callable) -> Callable:
    return click.option(
        "--clean",
        "clean_dir",
        default=DEFAULT_CLEAN,
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Clean corpus directory (holds documents.jsonl).",
    )(command)


# -- corpus index ---------------------------------------------------------------


@click.command(
    "index",
    epilog=f"""\b
Examples:
  corpus index                       # ./clean -> ./search-index, incremental
  corpus index --rebuild             # start from nothing (searches keep working)
  corpus index --clean out/clean --index out/index

{EXIT_CODES}""",
)
@_clean_option
@_common
@click.option("--rebuild", is_flag=True, help="Build a fresh index and swap it in atomically.")
@_reported
def index_command(clean_dir: Path, index_dir: Path, rebuild: bool) -> None:
    """Build or update the search index from the clean corpus.

    Only documents added, changed (new raw_sha256) or removed since the last
    run are written. A rebuild is written beside the live index and replaces
    it in one step, so searches running meanwhile see the old or the new
    index, complete.
    """
    from index.build import build_index

    report = build_index(clean_dir, index_dir, rebuild=rebuild)
    click.echo(f"corpus: {_describe(report)}", err=True)


def _describe(report) -> str:
    if report.rebuilt:
        procs = f", {report.procs} processes" if report.procs > 1 else ""
        return (
            f"indexed {report.documents} documents into {report.index_dir} "
            f"({report.reason}; {report.seconds:.1f}s{procs})"
        )
    if not (report.added or report.updated or report.removed):
        return f"{report.index_dir} is up to date ({report.documents} documents)"
    return (
        f"updated {report.index_dir}: {report.added} added, {report.updated} changed, "
        f"{report.removed} removed, {report.unchanged} unchanged ({report.seconds:.1f}s)"
    )


# -- corpus search --------------------------------------------------------------


@click.command(
    "search",
    epilog=f"""\b
Examples:
  corpus search "sécurité sociale"          # all words (accents optional)
  corpus search --any securite retraites    # any word, best first
  corpus search '"main-d’œuvre" NOT Élysée'
  corpus search 'OTAN lang:fr date:2024' --json | jq .id
  corpus search --batch questions.txt --json --limit 5
  corpus search Macron --site "Le Monde" --since 2024-01 --until 2024-06

\b
Query language (details: README.md, "Searching"): words are all required and
matched without regard to accents, case or inflection; "exact phrase";
OR / AND / NOT (also OU / ET / SAUF) and -word; ( ) groups; fields
title: author: site: lang: tag: date: (date:2024, date:2023..2024-06).
With no document having all the words, documents with any of them are
shown (said on stderr).

\b
Output: one hit per paragraph; matched words are marked [[like this]]
(in colour on a terminal). --json prints one object per hit per line:
query (with --batch: 1-based line number), rank, id, score, title,
snippet (same [[ ]] marks), language, date, site, author, source.

\b
With no index yet, one is built first from --clean (said on stderr).

{EXIT_CODES}""",
)
@click.argument("query", required=False)
@_common
@_clean_option
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per hit per line.")
@click.option("--any", "any_words", is_flag=True, help="Rank documents having any of the words.")
@click.option(
    "--batch",
    type=click.File("r", encoding="utf-8"),
    help="Run one query per line of FILE (- for stdin).",
)
@click.option("--plain", is_flag=True, help="Read queries as bare words (no operators).")
@click.option("--lang", help="Only documents in this language (ISO 639-1, e.g. fr).")
@click.option("--site", help="Only documents from this publisher (any case, accents optional).")
@click.option("--author", help="Only documents whose author has these words.")
@click.option("--since", help="Only documents dated on or after YYYY[-MM[-DD]].")
@click.option("--until", help="Only documents dated on or before YYYY[-MM[-DD]].")
@_reported
def search_command(
    query: str | None,
    index_dir: Path,
    clean_dir: Path,
    limit: int,
    as_json: bool,
    any_words: bool,
    batch,
    plain: bool,
    lang: str | None,
    site: str | None,
    author: str | None,
    since: str | None,
    until: str | None,
) -> None:
    """Search the index; QUERY in the query language below."""
    if (query is None) == (batch is None):
        raise click.UsageError("give either a QUERY or --batch FILE")
    from index.query import parse_date
    from index.searching import IndexSearcher

    for value in (since, until):
        if value:
            parse_date(value)
    _ensure_index(index_dir, clean_dir)
    options = dict(limit=limit, any_words=any_words, lang=lang, site=site, author=author,
                   since=since, until=until, plain=plain)  # fmt: skip
    colour = sys.stdout.isatty() and not as_json
    with IndexSearcher(index_dir) as searcher:
        if batch is None:
            result = searcher.search(query, **options)
            _print_result(result, None, as_json, colour)
            return
        malformed = _run_batch(searcher, batch, options, as_json, colour)
    if malformed:
        _fail(USAGE, f"{malformed} malformed queries in --batch input (see above)")


def _run_batch(searcher, batch, options: dict, as_json: bool, colour: bool) -> int:
    from index.query import QuerySyntaxError

    malformed = 0
    for number, line in enumerate(batch, 1):
        text = line.strip()
        if not text:
            continue
        try:
            result = searcher.search(text, **options)
        except QuerySyntaxError as exc:
            click.echo(f"corpus: line {number}: malformed query: {exc}", err=True)
            malformed += 1
            continue
        if not as_json:
            click.echo(f"# {number}: {text}")
        _print_result(result, number, as_json, colour)
    return malformed


def _ensure_index(index_dir: Path, clean_dir: Path) -> None:
    from index import store

    if store.current_version(index_dir) is not None:
        return
    if not (clean_dir / "documents.jsonl").is_file():
        raise store.IndexMissing(
            f"{index_dir}: no index yet, and no {clean_dir}/documents.jsonl to build it from "
            "(run `corpus normalize`, then `corpus index`)"
        )
    from index.build import build_index

    click.echo(f"corpus: no index in {index_dir} yet; building it from {clean_dir}…", err=True)
    click.echo(f"corpus: {_describe(build_index(clean_dir, index_dir))}", err=True)


def _print_result(result, number: int | None, as_json: bool, colour: bool) -> None:
    label = f"line {number}: " if number is not None else ""
    if result.fell_back:
        click.echo(f"corpus: {label}no document has all the words; showing any of them", err=True)
    if not result.hits:
        for note in result.notes:
            click.echo(f"corpus: {label}{note}", err=True)
        hint = f"; did you mean: {result.suggestion}" if result.suggestion else ""
        click.echo(f"corpus: {label}no document matches {result.query!r}{hint}", err=True)
    for hit in result.hits:
        if as_json:
            record = {"query": number} if number is not None else {}
            record.update(
                rank=hit.rank, id=hit.id, score=hit.score, title=hit.title,
                snippet=hit.snippet, language=hit.language, date=hit.date,
                site=hit.site, author=hit.author, source=hit.source,
            )  # fmt: skip
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(_format_hit(hit, colour))


def _format_hit(hit, colour: bool) -> str:
    title = hit.title or "(untitled)"
    details = " · ".join(x for x in (hit.date, hit.site, hit.language) if x)
    head = f"{hit.rank:>3}. {click.style(title, bold=True) if colour else title}"
    snippet = hit.snippet
    if colour:
        snippet = _MARK.sub(lambda m: click.style(m.group(1), fg="yellow", bold=True), snippet)
    return f"{head}  [{hit.id}]  {details}  ({hit.score:g})\n     {snippet}\n"


# -- corpus show ----------------------------------------------------------------


@click.command(
    "show",
    epilog=f"""\b
Examples:
  corpus show lemonde/2024/03/article-123
  corpus show lemonde/2024/03/article-123 --json | jq .text

{EXIT_CODES}""",
)
@click.argument("doc_id", metavar="ID")
@_common
@click.option("--json", "as_json", is_flag=True, help="Print the stored record as JSON.")
@_reported
def show_command(doc_id: str, index_dir: Path, as_json: bool) -> None:
    """Print the indexed document ID (as shown by `corpus search`)."""
    from index.searching import IndexSearcher

    with IndexSearcher(index_dir) as searcher:
        doc = searcher.document(doc_id)
    if doc is None:
        _fail(FAILED, f"{index_dir}: no document with id {doc_id!r}")
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False))
        return
    for key in ("id", "title", "author", "date", "site", "language", "source"):
        if doc.get(key):
            click.echo(f"{key}: {doc[key]}")
    if doc.get("tags"):
        click.echo(f"tags: {', '.join(doc['tags'])}")
    click.echo("")
    click.echo(doc["text"])
