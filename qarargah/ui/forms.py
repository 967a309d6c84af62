"""Form pieces shared by every app: Bootstrap styling and Jalali date input."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms

from qarargah.persian import jalali_iso, parse_jalali_iso, to_persian_digits

# Django 6's blank choice «- Select an option -» reads «— انتخاب کنید —» through the project's
# own catalogue (qarargah/locale/fa), on every form, the admin's included.

# The mixin is only ever mixed into a Django form; to the type checker it is one.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StyledFormMixin(_FormBase):
    """Give every widget the Bootstrap class it needs, so templates stay generic."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.HiddenInput)):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class JalaliDateInput(forms.TextInput):
    """A text input the Jalali date picker attaches to; shows «۱۴۰۱/۰۱/۲۴»."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "data-jdp": "",
                "autocomplete": "off",
                "inputmode": "numeric",
                "placeholder": "۱۴۰۳/۰۱/۰۱",
                **(attrs or {}),
            }
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return to_persian_digits(jalali_iso(value).replace("-", "/"))
        return super().format_value(value)


class JalaliDateField(forms.Field):
    """Accepts a Jalali date in Persian or Latin digits; cleans to a Gregorian ``date``."""

    widget = JalaliDateInput
    default_error_messages = {
        "required": "تاریخ را وارد کنید.",
        "invalid": "تاریخ «%(value)s» معتبر نیست؛ آن را به شکل ۱۴۰۳/۰۱/۲۴ وارد کنید.",
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_jalali_iso(str(value))
        except ValueError:
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None
