"""The stored roll-up (decision 0032): after every kind of change the services make, the table
equals a fresh count; the command rebuilds and checks it; each reader sees only its unit."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from qarargah.accounts.system import SYSTEM
from qarargah.neighbourhoods import rollup, services
from qarargah.neighbourhoods.models import Indicator, Need, NeedRollup, RollupLevel
from qarargah.organisations.models import County

pytestmark = pytest.mark.django_db


def agrees() -> None:
    fresh, stored = rollup.fresh_rollup(), rollup.stored_rollup()
    assert rollup._plain(stored.needs) == rollup._plain(fresh.needs)
    assert rollup._plain(stored.indicators) == rollup._plain(fresh.indicators)
    assert rollup.rollup_differences() == []


def county_open(county_id: int, axis: str) -> int:
    return sum(
        NeedRollup.objects.filter(
            level=RollupLevel.COUNTY,
            unit_id=county_id,
            axis=axis,
            status__in=["registered", "referred", "in_progress"],
        ).values_list("needs", flat=True)
    )


def test_every_kind_of_change_keeps_the_stored_rollup_equal_to_a_fresh_count(hoods, people):
    karaj = hoods.hesar.county
    agrees()
    assert county_open(karaj.pk, "culture") == 1
    # A need registered.
    need = services.register_need(
        actor=people.hesar_manager,
        data=services.NeedData(
            neighbourhood=hoods.hesar, axis="legal", title="نبود سند", severity=2, households=40
        ),
    )
    agrees()
    assert county_open(karaj.pk, "legal") == 1
    # Edited (axis and households move).
    need = services.update_need(
        actor=people.hesar_manager, need=need, expected_version=need.version, axis="welfare"
    )
    agrees()
    # Referred, status changed, solved.
    need = services.refer_need(actor=people.karaj_governorate, need=need, agency=hoods.taavon)
    agrees()
    need = services.change_need_status(actor=people.taavon, need=need, status="in_progress")
    agrees()
    need = services.change_need_status(actor=people.taavon, need=need, status="solved")
    agrees()
    # Deleted.
    services.delete_need(actor=people.hesar_manager, need=hoods.jobs)
    agrees()
    assert not Need.objects.filter(pk=hoods.jobs.pk).exists()
    # Imported in bulk.
    services.register_needs(
        actor=people.secretariat,
        items=[
            services.NeedData(neighbourhood=hoods.sohrabieh, axis="health", title=f"مسئله {i}", severity=3)
            for i in range(5)
        ],
    )
    agrees()
    # Indicator values entered and corrected.
    indicator = Indicator.objects.get(code="working_children")
    services.record_indicator(
        actor=people.hesar_manager,
        indicator=indicator,
        neighbourhood=hoods.hesar,
        year=1403,
        part=2,
        value=Decimal(12),
    )
    agrees()
    services.record_indicator(
        actor=people.secretariat,
        indicator=indicator,
        neighbourhood=hoods.sohrabieh,
        year=1403,
        part=2,
        value=Decimal(5),
    )
    services.record_indicator(
        actor=people.hesar_manager,
        indicator=indicator,
        neighbourhood=hoods.hesar,
        year=1403,
        part=2,
        value=Decimal(9),
    )
    agrees()
    province = rollup.province_figures(people.secretariat, karaj.province)
    row = next(i for i in province.indicators if i.indicator.code == "working_children")
    assert (row.total, row.reporting) == (Decimal(14), 2)
    # A neighbourhood moved to another county of the province.
    other = County.objects.filter(province=karaj.province).exclude(pk=karaj.pk).first()
    services.move_neighbourhood(actor=people.secretariat, neighbourhood=hoods.sohrabieh, county=other)
    agrees()
    assert county_open(other.pk, "health") >= 6


def test_moving_a_neighbourhood_is_the_secretariats_and_within_the_province(hoods, people, markazi):
    from django.core.exceptions import PermissionDenied

    from qarargah.core.errors import ServiceError

    with pytest.raises(PermissionDenied, match="جابه‌جایی محله میان شهرستان‌ها کار دبیرخانه استان است"):
        services.move_neighbourhood(
            actor=people.karaj_governorate, neighbourhood=hoods.hesar, county=hoods.hesar.county
        )
    foreign = County.objects.filter(province=markazi).first()
    with pytest.raises(ServiceError, match="محله را فقط می‌توان به شهرستانی از همان استان برد"):
        services.move_neighbourhood(actor=people.secretariat, neighbourhood=hoods.hesar, county=foreign)


def test_the_command_checks_and_rebuilds(hoods, people):
    out = StringIO()
    call_command("neighbourhood_rollup", "--check", stdout=out)
    assert "آمار تجمیعی ذخیره‌شده با شمارش تازه یکی است." in out.getvalue()
    # A bulk write past the services makes the table disagree …
    Need.objects.filter(pk=hoods.water.pk).update(axis="legal")
    with pytest.raises(CommandError, match="neighbourhood_rollup --rebuild"):
        call_command("neighbourhood_rollup", "--check", stdout=StringIO(), stderr=StringIO())
    # … and the rebuild puts it right, agreeing with what the services would have written.
    out = StringIO()
    call_command("neighbourhood_rollup", "--rebuild", stdout=out)
    assert "از نو ساخته شد" in out.getvalue()
    agrees()
    call_command("neighbourhood_rollup", "--check", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("neighbourhood_rollup", stdout=StringIO(), stderr=StringIO())


def test_rebuild_equals_the_incremental_result(hoods, people):
    incremental = rollup._plain(rollup.stored_rollup().needs)
    rollup.rebuild_rollup()
    assert rollup._plain(rollup.stored_rollup().needs) == incremental


def test_pages_show_each_reader_its_unit_with_its_as_of_time(hoods, people, client_for):
    karaj = hoods.hesar.county
    province = karaj.province
    page = client_for(people.leadership).get(f"/neighbourhoods/rollup/provinces/{province.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and "آمار تجمیعی استان" in text and "شمارش در" in text
    assert karaj.name in text
    # The county governorate: its county, not the province, not another county.
    gov = client_for(people.karaj_governorate)
    assert (
        gov.get("/neighbourhoods/rollup/").headers["Location"]
        == f"/neighbourhoods/rollup/counties/{karaj.pk}/"
    )
    county_page = gov.get(f"/neighbourhoods/rollup/counties/{karaj.pk}/").content.decode()
    assert "آمار تجمیعی شهرستان" in county_page and "حصار" in county_page
    assert gov.get(f"/neighbourhoods/rollup/provinces/{province.pk}/").status_code == 403
    other = County.objects.filter(province=province).exclude(pk=karaj.pk).first()
    assert gov.get(f"/neighbourhoods/rollup/counties/{other.pk}/").status_code == 404
    # The house manager goes to its neighbourhood; an agency officer reads no area total.
    house = client_for(people.hesar_manager)
    assert house.get("/neighbourhoods/rollup/").headers["Location"] == f"/neighbourhoods/{hoods.hesar.pk}/"
    assert house.get(f"/neighbourhoods/rollup/counties/{karaj.pk}/").status_code == 403
    refused = client_for(people.varzesh).get(f"/neighbourhoods/rollup/provinces/{province.pk}/")
    assert refused.status_code == 403
    assert (
        "آمار تجمیعی محله‌ها برای خانه محله، فرمانداری، دبیرخانه و مدیران استان است."
        in refused.content.decode()
    )
    # Another province's leadership: 404.
    assert (
        client_for(people.markazi_secretariat)
        .get(f"/neighbourhoods/rollup/provinces/{province.pk}/")
        .status_code
        == 404
    )
    # The nation: national viewers, summed from the provinces.
    nation = client_for(people.national).get("/neighbourhoods/rollup/nation/")
    assert nation.status_code == 200 and province.name in nation.content.decode()
    assert client_for(people.leadership).get("/neighbourhoods/rollup/nation/").status_code == 403
    assert (
        client_for(people.leadership).post(f"/neighbourhoods/rollup/provinces/{province.pk}/").status_code
        == 405
    )


def test_the_figures_sum_the_needs_by_axis_and_status(hoods, people):
    figures = rollup.county_figures(people.secretariat, [hoods.hesar.county])[0]
    culture = next(a for a in figures.axes if a.axis == "culture")
    assert culture.by_status["referred"] == 1 and culture.households_open == 300
    assert figures.as_of is not None
    nation = rollup.nation_figures(SYSTEM)
    assert nation.open >= figures.open


def test_the_cached_ranking_follows_every_change(hoods, people):
    from qarargah.neighbourhoods import selectors

    county = hoods.hesar.county
    first = selectors.priorities_for_county(people.karaj_governorate, county)
    assert selectors.priorities_for_county(people.karaj_governorate, county).as_of == first.as_of  # cached
    services.register_need(
        actor=people.hesar_manager,
        data=services.NeedData(neighbourhood=hoods.hesar, axis="legal", title="اختلاف ملکی تازه", severity=5),
    )
    after = selectors.priorities_for_county(people.karaj_governorate, county)
    assert "اختلاف ملکی تازه" in [row.need.title for row in after.needs]
    services.set_priority_weights(actor=people.secretariat, province=county.province, severity=9)
    assert selectors.priorities_for_county(people.karaj_governorate, county).weights.severity == 9
    # The house manager's view is its own neighbourhood's, never the county's cached one.
    own = selectors.priorities_for_county(people.hesar_manager, county)
    assert {row.need.neighbourhood_id for row in own.needs} == {hoods.hesar.pk}
