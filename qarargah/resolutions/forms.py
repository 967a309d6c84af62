"""Forms of the follow-up pages. They only parse and check input; rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from qarargah.accounts.models import User
from qarargah.ui.forms import (
    AgencySelect,
    AgencySelectMultiple,
    DeadlineField,
    JalaliDateField,
    PersianDecimalField,
    PersianIntegerField,
    StyledFormMixin,
    search_key,
)

from .attachments import ACCEPT_ATTRIBUTE, REPORT_TEXT_MAX_LENGTH, REPORT_TEXT_MAX_LENGTH_FA
from .models import AssignmentRole, AssignmentStatus, Axis, ResolutionStatus
from .selectors import ASSIGNMENT_STATES, RESOLUTION_ORDERS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


STATUS_FILTER_CHOICES = [
    ("", "همه وضعیت‌ها"),
    *ResolutionStatus.choices,
    (AssignmentStatus.RETURNED.value, "گزارش برگشت‌خورده دارد"),
]
ORDER_CHOICES = [(key, key) for key in RESOLUTION_ORDERS]


class ResolutionFilterForm(forms.Form):
    """The list page's filters (GET). Invalid values are ignored rather than shouted about."""

    q = forms.CharField(required=False, max_length=200)
    body = forms.ModelChoiceField(queryset=None, required=False)
    meeting = forms.ModelChoiceField(queryset=None, required=False)
    agency = forms.ModelChoiceField(queryset=None, required=False)
    status = forms.ChoiceField(choices=STATUS_FILTER_CHOICES, required=False)
    axis = forms.ChoiceField(choices=[("", "همه محورها"), *Axis.choices], required=False)
    county = forms.ModelChoiceField(queryset=None, required=False)
    neighbourhood = forms.ModelChoiceField(queryset=None, required=False)
    overdue = forms.BooleanField(required=False)
    due_this_week = forms.BooleanField(required=False)
    # One assignment's state and due date (the agency's, when one is chosen): what the
    # scoreboard's numbers link to.
    agency_state = forms.ChoiceField(
        choices=[("", "همه وضعیت‌ها"), *ASSIGNMENT_STATES.items()], required=False
    )
    due_from = JalaliDateField(required=False)
    due_to = JalaliDateField(required=False)
    order = forms.ChoiceField(choices=ORDER_CHOICES, required=False)

    def __init__(self, *args: Any, bodies: Any, meetings: Any, agencies: Any, counties: Any, neighbourhoods: Any,
                 **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = "— قرارگاه یا شورا را انتخاب کنید —"
        self.fields["meeting"].queryset = meetings
        self.fields["agency"].queryset = agencies
        self.fields["county"].queryset = counties
        self.fields["neighbourhood"].queryset = neighbourhoods

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        due_from, due_to = data.get("due_from"), data.get("due_to")
        if due_from and due_to and due_from > due_to:
            self.add_error("due_to", "پایان دوره پیش از آغاز آن است؛ تاریخ‌ها را جابه‌جا کنید.")
        return data

    def filters(self) -> dict[str, Any]:
        """The cleaned filters; a field that did not validate is dropped."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        meeting = data.get("meeting")
        if meeting is not None and data.get("body") is not None and meeting.body_id != data["body"].pk:
            # A meeting chosen before the body was changed: the page no longer offers it, so
            # keeping it would show an empty list with no visible reason.
            meeting = None
        return {
            "query": data.get("q") or "",
            "body": data.get("body"),
            "meeting": meeting,
            "agency": data.get("agency"),
            "status": data.get("status") or None,
            "axis": data.get("axis") or None,
            "county": data.get("county"),
            "neighbourhood": data.get("neighbourhood"),
            "overdue": bool(data.get("overdue")),
            "due_this_week": bool(data.get("due_this_week")),
            "agency_state": data.get("agency_state") or None,
            "due_from": data.get("due_from"),
            "due_to": data.get("due_to"),
            "order": data.get("order") or "-meeting__date",
        }


class ResolutionEditForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="متن مصوبه",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "متن مصوبه را وارد کنید."},
    )
    axis = forms.ChoiceField(label="محور", choices=[("", "— بدون محور —"), *Axis.choices], required=False)
    deadline = DeadlineField(
        label="مهلت اقدام",
        help_text="عبارتی مانند «۱۰ روز» یا «اسرع وقت»، یا تاریخ شمسی؛ خالی یعنی بدون مهلت. "
        "سررسید از تاریخ جلسه حساب می‌شود.",
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label="محله‌های هدف",
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": "محله انتخاب‌شده در فهرست محله‌های این استان نیست."},
    )
    target_quantity = PersianDecimalField(
        label="هدف کمّی (عدد)",
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=0,
        help_text="اگر مصوبه عددی دارد (مثلاً آموزش ۳۰۰۰ نفر)، عدد و واحد آن را بنویسید.",
    )
    target_unit = forms.CharField(label="واحد هدف", required=False, max_length=100)
    follow_up_owner = forms.ModelChoiceField(
        label="مسئول پیگیری در دبیرخانه",
        queryset=None,
        required=False,
        error_messages={"invalid_choice": "کاربر انتخاب‌شده از دبیرخانه این استان نیست."},
    )
    report_period_days = PersianIntegerField(
        label="دوره گزارش مصوبات مستمر (روز)",
        help_text="مصوبه مستمر هر چند روز یک گزارش لازم دارد؛ پیش‌فرض ۳۰ روز (ماهانه).",
        min_value=1,
        max_value=366,
        error_messages={
            "required": "دوره گزارش را به روز وارد کنید.",
            "invalid": "دوره گزارش باید عدد باشد.",
            "min_value": "دوره گزارش دست‌کم ۱ روز است.",
            "max_value": "دوره گزارش حداکثر ۳۶۶ روز است.",
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, neighbourhoods: Any, owners: Any, meeting_date: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].meeting_date = meeting_date
        # The live preview of the computed due date (static/resolutions/deadline-preview.js).
        self.fields["deadline"].widget.attrs["data-deadline-input"] = ""
        self.fields["neighbourhoods"].queryset = neighbourhoods
        self.fields["follow_up_owner"].queryset = owners
        self.fields["follow_up_owner"].empty_label = "— تعیین نشده —"
        self.fields["follow_up_owner"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("target_quantity") is not None and not (data.get("target_unit") or "").strip():
            self.add_error("target_unit", "برای هدف کمّی واحد را هم بنویسید (مثلاً «نفر» یا «خانه احسان»).")
        if data.get("target_quantity") is None and (data.get("target_unit") or "").strip():
            self.add_error("target_quantity", "برای این واحد مقدار هدف را هم بنویسید.")
        return data


def follow_up_owners(province_id: int) -> Any:
    return User.objects.secretariat_of(province_id).order_by("last_name", "first_name")


class AssignmentAddForm(StyledFormMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label="دستگاه",
        queryset=None,
        widget=AgencySelect,
        error_messages={
            "required": "دستگاه را انتخاب کنید.",
            "invalid_choice": "دستگاه انتخاب‌شده در فهرست دستگاه‌های این استان نیست یا پیش‌تر اقدام‌کننده است.",
        },
    )
    role = forms.ChoiceField(
        label="نقش",
        choices=AssignmentRole.choices,
        initial=AssignmentRole.PARTNER,
        help_text="نخستین دستگاه همیشه مسئول اصلی است؛ مسئول اصلی تازه، مسئول اصلی پیشین را همکار می‌کند.",
        error_messages={"invalid_choice": "نقش دستگاه باید «مسئول اصلی» یا «همکار» باشد."},
    )
    due_date = JalaliDateField(label="سررسید (اگر با سررسید مصوبه فرق دارد)", required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].empty_label = "— دستگاه را انتخاب کنید —"


class AssignmentRoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=AssignmentRole.choices,
        error_messages={
            "required": "نقش دستگاه را انتخاب کنید.",
            "invalid_choice": "نقش دستگاه باید «مسئول اصلی» یا «همکار» باشد.",
        },
    )
    version = forms.IntegerField(required=False)


class ReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="شرح اقدامات انجام‌شده",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=REPORT_TEXT_MAX_LENGTH,
        error_messages={
            "required": "شرح اقدامات را بنویسید؛ گزارش بدون متن فرستاده نمی‌شود.",
            "max_length": f"شرح اقدامات حداکثر {REPORT_TEXT_MAX_LENGTH_FA} نویسه است؛ "
            "جزئیات بیشتر را در فایل پیوست بفرستید.",
        },
    )
    achieved_quantity = PersianDecimalField(
        label="مقدار انجام‌شده", required=False, max_digits=14, decimal_places=2, min_value=0
    )
    files = MultipleFileField(
        label="پیوست‌ها (PDF، Word، Excel یا تصویر؛ هر فایل حداکثر ۱۰ مگابایت)", required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, target_unit: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if target_unit is None:
            del self.fields["achieved_quantity"]
        else:
            self.fields["achieved_quantity"].label = f"مقدار انجام‌شده ({target_unit})"


class ExtensionRequestForm(StyledFormMixin, forms.Form):
    requested_due_date = JalaliDateField(label="سررسید درخواستی")
    reason = forms.CharField(
        label="دلیل درخواست",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "دلیل درخواست تمدید را بنویسید."},
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept_progress", "پذیرش به‌عنوان پیشرفت"),
            ("accept_close", "پذیرش و بستن تکلیف"),
            ("return", "برگشت"),
            # The older single «accept» (closes what may be closed), for forms still open in a tab.
            ("accept", "پذیرش"),
        ],
        error_messages={
            "required": "پذیرش یا برگشت گزارش را انتخاب کنید.",
            "invalid_choice": "تصمیم بررسی باید یکی از «پذیرش به‌عنوان پیشرفت»، «پذیرش و بستن» یا «برگشت» باشد.",
        },
    )
    comment = forms.CharField(required=False, max_length=5000)
    version = forms.IntegerField(required=False)


class ReportEditForm(forms.Form):
    """The agency's correction of a report still waiting for review (attachments stay as sent)."""

    text = ReportForm.base_fields["text"]
    achieved_quantity = PersianDecimalField(
        label="مقدار انجام‌شده", required=False, max_digits=14, decimal_places=2, min_value=0
    )
    version = forms.IntegerField(required=False)


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "موافقت"), ("refuse", "مخالفت")],
        error_messages={
            "required": "موافقت یا مخالفت با درخواست را انتخاب کنید.",
            "invalid_choice": "تصمیم باید «موافقت» یا «مخالفت» باشد.",
        },
    )
    comment = forms.CharField(required=False, max_length=5000)
    version = forms.IntegerField(required=False)


