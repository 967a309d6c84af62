"""Forms of the meetings pages: upload, inline fixes of a preview, and hand entry."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from qarargah.organisations.models import Body
from qarargah.persian import format_jalali, parse_time, to_latin_digits, to_persian_digits
from qarargah.ui.forms import (
    DEADLINE_PLACEHOLDER,
    AgencySelectMultiple,
    DeadlineField,
    JalaliDateField,
    PersianDecimalField,
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


# --- The life cycle: schedule, agenda, record, circulate, comment, sign, amend (decision 0029) -----


def _people_label(user: Any) -> str:
    name = user.get_full_name() or user.username
    return f"{name} ({user.get_role_display()})"


class ScheduleForm(StyledFormMixin, forms.Form):
    """Schedule a meeting (or change a draft's schedule). A future date is fine here: the
    meeting has not been held yet; circulating and signing refuse a meeting not yet held."""

    body = forms.ModelChoiceField(
        label="قرارگاه یا شورا",
        queryset=Body.objects.none(),
        error_messages={
            "required": "قرارگاه یا شورای جلسه را انتخاب کنید.",
            "invalid_choice": "قرارگاه انتخاب‌شده معتبر نیست.",
        },
    )
    number = PersianIntegerField(
        label="شماره جلسه (خالی: شماره بعدی این نهاد)",
        required=False,
        min_value=1,
        error_messages={"invalid": "شماره جلسه باید عدد باشد.", "min_value": "شماره جلسه باید مثبت باشد."},
    )
    joint_bodies = forms.ModelMultipleChoiceField(
        label="نهادهای دیگر نشست مشترک (اختیاری)",
        queryset=Body.objects.none(),
        required=False,
        error_messages={"invalid_choice": "نهاد انتخاب‌شده برای نشست مشترک معتبر نیست."},
    )
    joint_numbers = _text(
        "شماره جلسه هر نهاد مشترک، به همان ترتیب و با «،» جدا (خالی: شماره بعدی هر نهاد)", 200
    )
    title = _text("عنوان (اختیاری)", 500)
    date = JalaliDateField(label="تاریخ جلسه", error_messages={"required": "تاریخ جلسه را وارد کنید."})
    time = TimeOfDayField(label="ساعت شروع", required=False, max_length=20)
    end_time = TimeOfDayField(label="ساعت پایان", required=False, max_length=20)
    place = _text("محل", 300)
    chair = forms.ModelChoiceField(
        label="رئیس جلسه (کاربر سامانه؛ امضاکننده)",
        queryset=Body.objects.none(),
        required=False,
        error_messages={"invalid_choice": "رئیس جلسه انتخاب‌شده معتبر نیست."},
    )
    chair_name = _text("نام رئیس جلسه (آن‌گونه که در صورتجلسه می‌آید)", 200)
    chair_role = _text("سمت رئیس جلسه", 300)
    secretary = forms.ModelChoiceField(
        label="دبیر جلسه (کاربر سامانه؛ امضاکننده)",
        queryset=Body.objects.none(),
        required=False,
        error_messages={"invalid_choice": "دبیر جلسه انتخاب‌شده معتبر نیست."},
    )
    secretary_name = _text("نام دبیر جلسه", 200)
    secretary_role = _text("سمت دبیر جلسه", 300)
    invitation_number = _text("شماره دعوتنامه", 100)
    invitation_date = JalaliDateField(label="تاریخ دعوتنامه", required=False)
    invited_agencies = forms.ModelMultipleChoiceField(
        label="دستگاه‌های دعوت‌شده",
        queryset=Body.objects.none(),
        required=False,
        widget=AgencySelectMultiple,
        error_messages={"invalid_choice": "دستگاه انتخاب‌شده در فهرست دستگاه‌های تأییدشده نیست."},
    )
    invited_persons = forms.CharField(
        label="مدعوان دیگر (هر نفر در یک سطر)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Set by the page after it showed a clash warning: schedule anyway.
    accept_clash = forms.BooleanField(label="با وجود هم‌زمانی محل یا رئیس جلسه، جلسه ثبت شود", required=False)

    def __init__(self, *args: Any, bodies: Any, people: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["joint_bodies"].queryset = bodies
        for name in ("chair", "secretary"):
            field = self.fields[name]
            field.queryset = people
            field.empty_label = "— تعیین نشده —"
            field.label_from_instance = _people_label
        self.fields["invited_agencies"].queryset = agencies

    def clean_joint_numbers(self) -> list[int | None]:
        raw = self.cleaned_data.get("joint_numbers") or ""
        out: list[int | None] = []
        for part in raw.replace("،", ",").split(","):
            part = to_latin_digits(part.strip())
            if not part:
                continue
            if not part.isdigit() or int(part) < 1:
                raise forms.ValidationError(f"«{part}» شماره جلسه نیست؛ شماره‌ها را با «،» جدا کنید.")
            out.append(int(part))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error(
                "end_time",
                f"ساعت پایان ({to_persian_digits(end.strftime('%H:%M'))}) باید پس از ساعت شروع "
                f"({to_persian_digits(start.strftime('%H:%M'))}) باشد.",
            )
        joint = list(data.get("joint_bodies") or [])
        if data.get("body") in joint:
            self.add_error("joint_bodies", "نهاد اصلی جلسه را در فهرست نهادهای مشترک تکرار نکنید.")
        numbers = data.get("joint_numbers") or []
        if numbers and len(numbers) != len(joint):
            self.add_error(
                "joint_numbers", "برای هر نهاد مشترک یک شماره بنویسید، یا همه را خالی بگذارید تا پیشنهاد شود."
            )
        return data

    def schedule_data(self) -> Any:
        from .services import ScheduleData

        d = self.cleaned_data
        joint = list(d.get("joint_bodies") or [])
        numbers = d.get("joint_numbers") or [None] * len(joint)
        return ScheduleData(
            date=d["date"],
            number=d.get("number"),
            joint_bodies=list(zip(joint, numbers, strict=False)),
            title=d.get("title") or "",
            start_time=d.get("time"),
            end_time=d.get("end_time"),
            place=d.get("place") or "",
            chair=d.get("chair"),
            chair_name=d.get("chair_name") or "",
            chair_role=d.get("chair_role") or "",
            secretary=d.get("secretary"),
            secretary_name=d.get("secretary_name") or "",
            secretary_role=d.get("secretary_role") or "",
            invitation_number=d.get("invitation_number") or "",
            invitation_date=d.get("invitation_date"),
            invited_agencies=list(d.get("invited_agencies") or []),
            invited_persons=d.get("invited_persons") or "",
        )


class AgendaItemForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="بند دستور کار", max_length=2000, error_messages={"required": "متن بند دستور کار را بنویسید."}
    )
    presenter = _text("ارائه‌دهنده", 300)


class CirculateForm(StyledFormMixin, forms.Form):
    deadline_date = JalaliDateField(
        label="مهلت نظر: تاریخ", error_messages={"required": "تاریخ پایان مهلت نظر را وارد کنید."}
    )
    deadline_time = TimeOfDayField(label="مهلت نظر: ساعت (خالی: پایان روز)", required=False, max_length=20)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def deadline(self) -> datetime.datetime:
        time = self.cleaned_data.get("deadline_time") or datetime.time(23, 59)
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["deadline_date"], time))


class CommentForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label="نظر شما",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "متن نظر را بنویسید."},
    )
    resolution_number = PersianIntegerField(
        label="درباره مصوبه شماره (اختیاری)",
        required=False,
        min_value=1,
        error_messages={"invalid": "شماره مصوبه باید عدد باشد.", "min_value": "شماره مصوبه باید مثبت باشد."},
    )


class SignForm(StyledFormMixin, forms.Form):
    password = forms.CharField(
        label="گذرواژه ورود شما",
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="یا رمز یک‌بارمصرفی که به ایمیلتان فرستاده شد",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}),
    )


class AmendmentForm(StyledFormMixin, forms.Form):
    title = _text("عنوان", 500)
    date = JalaliDateField(label="تاریخ جلسه", error_messages={"required": "تاریخ جلسه را وارد کنید."})
    time = TimeOfDayField(label="ساعت شروع", required=False, max_length=20)
    end_time = TimeOfDayField(label="ساعت پایان", required=False, max_length=20)
    place = _text("محل", 300)
    chair_name = _text("رئیس جلسه", 200)
    chair_role = _text("سمت رئیس جلسه", 300)
    secretary_name = _text("دبیر جلسه", 200)
    secretary_role = _text("سمت دبیر جلسه", 300)
    invitation_number = _text("شماره دعوتنامه", 100)
    narrative = forms.CharField(label="شرح جلسه", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(
        label="دلیل اصلاح",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "دلیل اصلاح را بنویسید."},
    )


class StatementForm(StyledFormMixin, forms.Form):
    name = _text("سخنران", 200)
    role = _text("سمت", 300)
    statement = forms.CharField(label="خلاصه سخنان", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("statement") or "").strip() and not (data.get("name") or "").strip():
            self.add_error("name", "نام سخنران را بنویسید یا خلاصه سخنان را پاک کنید.")
        return data


StatementFormSet = forms.formset_factory(StatementForm, extra=1)


class RecordRowForm(StyledFormMixin, forms.Form):
    """One new resolution on the record page; a wholly empty row is skipped."""

    text = forms.CharField(label="متن مصوبه", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    leads = forms.ModelMultipleChoiceField(
        label="دستگاه مسئول",
        queryset=Body.objects.none(),
        required=False,
        widget=AgencySelectMultiple,
        error_messages={"invalid_choice": "دستگاه انتخاب‌شده در فهرست دستگاه‌های این استان نیست."},
    )
    partners = forms.ModelMultipleChoiceField(
        label="دستگاه‌های همکار",
        queryset=Body.objects.none(),
        required=False,
        widget=AgencySelectMultiple,
        error_messages={"invalid_choice": "دستگاه انتخاب‌شده در فهرست دستگاه‌های این استان نیست."},
    )
    deadline = DeadlineField(label="مهلت اقدام")
    axis = forms.ChoiceField(label="محور (اختیاری)", required=False, choices=())
    neighbourhoods = forms.ModelMultipleChoiceField(
        label="محله‌های هدف (اختیاری)",
        queryset=Body.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 3}),
        error_messages={"invalid_choice": "محله انتخاب‌شده در فهرست محله‌های این استان نیست."},
    )
    target_quantity = PersianDecimalField(
        label="هدف کمّی (اختیاری)", required=False, max_digits=14, decimal_places=2, min_value=0
    )
    target_unit = _text("واحد هدف", 100)

    def __init__(
        self, *args: Any, agencies: Any, neighbourhoods: Any, meeting_date: Any = None, **kwargs: Any
    ) -> None:
        from qarargah.resolutions.models import Axis

        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = agencies
        self.fields["partners"].queryset = agencies
        self.fields["neighbourhoods"].queryset = neighbourhoods
        self.fields["axis"].choices = [("", "— بدون محور —"), *Axis.choices]
        self.fields["deadline"].meeting_date = meeting_date
        # The live due date beside the field (resolutions/static/resolutions/deadline-preview.js).
        self.fields["deadline"].widget.attrs["data-deadline-input"] = ""

    def is_blank(self) -> bool:
        d = self.cleaned_data or {}
        return not (
            (d.get("text") or "").strip()
            or d.get("leads")
            or d.get("partners")
            or (d.get("deadline") or "").strip()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.is_blank():
            return data
        if not (data.get("text") or "").strip():
            self.add_error("text", "متن مصوبه را بنویسید یا این ردیف را خالی بگذارید.")
        if not data.get("leads") and "leads" not in self.errors:
            self.add_error(
                "leads",
                "دست‌کم یک دستگاه مسئول (اصلی) برای این مصوبه انتخاب کنید؛ مصوبه بدون دستگاه ثبت نمی‌شود.",
            )
        if data.get("target_quantity") is not None and not (data.get("target_unit") or "").strip():
            self.add_error("target_unit", "برای هدف کمّی واحد را هم بنویسید (مثلاً «نفر»).")
        return data


RecordRowFormSet = forms.formset_factory(RecordRowForm, extra=1)


class RecordForm(StyledFormMixin, forms.Form):
    narrative = forms.CharField(label="شرح جلسه", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
