"""`qarargah import --user NAME`: acting for a user, the command asks what the pages and API ask.

The user must be one who may import minutes, and a body or province named on the command line
must be one that user sees; another province's body is "not found", like a missing one.
Without ``--user`` the command imports as the system, as before.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qarargah.meetings.models import Meeting
from qarargah.organisations.models import Body
from tests.meetings.samples import SAMPLE_000

pytestmark = pytest.mark.django_db


def markazi_council() -> Body:
    return Body.objects.get(province__code="markazi", name="شورای اجتماعی استان", county=None)


@pytest.mark.parametrize("username", ["ostandar.alborz", "varzesh.alborz", "nazer.melli"])
def test_a_user_who_may_not_import_minutes_is_refused(people, username):
    with pytest.raises(CommandError) as info:
        call_command("import", str(SAMPLE_000), "--province", "alborz", "--user", username)
    assert str(info.value) == f"کاربر «{username}» اجازه ورود صورتجلسه را ندارد."
    assert Meeting.objects.count() == 0


def test_another_provinces_body_is_not_found_like_a_missing_one(people):
    hidden_id = str(markazi_council().pk)
    messages = []
    for value in (hidden_id, "987654321"):
        with pytest.raises(CommandError) as info:
            call_command("import", str(SAMPLE_000), "--body", value, "--user", "dabir.alborz")
        messages.append(str(info.value).replace(value, "ID"))
    assert messages[0] == messages[1] == "قرارگاه یا شورایی با «ID» پیدا نشد."
    assert Meeting.objects.count() == 0


def test_another_province_by_code_is_not_found_for_the_user(people):
    with pytest.raises(CommandError) as info:
        call_command("import", str(SAMPLE_000), "--province", "markazi", "--user", "dabir.alborz")
    assert str(info.value) == "استانی با کد «markazi» پیدا نشد."


def test_the_users_own_body_by_id_imports(people):
    hq = Body.objects.get(province__code="alborz", name="قرارگاه اجتماعی استان", county=None)
    out = StringIO()
    call_command(
        "import", str(SAMPLE_000), "--body", str(hq.pk), "--user", "dabir.alborz", "--json", stdout=out
    )
    [entry] = json.loads(out.getvalue())
    assert entry["outcome"] == "created"
    assert Meeting.objects.get().body == hq


def test_the_admin_may_name_any_provinces_body(people):
    out = StringIO()
    body = markazi_council()
    call_command(
        "import",
        str(SAMPLE_000),
        "--body",
        str(body.pk),
        "--user",
        "admin",
        "--dry-run",
        "--json",
        stdout=out,
    )
    [entry] = json.loads(out.getvalue())
    assert entry["body"] == str(body)


def test_without_a_user_the_system_imports_into_any_body(people):
    out = StringIO()
    body = markazi_council()
    call_command("import", str(SAMPLE_000), "--body", str(body.pk), "--dry-run", "--json", stdout=out)
    [entry] = json.loads(out.getvalue())
    assert entry["body"] == str(body)
