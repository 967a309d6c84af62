"""Resolutions keep copies of their meeting's body, province and date (decision 0010)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_from_meetings(apps, schema_editor):
    Resolution = apps.get_model("resolutions", "Resolution")
    Meeting = apps.get_model("meetings", "Meeting")
    meeting = Meeting.objects.filter(pk=OuterRef("meeting_id"))
    Resolution.objects.update(
        body_id=Subquery(meeting.values("body_id")[:1]),
        province_id=Subquery(meeting.values("body__province_id")[:1]),
        meeting_date=Subquery(meeting.values("date")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("organisations", "0001_initial"),
        ("resolutions", "0003_assignment_continuous_open_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="resolution",
            name="body",
            field=models.ForeignKey(
                editable=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.AddField(
            model_name="resolution",
            name="province",
            field=models.ForeignKey(
                editable=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.province",
                verbose_name="استان",
            ),
        ),
        migrations.AddField(
            model_name="resolution",
            name="meeting_date",
            field=models.DateField(editable=False, null=True, verbose_name="تاریخ جلسه"),
        ),
        migrations.RunPython(copy_from_meetings, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="resolution",
            name="body",
            field=models.ForeignKey(
                editable=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.body",
                verbose_name="نهاد",
            ),
        ),
        migrations.AlterField(
            model_name="resolution",
            name="province",
            field=models.ForeignKey(
                editable=False,
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.province",
                verbose_name="استان",
            ),
        ),
        migrations.AlterField(
            model_name="resolution",
            name="meeting_date",
            field=models.DateField(editable=False, verbose_name="تاریخ جلسه"),
        ),
        migrations.AlterModelOptions(
            name="resolution",
            options={
                "ordering": ["-meeting_date", "-meeting_id", "number"],
                "verbose_name": "مصوبه",
                "verbose_name_plural": "مصوبات",
            },
        ),
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(
                fields=["province", "-meeting_date", "-meeting", "number"], name="resolution_province_recent"
            ),
        ),
        migrations.AddIndex(
            model_name="resolution",
            index=models.Index(fields=["body", "-meeting_date", "-meeting", "number"], name="resolution_body_recent"),
        ),
    ]
