"""What happens in the target-group registry, as the timeline says it."""

from django.db import models


class RegistryEvent(models.TextChoices):
    SOURCE_CREATED = "registry_source_created", "منبع فهرست گروه هدف ثبت شد"
    MAPPING_SAVED = "registry_mapping_saved", "نگاشت ستون‌های منبع ذخیره شد"
    GROUP_ADDED = "registry_group_added", "گروه هدف تازه ثبت شد"
    RECORDS_LOADED = "registry_records_loaded", "ردیف‌های فهرست بارگذاری شد"
    RECORD_UPDATED = "registry_record_updated", "ردیف فهرست با بارگذاری تازه تغییر کرد"
    QUARANTINE_RESOLVED = "registry_quarantine_resolved", "ردیف قرنطینه اصلاح و بارگذاری شد"
    LINKED = "registry_linked", "پیوند رکوردها اجرا شد"
    REVIEW_LINKED = "registry_review_linked", "دو رکورد به دست کارشناس یک نفر شناخته شد"
    REVIEW_SEPARATED = "registry_review_separated", "دو رکورد به دست کارشناس جدا شناخته شد"
