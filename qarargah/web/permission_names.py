"""Persian names for the model permissions the admin lists on a user's page.

Django writes a permission's name once, in English, when ``migrate`` creates it («Can add
resolution»); nothing translates it later, so the user form of the admin showed sixty English
lines in an otherwise Persian page. After every ``migrate`` the four default permissions of each
model are renamed from the model's Persian ``verbose_name`` («افزودن مصوبه»). Custom permissions
keep the name their model gives them.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.conf import settings
from django.utils import translation

ACTIONS = {"add": "افزودن", "change": "ویرایش", "delete": "حذف", "view": "دیدن"}
# Libraries' models whose names have no Persian translation of their own.
LIBRARY_NAMES = {("axes", "accessattemptexpiration"): "انقضای قفل تلاش ورود"}


def persian_name(action: str, verbose_name: str) -> str:
    return f"{ACTIONS[action]} {verbose_name}"[:255]


def rename_permissions(
    sender: Any = None, *, using: str = "default", apps: Any = global_apps, **_: Any
) -> int:
    """Rename the default permissions of every installed model; returns how many changed.

    ``migrate`` sends post_migrate once per app: only the last app's signal is acted on, when
    every app's permissions have been created.
    """
    if sender is not None and sender is not list(global_apps.get_app_configs())[-1]:
        return 0
    try:
        permission_model = apps.get_model("auth", "Permission")
        content_type_model = apps.get_model("contenttypes", "ContentType")
    except LookupError:  # a migration state without the auth tables
        return 0
    wanted: dict[tuple[str, str], str] = {}
    # migrate runs without the site's language active: Django's own models would be named
    # «افزودن user»; their Persian names come from the translations.
    with translation.override(settings.LANGUAGE_CODE):
        for model in global_apps.get_models():
            opts = model._meta
            for action in opts.default_permissions:
                if action in ACTIONS:
                    name = LIBRARY_NAMES.get((opts.app_label, opts.model_name), str(opts.verbose_name))
                    wanted[(opts.app_label, f"{action}_{opts.model_name}")] = persian_name(action, name)
    types = {ct.pk: ct.app_label for ct in content_type_model.objects.using(using).all()}
    changed = []
    for permission in permission_model.objects.using(using).all():
        name = wanted.get((types.get(permission.content_type_id, ""), permission.codename))
        if name is not None and permission.name != name:
            permission.name = name
            changed.append(permission)
    permission_model.objects.using(using).bulk_update(changed, ["name"], batch_size=500)
    return len(changed)
