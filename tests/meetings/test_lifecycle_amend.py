"""After locking, a correction is a numbered amendment that keeps the original, says what changed,
who and when, and is itself signed by the secretary and the chair."""

from __future__ import annotations

import pytest

from qarargah.history.selectors import history_for
from qarargah.meetings.models import MeetingAmendment
from tests.meetings.lifecycle_world import circulate, record_two, schedule, sign_both

PASSWORD = "qarargah-demo-1403"


@pytest.fixture
def locked(people):
    meeting = schedule(people, place="سالن قدیم")
    record_two(people, meeting)
    circulate(people, meeting)
    return sign_both(people, meeting)


def _amend_post(meeting, **changes):
    from qarargah.persian import format_jalali

    data = {
        "title": meeting.title,
        "date": format_jalali(meeting.date),
        "time": "۱۰:۰۰",
        "end_time": "۱۲:۰۰",
        "place": meeting.place,
        "chair_name": meeting.chair_name,
        "chair_role": meeting.chair_role,
        "secretary_name": meeting.secretary_name,
        "secretary_role": meeting.secretary_role,
        "invitation_number": meeting.invitation_number,
        "narrative": meeting.narrative,
        "reason": "",
    }
    data.update(changes)
    return data


def test_an_amendment_keeps_the_original_and_applies_once_both_sign(people, client_for, locked):
    client = client_for(people.secretariat)
    assert client.get(f"/meetings/{locked.pk}/amend/").status_code == 200
    response = client.post(
        f"/meetings/{locked.pk}/amend/",
        _amend_post(locked, place="سالن تازه", reason="محل جلسه اشتباه نوشته شده بود."),
    )
    assert response.status_code == 302
    amendment = MeetingAmendment.objects.get(meeting=locked)
    assert amendment.number == 1 and amendment.status == "draft"
    assert amendment.changes == [{"field": "place", "label": "محل", "old": "سالن قدیم", "new": "سالن تازه"}]
    locked.refresh_from_db()
    assert locked.place == "سالن قدیم"  # not applied before its signatures
    client.post(f"/meetings/{locked.pk}/amendments/1/sign/", {"password": PASSWORD})
    chair = client_for(people.leadership)
    assert chair.post(f"/meetings/{locked.pk}/amendments/1/sign/", {"password": PASSWORD}).status_code == 302
    locked.refresh_from_db()
    amendment.refresh_from_db()
    assert locked.place == "سالن تازه" and locked.amendment_number == 1 and locked.status == "locked"
    assert amendment.status == "signed" and amendment.signed_at is not None
    # The documents say which amendment they include; the timeline tells the story.
    from qarargah.meetings.documents import minutes_data

    assert minutes_data(locked)["signing_state"] == "امضاشده در سامانه — شامل اصلاحیه شماره ۱"
    page = client.get(f"/meetings/{locked.pk}/").content.decode()
    assert "اصلاحیه صورتجلسه با امضای دبیر و رئیس جلسه اعمال شد" in page
    assert "«سالن قدیم» ← «سالن تازه»" in page
    assert history_for(people.secretariat, [locked])


def test_an_amendment_needs_a_reason_a_change_and_a_locked_meeting(people, client_for, locked):
    client = client_for(people.secretariat)
    no_reason = client.post(f"/meetings/{locked.pk}/amend/", _amend_post(locked, place="جای دیگر"))
    assert no_reason.status_code == 400
    assert no_reason.context["form"].errors["reason"] == ["دلیل اصلاح را بنویسید."]
    no_change = client.post(f"/meetings/{locked.pk}/amend/", _amend_post(locked, reason="هیچ"))
    assert "هیچ خانه‌ای تغییر نکرده است؛ اصلاحیه بدون تغییر ثبت نمی‌شود." in no_change.content.decode()
    draft = schedule(people, place="اتاق ۳")
    refused = client.post(f"/meetings/{draft.pk}/amend/", _amend_post(draft, place="x", reason="y"))
    assert "اصلاحیه فقط برای صورتجلسه امضا و قفل‌شده ثبت می‌شود" in refused.content.decode()
    assert not MeetingAmendment.objects.exists()


def test_amendment_pages_methods_and_roles(people, client_for, locked):
    assert client_for(people.varzesh).get(f"/meetings/{locked.pk}/amend/").status_code == 403
    assert client_for(people.markazi_secretariat).get(f"/meetings/{locked.pk}/amend/").status_code == 404
    assert client_for(people.secretariat).put(f"/meetings/{locked.pk}/amend/").status_code == 405
    client_for(people.secretariat).post(
        f"/meetings/{locked.pk}/amend/", _amend_post(locked, place="سالن تازه", reason="اشتباه")
    )
    assert (
        client_for(people.national)
        .post(f"/meetings/{locked.pk}/amendments/1/sign/", {"password": PASSWORD})
        .status_code
        == 403
    )
    assert client_for(people.secretariat).get(f"/meetings/{locked.pk}/amendments/9/sign/").status_code == 404
