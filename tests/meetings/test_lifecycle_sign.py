"""Signing: the secretary and the chair each confirm with their password or an emailed one-time
code; anyone else is refused; both signatures lock the minutes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from qarargah.meetings.models import MeetingSignature, SigningCode
from tests.meetings.lifecycle_world import circulate, record_two, schedule

PASSWORD = "qarargah-demo-1403"


@pytest.fixture
def circulated(people):
    meeting = schedule(people)
    record_two(people, meeting)
    return circulate(people, meeting)


def test_secretary_and_chair_sign_with_their_passwords_and_the_minutes_lock(people, client_for, circulated):
    secretary = client_for(people.secretariat)
    assert secretary.get(f"/meetings/{circulated.pk}/sign/").status_code == 200
    response = secretary.post(f"/meetings/{circulated.pk}/sign/", {"password": PASSWORD})
    assert response.status_code == 302
    circulated.refresh_from_db()
    assert circulated.status == "circulated" and circulated.signed_at is None
    response = client_for(people.leadership).post(f"/meetings/{circulated.pk}/sign/", {"password": PASSWORD})
    assert response.status_code == 302
    circulated.refresh_from_db()
    assert circulated.status == "locked" and circulated.signed_at is not None
    assert sorted(MeetingSignature.objects.filter(meeting=circulated).values_list("role", "method")) == [
        ("chair", "password"),
        ("secretary", "password"),
    ]
    # The documents now carry the signing state.
    from qarargah.meetings.documents import signing_state

    assert signing_state(circulated).label == "امضاشده در سامانه"
    assert secretary.get(f"/meetings/{circulated.pk}/minutes.docx")["X-Document-Code"]


def test_a_wrong_password_is_refused_at_the_field(people, client_for, circulated):
    response = client_for(people.secretariat).post(f"/meetings/{circulated.pk}/sign/", {"password": "nope"})
    assert response.status_code == 400
    assert response.context["form"].errors["password"] == [
        "گذرواژه درست نیست؛ گذرواژه ورود خود را دوباره وارد کنید."
    ]
    empty = client_for(people.secretariat).post(f"/meetings/{circulated.pk}/sign/", {})
    assert empty.context["form"].errors["password"] == [
        "برای امضا گذرواژه خود یا رمز یک‌بارمصرفی را که به ایمیلتان فرستاده شد وارد کنید."
    ]
    assert not MeetingSignature.objects.exists()


def test_a_one_time_code_is_emailed_hashed_used_once_and_expires(
    people, client_for, circulated, django_capture_on_commit_callbacks
):
    people.leadership.email = "ostandar.alborz@example.ir"
    people.leadership.save(update_fields=["email"])
    client = client_for(people.leadership)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/meetings/{circulated.pk}/sign/code/").status_code == 302
    [message] = mail.outbox
    assert message.to == [people.leadership.email]
    code = re.search(r"[۰-۹]{6}", message.body).group(0)
    stored = SigningCode.objects.get(user=people.leadership)
    assert code not in stored.code_hash
    assert stored.expires_at - timezone.now() <= datetime.timedelta(minutes=10)
    wrong = client.post(
        f"/meetings/{circulated.pk}/sign/", {"code": "000000" if code != "۰۰۰۰۰۰" else "111111"}
    )
    assert wrong.status_code == 400
    assert wrong.context["form"].errors["code"] == [
        "رمز یک‌بارمصرف درست نیست یا مهلت ده‌دقیقه‌ای آن گذشته است؛ رمز تازه بخواهید."
    ]
    stored.refresh_from_db()
    assert stored.attempts == 1  # kept although the signature was refused
    assert client.post(f"/meetings/{circulated.pk}/sign/", {"code": code}).status_code == 302
    assert MeetingSignature.objects.get(meeting=circulated, role="chair").method == "code"


def test_without_an_email_address_the_code_is_refused_with_a_message(people, client_for, circulated):
    people.leadership.email = ""
    people.leadership.save(update_fields=["email"])
    response = client_for(people.leadership).post(f"/meetings/{circulated.pk}/sign/code/", follow=True)
    assert "برای حساب شما نشانی ایمیل ثبت نشده است؛ با گذرواژه امضا کنید." in response.content.decode()
    assert not SigningCode.objects.exists()


def test_an_expired_code_is_refused(people, client_for, circulated, django_capture_on_commit_callbacks):
    people.secretariat.email = "dabir.alborz@example.ir"
    people.secretariat.save(update_fields=["email"])
    client = client_for(people.secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/meetings/{circulated.pk}/sign/code/")
    code = re.search(r"[۰-۹]{6}", mail.outbox[0].body).group(0)
    SigningCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(f"/meetings/{circulated.pk}/sign/", {"code": code})
    assert response.status_code == 400
    assert not MeetingSignature.objects.exists()


def test_one_who_is_neither_secretary_nor_chair_is_refused(people, client_for, circulated):
    from qarargah.accounts.models import User

    other = (
        User.objects.filter(role="secretariat", province=people.secretariat.province)
        .exclude(pk=people.secretariat.pk)
        .first()
        or people.admin
    )
    response = client_for(other).post(f"/meetings/{circulated.pk}/sign/", {"password": PASSWORD})
    assert response.status_code == 403
    assert "فقط دبیر جلسه و رئیس جلسه صورتجلسه را امضا می‌کنند؛ شما هیچ‌یک نیستید." in response.content.decode()
    # An invited officer reads the minutes but does not sign them.
    assert (
        client_for(people.varzesh)
        .post(f"/meetings/{circulated.pk}/sign/", {"password": PASSWORD})
        .status_code
        == 403
    )
    assert client_for(people.markazi_officer).get(f"/meetings/{circulated.pk}/sign/").status_code == 404
    assert client_for(people.secretariat).put(f"/meetings/{circulated.pk}/sign/").status_code == 405
    assert client_for(people.secretariat).get(f"/meetings/{circulated.pk}/sign/code/").status_code == 405
    assert not MeetingSignature.objects.exists()


def test_a_draft_or_a_future_meeting_is_not_signed_and_twice_is_refused(people, client_for, circulated):
    draft = schedule(people, place="اتاق دیگر")
    response = client_for(people.secretariat).post(f"/meetings/{draft.pk}/sign/", {"password": PASSWORD})
    assert response.status_code == 400
    assert "صورتجلسه پیش از امضا باید برای نظر اعضا به گردش فرستاده شود." in response.content.decode()
    client = client_for(people.secretariat)
    client.post(f"/meetings/{circulated.pk}/sign/", {"password": PASSWORD})
    again = client.post(f"/meetings/{circulated.pk}/sign/", {"password": PASSWORD})
    assert again.status_code == 400
    assert "این صورتجلسه را پیش‌تر به عنوان دبیر جلسه امضا کرده‌اید." in again.content.decode()
