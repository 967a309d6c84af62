"""The intermediate form every reader produces: a flat list of paragraphs and tables.

Plain-text exports of Word, Markdown and real .docx files all reduce to the same two shapes,
so one set of extraction rules serves every format:

* :class:`Para` — one paragraph of running text (normalised; ``**bold**`` markers kept, since
  bold marks speakers in both Markdown and Word);
* :class:`Table` — rows of cells, from tab-separated lines, Markdown ``| a | b |`` rows or a
  Word table.

Cells and paragraphs are normalised with :func:`qarargah.persian.normalise` here, once, so the
extractors only ever see Persian letters and Persian digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Protocol

from qarargah.persian import normalise

__all__ = [
    "Block",
    "Para",
    "Table",
    "clean",
    "clean_keep_lines",
    "lines_to_blocks",
    "register_cache",
    "reset_caches",
    "text_to_blocks",
]


@dataclass(frozen=True, slots=True)
class Para:
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Block = Para | Table

# A Markdown table separator row: | --- | :---: |
_MD_SEP_RE: Final = re.compile(r"^\s*:?-{2,}:?\s*$")
# Markers that format text but are not part of it.  Bullets are only stripped at a line start
# (a «-» inside a sentence is a hyphen).
_BOLD_RE: Final = re.compile(r"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_LEAD_MARK_RE: Final = re.compile(r"^[\s#>*•●▪◆■□○◦►▶▷❖➤➢✓✔·\-–—_]+(?=\S)|^[\s#>*•●▪◆■□○◦►▶▷❖➤➢✓✔·\-–—_]+$")
_LEAD_MARKS: Final = frozenset("#>*•●▪◆■□○◦►▶▷❖➤➢✓✔·-–—_")
# Whitespace that ``" "`` does not already stand for: a run of two or more, or any other kind.
_WS_RE: Final = re.compile(r"\s{2,}|[^\S ]")


@lru_cache(maxsize=4096)
def clean(text: str | None) -> str:
    """One-line display form: Markdown/bullet markers removed, whitespace collapsed.

    Input is block text, already normalised by the readers; normalising again here was most of
    the parse time (the same cell is looked at by several rules), so it is not repeated.  The
    cache is per document (see :func:`reset_caches`).
    """
    if not text:
        return ""
    # Each pass runs only where it can change something (most cells have no markers at all):
    # three substitutions per call, for every cell and paragraph, were a large share of the time.
    if "*" in text or "_" in text:
        text = _BOLD_RE.sub("", text)
    if "\n" in text:
        text = " ".join(_LEAD_MARK_RE.sub("", line) if _may_lead(line) else line for line in text.split("\n"))
    elif text[0] in _LEAD_MARKS or text[0].isspace():  # _may_lead(text), inlined: hot
        text = _LEAD_MARK_RE.sub("", text)
    if "  " in text or not text.isprintable():
        # Every whitespace character but " " is non-printable, so a printable text without a
        # double space has nothing for _WS_RE to collapse.
        text = _WS_RE.sub(" ", text)
    return text.strip()


def _may_lead(line: str) -> bool:
    """Whether ``_LEAD_MARK_RE`` can match: only a marker or whitespace can start a match."""
    return bool(line) and (line[0] in _LEAD_MARKS or line[0].isspace())


def clean_keep_lines(text: str | None) -> str:
    """Like :func:`clean` but keeps line breaks (cell text whose lines are separate items)."""
    if not text:
        return ""
    lines = (clean(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Cached(Protocol):
    """What ``functools.lru_cache`` adds to a function, as far as this module needs it."""

    def cache_clear(self) -> None: ...


_CACHED: list[_Cached] = [clean]


def register_cache[C: _Cached](fn: C) -> C:
    """Add an ``lru_cache``-wrapped helper to the set cleared between documents."""
    _CACHED.append(fn)
    return fn


def reset_caches() -> None:
    """Forget per-document memos, so one document's strings never pin memory for the next
    (and benchmark figures are not flattered by text repeated across files)."""
    for fn in _CACHED:
        fn.cache_clear()


def _md_cells(line: str) -> list[str] | None:
    """Cells of a Markdown table row, [] for a separator row, None if not a table row."""
    s = line.strip()
    if len(s) < 2 or not s.startswith("|") or s.count("|") < 2:
        return None
    inner = s[1:-1] if s.endswith("|") else s[1:]
    cells = [c.strip() for c in inner.split("|")]
    if all(_MD_SEP_RE.match(c) for c in cells if c) and any(cells):
        return []
    return cells


# Stands in for a tab while a whole text file is normalised in one call (normalise collapses
# tabs into spaces; a private-use character is left alone and is not whitespace).
_TAB_MARK: Final = "\ue000"


def _row_of(line: str, prenormalised: bool) -> tuple[str, ...] | None:
    """The cells of a table-ish line (tab-separated or Markdown), None for running text."""
    norm = (lambda c: c.strip()) if prenormalised else normalise
    md = _md_cells(line)
    if md is not None:
        return tuple(norm(c) for c in md)
    sep = _TAB_MARK if prenormalised else "\t"
    if sep in line:
        return tuple(norm(c) for c in line.split(sep))
    return None


def lines_to_blocks(lines: Iterable[str | Table], *, prenormalised: bool = False) -> list[Block]:
    """Group raw lines (and ready-made tables, from .docx) into paragraphs and tables.

    Consecutive table-ish lines form one table.  A single blank line between two table-ish
    lines does not end the table: Word's text export leaves one where a row broke across a
    page (sample 000 row 4).  A "table" whose rows never have two filled cells is really
    indented text and becomes paragraphs.
    """
    blocks: list[Block] = []
    rows: list[tuple[str, ...]] = []
    blank_since_row = False
    last_kind = ""

    def flush() -> None:
        nonlocal rows
        if rows:
            if max(sum(1 for c in r if c) for r in rows) >= 2:
                blocks.append(Table(tuple(rows)))
            else:
                for r in rows:
                    text = " ".join(c for c in r if c)
                    if text:
                        blocks.append(Para(text))
            rows = []

    for item in lines:
        if isinstance(item, Table):
            flush()
            blocks.append(item)
            continue
        if not item.strip():
            blank_since_row = True
            continue
        row = _row_of(item, prenormalised)
        if row is not None:
            kind = "md" if item.lstrip().startswith("|") else "tab"
            # Markdown tables are separated by blank lines; tab tables are not (see above).
            if rows and (kind != last_kind or (kind == "md" and blank_since_row)):
                flush()
            if row:  # a Markdown separator row keeps the table going but adds nothing
                rows.append(row)
            last_kind = kind
            blank_since_row = False
            continue
        flush()
        text = item.strip() if prenormalised else normalise(item)
        if text:
            blocks.append(Para(text))
    flush()
    return blocks


def text_to_blocks(text: str) -> list[Block]:
    """Blocks of a decoded .txt/.md file.

    The whole text is normalised in one call (per-line calls were a fifth of the parse
    time), with tabs protected so that cells survive whitespace collapsing.
    """
    text = text.replace(_TAB_MARK, " ").replace("\r\n", "\n").replace("\r", "\n").replace("\t", _TAB_MARK)
    # normalise keeps one blank line where there were several: all lines_to_blocks needs.
    text = normalise(text)
    return lines_to_blocks(text.split("\n"), prenormalised=True)


def table_text(rows: Sequence[Sequence[str]]) -> str:
    """A table linearised with tabs, for ``source_text``."""
    return "\n".join("\t".join(r) for r in rows)
