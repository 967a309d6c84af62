from django.apps import AppConfig


class ResolutionsConfig(AppConfig):
    name = "qarargah.resolutions"
    label = "resolutions"
    verbose_name = "مصوبات و پیگیری"

    def ready(self) -> None:
        from qarargah.history.registry import track

        from . import models

        track(models.Resolution, parents=["meeting"], m2m_fields={"neighbourhoods"})
        track(models.Assignment, parents=["resolution", "agency"])
        track(models.ProgressReport, parents=["assignment"])
        track(models.ReportAttachment, parents=["report"])
        track(models.DeadlineExtension, parents=["assignment"])
