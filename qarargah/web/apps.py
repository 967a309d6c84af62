from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "qarargah.web"
    label = "web"
    verbose_name = "رابط کاربری"
