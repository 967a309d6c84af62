from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "qarargah.meetings"
    label = "meetings"
    verbose_name = "جلسات و صورتجلسه‌ها"

    def ready(self) -> None:
        from qarargah.history.events import register_events
        from qarargah.history.registry import track
        from qarargah.ui.navigation import NAV_EXTENSIONS, NAV_RULES

        from . import events, home, models  # noqa: F401  (home registers its panel)

        track(models.Meeting)
        track(models.AgendaItem, parents=["meeting"])
        track(models.MinutesDocument, parents=["meeting"], exclude_fields=["source_text", "version"])

        readers = {"secretariat", "leadership", "national_viewer", "admin"}
        writers = {"secretariat", "admin"}
        for label, name, roles in (
            ("جلسات", "meetings:list", readers),
            ("ورود صورتجلسه", "meetings:import", writers),
        ):
            if (label, name) not in NAV_EXTENSIONS:
                NAV_EXTENSIONS.append((label, name))
            NAV_RULES[name] = lambda scope, roles=roles: scope.role in roles
        register_events(events.MeetingEvent)
