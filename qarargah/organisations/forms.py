from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from qarargah.ui.forms import AgencySelect, StyledFormMixin

from .models import Agency, AgencyKind, County


class AgencyForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="نام دستگاه", max_length=200, error_messages={"required": "نام دستگاه را وارد کنید."}
    )
    kind = forms.ChoiceField(
        label="نوع دستگاه",
        choices=AgencyKind.choices,
        error_messages={
            "required": "نوع دستگاه را انتخاب کنید.",
            "invalid_choice": "نوع انتخاب‌شده معتبر نیست.",
        },
    )
    county = forms.ModelChoiceField(
        label="شهرستان (اختیاری)",
        queryset=County.objects.none(),
        required=False,
        error_messages={"invalid_choice": "شهرستان انتخاب‌شده معتبر نیست."},
    )
    email = forms.EmailField(
        label="رایانامه (اختیاری)", required=False, error_messages={"invalid": "نشانی رایانامه درست نیست."}
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, counties: QuerySet[County], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county = self.fields["county"]
        assert isinstance(county, forms.ModelChoiceField)
        county.queryset = counties


class AliasForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="نام دیگر", max_length=200, error_messages={"required": "نام دیگر را وارد کنید."}
    )


class MergeForm(StyledFormMixin, forms.Form):
    target = forms.ModelChoiceField(
        label="ادغام در",
        queryset=Agency.objects.none(),
        widget=AgencySelect,
        error_messages={
            "required": "دستگاه مقصد را انتخاب کنید.",
            "invalid_choice": "دستگاه مقصد معتبر نیست.",
        },
    )

    def __init__(self, *args: Any, targets: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = targets
