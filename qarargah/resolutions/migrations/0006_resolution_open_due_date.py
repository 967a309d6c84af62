"""Resolutions keep the nearest due date of their open assignments (a roll-up like status)."""

from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def fill(apps, schema_editor):
    Resolution = apps.get_model("resolutions", "Resolution")
    Assignment = apps.get_model("resolutions", "Assignment")
    nearest = (
        Assignment.objects.filter(~Q(status="accepted") | Q(continuous=True), resolution=OuterRef("pk"))
        .exclude(due_date=None)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    Resolution.objects.update(open_due_date=Subquery(nearest))


class Migration(migrations.Migration):
    dependencies = [("resolutions", "0005_resolution_text_trigram_index")]

    operations = [
        migrations.AddField(
            model_name="resolution",
            name="open_due_date",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="نزدیک‌ترین سررسید باز"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(fields=["province", "open_due_date"], name="resolution_province_open_due"),
        ),
    ]
