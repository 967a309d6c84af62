from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "qarargah.api"
    label = "api"
    verbose_name = "رابط برنامه‌نویسی"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from .tokens import on_user_locked_out

        user_locked_out.connect(on_user_locked_out, dispatch_uid="api-revoke-tokens-on-lockout")
