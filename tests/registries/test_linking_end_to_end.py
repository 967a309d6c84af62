"""The real engine over ~200 synthetic records loaded through the importer: every record gets
a person, records sharing a national code share a person, and links are precise."""

from __future__ import annotations

import itertools
from io import StringIO

import pytest
from django.core.management import call_command

from qarargah.registries.models import Person, QuarantinedRow, SourceRecord

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


def test_a_second_run_reuses_the_trained_model(alborz, monkeypatch):
    from qarargah.registries import linking
    from qarargah.registries.models import LinkRun

    call_command("generate_registry", "--people", "60", "--seed", "8", stdout=StringIO())
    call_command("registry", "link", "--province", "alborz", stdout=StringIO(), stderr=StringIO())
    first = LinkRun.objects.get()
    assert first.model is not None
    models_passed = []
    real = linking.call_engine

    def spy(records, decisions, progress, model=None):
        models_passed.append(model)
        return real(records, decisions, progress, model)

    monkeypatch.setattr(linking, "call_engine", spy)
    call_command("registry", "link", "--province", "alborz", stdout=StringIO(), stderr=StringIO())
    assert models_passed == [first.model]
    call_command(
        "registry", "link", "--province", "alborz", "--retrain", stdout=StringIO(), stderr=StringIO()
    )
    assert models_passed[-1] is None
