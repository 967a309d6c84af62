"""The admin in Persian: every list page, the libraries' ones included, with Jalali dates."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.test import Client

from qarargah.demo.data import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH_LEFT_BEFORE = [
    "Select an option",
    "Tasks Database Backend",
    "Task Results",
    "Reminder logs",
    "Model name",
    ">system<",
    "changes:",
    ">create<",
    "Filter by timestamp",
]
# A Gregorian year in either digit set (Jalali years here are 13xx/14xx), or a Gregorian month.
GREGORIAN = re.compile(r"\b20[0-9]{2}\b|۲۰[۰-۹]{2}|دسامبر|ژانویه|نوامبر|Dec\.|Jan\.")


def _visible(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<(?!/?(td|th|a|span|option|button|h[1-6]|p|li)\b)[^>]+>", " ", html)


def test_every_admin_list_is_persian_with_jalali_dates(people, settings):
    # Some rows in the libraries' tables: a login (axes), a task result, the demo's change log.
    Client().post("/accounts/login/", {"username": "dabir.alborz", "password": DEMO_PASSWORD})
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    from qarargah.notifications.tasks import send_email_message

    send_email_message.enqueue(to=["a@example.org"], subject="آزمون", body="متن")
    # An issued document (its list and its read-only page show when it was issued).
    from qarargah.meetings import documents
    from qarargah.meetings.models import IssuedDocument
    from tests.meetings.documents_world import demo_meetings

    documents.build_document(demo_meetings()[0], kind="minutes", fmt="docx")  # imported: signed
    issued = IssuedDocument.objects.get()

    client = Client()
    client.force_login(people.admin)
    urls = ["/admin/"] + [
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert '<html lang="fa" dir="rtl"' in body, url
        text = _visible(body)
        for english in ENGLISH_LEFT_BEFORE:
            assert english not in text, (url, english)
        assert not GREGORIAN.search(text), (url, GREGORIAN.search(text).group())
    # The issued document's own page too.
    page = _visible(client.get(f"/admin/meetings/issueddocument/{issued.pk}/change/").content.decode())
    assert not GREGORIAN.search(page), GREGORIAN.search(page).group()


def test_the_change_log_names_kinds_and_fields_in_persian(people):
    client = Client()
    client.force_login(people.admin)
    body = client.get("/admin/auditlog/logentry/").content.decode()
    assert "تغییر:" in body
    assert "نوع مورد" in body
    assert "دستگاه اجرایی" in body  # the filter names the agency model by its Persian name


def test_model_permissions_have_persian_names(db):
    """The user form of the admin lists permissions by name: after migrate they are Persian."""
    from django.contrib.auth.models import Permission

    from qarargah.web.permission_names import rename_permissions

    names = dict(
        Permission.objects.filter(content_type__app_label="resolutions").values_list("codename", "name")
    )
    assert names["add_resolution"] == "افزودن مصوبه"
    assert names["change_assignment"].startswith("ویرایش ")
    assert Permission.objects.get(codename="add_user").name == "افزودن کاربر"
    # No Latin letters in any permission's name (models of ours and of the libraries).
    names = Permission.objects.values_list("name", flat=True)
    latin = [n for n in names if re.search("[A-Za-z]", n.replace("API", ""))]  # «توکن API» is Persian usage
    assert latin == []
    # A permission renamed back (an older database) is put right by the next migrate's handler.
    Permission.objects.filter(codename="view_resolution").update(name="Can view resolution")
    assert rename_permissions() == 1
    assert Permission.objects.get(codename="view_resolution").name == "دیدن مصوبه"
