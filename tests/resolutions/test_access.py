"""resolutions.access: one function per kind of follow-up object, for every page, API view and command.

For each function: a missing id and a hidden object give the same 404 (through the function,
on the page and in the API: same status, same body); the writer's version refuses a person who
sees the object but may not change it with a 403 and the Persian message; the right person gets
the object.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from qarargah.api.tokens import issue_token
from qarargah.resolutions import access, services
from qarargah.resolutions.models import ReportAttachment
from tests.api.world import PDF_BYTES, build_world

pytestmark = pytest.mark.django_db

NOT_SECRETARIAT = "فقط دبیرخانه همین استان می‌تواند مصوبات را ویرایش و گزارش‌ها و درخواست‌ها را بررسی کند."
NOT_YOUR_AGENCY = "فقط کارشناس دستگاه مسئول این تکلیف می‌تواند برای آن اقدام یا گزارش ثبت کند."
MISSING = 987_654_321
GARBAGE_IDS = ["abc", "", None, -1, 0, 2**70, "1; DROP TABLE x", "١٢"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def world(people):
    w = build_world()
    w.report = services.submit_progress_report(
        actor=people.varzesh,
        assignment=w.varzesh_r1,
        text="ده دوره برگزار شد؛ گزارش تصویری پیوست است.",
        files=[SimpleUploadedFile("گزارش.pdf", PDF_BYTES)],
    )
    w.attachment = ReportAttachment.objects.get(report=w.report)
    w.extension = services.request_deadline_extension(
        actor=people.taavon,
        assignment=w.taavon_r2,
        requested_due_date=w.today + datetime.timedelta(days=30),
        reason="پیمانکار هنوز قرارداد را امضا نکرده است.",
    )
    return w


@dataclass(frozen=True)
class Case:
    """One access function: the object it fetches, who writes it, who only reads it, who never sees it."""

    for_user: Callable[..., Any]
    for_writer: Callable[..., Any] | None
    target: str  # attribute of the world
    writer: str
    reader: str | None  # sees it, may not change it
    hidden: str  # may not see it
    message: str = NOT_SECRETARIAT


CASES = {
    "resolution": Case(
        access.get_resolution_for_user,
        access.get_resolution_for_writer,
        "r1",
        writer="secretariat",
        reader="leadership",
        hidden="markazi_secretariat",
    ),
    "assignment (the agency acts)": Case(
        access.get_assignment_for_user,
        access.get_assignment_for_writer,
        "varzesh_r1",
        writer="varzesh",
        reader="secretariat",
        hidden="taavon",
        message=NOT_YOUR_AGENCY,
    ),
    "assignment (the secretariat takes it off)": Case(
        access.get_assignment_for_user,
        access.get_assignment_for_follow_up,
        "varzesh_r1",
        writer="secretariat",
        reader="varzesh",
        hidden="markazi_secretariat",
    ),
    "report (reviewed)": Case(
        access.get_report_for_user,
        access.get_report_for_writer,
        "report",
        writer="secretariat",
        reader="varzesh",  # its own author sees it but does not judge it
        hidden="taavon",
    ),
    "extension request (decided)": Case(
        access.get_extension_for_user,
        access.get_extension_for_writer,
        "extension",
        writer="admin",
        reader="taavon",
        hidden="varzesh",
    ),
    "attachment": Case(
        access.get_attachment_for_user,
        None,
        "attachment",
        writer="leadership",
        reader=None,
        hidden="markazi_officer",
    ),
}


def _raises_404(fetch: Callable[..., Any], user: Any, pk: Any) -> None:
    with pytest.raises(Http404) as info:
        fetch(user, pk)
    # Nothing in the exception tells a hidden object from a missing one.
    assert info.value.args == ()


@pytest.mark.parametrize("name", CASES)
def test_missing_and_hidden_are_the_same_404(people, world, name):
    case = CASES[name]
    target = getattr(world, case.target)
    hidden = getattr(people, case.hidden)
    for fetch in filter(None, (case.for_user, case.for_writer)):
        _raises_404(fetch, hidden, target.pk)
        _raises_404(fetch, hidden, MISSING)
        _raises_404(fetch, getattr(people, case.writer), MISSING)


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("pk", GARBAGE_IDS, ids=repr)
def test_garbage_and_out_of_range_ids_are_404(people, world, name, pk):
    case = CASES[name]
    for fetch in filter(None, (case.for_user, case.for_writer)):
        _raises_404(fetch, getattr(people, case.writer), pk)


@pytest.mark.parametrize("name", CASES)
def test_the_writer_gets_the_object(people, world, name):
    case = CASES[name]
    target = getattr(world, case.target)
    user = getattr(people, case.writer)
    assert case.for_user(user, target.pk) == target
    assert case.for_user(user, str(target.pk)) == target  # ids as the URL or a form gives them
    if case.for_writer is not None:
        assert case.for_writer(user, target.pk) == target


@pytest.mark.parametrize("name", [n for n, c in CASES.items() if c.for_writer is not None])
def test_who_sees_but_may_not_change_gets_403_in_persian(people, world, name):
    case = CASES[name]
    target = getattr(world, case.target)
    reader = getattr(people, case.reader)
    assert case.for_user(reader, target.pk) == target
    with pytest.raises(PermissionDenied) as info:
        case.for_writer(reader, target.pk)
    assert str(info.value) == case.message


def test_the_secretariat_of_another_province_never_learns_the_object_exists(people, world):
    # Hidden comes before writable: 404, not 403, for every writer's function.
    other = people.markazi_secretariat
    for fetch, pk in (
        (access.get_resolution_for_writer, world.r1.pk),
        (access.get_assignment_for_follow_up, world.varzesh_r1.pk),
        (access.get_report_for_writer, world.report.pk),
        (access.get_extension_for_writer, world.extension.pk),
    ):
        _raises_404(fetch, other, pk)


def test_writability_reads_the_resolutions_own_province_copy(people, world):
    # Decision 0010: the resolution keeps its province; permissions read that copy.
    resolution = access.get_resolution_for_writer(people.secretariat, world.r1.pk)
    assert resolution.province_id == world.alborz_hq.province_id


def test_an_attachment_named_with_another_report_is_404(people, world):
    other = services.submit_progress_report(
        actor=people.varzesh, assignment=world.varzesh_r3, text="زمین ورزشی تجهیز شد."
    )
    user = people.secretariat
    assert (
        access.get_attachment_for_user(user, world.attachment.pk, report_id=world.report.pk)
        == world.attachment
    )
    for report_id in (other.pk, MISSING, "abc"):
        with pytest.raises(Http404):
            access.get_attachment_for_user(user, world.attachment.pk, report_id=report_id)


# --- The same answers over HTTP ------------------------------------------------------------------

_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def body_of(response) -> bytes:
    """The response body, less the CSRF token Django masks afresh on every page."""
    return _CSRF.sub(b'name="csrfmiddlewaretoken"', response.content)


def _api(user):
    from django.test import Client

    _, key = issue_token(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


PAGES = {
    # name: (method, url pattern, world attribute, who may not see it)
    "resolution page": ("get", "/resolutions/{}/", "r1", "markazi_secretariat"),
    "resolution edit": ("get", "/resolutions/{}/edit/", "r3", "taavon"),
    "assignment page": ("get", "/resolutions/assignments/{}/", "varzesh_r1", "taavon"),
    "assignment start": ("post", "/resolutions/assignments/{}/start/", "varzesh_r1", "taavon"),
    "assignment remove": ("post", "/resolutions/assignments/{}/remove/", "varzesh_r1", "markazi_secretariat"),
    "report review": ("post", "/resolutions/reports/{}/review/", "report", "taavon"),
    "extension decision": ("post", "/resolutions/extensions/{}/decide/", "extension", "varzesh"),
    "attachment download": ("get", "/resolutions/attachments/{}/", "attachment", "taavon"),
    "api resolution": ("get", "/api/v1/resolutions/{}/", "r1", "markazi_officer"),
    "api assignment": ("get", "/api/v1/assignments/{}/", "varzesh_r1", "taavon"),
    "api report": ("post", "/api/v1/assignments/{}/reports/", "varzesh_r1", "taavon"),
    "api review": ("post", "/api/v1/reports/{}/review/", "report", "taavon"),
    "api attachment": ("get", "/api/v1/attachments/{}/", "attachment", "taavon"),
}


@pytest.mark.parametrize("name", PAGES)
def test_pages_and_api_answer_hidden_and_missing_alike(people, world, client_for, name):
    method, pattern, target, persona = PAGES[name]
    user = getattr(people, persona)
    client = _api(user) if pattern.startswith("/api/") else client_for(user)
    pk = getattr(world, target).pk
    hidden = getattr(client, method)(pattern.format(pk))
    missing = getattr(client, method)(pattern.format(MISSING))
    assert hidden.status_code == missing.status_code == 404
    assert body_of(hidden) == body_of(missing)


def test_the_page_and_the_api_serve_an_attachment_with_the_same_headers(people, world, client_for):
    page = client_for(people.varzesh).get(f"/resolutions/attachments/{world.attachment.pk}/")
    api = _api(people.varzesh).get(f"/api/v1/attachments/{world.attachment.pk}/")
    for response in (page, api):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert page[header] == api[header]
    assert page["Cache-Control"] == "private, no-store"


def test_an_attachment_whose_file_is_gone_is_the_same_404(people, world, client_for):
    world.attachment.file.delete(save=False)
    client = client_for(people.varzesh)
    gone = client.get(f"/resolutions/attachments/{world.attachment.pk}/")
    missing = client.get(f"/resolutions/attachments/{MISSING}/")
    assert gone.status_code == missing.status_code == 404
    assert body_of(gone) == body_of(missing)
