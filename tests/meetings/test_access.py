"""meetings.access: meetings, their minutes files and import drafts, fetched in one place.

Meetings are read by those whose scope can browse them and changed by those who can import
minutes; a missing meeting and another province's are the same 404; a role that may not read
meetings at all gets 403 whatever the id. The meeting page lists only the resolutions (and
assignments) the reader may see.
"""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client

from qarargah.api.tokens import issue_token
from qarargah.meetings import access, drafts
from qarargah.meetings.selectors import meeting_resolutions
from qarargah.resolutions.models import Assignment, Resolution
from tests.meetings.samples import SAMPLE_000, SAMPLE_002, SAMPLE_003

pytestmark = pytest.mark.django_db

NOT_A_MEETING_READER = "صورتجلسه‌ها را دبیرخانه و مدیران استان می‌بینند؛ این صفحه برای نقش شما نیست."
NOT_AN_IMPORTER = "ثبت و ورود صورتجلسه کار دبیرخانه است؛ نقش شما اجازه آن را ندارد."
API_IMPORT_REFUSED = "شما اجازه تغییر این اطلاعات را ندارید."
MISSING = 987_654_321
_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def body_of(response) -> bytes:
    return _CSRF.sub(b'name="csrfmiddlewaretoken"', response.content)


@pytest.fixture
def alborz_meeting(import_file):
    return import_file(SAMPLE_000).meeting


@pytest.fixture
def markazi_meeting(import_file):
    return import_file(SAMPLE_003).meeting


def _404(fetch, *args):
    with pytest.raises(Http404) as info:
        fetch(*args)
    assert info.value.args == ()


def _403(fetch, *args, message):
    with pytest.raises(PermissionDenied) as info:
        fetch(*args)
    assert str(info.value) == message


# --- Meetings ------------------------------------------------------------------------------------


def test_meeting_for_user_gives_the_meeting_to_its_readers(people, alborz_meeting):
    for persona in ("secretariat", "leadership", "national", "admin"):
        assert access.get_meeting_for_user(getattr(people, persona), alborz_meeting.pk) == alborz_meeting


def test_another_provinces_meeting_and_a_missing_one_are_the_same_404(people, markazi_meeting):
    for fetch in (access.get_meeting_for_user, access.get_meeting_for_writer):
        _404(fetch, people.secretariat, markazi_meeting.pk)
        _404(fetch, people.secretariat, MISSING)
        for garbage in ("abc", None, -1, 2**70):
            _404(fetch, people.secretariat, garbage)


@pytest.mark.parametrize("persona", ["varzesh", "karaj_governorate", "hesar_manager"])
def test_roles_that_do_not_read_meetings_get_403_whatever_the_id(people, alborz_meeting, persona):
    user = getattr(people, persona)
    for pk in (alborz_meeting.pk, MISSING):
        _403(access.get_meeting_for_user, user, pk, message=NOT_A_MEETING_READER)


def test_meeting_for_writer_refuses_readers_with_403(people, alborz_meeting):
    assert access.get_meeting_for_writer(people.secretariat, alborz_meeting.pk) == alborz_meeting
    assert access.get_meeting_for_writer(people.admin, alborz_meeting.pk) == alborz_meeting
    for persona in ("leadership", "national"):
        _403(
            access.get_meeting_for_writer,
            getattr(people, persona),
            alborz_meeting.pk,
            message=NOT_AN_IMPORTER,
        )


def test_meeting_pages_answer_hidden_and_missing_alike(people, client_for, markazi_meeting):
    client = client_for(people.secretariat)
    doc = markazi_meeting.documents.get()
    for hidden, missing in (
        (f"/meetings/{markazi_meeting.pk}/", f"/meetings/{MISSING}/"),
        (f"/meetings/{markazi_meeting.pk}/documents/{doc.pk}/", f"/meetings/{MISSING}/documents/{doc.pk}/"),
    ):
        a, b = client.get(hidden), client.get(missing)
        assert a.status_code == b.status_code == 404
        assert body_of(a) == body_of(b)


# --- Minutes documents ---------------------------------------------------------------------------


def test_a_document_is_found_only_under_its_own_meeting(people, alborz_meeting, import_file):
    other = import_file(SAMPLE_002)
    doc = alborz_meeting.documents.get()
    user = people.leadership
    assert access.get_document_for_user(user, alborz_meeting.pk, doc.pk) == doc
    _404(access.get_document_for_user, user, other.meeting.pk, doc.pk)
    _404(access.get_document_for_user, user, alborz_meeting.pk, MISSING)
    _404(access.get_document_for_user, user, alborz_meeting.pk, "abc")
    _403(
        access.get_document_for_user, people.varzesh, alborz_meeting.pk, doc.pk, message=NOT_A_MEETING_READER
    )


