"""`corpus index`, `corpus search` and `corpus show` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from index.cli import index_command, search_command, show_command
from index.store import writer_lock

ROOT = Path(__file__).resolve().parents[1]


@click.group()
def corpus() -> None:
    """Stand-in for the real `corpus` group, which registers these lazily."""


corpus.add_command(index_command)
corpus.add_command(search_command)
corpus.add_command(show_command)

DOCS = [
    {
        "id": "fr/elysee",
        "source": "fr/elysee.html",
        "title": "Réunion à l’Élysée",
        "author": "Jean Dupont",
        "date": "2024-02-26",
        "site": "Le Monde",
        "language": "fr",
        "language_score": 0.99,
        "tags": ["Politique"],
        "text": "Les chefs de l’OTAN à l’Élysée.\n\nLa main-d’œuvre manque au cœur de l’usine.",
        "raw_sha256": "a",
        "removed": [],
    },
    {
        "id": "fr/meteo",
        "source": "fr/meteo.html",
        "title": "Météo",
        "author": None,
        "date": None,
        "site": None,
        "language": "fr",
        "language_score": 0.99,
        "tags": [],
        "text": "Il pleut sur Paris et sur l’Élysée.",
        "raw_sha256": "b",
        "removed": [],
    },
]


@pytest.fixture
def runner(tmp_path, monkeypatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    clean = tmp_path / "clean"
    clean.mkdir()
    lines = [json.dumps(d, ensure_ascii=False) for d in DOCS]
    (clean / "documents.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return CliRunner()


def run(runner: CliRunner, *args: str, stdin: str | None = None):
    return runner.invoke(corpus, list(args), input=stdin, catch_exceptions=False)


def test_search_without_index_builds_it_first_and_says_so(runner, tmp_path):
    result = run(runner, "search", "Elysee")
    assert result.exit_code == 0
    assert "building it from clean" in result.stderr
    assert (tmp_path / "search-index" / "CURRENT").is_file()
    assert "[[Élysée]]" in result.stdout
    assert "building" not in result.stdout


def test_json_lines_carry_the_documented_fields(runner):
    run(runner, "index")
    result = run(runner, "search", "coeur", "--json")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert [h["id"] for h in hits] == ["fr/elysee"]
    assert {"id", "rank", "score", "title", "snippet"} <= set(hits[0])
    assert hits[0]["rank"] == 1 and "[[cœur]]" in hits[0]["snippet"]


def test_batch_numbers_queries_by_line_and_reports_bad_lines(runner):
    run(runner, "index")
    result = run(runner, "search", "--batch", "-", "--json", stdin="elysee\n\n(bad\npleut\n")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted({h["query"] for h in hits}) == [1, 4]
    assert "line 3: malformed query" in result.stderr
    assert result.exit_code == 2


@pytest.mark.parametrize("query", ['"unclosed', "(a OR b", "nope:x", "date:2024-99"])
def test_malformed_query_is_one_line_and_exit_2(runner, query):
    run(runner, "index")
    result = run(runner, "search", query)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_bad_since_date_is_a_usage_error(runner):
    result = run(runner, "search", "elysee", "--since", "2024-02-30")
    assert result.exit_code == 2 and "bad date" in result.stderr


def test_zero_hits_suggests_an_indexed_word(runner):
    run(runner, "index")
    result = run(runner, "search", "Elyzee")
    assert result.exit_code == 0 and result.stdout == ""
    assert "did you mean: élysée" in result.stderr


def test_all_words_falls_back_to_any_and_says_so(runner):
    run(runner, "index")
    result = run(runner, "search", "elysee pleut", "--json")
    assert result.exit_code == 0 and "fr/elysee" not in result.stdout and result.stderr == ""
    result = run(runner, "search", "pleut zzz", "--json")
    assert "showing any of them" in result.stderr and "fr/meteo" in result.stdout


def test_index_is_incremental_and_rebuild_says_so(runner):
    assert "indexed 2 documents" in run(runner, "index").stderr
    assert "up to date" in run(runner, "index").stderr
    assert "--rebuild" in run(runner, "index", "--rebuild").stderr


def test_second_writer_gets_one_line_and_exit_4(runner, tmp_path):
    with writer_lock(tmp_path / "search-index"):
        result = run(runner, "index")
    assert result.exit_code == 4
    assert len(result.stderr.strip().splitlines()) == 1
    assert "another `corpus index`" in result.stderr


def test_no_index_and_no_corpus_is_exit_3(runner, tmp_path):
    result = run(runner, "search", "x", "--index", str(tmp_path / "none"), "--clean", "nowhere")
    assert result.exit_code == 3 and "corpus normalize" in result.stderr


def test_show_prints_the_document(runner):
    run(runner, "index")
    result = run(runner, "show", "fr/elysee")
    assert result.exit_code == 0 and "main-d’œuvre" in result.stdout
    assert "title: Réunion à l’Élysée" in result.stdout
    data = json.loads(run(runner, "show", "fr/elysee", "--json").stdout)
    assert data["site"] == "Le Monde" and data["tags"] == ["Politique"]
    missing = run(runner, "show", "fr/nope")
    assert missing.exit_code == 1 and "no document" in missing.stderr


def test_filters_as_options(runner):
    run(runner, "index")
    out = run(runner, "search", "elysee", "--json", "--since", "2024", "--site", "le monde")
    assert [json.loads(x)["id"] for x in out.stdout.splitlines()] == ["fr/elysee"]


@pytest.mark.parametrize("command", ["index", "search", "show"])
def test_help_has_examples_and_exit_codes(runner, command):
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and "Exit codes:" in result.output


def test_importing_the_cli_does_not_import_whoosh():
    code = "import sys, index.cli; print('whoosh' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
