"""The secretariat's pages: the resolution list with filters and sorting, the resolution page,
editing with optimistic locking, assignments, and the review queue."""

from __future__ import annotations

import datetime
import re

import pytest

from qarargah.resolutions import services
from qarargah.resolutions.models import Assignment, ProgressReport, Resolution, ReviewStatus

from .factories import (
    TAAVON,
    VARZESH,
    agency,
    assignment_of,
    body,
    docx_bytes,
    make_meeting,
    make_resolution,
    report,
    today,
    upload,
)

pytestmark = pytest.mark.django_db


def _list(client, **params):
    response = client.get("/resolutions/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_list_is_persian_rtl_and_shows_status_and_agencies(people, client_for):
    make_resolution(people.secretariat, text="مقرر گردید: برگزاری ۵ میز خدمت در محله حصار.")
    html = _list(client_for(people.secretariat))
    assert 'lang="fa" dir="rtl"' in html
    assert "برگزاری ۵ میز خدمت" in html
    assert "اداره کل ورزش و جوانان" in html
    assert "باز" in html


def test_free_text_search_over_normalised_persian(people, client_for):
    make_resolution(people.secretariat, text="مقرر گردید: راه‌اندازی خانه‌های احسان در سطح استان.")
    make_resolution(people.secretariat, text="مقرر گردید: برگزاری جلسات هم‌اندیشی جوانان.")
    client = client_for(people.secretariat)
    html = _list(client, q="خانه هاي احسان")  # Arabic yeh, space instead of ZWNJ
    assert "خانه‌های احسان" in html and "هم‌اندیشی جوانان" not in html
    assert "مصوبه‌ای با این فیلترها پیدا نشد" in _list(client, q="ناموجود")


def test_filters_agency_status_overdue_week_axis_neighbourhood_county(people, client_for):
    late = make_resolution(people.secretariat, text="مصوبه دیرکرد", due=today() - datetime.timedelta(days=2))
    week = make_resolution(people.secretariat, text="مصوبه این هفته", due=today(), agencies=(TAAVON,))
    hesar = make_resolution(
        people.secretariat,
        text="مصوبه حصار",
        neighbourhoods=("حصار",),
        axis="health",
        agencies=("فرمانداری کرج",),
    )
    client = client_for(people.secretariat)
    overdue = _list(client, overdue="on")
    assert "مصوبه دیرکرد" in overdue and "مصوبه این هفته" not in overdue
    due_week = _list(client, due_this_week="on")
    assert "مصوبه این هفته" in due_week and "مصوبه دیرکرد" not in due_week
    by_agency = _list(client, agency=agency(TAAVON).pk)
    assert "مصوبه این هفته" in by_agency and "مصوبه دیرکرد" not in by_agency
    assert "مصوبه حصار" in _list(client, axis="health") and "مصوبه دیرکرد" not in _list(client, axis="health")
    neighbourhood = hesar.neighbourhoods.get()
    assert "مصوبه حصار" in _list(client, neighbourhood=neighbourhood.pk)
    by_county = _list(client, county=neighbourhood.county_id)
    assert "مصوبه حصار" in by_county and "مصوبه دیرکرد" not in by_county
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment_of(late)), decision="accept"
    )
    done = _list(client, status="done")
    assert "مصوبه دیرکرد" in done and "مصوبه حصار" not in done
    assert "مصوبه دیرکرد" in _list(client, body=late.meeting.body_id, meeting=late.meeting_id)
    assert "مصوبه دیرکرد" not in _list(client, meeting=week.meeting_id)


def test_sorting_by_number(people, client_for):
    meeting = make_meeting(people.secretariat)
    first = make_resolution(people.secretariat, meeting=meeting, text="الف مصوبه نخست")
    second = make_resolution(people.secretariat, meeting=meeting, text="ب مصوبه دوم")
    client = client_for(people.secretariat)
    asc = _list(client, order="number", meeting=meeting.pk)
    desc = _list(client, order="-number", meeting=meeting.pk)
    assert asc.index(first.text) < asc.index(second.text)
    assert desc.index(second.text) < desc.index(first.text)
    assert "order=-number" in asc  # the header toggles


