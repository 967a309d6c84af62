"""A small follow-up world for the API and reminder tests, built through the normal services.

Alborz: meeting ۲۳ of «قرارگاه اجتماعی استان» with
  * resolution 1, due in 3 days: the sports directorate (lead) and the labour directorate (partner);
  * resolution 2, two days overdue: the labour directorate only;
  * resolution 3, due tomorrow: the sports directorate only.
Markazi: meeting ۵ of «شورای اجتماعی استان», resolution 1 for its welfare directorate, overdue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qarargah.accounts.system import SYSTEM
from qarargah.meetings.models import Meeting
from qarargah.meetings.services import MeetingData, create_meeting
from qarargah.organisations.models import Agency, Body, Province
from qarargah.resolutions.models import Assignment, AssignmentRole, DeadlineKind, ProgressReport, Resolution
from qarargah.resolutions.services import create_resolution

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@dataclass
class World:
    today: datetime.date
    alborz_hq: Body
    meeting: Meeting
    r1: Resolution
    r2: Resolution
    r3: Resolution
    varzesh_r1: Assignment
    taavon_r1: Assignment
    taavon_r2: Assignment
    varzesh_r3: Assignment
    markazi_meeting: Meeting
    markazi_r1: Resolution
    markazi_a1: Assignment


def _resolution(meeting: Meeting, number: int, text: str, due: datetime.date, agencies) -> Resolution:
    return create_resolution(
        actor=SYSTEM,
        meeting=meeting,
        number=number,
        text=text,
        deadline_raw="",
        deadline_kind=DeadlineKind.DATE,
        parsed_due=due,
        agencies=agencies,
    )


def build_world(today: datetime.date | None = None) -> World:
    today = today or timezone.localdate()
    alborz = Province.objects.get(code="alborz")
    markazi = Province.objects.get(code="markazi")
    agency = {a.name: a for a in Agency.objects.filter(province=alborz)}
    varzesh = agency["اداره کل ورزش و جوانان"]
    taavon = agency["اداره کل تعاون، کار و رفاه اجتماعی"]
    hq = Body.objects.get(province=alborz, name="قرارگاه اجتماعی استان", county=None)
    meeting = create_meeting(
        actor=None,
        body=hq,
        data=MeetingData(
            date=today - datetime.timedelta(days=20), number=23, title="بیست و سومین جلسه قرارگاه"
        ),
    )
    r1 = _resolution(
        meeting,
        1,
        "برگزاری ده دوره آموزش مهارت ورزشی برای نوجوانان محله حصار",
        today + datetime.timedelta(days=3),
        [(varzesh, AssignmentRole.LEAD), (taavon, AssignmentRole.PARTNER)],
    )
    r2 = _resolution(
        meeting,
        2,
        "معرفی سرپرستان خانوار بیکار محله‌های هدف به مراکز کاریابی",
        today - datetime.timedelta(days=2),
        [(taavon, AssignmentRole.LEAD)],
    )
    r3 = _resolution(
        meeting,
        3,
        "تجهیز زمین ورزشی محله سهرابیه",
        today + datetime.timedelta(days=1),
        [(varzesh, AssignmentRole.LEAD)],
    )
    markazi_body = Body.objects.get(province=markazi, name="شورای اجتماعی استان", county=None)
    markazi_meeting = create_meeting(
        actor=None, body=markazi_body, data=MeetingData(date=today - datetime.timedelta(days=30), number=5)
    )
    behzisti = Agency.objects.get(province=markazi, name="اداره کل بهزیستی استان")
    m1 = _resolution(
        markazi_meeting,
        1,
        "شناسایی کودکان بازمانده از تحصیل در محله حاجی‌آباد",
        today - datetime.timedelta(days=5),
        [(behzisti, AssignmentRole.LEAD)],
    )
    return World(
        today=today,
        alborz_hq=hq,
        meeting=meeting,
        r1=r1,
        r2=r2,
        r3=r3,
        varzesh_r1=r1.assignments.get(agency=varzesh),
        taavon_r1=r1.assignments.get(agency=taavon),
        taavon_r2=r2.assignments.get(agency=taavon),
        varzesh_r3=r3.assignments.get(agency=varzesh),
        markazi_meeting=markazi_meeting,
        markazi_r1=m1,
        markazi_a1=m1.assignments.get(),
    )


def submit_report(
    user, assignment: Assignment, text: str = "ده دوره برگزار شد و گزارش تصویری پیوست است."
) -> ProgressReport:
    from qarargah.resolutions.services import submit_progress_report

    return submit_progress_report(actor=user, assignment=assignment, text=text)
