#!/usr/bin/env python3
"""Measure title/author/date/tags/site extraction on the boilerplate benchmark's dev pages.

The pages come from many sites, so this is the measure of how general the
metadata rules are. The gold ``meta`` is the upstream (trafilatura) annotation,
not our policy: some gold authors are agencies or newsroom credits, which our
policy turns into null, and some gold dates come from the HTML head and are
printed nowhere on the page. Both effects are reported apart so that the
numbers say what they measure.

Verdicts: by default an ORACLE built from the gold ``with`` snippets (a line is
body when the first occurrence of a snippet, under the scorer's normalisation,
overlaps it; the headline line gets rule ``title``); ``--classifier`` uses
``normalize.boilerplate.classify_lines`` instead, when it exists.

Usage:
    python bench/metadata_eval.py [--gold DIR] [--classifier] [--per-page] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "benchmarks" / "boilerplate"
sys.path.insert(0, str(ROOT))


def _load_norm():
    """The scorer's own normalisation (score.py, stdlib only)."""
    spec = importlib.util.spec_from_file_location("bp_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module.norm


def _modules():
    from normalize.dates import find_dates
    from normalize.markup import to_lines
    from normalize.metadata import extract_metadata
    from normalize.metadata.names import _is_agency, _is_generic
    from normalize.page import Verdict

    return to_lines, Verdict, extract_metadata, find_dates, _is_agency, _is_generic


def _prepare(data: bytes, to_lines):
    """The pipeline's own decode + repair + split when it is there, else a plain split."""
    try:
        from normalize.pipeline import prepare_lines
    except ImportError:
        return to_lines(data.decode("utf-8"))
    return prepare_lines(data)[0]


def oracle_verdicts(lines, gold, norm, verdict_type):
    """Body = lines overlapped by the first occurrence of a ``with`` snippet."""
    normed = [norm(line.raw) for line in lines]
    offsets, pos = [], 0
    for text in normed:
        offsets.append(pos)
        pos += len(text) + 1
    page = " ".join(normed)
    keep = [False] * len(lines)
    for snippet in gold["with"]:
        at = page.find(norm(snippet))
        if at < 0:
            continue
        end = at + len(norm(snippet))
        for i, start in enumerate(offsets):
            if start < end and at < start + len(normed[i]) and normed[i]:
                keep[i] = True
    title = norm((gold.get("meta") or {}).get("title") or "")
    first_kept = keep.index(True) if any(keep) else len(lines)
    verdicts = []
    title_seen = False
    for i in range(len(lines)):
        if not normed[i]:
            verdicts.append(verdict_type(False, "blank"))
        elif title and normed[i] == title and (i < first_kept or title_seen):
            title_seen = True
            verdicts.append(verdict_type(False, "title"))
        elif keep[i]:
            verdicts.append(verdict_type(True))
        else:
            where = "head" if i < first_kept else "tail"
            verdicts.append(verdict_type(False, f"{where}.oracle"))
    return verdicts


def gold_author(value) -> str | None:
    if not value:
        return None
    if isinstance(value, list):
        return ", ".join(value)
    return str(value).replace("; ", ", ")


def loose_same(got: str | None, exp: str | None) -> bool:
    """Same names regardless of case and order (``A, B`` == ``b, a``)."""
    if got is None or exp is None:
        return got == exp
    split = lambda s: sorted(p.strip().casefold() for p in s.split(","))  # noqa: E731
    return split(got) == split(exp)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=BENCH / "dev")
    parser.add_argument("--classifier", action="store_true")
    parser.add_argument("--per-page", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    norm = _load_norm()
    to_lines, verdict_type, extract_metadata, find_dates, is_agency, is_generic = _modules()
    classify = None
    if args.classifier:
        from normalize.boilerplate import classify_lines as classify

    c: Counter[str] = Counter()
    misses: list[str] = []
    for path in sorted((args.gold / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        meta = gold.get("meta") or {}
        lines = _prepare((args.gold / "raw" / gold["file"]).read_bytes(), to_lines)
        if classify is not None:
            verdicts = classify(lines)
        else:
            verdicts = oracle_verdicts(lines, gold, norm, verdict_type)
        lang = gold.get("lang")
        got = extract_metadata(lines, verdicts, lang if lang and len(lang) == 2 else None)
        c["pages"] += 1

        exp_date = meta.get("date")
        if exp_date:
            c["date.gold"] += 1
            c["date.ok"] += got.date == exp_date
            printed = any(d.iso == exp_date for ln in lines for d in find_dates(ln.text, lang))
            c["date.printed"] += printed
            c["date.printed_ok"] += printed and got.date == exp_date
            c["date.none"] += got.date is None
            if got.date != exp_date:
                misses.append(f"date   {gold['file']}: got {got.date} exp {exp_date} p={printed}")
        else:
            c["date.nogold"] += 1
            c["date.nogold_none"] += got.date is None

        exp_author = gold_author(meta.get("author"))
        policy_author = exp_author
        if exp_author and all(is_agency(p) or is_generic(p) for p in exp_author.split(", ")):
            policy_author = None
        if exp_author:
            c["author.gold"] += 1
            c["author.ok"] += got.author == exp_author
            c["author.loose"] += loose_same(got.author, exp_author)
            c["author.none"] += got.author is None
        else:
            c["author.nogold"] += 1
            c["author.nogold_none"] += got.author is None
        c["author.policy_ok"] += loose_same(got.author, policy_author)
        if not loose_same(got.author, policy_author):
            misses.append(f"author {gold['file']}: got {got.author!r} exp {policy_author!r}")

        exp_tags = meta.get("tags")
        if exp_tags:
            c["tags.gold"] += 1
            c["tags.exact"] += list(got.tags) == list(exp_tags)
            c["tags.set"] += {t.casefold() for t in got.tags} == {t.casefold() for t in exp_tags}
            c["tags.any"] += bool(
                {t.casefold() for t in got.tags} & {t.casefold() for t in exp_tags}
            )
            if list(got.tags) != list(exp_tags):
                misses.append(f"tags   {gold['file']}: got {list(got.tags)} exp {exp_tags}")
        else:
            c["tags.nogold_empty"] += not got.tags
        c["site.found"] += got.site is not None

        exp_title = norm(meta.get("title") or "")
        if exp_title:
            c["title.gold"] += 1
            c["title.ok"] += norm(got.title or "") == exp_title
            c["title.caseless"] += norm(got.title or "").casefold() == exp_title.casefold()
            c["title.none"] += got.title is None
            if norm(got.title or "") != exp_title:
                misses.append(f"title  {gold['file']}: got {got.title!r} exp {meta['title']!r}")

    def pct(a: str, b: str) -> str:
        return f"{c[a]}/{c[b]} = {c[a] / c[b]:.3f}" if c[b] else "n/a"

    report = {
        "pages": c["pages"],
        "verdicts": "classifier" if classify else "oracle",
        "date exact (gold date present)": pct("date.ok", "date.gold"),
        "date exact (gold date printed on the page)": pct("date.printed_ok", "date.printed"),
        "date printed on the page (ceiling)": pct("date.printed", "date.gold"),
        "date null where gold has one": pct("date.none", "date.gold"),
        "date null where gold has none": pct("date.nogold_none", "date.nogold"),
        "author exact (gold author present)": pct("author.ok", "author.gold"),
        "author same names, any case/order": pct("author.loose", "author.gold"),
        "author null where gold has one": pct("author.none", "author.gold"),
        "author null where gold has none": pct("author.nogold_none", "author.nogold"),
        "author policy-adjusted, all pages": pct("author.policy_ok", "pages"),
        "tags exact list (gold tags present)": pct("tags.exact", "tags.gold"),
        "tags same set": pct("tags.set", "tags.gold"),
        "tags any overlap": pct("tags.any", "tags.gold"),
        "tags empty where gold has none": f"{c['tags.nogold_empty']}/{c['pages'] - c['tags.gold']}",
        "site found": pct("site.found", "pages"),
        "title exact, normalized (gold title present)": pct("title.ok", "title.gold"),
        "title same, any case (CSS may print capitals)": pct("title.caseless", "title.gold"),
        "title null where gold has one": pct("title.none", "title.gold"),
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for key, value in report.items():
            print(f"{key:47} {value}")
    if args.per_page:
        print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
