"""The record page: statements and resolutions row by row, the autosave and its version check."""

from __future__ import annotations

import json

from qarargah.meetings.models import Meeting
from qarargah.resolutions.models import Assignment, Resolution
from tests.meetings.lifecycle_world import circulate, schedule


def _management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _record_post(meeting, people, rows, **extra):
    data = {"narrative": "جلسه برگزار شد.", "version": str(meeting.version), **_management("st", 1)}
    data.update({"st-0-name": "علی رضایی", "st-0-role": "استاندار", "st-0-statement": "تأکید بر پیگیری."})
    data.update(_management("row", len(rows)))
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"row-{i}-{key}"] = value
    data.update(extra)
    return data


def test_the_secretariat_records_statements_and_any_number_of_resolutions(people, client_for):
    meeting = schedule(people)
    client = client_for(people.secretariat)
    page = client.get(f"/meetings/{meeting.pk}/record/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-autosave-url="/meetings/{meeting.pk}/record/autosave/"' in html
    assert "meetings/record.js" in html and "resolutions/deadline-preview.js" in html
    rows = [
        {"text": f"مصوبه آزمایشی {i}", "leads": [str(people.varzesh.agency_id)], "deadline": "دو هفته"}
        for i in range(3)
    ]
    rows[1]["partners"] = [str(people.taavon.agency_id)]
    rows.append({"text": "", "deadline": ""})  # a blank row is skipped
    response = client.post(f"/meetings/{meeting.pk}/record/", _record_post(meeting, people, rows))
    assert response.status_code == 302
    resolutions = list(Resolution.objects.filter(meeting=meeting).order_by("number"))
    assert [r.number for r in resolutions] == [1, 2, 3]
    assert [r.deadline_raw for r in resolutions] == ["دو هفته"] * 3
    assert resolutions[0].due_date is not None
    assert set(resolutions[1].assignments.values_list("agency_id", "role")) == {
        (people.varzesh.agency_id, "lead"),
        (people.taavon.agency_id, "partner"),
    }
    meeting.refresh_from_db()
    assert meeting.narrative == "جلسه برگزار شد."
    assert list(meeting.speakers.values_list("name", "statement")) == [("علی رضایی", "تأکید بر پیگیری.")]


def test_bad_rows_are_refused_at_their_fields_nothing_half_saved_nothing_lost(people, client_for):
    meeting = schedule(people)
    client = client_for(people.secretariat)
    rows = [
        {"text": "مصوبه درست", "leads": [str(people.varzesh.agency_id)], "deadline": "یک هفته"},
        {"text": "مصوبه بدون دستگاه", "deadline": "یک هفته"},
        {"text": "مصوبه با تاریخ ناممکن", "leads": [str(people.taavon.agency_id)], "deadline": "۱۴۰۳/۱۳/۴۰"},
        {"text": "دستگاه ناشناخته", "leads": ["999999"], "deadline": ""},
    ]
    response = client.post(f"/meetings/{meeting.pk}/record/", _record_post(meeting, people, rows))
    assert response.status_code == 400
    forms = response.context["rows"].forms
    assert forms[1].errors["leads"] == [
        "دست‌کم یک دستگاه مسئول (اصلی) برای این مصوبه انتخاب کنید؛ مصوبه بدون دستگاه ثبت نمی‌شود."
    ]
    assert "deadline" in forms[2].errors
    assert forms[3].errors["leads"] == ["دستگاه انتخاب‌شده در فهرست دستگاه‌های این استان نیست."]
    assert forms[0]["text"].value() == "مصوبه درست"  # kept as typed
    assert not Resolution.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    assert meeting.narrative == "" and not meeting.speakers.exists()


def test_the_autosave_keeps_the_form_and_refuses_a_stale_tab(people, client_for):
    meeting = schedule(people)
    client = client_for(people.secretariat)
    url = f"/meetings/{meeting.pk}/record/autosave/"
    fields = {"narrative": ["نیمه‌کاره"], "row-0-text": ["مصوبه‌ای که هنوز ثبت نشده"]}
    first = client.post(
        url, json.dumps({"version": meeting.version, "fields": fields}), content_type="application/json"
    )
    assert first.status_code == 200
    version = first.json()["version"]
    assert version == meeting.version + 1
    meeting.refresh_from_db()
    assert meeting.record_draft == {"fields": fields}
    # The record page hands the draft back to the script that restores it.
    page = client.get(f"/meetings/{meeting.pk}/record/")
    assert page.context["server_draft"] == {"version": version, "fields": fields}
    # A second tab still on the old version is refused, in Persian, and overwrites nothing.
    stale = client.post(
        url,
        json.dumps({"version": version - 1, "fields": {"narrative": ["دیگر"]}}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["message"].startswith("این صورتجلسه در زبانه یا رایانه دیگری ذخیره شده است")
    meeting.refresh_from_db()
    assert meeting.record_draft == {"fields": fields}
    # So is the final save of a stale tab.
    response = client.post(
        f"/meetings/{meeting.pk}/record/", _record_post(meeting, people, [], version=str(version - 1))
    )
    assert response.status_code == 409
    assert "توسط کاربر دیگری تغییر کرده است" in response.content.decode()


def test_autosave_refuses_unreadable_or_oversized_data(people, client_for):
    meeting = schedule(people)
    client = client_for(people.secretariat)
    url = f"/meetings/{meeting.pk}/record/autosave/"
    bad = client.post(url, "not json", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["message"] == "داده ذخیره خودکار خوانا نیست."
    wrong = client.post(
        url, json.dumps({"version": 1, "fields": {"a": "b"}}), content_type="application/json"
    )
    assert wrong.status_code == 400
    huge = client.post(
        url,
        json.dumps({"version": 1, "fields": {"narrative": ["x" * 300_000]}}),
        content_type="application/json",
    )
    assert huge.status_code == 413


def test_the_live_due_date_answers_for_the_meetings_date(people, client_for):
    meeting = schedule(people)
    client = client_for(people.secretariat)
    ok = client.get(f"/meetings/{meeting.pk}/record/deadline-preview/", {"deadline": "دو هفته"})
    assert ok.json()["valid"] is True and ok.json()["message"].startswith("سررسید محاسبه‌شده: ")
    bad = client.get(f"/meetings/{meeting.pk}/record/deadline-preview/", {"deadline": "۱۴۰۳/۱۳/۴۰"})
    assert bad.json()["valid"] is False


def test_record_pages_methods_and_role_boundaries(people, client_for):
    meeting = schedule(people)
    secretariat = client_for(people.secretariat)
    assert secretariat.get(f"/meetings/{meeting.pk}/record/autosave/").status_code == 405
    assert secretariat.post(f"/meetings/{meeting.pk}/record/deadline-preview/").status_code == 405
    assert secretariat.put(f"/meetings/{meeting.pk}/record/").status_code == 405
    assert client_for(people.varzesh).get(f"/meetings/{meeting.pk}/record/").status_code == 403
    assert client_for(people.markazi_secretariat).get(f"/meetings/{meeting.pk}/record/").status_code == 404
    autosave = client_for(people.leadership).post(
        f"/meetings/{meeting.pk}/record/autosave/", "{}", content_type="application/json"
    )
    assert autosave.status_code == 403
    # Once circulated the text no longer changes from this page.
    from tests.meetings.lifecycle_world import record_two

    record_two(people, meeting)
    circulate(people, meeting)
    assert secretariat.get(f"/meetings/{meeting.pk}/record/").status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == "circulated"
    assert Assignment.objects.filter(resolution__meeting=meeting).count() == 3
