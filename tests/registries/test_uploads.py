"""Uploads through the service: one transaction, dry runs that store nothing, a changed row of
a known source_id updated with its history, quarantine not repeated, who may upload where."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qarargah.accounts.system import SYSTEM
from qarargah.history.selectors import history_for
from qarargah.registries import services
from qarargah.registries.models import QuarantinedRow, SourceRecord, Upload

from .conftest import STANDARD_HEADER, csv_bytes, with_check_digit

pytestmark = pytest.mark.django_db

CODE = with_check_digit("005678912")


def upload(source, rows, actor=SYSTEM, **kw):
    return services.import_upload(
        actor=actor, source=source, filename="list.csv", data=csv_bytes([STANDARD_HEADER, *rows]), **kw
    )


ROW = ["r1", CODE, "مریم", "احمدی", "حسن", "1370/05/12", "زن", "09121234567", "کرج", "کرج", "حصار", ""]


def test_a_dry_run_stores_nothing(welfare_source):
    result = upload(welfare_source, [ROW, ["r2", "1", "", "", "", "", "", "", "", "", "", ""]], dry_run=True)
    assert result.counts() == {"loaded": 1, "updated": 0, "unchanged": 0, "quarantined": 1}
    assert result.upload is None
    assert not SourceRecord.objects.exists()
    assert not Upload.objects.exists()
    assert not QuarantinedRow.objects.exists()


def test_a_changed_row_updates_its_record_and_keeps_history(welfare_source, data_officer):
    upload(welfare_source, [ROW])
    record = SourceRecord.objects.get()
    changed = [*ROW]
    changed[7] = "09351234567"
    result = upload(welfare_source, [changed], actor=data_officer)
    assert result.counts() == {"loaded": 0, "updated": 1, "unchanged": 0, "quarantined": 0}
    record.refresh_from_db()
    assert record.mobile == "09351234567"
    assert SourceRecord.objects.count() == 1
    entries = history_for(data_officer, [record])
    assert entries[0].event == "ردیف فهرست با بارگذاری تازه تغییر کرد"
    change = next(c for c in entries[0].changes if c.label == "تلفن همراه")
    assert (change.old, change.new) == ("09121234567", "09351234567")


def test_the_same_file_twice_and_its_quarantine(welfare_source):
    bad = ["r2", "1111111111", "رضا", "", "", "", "", "", "", "", "", ""]
    first = upload(welfare_source, [ROW, bad])
    second = upload(welfare_source, [ROW, bad])
    assert first.counts() == {"loaded": 1, "updated": 0, "unchanged": 0, "quarantined": 1}
    assert second.counts() == {"loaded": 0, "updated": 0, "unchanged": 1, "quarantined": 1}
    assert QuarantinedRow.objects.count() == 1
    assert Upload.objects.count() == 2


def test_who_may_upload_where(welfare_source, people):
    upload(welfare_source, [ROW], actor=people.taavon)  # the agency's own source
    for user in (people.varzesh, people.leadership, people.secretariat, people.markazi_officer, people.admin):
        with pytest.raises(PermissionDenied):
            upload(welfare_source, [ROW], actor=user)


def test_the_data_officer_of_another_province_cannot_create_a_source_here(alborz, people):
    from qarargah.accounts.models import User

    other = User.objects.create(
        username="dadeh.markazi", role="data_officer", province=people.markazi_secretariat.province
    )
    with pytest.raises(PermissionDenied):
        services.create_source(actor=other, province=alborz, name="فهرست")


def test_the_secretariat_adds_a_target_group(alborz, people):
    group = services.add_target_group(actor=people.secretariat, province=alborz, name="سالمندان تنها")
    assert group.province == alborz
    with pytest.raises(Exception) as caught:
        services.add_target_group(actor=people.secretariat, province=alborz, name="متکدیان")
    assert caught.value.message == "گروه هدف «متکدیان» پیش‌تر ثبت شده است."
    with pytest.raises(PermissionDenied):
        services.add_target_group(actor=people.leadership, province=alborz, name="گروه دیگر")


def test_invalid_codes_can_be_loaded_blank_instead_of_quarantined(welfare_source, settings):
    settings.QARARGAH_REGISTRY_INVALID_CODES = "blank"
    wrong = CODE[:9] + str((int(CODE[9]) + 1) % 10)
    bad_code = ["r2", wrong, "رضا", "نوری", "", "", "", "", "", "", "", ""]
    bad_mobile = ["r3", "", "سارا", "کریمی", "", "", "", "12", "", "", "", ""]
    result = upload(welfare_source, [ROW, bad_code, bad_mobile])
    assert result.counts() == {"loaded": 2, "updated": 0, "unchanged": 0, "quarantined": 1}
    record = SourceRecord.objects.get(external_id="r2")
    assert record.national_code == ""
    assert record.attributes == {"کد ملی نامعتبر": wrong}
    assert result.warnings == [
        "کد ملی ۱ ردیف معتبر نبود و آن ردیف‌ها بی کد ملی بارگذاری شدند "
        "(کد نوشته‌شده در «کد ملی نامعتبر» نگه داشته شد): ردیف‌های ۳."
    ]
    assert QuarantinedRow.objects.get().row_number == 4
