"""The ``corpus`` command line: a thin click layer over the library.

Index commands live in the ``index`` package and are imported only when
called, so ``corpus normalize`` never pays for loading Whoosh.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import sys
from pathlib import Path

import click

from normalize import __version__

EXIT_OK = 0
EXIT_SKIPPED = 1
EXIT_USAGE = 2
EXIT_FAILED = 3
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = """\b
Exit codes:
  0    everything went through
  1    some input was skipped (each named on stderr)
  2    usage error: bad option or malformed query
  3    the command failed, or there is no corpus/index to read (one line on
       stderr; --debug shows the traceback)
  4    the index is busy: another `corpus index` is writing it
  130  interrupted: the previous clean corpus and index are left intact
"""

LAZY_COMMANDS = {
    "index": "index.cli:index_command",
    "search": "index.cli:search_command",
    "show": "index.cli:show_command",
}


class CorpusGroup(click.Group):
    """A click group that imports index commands on demand and keeps errors to one line."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attr = LAZY_COMMANDS[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attr)
        return super().get_command(ctx, cmd_name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # Subcommands take --debug too; remember it so errors there keep their traceback.
        ctx.meta["corpus.debug"] = any(arg in ("--debug", "-v") for arg in args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("corpus: interrupted; previous output left intact", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Exception as error:  # the one place that turns a crash into one line
            if ctx.meta.get("corpus.debug") or (ctx.obj and ctx.obj.get("debug")):
                raise
            click.echo(f"corpus: error: {type(error).__name__}: {error}", err=True)
            ctx.exit(EXIT_FAILED)
        return None


@click.group(cls=CorpusGroup, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="corpus")
@click.option("-v", "--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Normalize scraped news articles into a clean corpus, index it, search it.

    \b
    Examples:
      corpus normalize                      # ./raw -> ./clean
      corpus explain raw/article.txt        # which rule removed which line
      corpus index                          # ./clean -> ./search-index
      corpus search 'securite ukraine'      # accents and case do not matter
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@main.command(epilog=EXIT_CODES_HELP)
@click.option(
    "--raw",
    "raw_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("raw"),
    show_default=True,
    help="Folder of scraped files (read recursively).",
)
@click.option(
    "--clean",
    "clean_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("clean"),
    show_default=True,
    help="Where the clean corpus is written.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Worker processes; 0 means one per CPU core.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def normalize(raw_dir: Path, clean_dir: Path, jobs: int, quiet: bool) -> None:
    """Normalize every file under --raw into the clean corpus at --clean.

    Writes documents.jsonl, text/<id>.txt and manifest.json (format in the
    README). The new corpus is built beside the old one and swapped in only
    when complete. Files that cannot be read as text are skipped, each named
    in one line on stderr, and the exit code is then 1.

    \b
    Examples:
      corpus normalize
      corpus normalize --raw scraped/ --clean out/ --jobs 2
    """
    from normalize.corpus import normalize_corpus

    # At exit the interpreter runs the garbage collector over everything still
    # alive (rule tables, the boilerplate step's per-line caches: ~100k objects)
    # several times: ~0.2 s after a run on 500 pages. A finished run leaves no
    # garbage worth finding, so the collector is told to look at none of it.
    atexit.register(gc.freeze)
    if not raw_dir.is_dir():
        raise click.UsageError(f"raw folder not found: {raw_dir}")
    jobs = jobs or _cpu_count()

    def on_skip(item: object) -> None:
        path = _one_line(str(raw_dir / item.source))  # type: ignore[attr-defined]
        click.echo(f"corpus: skipped {path}: {item.reason}", err=True)  # type: ignore[attr-defined]

    show_bar = not quiet and sys.stderr.isatty()
    if show_bar:
        total = 2 * sum(1 for p in raw_dir.rglob("*") if p.is_file())
        with click.progressbar(length=total, label="normalizing", file=sys.stderr) as bar:
            report = normalize_corpus(
                raw_dir, clean_dir, jobs=jobs, progress=bar.update, on_skip=on_skip
            )
    else:
        report = normalize_corpus(raw_dir, clean_dir, jobs=jobs, on_skip=on_skip)
    if not quiet:
        click.echo(
            f"corpus: {report.documents} articles written to {clean_dir}, "
            f"{len(report.skipped)} skipped, {report.lines_removed} lines removed",
            err=True,
        )
        for rule, count in report.removed_by_rule.most_common(12):
            click.echo(f"  {count:6d}  {rule}", err=True)
    if report.skipped:
        sys.exit(EXIT_SKIPPED)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--removed-only", is_flag=True, help="List only the lines that were removed.")
def explain(file: Path, removed_only: bool) -> None:
    """Show how one raw FILE is normalized: each line kept or removed, and by which rule.

    Lines are numbered as in the raw file. `+` kept, `#` kept as a heading,
    `-` removed (with the rule's name). Rules live in normalize/rules/*.txt.

    \b
    Examples:
      corpus explain raw/000_fbf6381d66e6bee7.txt
      corpus explain --removed-only page.txt | grep fr.
    """
    from normalize.decode import UndecodableError
    from normalize.pipeline import analyse

    try:
        analysis = analyse(file.read_bytes())
    except UndecodableError as error:
        click.echo(f"corpus: skipped {file}: {error}", err=True)
        sys.exit(EXIT_SKIPPED)
    meta = analysis.metadata
    click.echo(f"# title:    {meta.title}")
    click.echo(f"# author:   {meta.author}")
    click.echo(f"# date:     {meta.date}")
    click.echo(f"# site:     {meta.site}")
    click.echo(f"# tags:     {', '.join(meta.tags)}")
    click.echo(f"# language: {analysis.language} ({analysis.language_score})")
    click.echo(f"# encoding: {analysis.encoding}")
    for line, verdict in zip(analysis.lines, analysis.verdicts, strict=True):
        if verdict.rule == "blank":
            continue
        if verdict.keep:
            if removed_only:
                continue
            mark, rule = ("#" if verdict.heading else "+"), ""
        else:
            mark, rule = "-", verdict.rule or ""
        click.echo(f"{line.number:5d} {mark} {rule:<24} {line.raw}")


def _one_line(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline) escaped."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _cpu_count() -> int:
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
