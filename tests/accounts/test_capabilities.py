"""The capability table: what each role may do, read from the user's scope by everyone else."""

from __future__ import annotations

import pytest

from qarargah.accounts.capabilities import CAPABILITIES, ROLE_CAPABILITIES, capabilities_of
from qarargah.accounts.models import Role
from qarargah.accounts.scoping import ANONYMOUS_SCOPE, scope_for

pytestmark = pytest.mark.django_db

SECRETARIAT = {
    "can_edit_registry",
    "can_see_pending_agencies",
    "can_browse_meetings",
    "can_import_minutes",
    "can_browse_resolutions",
    "can_edit_resolutions",
    "can_review_reports",
    "can_see_scoreboard",
    "can_see_past_review",
    "can_see_area_bodies",
    "can_browse_needs",
    "can_register_needs",
    "can_refer_needs",
    "can_set_need_weights",
    "can_see_neighbourhood_contacts",
    "can_see_registry_aggregates",
}
READERS = {
    "can_browse_meetings",
    "can_browse_resolutions",
    "can_see_scoreboard",
    "can_see_past_review",
    "can_see_registry_aggregates",
}

# Written out by hand, role by role: a change to the table has to change this too.
EXPECTED = {
    "secretariat": SECRETARIAT,
    "admin": SECRETARIAT - {"can_see_area_bodies"},
    "agency_officer": {"can_act_for_agency"},
    "county_officer": {"can_act_for_agency", "can_see_area_bodies"}
    | {"can_browse_needs", "can_refer_needs", "can_see_neighbourhood_contacts"},
    "house_manager": {"can_act_for_agency", "can_browse_resolutions"}
    | {"can_browse_needs", "can_register_needs", "can_see_neighbourhood_contacts"},
    "leadership": READERS | {"can_see_area_bodies"} | {"can_browse_needs", "can_see_neighbourhood_contacts"},
    "national_viewer": READERS | {"can_browse_needs"},
    "data_officer": {"can_see_registry_persons", "can_see_registry_aggregates"},
}

PERSONA_ROLE = {
    "secretariat": "secretariat",
    "markazi_secretariat": "secretariat",
    "varzesh": "agency_officer",
    "taavon": "agency_officer",
    "markazi_officer": "agency_officer",
    "karaj_governorate": "county_officer",
    "hesar_manager": "house_manager",
    "leadership": "leadership",
    "national": "national_viewer",
    "admin": "admin",
    "data_officer": "data_officer",
}


def granted(scope_or_dict) -> set[str]:
    if isinstance(scope_or_dict, dict):
        return {name for name, on in scope_or_dict.items() if on}
    return {name for name in CAPABILITIES if getattr(scope_or_dict, name)}


def test_every_role_is_in_the_table():
    assert set(ROLE_CAPABILITIES) == set(Role.values) == set(EXPECTED)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_roles_capabilities(role):
    assert granted(capabilities_of(role)) == EXPECTED[role]


@pytest.mark.parametrize("persona", sorted(PERSONA_ROLE))
def test_each_demo_persona_reads_its_roles_capabilities_from_its_scope(people, persona):
    user = getattr(people, persona)
    scope = scope_for(user)
    assert scope.role == PERSONA_ROLE[persona]
    assert granted(scope) == EXPECTED[PERSONA_ROLE[persona]]
    assert scope.read_only == (PERSONA_ROLE[persona] in {"leadership", "national_viewer"})


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_a_superuser_is_an_admin_whatever_its_role(role):
    assert granted(capabilities_of(role, superuser=True)) == EXPECTED["admin"]


def test_an_unknown_role_may_do_nothing():
    assert granted(capabilities_of("visitor")) == set()


def test_an_officer_whose_account_names_no_agency_acts_for_none(people):
    officer = people.varzesh
    officer.agency = None
    assert not officer.build_scope().can_act_for_agency


def test_an_inactive_account_has_the_anonymous_scope(people):
    user = people.secretariat
    user.is_active = False
    assert scope_for(user) == ANONYMOUS_SCOPE
    assert granted(ANONYMOUS_SCOPE) == set()


def test_follows_up_and_acts_for_combine_the_capability_with_the_place(people):
    secretariat, admin, officer = (
        scope_for(people.secretariat),
        scope_for(people.admin),
        scope_for(people.varzesh),
    )
    alborz, markazi = people.secretariat.province_id, people.markazi_secretariat.province_id
    assert secretariat.follows_up(alborz) and not secretariat.follows_up(markazi)
    assert not secretariat.follows_up(None)
    assert admin.follows_up(alborz) and admin.follows_up(markazi)
    assert not scope_for(people.leadership).follows_up(alborz)  # covers it, may not edit
    assert officer.acts_for(people.varzesh.agency_id)
    assert not officer.acts_for(people.taavon.agency_id) and not officer.acts_for(None)
    assert not secretariat.acts_for(people.varzesh.agency_id)
