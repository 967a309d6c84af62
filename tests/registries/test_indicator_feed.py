"""The registry's counts by target group feed the neighbourhood indicators (decision 0035): the
values equal a fresh count of the records, small cells are stored as no value, a re-run replaces
the month's values, the roll-up stays equal to a fresh computation, nobody types over them, and a
linking run ends with a feed."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Max

from qarargah.accounts.system import SYSTEM
from qarargah.history.selectors import history_for
from qarargah.neighbourhoods import rollup
from qarargah.neighbourhoods import services as hood_services
from qarargah.neighbourhoods.models import Indicator, IndicatorValue
from qarargah.organisations.models import TargetNeighbourhood
from qarargah.persian import JalaliDate
from qarargah.registries import feed, selectors
from qarargah.registries.models import Person, RecordLink, SourceRecord, TargetGroup

pytestmark = pytest.mark.django_db

# 1404/09/15 (a day of Azar): the feed writes month 9 of 1404.
TODAY = JalaliDate(1404, 9, 15).to_gregorian()


def hood(name: str) -> TargetNeighbourhood:
    return TargetNeighbourhood.objects.select_related("county").get(
        name=name, county__province__code="alborz"
    )


def add_people(source, neighbourhood, n: int, *, household: str = "") -> list[Person]:
    """``n`` persons of ``source``'s groups living in ``neighbourhood`` (one record each)."""
    province = source.province
    start = (Person.objects.filter(province=province).aggregate(m=Max("number"))["m"] or 0) + 1
    made = []
    for i in range(n):
        person = Person.objects.create(province=province, number=start + i, household=household)
        record = SourceRecord.objects.create(
            source=source,
            external_id=f"{source.pk}-{start + i}",
            first_name="نام",
            last_name="نمونه",
            county=neighbourhood.county if neighbourhood else None,
            neighbourhood=neighbourhood,
            content_hash="-",
        )
        RecordLink.objects.create(record=record, person=person, match="single")
        made.append(person)
    return made


def link_record(source, person: Person, neighbourhood) -> None:
    """One more record of an existing person, from another source (the same person twice)."""
    record = SourceRecord.objects.create(
        source=source,
        external_id=f"{source.pk}-again-{person.pk}",
        county=neighbourhood.county,
        neighbourhood=neighbourhood,
        content_hash="-",
    )
    RecordLink.objects.create(record=record, person=person, match="single")


def fresh_counts(province) -> dict[tuple[int, int], int]:
    """Distinct persons per (neighbourhood, group), counted in Python from the records."""
    persons: dict[tuple[int, int], set[int]] = defaultdict(set)
    for record in (
        SourceRecord.objects.filter(source__province=province, link__isnull=False)
        .select_related("link")
        .prefetch_related("source__groups")
    ):
        if record.neighbourhood_id is None:
            continue
        for group in record.source.groups.all():
            persons[(record.neighbourhood_id, group.pk)].add(record.person_id)
    return {key: len(found) for key, found in persons.items()}


def stored(province, kind: str = "people") -> dict[tuple[int, int], int]:
    out = {}
    for group in TargetGroup.objects.all():
        code = feed.indicator_code(kind, group)
        for hood_id, value in IndicatorValue.objects.filter(
            indicator__code=code, neighbourhood__county__province=province, year=1404, part=9
        ).values_list("neighbourhood_id", "value"):
            out[(hood_id, group.pk)] = int(value)
    return out


@pytest.fixture
def groups():
    return {g.code: g for g in TargetGroup.objects.filter(province__isnull=True)}


@pytest.fixture
def registry(alborz, welfare_source, sports_source, groups):
    """Needy families (counted by household) from the welfare agency, working children from both."""
    welfare_source.groups.set([groups["needy_families"], groups["street_children"]])
    sports_source.groups.set([groups["street_children"]])
    hesar, sohrabieh, manzarieh = hood("حصار"), hood("سهرابیه"), hood("منظریه")
    many = add_people(welfare_source, hesar, 14)
    add_people(welfare_source, sohrabieh, 2)
    add_people(sports_source, hesar, 6)
    add_people(sports_source, manzarieh, 12)
    # Four of Hesar's people are on both lists: counted once.
    for person in many[:4]:
        link_record(sports_source, person, hesar)
    add_people(welfare_source, None, 5)  # outside every target neighbourhood
    return {"hesar": hesar, "sohrabieh": sohrabieh, "manzarieh": manzarieh}


