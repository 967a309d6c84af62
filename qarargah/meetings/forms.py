"""Forms of the meetings pages: upload, inline fixes of a preview, and hand entry."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from qarargah.organisations.models import Body
from qarargah.persian import format_jalali, parse_time, to_persian_digits
from qarargah.ui.forms import (
    DEADLINE_PLACEHOLDER,
    DeadlineField,
    JalaliDateField,
    PersianIntegerField,
    StyledFormMixin,
)

from .services import typed_meeting_value

ALLOWED_EXTENSIONS = (".txt", ".md", ".docx")

NO_AGENCY = "دست‌کم یک دستگاه اقدام‌کننده بنویسید؛ مصوبه بدون دستگاه ثبت نمی‌شود (نخستین نام مسئول اصلی است)."


class TimeOfDayField(forms.CharField):
    """«۱۴:۳۰», «14:30», «۷/۳۰» or «۹ صبح»; cleans to a ``time``."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.time):
            return to_persian_digits(value.strftime("%H:%M"))
        return value

    def clean(self, value: Any) -> datetime.time | None:
        value = super().clean(value)
        if not value:
            return None
        parsed = parse_time(value)
        if parsed is None:
            raise forms.ValidationError(f"ساعت «{value}» معتبر نیست؛ آن را به شکل ۱۴:۳۰ وارد کنید.")
        return parsed


def _text(label: str, max_length: int, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class UploadForm(StyledFormMixin, forms.Form):
    """The body choice of the upload page (the files come from ``request.FILES``)."""

    body = forms.ModelChoiceField(
        label="قرارگاه یا شورا (اختیاری؛ در نبودِ آن از متن صورتجلسه تشخیص داده می‌شود)",
        queryset=Body.objects.none(),
        required=False,
        error_messages={"invalid_choice": "قرارگاه انتخاب‌شده معتبر نیست."},
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class MeetingFieldsForm(StyledFormMixin, forms.Form):
    """The meeting's header fields and agenda, as the preview shows them for inline fixes."""

    field_order = ["title", "number", "date", "time", "place"]

    title = _text("عنوان", 500)
    number = PersianIntegerField(
        label="شماره جلسه",
        required=False,
        min_value=1,
        error_messages={"invalid": "شماره جلسه باید عدد باشد.", "min_value": "شماره جلسه باید مثبت باشد."},
    )
    date = JalaliDateField(label="تاریخ جلسه", error_messages={"required": "تاریخ جلسه را وارد کنید."})
    time = TimeOfDayField(label="ساعت", required=False, max_length=20)
    place = _text("محل", 300)
    invitation_number = _text("شماره دعوتنامه", 100)
    invitation_date = JalaliDateField(label="تاریخ دعوتنامه", required=False)
    chair_name = _text("رئیس جلسه", 200)
    chair_role = _text("سمت رئیس جلسه", 300)
    secretary_name = _text("دبیر جلسه", 200)
    secretary_role = _text("سمت دبیر جلسه", 300)
    agenda = forms.CharField(
        label="دستور کار (هر بند در یک سطر)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def clean_date(self) -> datetime.date | None:
        date: datetime.date | None = self.cleaned_data.get("date")
        # Minutes and hand entry record a meeting that was held (meetings have no «scheduled»
        # state), so its date cannot be after today.
        if date is not None and date > timezone.localdate():
            raise forms.ValidationError(
                f"تاریخ جلسه ({format_jalali(date)}) هنوز نرسیده است؛ جلسه برگزارشده نمی‌تواند تاریخ آینده "
                "داشته باشد. تاریخ برگزاری را وارد کنید.",
                code="future",
            )
        return date

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = typed_meeting_value(name, value)
        return data


class ResolutionFixForm(StyledFormMixin, forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label="متن مصوبه",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "متن مصوبه نمی‌تواند خالی باشد."},
    )
    assignees = forms.CharField(
        label="اقدام‌کننده (هر دستگاه در یک سطر)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deadline = DeadlineField(label="مهلت اقدام")
    remove = forms.BooleanField(label="این ردیف مصوبه نیست؛ ثبت نشود", required=False)


ResolutionFixFormSet = forms.formset_factory(ResolutionFixForm, extra=0)


class MeetingEntryForm(MeetingFieldsForm):
    """Hand entry: the body, the header fields and the agenda."""

    field_order = ["body", "title", "number", "date", "time", "place"]

    body = forms.ModelChoiceField(
        label="قرارگاه یا شورا",
        queryset=Body.objects.none(),
        error_messages={
            "required": "قرارگاه یا شورای جلسه را انتخاب کنید.",
            "invalid_choice": "قرارگاه انتخاب‌شده معتبر نیست.",
        },
    )
    title = _text("عنوان (اختیاری)", 500)
    agenda = forms.CharField(
        label="دستور کار (هر بند در یک سطر)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class ResolutionEntryForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="متن مصوبه",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "متن مصوبه را وارد کنید یا این ردیف را خالی بگذارید."},
    )
    assignees = forms.CharField(
        label="اقدام‌کننده (هر دستگاه در یک سطر؛ اولی مسئول اصلی)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    deadline = DeadlineField(
        label="مهلت اقدام", widget=forms.TextInput(attrs={"placeholder": DEADLINE_PLACEHOLDER})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("text") or "").strip() and not (data.get("assignees") or "").strip():
            self.add_error("assignees", NO_AGENCY)
        return data


ResolutionEntryFormSet = forms.formset_factory(ResolutionEntryForm, extra=5)
