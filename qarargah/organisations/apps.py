from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "qarargah.organisations"
    label = "organisations"
    verbose_name = "ساختار سازمانی"

    def ready(self) -> None:
        from qarargah.history.events import register_events
        from qarargah.history.registry import track

        from . import events, home, models  # noqa: F401  (home registers its panels)

        for model in (models.Agency, models.Body, models.Province, models.County, models.TargetNeighbourhood):
            track(model)
        track(models.AgencyAlias, parents=["agency"])
        track(models.BodyMembership, parents=["body", "agency"])
        track(models.CalendarAmendment)
        register_events(events.OrganisationEvent)
