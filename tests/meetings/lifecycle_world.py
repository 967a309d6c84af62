"""Meetings run through the life cycle for the tests of decision 0029."""

from __future__ import annotations

import datetime

from django.utils import timezone

from qarargah.meetings import services
from qarargah.organisations.models import Agency, Body


def hq(user) -> Body:
    """The body the Alborz secretariat runs (the demo's provincial social HQ)."""
    return user.body


def schedule(people, *, date: datetime.date | None = None, **kw):
    data = services.ScheduleData(
        date=date or timezone.localdate() - datetime.timedelta(days=1),
        start_time=kw.pop("start_time", datetime.time(10, 0)),
        end_time=kw.pop("end_time", datetime.time(12, 0)),
        place=kw.pop("place", "سالن جلسات استانداری"),
        chair=kw.pop("chair", people.leadership),
        secretary=kw.pop("secretary", people.secretariat),
        chair_role=kw.pop("chair_role", "استاندار"),
        invited_agencies=kw.pop("invited_agencies", [people.varzesh.agency, people.taavon.agency]),
        **kw,
    )
    return services.schedule_meeting(actor=people.secretariat, body=hq(people.secretariat), data=data)


def record_two(people, meeting):
    """Two resolutions for the sports and the cooperatives directorates."""
    return services.save_record(
        actor=people.secretariat,
        meeting=meeting,
        expected_version=None,
        narrative="جلسه با حضور اعضا برگزار شد.",
        statements=[("علی رضایی", "استاندار", "بر پیگیری مصوبات تأکید کرد.")],
        rows=[
            services.RecordRow(
                text="برگزاری جشنواره ورزشی محلات", leads=[people.varzesh.agency], deadline="دو هفته"
            ),
            services.RecordRow(
                text="ثبت‌نام بیمه زنان سرپرست خانوار",
                leads=[people.taavon.agency],
                partners=[people.varzesh.agency],
                deadline="یک ماه",
            ),
        ],
    )


def circulate(people, meeting):
    meeting.refresh_from_db()
    return services.circulate_minutes(
        actor=people.secretariat,
        meeting=meeting,
        deadline=timezone.now() + datetime.timedelta(days=3),
        expected_version=None,
    )


def sign_both(people, meeting, password: str = "qarargah-demo-1403"):
    services.sign_minutes(actor=people.secretariat, meeting=meeting, password=password)
    meeting.refresh_from_db()
    return services.sign_minutes(actor=people.leadership, meeting=meeting, password=password)


def agency(name_part: str) -> Agency:
    return Agency.objects.filter(name__contains=name_part).first()
