"""What happens to resolutions, assignments, reports and extensions, as the timeline says it."""

from django.db import models


class ResolutionEvent(models.TextChoices):
    RESOLUTION_CREATED = "resolution_created", "مصوبه ثبت شد"
    RESOLUTION_UPDATED = "resolution_updated", "مصوبه ویرایش شد"
    RESOLUTION_DELETED = "resolution_deleted", "مصوبه حذف شد"
    RESOLUTION_CLOSED = "resolution_closed", "مصوبه بسته شد"
    RESOLUTION_REOPENED = "resolution_reopened", "مصوبه دوباره باز شد"
    DUE_SET_BY_NEXT_MEETING = "due_set_by_next_meeting", "سررسید «تا جلسه آینده» با ثبت جلسه بعد تعیین شد"
    ASSIGNMENT_CREATED = "assignment_created", "دستگاه اقدام‌کننده تعیین شد"
    ASSIGNMENT_REMOVED = "assignment_removed", "تکلیف دستگاه برداشته شد"
    ASSIGNMENT_ROLE_CHANGED = "assignment_role_changed", "نقش دستگاه اقدام‌کننده تغییر کرد"
    DEADLINE_CHANGED = "deadline_changed", "مهلت اقدام مصوبه تغییر کرد"
    ASSIGNMENT_STARTED = "assignment_started", "دستگاه اقدام را شروع کرد"
    REPORT_SUBMITTED = "report_submitted", "گزارش اقدام فرستاده شد"
    REPORT_ACCEPTED = "report_accepted", "گزارش پذیرفته شد"
    REPORT_ACCEPTED_AS_PROGRESS = "report_accepted_as_progress", "گزارش به‌عنوان پیشرفت پذیرفته شد"
    REPORT_EDITED = "report_edited", "گزارش اقدام ویرایش شد"
    REPORT_WITHDRAWN = "report_withdrawn", "گزارش اقدام پس گرفته شد"
    REPORT_RETURNED = "report_returned", "گزارش برگشت داده شد"
    EXTENSION_REQUESTED = "extension_requested", "تمدید مهلت درخواست شد"
    EXTENSION_APPROVED = "extension_approved", "با تمدید مهلت موافقت شد"
    EXTENSION_REFUSED = "extension_refused", "با تمدید مهلت موافقت نشد"