def test_with_no_suppression_every_neighbourhood_gets_the_fresh_count(settings, alborz, registry, groups):
    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    summary = feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    fresh = fresh_counts(alborz)
    hoods = TargetNeighbourhood.objects.filter(county__province=alborz)
    expected = {(h.pk, g.pk): fresh.get((h.pk, g.pk), 0) for h in hoods for g in groups.values()}
    assert stored(alborz) == expected
    assert expected[(registry["hesar"].pk, groups["street_children"].pk)] == 20  # 14 + 6, four twice
    assert expected[(registry["hesar"].pk, groups["needy_families"].pk)] == 14
    assert summary.hidden == 0
    assert summary.neighbourhoods == hoods.count()
    assert (summary.result.year, summary.result.part) == (1404, 9)
    indicator = Indicator.objects.get(code="registry_people_street_children")
    assert indicator.entered_by == "registry"
    assert indicator.period == "month"
    assert indicator.name == "شمار افراد گروه هدف «کودکان کار و خیابان» در ثبت یکپارچه"
    assert summary.period_label == "آذر ۱۴۰۴"


def test_households_no_agency_serves_are_fed_for_the_groups_counted_by_household(
    settings, alborz, registry, groups
):
    from qarargah.registries import services

    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    # A list no agency sends (a charity's): its three households are served by none.
    charity = services.create_source(
        actor=SYSTEM, province=alborz, name="فهرست خیریه", groups=[groups["needy_families"]]
    )
    for i in range(3):
        add_people(charity, registry["hesar"], 2, household=f"h{i}")
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    unserved = stored(alborz, "unserved")
    assert unserved[(registry["hesar"].pk, groups["needy_families"].pk)] == 3
    assert unserved[(registry["sohrabieh"].pk, groups["needy_families"].pk)] == 0
    # Only the groups counted by household have the indicator.
    assert not Indicator.objects.filter(code="registry_unserved_street_children").exists()
    assert Indicator.objects.get(code="registry_unserved_needy_families").unit == "خانوار"


def test_small_cells_are_stored_as_no_value_exactly_where_the_aggregates_page_hides_them(
    alborz, registry, groups
):
    # The default minimum (10): Sohrabieh's two needy families are hidden, and so is whatever
    # complementary suppression hides with them.
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    values = stored(alborz)
    fresh = fresh_counts(alborz)
    sohrabieh, needy = registry["sohrabieh"].pk, groups["needy_families"].pk
    assert (sohrabieh, needy) not in values
    for key, value in values.items():
        assert value == fresh.get(key, 0)
        assert value == 0 or value >= 10
    # The stored cells are exactly the cells the aggregates page shows for the county.
    karaj = registry["hesar"].county
    page = selectors.aggregates_for_user(SYSTEM, province=alborz, county=karaj)
    keys, _field, _labels = selectors.places(alborz, karaj)
    for row, hood_id in zip(page.counts.table.cells, keys, strict=True):
        if hood_id is None:
            continue
        for value, group in zip(row, page.groups, strict=True):
            assert values.get((hood_id, group.pk)) == value
    assert (
        IndicatorValue.objects.filter(
            neighbourhood_id=sohrabieh, indicator__code="registry_people_needy_families"
        ).count()
        == 0
    )


