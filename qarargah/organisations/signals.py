"""Signals other apps listen to without this app knowing them (it sits below them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside merge_agency's transaction, after every reference moved from the source to the
# target (``sender=Agency``, ``target=`` the agency kept). Apps keeping counts per agency
# (resolutions' tallies) recount the target before the merge commits.
agency_merged = Signal()
