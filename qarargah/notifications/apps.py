from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "qarargah.notifications"
    label = "notifications"
    verbose_name = "اعلان‌ها و یادآوری‌ها"
