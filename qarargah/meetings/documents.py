"""The minutes and the invitation of a meeting as Word (.docx) and PDF files.

One place makes the bytes; the meeting page, the API and the ``minutes`` / ``invitation``
commands only choose the response (:func:`document_response`) or the file to write.

- The data of a document is a dict of plain Persian strings (:func:`minutes_data`,
  :func:`invitation_data`): digits already Persian, dates Jalali, one entry per row. Both
  formats render the same dict, so Word and PDF never disagree on what the minutes say.
- Word: docxtpl renders the body's own template (``DocumentTemplate``, replaced from the admin)
  or the shipped default built by ``document_templates/build_default.py``; the default keeps
  every paragraph, table and run right to left (see that script).
- PDF: WeasyPrint renders ``meetings/documents/<kind>.html`` with Vazirmatn from the npm package
  the app already serves; page numbers «صفحه ۱ از ۳» come from CSS counters in the ``persian``
  counter style.
- A signed meeting's document is *issued* (:func:`build_document`): it carries a short code and
  a QR code for the public ``/verify/<code>/`` page, and its bytes are kept, so the SHA-256 the
  page shows is the hash of the file the recipient holds (decision 0024). A meeting not yet
  signed gets a draft: no code, a «پیش‌نویس» notice, nothing kept.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import secrets
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.template.loader import render_to_string

from qarargah.persian import JalaliDate, format_jalali, to_persian_digits

from .models import (
    PUBLISHED_STATUSES,
    DocumentFormat,
    DocumentKind,
    DocumentTemplate,
    IssuedDocument,
    Meeting,
    MinutesDocument,
)

if TYPE_CHECKING:
    from qarargah.resolutions.models import Resolution

__all__ = [
    "CONTENT_TYPES",
    "BuiltDocument",
    "SigningState",
    "build_document",
    "document_response",
    "invitation_data",
    "minutes_data",
    "render_docx",
    "render_pdf",
    "signing_state",
    "validate_template",
]

TEMPLATE_DIR = Path(__file__).resolve().parent / "document_templates"
CONTENT_TYPES = {
    DocumentFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentFormat.PDF: "application/pdf",
}
KIND_FA = {DocumentKind.MINUTES: "صورتجلسه", DocumentKind.INVITATION: "دعوتنامه"}
# A letterhead template is a few pages and a logo; anything larger is not a template.
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
TEMPLATE_TOO_LARGE = "فایل قالب بزرگ‌تر از ۵ مگابایت است."
NOT_A_DOCX = "این فایل، سند Word (docx) نیست."
# Short codes: no 0/O, 1/I/L, so a code read off paper and typed back is not misread.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
DRAFT_NOTICE = "پیش‌نویس — این سند هنوز امضا نشده و کد تصدیق ندارد."


# --- Signing state ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningState:
    signed: bool
    label: str


SIGNED_ON_PAPER = SigningState(True, "امضاشده روی کاغذ (واردشده از فایل صورتجلسه)")
SIGNED = SigningState(True, "امضاشده در سامانه")
NOT_SIGNED = SigningState(False, "امضانشده (پیش‌نویس)")


def signing_state(meeting: Meeting) -> SigningState:
    """Whether the meeting's minutes are signed, which makes its documents verifiable.

    The meeting life cycle (issue 13) stores signing on the meeting; until a meeting carries
    that state, a meeting imported from a minutes file was signed on paper before it reached us
    (the import is the record of a held, signed meeting), and one typed in by hand is not signed.
    """
    if meeting.signed_at is not None:
        return SIGNED
    if meeting.is_imported or meeting.documents.exists():
        return SIGNED_ON_PAPER
    return NOT_SIGNED


def signed_q() -> Q:
    """:func:`signing_state`'s ``signed`` as a query condition, for lists (the life cycle adds
    its own signed state here beside the imported one)."""
    return Q(status__in=PUBLISHED_STATUSES) & (
        Q(signed_at__isnull=False)
        | Q(is_imported=True)
        | Q(Exists(MinutesDocument.objects.filter(meeting_id=OuterRef("pk"))))
    )


def amendment_number(meeting: Meeting) -> int:
    """The amendment the current minutes include (0: the original); set when one is signed."""
    return meeting.amendment_number


# --- Data ---------------------------------------------------------------------------------------------


def _fa(value: object) -> str:
    return to_persian_digits(str(value)) if value not in (None, "") else ""


def _date(value: datetime.date | None) -> str:
    return format_jalali(value) if value else ""


def _time(value: datetime.time | None) -> str:
    return _fa(value.strftime("%H:%M")) if value else ""


def _title(meeting: Meeting) -> str:
    if meeting.title:
        return _fa(meeting.title)
    number = f" شماره {meeting.number}" if meeting.number else ""
    return _fa(f"صورتجلسه{number} {meeting.body.name}")


def _letterhead(meeting: Meeting) -> str:
    agency = meeting.body.secretariat_agency
    return _fa(agency.name if agency else f"دبیرخانه {meeting.body.name}")


def _person(name: str, role: str) -> str:
    return _fa("، ".join(part for part in (name, role) if part))


def _responsible(resolution: Resolution) -> str:
    """As the minutes wrote it; for a resolution typed in, its agencies (leads, then partners)."""
    if resolution.assignees_raw:
        return _fa(resolution.assignees_raw)
    leads = [a.agency.name for a in resolution.assignments.all() if a.role == "lead"]
    partners = [a.agency.name for a in resolution.assignments.all() if a.role != "lead"]
    text = "، ".join(leads)
    if partners:
        text += f" (با همکاری {'، '.join(partners)})"
    return _fa(text)


def _deadline(resolution: Resolution) -> str:
    if resolution.deadline_raw:
        return _fa(resolution.deadline_raw)
    return _date(resolution.due_date)


def _agenda(meeting: Meeting) -> list[str]:
    return [_fa(f"{i}- {item.text}") for i, item in enumerate(meeting.agenda_items.order_by("order"), 1)]


def attendance_lines(meeting: Meeting) -> list[str]:
    """«name، post — present / absent / represented by …» per attendee, when attendance was
    recorded. The life cycle records attendance (issue 13); until a meeting has it, none."""
    records = getattr(meeting, "attendance", None)
    if records is None or not hasattr(records, "all"):
        return []
    return [_fa(str(record)) for record in records.all()]


def _common(meeting: Meeting) -> dict[str, Any]:
    body = meeting.body
    weekday = meeting.weekday or JalaliDate.from_gregorian(meeting.date).weekday_name()
    return {
        "letterhead": _letterhead(meeting),
        "title": _title(meeting),
        "body": _fa(body.name),
        "number": _fa(meeting.number or ""),
        "date": _date(meeting.date),
        "weekday": weekday,
        "time": _time(meeting.time),
        "place": _fa(meeting.place),
        "invitation_number": _fa(meeting.invitation_number),
        "invitation_date": _date(meeting.invitation_date),
        "agenda": _agenda(meeting),
        "chair": _fa(meeting.chair_name),
        "chair_title": _fa(meeting.chair_role or "رئیس جلسه"),
        "secretary": _fa(meeting.secretary_name),
        "secretary_title": _fa(meeting.secretary_role or "دبیر جلسه"),
    }


def minutes_data(meeting: Meeting, *, attendance: Sequence[str] | None = None) -> dict[str, Any]:
    """Everything the minutes print, as Persian strings, in the order of the samples. All the
    meeting's resolutions: the minutes are one document, read whole by whoever may open it."""
    resolutions = meeting.resolutions.order_by("number").prefetch_related("assignments__agency")
    state = signing_state(meeting)
    amendment = amendment_number(meeting)
    return {
        **_common(meeting),
        "narrative": [_fa(p.strip()) for p in meeting.narrative.splitlines() if p.strip()],
        "statements": [
            {"speaker": _person(s.name, s.role), "text": _fa(f": {s.statement}") if s.statement else ""}
            for s in meeting.speakers.order_by("order")
        ],
        "resolutions": [
            {
                "number": _fa(r.number),
                "text": _fa(r.text),
                "responsible": _responsible(r),
                "deadline": _deadline(r),
            }
            for r in resolutions
        ],
        "attendance": list(attendance if attendance is not None else attendance_lines(meeting)),
        "signing_state": state.label + (f" — شامل اصلاحیه شماره {_fa(amendment)}" if amendment else ""),
    }


