"""The record's old person and match columns go (0006 copied them to RecordLink, in its own
transaction: PostgreSQL does not alter a table in the transaction that queued its deferred
checks); its source and upload lose the indexes nothing reads, and the national code keeps a
plain one."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registries", "0006_record_links"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="sourcerecord",
            name="match",
        ),
        migrations.RemoveField(
            model_name="sourcerecord",
            name="person",
        ),
        migrations.AlterField(
            model_name="sourcerecord",
            name="national_code",
            field=models.CharField(blank=True, max_length=10, verbose_name="کد ملی"),
        ),
        migrations.AlterField(
            model_name="sourcerecord",
            name="source",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="records",
                to="registries.source",
                verbose_name="منبع",
            ),
        ),
        migrations.AlterField(
            model_name="sourcerecord",
            name="upload",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="registries.upload",
                verbose_name="آخرین بارگذاری",
            ),
        ),
        migrations.AddIndex(
            model_name="sourcerecord",
            index=models.Index(fields=["national_code"], name="registry_record_national_code"),
        ),
    ]
