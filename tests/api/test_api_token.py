"""Obtaining and revoking API tokens; the same lockout as the login page."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from qarargah.api.errors import AUTHENTICATION_FAILED, NOT_AUTHENTICATED
from qarargah.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/token/"
WRONG = "نام کاربری یا گذرواژه درست نیست. پس از چند تلاش ناموفق، ورود با این نام کاربری موقتاً قفل می‌شود."


def test_good_credentials_give_a_token_that_opens_the_api(people):
    response = Client().post(URL, {"username": "varzesh.alborz", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    data = response.json()
    assert data["token"] == Token.objects.get(user=people.varzesh).key
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


def test_the_same_token_comes_back_each_time(people):
    first = Client().post(URL, {"username": "varzesh.alborz", "password": DEMO_PASSWORD}).json()["token"]
    second = Client().post(URL, {"username": "varzesh.alborz", "password": DEMO_PASSWORD}).json()["token"]
    assert first == second


def test_wrong_password_is_400_with_persian_message(people):
    response = Client().post(URL, {"username": "varzesh.alborz", "password": "wrong"})
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "invalid_credentials", "message": WRONG}}
    assert not Token.objects.filter(user=people.varzesh).exists()


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
    assert not Token.objects.filter(user=people.taavon).exists()


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
    assert not Token.objects.filter(user=people.varzesh).exists()
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