def invitation_data(meeting: Meeting) -> dict[str, Any]:
    common = _common(meeting)
    when = f"روز {common['weekday']} مورخ {common['date']}"
    if common["time"]:
        when += f" ساعت {common['time']}"
    where = f" در {common['place']}" if common["place"] else ""
    # The meeting, not its minutes: «سومین صورتجلسه قرارگاه …» is invited to as «سومین جلسه قرارگاه …».
    if meeting.title:
        title = _fa(re.sub(r"صورت[\s\u200c]*جلسه", "جلسه", meeting.title))
    else:
        number = f" شماره {meeting.number}" if meeting.number else ""
        title = _fa(f"جلسه{number} {meeting.body.name}")
    return {
        **common,
        "title": title,
        "salutation": "اعضای محترم",
        "invitation_text": f"بدین‌وسیله از جنابعالی دعوت می‌شود در {title} که {when}{where} "
        "با دستور کار زیر برگزار می‌شود، شرکت فرمایید.",
        "closing": "حضور جنابعالی یا نماینده تام‌الاختیار موجب امتنان است.",
        "signing_state": signing_state(meeting).label,
    }


DATA = {DocumentKind.MINUTES: minutes_data, DocumentKind.INVITATION: invitation_data}


# --- Verification -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    code: str
    url: str

    @property
    def display_code(self) -> str:
        return f"{self.code[:5]}-{self.code[5:]}"

    def qr(self) -> Any:
        import segno

        return segno.make(self.url, error="m")

    def qr_png(self) -> bytes:
        out = io.BytesIO()
        self.qr().save(out, kind="png", scale=4, border=2)
        return out.getvalue()

    def qr_svg_data_uri(self) -> str:
        return self.qr().svg_data_uri(scale=3, border=2)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed or scanned («abcde-fghjk») as stored («ABCDEFGHJK»)."""
    return raw.replace("-", "").replace(" ", "").upper()


def verify_url(code: str) -> str:
    from django.urls import reverse

    return settings.QARARGAH_SITE_URL + reverse("verify", args=[code])


# --- Word ----------------------------------------------------------------------------------------------


@cache
def default_template(kind: str) -> bytes:
    return (TEMPLATE_DIR / f"{kind}.docx").read_bytes()


def template_for(meeting: Meeting, kind: str) -> bytes:
    """The body's own template for this kind of document, else the shipped default."""
    own = DocumentTemplate.objects.filter(body_id=meeting.body_id, kind=kind).first()
    if own is not None:
        try:
            with own.file.open("rb") as handle:
                return handle.read()
        except OSError:
            pass  # a template lost from disk: the default still makes a correct document
    return default_template(kind)


