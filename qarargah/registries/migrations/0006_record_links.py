"""A record's person and match class move to a narrow table of their own (RecordLink), so that a
link run writes narrow rows instead of rewriting every wide record; the links already made are
copied over (and back, when reversed). Also: no second index on the record's source (the unique
(source, external_id) index leads with it), none on its upload, and a plain index on the
national code without PostgreSQL's unused pattern index."""

import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    # One INSERT … SELECT: a registry of a million linked records moves in seconds.
    qn = schema_editor.connection.ops.quote_name
    schema_editor.execute(
        f"INSERT INTO {qn('registries_recordlink')} ({qn('record_id')}, {qn('person_id')}, {qn('match')}) "
        f"SELECT {qn('id')}, {qn('person_id')}, CASE WHEN {qn('match')} = '' THEN 'single' ELSE {qn('match')} END "
        f"FROM {qn('registries_sourcerecord')} WHERE {qn('person_id')} IS NOT NULL"
    )


def copy_links_back(apps, schema_editor):
    qn = schema_editor.connection.ops.quote_name
    link = qn("registries_recordlink")
    record = qn("registries_sourcerecord")
    for column in ("person_id", "match"):
        schema_editor.execute(
            f"UPDATE {record} SET {qn(column)} = (SELECT l.{qn(column)} FROM {link} AS l "
            f"WHERE l.{qn('record_id')} = {record}.{qn('id')}) "
            f"WHERE {qn('id')} IN (SELECT {qn('record_id')} FROM {link})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_body_quorum_and_representatives"),
        ("registries", "0005_merge_0004_group_total_0004_link_run_incremental"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecordLink",
            fields=[
                (
                    "record",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="link",
                        serialize=False,
                        to="registries.sourcerecord",
                        verbose_name="رکورد",
                    ),
                ),
                (
                    "match",
                    models.CharField(
                        choices=[
                            ("code", "هم\u200cکد ملی"),
                            ("auto", "پیوند خودکار"),
                            ("review", "در صف بررسی"),
                            ("single", "بی\u200cهمتا"),
                            ("manual", "پیوند به دست کارشناس"),
                        ],
                        max_length=10,
                        verbose_name="نوع پیوند",
                    ),
                ),
            ],
            options={
                "verbose_name": "پیوند رکورد",
                "verbose_name_plural": "پیوندهای رکورد",
            },
        ),
        migrations.AddField(
            model_name="recordlink",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="links",
                to="registries.person",
                verbose_name="فرد",
            ),
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
