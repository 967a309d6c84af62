"""A body's roster: each member agency names a fixed representative with full authority and a
deputy; the secretariat sees who has not and asks them (in-app notification and email)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from qarargah.notifications.models import Notification

from .participation_world import committee, member

pytestmark = pytest.mark.django_db


def roster_url(body):
    return reverse("meetings:roster", args=[body.pk])


def test_roster_shows_members_without_representative(people, client_for):
    body = committee()
    page = client_for(people.secretariat).get(roster_url(body))
    assert page.status_code == 200
    html = page.content.decode()
    assert "۳ دستگاه عضو هنوز نماینده معرفی نکرده‌اند" in html
    assert "درخواست معرفی نماینده از این دستگاه‌ها" in html
    assert "رسمیت جلسه با حضور نصف به‌علاوه یک اعضا؛ با ۳ عضو یعنی دست‌کم ۲ عضو حاضر." in html


def test_officer_names_own_agencys_representative(people, client_for):
    body = committee()
    varzesh = member(body, "ورزش")
    url = reverse("meetings:roster_member", args=[body.pk, varzesh.pk])
    response = client_for(people.varzesh).post(
        url,
        {
            "representative_name": "مریم احمدی",
            "representative_title": "معاون توسعه ورزش بانوان",
            "representative_mobile": "۰۹۱۲۱۲۳۴۵۶۷",
            "deputy_name": "زهرا کریمی",
        },
    )
    assert response.status_code == 302
    varzesh.refresh_from_db()
    assert varzesh.representative_name == "مریم احمدی"
    assert varzesh.representative_mobile == "09121234567"
    assert varzesh.deputy_name == "زهرا کریمی"
    page = client_for(people.secretariat).get(roster_url(body)).content.decode()
    assert "۲ دستگاه عضو هنوز نماینده معرفی نکرده‌اند" in page
    assert "مریم احمدی" in page


def test_officer_may_not_name_another_agencys_representative(people, client_for):
    body = committee()
    other = member(body, "بهزیستی")
    url = reverse("meetings:roster_member", args=[body.pk, other.pk])
    assert client_for(people.varzesh).post(url, {"representative_name": "x"}).status_code == 403
    other.refresh_from_db()
    assert other.representative_name == ""


def test_officer_of_a_non_member_agency_gets_404(people, client_for):
    body = committee()
    assert client_for(people.taavon).get(roster_url(body)).status_code == 404
    assert client_for(people.markazi_secretariat).get(roster_url(body)).status_code == 404


def test_bad_mobile_and_missing_name_are_persian_field_messages(people, client_for):
    body = committee()
    varzesh = member(body, "ورزش")
    url = reverse("meetings:roster_member", args=[body.pk, varzesh.pk])
    page = client_for(people.secretariat).post(
        url, {"representative_name": "مریم", "representative_mobile": "123"}
    )
    assert page.status_code == 200
    assert "شماره همراه نماینده را با ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ وارد کنید." in page.content.decode()
    assert 'value="مریم"' in page.content.decode()  # nothing typed is lost
    page = client_for(people.secretariat).post(url, {"deputy_name": "زهرا"})
    assert "نام نماینده را بنویسید یا یکی از کاربران دستگاه را برگزینید." in page.content.decode()
    varzesh.refresh_from_db()
    assert varzesh.deputy_name == ""


def test_representative_account_must_belong_to_the_agency(people, client_for):
    body = committee()
    varzesh = member(body, "ورزش")
    url = reverse("meetings:roster_member", args=[body.pk, varzesh.pk])
    page = client_for(people.secretariat).post(url, {"representative": people.taavon.pk})
    assert "این کاربر از کارکنان همین دستگاه نیست؛ از فهرست برگزینید." in page.content.decode()
    response = client_for(people.secretariat).post(url, {"representative": people.varzesh.pk})
    assert response.status_code == 302
    varzesh.refresh_from_db()
    assert varzesh.representative == people.varzesh


def test_secretariat_asks_missing_members(people, client_for, django_capture_on_commit_callbacks):
    people.varzesh.email = "varzesh.alborz@example.ir"
    people.varzesh.save(update_fields=["email"])
    body = committee()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.secretariat).post(
            reverse("meetings:roster_ask", args=[body.pk]), follow=True
        )
    html = response.content.decode()
    assert "از ۱ دستگاه خواسته شد نماینده معرفی کنند: اداره کل ورزش و جوانان." in html
    assert "این دستگاه‌ها کاربری در سامانه ندارند" in html
    note = Notification.objects.get(user=people.varzesh, kind="representative_request")
    assert note.title == f"معرفی نماینده «اداره کل ورزش و جوانان» در «{body}»"
    assert note.url == reverse("meetings:roster", args=[body.pk])
    assert [m.to for m in mail.outbox] == [[people.varzesh.email]]
    assert member(body, "ورزش").representative_requested_at is not None


def test_asking_when_everyone_named_one(people, client_for):
    body = committee()
    body.memberships.update(representative_name="کسی")
    response = client_for(people.secretariat).post(
        reverse("meetings:roster_ask", args=[body.pk]), follow=True
    )
    assert "همه دستگاه‌های عضو نماینده معرفی کرده‌اند؛ درخواستی فرستاده نشد." in response.content.decode()


def test_only_the_secretariat_asks_or_sets_quorum(people, client_for):
    body = committee()
    for name in ("meetings:roster_ask", "meetings:roster_quorum"):
        assert client_for(people.varzesh).post(reverse(name, args=[body.pk])).status_code == 403
        assert client_for(people.leadership).post(reverse(name, args=[body.pk])).status_code == 403


def test_quorum_rule_set_and_bad_input(people, client_for):
    body = committee()
    url = reverse("meetings:roster_quorum", args=[body.pk])
    page = client_for(people.secretariat).post(
        url, {"quorum_count": "۹", "quorum_fraction": "majority"}, follow=True
    )
    assert "حد نصاب باید عددی از ۱ تا تعداد اعضای نهاد (۳) باشد." in page.content.decode()
    page = client_for(people.secretariat).post(
        url, {"quorum_count": "", "quorum_fraction": "two_thirds"}, follow=True
    )
    assert "حد نصاب «کمیته بانوان و تحکیم بنیان خانواده» ثبت شد: دو سوم اعضا." in page.content.decode()
    body.refresh_from_db()
    assert body.quorum_fraction == "two_thirds"


def test_wrong_methods(people, client_for):
    body = committee()
    c = client_for(people.secretariat)
    assert c.post(roster_url(body)).status_code == 405
    assert c.get(reverse("meetings:roster_ask", args=[body.pk])).status_code == 405
    assert c.get(reverse("meetings:roster_quorum", args=[body.pk])).status_code == 405
    varzesh = member(body, "ورزش")
    assert c.delete(reverse("meetings:roster_member", args=[body.pk, varzesh.pk])).status_code == 405


def test_naming_and_asking_are_in_the_history(people, client_for):
    from qarargah.history.selectors import history_for

    body = committee()
    varzesh = member(body, "ورزش")
    client_for(people.varzesh).post(
        reverse("meetings:roster_member", args=[body.pk, varzesh.pk]), {"representative_name": "مریم احمدی"}
    )
    client_for(people.secretariat).post(reverse("meetings:roster_ask", args=[body.pk]))
    text = " ".join(f"{e.event} {e.headline}" for e in history_for(people.secretariat, [body]))
    assert "نماینده دستگاه عضو معرفی شد" in text
    assert "از دستگاه‌های عضو معرفی نماینده خواسته شد" in text
