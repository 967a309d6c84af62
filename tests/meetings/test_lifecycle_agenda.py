"""The agenda of a draft: ordered items with a presenter, added, moved and removed on the meeting page."""

from __future__ import annotations

from qarargah.meetings.models import AgendaItem
from tests.meetings.lifecycle_world import circulate, record_two, schedule


def _texts(meeting) -> list[str]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("text", flat=True))


def test_the_secretariat_adds_moves_and_removes_agenda_items(people, client_for):
    meeting = schedule(people)
    client = client_for(people.secretariat)
    for text, presenter in (
        ("بررسی مصوبات جلسات گذشته", "دبیر"),
        ("گزارش خانه‌های محله", ""),
        ("میز خدمت", ""),
    ):
        assert (
            client.post(f"/meetings/{meeting.pk}/agenda/", {"text": text, "presenter": presenter}).status_code
            == 302
        )
    assert _texts(meeting) == ["بررسی مصوبات جلسات گذشته", "گزارش خانه‌های محله", "میز خدمت"]
    first = AgendaItem.objects.get(meeting=meeting, order=1)
    assert first.presenter == "دبیر" and first.is_review_of_past_resolutions
    last = AgendaItem.objects.get(meeting=meeting, order=3)
    client.post(f"/meetings/{meeting.pk}/agenda/{last.pk}/move/", {"direction": "up"})
    assert _texts(meeting) == ["بررسی مصوبات جلسات گذشته", "میز خدمت", "گزارش خانه‌های محله"]
    client.post(f"/meetings/{meeting.pk}/agenda/{first.pk}/move/", {"direction": "down"})
    assert _texts(meeting)[0] == "میز خدمت"
    client.post(f"/meetings/{meeting.pk}/agenda/{first.pk}/remove/")
    assert _texts(meeting) == ["میز خدمت", "گزارش خانه‌های محله"]
    assert list(
        AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("order", flat=True)
    ) == [1, 2]
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "افزودن بند" in page


def test_an_empty_item_is_refused_with_a_message(people, client_for):
    meeting = schedule(people)
    response = client_for(people.secretariat).post(
        f"/meetings/{meeting.pk}/agenda/", {"text": ""}, follow=True
    )
    assert "متن بند دستور کار را بنویسید." in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_the_agenda_of_circulated_minutes_no_longer_changes(people, client_for):
    meeting = schedule(people)
    record_two(people, meeting)
    circulate(people, meeting)
    response = client_for(people.secretariat).post(
        f"/meetings/{meeting.pk}/agenda/", {"text": "بند تازه"}, follow=True
    )
    assert (
        "صورتجلسه در گردش یا امضاشده است و متن آن دیگر از این صفحه تغییر نمی‌کند." in response.content.decode()
    )
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_agenda_methods_and_roles(people, client_for):
    meeting = schedule(people)
    client_for(people.secretariat).post(f"/meetings/{meeting.pk}/agenda/", {"text": "بند"})
    item = AgendaItem.objects.get(meeting=meeting)
    assert client_for(people.secretariat).get(f"/meetings/{meeting.pk}/agenda/").status_code == 405
    assert (
        client_for(people.secretariat).get(f"/meetings/{meeting.pk}/agenda/{item.pk}/remove/").status_code
        == 405
    )
    assert (
        client_for(people.leadership).post(f"/meetings/{meeting.pk}/agenda/", {"text": "x"}).status_code
        == 403
    )
    assert (
        client_for(people.varzesh).post(f"/meetings/{meeting.pk}/agenda/{item.pk}/remove/").status_code == 403
    )
    assert (
        client_for(people.markazi_secretariat)
        .post(f"/meetings/{meeting.pk}/agenda/{item.pk}/move/")
        .status_code
        == 404
    )
    assert _texts(meeting) == ["بند"]
