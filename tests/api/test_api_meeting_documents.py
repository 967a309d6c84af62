"""GET /api/v1/meetings/, /{id}/ and the meeting's documents as files, scoped like the pages."""

from __future__ import annotations

import hashlib

import pytest

from qarargah.meetings import documents
from qarargah.meetings.models import IssuedDocument
from qarargah.organisations.models import BodyMembership
from tests.meetings.documents_world import demo_meetings

LIST = "/api/v1/meetings/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def signed(db):
    """Alborz's two imported headquarters meetings (signed on paper) and Markazi's joint one."""
    return demo_meetings()


def test_the_secretariat_lists_its_provinces_meetings_newest_first(people, api_for, world, signed):
    listed = ids(api_for(people.secretariat).get(LIST))
    alborz = [m for m in [*signed, world.meeting] if m.body.province.code == "alborz"]
    assert set(listed) == {m.pk for m in alborz}
    dates = [row["date"] for row in api_for(people.secretariat).get(LIST).json()["results"]]
    assert dates == sorted(dates, reverse=True)
    row = next(r for r in api_for(people.secretariat).get(LIST).json()["results"] if r["id"] == signed[0].pk)
    assert row["date_jalali"] == "1401-01-24"
    assert row["signed"] is True and row["signing_state"] == documents.SIGNED_ON_PAPER.label
    assert row["body"]["name"] == signed[0].body.name


def test_filters_by_body_and_by_jalali_or_iso_dates(people, api_for, world, signed):
    api = api_for(people.secretariat)
    third, twelfth = signed[0], signed[1]
    assert ids(api.get(LIST, {"from": "1401-01-01", "to": "1401-02-01"})) == [third.pk]
    assert ids(api.get(LIST, {"from": "2022-04-01", "to": "2022-04-30"})) == [third.pk]
    assert ids(api.get(LIST, {"from": "۱۴۰۱/۰۴/۰۹", "to": "۱۴۰۱/۰۴/۰۹"})) == [twelfth.pk]
    assert set(ids(api.get(LIST, {"body": third.body_id}))) >= {third.pk, twelfth.pk}
    assert ids(api.get(LIST, {"body": signed[2].body_id})) == []  # Markazi's body: not visible


def test_bad_filters_are_a_persian_400_at_the_field(people, api_for, world):
    response = api_for(people.secretariat).get(LIST, {"from": "1401-13-01", "to": "yesterday", "body": "x"})
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert fields["from"] == [
        "تاریخ «1401-13-01» معتبر نیست؛ به صورت ۱۴۰۳-۰۱-۱۵ (شمسی) یا 2024-04-03 (میلادی) بدهید."
    ]
    assert fields["to"][0].startswith("تاریخ «yesterday» معتبر نیست")
    assert fields["body"] == ["شناسه قرارگاه یا شورا باید عدد باشد."]
    reversed_range = api_for(people.secretariat).get(LIST, {"from": "1402-01-01", "to": "1401-01-01"})
    assert reversed_range.json()["error"]["fields"]["to"] == [
        "تاریخ پایان (to) پیش از تاریخ شروع (from) است."
    ]


def test_an_agency_officer_lists_only_signed_meetings_assigning_their_agency(people, api_for, world, signed):
    """... or of bodies their agency is a member of (issue 13); here the members' rows are taken
    off, so that only the assignments grant the reading (the member rule: the test below)."""
    BodyMembership.objects.filter(body__in={m.body_id for m in signed}).delete()

    def assigning(user) -> set[int]:
        return {m.pk for m in signed if m.resolutions.filter(assignments__agency_id=user.agency_id).exists()}

    assert signed[0].pk in assigning(people.karaj_governorate)
    assert set(ids(api_for(people.karaj_governorate).get(LIST))) == assigning(people.karaj_governorate)
    # The API world's meeting assigns the sports directorate too, but was typed in, not signed.
    assert world.meeting.resolutions.filter(assignments__agency_id=people.varzesh.agency_id).exists()
    assert signed[0].pk not in assigning(people.varzesh)
    assert set(ids(api_for(people.varzesh).get(LIST))) == assigning(people.varzesh)
    # A house manager acts for its house like an officer for an agency (decision 0022).
    houses = {
        m.pk
        for m in signed
        if m.resolutions.filter(assignments__agency_id=people.hesar_manager.house_id).exists()
    }
    assert houses and set(ids(api_for(people.hesar_manager).get(LIST))) == houses