class PastReviewForm(StyledFormMixin, forms.Form):
    body = forms.ModelChoiceField(
        label="قرارگاه / شورا",
        queryset=None,
        error_messages={
            "required": "قرارگاه یا شورایی را که جلسه‌اش در پیش است انتخاب کنید.",
            "invalid_choice": "این قرارگاه یا شورا در حوزه شما نیست.",
        },
    )
    meeting_date = JalaliDateField(label="تاریخ جلسه پیش رو", required=False)
    since = JalaliDateField(
        label="پذیرفته‌شده از تاریخ", required=False, help_text="اگر خالی بماند، تاریخ آخرین جلسه همین نهاد."
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].empty_label = "— قرارگاه یا شورا را انتخاب کنید —"


class WrittenAgencySelectMultiple(AgencySelectMultiple):
    """The agency picker with its ``<option>``s written in Python: Django renders each option
    through its own template, and a province's 200 agencies took a third of the scoreboard's
    time (issue 12). The markup is Django's (same attributes), with each option's search key."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        final["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}" data-search="{}"{}>{}</option>',
            (
                (
                    str(option_value),
                    search_key(str(label)),
                    mark_safe(" selected") if str(option_value) in chosen else "",
                    label,
                )
                for option_value, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final), options)


class ScoreboardForm(StyledFormMixin, forms.Form):
    """The scoreboard's period and agencies (GET). The period is of due dates: an assignment
    counts in the period its due date falls in, whenever it was assigned."""

    due_from = JalaliDateField(label="سررسید از", required=False)
    due_to = JalaliDateField(label="سررسید تا", required=False)
    agencies = forms.ModelMultipleChoiceField(
        label="فقط این دستگاه‌ها",
        queryset=None,
        required=False,
        widget=WrittenAgencySelectMultiple(attrs={"data-placeholder": "همه دستگاه‌ها"}),
        error_messages={"invalid_choice": "دستگاه انتخاب‌شده در حوزه شما نیست."},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = agencies

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        due_from, due_to = data.get("due_from"), data.get("due_to")
        if due_from and due_to and due_from > due_to:
            self.add_error("due_to", "پایان دوره پیش از آغاز آن است؛ تاریخ‌ها را جابه‌جا کنید.")
        return data
