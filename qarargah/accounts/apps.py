from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qarargah.accounts"
    label = "accounts"
    verbose_name = "کاربران و نقش‌ها"

    def ready(self) -> None:
        from qarargah.history.events import register_events
        from qarargah.history.registry import track

        from .events import AccountEvent
        from .models import User

        track(
            User,
            include_fields=[
                "username",
                "first_name",
                "last_name",
                "email",
                "is_active",
                "role",
                "province",
                "agency",
                "body",
                "neighbourhood",
            ],
        )
        register_events(AccountEvent)
