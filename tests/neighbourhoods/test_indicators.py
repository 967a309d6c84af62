"""Indicators entered per Jalali period: who enters which, bad input, the chart on the page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from qarargah.api.tokens import issue_token
from qarargah.core.errors import ServiceError
from qarargah.neighbourhoods import selectors, services
from qarargah.neighbourhoods.models import Indicator, IndicatorValue
from qarargah.neighbourhoods.periods import period_label, valid_part


def test_period_labels_are_jalali_with_persian_digits():
    assert period_label("month", 1403, 7) == "مهر ۱۴۰۳"
    assert period_label("season", 1403, 3) == "پاییز ۱۴۰۳"
    assert period_label("year", 1403, 0) == "۱۴۰۳"
    assert valid_part("month", 12) and not valid_part("month", 13) and not valid_part("year", 1)
    assert not valid_part("season", 0)


@pytest.fixture
def indicators(db):
    services.ensure_default_indicators()
    return {i.code: i for i in Indicator.objects.all()}


@pytest.mark.django_db
def test_who_records_which_indicator(hoods, people, indicators):
    out_of_school = indicators["children_out_of_school"]  # the house enters it
    uninsured = indicators["uninsured_residents"]  # an agency enters it
    row = services.record_indicator(
        actor=people.hesar_manager,
        indicator=out_of_school,
        neighbourhood=hoods.hesar,
        year=1403,
        part=0,
        value=Decimal(40),
    )
    assert row.entered_by == people.hesar_manager
    with pytest.raises(PermissionDenied):
        services.record_indicator(
            actor=people.hesar_manager,
            indicator=uninsured,
            neighbourhood=hoods.hesar,
            year=1403,
            part=1,
            value=Decimal(5),
        )
    with pytest.raises(PermissionDenied):
        services.record_indicator(
            actor=hoods.sohrabieh_manager,
            indicator=out_of_school,
            neighbourhood=hoods.hesar,
            year=1403,
            part=0,
            value=Decimal(5),
        )
    with pytest.raises(PermissionDenied):
        services.record_indicator(
            actor=people.leadership,
            indicator=out_of_school,
            neighbourhood=hoods.hesar,
            year=1403,
            part=0,
            value=Decimal(5),
        )
    with pytest.raises(PermissionDenied):
        services.record_indicator(
            actor=people.markazi_secretariat,
            indicator=uninsured,
            neighbourhood=hoods.hesar,
            year=1403,
            part=1,
            value=Decimal(5),
        )
    # The county governorate acts for an agency in its county; the secretariat enters anything.
    services.record_indicator(
        actor=people.karaj_governorate,
        indicator=uninsured,
        neighbourhood=hoods.hesar,
        year=1403,
        part=1,
        value=Decimal(900),
    )
    services.record_indicator(
        actor=people.secretariat,
        indicator=uninsured,
        neighbourhood=hoods.hesar,
        year=1403,
        part=2,
        value=Decimal(700),
    )
    # A correction replaces the period's value.
    services.record_indicator(
        actor=people.secretariat,
        indicator=uninsured,
        neighbourhood=hoods.hesar,
        year=1403,
        part=2,
        value=Decimal(650),
    )
    assert IndicatorValue.objects.filter(indicator=uninsured, neighbourhood=hoods.hesar).count() == 2
    series = {s.indicator.code: s for s in selectors.indicator_series(people.secretariat, hoods.hesar)}
    assert [p.label for p in series["uninsured_residents"].points] == ["بهار ۱۴۰۳", "تابستان ۱۴۰۳"]
    assert series["uninsured_residents"].trend == "better"  # fewer uninsured


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("year", "part", "value", "code"), [(1403, 5, 1, "part"), (2024, 1, 1, "year"), (1403, 1, -3, "value")]
)
def test_bad_indicator_input(hoods, people, indicators, year, part, value, code):
    with pytest.raises(ServiceError) as exc:
        services.record_indicator(
            actor=people.secretariat,
            indicator=indicators["uninsured_residents"],
            neighbourhood=hoods.hesar,
            year=year,
            part=part,
            value=Decimal(value),
        )
    assert exc.value.code == code


@pytest.mark.django_db
def test_the_page_records_a_value_and_draws_its_chart(hoods, people, client_for, indicators):
    c = client_for(people.hesar_manager)
    url = reverse("neighbourhoods:indicator_record", args=[hoods.hesar.pk])
    working = indicators["working_children"]
    bad = c.post(url, {"indicator": working.pk, "year": "۱۴۰۳", "value": "۱۲"})
    assert bad.status_code == 200 and "برای این شاخص ماه را انتخاب کنید." in bad.content.decode()
    for month, value in ((6, "۱۲"), (7, "۹")):
        assert (
            c.post(url, {"indicator": working.pk, "year": "۱۴۰۳", "month": month, "value": value}).status_code
            == 302
        )
    text = c.get(reverse("neighbourhoods:detail", args=[hoods.hesar.pk])).content.decode()
    assert 'data-chart="chart-working_children"' in text and 'id="chart-working_children"' in text
    assert "مهر ۱۴۰۳" in text and "بهتر از دوره قبل" in text  # fewer working children than in Shahrivar
    assert "vendor/chartjs/chart.umd.min.js" in text and "neighbourhoods/indicators.js" in text
    assert finders.find("vendor/chartjs/chart.umd.min.js") is not None
    assert not finders.find("vendor/chartjs/chart.js")  # only the file the page loads is published
    # An agency's indicator is not offered to the house.
    assert (
        c.post(
            url,
            {"indicator": indicators["uninsured_residents"].pk, "year": "1403", "season": 1, "value": "1"},
        ).status_code
        == 200
    )
    assert not IndicatorValue.objects.filter(indicator__code="uninsured_residents").exists()


@pytest.mark.django_db
def test_indicator_page_refusals(hoods, people, client_for, indicators):
    url = reverse("neighbourhoods:indicator_record", args=[hoods.hesar.pk])
    data = {"indicator": indicators["working_children"].pk, "year": "1403", "month": 1, "value": "1"}
    assert client_for(people.leadership).post(url, data).status_code == 403
    assert client_for(hoods.sohrabieh_manager).post(url, data).status_code == 404
    assert client_for(people.secretariat).get(url).status_code == 405


@pytest.mark.django_db
def test_the_api_detail_carries_the_series(hoods, people, indicators):
    services.record_indicator(
        actor=people.secretariat,
        indicator=indicators["households_under_support"],
        neighbourhood=hoods.hesar,
        year=1403,
        part=1,
        value=Decimal("120.5"),
    )
    _, key = issue_token(user=people.karaj_governorate)
    body = Client(HTTP_AUTHORIZATION=f"Token {key}").get(f"/api/v1/neighbourhoods/{hoods.hesar.pk}/").json()
    series = next(s for s in body["indicators"]["series"] if s["code"] == "households_under_support")
    assert series["values"] == [{"year": 1403, "part": 1, "label": "بهار ۱۴۰۳", "value": "120.50"}]
