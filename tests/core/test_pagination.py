"""KeysFirstPaginator gives the same pages as Django's Paginator, with the rows fully loaded."""

import pytest
from django.core.paginator import Paginator
from django.db.models import Count, F

from qarargah.core.pagination import KeysFirstPaginator
from qarargah.organisations.models import Agency


@pytest.mark.django_db
def test_same_pages_in_the_same_order_with_annotations_and_relations(people, django_assert_max_num_queries):
    qs = (
        Agency.objects.select_related("province")
        .annotate(n_aliases=Count("aliases"))
        .order_by(F("county_id").desc(nulls_last=True), "-name", "pk")
    )
    plain = Paginator(qs, 7)
    assert plain.num_pages > 2
    keys_first = KeysFirstPaginator(qs, 7)
    for number in plain.page_range:
        expected = list(plain.page(number))
        got = keys_first.page(number)
        assert [a.pk for a in got] == [a.pk for a in expected]
        assert [a.n_aliases for a in got] == [a.n_aliases for a in expected]
        with django_assert_max_num_queries(0):
            assert all(a.province.name for a in got)  # select_related survived


def test_a_plain_list_is_paginated_as_usual():
    page = KeysFirstPaginator(list(range(10)), 4).page(3)
    assert list(page) == [8, 9]
    assert page.has_previous() and not page.has_next()


@pytest.mark.django_db
def test_count_cap_stops_counting_and_says_so(people):
    qs = Agency.objects.order_by("pk")
    total = qs.count()
    capped = KeysFirstPaginator(qs, 5, count_cap=total - 3)
    assert capped.count == total - 3 and capped.capped
    assert [a.pk for a in capped.page(1)] == list(qs.values_list("pk", flat=True)[:5])
    exact = KeysFirstPaginator(qs, 5, count_cap=total)
    assert exact.count == total and not exact.capped


@pytest.mark.django_db
def test_resolution_list_says_more_than_the_cap(people, client_for, monkeypatch):
    from qarargah.demo.sample_minutes import import_demo_minutes
    from qarargah.resolutions import views

    import_demo_minutes(lambda _line: None)
    monkeypatch.setattr(views, "LIST_COUNT_CAP", 3)
    html = client_for(people.secretariat).get("/resolutions/").content.decode()
    assert "بیش از ۳ مصوبه؛ برای یافتن مصوبه‌ای خاص فیلتر کنید" in html


@pytest.mark.django_db
def test_count_with_keys_gives_the_same_count_cap_and_pages(people, django_assert_num_queries):
    qs = Agency.objects.order_by("-name", "pk")
    total = qs.count()
    for cap in (None, total - 3, total, total + 5):
        apart = KeysFirstPaginator(qs, 4, count_cap=cap)
        once = KeysFirstPaginator(qs, 4, count_cap=cap, count_with_keys=True)
        expected = apart.count
        with django_assert_num_queries(1):
            assert once.count == expected
        assert once.capped == apart.capped
        for number in once.page_range:
            with django_assert_num_queries(1):  # the keys were read with the count: only the rows
                got = [a.pk for a in once.page(number)]
            assert got == [a.pk for a in apart.page(number)]