def test_a_rerun_replaces_the_months_values(settings, alborz, registry, groups, welfare_source):
    settings.QARARGAH_REGISTRY_MIN_CELL = 3
    first = feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    sohrabieh, hesar = registry["sohrabieh"], registry["hesar"]
    needy = groups["needy_families"].pk
    assert (sohrabieh.pk, needy) not in stored(alborz)
    # Three more needy families in Sohrabieh (five: shown now); Hesar loses ten of its fourteen.
    add_people(welfare_source, sohrabieh, 3)
    gone = list(SourceRecord.objects.filter(neighbourhood=hesar, source=welfare_source).order_by("pk")[:10])
    for record in gone:
        Person.objects.filter(pk=record.person_id).delete()
    SourceRecord.objects.filter(pk__in=[r.pk for r in gone]).delete()
    second = feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    values = stored(alborz)
    fresh = fresh_counts(alborz)
    assert values[(sohrabieh.pk, needy)] == 5
    assert values[(hesar.pk, needy)] == fresh[(hesar.pk, needy)] == 4
    assert second.result.written >= 2
    # One value per neighbourhood, indicator and month: replaced, not added.
    assert (
        IndicatorValue.objects.filter(
            indicator__code="registry_people_needy_families", neighbourhood=sohrabieh
        ).count()
        == 1
    )
    assert IndicatorValue.objects.filter(indicator__entered_by="registry").count() == first.result.stored - (
        first.result.stored - second.result.stored
    )
    # Nothing changed: a third run writes nothing.
    third = feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    assert (third.result.written, third.result.removed) == (0, 0)
    assert third.result.unchanged == second.result.stored
    # Another month keeps this month's values as its history.
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=JalaliDate(1404, 10, 2).to_gregorian())
    assert (
        IndicatorValue.objects.filter(
            indicator__code="registry_people_needy_families", neighbourhood=sohrabieh
        ).count()
        == 2
    )


def test_a_cell_that_falls_below_the_minimum_loses_its_value(settings, alborz, registry, groups):
    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    hesar, needy = registry["hesar"], groups["needy_families"].pk
    assert stored(alborz)[(hesar.pk, needy)] == 14
    settings.QARARGAH_REGISTRY_MIN_CELL = 15
    result = feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY).result
    assert (hesar.pk, needy) not in stored(alborz)
    assert result.removed >= 1


def test_the_rollup_equals_a_fresh_computation_after_a_feed(
    settings, alborz, registry, groups, welfare_source
):
    settings.QARARGAH_REGISTRY_MIN_CELL = 3
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    assert rollup.rollup_differences() == []
    fresh, kept = rollup.fresh_rollup(), rollup.stored_rollup()
    assert rollup._plain(kept.indicators) == rollup._plain(fresh.indicators)
    karaj = registry["hesar"].county
    indicator = Indicator.objects.get(code="registry_people_street_children")
    total, reporting = kept.indicators[(rollup.COUNTY, karaj.pk)][(indicator.pk, 1404, 9)]
    shown = [
        v
        for (hood_id, group_id), v in stored(alborz).items()
        if group_id == groups["street_children"].pk and hood_id in {h.pk for h in karaj.neighbourhoods.all()}
    ]
    # The county sums what its neighbourhoods show (a hidden cell adds nothing, and is not counted
    # among the neighbourhoods that reported).
    assert (total, reporting) == (Decimal(sum(shown)), len(shown))
    assert reporting < karaj.neighbourhoods.count()
    # A re-run after a change keeps it right.
    add_people(welfare_source, registry["sohrabieh"], 3)
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    assert rollup.rollup_differences() == []


def test_the_feed_is_in_the_neighbourhoods_history_with_its_event(settings, alborz, registry, people):
    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    entries = history_for(people.secretariat, [registry["hesar"]])
    assert "شاخص‌های محله از سامانه ثبت گروه‌های هدف به‌روز شد" in [e.event for e in entries]


def test_nobody_types_over_a_registry_indicator(settings, alborz, registry, people, client_for):
    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    indicator = Indicator.objects.get(code="registry_people_needy_families")
    for actor in (people.secretariat, people.hesar_manager, people.taavon, SYSTEM):
        with pytest.raises(PermissionDenied) as caught:
            hood_services.record_indicator(
                actor=actor, indicator=indicator, neighbourhood=registry["hesar"], year=1404, part=9, value=1
            )
        assert str(caught.value) == (
            "این شاخص را سامانه ثبت گروه‌های هدف پس از هر پیوند رکوردها می‌شمارد و نوشتن دستی آن ممکن نیست."
        )
    # The neighbourhood page offers the secretariat its own indicators, not the registry's.
    page = client_for(people.secretariat).get(f"/neighbourhoods/{registry['hesar'].pk}/")
    assert page.status_code == 200
    form = page.context["indicator_form"]
    offered = {i.code for i in form.fields["indicator"].queryset}
    assert offered and not any(code.startswith("registry_") for code in offered)


