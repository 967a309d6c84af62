from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "qarargah.ui"
    label = "ui"
    verbose_name = "اجزای مشترک رابط کاربری"
