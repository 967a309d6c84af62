"""The agency officer's side: the inbox, the report form with attachments, extension requests,
and a concurrent edit that keeps everything the officer typed."""

from __future__ import annotations

import datetime

import pytest

from qarargah.persian import jalali_iso, to_persian_digits
from qarargah.resolutions import services
from qarargah.resolutions.models import AssignmentStatus, DeadlineExtension, ProgressReport

from .factories import (
    KARAJ,
    TAAVON,
    VARZESH,
    assignment_of,
    docx_bytes,
    exe_bytes,
    make_resolution,
    pdf_bytes,
    png_bytes,
    report,
    today,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_inbox_orders_by_due_date_with_day_labels(people, client_for):
    make_resolution(people.secretariat, text="کار سه روز دیگر", due=today() + datetime.timedelta(days=3))
    make_resolution(people.secretariat, text="کار دیرکرده", due=today() - datetime.timedelta(days=2))
    make_resolution(people.secretariat, text="کار امروز", due=today())
    make_resolution(people.secretariat, text="کار دستگاه دیگر", agencies=(TAAVON,))
    html = client_for(people.varzesh).get("/resolutions/inbox/").content.decode()
    assert html.index("کار دیرکرده") < html.index("کار امروز") < html.index("کار سه روز دیگر")
    assert "۲ روز گذشته" in html and "امروز" in html and "۳ روز مانده" in html
    assert "کار دستگاه دیگر" not in html


def test_inbox_filters(people, client_for):
    late = make_resolution(people.secretariat, text="کار دیرکرده", due=today() - datetime.timedelta(days=2))
    make_resolution(people.secretariat, text="کار باز", due=today() + datetime.timedelta(days=9))
    done = make_resolution(people.secretariat, text="کار تمام‌شده")
    services.review_progress_report(
        actor=people.secretariat, report=report(people.varzesh, assignment_of(done)), decision="accept"
    )
    client = client_for(people.varzesh)
    open_html = client.get("/resolutions/inbox/").content.decode()
    assert "کار باز" in open_html and "کار تمام‌شده" not in open_html
    overdue_html = client.get("/resolutions/inbox/?show=overdue").content.decode()
    assert "کار دیرکرده" in overdue_html and "کار باز" not in overdue_html
    all_html = client.get("/resolutions/inbox/?show=all").content.decode()
    assert "کار تمام‌شده" in all_html and "انجام شد" in all_html
    assert late.pk


def test_inbox_empty_state(people, client_for):
    html = client_for(people.varzesh).get("/resolutions/inbox/?show=overdue").content.decode()
    assert "هیچ تکلیفی از سررسیدش نگذشته است." in html


def test_inbox_is_for_those_who_act_for_an_agency_or_a_house(people, client_for):
    for person in (people.secretariat, people.leadership):
        assert client_for(person).get("/resolutions/inbox/").status_code == 403
    # The house manager acts for their neighbourhood's house (decision 0022).
    assert client_for(people.hesar_manager).get("/resolutions/inbox/").status_code == 200


def test_county_officer_inbox_shows_the_governorate(people, client_for):
    make_resolution(people.secretariat, text="کار فرمانداری", agencies=(KARAJ,))
    html = client_for(people.karaj_governorate).get("/resolutions/inbox/").content.decode()
    assert "کار فرمانداری" in html


def test_report_with_several_files_and_quantity(people, client_for):
    resolution = make_resolution(people.secretariat, text="مقرر گردید: آموزش ۳۰۰۰ نفر از جوانان.")
    assignment = assignment_of(resolution)
    client = client_for(people.varzesh)
    page = client.get(f"/resolutions/assignments/{assignment.pk}/").content.decode()
    assert "مقدار انجام‌شده (نفر)" in page and "multiple" in page and 'enctype="multipart/form-data"' in page
    response = client.post(
        f"/resolutions/assignments/{assignment.pk}/report/",
        {
            "text": "دوره نخست برای ۵۰۰ نفر برگزار شد.",
            "achieved_quantity": "۵۰۰",
            "version": assignment.version,
            "files": [
                upload("گزارش.pdf", pdf_bytes()),
                upload("نامه.docx", docx_bytes()),
                upload("آمار.xlsx", xlsx_bytes()),
                upload("عکس.png", png_bytes()),
            ],
        },
    )
    assert response.status_code == 302
    submitted = ProgressReport.objects.get(assignment=assignment)
    assert submitted.achieved_quantity == 500
    assert sorted(submitted.attachments.values_list("original_name", flat=True)) == sorted(
        ["گزارش.pdf", "نامه.docx", "آمار.xlsx", "عکس.png"]
    )
    followed = client.get(response["Location"]).content.decode()
    assert "گزارش شما فرستاده شد و در انتظار بررسی دبیرخانه است." in followed


def test_report_with_forged_file_shows_the_error_on_the_form(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    response = client_for(people.varzesh).post(
        f"/resolutions/assignments/{assignment.pk}/report/",
        {"text": "متنی که نوشتم", "version": assignment.version, "files": [upload("گزارش.pdf", exe_bytes())]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "«گزارش.pdf»" in html and "جور نیست" in html
    assert "متنی که نوشتم" in html
    assert "پس از رفع خطا، فایل‌ها را دوباره انتخاب کنید." in html
    assert not ProgressReport.objects.exists()


def test_report_without_text(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    html = (
        client_for(people.varzesh)
        .post(
            f"/resolutions/assignments/{assignment.pk}/report/", {"text": "", "version": assignment.version}
        )
        .content.decode()
    )
    assert "شرح اقدامات را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود." in html


def test_concurrent_edit_re_renders_with_conflict_and_what_was_typed(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat, text="مقرر گردید: آموزش ۳۰۰۰ نفر."))
    stale = assignment.version
    # A colleague in the same agency marks it started from another browser.
    services.start_assignment(actor=people.varzesh, assignment=assignment)
    response = client_for(people.varzesh).post(
        f"/resolutions/assignments/{assignment.pk}/report/",
        {"text": "گزارش طولانی‌ای که با زحمت نوشتم", "achieved_quantity": "۱۲۰", "version": stale},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "توسط کاربر دیگری تغییر کرده است" in html
    assert "گزارش طولانی‌ای که با زحمت نوشتم" in html
    assert 'value="120' in html or "۱۲۰" in html
    assert not ProgressReport.objects.exists()


def test_start_button(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    client = client_for(people.varzesh)
    assert "شروع اقدام" in client.get(f"/resolutions/assignments/{assignment.pk}/").content.decode()
    response = client.post(
        f"/resolutions/assignments/{assignment.pk}/start/", {"version": assignment.version}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.IN_PROGRESS
    again = client.post(f"/resolutions/assignments/{assignment.pk}/start/", follow=True).content.decode()
    assert "اقدام این تکلیف پیش‌تر شروع شده" in again


def test_returned_report_shows_the_comment_and_a_new_form(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    submitted = report(people.varzesh, assignment)
    services.review_progress_report(
        actor=people.secretariat, report=submitted, decision="return", comment="فهرست حاضران را پیوست کنید."
    )
    html = client_for(people.varzesh).get(f"/resolutions/assignments/{assignment.pk}/").content.decode()
    assert "فهرست حاضران را پیوست کنید." in html
    assert "گزارش قبلی شما برگشت داده شد" in html
    assert "ارسال گزارش" in html


def test_extension_request_with_jalali_date(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    wanted = today() + datetime.timedelta(days=45)
    client = client_for(people.varzesh)
    page = client.get(f"/resolutions/assignments/{assignment.pk}/").content.decode()
    assert "data-jdp" in page
    response = client.post(
        f"/resolutions/assignments/{assignment.pk}/extension/",
        {
            "requested_due_date": to_persian_digits(jalali_iso(wanted).replace("-", "/")),
            "reason": "تأخیر در تخصیص",
        },
    )
    assert response.status_code == 302
    extension = DeadlineExtension.objects.get(assignment=assignment)
    assert extension.requested_due_date == wanted
    html = client.get(f"/resolutions/assignments/{assignment.pk}/").content.decode()
    assert "در انتظار تصمیم" in html


def test_extension_request_errors_keep_the_reason(people, client_for):
    assignment = assignment_of(make_resolution(people.secretariat))
    html = (
        client_for(people.varzesh)
        .post(
            f"/resolutions/assignments/{assignment.pk}/extension/",
            {"requested_due_date": "۱۴۰۳/۱۳/۴۰", "reason": "دلیلی که نوشتم"},
        )
        .content.decode()
    )
    assert "معتبر نیست" in html
    assert "دلیلی که نوشتم" in html


def test_officer_sees_only_own_assignment_on_a_shared_resolution(people, client_for):
    resolution = make_resolution(people.secretariat, agencies=(VARZESH, TAAVON))
    report(people.taavon, assignment_of(resolution, TAAVON), text="گزارش محرمانه تعاون")
    html = client_for(people.varzesh).get(f"/resolutions/{resolution.pk}/").content.decode()
    assert "گزارش محرمانه تعاون" not in html
    assert "ویرایش مصوبه" not in html
