"""What happens to user accounts, as the timeline says it."""

from django.db import models


class AccountEvent(models.TextChoices):
    USER_CREATED = "user_created", "کاربر ساخته شد"
    ROLE_CHANGED = "role_changed", "نقش کاربر تغییر کرد"