def test_list_is_paginated_by_fifty(people, client_for):
    meeting = make_meeting(people.secretariat)
    for _ in range(51):
        make_resolution(people.secretariat, meeting=meeting)
    html = _list(client_for(people.secretariat), meeting=meeting.pk)
    assert "صفحه ۱ از ۲" in html
    assert html.count('class="resolution-row"') == 0  # rows are plain <tr>
    assert len(re.findall(r"/resolutions/\d+/\"", html)) == 50


def test_resolution_page_shows_assignments_reports_extensions_and_timeline(people, client_for):
    resolution = make_resolution(
        people.secretariat,
        text="مقرر گردید: آموزش ۳۰۰۰ نفر از بانوان سرپرست خانوار.",
        agencies=(VARZESH, TAAVON),
        due=today() + datetime.timedelta(days=3),
    )
    varzesh = assignment_of(resolution)
    submitted = report(
        people.varzesh, varzesh, achieved_quantity=1200, files=[upload("گزارش.docx", docx_bytes())]
    )
    services.review_progress_report(actor=people.secretariat, report=submitted, decision="accept")
    services.request_deadline_extension(
        actor=people.taavon,
        assignment=assignment_of(resolution, TAAVON),
        requested_due_date=today() + datetime.timedelta(days=30),
        reason="کمبود مربی",
    )
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "۳ روز مانده" in html
    assert "گزارش.docx" in html
    assert "پذیرفته شد" in html
    assert "کمبود مربی" in html and "موافقت با تمدید" in html
    assert "۱٬۲۰۰ از ۳٬۰۰۰ نفر (۴۰٪)" in html
    assert "تاریخچه تغییرات" in html and "گزارش پذیرفته شد" in html
    assert "ویرایش مصوبه" in html


def test_overdue_label_on_resolution_page(people, client_for):
    resolution = make_resolution(people.secretariat, due=today() - datetime.timedelta(days=2))
    html = client_for(people.secretariat).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "۲ روز گذشته" in html


