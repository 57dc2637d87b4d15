import zoneinfo
from datetime import time, timedelta

from django.db import migrations, models


def fill_local_dates(apps, schema_editor):
    Event = apps.get_model("events", "Event")
    for event in Event.objects.all().iterator():
        try:
            zone = zoneinfo.ZoneInfo(event.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        local_start = event.start.astimezone(zone)
        local_end = event.end.astimezone(zone)
        first, last = local_start.date(), local_end.date()
        if event.all_day and local_end.time() == time(0) and last > first:
            last -= timedelta(days=1)
        Event.objects.filter(pk=event.pk).update(local_start_date=first, local_end_date=last)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="local_start_date",
            field=models.DateField(
                db_index=True, editable=False, null=True, verbose_name="first day (local)"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="local_end_date",
            field=models.DateField(
                db_index=True, editable=False, null=True, verbose_name="last day (local)"
            ),
        ),
        migrations.RunPython(fill_local_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="event",
            name="local_start_date",
            field=models.DateField(db_index=True, editable=False, verbose_name="first day (local)"),
        ),
        migrations.AlterField(
            model_name="event",
            name="local_end_date",
            field=models.DateField(db_index=True, editable=False, verbose_name="last day (local)"),
        ),
    ]
