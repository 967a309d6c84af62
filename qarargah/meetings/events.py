"""What happens to meetings and their minutes, as the timeline says it."""

from django.db import models


class MeetingEvent(models.TextChoices):
    MEETING_CREATED = "meeting_created", "جلسه ثبت شد"
    MEETING_UPDATED = "meeting_updated", "جلسه ویرایش شد"
    MINUTES_IMPORTED = "minutes_imported", "فایل صورتجلسه وارد شد"