def test_edit_resolution_with_target_neighbourhoods_and_owner(people, client_for):
    resolution = make_resolution(people.secretariat, text="مقرر گردید: برگزاری ۵ میز خدمت در محله حصار.")
    client = client_for(people.secretariat)
    form = client.get(f"/resolutions/{resolution.pk}/edit/").content.decode()
    assert 'value="5' in form or "میز خدمت" in form  # the proposal from the text was stored
    hesar = resolution.meeting.body.province.counties.get(name="کرج").neighbourhoods.get(name="حصار")
    response = client.post(
        f"/resolutions/{resolution.pk}/edit/",
        {
            "text": resolution.text,
            "axis": "social",
            "neighbourhoods": [hesar.pk],
            "target_quantity": "۷",
            "target_unit": "میز خدمت",
            "follow_up_owner": people.secretariat.pk,
            "report_period_days": "۱۵",
            "version": resolution.version,
        },
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert (resolution.axis, resolution.target_quantity, resolution.report_period_days) == ("social", 7, 15)
    assert resolution.follow_up_owner == people.secretariat
    assert list(resolution.neighbourhoods.all()) == [hesar]


def test_edit_with_stale_version_keeps_what_was_typed(people, client_for):
    resolution = make_resolution(people.secretariat)
    stale = resolution.version
    services.update_resolution(
        actor=people.admin, resolution=resolution, expected_version=stale, axis="legal"
    )
    response = client_for(people.secretariat).post(
        f"/resolutions/{resolution.pk}/edit/",
        {"text": "متن تازه‌ای که نوشتم", "axis": "health", "report_period_days": "30", "version": stale},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "توسط کاربر دیگری تغییر کرده است" in html
    assert "متن تازه‌ای که نوشتم" in html
    resolution.refresh_from_db()
    assert resolution.axis == "legal"


def test_edit_errors_are_persian(people, client_for):
    resolution = make_resolution(people.secretariat)
    html = (
        client_for(people.secretariat)
        .post(
            f"/resolutions/{resolution.pk}/edit/",
            {"text": "", "target_quantity": "ده", "report_period_days": "0", "version": resolution.version},
        )
        .content.decode()
    )
    assert "متن مصوبه را وارد کنید." in html
    assert "عدد را درست وارد کنید، مثلاً ۱۲۰ یا ۲٫۵." in html
    assert "دوره گزارش دست‌کم ۱ روز است." in html


def test_add_and_remove_an_assignment(people, client_for):
    resolution = make_resolution(people.secretariat)
    client = client_for(people.secretariat)
    response = client.post(
        f"/resolutions/{resolution.pk}/assignments/add/", {"agency": agency(TAAVON).pk, "role": "partner"}
    )
    assert response.status_code == 302
    added = assignment_of(resolution, TAAVON)
    assert added.role == "partner" and added.due_date == resolution.due_date
    response = client.post(
        f"/resolutions/{added.pk}/remove/".replace("/resolutions/", "/resolutions/assignments/")
    )
    assert response.status_code == 302
    assert not Assignment.objects.filter(pk=added.pk).exists()


def test_add_assignment_from_another_province_is_refused(people, client_for):
    resolution = make_resolution(people.secretariat)
    html = (
        client_for(people.secretariat)
        .post(
            f"/resolutions/{resolution.pk}/assignments/add/",
            {"agency": agency("اداره کل بهزیستی استان").pk, "role": "lead"},
        )
        .content.decode()
    )
    assert "دستگاه انتخاب‌شده در فهرست دستگاه‌های این استان نیست یا پیش‌تر اقدام‌کننده است." in html


def test_cannot_remove_an_assignment_that_reported(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    report(people.varzesh, assignment)
    client = client_for(people.secretariat)
    response = client.post(f"/resolutions/assignments/{assignment.pk}/remove/", follow=True)
    assert (
        "این دستگاه برای این مصوبه گزارش فرستاده است و نمی‌توان تکلیفش را حذف کرد."
        in response.content.decode()
    )
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_review_queue_accept_and_return_inline(people, client_for):
    first = report(people.varzesh, assignment_of(make_resolution(people.secretariat)), text="گزارش نخست")
    second = report(
        people.taavon, assignment_of(make_resolution(people.secretariat, agencies=(TAAVON,)), TAAVON)
    )
    client = client_for(people.secretariat)
    html = client.get("/resolutions/reviews/").content.decode()
    assert "گزارش نخست" in html and "پذیرش گزارش" in html
    response = client.post(
        f"/resolutions/reports/{first.pk}/review/", {"decision": "accept", "version": first.version}
    )
    assert response.status_code == 302 and response["Location"] == "/resolutions/reviews/"
    response = client.post(
        f"/resolutions/reports/{second.pk}/review/",
        {"decision": "return", "comment": "فهرست شرکت‌کنندگان را بفرستید.", "version": second.version},
        follow=True,
    )
    assert "با توضیح شما به دستگاه برگشت داده شد" in response.content.decode()
    second.refresh_from_db()
    assert second.review_status == ReviewStatus.RETURNED
    assert "گزارشی در انتظار بررسی نیست" in client.get("/resolutions/reviews/").content.decode()


def test_return_without_comment_re_renders_with_the_message(people, client_for):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    response = client_for(people.secretariat).post(
        f"/resolutions/reports/{submitted.pk}/review/",
        {"decision": "return", "comment": "", "version": submitted.version},
    )
    assert response.status_code == 200
    assert "برای برگرداندن گزارش، توضیح لازم است." in response.content.decode()


def test_concurrent_review_through_pages_keeps_the_typed_comment(people, client_for):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    seen = submitted.version
    client_for(people.admin).post(
        f"/resolutions/reports/{submitted.pk}/review/", {"decision": "accept", "version": seen}
    )
    response = client_for(people.secretariat).post(
        f"/resolutions/reports/{submitted.pk}/review/",
        {"decision": "return", "comment": "نظر مفصل من درباره این گزارش", "version": seen},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "توسط کاربر دیگری تغییر کرده است" in html
    assert "نظر مفصل من درباره این گزارش" in html
    assert ProgressReport.objects.get(pk=submitted.pk).review_status == ReviewStatus.ACCEPTED


def test_extension_decision_through_the_page(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    extension = services.request_deadline_extension(
        actor=people.varzesh,
        assignment=assignment,
        requested_due_date=today() + datetime.timedelta(days=60),
        reason="x",
    )
    response = client_for(people.secretariat).post(
        f"/resolutions/extensions/{extension.pk}/decide/",
        {
            "decision": "approve",
            "version": extension.version,
            "next": f"/resolutions/{assignment.resolution_id}/",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/resolutions/{assignment.resolution_id}/"
    assignment.refresh_from_db()
    assert assignment.due_date == today() + datetime.timedelta(days=60)


def test_extension_stale_version_page_keeps_comment(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    extension = services.request_deadline_extension(
        actor=people.varzesh,
        assignment=assignment,
        requested_due_date=today() + datetime.timedelta(days=60),
        reason="x",
    )
    seen = extension.version
    services.decide_deadline_extension(actor=people.admin, extension=extension, approve=False)
    html = (
        client_for(people.secretariat)
        .post(
            f"/resolutions/extensions/{extension.pk}/decide/",
            {"decision": "approve", "comment": "موافقم چون دلیل موجه است", "version": seen},
        )
        .content.decode()
    )
    assert "توسط کاربر دیگری تغییر کرده است" in html
    assert "موافقم چون دلیل موجه است" in html


def test_next_url_must_be_local(people, client_for):
    submitted = report(people.varzesh, assignment_of(make_resolution(people.secretariat)))
    response = client_for(people.secretariat).post(
        f"/resolutions/reports/{submitted.pk}/review/",
        {"decision": "accept", "version": submitted.version, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/resolutions/reviews/"


def test_body_fixture_is_alborz_hq():
    assert body().province.code == "alborz"
    assert Resolution.objects.count() >= 0


def test_meeting_filter_is_offered_without_choosing_a_body_first(people, client_for):
    first = make_meeting(people.secretariat, number=81)
    second = make_meeting(people.secretariat, number=82)
    make_resolution(people.secretariat, meeting=first, text="مصوبه جلسه اول")
    make_resolution(people.secretariat, meeting=second, text="مصوبه جلسه دوم")
    client = client_for(people.secretariat)
    html = _list(client)
    assert 'id="f-meeting"' in html
    assert "قرارگاه اجتماعی استان · جلسه ۸۱ ·" in html
    filtered = _list(client, meeting=first.pk)
    assert "مصوبه جلسه اول" in filtered and "مصوبه جلسه دوم" not in filtered
    # A meeting of another province is not a choice: the filter is dropped, not obeyed.
    other = make_meeting(people.markazi_secretariat, body_name="شورای اجتماعی استان", number=83)
    make_resolution(people.markazi_secretariat, meeting=other, text="مصوبه مرکزی", agencies=())
    assert "مصوبه مرکزی" not in _list(client, meeting=other.pk)


def test_filter_dropdowns_keep_the_choice_and_escape_names():
    from django.template import engines

    from qarargah.organisations.models import Agency

    agencies = [Agency(pk=7, name="اداره <کل> ورزش"), Agency(pk=9, name="بهزیستی")]
    template = engines["django"].from_string(
        "{% load resolutions_tags %}{% select_options agencies chosen 'همه' %}|"
        "{% select_options pairs 'returned' %}"
    )
    html = template.render(
        {"agencies": agencies, "chosen": agencies[1], "pairs": [("", "همه"), ("returned", "برگشتی")]}
    )
    assert html == (
        '<option value="">همه</option><option value="7">اداره &lt;کل&gt; ورزش</option>'
        '<option value="9" selected>بهزیستی</option>|'
        '<option value="">همه</option><option value="returned" selected>برگشتی</option>'
    )
