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
