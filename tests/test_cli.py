"""The `corpus` command line, as a user meets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from normalize.cli import main
from tests.conftest import RAW


def test_help_lists_every_command_with_examples() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("normalize", "explain", "index", "search", "show"):
        assert command in result.output
    assert "Examples" in result.output and "Exit codes" in result.output


def test_normalize_help_does_not_load_whoosh() -> None:
    code = (
        "import sys\n"
        "from normalize.cli import main\n"
        "try:\n    main(['normalize', '--help'])\n"
        "except SystemExit:\n    pass\n"
        "assert 'whoosh' not in sys.modules, 'whoosh imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--raw" in result.stdout


def test_missing_raw_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["normalize", "--raw", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "raw folder not found" in result.output


def test_explain_names_the_rule_of_each_removed_line() -> None:
    seed = sorted(RAW.glob("*.txt"))[0]
    result = CliRunner().invoke(main, ["explain", str(seed)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# title:")
    removed = [line for line in result.output.splitlines() if line[6:7] == "-"]
    kept = [line for line in result.output.splitlines() if line[6:7] in "+#"]
    assert removed and kept
    for line in removed:
        assert line.split()[2], "every removed line names its rule"


def test_explain_skips_a_binary_file_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = CliRunner().invoke(main, ["explain", str(path)])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "image.png" in result.stderr


def test_debug_shows_the_traceback_of_a_failure(tmp_path: Path, monkeypatch) -> None:
    import normalize.corpus

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(normalize.corpus, "normalize_corpus", boom)
    args = ["normalize", "--raw", str(RAW), "--clean", str(tmp_path / "c")]
    quiet = CliRunner().invoke(main, args)
    assert quiet.exit_code == 3 and "disk on fire" in quiet.stderr
    assert "Traceback" not in quiet.output
    loud = CliRunner().invoke(main, ["--debug", *args])
    assert isinstance(loud.exception, RuntimeError)


def test_a_user_rule_folder_removes_a_site_wording_without_code(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    body = (
        "Le gouvernement a présenté mercredi un projet de loi sur la sécurité des réseaux, "
        "après des mois de négociations avec les opérateurs et les associations. "
    )
    page.write_text(
        f"Titre de l’article\n\n{body * 3}\n\nRejoignez le club des lecteurs du Petit Canard\n\n"
        f"{body * 2}\n",
        encoding="utf-8",
    )
    rules = tmp_path / "my-rules"
    rules.mkdir()
    rule = "club\tprefix\tRejoignez le club des lecteurs\n"
    (rules / "fr.txt").write_text(rule, encoding="utf-8")
    command = [sys.executable, "-m", "normalize", "explain", str(page)]
    before = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    env = {**os.environ, "CORPUS_RULES": str(rules)}
    after = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    line = next(ln for ln in after.splitlines() if "Petit Canard" in ln)
    assert " - " in line[:8] and "fr.club" in line
    assert "fr.club" not in before
