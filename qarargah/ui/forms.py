"""Form pieces shared by every app: Bootstrap styling and Jalali date input."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms

from qarargah.persian import jalali_iso, match_key, parse_jalali_iso, to_latin_digits, to_persian_digits

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


class PersianDecimalField(forms.DecimalField):
    """Accepts «۳۰۰۰», «۳٬۰۰۰» or «۲٫۵» as typed on a Persian keyboard."""

    default_error_messages = {
        "invalid": "عدد را درست وارد کنید، مثلاً ۱۲۰ یا ۲٫۵.",
        "max_digits": "این عدد بیش از اندازه بزرگ است.",
        "max_decimal_places": "حداکثر دو رقم اعشار وارد کنید.",
        "max_whole_digits": "این عدد بیش از اندازه بزرگ است.",
        "min_value": "عدد نمی‌تواند منفی باشد.",
    }

    # A text input: a number input refuses digits typed on a Persian keyboard in some browsers
    # and shows stored values as «3000.00».
    widget = forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr", "autocomplete": "off"})

    # django-stubs types DecimalField.to_python by IntegerField (its base), returning int; it
    # returns a Decimal.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = to_latin_digits(value).replace("٬", "").replace(",", "").replace("٫", ".").strip()
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # DecimalField adds min/step, which only mean something on a number input.
        return {k: v for k, v in super().widget_attrs(widget).items() if k not in ("min", "max", "step")}

    def prepare_value(self, value: Any) -> Any:
        """Show «۳۰۰۰» or «۲٫۵» rather than «3000.00»."""
        if isinstance(value, (Decimal, int)):
            number = Decimal(value)
            text = str(int(number)) if number == number.to_integral_value() else f"{number.normalize():f}"
            return to_persian_digits(text.replace(".", "٫"))
        return value


class PersianIntegerField(forms.IntegerField):
    """A whole number typed with Persian or Latin digits, shown with Persian digits."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_latin_digits(value).strip()
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {k: v for k, v in super().widget_attrs(widget).items() if k not in ("min", "max", "step")}

    def prepare_value(self, value: Any) -> Any:
        return to_persian_digits(str(value)) if isinstance(value, int) else value


# --- Agency picker ------------------------------------------------------------------------------
# A <select data-agency-picker> becomes a search-as-you-type picker in the browser
# (static/qarargah/agency-picker.js, tom-select). Each option carries its search key, made here
# by persian.match_key, so «ي»/«ی», «ك»/«ک», ZWNJ and diacritics match as they do everywhere
# else; the browser folds what is typed with the table that match_key itself produces (see
# ui.templatetags.picker_tags), so there is one normaliser, not one in Python and one in JS.

PICKER_ATTRIBUTE = "data-agency-picker"


def search_key(label: str) -> str:
    """The key an option of a picker is matched by."""
    return match_key(label)


class _PickerMixin:
    """Marks the select as a picker and gives each option its ``data-search`` key."""

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__({PICKER_ATTRIBUTE: "", **(attrs or {})}, **kwargs)  # type: ignore[call-arg]

    def create_option(self, name: str, value: Any, label: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(name, value, label, *args, **kwargs)  # type: ignore[misc]
        if value not in (None, ""):
            option["attrs"]["data-search"] = search_key(str(label))
        return option


class AgencySelect(_PickerMixin, forms.Select):
    """One agency, chosen by typing part of its name."""


class AgencySelectMultiple(_PickerMixin, forms.SelectMultiple):
    """Several agencies, each chosen by typing part of its name."""
