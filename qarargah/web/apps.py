from auditlog.apps import AuditlogConfig as _AuditlogConfig
from axes.apps import AppConfig as _AxesConfig
from django.apps import AppConfig
from django_tasks_db.apps import TasksAppConfig as _TasksAppConfig


class WebConfig(AppConfig):
    name = "qarargah.web"
    label = "web"
    verbose_name = "رابط کاربری"


# Third-party apps under Persian names in the admin (their own labels are English).
class AuditlogConfig(_AuditlogConfig):
    verbose_name = "تاریخچه فنی تغییرات"


class TasksConfig(_TasksAppConfig):
    verbose_name = "کارهای پس‌زمینه"


class AxesConfig(_AxesConfig):
    verbose_name = "تلاش‌های ورود"

    def ready(self) -> None:
        super().ready()
        # The last app to start: every admin module has been imported by now (see settings).
        from .admin_persian import persianise_library_admins

        persianise_library_admins()

        from django.db.models.signals import post_migrate

        from .permission_names import rename_permissions

        # Connected after auth's own handler (auth's ready() ran earlier), so for each app the
        # permissions exist before they are renamed; the handler acts once, for the last app.
        post_migrate.connect(rename_permissions, dispatch_uid="web-persian-permission-names")
