"""Forms of the participation pages: a member's representative, the quorum rule, attendance."""

from __future__ import annotations

from typing import Any

from django import forms

from qarargah.accounts.models import User
from qarargah.organisations.models import BodyMembership, QuorumFraction
from qarargah.ui.forms import StyledFormMixin

from .models import AttendanceStatus


class RepresentativeForm(StyledFormMixin, forms.Form):
    representative = forms.ModelChoiceField(
        label="نماینده از کاربران سامانه",
        queryset=User.objects.none(),
        required=False,
        help_text="اگر نماینده حساب کاربری ندارد، این را خالی بگذارید و نام او را بنویسید.",
    )
    representative_name = forms.CharField(label="نام نماینده", max_length=200, required=False)
    representative_title = forms.CharField(label="سمت نماینده", max_length=300, required=False)
    representative_mobile = forms.CharField(label="همراه نماینده", max_length=20, required=False)
    representative_email = forms.EmailField(
        label="رایانامه نماینده",
        required=False,
        error_messages={"invalid": "نشانی رایانامه نماینده درست نیست؛ آن را به شکل name@example.ir بنویسید."},
    )
    deputy_name = forms.CharField(label="نام جانشین", max_length=200, required=False)
    deputy_title = forms.CharField(label="سمت جانشین", max_length=300, required=False)
    deputy_mobile = forms.CharField(label="همراه جانشین", max_length=20, required=False)
    deputy_email = forms.EmailField(
        label="رایانامه جانشین",
        required=False,
        error_messages={"invalid": "نشانی رایانامه جانشین درست نیست؛ آن را به شکل name@example.ir بنویسید."},
    )

    def __init__(self, *args: Any, membership: BodyMembership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["representative"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(agency_id=membership.agency_id, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
        field.error_messages["invalid_choice"] = "این کاربر از کارکنان همین دستگاه نیست؛ از فهرست برگزینید."


class QuorumForm(StyledFormMixin, forms.Form):
    quorum_count = forms.IntegerField(
        label="حد نصاب (تعداد اعضا)",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "حد نصاب را با عدد بنویسید، مانند ۷.",
            "min_value": "حد نصاب دست‌کم یک عضو است.",
        },
        help_text="خالی بگذارید تا کسر زیر به کار رود.",
    )
    quorum_fraction = forms.ChoiceField(
        label="حد نصاب (کسری از اعضا)",
        choices=QuorumFraction.choices,
        error_messages={"invalid_choice": "یکی از کسرهای فهرست را برگزینید."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Persian digits typed into the number field are read as numbers.
        if args and args[0] is not None and "quorum_count" in args[0]:
            from qarargah.persian import to_latin_digits

            data = args[0].copy()
            data["quorum_count"] = to_latin_digits(data["quorum_count"]).strip()
            args = (data, *args[1:])
        super().__init__(*args, **kwargs)


class AttendanceRowForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="حضور",
        choices=[("", "— ثبت نشده —"), *AttendanceStatus.choices],
        required=False,
        error_messages={"invalid_choice": "وضعیت حضور را از فهرست برگزینید."},
    )
    person_name = forms.CharField(label="نام حاضر", max_length=200, required=False)
    person_title = forms.CharField(label="سمت", max_length=300, required=False)
    represented_by = forms.CharField(label="به نمایندگی (نام جانشین)", max_length=200, required=False)
