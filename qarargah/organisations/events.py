"""What happens to agencies, their aliases and bodies, as the timeline says it."""

from django.db import models


class OrganisationEvent(models.TextChoices):
    AGENCY_CREATED = "agency_created", "دستگاه ثبت شد"
    AGENCY_UPDATED = "agency_updated", "مشخصات دستگاه ویرایش شد"
    ALIAS_ADDED = "alias_added", "نام دیگر دستگاه افزوده شد"
    ALIAS_REMOVED = "alias_removed", "نام دیگر دستگاه حذف شد"
    # Imported minutes named an agency the registry does not know yet.
    AGENCY_PENDING = "agency_pending", "دستگاه در انتظار تأیید ثبت شد"
    AGENCY_CONFIRMED = "agency_confirmed", "دستگاه تأیید شد"
    AGENCY_MERGED = "agency_merged", "دستگاه در دستگاه دیگری ادغام شد"
    BODY_CREATED = "body_created", "قرارگاه / شورا ثبت شد"
    MEMBERS_CHANGED = "members_changed", "اعضای قرارگاه / شورا تغییر کرد"