def render_docx(
    kind: str,
    data: dict[str, Any],
    *,
    template: bytes | None = None,
    verification: Verification | None = None,
) -> bytes:
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    tpl = DocxTemplate(io.BytesIO(template if template is not None else default_template(kind)))
    context = {**data, "draft_notice": DRAFT_NOTICE, "verification": None}
    if verification is not None:
        context["verification"] = {
            "code": verification.display_code,
            "url": verification.url,
            "qr": InlineImage(tpl, io.BytesIO(verification.qr_png()), width=Mm(22)),
        }
    # autoescape: the data is text a person typed; «<» or «&» in it must stay text in the XML.
    tpl.render(context, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def validate_template(content: bytes, *, kind: str = DocumentKind.MINUTES) -> None:
    """A replacement template from the admin: a real .docx (by content, not by name), bounded in
    size, that docxtpl can render with a meeting's data. Raises ValidationError in Persian."""
    if len(content) > MAX_TEMPLATE_BYTES:
        raise ValidationError(TEMPLATE_TOO_LARGE)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise ValidationError(NOT_A_DOCX) from None
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise ValidationError(NOT_A_DOCX)
    if total > 10 * MAX_TEMPLATE_BYTES:
        raise ValidationError("محتوای این فایل Word پس از باز شدن بیش از اندازهٔ مجاز است.")
    sample = _sample_data()
    try:
        render_docx(kind, sample, template=content)
    except Exception as exc:  # any template error: a Jinja syntax error, an unknown filter …
        raise ValidationError(f"قالب را نمی‌توان با داده‌های یک جلسه پر کرد: {exc}") from None


def _sample_data() -> dict[str, Any]:
    """A meeting's worth of data with every key both kinds use (for checking a template)."""
    return {
        "letterhead": "دبیرخانه",
        "title": "صورتجلسه شماره ۱",
        "body": "قرارگاه",
        "number": "۱",
        "date": "۱۴۰۴/۰۱/۰۱",
        "weekday": "شنبه",
        "time": "۱۰:۰۰",
        "place": "سالن",
        "invitation_number": "۱",
        "invitation_date": "۱۴۰۴/۰۱/۰۱",
        "agenda": ["۱- دستور"],
        "narrative": ["شرح"],
        "statements": [{"speaker": "سخنران", "text": ""}],
        "resolutions": [{"number": "۱", "text": "متن", "responsible": "دستگاه", "deadline": "یک هفته"}],
        "attendance": [],
        "chair": "",
        "chair_title": "رئیس جلسه",
        "secretary": "",
        "secretary_title": "دبیر جلسه",
        "signing_state": "",
        "salutation": "",
        "invitation_text": "",
        "closing": "",
    }


# --- PDF -------------------------------------------------------------------------------------------------


def _fonts_dir() -> Path:
    return Path(settings.NODE_MODULES) / "vazirmatn" / "fonts" / "ttf"


@cache
def _url_fetcher() -> Any:
    """Only our fonts and inline data (the QR code): the document names no other resource, and
    the text in it is a person's, so nothing in it may make WeasyPrint read a file or the network."""
    from weasyprint.urls import URLFetcher

    fonts = _fonts_dir().resolve().as_uri() + "/"

    class FontsOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not (url.startswith("data:") or url.startswith(fonts)):
                raise ValueError(f"resource not allowed in a meeting document: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols={"file", "data"}, allow_redirects=False)


def render_pdf(kind: str, data: dict[str, Any], *, verification: Verification | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        f"meetings/documents/{kind}.html",
        {
            **data,
            "fonts": _fonts_dir().resolve().as_uri(),
            "draft_notice": DRAFT_NOTICE,
            "verification": verification,
            "qr": verification.qr_svg_data_uri() if verification else "",
        },
    )
    return HTML(string=html, url_fetcher=_url_fetcher()).write_pdf()


# --- Issuing ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltDocument:
    content: bytes
    filename: str
    content_type: str
    issued: IssuedDocument | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _render(kind: str, fmt: str, data: dict[str, Any], template: bytes, v: Verification | None) -> bytes:
    if fmt == DocumentFormat.PDF:
        return render_pdf(kind, data, verification=v)
    return render_docx(kind, data, template=template, verification=v)


def _filename(meeting: Meeting, kind: str, fmt: str) -> str:
    number = f"-{meeting.number}" if meeting.number else ""
    return f"{KIND_FA[DocumentKind(kind)]}{number}-{meeting.body.name}-{JalaliDate.from_gregorian(meeting.date).isoformat()}.{fmt}"  # fmt: skip


def _stored(issued: IssuedDocument) -> bytes | None:
    try:
        with issued.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return None
    return content if hashlib.sha256(content).hexdigest() == issued.sha256 else None


def build_document(meeting: Meeting, *, kind: str, fmt: str) -> BuiltDocument:
    """The document a reader downloads. A signed meeting's is issued once per content: the
    first download renders it with a new code and keeps the bytes; later downloads of the same
    content get those bytes again (same SHA-256); changed content (an amendment, a corrected
    resolution, a new template) is a new issue with its own code, and the old one stays
    verifiable. The caller has checked that the reader may see the meeting."""
    kind, fmt = DocumentKind(kind), DocumentFormat(fmt)
    data = DATA[kind](meeting)
    template = template_for(meeting, kind)
    filename = _filename(meeting, kind, fmt)
    content_type = CONTENT_TYPES[fmt]
    if not signing_state(meeting).signed:
        return BuiltDocument(_render(kind, fmt, data, template, None), filename, content_type, None)

    amendment = amendment_number(meeting)
    key = hashlib.sha256(
        json.dumps(
            {
                "kind": kind.value,
                "format": fmt.value,
                "data": data,
                "template": hashlib.sha256(template).hexdigest(),
                "amendment": amendment,
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
    ).hexdigest()
    existing = IssuedDocument.objects.filter(meeting=meeting, kind=kind, format=fmt, content_key=key).first()
    if existing is not None:
        content = _stored(existing)
        if content is None:  # the kept file is gone: issue the same code again and keep it
            content = _render(
                kind, fmt, data, template, Verification(existing.code, verify_url(existing.code))
            )
            existing.sha256 = hashlib.sha256(content).hexdigest()
            existing.file.save("f", ContentFile(content), save=False)
            existing.save(update_fields=["sha256", "file"])
        return BuiltDocument(content, filename, content_type, existing)

    code = new_code()
    content = _render(kind, fmt, data, template, Verification(code, verify_url(code)))
    issued = IssuedDocument(
        meeting=meeting,
        kind=kind,
        format=fmt,
        code=code,
        content_key=key,
        sha256=hashlib.sha256(content).hexdigest(),
        amendment=amendment,
    )
    issued.file.save("f", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            issued.save()
    except IntegrityError:
        # Someone issued the same content a moment ago: theirs is the one, ours is dropped.
        issued.file.delete(save=False)
        winner = IssuedDocument.objects.get(meeting=meeting, kind=kind, format=fmt, content_key=key)
        content = _stored(winner) or content
        return BuiltDocument(content, filename, content_type, winner)
    return BuiltDocument(content, filename, content_type, issued)


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment header with a Persian file name (RFC 6266) and an ASCII fallback."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def document_response(meeting: Meeting, document: BuiltDocument) -> HttpResponse:
    """The download, for the page and the API alike: never cached by a shared proxy."""
    response = HttpResponse(document.content, content_type=document.content_type)
    extension = document.filename.rsplit(".", 1)[-1]
    kind = "minutes" if document.filename.startswith(KIND_FA[DocumentKind.MINUTES]) else "invitation"
    response["Content-Disposition"] = content_disposition(
        document.filename, f"{kind}-{meeting.pk}.{extension}"
    )
    response["Cache-Control"] = "private, no-store"
    if document.issued is not None:
        response["X-Document-Code"] = document.issued.code
        response["X-Document-SHA256"] = document.issued.sha256
    return response
