"""The history mechanism: who, when, what (before/after), shown in Persian with Jalali times."""

from __future__ import annotations

import pytest

from qarargah.accounts.services import set_user_role
from qarargah.history.selectors import history_for
from qarargah.organisations import services
from qarargah.organisations.models import Agency

pytestmark = pytest.mark.django_db


def test_timeline_names_actor_fields_and_values_in_persian(people):
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    services.update_agency(
        actor=people.secretariat, agency=agency, expected_version=agency.version, kind="foundation"
    )
    entry = history_for(people.secretariat, [agency])[0]
    assert entry.actor == "مریم کاظمی"
    assert entry.action == "ویرایش"
    change = entry.changes[0]
    assert (change.label, change.old, change.new) == ("نوع دستگاه", "اداره کل", "بنیاد و نهاد")


def test_delete_is_recorded(people):
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    alias = agency.aliases.first()
    services.remove_agency_alias(actor=people.secretariat, alias=alias)
    entries = history_for(people.secretariat, [agency])
    assert entries[0].action == "حذف"
    assert entries[0].actor == "مریم کاظمی"


def test_role_change_is_recorded(people):
    set_user_role(
        actor=people.admin,
        user=people.varzesh,
        role="agency_officer",
        agency=Agency.objects.get(name="اداره کل تعاون، کار و رفاه اجتماعی"),
    )
    entry = history_for(people.admin, [people.varzesh])[0]
    assert entry.actor == str(people.admin)
    labels = {c.label: (c.old, c.new) for c in entry.changes}
    assert labels["دستگاه"] == ("اداره کل ورزش و جوانان", "اداره کل تعاون، کار و رفاه اجتماعی")


def test_timeline_template_shows_jalali_timestamp(people, client_for):
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    services.update_agency(
        actor=people.secretariat, agency=agency, expected_version=agency.version, email="x@example.ir"
    )
    body = client_for(people.secretariat).get(f"/registry/agencies/{agency.pk}/").content.decode()
    assert "ساعت" in body
    assert "x@example.ir" in body
    import re

    assert re.search(r"[۱][۴][۰-۹]{2}/[۰-۹]{2}/[۰-۹]{2} ساعت [۰-۹]{2}:[۰-۹]{2}", body)


def test_a_list_of_records_in_a_change_reads_as_their_values():
    """A meeting's joint sessions once showed as «{'body': 'شورای اجتماعی', 'number': ۵}»."""
    from qarargah.history.selectors import _Display
    from qarargah.meetings.models import Meeting

    field = Meeting._meta.get_field("joint_sessions")
    shown = _Display([]).value(
        field, '[{"body": "شورای اجتماعی", "number": 5}, {"body": "کارگروه", "number": 9}]'
    )
    assert "{" not in shown and "'" not in shown
    assert shown.startswith("شورای اجتماعی · ")
    assert "کارگروه · " in shown


def test_typed_text_keeps_its_digits_and_numbers_read_in_persian():
    """A file name is shown as it was named; a meeting number as the system writes numbers."""
    from qarargah.history.selectors import _Display
    from qarargah.meetings.models import Meeting, MinutesDocument

    display = _Display([])
    assert display.value(MinutesDocument._meta.get_field("file_name"), "alborz-hq-1401-03.txt") == (
        "alborz-hq-1401-03.txt"
    )
    assert display.value(Meeting._meta.get_field("number"), "3") == "۳"