def test_a_member_agency_lists_the_signed_meetings_of_its_bodies(people, api_for, world, signed):
    member_of = set(
        BodyMembership.objects.filter(agency_id=people.varzesh.agency_id).values_list("body_id", flat=True)
    )
    mine = {m.pk for m in signed if m.body_id in member_of}
    assert mine  # the demo headquarters counts the sports directorate as a member
    assert mine <= set(ids(api_for(people.varzesh).get(LIST)))
    assert world.meeting.pk not in set(ids(api_for(people.varzesh).get(LIST)))  # typed in, not signed


def test_one_meeting_with_its_agenda_and_document_links(people, api_for, world, signed):
    meeting = signed[0]
    data = api_for(people.secretariat).get(f"{LIST}{meeting.pk}/").json()
    assert data["number"] == 3
    assert len(data["agenda"]) == meeting.agenda_items.count()
    assert data["documents"]["minutes_pdf"].endswith(f"/api/v1/meetings/{meeting.pk}/minutes.pdf")
    assert set(data["documents"]) == {"minutes_docx", "minutes_pdf", "invitation_docx", "invitation_pdf"}


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("minutes.docx", documents.CONTENT_TYPES["docx"]), ("invitation.pdf", documents.CONTENT_TYPES["pdf"])],
)
def test_the_documents_download_as_files_with_their_code(people, api_for, world, signed, path, content_type):
    meeting = signed[0]
    # A client asking for the file's own type gets it (no 406 from a JSON-only API).
    response = api_for(people.secretariat).get(f"{LIST}{meeting.pk}/{path}", HTTP_ACCEPT=content_type)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    issued = IssuedDocument.objects.get(code=response["X-Document-Code"])
    assert response["X-Document-SHA256"] == issued.sha256 == hashlib.sha256(response.content).hexdigest()
    assert issued.kind == path.split(".")[0]


def test_documents_are_scoped_404_alike_for_hidden_and_missing(people, api_for, anon, world, signed):
    alborz, markazi_joint = signed[0], signed[2]
    # A member agency of the body reads its signed minutes (issue 13) even when they assign it
    # nothing; taken off the body, it no longer does.
    membership = BodyMembership.objects.filter(body=alborz.body, agency_id=people.varzesh.agency_id)
    assert membership.exists()
    assert api_for(people.varzesh).get(f"{LIST}{alborz.pk}/minutes.docx").status_code == 200
    membership.delete()
    for path in ("", "minutes.docx", "minutes.pdf", "invitation.docx", "invitation.pdf"):
        # An agency officer: a meeting that neither assigns their agency nor has it as a member,
        # and one not yet signed.
        for pk in (alborz.pk, world.meeting.pk, 999_999):
            response = api_for(people.varzesh).get(f"{LIST}{pk}/{path}")
            assert response.status_code == 404, (path, pk)
            assert response.json()["error"]["code"] == "not_found"
        # Another province's secretariat.
        assert api_for(people.markazi_secretariat).get(f"{LIST}{alborz.pk}/{path}").status_code == 404
        assert api_for(people.secretariat).get(f"{LIST}{markazi_joint.pk}/{path}").status_code == 404
        assert anon.get(f"{LIST}{alborz.pk}/{path}").status_code == 401
    assert api_for(people.karaj_governorate).get(f"{LIST}{alborz.pk}/minutes.docx").status_code == 200


def test_the_meeting_endpoints_are_read_only(people, api_for, world, signed):
    api = api_for(people.secretariat)
    for path in (f"{signed[0].pk}/", f"{signed[0].pk}/minutes.docx", f"{signed[0].pk}/invitation.pdf"):
        response = api.post(f"{LIST}{path}")
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"
