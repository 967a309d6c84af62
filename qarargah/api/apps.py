from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "qarargah.api"
    label = "api"
    verbose_name = "رابط برنامه‌نویسی"
