from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world and its commands (``load_demo``, ``demo_users``, ``generate``).

    The top layer beside ``web`` and ``api``: it builds its world through every app's services,
    and no other app imports it. The commands refuse to run in production.
    """

    name = "qarargah.demo"
    label = "demo"
    verbose_name = "داده‌های نمونه"
