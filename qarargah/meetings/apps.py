from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "qarargah.meetings"
    label = "meetings"
    verbose_name = "جلسات و صورتجلسه‌ها"

    def ready(self) -> None:
        from qarargah.history.registry import track

        from . import models

        track(models.Meeting)
        track(models.AgendaItem, parents=["meeting"])
        track(models.MinutesDocument, parents=["meeting"], exclude_fields=["source_text", "version"])
