"""Each role's home page shows its plate of the follow-up: the house manager sees the open
resolutions about their neighbourhood (or a sentence saying there are none)."""

from __future__ import annotations

import pytest

from .factories import make_resolution

pytestmark = pytest.mark.django_db


def _home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_house_manager_sees_resolutions_about_their_neighbourhood(people, client_for):
    make_resolution(
        people.secretariat, text="مقرر گردید: برگزاری میز خدمت در محله حصار.", neighbourhoods=("حصار",)
    )
    make_resolution(people.secretariat, text="مقرر گردید: برگزاری اردوی جوانان در محله دیگر.")
    html = _home(client_for(people.hesar_manager))
    assert "مصوبات مربوط به محله شما" in html
    assert "۱ مصوبه باز درباره محله شما" in html
    assert "برگزاری میز خدمت در محله حصار" in html
    assert "اردوی جوانان" not in html


def test_house_manager_without_resolutions_reads_a_sentence(people, client_for):
    html = _home(client_for(people.hesar_manager))
    assert "مصوبه بازی درباره محله شما نیست؛ مصوباتی که قرارگاه برای این محله بگیرد اینجا می‌آیند." in html


def test_other_roles_do_not_get_the_house_managers_panel(people, client_for):
    make_resolution(people.secretariat, neighbourhoods=("حصار",))
    for person in (people.secretariat, people.varzesh, people.leadership):
        assert "مصوبات مربوط به محله شما" not in _home(client_for(person))


def test_each_role_sees_its_own_follow_up_panel(people, client_for):
    make_resolution(people.secretariat)
    assert "پیگیری مصوبات" in _home(client_for(people.secretariat))
    assert "تکالیف دستگاه شما" in _home(client_for(people.varzesh))
    assert "تکالیف دستگاه شما" in _home(client_for(people.karaj_governorate))
    assert "دستگاه‌های با بیشترین تأخیر" in _home(client_for(people.leadership))
    assert "دستگاه‌های با بیشترین تأخیر" in _home(client_for(people.national))
