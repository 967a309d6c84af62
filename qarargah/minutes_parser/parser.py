"""Orchestration: bytes/text → blocks → fields → :class:`ParsedMinutes`.

Every extractor runs behind a guard: a bug or an odd layout in one field adds a warning and
leaves that field empty instead of losing the whole document, and nothing but
:class:`MinutesParseError` ever leaves this module.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from typing import Final

from qarargah.minutes_parser.agenda import extract_agenda
from qarargah.minutes_parser.blocks import Block, Para, Table, reset_caches, table_text, text_to_blocks
from qarargah.minutes_parser.decode import decode_text, sniff_kind
from qarargah.minutes_parser.docx_reader import docx_to_blocks
from qarargah.minutes_parser.errors import MinutesParseError
from qarargah.minutes_parser.header import Header, extract_header
from qarargah.minutes_parser.model import Invitation, ParsedMinutes, ParsedResolution, Person
from qarargah.minutes_parser.people import find_speakers
from qarargah.minutes_parser.resolutions import extract_resolutions
from qarargah.minutes_parser.vocab import key
from qarargah.persian import JalaliDate

__all__ = ["MAX_FILE_BYTES", "parse_bytes", "parse_file", "parse_text"]

MAX_FILE_BYTES: Final = 10 * 1024 * 1024

AgencyPredicate = Callable[[str], bool] | None


def _guarded[T](fn: Callable[[], T], default: T, warnings: list[str], what: str) -> T:
    try:
        return fn()
    except MinutesParseError:
        raise
    except Exception:
        warnings.append(f"خواندن {what} با خطا روبه‌رو شد؛ لطفاً آن را دستی وارد کنید.")
        return default


def _minutes_from_blocks(blocks: list[Block], is_agency: AgencyPredicate) -> ParsedMinutes:
    reset_caches()
    warnings: list[str] = []
    header = _guarded(lambda: extract_header(blocks), Header(), warnings, "سربرگ جلسه")
    warnings.extend(header.warnings)
    no_agenda: tuple[tuple[str, ...], set[int]] = ((), set())
    agenda, agenda_blocks = _guarded(
        lambda: extract_agenda(blocks, header.agenda_value), no_agenda, warnings, "دستور کار"
    )
    skip = set(agenda_blocks) | header.label_blocks
    if header.title_block is not None:
        skip.add(header.title_block)
    no_resolutions: tuple[list[ParsedResolution], set[int]] = ([], set())
    resolutions, list_blocks = _guarded(
        lambda: extract_resolutions(blocks, header.date, skip=skip, is_agency=is_agency, warnings=warnings),
        no_resolutions,
        warnings,
        "مصوبات",
    )
    narrative_skip = skip | list_blocks
    no_speakers: tuple[Person, ...] = ()
    speakers = _guarded(
        lambda: find_speakers(
            b.text for i, b in enumerate(blocks) if isinstance(b, Para) and i not in narrative_skip
        ),
        no_speakers,
        warnings,
        "سخنرانان",
    )
    resolutions = _local_offices(resolutions, header)
    if not resolutions:
        warnings.append("هیچ مصوبه‌ای در این صورتجلسه پیدا نشد.")
    for r in resolutions:
        warnings.extend(f"مصوبه {r.number}: {w}" for w in (*r.number_warnings, *r.deadline.warnings))

    if header.title is None and header.date is None and not resolutions:
        raise MinutesParseError("not_minutes")
    unsure = _unsure(header, resolutions)
    # Every unsure field is also a warning that names it, so `parse --json` (whose keys are
    # fixed) tells the person what to check; ``unsure`` carries the same with the field's path.
    warnings.extend(m for _, m in unsure)

    source = "\n".join(b.text if isinstance(b, Para) else table_text(b.rows) for b in blocks)
    return ParsedMinutes(
        title=header.title,
        body=header.body,
        number=header.number,
        bodies=header.bodies,
        date=header.date,
        weekday=header.weekday,
        time=header.time,
        place=header.place,
        invitation=Invitation(header.inv_number, header.inv_date),
        chair=header.chair or Person(None, None),
        secretary=header.secretary or Person(None, None),
        agenda=tuple(agenda),
        speakers=tuple(speakers),
        resolutions=tuple(resolutions),
        warnings=tuple(dict.fromkeys(warnings)),
        source_text=source,
        unsure=tuple(dict.fromkeys(unsure)),
    )


_PLACE_OF_BODY_RE = re.compile(r"(?<![\w\u200c])(?P<kind>شهرستان|شهر)[ \u200c]+(?P<name>[آ-ی][^\s،.():]*)")
# Words after «شهرستان» that are not its name («کمیسیون ماده ۵ شهرستان مورخ …»).
_NOT_A_PLACE = frozenset(
    {"استان", "مرکز", "تابعه", "محترم", "ها", "های", "صورتجلسه", "جلسه", "در", "و", "به", "با"}
    | {"مورخ", "مورخه", "تاریخ", "روز", "ساعت", "سال", "محل", "برگزار", "که", "از", "تا", "را"}
)


_LOCAL_OFFICES = frozenset({"شهرداری", "فرمانداری", "بخشداری"})


def _local_offices(resolutions: list[ParsedResolution], header: Header) -> list[ParsedResolution]:
    """A bare «شهرداری»/«فرمانداری» is the office of the body's own city or county:
    «شورای اجتماعی شهرستان خمین» → «فرمانداری خمین», «شهرداری خمین»."""
    m = next(
        (
            x
            for t in (header.body, header.title)
            if t
            for x in _PLACE_OF_BODY_RE.finditer(t)
            if x.group("name") not in _NOT_A_PLACE
        ),
        None,
    )
    if m is None:
        return resolutions
    place = m.group("name")
    out = []
    for r in resolutions:
        names = tuple(f"{a} {place}" if a in _LOCAL_OFFICES else a for a in r.assignees)
        partners = tuple(f"{a} {place}" if a in _LOCAL_OFFICES else a for a in r.partners)
        changed = names != r.assignees or partners != r.partners
        out.append(dataclasses.replace(r, assignees=names, partners=partners) if changed else r)
    return out


# What the preview is asked to fill in when a header field is missing.
_MISSING: dict[str, str] = {
    "title": "عنوان جلسه",
    "body": "نام شورا یا کارگروه",
    "number": "شماره جلسه",
    "date": "تاریخ جلسه",
    "time": "ساعت جلسه",
    "place": "محل جلسه",
    "chair": "رئیس جلسه",
}


# The header already words these two; the same message is not given twice.
_SAID_BY_HEADER: dict[str, str] = {"number": "شماره جلسه در متن پیدا نشد.", "date": "تاریخ جلسه پیدا نشد."}


def _unsure(header: Header, resolutions: list[ParsedResolution]) -> list[tuple[str, str]]:
    """(field, message) for every field missing, guessed or ambiguous."""
    out: list[tuple[str, str]] = []
    values = {
        "title": header.title,
        "body": header.body or (header.bodies or None),
        "number": header.number if header.number is not None else (header.bodies or None),
        "date": header.date,
        "time": header.time,
        "place": header.place,
        "chair": header.chair.name or header.chair.role if header.chair else None,
    }
    for f, label in _MISSING.items():
        if values[f] is None:
            out.append((f, _SAID_BY_HEADER.get(f) or f"{label} در فایل پیدا نشد؛ لطفاً آن را وارد کنید."))
    out.extend(header.unsure)
    if header.date is not None and header.weekday is not None:
        actual = JalaliDate.from_gregorian(header.date).weekday_name()
        if key(actual) != key(header.weekday):
            message = f"روز هفته «{header.weekday}» با تاریخ جلسه ({actual}) نمی‌خواند؛ لطفاً تاریخ و روز را بررسی کنید."
            out.extend((("date", message), ("weekday", message)))
    for i, r in enumerate(resolutions):
        for w in r.number_warnings:
            out.append((f"resolutions[{i}].number", f"مصوبه {r.number}: {w}"))
        for w in r.deadline.warnings:
            out.append((f"resolutions[{i}].deadline", f"مصوبه {r.number}: {w}"))
        if r.deadline.due_date is not None and header.date is not None and r.deadline.due_date < header.date:
            # «تا پایان شهریور سال جاری» in minutes of مهر: a slip in the file or in our reading.
            out.append(
                (
                    f"resolutions[{i}].deadline",
                    f"مصوبه {r.number}: مهلت «{r.deadline.raw}» پیش از تاریخ جلسه است؛ لطفاً بررسی کنید.",
                )
            )
        if r.split_guessed:
            out.append(
                (
                    f"resolutions[{i}].text",
                    f"مصوبه {r.number}: از متن پیوسته جدا شد؛ لطفاً آغاز و پایان آن را بررسی کنید.",
                )
            )
        if not r.assignees:
            out.append((f"resolutions[{i}].assignees", f"مصوبه {r.number}: مسئول اجرا پیدا نشد."))
        elif r.assignee_guessed:
            out.append(
                (
                    f"resolutions[{i}].assignees",
                    f"مصوبه {r.number}: مسئول اجرا از متن مصوبه برداشت شد؛ لطفاً پایان نام دستگاه را بررسی کنید.",
                )
            )
    return out


def _blocks_or_error(blocks: list[Block]) -> list[Block]:
    if not any((isinstance(b, Para) and b.text.strip()) or isinstance(b, Table) for b in blocks):
        raise MinutesParseError("empty")
    return blocks


def parse_text(text: str, *, is_agency: AgencyPredicate = None) -> ParsedMinutes:
    """Parse minutes already decoded to text (plain-text export of Word, or Markdown)."""
    try:
        if not isinstance(text, str):
            raise MinutesParseError("unsupported")
        if not text.strip():
            raise MinutesParseError("empty")
        if len(text) > MAX_FILE_BYTES:
            raise MinutesParseError("too_large")
        return _minutes_from_blocks(_blocks_or_error(text_to_blocks(text)), is_agency)
    except MinutesParseError:
        raise
    except RecursionError as exc:
        raise MinutesParseError("unsupported") from exc
    except Exception as exc:  # last line of defence: the contract is "only MinutesParseError"
        raise MinutesParseError("unsupported") from exc


def parse_bytes(data: bytes, filename: str = "", *, is_agency: AgencyPredicate = None) -> ParsedMinutes:
    """Parse an uploaded file's bytes; ``filename`` only helps to tell formats apart."""
    try:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise MinutesParseError("unsupported")
        data = bytes(data)
        if len(data) > MAX_FILE_BYTES:
            raise MinutesParseError("too_large")
        if not data.strip(b" \t\r\n\x00\x0b\x0c") or data in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
            raise MinutesParseError("empty")
        kind = sniff_kind(data, filename or "")
        if kind == "docx":
            blocks = docx_to_blocks(data)
            if not any(isinstance(b, Table) or b.text.strip() for b in blocks):
                raise MinutesParseError(
                    "empty", "فایل Word بارگذاری‌شده متنی ندارد؛ لطفاً فایل صورتجلسه را دوباره انتخاب کنید."
                )
            return _minutes_from_blocks(blocks, is_agency)
        text = decode_text(data)
        return parse_text(text, is_agency=is_agency)
    except MinutesParseError:
        raise
    except Exception as exc:
        raise MinutesParseError("unsupported") from exc


def parse_file(path: str | os.PathLike[str], *, is_agency: AgencyPredicate = None) -> ParsedMinutes:
    """Parse the file at ``path`` (.docx, .txt, .md)."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise MinutesParseError("too_large")
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except MinutesParseError:
        raise
    except OSError as exc:
        raise MinutesParseError("unsupported", "فایل قابل خواندن نیست؛ لطفاً دوباره بارگذاری کنید.") from exc
    return parse_bytes(data, os.fspath(path), is_agency=is_agency)
