"""The admin pages of the libraries we use, in Persian and the Jalali calendar.

auditlog, axes and django-tasks register their own admins with Gregorian dates, a Gregorian
drill-down (``date_hierarchy``) and some English written into code rather than translated
(«system», «3 changes: …»). Instead of copying each admin, every one of them is re-registered
once as a subclass whose date columns are Jalali; the change log gets its Persian wording on top.
Run from the last app's ``ready()`` (see ``web.apps``), when the admin has imported them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from qarargah.persian import to_persian_digits
from qarargah.ui.templatetags.persian_tags import jalali_datetime

THIRD_PARTY_APPS = ("auditlog", "axes", "django_tasks_database")


def _jalali_column(field: models.DateTimeField) -> Callable[[Any, Any], str]:
    def column(self: Any, obj: Any) -> str:
        return jalali_datetime(getattr(obj, field.name)) or "—"

    return admin.display(description=str(field.verbose_name), ordering=field.name)(column)


def _rename(names: Iterable[Any], renamed: dict[str, str]) -> list[Any]:
    return [renamed.get(n, n) if isinstance(n, str) else n for n in names]


class PersianResourceTypeFilter(admin.SimpleListFilter):
    """auditlog's filter by kind of object, named by each model's Persian name."""

    title = "نوع مورد"
    parameter_name = "resource_type"

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[int, str]]:
        from django.contrib.contenttypes.models import ContentType

        ids = model_admin.get_queryset(request).values_list("content_type_id", flat=True).distinct()
        named = []
        for ct in ContentType.objects.filter(pk__in=ids):
            model = ct.model_class()
            named.append((ct.pk, str(model._meta.verbose_name) if model else ct.model))
        return sorted(named, key=lambda pair: pair[1])

    def queryset(self, request: Any, queryset: Any) -> Any:
        return queryset if self.value() is None else queryset.filter(content_type_id=self.value())


class PersianLogEntryMixin:
    """The change log's own columns, said in Persian (auditlog writes some in English)."""

    @admin.display(description="زمان")
    def created(self, obj: Any) -> str:
        return jalali_datetime(obj.timestamp)

    @admin.display(description="کاربر")
    def user_url(self, obj: Any) -> str:
        if obj.actor is None:
            return "سامانه"
        try:
            return format_html(
                '<a href="{}">{}</a>', reverse("admin:accounts_user_change", args=[obj.actor.pk]), obj.actor
            )
        except NoReverseMatch:
            return str(obj.actor)

    @admin.display(description="مورد")
    def resource_url(self, obj: Any) -> str:
        model = obj.content_type.model_class()
        kind = str(model._meta.verbose_name) if model else obj.content_type.model
        return f"{kind}: {obj.object_repr}"

    @admin.display(description="تغییرات")
    def msg_short(self, obj: Any) -> str:
        changes = obj.changes_dict or {}
        if not changes:
            return ""
        model = obj.content_type.model_class()
        names = []
        for name in changes:
            try:
                names.append(str(model._meta.get_field(name).verbose_name) if model else name)
            except Exception:  # a field removed since the entry was written
                names.append(name)
        return f"{to_persian_digits(str(len(changes)))} تغییر: {'، '.join(names)}"

    @admin.display(description="شناسه همبستگی")
    def cid_url(self, obj: Any) -> str:
        return obj.cid or ""


def persianise_library_admins(site: admin.AdminSite = admin.site) -> None:
    from auditlog.models import LogEntry

    for model, model_admin in list(site._registry.items()):
        if model._meta.app_label not in THIRD_PARTY_APPS or getattr(model_admin, "_persianised", False):
            continue
        attrs: dict[str, Any] = {"date_hierarchy": None, "_persianised": True}
        renamed: dict[str, str] = {}
        for field in model._meta.get_fields():
            if isinstance(field, models.DateTimeField):
                renamed[field.name] = f"{field.name}_jalali"
                attrs[renamed[field.name]] = _jalali_column(field)
        attrs["list_display"] = _rename(model_admin.list_display, renamed)
        attrs["readonly_fields"] = _rename(model_admin.readonly_fields, renamed)
        attrs["list_filter"] = [f for f in model_admin.list_filter if f not in renamed]
        if model is LogEntry:
            attrs["list_filter"] = [
                PersianResourceTypeFilter if getattr(f, "parameter_name", None) == "resource_type" else f
                for f in attrs["list_filter"]
            ]
        if model_admin.fieldsets:
            attrs["fieldsets"] = [
                (title, {**options, "fields": _rename(options.get("fields", ()), renamed)})
                for title, options in model_admin.fieldsets
            ]
        bases: tuple[type, ...] = (type(model_admin),)
        if model is LogEntry:
            bases = (PersianLogEntryMixin, *bases)
        site.unregister(model)
        site.register(model, type(f"Persian{type(model_admin).__name__}", bases, attrs))
