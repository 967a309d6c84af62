"""The registry's forms: a source, an upload, the column mapping, a correction, a reason."""

from __future__ import annotations

from typing import Any

from django import forms

from qarargah.organisations.models import Agency, Province
from qarargah.ui.forms import StyledFormMixin

from .models import TargetGroup
from .reading import FIELDS, LABELS, MAX_UPLOAD_BYTES


class SourceForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="نام منبع", max_length=150, error_messages={"required": "نام منبع را بنویسید."}
    )
    agency = forms.ModelChoiceField(
        label="دستگاه فرستنده", queryset=Agency.objects.none(), required=False, empty_label="— بدون دستگاه —"
    )
    groups = forms.ModelMultipleChoiceField(
        label="گروه‌های هدف",
        queryset=TargetGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, province: Province, groups: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["groups"].queryset = groups  # type: ignore[attr-defined]
        self.province = province


class GroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="نام گروه هدف تازه", max_length=100)
    counts_households = forms.BooleanField(label="به خانوار شمرده شود", required=False)


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="فایل فهرست",
        help_text=f"Excel (‎.xlsx‎) یا CSV (UTF-8 یا Windows-1256)؛ حداکثر {MAX_UPLOAD_BYTES // (1024 * 1024)} مگابایت.",
        error_messages={"required": "فایلی انتخاب نشده است.", "empty": "فایل خالی است."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )


FIELD_CHOICES = [("", "— ستون دیگر (نگه داشته می‌شود) —"), *[(name, LABELS[name]) for name in FIELDS]]


class MappingForm(StyledFormMixin, forms.Form):
    """One select per header of the file: which standard field it is."""

    def __init__(self, *args: Any, headers: list[tuple[str, str, str]], **kwargs: Any) -> None:
        # headers: (header key, header as written, field chosen now)
        super().__init__(*args, **kwargs)
        self.keys: dict[str, str] = {}
        for i, (key, header, chosen) in enumerate(headers):
            name = f"col{i}"
            self.keys[name] = key
            self.fields[name] = forms.ChoiceField(
                label=header, choices=FIELD_CHOICES, required=False, initial=chosen
            )

    def mapping(self) -> dict[str, str]:
        return {self.keys[name]: self.cleaned_data.get(name) or "" for name in self.keys}


class CorrectionForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, initial_values: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FIELDS:
            self.fields[name] = forms.CharField(
                label=LABELS[name], required=False, max_length=400, initial=initial_values.get(name, "")
            )


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label="دلیل دیدن این اطلاعات",
        max_length=300,
        help_text="این دلیل با نام شما و زمان در گزارش دسترسی ثبت می‌شود.",
        error_messages={"required": "دلیل دیدن اطلاعات این فرد را بنویسید (دست‌کم ۵ نویسه)."},
    )
