"""Running over a raw folder: bad input, atomic output, determinism."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import normalize.corpus as corpus_module
import normalize.shards as shards_module
from normalize.cli import main
from normalize.corpus import normalize_corpus
from normalize.shards import Claims, RawFile

FRENCH = (
    "Le gouvernement a présenté mercredi un projet de loi sur la sécurité des "
    "réseaux, après des mois de négociations avec les opérateurs et l’Élysée. "
)


def _run(raw: Path, clean: Path, *args: str):
    runner = CliRunner()
    return runner.invoke(
        main, ["normalize", "--raw", str(raw), "--clean", str(clean), "--jobs", "1", *args]
    )


def _records(clean: Path) -> list[dict]:
    lines = (clean / "documents.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_embedded_corpus_layout(seed_dir: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    result = _run(seed_dir, clean)
    assert result.exit_code == 0, result.output
    records = _records(clean)
    assert [r["id"] for r in records] == sorted(p.stem for p in seed_dir.glob("*.txt"))
    for record in records:
        assert list(record) == [
            "id",
            "source",
            "title",
            "author",
            "date",
            "site",
            "language",
            "language_score",
            "tags",
            "text",
            "raw_sha256",
            "removed",
        ]
        text_file = clean / "text" / f"{record['id']}.txt"
        body = text_file.read_text(encoding="utf-8")
        assert body.endswith(record["text"] + "\n")
        if record["title"]:
            assert body.startswith(record["title"] + "\n\n")
    manifest = json.loads((clean / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"] == len(records)
    assert manifest["skipped"] == 0
    assert manifest["format_version"]


def test_same_input_gives_byte_identical_output(seed_dir: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert _run(seed_dir, one).exit_code == 0
    assert _run(seed_dir, two, "--jobs", "2").exit_code == 0
    assert _tree(one) == _tree(two)


def test_committed_clean_corpus_is_reproducible_from_raw(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "clean"
    assert _run(root / "raw", out).exit_code == 0
    assert _tree(out) == _tree(root / "clean"), "run `corpus normalize` and commit clean/"


BAD_INPUTS = {
    "empty.txt": b"",
    "binary.txt": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    "nul-ridden.dat": b"\x00\x01\x02\x03abc\x00\xff" * 500,
}


def test_bad_files_are_skipped_with_one_line_each_and_no_partial_output(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in BAD_INPUTS.items():
        (raw / name).write_bytes(data)
    (raw / "good.txt").write_text("Titre de l’article\n\n" + FRENCH * 3, encoding="utf-8")
    clean = tmp_path / "clean"
    result = _run(raw, clean, "--quiet")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("corpus:")]
    assert len(errors) == len(BAD_INPUTS)
    for name in BAD_INPUTS:
        assert any(name in line for line in errors)
    assert "Traceback" not in result.output
    assert [r["id"] for r in _records(clean)] == ["good"]
    assert sorted(p.name for p in (clean / "text").iterdir()) == ["good.txt"]
    manifest = json.loads((clean / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["skipped"] == 3
    assert [s["source"] for s in manifest["skipped_files"]] == sorted(BAD_INPUTS)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "invalid-utf8.txt",
            FRENCH.encode()[:40] + b"\xff\xfe\x81" + FRENCH.encode() * 4,
        ),
        ("utf16-bom.txt", (FRENCH * 4).encode("utf-16")),
        ("utf16-nobom.txt", (FRENCH * 4).encode("utf-16-le")),
        ("cp1252.txt", (FRENCH.replace("’", "'") * 4 + "Fin\u2026").encode("cp1252")),
    ],
)
def test_damaged_encodings_are_repaired(tmp_path: Path, name: str, data: bytes) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / name).write_bytes(data)
    result = _run(raw, tmp_path / "clean", "--quiet")
    assert result.exit_code == 0, result.output
    (record,) = _records(tmp_path / "clean")
    assert "sécurité des réseaux" in record["text"]
    assert "\ufffd" not in record["text"]
    assert record["language"] == "fr"


def test_huge_single_line_and_many_lines(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "one-line.txt").write_text(
        FRENCH * (20_000_000 // len(FRENCH.encode())), encoding="utf-8"
    )
    (raw / "many-lines.txt").write_text(
        "\n".join(f"{FRENCH} Paragraphe {i}." for i in range(100_000)), encoding="utf-8"
    )
    result = _run(raw, tmp_path / "clean", "--quiet")
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in _records(tmp_path / "clean")}
    assert set(records) == {"one-line", "many-lines"}
    assert len(records["one-line"]["text"]) > 1_000_000
    assert "Paragraphe 99999." in records["many-lines"]["text"]


def test_links_hidden_files_and_subfolders(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(FRENCH * 3, encoding="utf-8")
    raw = tmp_path / "raw"
    (raw / "sub").mkdir(parents=True)
    (raw / "sub" / "inner.txt").write_text(FRENCH * 3, encoding="utf-8")
    (raw / ".hidden.txt").write_text(FRENCH * 3, encoding="utf-8")
    (raw / "escape.txt").symlink_to(outside)
    (raw / "inside-link.txt").symlink_to(raw / "sub" / "inner.txt")
    result = _run(raw, tmp_path / "clean", "--quiet")
    assert result.exit_code == 1
    assert "escape.txt" in result.stderr and "leaves the raw folder" in result.stderr
    assert [r["id"] for r in _records(tmp_path / "clean")] == ["inside-link", "sub/inner"]
    assert (tmp_path / "clean" / "text" / "sub" / "inner.txt").is_file()


def test_names_no_record_can_hold_and_files_that_are_no_files_are_skipped(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ok.txt").write_text(FRENCH * 3, encoding="utf-8")
    # A name whose bytes are not UTF-8 (a Latin-1 ``é`` from an old archive).
    try:
        with open(os.path.join(os.fsencode(raw), b"caf\xe9.txt"), "wb") as out:
            out.write(FRENCH.encode("utf-8") * 3)
    except OSError:
        pytest.skip("this file system refuses file names that are not UTF-8")
    os.mkfifo(raw / "pipe.txt")  # reading it would wait forever
    (raw / "odd\nname.txt").symlink_to(tmp_path)  # a folder outside, and a newline in a name
    result = _run(raw, tmp_path / "clean", "--quiet")
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 3, errors  # one line per skipped file
    assert any("caf\\xe9.txt: file name is not valid UTF-8" in e for e in errors)
    assert any("pipe.txt: not a regular file" in e for e in errors)
    assert any("odd\\nname.txt" in e for e in errors)
    assert [r["id"] for r in _records(tmp_path / "clean")] == ["ok"]
    manifest = json.loads((tmp_path / "clean" / "manifest.json").read_text(encoding="utf-8"))
    assert {s["source"] for s in manifest["skipped_files"]} >= {"caf\\xe9.txt", "pipe.txt"}


def test_a_crash_mid_run_leaves_the_previous_corpus_intact(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = tmp_path / "clean"
    assert _run(seed_dir, clean).exit_code == 0
    before = _tree(clean)
    (seed_dir / "zzz-new.txt").write_text("Nouveau\n\n" + FRENCH * 3, encoding="utf-8")

    calls = {"n": 0}
    real = shards_module.analyse_lines

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(shards_module, "analyse_lines", interrupted)
    result = _run(seed_dir, clean)
    assert result.exit_code == 130
    assert _tree(clean) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".clean.")]

    def broken_manifest(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(shards_module, "analyse_lines", real)
    monkeypatch.setattr(corpus_module, "_write_manifest", broken_manifest)
    result = _run(seed_dir, clean)
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1
    assert _tree(clean) == before


def test_interrupted_fallback_swap_is_recovered(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    old = tmp_path / f".clean.old-{os.getpid()}"
    old.mkdir()
    (old / "manifest.json").write_text("{}", encoding="utf-8")
    corpus_module.recover_interrupted_swap(clean)
    assert (clean / "manifest.json").read_text(encoding="utf-8") == "{}"


def test_library_and_command_line_give_the_same_record(seed_dir: Path, tmp_path: Path) -> None:
    from normalize import normalize_document

    normalize_corpus(seed_dir, tmp_path / "clean")
    for record in _records(tmp_path / "clean"):
        data = (seed_dir / record["source"]).read_bytes()
        assert normalize_document(data, source=record["source"]) == record


def _mixed_folder(root: Path) -> Path:
    """Eight articles, two files sharing an id, and bad files, for serial/parallel runs."""
    raw = root / "raw"
    (raw / "sub").mkdir(parents=True)
    for i in range(8):
        body = f"Article {i}\n\nPar Marie Curie, le {i + 1} mars 2024\n\n" + FRENCH * (i + 2)
        (raw / ("sub" if i % 2 else "") / f"a{i}.txt").write_text(
            body + "\nPartager cet article\n", encoding="utf-8"
        )
    (raw / "a2.md").write_text("Doublon\n\n" + FRENCH * 3, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.bin").write_bytes(bytes(range(256)) * 8)
    return raw


def test_parallel_run_writes_the_same_corpus_as_a_serial_one(tmp_path: Path) -> None:
    raw = _mixed_folder(tmp_path)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    one = _run(raw, serial, "--quiet")
    two = _run(raw, parallel, "--quiet", "--jobs", "2")
    assert one.exit_code == two.exit_code == 1
    assert _tree(serial) == _tree(parallel)
    assert sorted(one.stderr.splitlines()) == sorted(two.stderr.splitlines())
    # a2.md and a2.txt both map to the id "a2": the first in name order keeps it.
    assert any("a2.txt: same id as a2.md" in line for line in two.stderr.splitlines())
    sources = {r["id"]: r["source"] for r in _records(parallel)}
    assert sources["a2"] == "a2.md"
    assert "Article 2" not in (parallel / "text" / "a2.txt").read_text(encoding="utf-8")
    assert len(_records(parallel)) == 8


def test_a_crash_in_a_worker_process_leaves_the_previous_corpus_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _mixed_folder(tmp_path)
    clean = tmp_path / "clean"
    _run(raw, clean, "--quiet", "--jobs", "2")
    before = _tree(clean)
    real = shards_module.analyse_lines

    def crash_on_one(lines, *args, **kwargs):
        if lines and lines[0].text == "Article 5":
            raise ValueError("boom")
        return real(lines, *args, **kwargs)

    monkeypatch.setattr(shards_module, "analyse_lines", crash_on_one)  # forked workers inherit it
    result = _run(raw, clean, "--quiet", "--jobs", "2")
    assert result.exit_code == 3
    errors = result.stderr.strip().splitlines()
    assert errors[-1] == "corpus: error: WorkerFailed: in a worker process: ValueError: boom"
    assert "Traceback" not in result.stderr
    assert _tree(clean) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".clean.")]


def test_a_run_leaves_the_callers_garbage_collector_settings_alone(
    seed_dir: Path, tmp_path: Path
) -> None:
    import gc

    before = gc.get_threshold()
    gc.set_threshold(500, 5, 5)
    try:
        normalize_corpus(seed_dir, tmp_path / "clean")
        assert gc.get_threshold() == (500, 5, 5)
    finally:
        gc.set_threshold(*before)


def test_workers_help_each_other_and_take_every_file_once(tmp_path: Path) -> None:
    shares = [
        [RawFile(tmp_path / f"{k}-{i}.txt", f"{k}-{i}.txt") for i in range(n)]
        for k, n in enumerate((3, 8))
    ]
    claims = Claims(multiprocessing.get_context("fork"), shares)
    fast, slow = claims.taken(0), claims.taken(1)
    slow_took = [next(slow).source, next(slow).source]  # the slow worker's first two files
    fast_took = [raw.source for raw in fast]  # its own three, then the slow one's from the back
    slow_took += [raw.source for raw in slow]
    assert fast_took == [
        "0-0.txt",
        "0-1.txt",
        "0-2.txt",
        "1-7.txt",
        "1-6.txt",
        "1-5.txt",
        "1-4.txt",
        "1-3.txt",
        "1-2.txt",
    ]
    assert slow_took == ["1-0.txt", "1-1.txt"]
    every = sorted(fast_took + slow_took)
    assert every == sorted(raw.source for share in shares for raw in share)
