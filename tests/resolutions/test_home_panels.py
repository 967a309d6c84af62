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


def test_officers_panel_lists_the_soonest_overdue_and_due_of_its_own_signed_work(people):
    """The panel's five rows are chosen by key first (selectors.first_assignments): the same rows,
    in the same order, as the first five of the full lists; an unsigned draft's are not among them."""
    import datetime

    from qarargah.meetings import services as meeting_services
    from qarargah.resolutions import selectors
    from qarargah.resolutions.home import follow_up_panels
    from qarargah.resolutions.models import Assignment
    from tests.meetings.lifecycle_world import schedule

    from .factories import TAAVON, today

    for days in (-3, -9, -1, -20, -5, -14, 2, 5, 1, 4, 6, 3):
        make_resolution(people.secretariat, due=today() + datetime.timedelta(days=days))
    make_resolution(people.secretariat, agencies=(TAAVON,), due=today() - datetime.timedelta(days=30))
    draft = schedule(people)
    # Due tomorrow, before all the others but one, yet unsigned: not the agency's work yet.
    meeting_services.save_record(
        actor=people.secretariat,
        meeting=draft,
        expected_version=None,
        narrative="",
        statements=[],
        rows=[
            meeting_services.RecordRow(
                text="برگزاری جشنواره", leads=[people.varzesh.agency], deadline="دو روز"
            )
        ],
    )
    assert Assignment.objects.filter(resolution__meeting=draft, due_date=today() + datetime.timedelta(days=1))
    (panel,) = [p for p in follow_up_panels(people.varzesh) if p.title == "تکالیف دستگاه شما"]
    overdue = list(selectors.assignments_for_user(people.varzesh, mine=True, overdue=True)[:5])
    assert panel.context["overdue"] == overdue
    assert [a.due_date for a in overdue] == sorted(a.due_date for a in overdue)
    assert len(overdue) == 5 and panel.context["overdue_count"] == 6
    assert draft.pk not in {a.resolution.meeting_id for a in panel.context["due_soon"]}
    soon = [a.due_date - today() for a in panel.context["due_soon"]]
    assert soon == [datetime.timedelta(days=d) for d in (1, 2, 3, 4, 5)]
    assert panel.context["open_count"] == 12
