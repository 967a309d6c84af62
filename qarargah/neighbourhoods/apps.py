from django.apps import AppConfig


class NeighbourhoodsConfig(AppConfig):
    name = "qarargah.neighbourhoods"
    label = "neighbourhoods"
    verbose_name = "برنامه محله‌محور"

    def ready(self) -> None:
        from qarargah.history.events import register_events
        from qarargah.history.registry import track
        from qarargah.ui.navigation import NAV_EXTENSIONS, NAV_RULES, register_nav_group

        from . import events, home, models  # noqa: F401  (home registers its panel)

        common = ["id", "version", "created_at", "updated_at"]
        track(models.NeighbourhoodProfile, parents=["neighbourhood"], exclude_fields=["updated_at"])
        track(models.House, parents=["neighbourhood"], exclude_fields=common)
        # Contacts are private: the timeline (read by more people than the staff list) keeps
        # the fact of a change, not the phone number.
        track(models.Staff, parents=["neighbourhood"], exclude_fields=[*common, "phone", "email"])
        track(
            models.Need,
            parents=["neighbourhood"],
            m2m_fields={"resolutions"},
            exclude_fields=[*common, "title_key", "created_by"],
        )
        track(
            models.AgencyService,
            parents=["agency"],
            m2m_fields={"counties", "neighbourhoods"},
            exclude_fields=["id", "created_at"],
        )
        track(
            models.IndicatorValue,
            parents=["neighbourhood"],
            exclude_fields=["id", "entered_at", "entered_by"],
        )
        track(models.PriorityWeights, parents=["province"], exclude_fields=["id", "updated_at"])
        track(
            models.Activity,
            parents=["province"],
            m2m_fields={"neighbourhoods", "agencies"},
            exclude_fields=[*common, "created_by"],
        )
        track(
            models.ActivityPhoto, parents=["activity"], exclude_fields=["id", "file", "sha256", "uploaded_at"]
        )
        track(
            models.Programme,
            m2m_fields={"agencies", "neighbourhoods", "resolutions"},
            exclude_fields=["id", "created_at", "name_key"],
        )
        track(models.ProgrammeTarget, parents=["programme"], exclude_fields=["id", "updated_at"])
        track(models.RankedListApproval, parents=["county"], exclude_fields=["id", "snapshot"])
        register_events(events.NeighbourhoodEvent)

        # Who sees each item is a capability of the scope (accounts.capabilities names the roles).
        register_nav_group("neighbourhoods", "برنامه محله‌محور")
        for label, name, rule in (
            ("پرونده محله‌ها", "neighbourhoods:list", lambda scope: scope.can_browse_needs),
            (
                "مسائل محله",
                "neighbourhoods:need_list",
                lambda scope: scope.can_browse_needs or scope.can_act_for_agency,
            ),
            ("ورود مسائل از فایل", "neighbourhoods:import", lambda scope: scope.can_register_needs),
            ("اولویت‌بندی مسائل", "neighbourhoods:priorities", lambda scope: scope.can_browse_needs),
            ("نقشه پوشش", "neighbourhoods:coverage", lambda scope: scope.can_browse_needs),
            (
                "فعالیت‌های محله",
                "neighbourhoods:activity_list",
                lambda scope: scope.can_browse_needs or scope.can_act_for_agency,
            ),
            (
                "طرح‌ها",
                "neighbourhoods:programme_list",
                lambda scope: scope.can_browse_needs or scope.can_act_for_agency,
            ),
            (
                "آمار تجمیعی محله‌ها",
                "neighbourhoods:rollup",
                lambda scope: scope.can_browse_needs,
            ),
            (
                "خدمات دستگاه‌ها",
                "neighbourhoods:services",
                lambda scope: scope.can_browse_needs or scope.can_act_for_agency,
            ),
        ):
            if (label, name) not in NAV_EXTENSIONS:
                NAV_EXTENSIONS.append((label, name))
            NAV_RULES[name] = rule
