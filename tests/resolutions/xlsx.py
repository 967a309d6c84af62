"""Reads an .xlsx the way Excel would, with the standard library only (zipfile + XML): the
sheets in order, whether each runs right to left, and each row's cell values."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@dataclass
class Sheet:
    name: str
    right_to_left: bool
    rows: list[list[str | float | None]]


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref).group()
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def read_xlsx(content: bytes) -> list[Sheet]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    shared: list[str] = []
    if "xl/sharedStrings.xml" in names:
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)
        ]
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheets = []
    for number, element in enumerate(workbook.find("m:sheets", NS), start=1):
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{number}.xml"))
        view = root.find("m:sheetViews/m:sheetView", NS)
        rtl = view is not None and view.get("rightToLeft") == "1"
        rows: list[list[str | float | None]] = []
        for row in root.findall("m:sheetData/m:row", NS):
            values: list[str | float | None] = []
            for cell in row.findall("m:c", NS):
                column = _column(cell.get("r"))
                values.extend([None] * (column + 1 - len(values)))
                kind = cell.get("t")
                if kind == "inlineStr":
                    value: str | float | None = "".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t"))
                elif kind == "s":
                    value = shared[int(cell.find("m:v", NS).text)]
                else:
                    raw = cell.find("m:v", NS)
                    value = float(raw.text) if raw is not None else None
                values[column] = value
            index = int(row.get("r")) - 1
            rows.extend([[]] * (index - len(rows)))
            rows.append(values)
        sheets.append(Sheet(element.get("name"), rtl, rows))
    return sheets
