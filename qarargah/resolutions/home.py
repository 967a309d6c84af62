"""Follow-up panels on the home page, one set per role."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from qarargah.accounts.scoping import scope_for
from qarargah.ui.home import Panel, register_panel_provider

from . import scoreboard, selectors, tallies
from .models import Assignment, ResolutionStatus

if TYPE_CHECKING:
    from qarargah.accounts.models import User


@register_panel_provider
def follow_up_panels(user: User) -> list[Panel]:
    today = timezone.localdate()
    panels: list[Panel] = []
    scope = scope_for(user)
    if scope.can_review_reports:
        waiting = selectors.reports_awaiting_review(user)
        if tallies.tallies_apply(user):
            # Sums of the stored per-agency counts (decision 0018), not a count of every assignment.
            totals = tallies.current_tallies(user, today=today).aggregate(
                overdue=Coalesce(Sum("overdue"), 0),
                week=Coalesce(Sum("due_this_week"), 0),
                waiting=Coalesce(Sum("reported"), 0),
            )
            overdue_count, week_count, waiting_count = totals["overdue"], totals["week"], totals["waiting"]
        else:
            visible = Assignment.objects.visible_to(user)
            overdue_count = visible.overdue(today).count()
            week_count = visible.due_this_week(today).count()
            waiting_count = waiting.count()
        panels.append(
            Panel(
                "پیگیری مصوبات",
                "resolutions/panels/secretariat.html",
                {
                    "waiting_count": waiting_count,
                    "waiting": list(waiting[:5]),
                    "overdue_count": overdue_count,
                    "due_this_week_count": week_count,
                    "extensions_count": selectors.extensions_awaiting_decision(user).count(),
                },
                order=10,
            )
        )
    if scope.can_act_for_agency:
        soon = today + datetime.timedelta(days=7)
        mine = selectors.assignments_for_user(user, mine=True, status="open", today=today)
        # Overdue is open and past due (Assignment.objects.overdue): both numbers in one pass
        # over the agency's open assignments, not a count each (issue 12: the officer's home).
        # Counted on agency_id (never null, like the key) rather than the key: PostgreSQL's index
        # holds no id, so it can count from assignment_agency_counts alone (index-only: 6 ms
        # instead of 10 for 30,000 rows).
        counts = mine.order_by().aggregate(
            open=Count("agency"), overdue=Count("agency", filter=Q(due_date__lt=today))
        )
        panels.append(
            Panel(
                "تکالیف دستگاه شما",
                "resolutions/panels/officer.html",
                {
                    "overdue": selectors.first_assignments(
                        selectors.assignments_for_user(user, mine=True, overdue=True, today=today), 5, today
                    ),
                    "overdue_count": counts["overdue"],
                    "due_soon": selectors.first_assignments(
                        mine.filter(due_date__gte=today, due_date__lte=soon), 5, today
                    ),
                    "open_count": counts["open"],
                },
                order=10,
            )
        )
    if scope.neighbourhood_id is not None:
        # The house manager follows what the headquarters decided for their neighbourhood.
        concerning = selectors.resolutions_for_user(user, order="due_date").exclude(
            status=ResolutionStatus.DONE
        )
        panels.append(
            Panel(
                "مصوبات مربوط به محله شما",
                "resolutions/panels/house_manager.html",
                {"open": list(concerning[:5]), "open_count": concerning.count()},
                order=10,
            )
        )
    if scope.can_see_scoreboard and scope.read_only:
        # Those who read the scoreboard without running the follow-up get its top five here.
        worst, overdue_total = scoreboard.worst_agencies(user, limit=5, today=today)
        panels.append(
            Panel(
                "دستگاه‌های با بیشترین تأخیر",
                "resolutions/panels/leadership.html",
                {"scores": worst, "overdue_total": overdue_total},
                order=10,
            )
        )
    return panels
