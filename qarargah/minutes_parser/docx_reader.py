"""Read a .docx into the shared block list (paragraphs and tables, in document order).

We read ``word/document.xml`` with lxml directly instead of python-docx's object model: it is
several times faster (the benchmark target is ≥100 files/s on one core), and we need details
python-docx hides anyway — auto-numbering that is not part of the text, merged cells,
right-to-left tables, text boxes and content controls.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Final

from lxml import etree

from qarargah.minutes_parser.blocks import Block, Table, lines_to_blocks
from qarargah.minutes_parser.errors import MinutesParseError
from qarargah.persian import normalise, to_persian_digits

__all__ = ["docx_to_blocks"]

_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _R, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r"), _w("t")
_TAB, _BR, _CR, _SDT, _SDTCONTENT = _w("tab"), _w("br"), _w("cr"), _w("sdt"), _w("sdtContent")
_TXBX = _w("txbxContent")
_VAL = _w("val")
# Run containers whose runs are part of the paragraph text.
_RUN_PARENTS: Final = frozenset(
    {_w("hyperlink"), _w("ins"), _w("smartTag"), _w("customXml"), _w("fldSimple"), _SDT, _SDTCONTENT}
)

# Zip-bomb guards. Every member we inflate is checked against its declared size first and then
# read with a cap, so a member whose header lies is still cut off at the limit: a small upload
# can never make us hold gigabytes (a 2 MB numbering.xml bomb once inflated to 4.3 GB).
_MAX_XML_BYTES: Final = 80 * 1024 * 1024
_MAX_NUMBERING_BYTES: Final = 8 * 1024 * 1024
_MAX_MEMBERS: Final = 5000
_TOO_BIG_INSIDE: Final = (
    "محتوای این فایل Word پس از باز شدن بیش از اندازهٔ مجاز است؛ "
    "لطفاً تصاویر و پیوست‌ها را از صورتجلسه حذف کنید و دوباره بارگذاری کنید."
)
_PARSER: Final = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)


def _on(el: etree._Element | None) -> bool:
    """A WordprocessingML on/off property: present and not val="0"/"false"."""
    if el is None:
        return False
    return el.get(_VAL) not in {"0", "false", "off"}


class _Numbering:
    """Auto-numbering from numbering.xml: Word stores «۱-» / «الف)» / bullets outside the text,
    so without this a numbered agenda or resolution list would lose its numbers."""

    _LETTERS: Final = [
        "الف",
        "ب",
        "پ",
        "ت",
        "ث",
        "ج",
        "چ",
        "ح",
        "خ",
        "د",
        "ذ",
        "ر",
        "ز",
        "ژ",
        "س",
        "ش",
        "ص",
        "ض",
        "ط",
        "ظ",
        "ع",
        "غ",
        "ف",
        "ق",
        "ک",
        "گ",
        "ل",
        "م",
        "ن",
        "و",
        "ه",
        "ی",
    ]

    def __init__(self, xml: bytes | None, styles_xml: bytes | None = None) -> None:
        self.formats: dict[tuple[str, str], str] = {}
        self.counters: dict[tuple[str, str], int] = {}
        #: Paragraph style → (numId, ilvl): a list numbered by its style («List Number»)
        #: carries no numPr of its own.  Read on first need: Word's styles.xml is large, and
        #: most files never ask (parsing it for every file tripled the .docx time).
        self._styles_xml = styles_xml
        self._style_numbers: dict[str, tuple[str, str]] | None = None
        if not xml:
            return
        try:
            root = etree.fromstring(xml, _PARSER)
        except etree.XMLSyntaxError:
            return
        abstract: dict[str, dict[str, str]] = {}
        for an in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in an.iter(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                levels[lvl.get(_w("ilvl"), "0")] = fmt.get(_VAL, "decimal") if fmt is not None else "decimal"
            abstract[an.get(_w("abstractNumId"), "")] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            levels = abstract.get(ref.get(_VAL, "") if ref is not None else "", {})
            for ilvl, fmt in levels.items():
                self.formats[(num.get(_w("numId"), ""), ilvl)] = fmt

    def style_number(self, style_id: str) -> tuple[str, str] | None:
        """(numId, ilvl) the paragraph style numbers its paragraphs with, or None."""
        if self._style_numbers is None:
            self._style_numbers = _style_numbers(self._styles_xml)
            self._styles_xml = None
        return self._style_numbers.get(style_id)

    def prefix(self, num_id: str, ilvl: str) -> str:
        fmt = self.formats.get((num_id, ilvl), "decimal")
        if num_id == "0" or fmt == "none":
            return ""
        if fmt == "bullet":
            return "- "
        key = (num_id, ilvl)
        self.counters[key] = n = self.counters.get(key, 0) + 1
        if "Letter" in fmt or fmt in {"arabicAlpha", "arabicAbjad", "hebrew2"}:
            letter = self._LETTERS[(n - 1) % len(self._LETTERS)]
            return f"{letter}) "
        return f"{to_persian_digits(str(n))}- "


def _style_numbers(xml: bytes | None) -> dict[str, tuple[str, str]]:
    """(numId, ilvl) of every paragraph style that numbers its paragraphs, itself or through
    the style it is based on."""
    if not xml or b"numPr" not in xml:
        return {}
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    own: dict[str, tuple[str, str]] = {}
    based_on: dict[str, str] = {}
    for style in root.iter(_w("style")):
        sid = style.get(_w("styleId"), "")
        base = style.find(_w("basedOn"))
        if base is not None:
            based_on[sid] = base.get(_VAL, "")
        numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if numpr is not None:
            num_id = numpr.find(_w("numId"))
            ilvl = numpr.find(_w("ilvl"))
            own[sid] = (
                num_id.get(_VAL, "0") if num_id is not None else "0",
                ilvl.get(_VAL, "0") if ilvl is not None else "0",
            )
    out: dict[str, tuple[str, str]] = {}
    for sid in set(own) | set(based_on):
        cur: str | None = sid
        for _ in range(10):  # a cycle of basedOn in a hand-made file must not hang us
            if cur is None or cur in own:
                break
            cur = based_on.get(cur)
        if cur is not None and cur in own:
            out[sid] = own[cur]
    return out


def _run_text(run: etree._Element, out: list[str]) -> None:
    for child in run:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _TAB:
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _w("noBreakHyphen"):
            out.append("-")


def _para_text(p: etree._Element, numbering: _Numbering, *, in_table: bool) -> str:
    """Paragraph text; bold runs wrapped in ``**`` so speaker rules see them as in Markdown."""
    pieces: list[str] = []
    bold_open = False

    def runs(parent: etree._Element) -> Iterator[etree._Element]:
        for child in parent:
            if child.tag == _R:
                yield child
            elif child.tag in _RUN_PARENTS:
                yield from runs(child)

    for run in runs(p):
        text_parts: list[str] = []
        _run_text(run, text_parts)
        text = "".join(text_parts)
        if not text:
            continue
        rpr = run.find(_w("rPr"))
        bold = rpr is not None and (_on(rpr.find(_w("b"))) or _on(rpr.find(_w("bCs"))))
        if bold and not in_table and text.strip():
            if not bold_open:
                pieces.append("**")
                bold_open = True
        elif bold_open and text.strip():
            pieces.append("**")
            bold_open = False
        pieces.append(text)
    if bold_open:
        pieces.append("**")
    text = "".join(pieces)
    ppr = p.find(_w("pPr"))
    if ppr is not None and text.strip():
        numpr = ppr.find(_w("numPr"))
        if numpr is not None:
            num_id = numpr.find(_w("numId"))
            ilvl = numpr.find(_w("ilvl"))
            text = (
                numbering.prefix(
                    num_id.get(_VAL, "0") if num_id is not None else "0",
                    ilvl.get(_VAL, "0") if ilvl is not None else "0",
                )
                + text
            )
        else:
            style = ppr.find(_w("pStyle"))
            by_style = numbering.style_number(style.get(_VAL, "")) if style is not None else None
            if by_style is not None:
                text = numbering.prefix(*by_style) + text
    # «** **» around whitespace only, or bold markers hugging a tab, confuse nothing but read badly.
    return text.replace("****", "")


def _cell_text(tc: etree._Element, numbering: _Numbering) -> str:
    lines: list[str] = []
    for child in tc:
        if child.tag == _P:
            lines.append(_para_text(child, numbering, in_table=True))
        elif child.tag == _TBL:  # nested table: flatten row by row
            for row in _table_rows(child, numbering):
                lines.append(" ".join(c for c in row if c))
        elif child.tag == _SDT:
            content = child.find(_SDTCONTENT)
            if content is not None:
                lines.append(_cell_text(content, numbering))
    return normalise("\n".join(line.replace("\t", " ") for line in lines))


def _table_rows(tbl: etree._Element, numbering: _Numbering) -> list[tuple[str, ...]]:
    """Rows of cells in logical (reading) order, one entry per grid column.

    A horizontally merged cell (gridSpan) gives its text once, followed by empty cells for the
    other columns it covers, so column positions still line up with the header row.  A
    vertically merged cell (vMerge) means the same value for every row it covers (one deadline
    for two resolutions), so it is repeated per row; where the rows are the two halves of one
    resolution split by a page break, the row assembly drops the repeat (counted once).
    """
    rows: list[tuple[str, ...]] = []
    above: dict[int, str] = {}  # grid column → text of the cell above, for vertical merges
    for tr in tbl.iter(_TR):
        if tr.getparent() is not tbl and tr.getparent().tag != _SDTCONTENT:
            continue  # rows of nested tables are handled by their own cell
        cells: list[str] = []
        for tc in tr:
            if tc.tag == _SDT:
                inner = tc.find(_SDTCONTENT)
                tcs = list(inner.iter(_TC)) if inner is not None else []
            elif tc.tag == _TC:
                tcs = [tc]
            else:
                continue
            for cell in tcs:
                tcpr = cell.find(_w("tcPr"))
                span = 1
                continued = False
                if tcpr is not None:
                    gs = tcpr.find(_w("gridSpan"))
                    if gs is not None:
                        try:
                            span = max(1, min(int(gs.get(_VAL, "1")), 64))
                        except ValueError:
                            span = 1
                    vm = tcpr.find(_w("vMerge"))
                    continued = vm is not None and vm.get(_VAL, "continue") == "continue"
                col = len(cells)
                text = above.get(col, "") if continued else _cell_text(cell, numbering)
                above[col] = text
                cells.append(text)
                cells.extend([""] * (span - 1))
        rows.append(tuple(cells))
    tblpr = tbl.find(_w("tblPr"))
    bidi = tblpr is not None and _on(tblpr.find(_w("bidiVisual")))
    if not bidi and _looks_visually_reversed(rows):
        # A left-to-right table typed by a Persian author holds the columns in visual order
        # (ردیف is the last XML cell); reading order is the reverse.  A bidiVisual table's XML
        # order is already the reading order.
        rows = [tuple(reversed(r)) for r in rows]
    return rows


_NUMBER_HEADS: Final = ("ردیف", "شماره", "رديف")


def _looks_visually_reversed(rows: list[tuple[str, ...]]) -> bool:
    for row in rows[:3]:
        filled = [c for c in row if c]
        if len(filled) >= 2:
            last, first = row[-1].strip(), row[0].strip()
            if last.startswith(_NUMBER_HEADS) and not first.startswith(_NUMBER_HEADS):
                return True
    return False


def _body_items(parent: etree._Element, numbering: _Numbering) -> Iterator[str | Table]:
    """Paragraph lines and tables of a body-like element, in document order."""
    for child in parent:
        tag = child.tag
        if tag == _P:
            # Text boxes anchored in the paragraph come first (letterheads and titles often
            # live in one).  mc:Fallback holds a VML copy of the same box: skip it.
            for box in child.iter(_TXBX):
                if any(a.tag == f"{{{_MC}}}Fallback" for a in box.iterancestors()):
                    continue
                yield from _body_items(box, numbering)
            text = _para_text(child, numbering, in_table=False)
            # A line break inside a paragraph separates lines as in a text export.
            yield from text.split("\n") if text else [""]
        elif tag == _TBL:
            rows = _table_rows(child, numbering)
            if rows:
                yield Table(tuple(rows))
        elif tag in (_SDT, _w("customXml")):
            content = child.find(_SDTCONTENT) if tag == _SDT else child
            if content is not None:
                yield from _body_items(content, numbering)


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """One member, refused from its declared size and, should the header lie, cut at ``limit``."""
    if zf.getinfo(name).file_size > limit:
        raise MinutesParseError("too_large", _TOO_BIG_INSIDE)
    with zf.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise MinutesParseError("too_large", _TOO_BIG_INSIDE)
    return data


def docx_to_blocks(data: bytes) -> list[Block]:
    """Blocks of a .docx file; raises ``corrupt_docx`` for anything that is not a readable one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            main = "word/document.xml"
            if main not in names:
                # Strict-conformance or oddly named parts: find the main part by its name.
                candidates = [n for n in names if n.endswith("/document.xml")]
                if not candidates:
                    raise MinutesParseError("corrupt_docx")
                main = candidates[0]
            if len(names) > _MAX_MEMBERS:
                raise MinutesParseError("too_large", _TOO_BIG_INSIDE)
            xml = _read_member(zf, main, _MAX_XML_BYTES)
            numbering_xml = (
                _read_member(zf, "word/numbering.xml", _MAX_NUMBERING_BYTES)
                if "word/numbering.xml" in names
                else None
            )
            styles_xml = (
                _read_member(zf, "word/styles.xml", _MAX_NUMBERING_BYTES)
                if "word/styles.xml" in names
                else None
            )
        root = etree.fromstring(xml, _PARSER)
    except MinutesParseError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError) as exc:
        raise MinutesParseError("corrupt_docx") from exc
    except etree.LxmlError as exc:
        raise MinutesParseError("corrupt_docx") from exc
    except Exception as exc:  # zlib errors and the like: still a broken file, never a crash
        raise MinutesParseError("corrupt_docx") from exc
    body = root.find(_w("body"))
    if body is None:
        raise MinutesParseError("corrupt_docx")
    return lines_to_blocks(_body_items(body, _Numbering(numbering_xml, styles_xml)))
