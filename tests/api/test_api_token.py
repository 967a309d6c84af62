"""Obtaining and revoking API tokens; the same lockout as the login page."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from qarargah.api.errors import AUTHENTICATION_FAILED, NOT_AUTHENTICATED
from qarargah.api.models import ApiToken
from qarargah.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
WRONG = "نام کاربری یا گذرواژه درست نیست. پس از چند تلاش ناموفق، ورود با این نام کاربری موقتاً قفل می‌شود."


def test_good_credentials_give_a_token_that_opens_the_api(people):
    response = Client().post(URL, {"username": "varzesh.alborz", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    data = response.json()
    # Only the digest is stored: the key handed over is nowhere in the database.
    stored = ApiToken.objects.get(user=people.varzesh)
    assert stored.digest == hashlib.sha256(data["token"].encode()).hexdigest()
    assert not ApiToken.objects.filter(digest=data["token"]).exists()
    assert data["expires_at"]
    assert data["user"]["username"] == "varzesh.alborz"
    assert data["user"]["role"] == "agency_officer"
    assert data["user"]["agency"] == "اداره کل ورزش و جوانان"
    api = Client(HTTP_AUTHORIZATION=f"Token {data['token']}")
    assert api.get("/api/v1/assignments/").status_code == 200


def test_json_body_works_too(people):
    response = Client().post(
        URL, {"username": "dabir.alborz", "password": DEMO_PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200


def test_each_login_gets_its_own_token_and_both_work(people):
    # The key cannot be handed out twice (only its digest is kept), so each device gets its own.
    first = Client().post(URL, {"username": "varzesh.alborz", "password": DEMO_PASSWORD}).json()["token"]
    second = Client().post(URL, {"username": "varzesh.alborz", "password": DEMO_PASSWORD}).json()["token"]
    assert first != second
    for key in (first, second):
        assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/assignments/").status_code == 200


def test_wrong_password_is_400_with_persian_message(people):
    response = Client().post(URL, {"username": "varzesh.alborz", "password": "wrong"})
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid_credentials", "message": WRONG}}
    assert not ApiToken.objects.filter(user=people.varzesh).exists()


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(people):
    response = Client().post(URL, {"username": "nobody", "password": "wrong"})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == WRONG


def test_missing_fields_are_named(people):
    response = Client().post(URL, {"username": ""}, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"username": ["نام کاربری را وارد کنید."], "password": ["این مقدار لازم است."]}


def test_repeated_failures_lock_the_account_with_a_json_429(people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(URL, {"username": "taavon.alborz", "password": "wrong"})
    # Even the right password is refused while locked, and the answer is JSON, not the HTML page.
    response = Client().post(URL, {"username": "taavon.alborz", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "error": {
            "code": "locked",
            "message": "ورود با این نام کاربری به دلیل چند بار تلاش ناموفق موقتاً قفل شده است؛ "
            "۳۰ دقیقه دیگر دوباره تلاش کنید یا با مدیر سامانه تماس بگیرید.",
        }
    }
    assert not ApiToken.objects.filter(user=people.taavon).exists()


def test_api_failures_lock_the_login_page_too(people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(URL, {"username": "taavon.alborz", "password": "wrong"})
    response = Client().post("/accounts/login/", {"username": "taavon.alborz", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "ورود موقتاً ممکن نیست" in response.content.decode()


def test_get_is_not_allowed(people):
    response = Client().get(URL)
    assert response.status_code == 405
    assert response.json()["error"] == {
        "code": "method_not_allowed",
        "message": "روش GET برای این نشانی پذیرفته نیست؛ روش‌های مجاز: POST، DELETE.",
    }


def test_delete_revokes_the_token(people, api_for):
    api = api_for(people.varzesh)
    assert api.delete(URL).status_code == 204
    assert not ApiToken.objects.filter(user=people.varzesh).exists()
    response = api.get("/api/v1/assignments/")
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "authentication_failed", "message": AUTHENTICATION_FAILED}


def test_delete_without_a_token_is_401(people):
    response = Client().delete(URL)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == NOT_AUTHENTICATED


def test_no_token_is_401_with_a_token_challenge(people):
    response = Client().get("/api/v1/resolutions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"error": {"code": "not_authenticated", "message": NOT_AUTHENTICATED}}


@pytest.mark.parametrize("header", ["Token not-a-real-token", "Token", "Token a b"])
def test_invalid_token_is_401(people, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/resolutions/")
    assert response.status_code == 401
    assert response.json() == {"error": {"code": "authentication_failed", "message": AUTHENTICATION_FAILED}}


def test_inactive_users_token_stops_working(people, api_for):
    api = api_for(people.varzesh)
    people.varzesh.is_active = False
    people.varzesh.save(update_fields=["is_active"])
    assert api.get("/api/v1/resolutions/").status_code == 401


def test_session_login_works_for_the_api(people, client_for):
    assert client_for(people.secretariat).get("/api/v1/resolutions/").status_code == 200


def _login(username: str) -> str:
    return Client().post(URL, {"username": username, "password": DEMO_PASSWORD}).json()["token"]


def _status(key: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/assignments/").status_code


def test_a_token_expires_after_the_configured_days(people, settings):
    settings.QARARGAH_API_TOKEN_DAYS = 30
    key = _login("varzesh.alborz")
    token = ApiToken.objects.get(user=people.varzesh)
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(
        minutes=1
    )
    assert _status(key) == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _status(key) == 401


def test_a_password_change_revokes_the_accounts_tokens(people):
    key = _login("varzesh.alborz")
    people.varzesh.set_password("a-new-long-password-1403")
    people.varzesh.save(update_fields=["password"])
    assert _status(key) == 401


def test_a_lockout_revokes_the_accounts_tokens(people, settings):
    key = _login("taavon.alborz")
    assert _status(key) == 200
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post(URL, {"username": "taavon.alborz", "password": "wrong"})
    assert not ApiToken.objects.filter(user=people.taavon).exists()
    assert _status(key) == 401


def test_use_is_recorded_without_a_write_per_request(people):
    key = _login("varzesh.alborz")
    issued = ApiToken.objects.get(user=people.varzesh).last_used_at
    _status(key)
    assert ApiToken.objects.get(user=people.varzesh).last_used_at == issued
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ApiToken.objects.filter(user=people.varzesh).update(last_used_at=long_ago)
    _status(key)
    assert ApiToken.objects.get(user=people.varzesh).last_used_at > long_ago
