"""Issue 11 A.3: a granted extension moves the assignment's due date and the resolution's shown
«مهلت» on its page, in the list and in the API (its own ``due_date`` stays what the minutes said)."""

from __future__ import annotations

import datetime

import pytest

from qarargah.persian import format_jalali
from qarargah.resolutions import services
from qarargah.resolutions.models import Resolution
from tests.resolutions.factories import TAAVON, VARZESH, assignment_of, make_resolution, today

pytestmark = pytest.mark.django_db


def _extend(people, resolution, name=VARZESH, officer=None, days=30):
    later = today() + datetime.timedelta(days=days)
    asked = services.request_deadline_extension(
        actor=officer or people.varzesh,
        assignment=assignment_of(resolution, name),
        requested_due_date=later,
        reason="تأمین اعتبار به تعویق افتاد.",
    )
    services.decide_deadline_extension(actor=people.secretariat, extension=asked, approve=True)
    return later


def test_a_granted_extension_moves_the_shown_deadline_on_the_pages(people, client_for):
    old = today() + datetime.timedelta(days=3)
    resolution = make_resolution(people.secretariat, due=old, kind="date", deadline_raw="تا پایان ماه")
    later = _extend(people, resolution)
    stored = Resolution.objects.get(pk=resolution.pk)
    assert stored.due_date == old and stored.shown_due_date == later
    client = client_for(people.secretariat)
    page = client.get(f"/resolutions/{resolution.pk}/").content.decode()
    assert f"سررسید {format_jalali(later)}" in page and f"سررسید اولیه {format_jalali(old)}" in page
    listing = client.get("/resolutions/").content.decode()
    assert format_jalali(later) in listing and format_jalali(old) not in listing


def test_with_two_agencies_the_shown_deadline_is_the_nearest_open_one(people):
    old = today() + datetime.timedelta(days=3)
    resolution = make_resolution(people.secretariat, due=old, agencies=(VARZESH, TAAVON))
    later = _extend(people, resolution)
    assert Resolution.objects.get(pk=resolution.pk).shown_due_date == old  # Taavon is still due then
    sent = services.submit_progress_report(
        actor=people.taavon, assignment=assignment_of(resolution, TAAVON), text="انجام شد."
    )
    services.review_progress_report(actor=people.secretariat, report=sent, decision="accept_close")
    assert Resolution.objects.get(pk=resolution.pk).shown_due_date == later


def test_without_an_extension_the_shown_deadline_is_the_resolutions_own(people, client_for):
    due = today() + datetime.timedelta(days=3)
    resolution = make_resolution(people.secretariat, due=due)
    assert Resolution.objects.get(pk=resolution.pk).shown_due_date == due
    page = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "سررسید اولیه" not in page
