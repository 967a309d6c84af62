from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "qarargah.registries"
    label = "registries"
    verbose_name = "ثبت یکپارچه گروه‌های هدف"

    def ready(self) -> None:
        from qarargah.history.events import register_events
        from qarargah.history.registry import track
        from qarargah.ui.navigation import NAV_EXTENSIONS, NAV_RULES, register_nav_group

        from . import events, home, models  # noqa: F401  (home registers its panels)

        track(models.TargetGroup, exclude_fields=["id", "name_key"])
        track(models.Source, parents=["province"], m2m_fields={"groups"}, exclude_fields=["id", "name_key"])
        # A record's changes (a changed row of a known source_id) are its history; the linking
        # run's bookkeeping (RecordLink) and derived columns are not.
        track(
            models.SourceRecord,
            parents=["source"],
            exclude_fields=["id", "content_hash", "upload", "created_at", "updated_at"],
        )
        track(models.MatchDecision, exclude_fields=["id", "decided_at"])
        register_events(events.RegistryEvent)

        register_nav_group("registries", "ثبت یکپارچه گروه‌های هدف")
        for label, name, rule in (
            (
                "منابع و بارگذاری فهرست‌ها",
                "registries:sources",
                lambda scope: scope.can_see_registry_persons or scope.can_act_for_agency,
            ),
            ("پیوند و صف بررسی", "registries:review_list", lambda scope: scope.can_see_registry_persons),
            ("آمار گروه‌های هدف", "registries:aggregates", lambda scope: scope.can_see_registry_aggregates),
        ):
            if (label, name) not in NAV_EXTENSIONS:
                NAV_EXTENSIONS.append((label, name))
            NAV_RULES[name] = rule
