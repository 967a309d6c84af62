"""Report attachments: what may be uploaded, judged by content and not by name.

An agency's report may carry PDF, Word, Excel and image files. The name an uploader gives a
file proves nothing, so :func:`validate_attachment` reads the bytes: PDF by its ``%PDF``
header, images by their signatures (through ``filetype``), Office Open XML (.docx/.xlsx) by
opening the zip and looking at ``[Content_Types].xml`` and the ``word/`` or ``xl/`` parts, and
the old binary .doc/.xls by the OLE signature plus the name of their main stream. The
extension must then agree with what the content is, so a PDF renamed .docx or a program
renamed .pdf is refused with a message that names the file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
from django.http import FileResponse, Http404

from qarargah.core.errors import ServiceError

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_REPORT = 10
# A report's text: a long page of prose; details beyond it belong in an attachment.
REPORT_TEXT_MAX_LENGTH = 20_000
REPORT_TEXT_MAX_LENGTH_FA = "۲۰٬۰۰۰"  # as messages write it

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    label: str  # what the person is told the content is
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("PDF", "application/pdf", ("pdf",))
DOCX = FileKind(
    "Word (docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
)
XLSX = FileKind(
    "Excel (xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
)
DOC = FileKind("Word (doc)", "application/msword", ("doc",))
XLS = FileKind("Excel (xls)", "application/vnd.ms-excel", ("xls",))
PNG = FileKind("تصویر PNG", "image/png", ("png",))
JPEG = FileKind("تصویر JPEG", "image/jpeg", ("jpg", "jpeg"))
GIF = FileKind("تصویر GIF", "image/gif", ("gif",))
WEBP = FileKind("تصویر WebP", "image/webp", ("webp",))

KINDS = (PDF, DOCX, XLSX, DOC, XLS, PNG, JPEG, GIF, WEBP)
ALLOWED_EXTENSIONS = tuple(ext for kind in KINDS for ext in kind.extensions)
_BY_MIME = {kind.content_type: kind for kind in (PNG, JPEG, GIF, WEBP)}
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
ALLOWED_DESCRIPTION = "PDF، Word، Excel و تصویر (PNG، JPEG، GIF، WebP)"


def _read_all(uploaded_file: Any) -> bytes:
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read()
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return data


def _office_open_xml(data: bytes) -> FileKind | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names:
            return None
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:  # a real one is a few KB; refuse to inflate a bomb
            return None
        content_types = archive.read(info).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return None
    if "wordprocessingml.document" in content_types and "word/document.xml" in names:
        return DOCX
    if "spreadsheetml.sheet" in content_types and "xl/workbook.xml" in names:
        return XLSX
    return None


def _ole(data: bytes) -> FileKind | None:
    if not data.startswith(OLE_SIGNATURE):
        return None
    # The directory of a compound file names its streams in UTF-16LE: Word keeps its text in
    # «WordDocument», Excel in «Workbook» (or «Book» for Excel 5/95).
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return XLS
    return None


def detect_kind(data: bytes) -> FileKind | None:
    """What the bytes are, among the kinds we accept; None for anything else."""
    # Readers accept a little junk (a BOM, blank lines) before the header, nothing more.
    if data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _office_open_xml(data)
    if data.startswith(OLE_SIGNATURE):
        return _ole(data)
    guess = filetype.image_match(data[:8192])
    if guess is not None:
        return _BY_MIME.get(guess.mime)
    return None


def file_size_label(size: int) -> str:
    from qarargah.persian import to_persian_digits

    if size >= 1024 * 1024:
        return to_persian_digits(f"{size / (1024 * 1024):.1f}") + " مگابایت"
    return to_persian_digits(str(max(1, round(size / 1024)))) + " کیلوبایت"


def validate_attachment(uploaded_file: Any) -> str:
    """Check an uploaded file and return its content type, or raise :class:`ServiceError`.

    Refuses empty files, files over 10 MB, kinds other than PDF/Word/Excel/images, and files
    whose extension does not match their content.
    """
    name = PurePath(getattr(uploaded_file, "name", "") or "بی‌نام").name
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ServiceError(f"حجم فایل «{name}» بیش از ۱۰ مگابایت است.", code="attachment_too_large")
    data = _read_all(uploaded_file)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise ServiceError(f"حجم فایل «{name}» بیش از ۱۰ مگابایت است.", code="attachment_too_large")
    if not data:
        raise ServiceError(
            f"فایل «{name}» خالی است؛ فایل درست را دوباره انتخاب کنید.", code="attachment_empty"
        )
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_EXTENSIONS:
        raise ServiceError(
            f"نوع فایل «{name}» پذیرفته نیست؛ فقط {ALLOWED_DESCRIPTION} را می‌توانید پیوست کنید.",
            code="attachment_type",
        )
    kind = detect_kind(data)
    if kind is None:
        raise ServiceError(
            f"محتوای فایل «{name}» با پسوند «.{extension}» آن جور نیست و از انواع مجاز ({ALLOWED_DESCRIPTION}) "
            "هم نیست؛ فایل اصلی را پیوست کنید.",
            code="attachment_forged",
        )
    if extension not in kind.extensions:
        raise ServiceError(
            f"فایل «{name}» در واقع {kind.label} است ولی پسوند آن «.{extension}» است؛ "
            "پسوند فایل را درست کنید و دوباره بارگذاری کنید.",
            code="attachment_forged",
        )
    return kind.content_type


def sha256_of(uploaded_file: Any) -> str:
    return hashlib.sha256(_read_all(uploaded_file)).hexdigest()


def attachment_response(item: Any) -> FileResponse:
    """The download of a report attachment, for the page and the API alike: the file as
    uploaded, under its original name, never cached by a shared proxy. A file gone from disk
    is the same 404 as an attachment the user may not see."""
    try:
        handle = item.file.open("rb")
    except OSError:  # FileNotFoundError included
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
