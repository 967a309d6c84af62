from django.apps import AppConfig


class HistoryConfig(AppConfig):
    name = "qarargah.history"
    label = "history"
    verbose_name = "تاریخچه تغییرات"
