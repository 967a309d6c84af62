"""The person's own notification preferences, on the notifications page."""

from __future__ import annotations

from typing import Any

from django import forms

from qarargah.persian import to_latin_digits
from qarargah.ui.forms import StyledFormMixin

from .models import NotificationPreference
from .sms import sms_enabled


class NotificationPreferenceForm(StyledFormMixin, forms.ModelForm):
    """Email switches always; the SMS switch and the mobile number only where SMS is switched on
    (no provider ships with the product, and a switch that does nothing would be a lie)."""

    class Meta:
        model = NotificationPreference
        fields = ["event_email_enabled", "email_enabled", "sms_enabled", "mobile"]
        labels = {
            "event_email_enabled": "اعلان فوری هر رویداد را با رایانامه هم بفرست",
            "email_enabled": "یادآوری روزانه مهلت‌ها را با رایانامه بفرست",
            "sms_enabled": "یادآوری روزانه را با پیامک هم بفرست",
        }
        help_texts = {"mobile": "برای پیامک؛ مانند ۰۹۱۲۳۴۵۶۷۸۹."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
        self.fields["mobile"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "tel", "dir": "ltr"}
        )
        if not sms_enabled():
            del self.fields["sms_enabled"]
            del self.fields["mobile"]

    def clean_mobile(self) -> str:
        # A Persian keyboard types «۰۹۱۲…»; the number is stored in Latin digits for the gateway.
        return to_latin_digits(self.cleaned_data.get("mobile") or "").strip()
