"""The registry's home panels (issue 15): the data officer's work waiting (review queue,
quarantine, the last linking run), the readers' suppressed headline (people by target group),
and an agency officer's own lists (last upload and rows waiting in quarantine).

Each panel reads the user's scope capabilities and scoped selectors only, and links only to
pages the same capability opens (``access.require_data_officer``, ``require_source_user``,
``require_aggregate_reader``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from qarargah.accounts.scoping import scope_for
from qarargah.organisations.models import Province
from qarargah.ui.home import Panel, register_panel_provider

from . import selectors
from .models import LinkRun, MatchClass, QuarantinedRow, Source, Upload

if TYPE_CHECKING:
    from qarargah.accounts.models import User


@register_panel_provider
def data_officer_panels(user: User) -> list[Panel]:
    scope = scope_for(user)
    if not scope.can_see_registry_persons or scope.province_id is None:
        return []
    last_run = LinkRun.objects.visible_to(user).order_by("-created_at", "-id").first()
    return [
        Panel(
            "ثبت یکپارچه گروه‌های هدف: کارهای در انتظار",
            "registries/panels/data_officer.html",
            {
                "review_waiting": selectors.review_queue_for_user(user).count(),
                "quarantine_waiting": selectors.quarantine_for_user(user).count(),
                "run": last_run,
                "run_counts": [(str(c.label), (last_run.counts or {}).get(c.value, 0)) for c in MatchClass]
                if last_run is not None
                else [],
            },
            order=12,
        )
    ]


@register_panel_provider
def headline_panels(user: User) -> list[Panel]:
    """Leadership (its province) and national viewers (the country): suppressed counts only."""
    scope = scope_for(user)
    if not (scope.can_see_registry_aggregates and scope.read_only) or scope.can_see_registry_persons:
        return []
    province = Province.objects.filter(pk=scope.province_id).first() if scope.province_id else None
    # The totals the last feed stored (decision 0035): a row per group, not a count of records.
    headline = selectors.registry_headline_for_user(user, province=province)
    return [
        Panel(
            "افراد ثبت‌شده در گروه‌های هدف" + (f" استان {province.name}" if province else " در کشور"),
            "registries/panels/headline.html",
            {
                "headline": headline,
                "province": province,
                "minimum": selectors.min_cell(),
            },
            order=45,
        )
    ]


@register_panel_provider
def agency_source_panels(user: User) -> list[Panel]:
    """An agency officer whose agency sends lists: each list's last upload and its waiting rows."""
    scope = scope_for(user)
    if not scope.can_act_for_agency or scope.can_see_registry_persons:
        return []
    # The waiting rows are counted in a subquery: a join through the records would multiply them.
    waiting = (
        QuarantinedRow.objects.filter(upload__source=OuterRef("pk"), resolved=False)
        .order_by()
        .values("upload__source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    sources: list[Any] = list(
        Source.objects.visible_to(user)
        .annotate(waiting=Coalesce(Subquery(waiting), 0))
        .prefetch_related(Prefetch("uploads", queryset=Upload.objects.order_by("-uploaded_at", "-id")))
        .order_by("name")[:10]
    )
    if not sources:
        return []
    for source in sources:
        uploads = list(source.uploads.all())
        source.last_upload = uploads[0] if uploads else None
    return [
        Panel(
            "فهرست‌های دستگاه شما در ثبت یکپارچه",
            "registries/panels/agency_sources.html",
            {"sources": sources, "waiting": sum(s.waiting for s in sources)},
            order=35,
        )
    ]
