"""What happens in the neighbourhood programme, as the timeline says it."""

from django.db import models


class NeighbourhoodEvent(models.TextChoices):
    PROFILE_UPDATED = "neighbourhood_profile_updated", "شناسنامه محله به‌روز شد"
    HOUSE_UPDATED = "neighbourhood_house_updated", "اطلاعات خانه محله به‌روز شد"
    STAFF_ADDED = "neighbourhood_staff_added", "کارکن خانه محله ثبت شد"
    NEED_REGISTERED = "need_registered", "مسئله محله ثبت شد"
    NEEDS_IMPORTED = "needs_imported", "مسائل محله از فایل وارد شد"
    NEED_UPDATED = "need_updated", "مسئله محله ویرایش شد"
    NEED_REFERRED = "need_referred", "مسئله به دستگاه ارجاع شد"
    NEED_STATUS_CHANGED = "need_status_changed", "وضعیت مسئله تغییر کرد"
    SERVICE_DECLARED = "agency_service_declared", "خدمت دستگاه برای محله‌ها اعلام شد"
    SERVICE_REMOVED = "agency_service_removed", "خدمت دستگاه حذف شد"
    INDICATOR_RECORDED = "indicator_recorded", "مقدار شاخص محله ثبت شد"
    WEIGHTS_CHANGED = "need_weights_changed", "وزن‌های اولویت‌بندی تغییر کرد"
    NEED_DELETED = "need_deleted", "مسئله محله حذف شد"
    NEIGHBOURHOOD_MOVED = "neighbourhood_moved", "محله به شهرستان دیگری منتقل شد"
    ACTIVITY_RECORDED = "activity_recorded", "فعالیت محله ثبت شد"
    ACTIVITY_UPDATED = "activity_updated", "فعالیت محله ویرایش شد"
    ACTIVITY_PHOTOS_ADDED = "activity_photos_added", "عکس فعالیت محله بارگذاری شد"
    PROGRAMME_SAVED = "programme_saved", "طرح ثبت شد"
    PROGRAMME_COVERAGE_CHANGED = "programme_coverage_changed", "محله‌های تحت پوشش طرح تغییر کرد"
    PROGRAMME_TARGET_SET = "programme_target_set", "هدف طرح ثبت شد"
    PROGRAMME_PROGRESS = "programme_progress", "پیشرفت هدف طرح ثبت شد"
    RANKED_LIST_APPROVED = "ranked_list_approved", "فهرست اولویت شهرستان تأیید و به استان فرستاده شد"
    INDICATORS_FED = "indicators_fed_from_registry", "شاخص‌های محله از سامانه ثبت گروه‌های هدف به‌روز شد"
