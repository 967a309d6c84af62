"""Registering, editing, referring needs and changing their status: who may, and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from qarargah.core.errors import ServiceError
from qarargah.history.selectors import history_for
from qarargah.neighbourhoods import services
from qarargah.neighbourhoods.models import Need, NeedStatus

pytestmark = pytest.mark.django_db


def data(neighbourhood, **kw):
    return services.NeedData(
        **{"neighbourhood": neighbourhood, "axis": "health", "title": "مسئله", "severity": 3, **kw}
    )


def test_a_house_manager_registers_for_its_own_neighbourhood_only(hoods, people):
    need = services.register_need(
        actor=people.hesar_manager, data=data(hoods.hesar, title="  کمبود   درمانگاه ")
    )
    assert need.title == "کمبود درمانگاه" and need.status == NeedStatus.REGISTERED
    assert need.created_by == people.hesar_manager
    with pytest.raises(PermissionDenied):
        services.register_need(actor=people.hesar_manager, data=data(hoods.sohrabieh))


@pytest.mark.parametrize("persona", ["varzesh", "leadership", "karaj_governorate", "markazi_secretariat"])
def test_others_may_not_register(hoods, people, persona):
    with pytest.raises(PermissionDenied):
        services.register_need(actor=getattr(people, persona), data=data(hoods.hesar))


def test_the_secretariat_registers_in_its_province(hoods, people):
    assert services.register_need(actor=people.secretariat, data=data(hoods.sohrabieh)).pk


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"axis": "sport"}, "axis"),
        ({"axis": ""}, "axis"),
        ({"severity": 9}, "severity"),
        ({"severity": 0}, "severity"),
        ({"severity": "زیاد"}, "severity"),
        ({"title": "   "}, "title"),
        ({"households": -1}, "households"),
        ({"source": "rumour"}, "source"),
    ],
)
def test_bad_input_is_refused_with_a_persian_message_and_saves_nothing(hoods, people, changes, code):
    before = Need.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.register_need(actor=people.hesar_manager, data=data(hoods.hesar, **changes))
    assert exc.value.code == code
    assert any("\u0600" <= ch <= "\u06ff" for ch in exc.value.message)
    assert Need.objects.count() == before


def test_axis_and_severity_may_be_written_in_persian(hoods, people):
    need = services.register_need(
        actor=people.hesar_manager, data=data(hoods.hesar, axis="اشتغال", severity="۵", households="۱٬۲۰۰")
    )
    assert (need.axis, need.severity, need.households) == ("employment", 5, 1200)


def test_editing_keeps_the_version_and_history(hoods, people):
    need = services.update_need(
        actor=people.hesar_manager, need=hoods.jobs, expected_version=hoods.jobs.version, severity=4
    )
    assert need.severity == 4 and need.version == 2
    lines = history_for(people.hesar_manager, [need])
    assert any("ویرایش" in str(getattr(line, "event_label", "") or line) for line in lines)


def test_the_other_house_manager_cannot_edit(hoods, people):
    with pytest.raises(PermissionDenied):
        services.update_need(
            actor=hoods.sohrabieh_manager, need=hoods.jobs, expected_version=None, severity=1
        )


def test_a_referred_need_is_no_longer_the_houses_to_edit(hoods, people):
    with pytest.raises(ServiceError):
        services.update_need(actor=people.hesar_manager, need=hoods.sports, expected_version=None, severity=1)


def test_referring_is_for_the_county_and_the_secretariat(hoods, people):
    with pytest.raises(PermissionDenied):
        services.refer_need(actor=people.hesar_manager, need=hoods.jobs, agency=hoods.taavon)
    need = services.refer_need(actor=people.secretariat, need=hoods.jobs, agency=hoods.taavon)
    assert (need.status, need.referred_agency) == (NeedStatus.REFERRED, hoods.taavon)


def test_an_agency_of_another_province_is_refused(hoods, people, markazi):
    from qarargah.organisations.models import Agency

    other = Agency.objects.filter(province=markazi).first()
    with pytest.raises(ServiceError):
        services.refer_need(actor=people.secretariat, need=hoods.jobs, agency=other)


def test_the_referred_agency_moves_its_need_on_and_no_other_agency_does(hoods, people):
    with pytest.raises(PermissionDenied):
        services.change_need_status(actor=people.taavon, need=hoods.sports, status=NeedStatus.IN_PROGRESS)
    need = services.change_need_status(actor=people.varzesh, need=hoods.sports, status=NeedStatus.IN_PROGRESS)
    assert need.status == NeedStatus.IN_PROGRESS
    with pytest.raises(ServiceError):
        services.change_need_status(actor=people.varzesh, need=need, status=NeedStatus.REFERRED)
    need = services.change_need_status(actor=people.varzesh, need=need, status=NeedStatus.SOLVED)
    # Reopening is the county's or the secretariat's decision.
    with pytest.raises(PermissionDenied):
        services.change_need_status(actor=people.varzesh, need=need, status=NeedStatus.REGISTERED)
    need = services.change_need_status(
        actor=people.karaj_governorate, need=need, status=NeedStatus.REGISTERED
    )
    assert need.referred_agency is None


def test_weights_are_the_secretariats(hoods, people, alborz):
    with pytest.raises(PermissionDenied):
        services.set_priority_weights(actor=people.karaj_governorate, province=alborz, severity=1)
    with pytest.raises(PermissionDenied):
        services.set_priority_weights(actor=people.markazi_secretariat, province=alborz, severity=1)
    with pytest.raises(ServiceError):
        services.set_priority_weights(
            actor=people.secretariat, province=alborz, severity=0, households=0, residents=0, age=0
        )
    weights = services.set_priority_weights(actor=people.secretariat, province=alborz, severity=9)
    assert services.weights_for(alborz.pk).severity == weights.severity == 9
