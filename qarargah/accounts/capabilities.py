"""Which role has which capability: the one table that names roles.

Everything else reads the capability from the user's :class:`~qarargah.accounts.scoping.Scope`
(``scope_for(user).can_review_reports``), so adding a role, or giving leadership one more page,
is a change to this table and nothing else.
"""

from __future__ import annotations

from typing import Final

CAPABILITIES: Final = (
    "can_edit_registry",
    "can_see_pending_agencies",
    "can_browse_meetings",
    "can_import_minutes",
    "can_browse_resolutions",
    "can_edit_resolutions",
    "can_review_reports",
    "can_see_scoreboard",
    "can_see_past_review",
    "can_act_for_agency",
    "can_see_area_bodies",
    # The neighbourhood programme (issue 14): read needs of the area; register them; refer them
    # to agencies and change their status; set the priority weights; read staff contacts.
    "can_browse_needs",
    "can_register_needs",
    "can_refer_needs",
    "can_set_need_weights",
    "can_see_neighbourhood_contacts",
    # The target-group registry (issue 15): person-level records (the province secretariat's data
    # officer only; an agency officer sees its own agency's records through can_act_for_agency),
    # and the suppressed aggregates.
    "can_see_registry_persons",
    "can_see_registry_aggregates",
)

# Everything the follow-up side does, in a province (secretariat) or everywhere (admin).
# Person-level registry data is not the follow-up side's: only the data officer has it.
_FOLLOW_UP: Final = frozenset(CAPABILITIES) - {
    "can_act_for_agency",
    "can_see_area_bodies",
    "can_see_registry_persons",
}
_AGENCY: Final = frozenset({"can_act_for_agency"})
_READERS: Final = frozenset(
    {"can_browse_meetings", "can_browse_resolutions", "can_see_scoreboard", "can_see_past_review"}
)
# The home page lists the bodies of the user's own province or county to those who sit in or
# run them; national viewers and admins (every body in the country) and a single agency's or
# neighbourhood's people (their own panels say where they belong) are not shown that list.
_AREA_BODIES: Final = frozenset({"can_see_area_bodies"})

# Role value -> its capabilities. A superuser is treated as an admin whatever its role says.
ROLE_CAPABILITIES: Final[dict[str, frozenset[str]]] = {
    "secretariat": _FOLLOW_UP | _AREA_BODIES,
    "admin": _FOLLOW_UP,
    "agency_officer": _AGENCY,
    "county_officer": _AGENCY | _AREA_BODIES,
    # A house manager reads the resolutions that concern its neighbourhood, and acts for its
    # neighbourhood's house like an officer for an agency (decision 0022).
    "house_manager": _AGENCY | {"can_browse_resolutions"},
    "leadership": _READERS | _AREA_BODIES,
    "national_viewer": _READERS,
}

# The neighbourhood programme (issue 14), granted apart from the table above so that it reads as
# one block. The secretariat and admins already have all five (_FOLLOW_UP is everything). An
# agency officer has none: it sees only the needs referred to its agency (Need.scope_q), never
# the staff's contacts.
for _role, _granted in {
    "county_officer": {"can_browse_needs", "can_refer_needs", "can_see_neighbourhood_contacts"},
    "house_manager": {"can_browse_needs", "can_register_needs", "can_see_neighbourhood_contacts"},
    "leadership": {"can_browse_needs", "can_see_neighbourhood_contacts"},
    "national_viewer": {"can_browse_needs"},
}.items():
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | _granted

# The target-group registry (issue 15): the data officer of the province secretariat reads and
# links people; leadership and national viewers read the suppressed aggregates only.
ROLE_CAPABILITIES["data_officer"] = frozenset({"can_see_registry_persons", "can_see_registry_aggregates"})
for _role in ("leadership", "national_viewer"):
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | {"can_see_registry_aggregates"}

# Roles that only read, whatever their place.
READ_ONLY_ROLES: Final = frozenset({"leadership", "national_viewer"})


def capabilities_of(role: str, *, superuser: bool = False) -> dict[str, bool]:
    granted = ROLE_CAPABILITIES["admin"] if superuser else ROLE_CAPABILITIES.get(role, frozenset())
    return {name: name in granted for name in CAPABILITIES}
