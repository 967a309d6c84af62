"""The real engine over ~200 synthetic records loaded through the importer: every record gets
a person, records sharing a national code share a person, and links are precise."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import call_command

from qarargah.accounts.system import SYSTEM
from qarargah.registries import services
from qarargah.registries.models import Person, QuarantinedRow, SourceRecord

from .conftest import STANDARD_HEADER, csv_bytes, with_check_digit

pytestmark = pytest.mark.django_db


def test_generate_link_and_export(alborz, tmp_path):
    truth_file = tmp_path / "truth.csv"
    out = StringIO()
    call_command("generate_registry", "--people", "90", "--seed", "5", "--truth", str(truth_file), stdout=out)
    truth = {}
    for line in truth_file.read_text(encoding="utf-8").splitlines()[1:]:
        source, source_id, person = line.split(",")
        truth[(source, source_id)] = person
    records = list(SourceRecord.objects.filter(source__province=alborz).select_related("source"))
    assert 150 <= len(records) + QuarantinedRow.objects.count() == len(truth)
    out = StringIO()
    call_command("registry", "link", "--province", "alborz", stdout=out, stderr=StringIO())
    assert f"records={len(records)}" in out.getvalue()
    records = list(SourceRecord.objects.filter(source__province=alborz).select_related("source"))
    assert all(r.person_id is not None and r.match for r in records)
    by_code: dict[str, set[int]] = {}
    for r in records:
        if r.national_code:
            by_code.setdefault(r.national_code, set()).add(r.person_id)
    assert all(len(persons) == 1 for persons in by_code.values())
    linked = correct = 0
    for a, b in itertools.combinations(records, 2):
        if a.person_id == b.person_id:
            linked += 1
            correct += truth[(a.source.name, a.external_id)] == truth[(b.source.name, b.external_id)]
    assert linked > 0
    assert correct / linked >= 0.95
    assert Person.objects.filter(province=alborz).count() <= len(records)


def _link(*extra: str) -> None:
    call_command("registry", "link", "--province", "alborz", *extra, stdout=StringIO(), stderr=StringIO())


def _spy(monkeypatch, name):
    from qarargah.registries import linking

    calls = []
    real = getattr(linking, name)

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(linking, name, spy)
    return calls


def test_a_second_run_links_only_what_is_new_with_the_trained_model(alborz, monkeypatch):
    from qarargah.registries.models import LinkRun, Source

    call_command("generate_registry", "--people", "60", "--seed", "8", stdout=StringIO())
    _link()
    first = LinkRun.objects.get()
    assert first.model is not None and not first.incremental and first.features
    before = dict(SourceRecord.objects.values_list("pk", "link__person_id"))
    known = SourceRecord.objects.exclude(national_code="").order_by("pk").first()
    # A new agency's list: one person already in the registry (same national code, name
    # written another way) and one nobody has listed.
    source = Source.objects.filter(province=alborz).first()
    stranger = with_check_digit("004817263")
    services.import_upload(
        actor=SYSTEM,
        source=source,
        filename="new.csv",
        data=csv_bytes(
            [
                STANDARD_HEADER,
                [
                    "n-1",
                    known.national_code,
                    known.first_name,
                    known.last_name,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
                ["n-2", stranger, "کاوه", "آهنگرزاده", "فریدون", "", "", "", "", "", "", ""],
            ]
        ),
    )
    full_calls = _spy(monkeypatch, "call_engine")
    new_calls = _spy(monkeypatch, "call_engine_new")
    out = StringIO()
    call_command("registry", "link", "--province", "alborz", stdout=out, stderr=StringIO())
    assert "mode=incremental linked=2" in out.getvalue()
    assert "(فقط ۲ رکورد تازه یا تغییرکرده سنجیده شد)" in out.getvalue()
    assert full_calls == []
    (new_records, features, previous, _match, _decisions, _progress, model) = new_calls[0]
    assert sorted(r["source"] for r in new_records) == [source.name, source.name]
    assert features.num_rows == len(before) and model == first.model
    assert set(previous) == {str(pk) for pk in before}
    second = LinkRun.objects.order_by("-id").first()
    assert second.incremental and second.records == len(before) + 2
    # Only the last run keeps its file of prepared features.
    assert second.features and not LinkRun.objects.get(pk=first.pk).features
    after = dict(SourceRecord.objects.values_list("pk", "link__person_id"))
    assert {pk: after[pk] for pk in before} == before  # nobody already linked moved
    joined = SourceRecord.objects.get(source=source, external_id="n-1")
    assert joined.person_id == known.person_id and joined.match == "code"
    alone = SourceRecord.objects.get(source=source, external_id="n-2")
    assert alone.person_id not in set(before.values())
    assert Person.objects.filter(province=alborz).count() == len(set(after.values()))


def test_a_changed_record_is_linked_again_and_retrain_links_everything(alborz, monkeypatch):
    call_command("generate_registry", "--people", "60", "--seed", "9", stdout=StringIO())
    _link()
    record = SourceRecord.objects.exclude(national_code="").select_related("source").order_by("pk").first()
    person = record.person_id
    services.import_upload(
        actor=SYSTEM,
        source=record.source,
        filename="fix.csv",
        data=csv_bytes(
            [
                STANDARD_HEADER,
                [record.external_id, record.national_code, record.first_name, record.last_name, "تقی"]
                + [""] * 7,
            ]
        ),
    )
    new_calls = _spy(monkeypatch, "call_engine_new")
    _link()
    assert [int(r["key"]) for r in new_calls[0][0]] == [record.pk]
    record.refresh_from_db()
    assert record.father_name == "تقی" and record.person_id == person
    full_calls = _spy(monkeypatch, "call_engine")
    _link("--retrain")
    assert len(full_calls) == 1 and full_calls[0][3:] == ()  # no model passed: trained again
    assert SourceRecord.objects.count() == len(full_calls[0][0])


def test_a_registry_grown_past_its_model_is_trained_again(alborz, monkeypatch):
    from qarargah.registries.models import LinkRun

    call_command("generate_registry", "--people", "40", "--seed", "3", stdout=StringIO())
    _link()
    call_command("generate_registry", "--people", "200", "--seed", "4", stdout=StringIO())
    full_calls = _spy(monkeypatch, "call_engine")
    _link()
    assert len(full_calls) == 1 and full_calls[0][3:] == ()
    assert "train" in LinkRun.objects.order_by("-id").first().stages


def test_features_stored_by_another_engine_version_are_prepared_again(alborz, monkeypatch):
    from qarargah.linkage import prepare

    call_command("generate_registry", "--people", "60", "--seed", "12", stdout=StringIO())
    _link()
    call_command("generate_registry", "--people", "5", "--seed", "13", stdout=StringIO())
    monkeypatch.setattr(prepare, "FEATURES_VERSION", "another")
    full_calls = _spy(monkeypatch, "call_engine")
    new_calls = _spy(monkeypatch, "call_engine_new")
    _link()
    assert len(full_calls) == 1 and new_calls == []
    # The run stored its features under the version now in force: the next run is incremental.
    call_command("generate_registry", "--people", "3", "--seed", "14", stdout=StringIO())
    _link()
    assert len(full_calls) == 1 and len(new_calls) == 1


def test_a_run_with_nothing_new_keeps_the_model_for_the_next(alborz, monkeypatch):
    from qarargah.registries.models import LinkRun

    call_command("generate_registry", "--people", "60", "--seed", "15", stdout=StringIO())
    _link()
    _link()  # nothing new: scores nothing
    quiet = LinkRun.objects.order_by("-id").first()
    assert quiet.incremental and quiet.linked == 0 and quiet.model is not None and quiet.features
    full_calls = _spy(monkeypatch, "call_engine")
    _link()
    assert full_calls == [] and LinkRun.objects.order_by("-id").first().incremental