def test_only_the_data_officer_or_the_system_feeds(alborz, registry, people, data_officer):
    for actor in (people.secretariat, people.leadership, people.taavon, people.markazi_secretariat):
        with pytest.raises(PermissionDenied) as caught:
            feed.feed_indicators(actor=actor, province=alborz, today=TODAY)
        assert str(caught.value) == (
            "شاخص‌های برگرفته از ثبت گروه‌های هدف را فقط کارشناس داده دبیرخانه همان استان یا سامانه به‌روز می‌کند."
        )
    assert not IndicatorValue.objects.filter(indicator__entered_by="registry").exists()
    summary = feed.feed_indicators(actor=data_officer, province=alborz, today=TODAY)
    assert summary.result.written > 0
    row = IndicatorValue.objects.filter(indicator__entered_by="registry").first()
    assert row.entered_by == data_officer


def test_a_linking_run_ends_with_a_feed(monkeypatch, settings, alborz, registry):
    from dataclasses import dataclass

    from qarargah.registries import linking, services

    @dataclass
    class Result:
        clusters: dict
        match: dict
        review_pairs: list
        households: dict

    records = SourceRecord.objects.filter(source__province=alborz)
    # The engine keeps every record's person as it is.
    result = Result(
        clusters={str(r.pk): f"p{r.person_id}" for r in records},
        match={str(r.pk): "single" for r in records},
        review_pairs=[],
        households={},
    )
    monkeypatch.setattr(linking, "call_engine", lambda records, decisions, progress, model=None: result)
    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    services.run_linking(actor=SYSTEM, province=alborz)
    year, month = feed.current_period()
    values = IndicatorValue.objects.filter(
        indicator__code="registry_people_street_children",
        neighbourhood=registry["hesar"],
        year=year,
        part=month,
    )
    assert [int(v.value) for v in values] == [20]


def test_a_failed_feed_does_not_fail_the_linking_run(monkeypatch, alborz, registry, caplog):
    from qarargah.registries.models import LinkRun, LinkRunStatus

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(feed, "feed_indicators", broken)
    assert feed.feed_after_linking(actor=SYSTEM, province=alborz) is None
    assert "Feeding the neighbourhood indicators" in caplog.text
    assert not LinkRun.objects.filter(status=LinkRunStatus.FAILED).exists()


def test_the_period_is_the_current_jalali_month():
    assert feed.current_period(datetime.date(2025, 3, 21)) == (1404, 1)
    assert feed.current_period(datetime.date(2025, 3, 20)) == (1403, 12)


def test_the_api_refuses_to_type_a_registry_indicator(settings, alborz, registry, people):
    from django.test import Client

    from qarargah.api.tokens import issue_token

    settings.QARARGAH_REGISTRY_MIN_CELL = 1
    feed.feed_indicators(actor=SYSTEM, province=alborz, today=TODAY)
    _, key = issue_token(user=people.secretariat)
    refused = Client(HTTP_AUTHORIZATION=f"Token {key}").post(
        "/api/v1/indicators/values/",
        {
            "neighbourhood": registry["hesar"].pk,
            "indicator": "registry_people_needy_families",
            "year": 1404,
            "part": 9,
            "value": "1",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["message"] == (
        "این شاخص را سامانه ثبت گروه‌های هدف پس از هر پیوند رکوردها می‌شمارد و نوشتن دستی آن ممکن نیست."
    )
    hesar_value = IndicatorValue.objects.get(
        indicator__code="registry_people_needy_families", neighbourhood=registry["hesar"], year=1404, part=9
    )
    assert hesar_value.value == 14
