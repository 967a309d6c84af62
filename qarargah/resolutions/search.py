"""Free-text search over resolutions, with an index on each database.

The list searches ``Resolution.text_key`` (the text as :func:`qarargah.persian.match_key` folds
it: one letter form, no spaces or marks) for a substring. A plain ``LIKE '%…%'`` reads all
100,000 rows of a province; so each database gets a trigram index, which finds the rows that
hold every three-letter piece of the query and checks only those:

- PostgreSQL: a GIN index with ``pg_trgm`` on ``text_key`` (migration 0005); ``LIKE`` uses it
  by itself.
- SQLite: an FTS5 table with the trigram tokenizer over ``text_key`` (``SEARCH_TABLE``), an
  "external content" index that stores no text of its own and is kept in step by triggers. It
  is created after every ``migrate`` (:func:`ensure_sqlite_index`), not in a migration: a later
  migration that rebuilds the resolutions table (SQLite's way of altering one) drops its
  triggers, and this puts them back and rebuilds the index.

Queries shorter than three letters cannot use a trigram index and fall back to ``LIKE``.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

SEARCH_TABLE = "resolutions_resolution_search"
SOURCE_TABLE = "resolutions_resolution"
TRIGGERS = {
    f"{SEARCH_TABLE}_insert": (
        f"AFTER INSERT ON {SOURCE_TABLE} BEGIN "
        f"INSERT INTO {SEARCH_TABLE}(rowid, text_key) VALUES (new.id, new.text_key); END"
    ),
    f"{SEARCH_TABLE}_delete": (
        f"AFTER DELETE ON {SOURCE_TABLE} BEGIN "
        f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, text_key) VALUES ('delete', old.id, old.text_key); END"
    ),
    f"{SEARCH_TABLE}_update": (
        f"AFTER UPDATE OF text_key ON {SOURCE_TABLE} BEGIN "
        f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}, rowid, text_key) VALUES ('delete', old.id, old.text_key); "
        f"INSERT INTO {SEARCH_TABLE}(rowid, text_key) VALUES (new.id, new.text_key); END"
    ),
}
MIN_INDEXED_LENGTH = 3  # a trigram index needs at least one whole trigram


def ensure_sqlite_index(conn: Any = connection) -> bool:
    """Create the SQLite search table and its triggers where missing; when anything was
    missing, (re)build the index from the resolutions. Returns whether it rebuilt."""
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE (type = 'table' AND name = %s) OR (type = 'trigger' AND name LIKE %s)",
            [SEARCH_TABLE, f"{SEARCH_TABLE}_%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        wanted = {SEARCH_TABLE, *TRIGGERS}
        if wanted <= present:
            return False
        if SEARCH_TABLE not in present:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5("
                f"text_key, content='{SOURCE_TABLE}', content_rowid='id', tokenize='trigram')"
            )
        for name, body in TRIGGERS.items():
            if name not in present:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        # Rows written while a trigger was missing are not in the index: rebuild from the table.
        cursor.execute(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('rebuild')")
    return True


def refresh_sqlite_statistics(conn: Any = connection) -> None:
    """ANALYZE on SQLite. Its planner knows an index's selectivity only from these statistics,
    which nothing else gathers: after a migration adds an index, the lists picked it for filters
    it does not suit and became four times slower on 100,000 resolutions (PostgreSQL's autovacuum
    keeps its own statistics). Well under a second for a province's data."""
    if conn.vendor == "sqlite":
        with conn.cursor() as cursor:
            cursor.execute("ANALYZE")


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    ensure_sqlite_index(connections[using])
    refresh_sqlite_statistics(connections[using])


def text_contains(key: str, *, narrowed: bool = False) -> Q:
    """Resolutions whose ``text_key`` contains ``key`` (already folded by ``match_key``).

    ``narrowed``: the other filters already keep the rows to one body's or meeting's (a few
    thousand at most, read through their own index). SQLite then tests the text on those rows
    instead of reading the search index: the index answers for the whole database (14,000
    matches for «مسکن» in a province), all of which are looked up and sorted to keep a body's
    few hundred, 90 ms; testing a body's 2,400 texts takes 3 ms, a headquarters' 12,000 25 ms
    (issue 12). PostgreSQL's planner weighs its trigram index against the other filters itself."""
    if (
        connection.vendor == "sqlite"
        and not narrowed
        and len(key) >= MIN_INDEXED_LENGTH
        and not set(key) & {"%", "_", "\\"}
    ):
        # FTS5 answers LIKE from its trigram index and checks the candidates' text itself.
        matching = RawSQL(f"SELECT rowid FROM {SEARCH_TABLE} WHERE text_key LIKE %s", [f"%{key}%"])
        return Q(pk__in=matching)
    return Q(text_key__contains=key)
