"""«با همکاری X» makes X a partner assignment; the vote the minutes record is kept and shown."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qarargah.organisations.models import AgencyStatus
from qarargah.resolutions.models import Assignment

pytestmark = pytest.mark.django_db

HEADER = """صورتجلسه قرارگاه اجتماعی استان البرز
جلسه شماره {number} مورخ ۱۴۰۲/۰۹/۱۴ ساعت ۱۰ به ریاست آقای احمدی در سالن شهدا برگزار شد.
مصوبات:
"""

PARTNERED = (
    "۱- مقرر شد اداره کل ورزش و جوانان با همکاری اداره کل آموزش و پرورش و انجمن دوستداران ورزش محله "
    "مسابقات محلی را ظرف یک ماه برگزار کند.\nبا ۵ رأی موافق و ۲ مخالف تصویب شد.\n"
    "۲- مقرر شد اداره کل بهزیستی ظرف دو هفته فهرست مددجویان را تهیه کند.\n"
)


def _roles(meeting, number: int) -> dict[str, str]:
    return dict(
        Assignment.objects.filter(resolution__meeting=meeting, resolution__number=number).values_list(
            "agency__name", "role"
        )
    )


def test_a_partner_in_the_sentence_becomes_a_partner_assignment_and_the_lead_stays(import_file):
    result = import_file(data=(HEADER.format(number=21) + PARTNERED).encode(), name="p21.txt")
    meeting = result.meeting
    assert _roles(meeting, 1) == {"اداره کل ورزش و جوانان": "lead", "اداره کل آموزش و پرورش": "partner"}
    # A partner name the registry does not know is not turned into a pending agency.
    assert result.pending_agencies == []
    assert not meeting.body.province.agencies.filter(status=AgencyStatus.PENDING).exists()
    assert _roles(meeting, 2) == {"اداره کل بهزیستی": "lead"}


def test_a_partner_alone_stays_a_partner_and_the_missing_lead_is_said(import_file):
    text = HEADER.format(number=22) + (
        "۱- مقرر شد طرح آموزش مهارت‌های زندگی با همکاری اداره کل آموزش و پرورش در مدارس محله اجرا شود.\n"
    )
    result = import_file(data=text.encode(), name="p22.txt")
    assert _roles(result.meeting, 1) == {"اداره کل آموزش و پرورش": "partner"}
    assert "مصوبه ۱: اقدام‌کننده‌ای برای این مصوبه مشخص نشده است." in result.warnings


def test_the_assignee_column_decides_when_the_minutes_have_one(import_file):
    text = HEADER.format(number=23) + (
        "ردیف\tمصوبه\tمسئول اجرا\tمهلت\n"
        "۱\tمقرر گردید برنامه ورزش بانوان با همکاری اداره کل آموزش و پرورش در مدارس محله اجرا شود.\t"
        "اداره کل ورزش و جوانان\tیک ماه\n"
    )
    meeting = import_file(data=text.encode(), name="p23.txt").meeting
    assert _roles(meeting, 1) == {"اداره کل ورزش و جوانان": "lead"}


def test_the_vote_is_stored_and_shown_on_the_resolution_page_and_the_preview(import_file, people, client_for):
    text = HEADER.format(number=24) + PARTNERED
    client = client_for(people.secretariat)
    upload = SimpleUploadedFile("v24.txt", text.encode(), content_type="text/plain")
    preview_url = client.post("/meetings/import/", {"files": [upload]})["Location"]
    preview = client.get(preview_url).content.decode()
    assert "رأی‌گیری: با ۵ رأی موافق و ۲ مخالف تصویب شد" in preview
    assert 'data-testid="partners"' in preview and "اداره کل آموزش و پرورش" in preview
    assert "انجمن دوستداران ورزش محله" in preview  # shown, though it gets no assignment

    meeting = import_file(data=text.encode(), name="v24.txt").meeting
    voted, plain = meeting.resolutions.get(number=1), meeting.resolutions.get(number=2)
    assert voted.vote == "با ۵ رأی موافق و ۲ مخالف تصویب شد"
    assert "رأی" not in voted.text  # the vote line is not part of the resolution
    assert plain.vote == ""
    page = client.get(reverse("resolutions:resolution_detail", args=[voted.pk])).content.decode()
    assert "نتیجه رأی‌گیری" in page and "با ۵ رأی موافق و ۲ مخالف تصویب شد" in page
    page = client.get(reverse("resolutions:resolution_detail", args=[plain.pk])).content.decode()
    assert "نتیجه رأی‌گیری" not in page


def test_a_corrected_vote_is_a_change_of_the_reimport(import_file):
    text = HEADER.format(number=25) + PARTNERED
    meeting = import_file(data=text.encode(), name="v25.txt").meeting
    result = import_file(data=text.replace("۵ رأی موافق", "۶ رأی موافق").encode(), name="v25b.txt")
    assert result.outcome == "updated"
    assert any("نتیجه رأی‌گیری" in line for line in result.changes)
    assert meeting.resolutions.get(number=1).vote == "با ۶ رأی موافق و ۲ مخالف تصویب شد"
