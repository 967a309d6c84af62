"""The system as an actor: writes that no person typed (an import run without ``--user``, the
demo loader, the data generator).

Services enforce permissions on their ``actor=`` (decision 0012), so a command that works for
nobody in particular must still say who it is. It passes :data:`SYSTEM`, whose scope grants the
follow-up side's powers everywhere (an admin's) but never acting for an agency or reviewing its
reports (those need a person whose name the history keeps). ``None`` is not the system: a
service given no actor refuses, so a forgotten ``actor=`` fails loudly instead of writing as
everybody.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from .capabilities import capabilities_of
from .scoping import Scope

if TYPE_CHECKING:
    from .models import User

# Everything the follow-up side may do everywhere (an admin's table row), except the two
# decisions that need a person behind them.
_SYSTEM_CAPABILITIES: Final = {
    **capabilities_of("admin"),
    "can_review_reports": False,
    "can_act_for_agency": False,
    # Commands (`qarargah registry import/link/export-links`) load and link people's records.
    "can_see_registry_persons": True,
}


class SystemActor:
    """Stands where a :class:`~qarargah.accounts.models.User` would; has no row (``pk`` is None),
    so history rows written for it carry no user, as before."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = False
    username = "system"

    def build_scope(self) -> Scope:
        # Read by ``scoping.scope_for`` like a user's own scope.
        return Scope(role="system", all_provinces=True, read_only=False, **_SYSTEM_CAPABILITIES)

    def __str__(self) -> str:
        return "سامانه"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()

# Who a service acts for: a person, or the system for writes no person typed. Services only a
# person may call (reviewing reports, acting for an agency: they store the person on the row)
# take a ``User``; the system's scope refuses them anyway. (A ``type`` alias is
# evaluated lazily, so ``User`` is imported for the type checker only and importing this
# module loads no model.)
type Actor = User | SystemActor
