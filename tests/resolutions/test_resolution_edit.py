"""The edit page (issue 11, A.1): the deadline with its computed due date, refused when it is a
date that does not exist; the agencies with one lead and never none."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied

from qarargah.core.errors import ConcurrentEditError, ServiceError
from qarargah.persian import JalaliDate, format_jalali
from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, AssignmentRole, DeadlineKind

from .factories import KARAJ, TAAVON, VARZESH, agency, assignment_of, make_meeting, make_resolution, report

pytestmark = pytest.mark.django_db

IMPOSSIBLE = "۱۴۰۳/۱۳/۴۰"


def _meeting_on(actor, jalali: str):
    y, m, d = (int(x) for x in jalali.split("/"))
    return make_meeting(actor, date=JalaliDate(y, m, d).to_gregorian())


def _post(resolution, **changes) -> dict:
    data = {
        "text": resolution.text,
        "axis": resolution.axis,
        "deadline": resolution.deadline_raw,
        "report_period_days": str(resolution.report_period_days),
        "version": resolution.version,
    }
    data.update(changes)
    return data


# --- The deadline ----------------------------------------------------------------------------------


def test_an_impossible_date_is_refused_at_the_field_and_everything_typed_stays(people, client_for):
    resolution = make_resolution(people.secretariat, meeting=_meeting_on(people.secretariat, "1403/02/12"))
    before = (resolution.deadline_raw, resolution.deadline_kind, resolution.due_date, resolution.version)
    response = client_for(people.secretariat).post(
        f"/resolutions/{resolution.pk}/edit/",
        _post(resolution, deadline=IMPOSSIBLE, text="متن تازه‌ای که نوشتم"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "ماه «۱۳» نداریم" in form.errors["deadline"][0]
    html = response.content.decode()
    assert f'value="{IMPOSSIBLE}"' in html and "متن تازه‌ای که نوشتم" in html
    assert 'aria-invalid="true"' in html
    resolution.refresh_from_db()
    assert (
        resolution.deadline_raw,
        resolution.deadline_kind,
        resolution.due_date,
        resolution.version,
    ) == before


def test_a_good_date_is_saved_with_its_due_date_moving_the_assignments(people, client_for):
    resolution = make_resolution(
        people.secretariat,
        meeting=_meeting_on(people.secretariat, "1403/02/12"),
        agencies=(VARZESH, TAAVON),
    )
    response = client_for(people.secretariat).post(
        f"/resolutions/{resolution.pk}/edit/", _post(resolution, deadline="۱۴۰۳/۰۵/۳۰")
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    due = JalaliDate(1403, 5, 30).to_gregorian()
    assert (resolution.deadline_raw, resolution.deadline_kind, resolution.due_date) == (
        "۱۴۰۳/۰۵/۳۰",
        DeadlineKind.DATE,
        due,
    )
    assert set(resolution.assignments.values_list("due_date", flat=True)) == {due}
    assert resolution.open_due_date == due
    assert LogEntry.objects.filter(additional_data__event="deadline_changed").exists()
    page = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "سررسید ۱۴۰۳/۰۵/۳۰" in page


def test_a_phrase_is_computed_from_the_meeting_date_and_shown_beside_the_field(people, client_for):
    resolution = make_resolution(people.secretariat, meeting=_meeting_on(people.secretariat, "1403/02/12"))
    services.update_resolution(
        actor=people.secretariat, resolution=resolution, expected_version=None, deadline="۱۰ روز"
    )
    resolution.refresh_from_db()
    assert resolution.deadline_kind == DeadlineKind.RELATIVE
    assert format_jalali(resolution.due_date) == "۱۴۰۳/۰۲/۲۲"
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/edit/").content.decode()
    assert "سررسید محاسبه‌شده: ۱۴۰۳/۰۲/۲۲" in html
    assert 'value="۱۰ روز"' in html


def test_until_the_next_meeting_is_due_on_the_bodys_next_recorded_meeting(people):
    first = _meeting_on(people.secretariat, "1403/02/12")
    _meeting_on(people.secretariat, "1403/03/20")
    resolution = make_resolution(people.secretariat, meeting=first)
    services.update_resolution(
        actor=people.secretariat, resolution=resolution, expected_version=None, deadline="تا جلسه آینده"
    )
    resolution.refresh_from_db()
    assert resolution.deadline_kind == DeadlineKind.NEXT_MEETING
    assert resolution.due_date == JalaliDate(1403, 3, 20).to_gregorian()


def test_wording_without_a_date_is_kept_and_shown_without_a_due_date(people, client_for):
    resolution = make_resolution(people.secretariat)
    services.update_resolution(
        actor=people.secretariat, resolution=resolution, expected_version=None, deadline="پس از تخصیص اعتبار"
    )
    resolution.refresh_from_db()
    assert (resolution.deadline_kind, resolution.due_date) == (DeadlineKind.NONE, None)
    page = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "پس از تخصیص اعتبار" in page and "(بدون سررسید)" in page


def test_a_blank_deadline_is_no_deadline(people):
    resolution = make_resolution(people.secretariat)
    services.update_resolution(
        actor=people.secretariat, resolution=resolution, expected_version=None, deadline="۱۰ روز"
    )
    services.update_resolution(
        actor=people.secretariat, resolution=resolution, expected_version=None, deadline=""
    )
    resolution.refresh_from_db()
    assert (resolution.deadline_kind, resolution.due_date) == (DeadlineKind.NONE, None)


def test_the_service_refuses_a_date_missing_from_the_meetings_year(people):
    # «۳۰ اسفند» has no year: in a meeting of 1402 (a common year) that day does not exist.
    resolution = make_resolution(people.secretariat, meeting=_meeting_on(people.secretariat, "1402/06/01"))
    with pytest.raises(ServiceError) as caught:
        services.update_resolution(
            actor=people.secretariat, resolution=resolution, expected_version=None, deadline="۳۰ اسفند"
        )
    assert caught.value.code == "deadline"


def test_a_stale_version_is_refused_with_the_deadline_kept(people, client_for):
    resolution = make_resolution(people.secretariat)
    stale = resolution.version
    services.update_resolution(
        actor=people.admin, resolution=resolution, expected_version=stale, axis="legal"
    )
    response = client_for(people.secretariat).post(
        f"/resolutions/{resolution.pk}/edit/", _post(resolution, deadline="۲ هفته", version=stale)
    )
    assert response.status_code == 200
    assert "توسط کاربر دیگری تغییر کرده است" in response.content.decode()
    assert 'value="۲ هفته"' in response.content.decode()
    with pytest.raises(ConcurrentEditError):
        services.update_resolution(
            actor=people.secretariat, resolution=resolution, expected_version=stale, deadline="۲ هفته"
        )


def test_the_live_preview_answers_in_json(people, client_for):
    resolution = make_resolution(people.secretariat, meeting=_meeting_on(people.secretariat, "1403/02/12"))
    client = client_for(people.secretariat)
    url = f"/resolutions/{resolution.pk}/deadline-preview/"
    bad = client.get(url, {"deadline": IMPOSSIBLE}).json()
    assert bad["valid"] is False and "ماه «۱۳» نداریم" in bad["message"]
    good = client.get(url, {"deadline": "۱۴۰۳/۰۵/۳۰"}).json()
    assert good == {"valid": True, "message": "سررسید محاسبه‌شده: ۱۴۰۳/۰۵/۳۰", "due": "۱۴۰۳/۰۵/۳۰"}
    resolution.refresh_from_db()
    assert resolution.deadline_raw != "۱۴۰۳/۰۵/۳۰"  # the preview writes nothing


# --- Agencies: one lead, never none ---------------------------------------------------------------


def test_the_first_agency_is_the_lead_and_later_ones_partners(people):
    resolution = make_resolution(people.secretariat, agencies=())
    first = services.add_agency(
        actor=people.secretariat, resolution=resolution, agency=agency(VARZESH), role="partner"
    )
    second = services.add_agency(actor=people.secretariat, resolution=resolution, agency=agency(TAAVON))
    assert (first.role, second.role) == (AssignmentRole.LEAD, AssignmentRole.PARTNER)


def test_a_new_lead_demotes_the_old_one(people, client_for):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH,))
    response = client_for(people.secretariat).post(
        f"/resolutions/{resolution.pk}/assignments/add/",
        {"agency": agency(TAAVON).pk, "role": "lead", "back": "edit"},
    )
    assert response.status_code == 302 and response["Location"] == f"/resolutions/{resolution.pk}/edit/"
    roles = dict(resolution.assignments.values_list("agency__name", "role"))
    assert roles == {VARZESH: AssignmentRole.PARTNER, TAAVON: AssignmentRole.LEAD}
    assert LogEntry.objects.filter(additional_data__event="assignment_role_changed").exists()


def test_making_a_partner_the_lead_demotes_every_other_lead(people, client_for):
    # Made with two leads (as a group phrase in the minutes does): choosing one leaves one.
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON, KARAJ))
    karaj = assignment_of(resolution, KARAJ)
    services.set_assignment_role(actor=people.secretariat, assignment=karaj, role="partner")
    response = client_for(people.secretariat).post(
        f"/resolutions/assignments/{karaj.pk}/role/",
        {"role": "lead", "back": "edit", "version": karaj.version},
    )
    assert response.status_code == 302
    leads = list(
        resolution.assignments.filter(role=AssignmentRole.LEAD).values_list("agency__name", flat=True)
    )
    assert leads == [KARAJ]


def test_the_only_lead_cannot_be_made_a_partner(people, client_for):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH,))
    lead = assignment_of(resolution)
    response = client_for(people.secretariat).post(
        f"/resolutions/assignments/{lead.pk}/role/", {"role": "partner", "back": "edit"}, follow=True
    )
    assert "مصوبه باید یک مسئول اصلی داشته باشد" in response.content.decode()
    lead.refresh_from_db()
    assert lead.role == AssignmentRole.LEAD


def test_a_stale_role_change_is_refused(people):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    taavon = assignment_of(resolution, TAAVON)
    with pytest.raises(ConcurrentEditError):
        services.set_assignment_role(
            actor=people.secretariat, assignment=taavon, role="partner", expected_version=taavon.version + 1
        )


def test_removing_the_lead_promotes_the_oldest_partner(people, client_for):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH,))
    services.add_agency(actor=people.secretariat, resolution=resolution, agency=agency(TAAVON))
    services.add_agency(actor=people.secretariat, resolution=resolution, agency=agency(KARAJ))
    response = client_for(people.secretariat).post(
        f"/resolutions/assignments/{assignment_of(resolution).pk}/remove/", {"back": "edit"}, follow=True
    )
    assert f"«{TAAVON}» اکنون مسئول اصلی است." in response.content.decode()
    roles = dict(resolution.assignments.values_list("agency__name", "role"))
    assert roles == {TAAVON: AssignmentRole.LEAD, KARAJ: AssignmentRole.PARTNER}


def test_the_last_agency_cannot_be_removed(people, client_for):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH,))
    only = assignment_of(resolution)
    response = client_for(people.secretariat).post(
        f"/resolutions/assignments/{only.pk}/remove/", {"back": "edit"}, follow=True
    )
    assert "مصوبه دست‌کم یک دستگاه اقدام‌کننده لازم دارد" in response.content.decode()
    assert Assignment.objects.filter(pk=only.pk).exists()


def test_an_agency_that_reported_is_not_removed(people):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    report(people.varzesh, assignment_of(resolution))
    with pytest.raises(ServiceError) as caught:
        services.remove_agency(actor=people.secretariat, assignment=assignment_of(resolution))
    assert caught.value.code == "has_reports"


def test_the_edit_page_lists_agencies_with_a_picker_select(people, client_for):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH,))
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/edit/").content.decode()
    assert "data-agency-picker" in html
    assert f'data-agency="{VARZESH}"' in html
    assert "ثبت نقش" in html and "deadline-preview.js" in html


def test_a_refused_add_on_the_edit_page_stays_there(people, client_for):
    resolution = make_resolution(people.secretariat)
    response = client_for(people.secretariat).post(
        f"/resolutions/{resolution.pk}/assignments/add/", {"agency": "", "role": "lead", "back": "edit"}
    )
    assert response.status_code == 200
    assert response.templates[0].name == "resolutions/resolution_form.html"
    assert "دستگاه را انتخاب کنید." in response.content.decode()


# --- Who may ---------------------------------------------------------------------------------------


def test_an_agency_officer_may_not_edit_or_change_agencies(people, client_for):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    varzesh = assignment_of(resolution)
    officer = client_for(people.varzesh)
    assert officer.get(f"/resolutions/{resolution.pk}/edit/").status_code == 403
    assert (
        officer.post(f"/resolutions/{resolution.pk}/edit/", _post(resolution, deadline="۲ روز")).status_code
        == 403
    )
    assert (
        officer.get(f"/resolutions/{resolution.pk}/deadline-preview/", {"deadline": "۲ روز"}).status_code
        == 403
    )
    assert officer.post(f"/resolutions/assignments/{varzesh.pk}/role/", {"role": "partner"}).status_code in (
        403,
        404,
    )
    other = client_for(people.markazi_secretariat)
    assert other.get(f"/resolutions/{resolution.pk}/edit/").status_code == 404
    assert other.get(f"/resolutions/{resolution.pk}/deadline-preview/").status_code == 404
    assert other.post(f"/resolutions/assignments/{varzesh.pk}/role/", {"role": "partner"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.update_resolution(
            actor=people.varzesh, resolution=resolution, expected_version=None, deadline="۲ روز"
        )
    with pytest.raises(PermissionDenied):
        services.set_assignment_role(actor=people.varzesh, assignment=varzesh, role="lead")
    with pytest.raises(PermissionDenied):
        services.add_agency(actor=people.markazi_secretariat, resolution=resolution, agency=agency(KARAJ))
    varzesh.refresh_from_db()
    assert varzesh.role == AssignmentRole.LEAD
    resolution.refresh_from_db()
    assert resolution.deadline_raw != "۲ روز"


def test_a_due_date_before_today_is_allowed_as_typed(people):
    # Correcting an old resolution's deadline to its real (past) date is a correction, not an error.
    resolution = make_resolution(people.secretariat, meeting=_meeting_on(people.secretariat, "1402/06/01"))
    services.update_resolution(
        actor=people.secretariat, resolution=resolution, expected_version=None, deadline="۱۴۰۲/۰۷/۰۱"
    )
    resolution.refresh_from_db()
    assert resolution.due_date == JalaliDate(1402, 7, 1).to_gregorian() < datetime.date.today()
