"""The review of past resolutions proposed as the standing first agenda item, with the body's
resolutions still open listed, overdue first."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qarargah.accounts.system import SYSTEM
from qarargah.meetings.models import AgendaItem
from qarargah.meetings.participation import open_resolutions_for_review
from qarargah.resolutions.services import assign_resolution, create_resolution

from .participation_world import committee, meeting_of, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_and_next(people):
    body = committee()
    past = meeting_of(body, days=-40, number=1)
    varzesh = member(body, "ورزش").agency
    today = timezone.localdate()
    resolutions = {}
    for number, text, due in (
        (1, "برگزاری همایش ورزش بانوان", today + datetime.timedelta(days=20)),
        (2, "گزارش آمار طلاق شهرستان‌ها", today - datetime.timedelta(days=10)),
        (3, "تجهیز سالن‌های ورزشی محلات", today - datetime.timedelta(days=30)),
        (4, "مصوبه انجام‌شده", today - datetime.timedelta(days=5)),
    ):
        r = create_resolution(actor=SYSTEM, meeting=past, number=number, text=text)
        a = assign_resolution(actor=SYSTEM, resolution=r, agency=varzesh, due_date=due)
        resolutions[number] = r
        if number == 4:
            type(a).objects.filter(pk=a.pk).update(status="accepted")
    nxt = meeting_of(body, days=5, number=2)
    AgendaItem.objects.create(meeting=nxt, order=1, text="گزارش طرح ورزش صبحگاهی")
    return past, nxt, resolutions


def test_open_resolutions_overdue_first(people, past_and_next):
    _, nxt, _ = past_and_next
    rows = open_resolutions_for_review(people.secretariat, nxt.body)
    assert [r.text for r in rows] == [
        "تجهیز سالن‌های ورزشی محلات",
        "گزارش آمار طلاق شهرستان‌ها",
        "برگزاری همایش ورزش بانوان",
    ]
    assert [r.is_overdue for r in rows] == [True, True, False]
    # Reviewed at the past meeting itself, its own resolutions are not yet "past".
    assert open_resolutions_for_review(people.secretariat, nxt.body, before=past_and_next[0].date) == []


def test_button_adds_the_standing_item_first(people, client_for, past_and_next):
    _, nxt, _ = past_and_next
    c = client_for(people.secretariat)
    page = c.get(reverse("meetings:review_item", args=[nxt.pk])).content.decode()
    assert "مصوبات باز «کمیته بانوان و تحکیم بنیان خانواده» (۳)" in page
    assert page.index("تجهیز سالن‌های ورزشی محلات") < page.index("برگزاری همایش ورزش بانوان")
    assert "سررسید گذشته" in page
    assert "افزودن «بررسی مصوبات گذشته» به دستور کار" in page
    page = c.post(reverse("meetings:review_item_add", args=[nxt.pk]), follow=True).content.decode()
    assert "«بررسی مصوبات گذشته» به عنوان نخستین دستور کار این جلسه افزوده شد." in page
    items = list(nxt.agenda_items.order_by("order").values_list("order", "is_review_of_past_resolutions"))
    assert items == [(1, True), (2, False)]
    page = c.post(reverse("meetings:review_item_add", args=[nxt.pk]), follow=True).content.decode()
    assert "دستور «بررسی مصوبات گذشته» در این جلسه هست و دوباره افزوده نمی‌شود." in page
    assert nxt.agenda_items.count() == 2


def test_role_boundaries_and_wrong_methods(people, client_for, past_and_next):
    _, nxt, _ = past_and_next
    add = reverse("meetings:review_item_add", args=[nxt.pk])
    assert client_for(people.leadership).post(add).status_code == 403
    assert client_for(people.markazi_secretariat).post(add).status_code == 404
    assert client_for(people.varzesh).get(reverse("meetings:review_item", args=[nxt.pk])).status_code == 403
    assert client_for(people.secretariat).get(add).status_code == 405
    assert (
        client_for(people.secretariat).post(reverse("meetings:review_item", args=[nxt.pk])).status_code == 405
    )
    assert not nxt.agenda_items.filter(is_review_of_past_resolutions=True).exists()


def test_empty_state(people, client_for):
    m = meeting_of(committee(), days=5)
    page = client_for(people.secretariat).get(reverse("meetings:review_item", args=[m.pk])).content.decode()
    assert "«کمیته بانوان و تحکیم بنیان خانواده» مصوبه بازی ندارد؛" in page