def test_a_document_named_under_another_meeting_is_404_on_the_page(
    people, client_for, alborz_meeting, import_file
):
    other = import_file(SAMPLE_002)
    doc = alborz_meeting.documents.get()
    client = client_for(people.secretariat)
    assert client.get(f"/meetings/{alborz_meeting.pk}/documents/{doc.pk}/").status_code == 200
    assert client.get(f"/meetings/{other.meeting.pk}/documents/{doc.pk}/").status_code == 404


# --- Import drafts -------------------------------------------------------------------------------


def _draft(user) -> drafts.Draft:
    return drafts.save_draft(user, filename="m.txt", data=b"x", body_id=None, batch="b" * 24)


def test_a_draft_is_its_uploaders_only(people):
    mine = _draft(people.secretariat)
    assert access.get_draft_for_writer(people.secretariat, mine.token).token == mine.token
    _404(access.get_draft_for_writer, people.markazi_secretariat, mine.token)
    _404(access.get_draft_for_writer, people.secretariat, "n" * 24)
    _404(access.get_draft_for_writer, people.secretariat, "../../etc")


def test_a_draft_is_refused_to_those_who_do_not_import(people):
    draft = _draft(people.leadership)  # even one left on disk under its name
    _403(access.get_draft_for_writer, people.leadership, draft.token, message=NOT_AN_IMPORTER)
    _403(access.get_import_batch_for_writer, people.leadership, "b" * 24, message=NOT_AN_IMPORTER)


def test_an_import_batch_is_its_uploaders_only(people):
    drafts.save_batch(people.secretariat, "c" * 24, [{"name": "m.txt", "draft": None, "error": "x"}])
    assert access.get_import_batch_for_writer(people.secretariat, "c" * 24)[0]["name"] == "m.txt"
    _404(access.get_import_batch_for_writer, people.admin, "c" * 24)


# --- One capability for importing, on the pages and in the API -----------------------------------


@pytest.mark.parametrize(
    "persona", ["varzesh", "leadership", "national", "hesar_manager", "karaj_governorate"]
)
def test_pages_and_api_refuse_an_import_by_the_same_capability(people, client_for, persona):
    user = getattr(people, persona)
    _403(access.require_minutes_importer, user, message=NOT_AN_IMPORTER)
    page = client_for(user).get("/meetings/import/")
    assert page.status_code == 403
    assert NOT_AN_IMPORTER in page.content.decode()  # the 403 page says why
    _, key = issue_token(user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.post("/api/v1/meetings/import/", {"file": SimpleUploadedFile("m.txt", b"x")})
    assert response.status_code == 403
    assert response.json()["error"]["message"] == API_IMPORT_REFUSED


# --- The meeting's resolutions, scoped to the reader ----------------------------------------------


def test_meeting_resolutions_are_those_the_reader_may_see(people, alborz_meeting):
    everything = list(meeting_resolutions(people.secretariat, alborz_meeting))
    assert [r.pk for r in everything] == list(
        Resolution.objects.filter(meeting=alborz_meeting).order_by("number").values_list("pk", flat=True)
    )
    officer = people.karaj_governorate
    theirs = list(meeting_resolutions(officer, alborz_meeting))
    assigned = set(
        Assignment.objects.filter(resolution__meeting=alborz_meeting, agency=officer.agency).values_list(
            "resolution_id", flat=True
        )
    )
    assert 0 < len(theirs) < len(everything)
    assert {r.pk for r in theirs} == assigned
    # Of a resolution shared with other agencies, the officer's own assignment only.
    for resolution in theirs:
        assert {a.agency_id for a in resolution.assignments.all()} == {officer.agency_id}
    assert list(meeting_resolutions(people.markazi_secretariat, alborz_meeting)) == []


def test_an_agency_officer_does_not_open_the_meeting_page_at_all(people, client_for, alborz_meeting):
    # Today's rule, kept: meeting pages are for those who browse meetings; the officer reads its
    # part of the meeting through its inbox and the resolution pages.
    response = client_for(people.karaj_governorate).get(f"/meetings/{alborz_meeting.pk}/")
    assert response.status_code == 403


def test_the_meeting_page_lists_what_its_reader_sees(people, client_for, alborz_meeting):
    response = client_for(people.leadership).get(f"/meetings/{alborz_meeting.pk}/")
    assert response.status_code == 200
    expected = list(meeting_resolutions(people.leadership, alborz_meeting))
    assert expected and response.context["resolutions"] == expected
