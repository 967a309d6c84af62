from typing import Any

from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "qarargah.resolutions"
    label = "resolutions"
    verbose_name = "مصوبات و پیگیری"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from qarargah.history.events import register_events
        from qarargah.history.registry import track
        from qarargah.organisations.signals import agency_merged
        from qarargah.ui.navigation import NAV_EXTENSIONS, NAV_RULES, register_nav_group

        from . import events, home, models, search  # noqa: F401  (home registers its panels)

        post_migrate.connect(search.on_post_migrate, sender=self, dispatch_uid="resolutions-search-index")
        agency_merged.connect(_recount_merged_agency, dispatch_uid="resolutions-tallies-merge")

        # The timeline is read by people: leave out keys, reverse relations, derived columns and
        # timestamps that repeat the entry's own time (auditlog records reverse relations such
        # as «reports» as "resolutions.ProgressReport.None" on creation otherwise).
        common = ["id", "version", "created_at", "updated_at"]
        track(
            models.Resolution,
            parents=["meeting"],
            m2m_fields={"neighbourhoods"},
            # Copies of the meeting and roll-ups of the assignments: not changes anybody made.
            exclude_fields=[
                *common,
                "text_key",
                "assignments",
                "body",
                "province",
                "meeting_date",
                "open_due_date",
                "minutes_signed",
            ],
        )
        track(
            models.Assignment,
            parents=["resolution", "agency"],
            exclude_fields=[
                *common,
                "reports",
                "extensions",
                "last_reported_at",
                "accepted_at",
                "continuous",
                "minutes_signed",
            ],
        )
        track(
            models.ProgressReport,
            parents=["assignment"],
            exclude_fields=[*common, "attachments", "submitted_at", "reviewed_at"],
        )
        track(
            models.ReportAttachment,
            parents=["report"],
            exclude_fields=["id", "file", "sha256", "content_type", "size", "uploaded_at"],
        )
        track(
            models.DeadlineExtension,
            parents=["assignment"],
            exclude_fields=[*common, "requested_at", "decided_at"],
        )

        register_events(events.ResolutionEvent)

        # Who sees each item is a capability of the scope (accounts.capabilities names the roles).
        entries = [
            ("مصوبات", "resolutions:resolution_list", lambda scope: scope.can_browse_resolutions),
            ("کارتابل دستگاه", "resolutions:inbox", lambda scope: scope.can_act_for_agency),
            ("صف بررسی گزارش‌ها", "resolutions:review_queue", lambda scope: scope.can_review_reports),
            ("کارنامه دستگاه‌ها", "resolutions:scoreboard", lambda scope: scope.can_see_scoreboard),
            # Leadership reads the review before the meeting it chairs (the page only reads).
            ("بررسی مصوبات گذشته", "resolutions:past_review", lambda scope: scope.can_see_past_review),
        ]
        register_nav_group("resolutions", "پیگیری مصوبات")
        for label, name, rule in entries:
            if (label, name) not in NAV_EXTENSIONS:
                NAV_EXTENSIONS.append((label, name))
            NAV_RULES[name] = rule


def _recount_merged_agency(sender: object, *, target: Any, **kwargs: object) -> None:
    # The merged agency's assignments (and its tally rows) moved to the target: recount it.
    from .tallies import refresh_agencies

    refresh_agencies([target.pk])
