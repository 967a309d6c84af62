"""Registry writes: duplicates refused, aliases, confirm and merge of pending agencies, history."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from qarargah.core.errors import ConcurrentEditError, ServiceError
from qarargah.organisations import services
from qarargah.organisations.models import Agency, AgencyAlias, AgencyStatus, Body, BodyMembership

pytestmark = pytest.mark.django_db


def test_create_agency_refuses_a_duplicate_spelled_differently(people, alborz):
    with pytest.raises(ServiceError) as excinfo:
        services.create_agency(
            actor=people.secretariat, province=alborz, name="اداره كل ورزش و جوانان", kind="directorate"
        )
    assert excinfo.value.message == "دستگاهی با نام «اداره کل ورزش و جوانان» در این استان از قبل ثبت شده است."


def test_create_agency_records_who_created_it(people, alborz):
    agency = services.create_agency(
        actor=people.secretariat, province=alborz, name="اداره کل میراث فرهنگی", kind="directorate"
    )
    entry = LogEntry.objects.get_for_object(agency).get()
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == people.secretariat
    assert (
        entry.changes["name"] == [None, "اداره کل میراث فرهنگی"]
        or entry.changes["name"][1] == "اداره کل میراث فرهنگی"
    )


def test_update_records_before_and_after(people):
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    services.update_agency(
        actor=people.secretariat, agency=agency, expected_version=agency.version, email="varzesh@example.ir"
    )
    entry = LogEntry.objects.get_for_object(agency).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == people.secretariat
    assert entry.changes["email"] == ["", "varzesh@example.ir"]


def test_second_writer_gets_a_conflict(people):
    agency = Agency.objects.get(name="اداره کل ورزش و جوانان")
    opened_version = agency.version
    services.update_agency(
        actor=people.secretariat, agency=agency, expected_version=opened_version, email="first@example.ir"
    )
    with pytest.raises(ConcurrentEditError):
        services.update_agency(
            actor=people.secretariat,
            agency=agency,
            expected_version=opened_version,
            email="second@example.ir",
        )
    agency.refresh_from_db()
    assert agency.email == "first@example.ir"


def test_alias_taken_by_another_agency_is_refused(people):
    agency = Agency.objects.get(name="اداره کل بهزیستی", province__code="alborz")
    with pytest.raises(ServiceError, match="پیش‌تر برای «اداره کل ورزش و جوانان» ثبت شده است"):
        services.add_agency_alias(actor=people.secretariat, agency=agency, name="ورزش و جوانان")


def test_merge_moves_every_reference_and_keeps_the_name_as_alias(people, alborz):
    pending = services.create_pending_agency(
        actor=people.secretariat, province=alborz, name="اداره ورزش جوانان البرز"
    )
    target = Agency.objects.get(name="اداره کل ورزش و جوانان")
    body = Body.objects.get(name="کمیته بانوان و تحکیم بنیان خانواده")
    hq = Body.objects.get(name="قرارگاه اجتماعی استان", province=alborz)
    BodyMembership.objects.create(body=hq, agency=pending)  # duplicate of target's: dropped
    BodyMembership.objects.create(body=Body.objects.get(name="قرارگاه اجتماعی شهرستان کرج"), agency=pending)
    assert body.memberships.filter(agency=target).exists()

    services.merge_agency(actor=people.secretariat, source=pending, target=target)

    assert not Agency.objects.filter(pk=pending.pk).exists()
    assert BodyMembership.objects.filter(agency=target, body__name="قرارگاه اجتماعی شهرستان کرج").exists()
    assert BodyMembership.objects.filter(agency=target, body=hq).count() == 1
    assert AgencyAlias.objects.filter(agency=target, name="اداره ورزش جوانان البرز").exists()


def test_merge_across_provinces_is_refused(people, alborz, markazi):
    source = services.create_pending_agency(actor=people.secretariat, province=alborz, name="اداره تست")
    target = Agency.objects.get(name="اداره کل بهزیستی استان", province=markazi)
    with pytest.raises(ServiceError, match="دو استان مختلف"):
        services.merge_agency(actor=people.secretariat, source=source, target=target)
    assert Agency.objects.filter(pk=source.pk).exists()


def test_confirm_pending_agency(people, alborz):
    pending = services.create_pending_agency(
        actor=people.secretariat, province=alborz, name="بنیاد مسکن استان"
    )
    assert pending.status == AgencyStatus.PENDING
    assert pending.kind == "foundation"
    confirmed = services.confirm_agency(actor=people.secretariat, agency=pending)
    assert confirmed.status == AgencyStatus.ACTIVE
    with pytest.raises(ServiceError, match="پیش‌تر تأیید شده"):
        services.confirm_agency(actor=people.secretariat, agency=confirmed)
