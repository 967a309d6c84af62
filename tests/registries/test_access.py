"""Who sees which rows (scope_q of every registry model), and the access log in the admin."""

from __future__ import annotations

import pytest
from django.http import Http404

from qarargah.registries import access, services
from qarargah.registries.models import (
    AccessLog,
    LinkRun,
    MatchDecision,
    Person,
    QuarantinedRow,
    ReviewItem,
    Source,
    SourceRecord,
    TargetGroup,
    Upload,
)

from .test_pages import linked  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

PERSON_MODELS = [Source, Upload, SourceRecord, Person, QuarantinedRow, ReviewItem, LinkRun, MatchDecision]


def test_the_data_officer_sees_the_province(people, linked):  # noqa: F811
    for model in (Source, Upload, SourceRecord, Person, ReviewItem, LinkRun):
        assert model.objects.visible_to(people.data_officer).count() == model.objects.count() > 0, model


@pytest.mark.parametrize(
    "persona", ["leadership", "national", "secretariat", "admin", "markazi_secretariat", "markazi_officer"]
)
def test_these_roles_see_no_row_of_a_person(people, linked, persona):  # noqa: F811
    user = getattr(people, persona)
    for model in PERSON_MODELS:
        assert not model.objects.visible_to(user).exists(), (persona, model)


def test_an_agency_officer_sees_only_its_own_agencys_records(people, linked):  # noqa: F811
    records = SourceRecord.objects.visible_to(people.taavon)
    assert {r.source.name for r in records} == {"فهرست مددجویان تعاون"}
    persons = set(Person.objects.visible_to(people.taavon))
    assert persons == {linked["w1"].person, linked["w2"].person}
    assert linked["s2"].person not in persons
    for model in (ReviewItem, LinkRun, MatchDecision):
        assert not model.objects.visible_to(people.taavon).exists()
    with pytest.raises(Http404):
        access.get_person_for_user(people.taavon, linked["s2"].person.pk)
    with pytest.raises(Http404):
        access.get_record_for_user(people.varzesh, linked["w1"].pk)


def test_target_groups_are_shared_and_a_provinces_own_stay_there(people, alborz):
    services.add_target_group(actor=people.secretariat, province=alborz, name="سالمندان تنها")
    assert TargetGroup.objects.visible_to(people.leadership).count() == 9
    assert TargetGroup.objects.visible_to(people.markazi_secretariat).count() == 8


def test_the_access_log_is_the_administrators(people, linked, client_for):  # noqa: F811
    services.log_access(
        actor=people.data_officer, action="view", reason="بررسی پرونده", person=linked["w1"].person
    )
    assert AccessLog.objects.visible_to(people.admin).count() == 1
    assert not AccessLog.objects.visible_to(people.data_officer).exists()
    admin = client_for(people.admin)
    page = admin.get("/admin/registries/accesslog/")
    assert page.status_code == 200
    assert "بررسی پرونده" in page.content.decode()
    assert client_for(people.secretariat).get("/admin/registries/accesslog/").status_code == 302
    log = AccessLog.objects.get()
    assert admin.post(f"/admin/registries/accesslog/{log.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLog.objects.count() == 1
