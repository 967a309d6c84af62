"""The indicators the headquarters' minutes ask for, so every installation starts with them.
(The same list is ``services.DEFAULT_INDICATORS``; a migration keeps its own copy of the data.)"""

from django.db import migrations

INDICATORS = [
    ("uninsured_residents", "ساکنان بدون بیمه سلامت", "نفر", "lower_better", "season", "agency", "health"),
    ("children_out_of_school", "کودکان بازمانده از تحصیل", "نفر", "lower_better", "year", "house_manager", "education"),
    ("households_under_support", "خانوارهای تحت حمایت", "خانوار", "higher_better", "season", "agency", "welfare"),
    ("working_children", "کودکان کار شناسایی‌شده", "نفر", "lower_better", "month", "house_manager", "social"),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("neighbourhoods", "Indicator")
    for code, name, unit, direction, period, entered_by, axis in INDICATORS:
        Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "period": period,
                "entered_by": entered_by,
                "axis": axis,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("neighbourhoods", "0003_indicators")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
