"""What happens around a meeting's participants, as the timeline says it (issue 13): the
members' representatives, the invitation, attendance and the standing review item."""

from django.db import models


class ParticipationEvent(models.TextChoices):
    REPRESENTATIVE_NAMED = "representative_named", "نماینده دستگاه عضو معرفی شد"
    REPRESENTATIVES_REQUESTED = "representatives_requested", "از دستگاه‌های عضو معرفی نماینده خواسته شد"
    QUORUM_RULE_CHANGED = "quorum_rule_changed", "حد نصاب نهاد تغییر کرد"
    INVITATION_SENT = "invitation_sent", "دعوتنامه جلسه فرستاده شد"
    ATTENDANCE_RECORDED = "attendance_recorded", "حضور و غیاب جلسه ثبت شد"
    REVIEW_ITEM_PROPOSED = "review_item_proposed", "بررسی مصوبات گذشته به دستور کار افزوده شد"
