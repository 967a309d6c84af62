"""The eight target groups every province starts with (issue 15); the secretariat adds its own."""

from django.db import migrations

GROUPS = (
    ("needy_families", "خانواده‌های نیازمند", True),
    ("street_children", "کودکان کار و خیابان", False),
    ("beggars", "متکدیان", False),
    ("addiction_treatment", "افراد در درمان اعتیاد", False),
    ("female_heads", "زنان سرپرست خانوار", True),
    ("uninsured", "افراد فاقد بیمه", False),
    ("out_of_school", "کودکان بازمانده از تحصیل", False),
    ("disabilities", "افراد دارای معلولیت", False),
)


def seed(apps, schema_editor):
    from qarargah.persian import match_key

    TargetGroup = apps.get_model("registries", "TargetGroup")
    for code, name, households in GROUPS:
        TargetGroup.objects.get_or_create(
            code=code,
            province=None,
            defaults={"name": name, "name_key": match_key(name), "counts_households": households},
        )


class Migration(migrations.Migration):
    dependencies = [("registries", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
