"""Meeting documents on the site: the download from the meeting page, and the public page
behind a document's QR code.

``/verify/<code>/`` needs no login.
It says only what a recipient needs to trust a printed or forwarded copy — the body, the
meeting's number and date, whether the minutes are signed (and which amendment the document
includes) and the SHA-256 of every file issued for that meeting's document — and nothing a
stranger could learn more from: no resolution text, no names, no agencies. An unknown code is a
plain 404. A pasted hash is compared against the issued files (decision 0024).
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import get_meeting_for_document_reader
from .documents import build_document, document_response, normalise_code, signing_state
from .models import DocumentFormat, DocumentKind, IssuedDocument

_HEX64 = re.compile(r"^[0-9a-f]{64}$")


@require_GET
@login_required
def meeting_document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The minutes or invitation of a meeting the user may read, as Word or PDF."""
    if kind not in DocumentKind.values or fmt not in DocumentFormat.values:
        raise Http404
    meeting = get_meeting_for_document_reader(request.user, pk)
    return document_response(meeting, build_document(meeting, kind=kind, fmt=fmt))


@require_GET
def verify_document(request: HttpRequest, code: str) -> HttpResponse:
    issued = (
        IssuedDocument.objects.select_related("meeting", "meeting__body")
        .filter(code=normalise_code(code)[:16])
        .first()
    )
    if issued is None:
        raise Http404
    meeting = issued.meeting
    versions = list(
        IssuedDocument.objects.filter(meeting=meeting, kind=issued.kind).order_by("issued_at", "pk")
    )
    raw = (request.GET.get("sha256") or "").strip().lower()
    compared: dict[str, object] | None = None
    if raw:
        if not _HEX64.match(raw):
            compared = {"error": "اثر انگشت SHA-256 باید ۶۴ نویسه از ۰ تا ۹ و a تا f باشد."}
        else:
            match = next((v for v in versions if v.sha256 == raw), None)
            compared = {"match": match, "value": raw}
    return render(
        request,
        "meetings/verify.html",
        {
            "issued": issued,
            "meeting": meeting,
            "state": signing_state(meeting),
            "versions": versions,
            "compared": compared,
        },
    )
