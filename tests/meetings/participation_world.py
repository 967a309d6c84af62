"""Shared pieces of the participation tests: the women's committee of Alborz (three member
agencies, the sports directorate among them) and meetings of it in the future."""

from __future__ import annotations

import datetime

from django.utils import timezone

from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Body, BodyMembership

COMMITTEE = "کمیته بانوان و تحکیم بنیان خانواده"


def committee() -> Body:
    return Body.objects.get(province__code="alborz", name=COMMITTEE)


def member(body: Body, agency_name_part: str) -> BodyMembership:
    return body.memberships.select_related("agency", "body").get(agency__name__contains=agency_name_part)


def meeting_of(body: Body, *, days: int = 7, **fields) -> Meeting:
    fields.setdefault("time", datetime.time(10, 0))
    fields.setdefault("place", "سالن شهید رجایی استانداری")
    fields.setdefault("number", 900 + days)
    return Meeting.objects.create(
        body=body, date=timezone.localdate() + datetime.timedelta(days=days), **fields
    )
