from auditlog.apps import AuditlogConfig as _AuditlogConfig
from axes.apps import AppConfig as _AxesConfig
from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "qarargah.web"
    label = "web"
    verbose_name = "رابط کاربری"


# Third-party apps under Persian names in the admin (their own labels are English).
class AuditlogConfig(_AuditlogConfig):
    verbose_name = "تاریخچه فنی تغییرات"


class AxesConfig(_AxesConfig):
    verbose_name = "تلاش‌های ورود"
