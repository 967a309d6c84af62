"""The document downloads on the meeting page and the public verify page behind the QR code."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from qarargah.meetings import documents
from qarargah.meetings.models import IssuedDocument
from qarargah.organisations.models import BodyMembership
from tests.meetings.documents_world import demo_meetings, generated_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed():
    """The Alborz headquarters' third meeting, imported (signed on paper)."""
    return demo_meetings()[0]


# --- Downloads from the meeting page ----------------------------------------------------------------


def test_the_meeting_page_offers_both_documents_in_both_formats(people, client_for, signed):
    page = client_for(people.secretariat).get(f"/meetings/{signed.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    for kind in ("minutes", "invitation"):
        for fmt in ("docx", "pdf"):
            assert f'href="/meetings/{signed.pk}/{kind}.{fmt}"' in html
    assert documents.SIGNED_ON_PAPER.label in html


def test_the_secretariat_downloads_the_word_minutes_with_its_code(people, client_for, signed):
    response = client_for(people.secretariat).get(f"/meetings/{signed.pk}/minutes.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == documents.CONTENT_TYPES["docx"]
    assert response["Content-Disposition"].startswith(f'attachment; filename="minutes-{signed.pk}.docx"')
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    issued = IssuedDocument.objects.get(meeting=signed, kind="minutes", format="docx")
    assert response["X-Document-Code"] == issued.code
    assert hashlib.sha256(response.content).hexdigest() == issued.sha256


def test_a_document_download_takes_get_only_and_names_known_documents_only(people, client_for, signed):
    client = client_for(people.secretariat)
    assert client.post(f"/meetings/{signed.pk}/minutes.docx").status_code == 405
    assert client.get(f"/meetings/{signed.pk}/minutes.odt").status_code == 404
    assert client.get(f"/meetings/{signed.pk}/agenda.pdf").status_code == 404
    assert client.get("/meetings/999999/minutes.docx").status_code == 404


def test_documents_are_behind_login_and_the_meeting_scope(people, client_for, signed):
    assert Client().get(f"/meetings/{signed.pk}/minutes.docx").status_code == 302  # to the login page
    # Markazi's secretariat does not see Alborz's meetings: the same 404 as a missing one.
    assert client_for(people.markazi_secretariat).get(f"/meetings/{signed.pk}/minutes.pdf").status_code == 404
    # An agency the meeting assigns reads its signed minutes; so does a member of the body; an
    # agency that is neither gets a 404.
    karaj = client_for(people.karaj_governorate)
    assert signed.resolutions.filter(assignments__agency_id=people.karaj_governorate.agency_id).exists()
    assert karaj.get(f"/meetings/{signed.pk}/minutes.docx").status_code == 200
    assert not signed.resolutions.filter(assignments__agency_id=people.varzesh.agency_id).exists()
    membership = BodyMembership.objects.filter(body=signed.body, agency_id=people.varzesh.agency_id)
    assert membership.exists()  # the demo headquarters counts the sports directorate as a member
    assert client_for(people.varzesh).get(f"/meetings/{signed.pk}/minutes.docx").status_code == 200
    membership.delete()
    assert client_for(people.varzesh).get(f"/meetings/{signed.pk}/minutes.docx").status_code == 404
    # A house manager reads them like an officer when the meeting assigns its house (decision
    # 0022: the demo's first minutes assign «مسئولین خانه محلات»); another province's officer
    # does not.
    assert signed.resolutions.filter(assignments__agency_id=people.hesar_manager.house_id).exists()
    assert client_for(people.hesar_manager).get(f"/meetings/{signed.pk}/minutes.docx").status_code == 200
    assert client_for(people.markazi_officer).get(f"/meetings/{signed.pk}/minutes.docx").status_code == 404


def test_an_agency_does_not_read_minutes_that_are_not_signed(people, client_for, db):
    draft = generated_meeting()
    agency_ids = set(draft.resolutions.values_list("assignments__agency_id", flat=True))
    officer = next(
        u for u in (people.varzesh, people.taavon, people.karaj_governorate) if u.agency_id in agency_ids
    )
    assert client_for(officer).get(f"/meetings/{draft.pk}/minutes.docx").status_code == 404
    assert client_for(people.secretariat).get(f"/meetings/{draft.pk}/minutes.docx").status_code == 200


# --- The public verify page ---------------------------------------------------------------------------


def _issue(meeting, fmt="docx") -> IssuedDocument:
    built = documents.build_document(meeting, kind="minutes", fmt=fmt)
    assert built.issued is not None
    return built.issued


def test_the_verify_page_shows_only_the_allowed_fields_without_login(signed):
    issued = _issue(signed)
    page = Client().get(f"/verify/{issued.code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert signed.body.name in html
    assert "۳" in html  # the meeting's number
    assert "۱۴۰۱/۰۱/۲۴" in html
    assert documents.SIGNED_ON_PAPER.label in html
    assert issued.sha256 in html
    # Nothing of the minutes' content, people or agencies.
    resolution = signed.resolutions.order_by("number").first()
    assert resolution.text[:30] not in html
    assert signed.place not in html
    assert signed.invitation_number not in html
    for speaker in signed.speakers.all():
        assert speaker.name not in html
    for assignment in resolution.assignments.select_related("agency"):
        assert assignment.agency.name not in html
    assert 'data-testid="current-user"' not in html


def test_the_verify_page_lists_every_issued_version_and_compares_a_hash(signed):
    docx = _issue(signed)
    pdf = _issue(signed, "pdf")
    client = Client()
    html = client.get(f"/verify/{docx.code}/").content.decode()
    assert docx.sha256 in html and pdf.sha256 in html
    # A code typed from paper: lower case and with its dash is the same code.
    shown = documents.Verification(docx.code, "").display_code.lower()
    assert client.get(f"/verify/{shown}/").status_code == 200

    same = client.get(f"/verify/{docx.code}/", {"sha256": pdf.sha256.upper()})
    assert "این فایل همان PDF صادرشده است." in same.content.decode()
    other = client.get(f"/verify/{docx.code}/", {"sha256": "0" * 64})
    assert "با هیچ‌یک از نسخه‌های صادرشده یکی نیست" in other.content.decode()
    bad = client.get(f"/verify/{docx.code}/", {"sha256": "not a hash"})
    assert "اثر انگشت SHA-256 باید ۶۴ نویسه" in bad.content.decode()
    assert 'value="not a hash"' in bad.content.decode()  # what was typed is kept


def test_an_unknown_code_is_a_404_and_the_page_takes_get_only(signed):
    client = Client()
    assert client.get("/verify/ABCDEFGHJK/").status_code == 404
    assert client.get("/verify/" + "A" * 200 + "/").status_code == 404
    issued = _issue(signed)
    assert client.post(f"/verify/{issued.code}/").status_code == 405
