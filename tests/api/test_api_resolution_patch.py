"""PATCH /api/v1/resolutions/{id}/: the secretariat corrects a resolution; the deadline is
checked as on the pages (issue 11, A.1)."""

from __future__ import annotations

import json

import pytest

from qarargah.persian import JalaliDate, jalali_iso

pytestmark = pytest.mark.django_db


def _patch(client, pk: int, body: dict):
    return client.patch(f"/api/v1/resolutions/{pk}/", json.dumps(body), content_type="application/json")


def test_an_impossible_date_is_refused_at_the_field(people, api_for, world):
    before = (world.r1.deadline_raw, world.r1.due_date, world.r1.version)
    response = _patch(api_for(people.secretariat), world.r1.pk, {"deadline": "۱۴۰۳/۱۳/۴۰"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert "ماه «۱۳» نداریم" in error["fields"]["deadline"][0]
    world.r1.refresh_from_db()
    assert (world.r1.deadline_raw, world.r1.due_date, world.r1.version) == before


def test_a_good_date_sets_the_due_date_of_the_resolution_and_its_assignments(people, api_for, world):
    meeting = JalaliDate.from_gregorian(world.r1.meeting_date)
    due = meeting.add_months(2)
    typed = due.display()
    response = _patch(
        api_for(people.secretariat), world.r1.pk, {"deadline": typed, "version": world.r1.version}
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["deadline_raw"], data["deadline_kind"]) == (typed, "date")
    assert data["due_date"] == due.to_gregorian().isoformat()
    assert data["due_date_jalali"] == jalali_iso(due.to_gregorian())
    assert {a["due_date"] for a in data["assignments"]} == {due.to_gregorian().isoformat()}


def test_a_phrase_text_axis_and_target_change_together(people, api_for, world):
    response = _patch(
        api_for(people.secretariat),
        world.r1.pk,
        {
            "deadline": "اسرع وقت",
            "text": "متن اصلاح‌شده",
            "axis": "health",
            "target_quantity": "12",
            "target_unit": "دوره",
        },
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert (data["deadline_kind"], data["text"], data["axis"], data["target_unit"]) == (
        "asap",
        "متن اصلاح‌شده",
        "health",
        "دوره",
    )
    assert data["due_date"] is not None


def test_a_stale_version_is_409(people, api_for, world):
    response = _patch(
        api_for(people.secretariat), world.r1.pk, {"deadline": "۱۰ روز", "version": world.r1.version + 5}
    )
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


def test_a_yearless_date_is_checked_in_the_meetings_year_at_the_field(people, api_for, world):
    # No Mehr has a 31st: without its year, the date is read in the meeting's year and refused.
    response = _patch(api_for(people.secretariat), world.r1.pk, {"deadline": "۳۱ مهر"})
    assert response.status_code == 400
    assert "در تقویم شمسی وجود ندارد" in response.json()["error"]["fields"]["deadline"][0]


@pytest.mark.parametrize(
    ("who", "code"), [("varzesh", 403), ("leadership", 403), ("markazi_secretariat", 404)]
)
def test_others_may_not_patch(people, api_for, world, who, code):
    response = _patch(api_for(getattr(people, who)), world.r1.pk, {"deadline": "۱۰ روز"})
    assert response.status_code == code
    world.r1.refresh_from_db()
    assert world.r1.deadline_raw != "۱۰ روز"


def test_unknown_neighbourhoods_are_refused(people, api_for, world):
    response = _patch(api_for(people.secretariat), world.r1.pk, {"neighbourhoods": [2_000_000]})
    assert response.status_code == 400 and "neighbourhoods" in response.json()["error"]["fields"]


def test_put_is_not_allowed(people, api_for, world):
    response = api_for(people.secretariat).put(
        f"/api/v1/resolutions/{world.r1.pk}/", "{}", content_type="application/json"
    )
    assert response.status_code == 405


IMPOSSIBLE_MINUTES = """صورتجلسه قرارگاه اجتماعی استان البرز
جلسه شماره ۵۸ مورخ ۱۴۰۳/۰۲/۱۲ ساعت ۱۰ به ریاست آقای احمدی در سالن شهدا برگزار شد.
مصوبات:
ردیف\tمصوبه\tمسئول اجرا\tمهلت
۱\tمقرر گردید جشنواره ورزش محله برگزار شود.\t{agency}\t{deadline}
"""


@pytest.mark.parametrize(
    ("agency", "deadline", "code"),
    [("اداره کل ورزش و جوانان", "۱۴۰۳/۱۳/۴۰", "deadline"), ("", "۱۰ روز", "agency_required")],
)
def test_the_api_import_refuses_an_impossible_deadline_or_no_agency(
    people, api_for, db, agency, deadline, code
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qarargah.meetings.models import Meeting

    upload = SimpleUploadedFile(
        "m58.txt",
        IMPOSSIBLE_MINUTES.format(agency=agency, deadline=deadline).encode(),
        content_type="text/plain",
    )
    response = api_for(people.secretariat).post("/api/v1/meetings/import/", {"file": upload})
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == code
    assert not Meeting.objects.filter(number=58).exists()


def test_the_api_import_refuses_minutes_dated_after_today(people, api_for, db):
    """A held meeting cannot be dated in the future: the API says so, as the preview does."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from qarargah.meetings.models import Meeting

    tomorrow = JalaliDate.from_gregorian(timezone.localdate()).add_days(1)
    text = IMPOSSIBLE_MINUTES.replace("۱۴۰۳/۰۲/۱۲", tomorrow.display()).format(
        agency="اداره کل ورزش و جوانان", deadline="۱۰ روز"
    )
    upload = SimpleUploadedFile("m58.txt", text.encode(), content_type="text/plain")
    response = api_for(people.secretariat).post("/api/v1/meetings/import/", {"file": upload})
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "future_date"
    assert "هنوز نرسیده است" in response.json()["error"]["message"]
    assert not Meeting.objects.filter(number=58).exists()


# --- Agencies: the whole list, replaced ----------------------------------------------------------


def _agencies(data: dict) -> list[tuple[str, str]]:
    return sorted((a["agency"]["name"], a["role"]) for a in data["assignments"])


def test_agencies_are_replaced_with_one_lead(people, api_for, world):
    from qarargah.organisations.models import Agency

    varzesh, taavon = world.varzesh_r1.agency, world.taavon_r1.agency
    third = Agency.objects.filter(province=varzesh.province).exclude(pk__in=[varzesh.pk, taavon.pk]).first()
    response = _patch(
        api_for(people.secretariat),
        world.r1.pk,
        {"agencies": [{"agency": taavon.pk, "role": "lead"}, {"agency": third.pk}]},
    )
    assert response.status_code == 200, response.json()
    assert _agencies(response.json()) == sorted([(taavon.name, "lead"), (third.name, "partner")])
    # The sports directorate was taken off (it had not reported); the history says so.
    assert not world.r1.assignments.filter(agency=varzesh).exists()


def test_an_agency_that_reported_cannot_be_taken_off_and_nothing_changes(people, api_for, world):
    from tests.api.world import submit_report

    submit_report(people.varzesh, world.varzesh_r1, "گزارش نخست")
    before = world.r1.text
    response = _patch(
        api_for(people.secretariat),
        world.r1.pk,
        {"text": "متن تازه", "agencies": [{"agency": world.taavon_r1.agency_id, "role": "lead"}]},
    )
    assert response.status_code == 400
    assert "گزارش فرستاده است" in response.json()["error"]["message"]
    world.r1.refresh_from_db()
    assert world.r1.text == before
    assert world.r1.assignments.count() == 2


def test_agencies_of_another_province_two_leads_or_none_are_refused(people, api_for, world):
    client = api_for(people.secretariat)
    markazi = world.markazi_r1.assignments.get().agency
    response = _patch(client, world.r1.pk, {"agencies": [{"agency": markazi.pk, "role": "lead"}]})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["agencies"] == [
        f"دستگاهی با شناسه {to_fa(markazi.pk)} در این استان نیست."
    ]
    both = [
        {"agency": world.varzesh_r1.agency_id, "role": "lead"},
        {"agency": world.taavon_r1.agency_id, "role": "lead"},
    ]
    response = _patch(client, world.r1.pk, {"agencies": both})
    assert response.status_code == 400
    assert (
        response.json()["error"]["message"] == "مصوبه فقط یک مسئول اصلی دارد؛ یکی از دستگاه‌ها را همکار کنید."
    )
    response = _patch(client, world.r1.pk, {"agencies": []})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["agencies"] == ["مصوبه دست‌کم یک دستگاه اقدام‌کننده لازم دارد."]
    response = _patch(
        client, world.r1.pk, {"agencies": [{"agency": world.varzesh_r1.agency_id, "role": "boss"}]}
    )
    assert response.status_code == 400
    assert "نقش «boss» شناخته نیست" in str(response.json()["error"]["fields"]["agencies"])
    assert sorted(a.role for a in world.r1.assignments.all()) == ["lead", "partner"]


def to_fa(number: int) -> str:
    from qarargah.persian import to_persian_digits

    return to_persian_digits(str(number))
