"""Shared helpers for the minutes-parser tests: sample paths, the Word-fixture builder and the
Arabic-letter/Latin-digit variant maker."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement

SAMPLES = Path("/work/shared/samples")
SAMPLE_000 = SAMPLES / "000_2cbde496b4b048b5.txt"
SAMPLE_002 = SAMPLES / "002_08bc7d2b93395858.txt"
SAMPLE_003 = SAMPLES / "003_54f8459a276b6612.txt"

_PERSIAN_TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def arabic_variant(text: str) -> str:
    """The same minutes typed on an Arabic keyboard layout with Latin digits."""
    return text.replace("ی", "ي").replace("ک", "ك").translate(_PERSIAN_TO_LATIN)


def _add_runs(paragraph, text: str) -> None:
    """``**bold**`` in the text becomes a bold run, as a Word author would have typed it."""
    for i, part in enumerate(re.split(r"\*\*", text)):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1


def _set_bidi(table) -> None:
    tbl_pr = table._tbl.tblPr
    bidi = OxmlElement("w:bidiVisual")
    tbl_pr.append(bidi)


def build_docx(
    text: str,
    *,
    merged_title: str | None = "جدول مصوبات",
    split_row: int | None = None,
    vmerge_rows: tuple[int, int] | None = None,
    vmerge_col: int | None = None,
) -> bytes:
    """Turn a sample's text export back into a Word document.

    Paragraphs become paragraphs (``**`` → bold runs); each run of tab-separated lines becomes a
    real right-to-left table (w:bidiVisual).  In the resolutions table (the one whose header
    has «ردیف»): a title row merged across all columns (gridSpan) is put on top, resolution
    ``split_row``'s text is split across two table rows (as a page break does), and the cells
    of ``vmerge_col`` in the data rows ``vmerge_rows`` are merged vertically.
    """
    doc = Document()
    lines = text.replace("\r\n", "\n").split("\n")
    groups: list[list[str] | str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" in line:
            rows = []
            while i < len(lines) and (
                "\t" in lines[i] or (not lines[i].strip() and i + 1 < len(lines) and "\t" in lines[i + 1])
            ):
                if "\t" in lines[i]:
                    rows.append(lines[i])
                i += 1
            groups.append(rows)
            continue
        groups.append(line)
        i += 1
    for group in groups:
        if isinstance(group, str):
            if group.strip():
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                _add_runs(p, group)
            continue
        rows = [r.split("\t") for r in group]
        is_resolutions = any(r[0].strip() == "ردیف" for r in rows)
        if is_resolutions and rows and all(not c.strip() for c in rows[0][1:]):
            rows = rows[1:]  # the text export's own title row; a merged one is added below
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        if is_resolutions and split_row is not None:
            out = []
            for r in rows:
                if r[0].strip() == str(split_row).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")):
                    words = r[1].split(" ")
                    half = len(words) // 2
                    out.append([r[0], " ".join(words[:half]), *r[2:]])
                    out.append(["", " ".join(words[half:]), *[""] * (width - 2)])
                else:
                    out.append(r)
            rows = out
        title_rows = 1 if is_resolutions and merged_title else 0
        table = doc.add_table(rows=len(rows) + title_rows, cols=width)
        _set_bidi(table)
        if title_rows:
            merged = table.cell(0, 0).merge(table.cell(0, width - 1))
            merged.text = merged_title
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r + title_rows, c).text = value
        if is_resolutions and vmerge_rows is not None and vmerge_col is not None:
            fa = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
            first, last = (
                title_rows + next(k for k, r in enumerate(rows) if r[0].strip() == str(n).translate(fa))
                for n in vmerge_rows
            )
            keep = table.cell(first, vmerge_col).text
            merged = table.cell(first, vmerge_col).merge(table.cell(last, vmerge_col))
            merged.text = keep
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


__all__ = [
    "SAMPLES",
    "SAMPLE_000",
    "SAMPLE_002",
    "SAMPLE_003",
    "arabic_variant",
    "build_docx",
]
