from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "qarargah.meetings"
    label = "meetings"
    verbose_name = "جلسات و صورتجلسه‌ها"

    def ready(self) -> None:
        from qarargah.history.events import register_events
        from qarargah.history.registry import track
        from qarargah.ui.navigation import NAV_EXTENSIONS, NAV_RULES, register_nav_group

        from . import events, home, models  # noqa: F401  (home registers its panel)

        track(models.Meeting)
        track(models.AgendaItem, parents=["meeting"])
        track(models.MinutesDocument, parents=["meeting"], exclude_fields=["source_text", "version"])
        track(models.MeetingAmendment, parents=["meeting"])
        track(models.MeetingSignature, parents=["meeting"])
        track(models.MeetingComment, parents=["meeting"])

        # Who sees each item is a capability of the scope (accounts.capabilities names the roles).
        register_nav_group("meetings", "جلسات")
        for label, name, rule in (
            ("جلسات", "meetings:list", lambda scope: scope.can_browse_meetings),
            ("ورود صورتجلسه", "meetings:import", lambda scope: scope.can_import_minutes),
        ):
            if (label, name) not in NAV_EXTENSIONS:
                NAV_EXTENSIONS.append((label, name))
            NAV_RULES[name] = rule
        register_events(events.MeetingEvent)
        self._ready_participation()

    def _ready_participation(self) -> None:
        """Issue 13's participation pieces (meetings/participation*.py): their history and menu."""
        from qarargah.history.events import register_events
        from qarargah.history.registry import track
        from qarargah.ui.navigation import NAV_EXTENSIONS, NAV_RULES

        from . import models, participation_events

        track(models.Attendance, parents=["meeting"])
        track(
            models.InvitationDelivery,
            parents=["meeting"],
            exclude_fields=["email_status", "error", "sent_at"],
        )
        register_events(participation_events.ParticipationEvent)
        # Everyone who attends or follows meetings has a calendar; the page says so when empty.
        entry = ("تقویم جلسات", "meetings:calendar")
        if entry not in NAV_EXTENSIONS:
            NAV_EXTENSIONS.append(entry)
        NAV_RULES["meetings:calendar"] = lambda scope: scope.can_browse_meetings or scope.can_act_for_agency
