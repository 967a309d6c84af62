"""Linking a province: persons, match classes, the review queue, and people's decisions that a
later run never undoes. The engine is replaced by a fixed result here (it has its own tests);
test_linking_end_to_end runs the real one."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import StringIO

import pytest
from django.core.management import call_command

from qarargah.accounts.system import SYSTEM
from qarargah.registries import linking, services
from qarargah.registries.models import (
    LinkRun,
    LinkRunStatus,
    MatchDecision,
    Person,
    ReviewItem,
    ReviewStatus,
    SourceRecord,
)

from .conftest import STANDARD_HEADER, csv_bytes, with_check_digit

pytestmark = pytest.mark.django_db


@dataclass
class FakePair:
    key_a: str
    key_b: str
    probability: float
    match_weight: float
    contributions: list = field(default_factory=list)


@dataclass
class FakeResult:
    clusters: dict
    match: dict
    review_pairs: list
    households: dict
    seconds: float = 0.1


def load(source, rows):
    services.import_upload(
        actor=SYSTEM, source=source, filename="list.csv", data=csv_bytes([STANDARD_HEADER, *rows])
    )
    return {r.external_id: r for r in SourceRecord.objects.filter(source=source)}


@pytest.fixture
def four_records(welfare_source, sports_source):
    code = with_check_digit("003456789")
    a = load(welfare_source, [["a1", code, "علی", "رضایی", "", "", "", "", "", "", "", ""]])
    a |= load(welfare_source, [["a2", "", "زهرا", "کریمی", "", "", "", "", "", "", "", ""]])
    b = load(
        sports_source,
        [
            ["b1", code, "علی", "رضائی", "", "", "", "", "", "", "", ""],
            ["b2", "", "زهرا", "کریمي", "", "", "", "", "", "", "", ""],
        ],
    )
    return a["a1"], a["a2"], b["b1"], b["b2"]


def fake_engine(monkeypatch, result, seen=None):
    def call(records, decisions, progress, model=None):
        if seen is not None:
            seen.append(decisions)
        if progress:
            progress("predict", 0.5)
        return result

    monkeypatch.setattr(linking, "call_engine", call)


def test_a_run_makes_one_person_per_cluster_and_queues_the_unsure_pairs(monkeypatch, alborz, four_records):
    a1, a2, b1, b2 = four_records
    k = {r: str(r.pk) for r in four_records}
    fake_engine(
        monkeypatch,
        FakeResult(
            clusters={k[a1]: "c1", k[b1]: "c1", k[a2]: "c2", k[b2]: "c3"},
            match={k[a1]: "code", k[b1]: "code", k[a2]: "review", k[b2]: "review"},
            review_pairs=[
                FakePair(k[b2], k[a2], 0.95, 4.2, [("نام خانوادگی", True, 3.1), ("کد ملی", None, 0.0)])
            ],
            households={k[a1]: "h1", k[b1]: "h1"},
        ),
    )
    summary = services.run_linking(actor=SYSTEM, province=alborz)
    assert summary.counts == {"code": 2, "auto": 0, "review": 2, "single": 0, "manual": 0}
    assert summary.persons == 3
    for r in four_records:
        r.refresh_from_db()
    assert a1.person_id == b1.person_id
    assert a2.person_id != b2.person_id
    assert Person.objects.get(pk=a1.person_id).household == "h1"
    item = ReviewItem.objects.get()
    assert (item.record_a_id, item.record_b_id) == (a2.pk, b2.pk)
    assert item.contributions == [["نام خانوادگی", True, 3.1], ["کد ملی", None, 0.0]]
    run = LinkRun.objects.get()
    assert run.status == LinkRunStatus.DONE
    assert run.progress == 1.0


def test_persons_keep_their_registry_id_across_runs(monkeypatch, alborz, four_records):
    a1, a2, b1, b2 = four_records
    k = {r: str(r.pk) for r in four_records}
    result = FakeResult(
        clusters={k[a1]: "x", k[b1]: "x", k[a2]: "y", k[b2]: "z"},
        match={k[a1]: "code", k[b1]: "code", k[a2]: "single", k[b2]: "single"},
        review_pairs=[],
        households={},
    )
    fake_engine(monkeypatch, result)
    services.run_linking(actor=SYSTEM, province=alborz)
    before = dict(SourceRecord.objects.values_list("pk", "link__person__number"))
    result.clusters = {k[a1]: "other", k[b1]: "other", k[a2]: "names", k[b2]: "changed"}
    services.run_linking(actor=SYSTEM, province=alborz)
    assert dict(SourceRecord.objects.values_list("pk", "link__person__number")) == before


def test_review_decisions_survive_a_rerun(monkeypatch, alborz, four_records, data_officer):
    a1, a2, b1, b2 = four_records
    k = {r: str(r.pk) for r in four_records}
    seen: list = []
    result = FakeResult(
        clusters={k[a1]: "c1", k[b1]: "c1", k[a2]: "c2", k[b2]: "c3"},
        match={k[a1]: "code", k[b1]: "code", k[a2]: "review", k[b2]: "review"},
        review_pairs=[FakePair(k[a2], k[b2], 0.95, 4.2)],
        households={},
    )
    fake_engine(monkeypatch, result, seen)
    services.run_linking(actor=SYSTEM, province=alborz)
    item = ReviewItem.objects.get()
    services.decide_review(actor=data_officer, item=item, decision="link")
    a2.refresh_from_db()
    b2.refresh_from_db()
    assert a2.person_id == b2.person_id
    assert (a2.match, b2.match) == ("manual", "manual")
    item.refresh_from_db()
    assert item.status == ReviewStatus.LINKED
    decision = MatchDecision.objects.get()
    assert decision.decided_by == data_officer
    # The next run is told of the decision, and the pair does not come back to the queue.
    result.clusters = {k[a1]: "c1", k[b1]: "c1", k[a2]: "c2", k[b2]: "c2"}
    result.match = {k[a1]: "code", k[b1]: "code", k[a2]: "manual", k[b2]: "manual"}
    services.run_linking(actor=SYSTEM, province=alborz)
    assert seen[-1] == [(str(a2.pk), str(b2.pk), "link")]
    assert ReviewItem.objects.filter(status=ReviewStatus.OPEN).count() == 0
    assert ReviewItem.objects.get().status == ReviewStatus.LINKED


def test_separating_a_pair_splits_the_person(monkeypatch, alborz, four_records, data_officer):
    a1, _, b1, _ = four_records
    services.record_decision(actor=data_officer, record_a=a1, record_b=b1, decision="link")
    a1.refresh_from_db()
    b1.refresh_from_db()
    assert a1.person_id == b1.person_id
    services.record_decision(actor=data_officer, record_a=b1, record_b=a1, decision="separate")
    a1.refresh_from_db()
    b1.refresh_from_db()
    assert a1.person_id != b1.person_id
    assert MatchDecision.objects.get().decision == "separate"


def test_only_the_data_officer_decides(alborz, four_records, people):
    from django.core.exceptions import PermissionDenied

    a1, _, b1, _ = four_records
    for user in (people.secretariat, people.leadership, people.taavon, people.admin):
        with pytest.raises(PermissionDenied):
            services.record_decision(actor=user, record_a=a1, record_b=b1, decision="link")
    with pytest.raises(PermissionDenied):
        services.run_linking(actor=people.markazi_secretariat, province=alborz)


def test_link_and_export_links_from_the_command_line(monkeypatch, alborz, four_records, tmp_path):
    a1, a2, b1, b2 = four_records
    k = {r: str(r.pk) for r in four_records}
    fake_engine(
        monkeypatch,
        FakeResult(
            clusters={k[a1]: "c1", k[b1]: "c1", k[a2]: "c2", k[b2]: "c3"},
            match={k[a1]: "code", k[b1]: "code", k[a2]: "single", k[b2]: "single"},
            review_pairs=[],
            households={},
        ),
    )
    out = StringIO()
    call_command("registry", "link", "--province", "alborz", stdout=out, stderr=StringIO())
    assert "code=2 auto=0 review=0 single=2 manual=0 records=4 persons=3 review_pairs=0" in out.getvalue()
    assert "۴ رکورد، ۳ فرد؛ هم‌کد ملی: ۲، پیوند خودکار: ۰" in out.getvalue()
    target = tmp_path / "links.csv"
    call_command("registry", "export-links", "--province", "alborz", "-o", str(target), stderr=StringIO())
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,source_id,person_id,match"
    a1.refresh_from_db()
    person = a1.person
    assert f"فهرست مددجویان تعاون,a1,{person.registry_id},code" in lines
    assert len(lines) == 5
