"""Small builders for the follow-up tests: meetings and resolutions made through the real
creation services, files of every kind we accept, and a few shortcuts for the workflow."""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
import zlib
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qarargah.meetings.services import MeetingData, create_meeting
from qarargah.organisations.models import Agency, Body, TargetNeighbourhood
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, DeadlineKind, Resolution

_numbers = count(1)

ALBORZ_HQ = "قرارگاه اجتماعی استان"
MARKAZI_COUNCIL = "شورای اجتماعی استان"
VARZESH = "اداره کل ورزش و جوانان"
TAAVON = "اداره کل تعاون، کار و رفاه اجتماعی"
KARAJ = "فرمانداری کرج"
MARKAZI_BEHZISTI = "اداره کل بهزیستی استان"


def today() -> datetime.date:
    return timezone.localdate()


def agency(name: str) -> Agency:
    return Agency.objects.get(name=name)


def body(name: str = ALBORZ_HQ) -> Body:
    return Body.objects.get(name=name)


def make_meeting(
    actor, *, body_name: str = ALBORZ_HQ, date: datetime.date | None = None, number: int | None = None
):
    return create_meeting(
        actor=actor,
        body=body(body_name),
        data=MeetingData(date=date or today() - datetime.timedelta(days=20), number=number or next(_numbers)),
    )


def make_resolution(
    actor,
    *,
    meeting=None,
    text: str = "مقرر گردید: دستگاه‌ها گزارش اقدامات خود را به دبیرخانه ارسال نمایند.",
    agencies: tuple[str, ...] = (VARZESH,),
    kind: str = DeadlineKind.RELATIVE,
    due: datetime.date | None = None,
    neighbourhoods: tuple[str, ...] = (),
    **extra,
) -> Resolution:
    meeting = meeting or make_meeting(actor)
    resolution = services.create_resolution(
        actor=actor,
        meeting=meeting,
        number=next(_numbers),
        text=text,
        deadline_kind=kind,
        parsed_due=due if due is not None else today() + datetime.timedelta(days=10),
        agencies=[(agency(name), "lead") for name in agencies],
        **extra,
    )
    if neighbourhoods:
        resolution.neighbourhoods.set(TargetNeighbourhood.objects.filter(name__in=neighbourhoods))
    return resolution


def assignment_of(resolution: Resolution, name: str = VARZESH) -> Assignment:
    return resolution.assignments.select_related("resolution__meeting__body", "agency").get(agency__name=name)


def report(officer, assignment: Assignment, text: str = "جلسه برگزار شد و صورتجلسه پیوست است.", **kwargs):
    return services.submit_progress_report(actor=officer, assignment=assignment, text=text, **kwargs)


# --- Files ---------------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("گزارش اقدامات")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return buffer.getvalue()


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def exe_bytes() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + b"\x00" * 200
        + b"This program cannot be run in DOS mode"
    )


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
