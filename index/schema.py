"""The index schema: one searchable field pair per language chain.

Whoosh analyses a field with one analyzer, and French, German and Russian need
different stemmers and stop lists, so each chain gets its own fields:

- ``body_<chain>``: the title and the text of documents of that language.
- ``title_<chain>``: the title alone, for ``title:`` queries and a title boost.

A query is compiled once per chain present in the index and the results are
OR-ed, so the user never names the language. Metadata fields (``lang``,
``site``, ``author``, ``tag``, ``date``) filter; stored fields give back the
document for display without reading the clean corpus again.
"""

from __future__ import annotations

from unidecode import unidecode
from whoosh.fields import ID, STORED, TEXT, Schema

from index.analysis import GENERIC, STEMMED, LanguageAnalyzer, chain_for, lowercase

CHAINS: tuple[str, ...] = (*STEMMED, GENERIC)
FORMAT = 1
"""Bumped whenever analysis or fields change: an older index then needs --rebuild."""


def body_field(chain: str) -> str:
    return f"body_{chain}"


def title_field(chain: str) -> str:
    return f"title_{chain}"


def site_key(site: str) -> str:
    """Filter key of a publisher name: case- and accent-insensitive, spaces collapsed."""
    return " ".join(unidecode(lowercase(site)).lower().split())


def make_schema(french_stemmer: str = "light") -> Schema:
    """The schema; ``french_stemmer`` exists for benchmarks that compare stemmers."""
    fields = {
        "id": ID(stored=True, unique=True),
        "lang": ID(stored=True),
        "chain": ID(),
        "site_key": ID(),
        "date": ID(stored=True),
        "title": STORED(),
        "text": STORED(),
        "meta": STORED(),
        "sha": STORED(),
        "author": TEXT(analyzer=LanguageAnalyzer(GENERIC)),
        "tag": TEXT(analyzer=LanguageAnalyzer(GENERIC)),
    }
    for chain in CHAINS:
        analyzer = LanguageAnalyzer(chain, french_stemmer if chain == "fr" else "light")
        fields[body_field(chain)] = TEXT(analyzer=analyzer, phrase=True)
        fields[title_field(chain)] = TEXT(analyzer=analyzer, phrase=True)
    return Schema(**fields)


def document_fields(doc: dict) -> dict:
    """Whoosh fields for one clean-corpus record (see conventions.md)."""
    chain = chain_for(doc.get("language"))
    title = doc.get("title") or ""
    text = doc.get("text") or ""
    fields = {
        "id": doc["id"],
        "lang": doc.get("language") or "und",
        "chain": chain,
        "title": title,
        "text": text,
        "sha": doc.get("raw_sha256") or "",
        "meta": {
            "source": doc.get("source"),
            "author": doc.get("author"),
            "site": doc.get("site"),
            "tags": list(doc.get("tags") or []),
        },
        body_field(chain): f"{title}\n\n{text}" if title else text,
    }
    if title:
        fields[title_field(chain)] = title
    if doc.get("date"):
        fields["date"] = doc["date"]
    if doc.get("site"):
        fields["site_key"] = site_key(doc["site"])
    if doc.get("author"):
        fields["author"] = doc["author"]
    if doc.get("tags"):
        fields["tag"] = "\n".join(doc["tags"])
    return fields
