"""What happens to meetings and their minutes, as the timeline says it."""

from django.db import models


class MeetingEvent(models.TextChoices):
    MEETING_CREATED = "meeting_created", "جلسه ثبت شد"
    MEETING_UPDATED = "meeting_updated", "جلسه ویرایش شد"
    MINUTES_IMPORTED = "minutes_imported", "فایل صورتجلسه وارد شد"
    # The life cycle (decision 0029)
    MEETING_SCHEDULED = "meeting_scheduled", "جلسه برنامه‌ریزی شد"
    SCHEDULE_CHANGED = "schedule_changed", "برنامه جلسه تغییر کرد"
    MEETING_DELETED = "meeting_deleted", "پیش‌نویس جلسه حذف شد"
    AGENDA_CHANGED = "agenda_changed", "دستور کار جلسه تغییر کرد"
    RECORD_SAVED = "record_saved", "صورتجلسه (سخنان و مصوبات) ثبت شد"
    MINUTES_CIRCULATED = "minutes_circulated", "صورتجلسه برای نظر اعضا به گردش رفت"
    MINUTES_COMMENTED = "minutes_commented", "نظری بر صورتجلسه ثبت شد"
    MINUTES_SIGNED = "minutes_signed", "صورتجلسه امضا شد"
    MINUTES_LOCKED = "minutes_locked", "صورتجلسه با امضای دبیر و رئیس جلسه قفل شد"
    AMENDMENT_PROPOSED = "amendment_proposed", "اصلاحیه صورتجلسه ثبت شد"
    AMENDMENT_SIGNED = "amendment_signed", "اصلاحیه صورتجلسه امضا شد"
    AMENDMENT_APPLIED = "amendment_applied", "اصلاحیه صورتجلسه با امضای دبیر و رئیس جلسه اعمال شد"
