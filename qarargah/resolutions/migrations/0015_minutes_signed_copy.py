# «Minutes signed» copied onto resolutions and assignments (decision 0036, issue 12): the
# agencies' queries test the row itself instead of joining assignment → resolution → meeting.

from django.db import migrations, models

# meetings.models.PUBLISHED_STATUSES when this was written; a migration keeps its own copy.
PUBLISHED = ("signed", "locked")


def copy_from_meetings(apps, schema_editor):
    """Set the copy from each meeting's status: two UPDATEs, whatever the number of rows."""
    Resolution = apps.get_model("resolutions", "Resolution")
    Assignment = apps.get_model("resolutions", "Assignment")
    db = schema_editor.connection.alias
    Resolution.objects.using(db).filter(meeting__status__in=PUBLISHED).update(minutes_signed=True)
    Assignment.objects.using(db).filter(resolution__minutes_signed=True).update(minutes_signed=True)


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0005_merge_lifecycle_default'),
        ('organisations', '0004_body_quorum_and_representatives'),
        ('resolutions', '0014_resolution_list_orders'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='assignment',
            name='assignment_agency_counts',
        ),
        migrations.AddField(
            model_name='assignment',
            name='minutes_signed',
            field=models.BooleanField(default=False, editable=False, verbose_name='صورتجلسه امضاشده'),
        ),
        migrations.AddField(
            model_name='resolution',
            name='minutes_signed',
            field=models.BooleanField(default=False, editable=False, verbose_name='صورتجلسه امضاشده'),
        ),
        # Reversed, the columns go with the fields: nothing to undo here.
        migrations.RunPython(copy_from_meetings, migrations.RunPython.noop, elidable=True),
        # Built after the rows are filled: one pass over the table, not an update per entry.
        migrations.AddIndex(
            model_name='assignment',
            index=models.Index(fields=['agency', 'minutes_signed', 'status', 'continuous', 'due_date', 'resolution_closed', 'reported_on_time', 'accepted_at'], name='assignment_agency_counts'),
        ),
    ]
