"""The programme's forms. They parse what was typed; the services check it against the rules
and a ServiceError lands back on the field it names (``code``)."""

from __future__ import annotations

from typing import Any

from django import forms

from qarargah.organisations.models import Agency, County, TargetNeighbourhood
from qarargah.resolutions.forms import MultipleFileField, MultipleFileInput
from qarargah.resolutions.models import Axis, Resolution
from qarargah.ui.forms import JalaliDateField, PersianDecimalField, PersianIntegerField, StyledFormMixin

from .models import ActivityKind, Indicator, NeedSource, NeedStatus, Programme, ServicePeriod
from .periods import part_choices
from .services import WEIGHT_FIELDS
from .tables import MAX_IMPORT_BYTES


class NeedForm(StyledFormMixin, forms.Form):
    axis = forms.ChoiceField(label="محور", choices=[("", "— انتخاب کنید —"), *Axis.choices])
    title = forms.CharField(label="عنوان مسئله", max_length=200)
    description = forms.CharField(label="شرح", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.ChoiceField(label="منبع", choices=NeedSource.choices, initial=NeedSource.HOUSE_MANAGER)
    severity = PersianIntegerField(
        label="شدت (۱ تا ۵)",
        min_value=1,
        max_value=5,
        error_messages={
            "min_value": "شدت باید عددی از ۱ تا ۵ باشد.",
            "max_value": "شدت باید عددی از ۱ تا ۵ باشد.",
            "invalid": "شدت باید عددی از ۱ تا ۵ باشد.",
            "required": "شدت مسئله را از ۱ تا ۵ وارد کنید.",
        },
        help_text="۱: کم‌اثر، ۵: بسیار جدی",
    )
    households = PersianIntegerField(label="خانوارهای درگیر", min_value=0, required=False)
    residents = PersianIntegerField(label="ساکنانی که مطرح کرده‌اند", min_value=0, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["axis"].error_messages["required"] = "محور مسئله را انتخاب کنید."
        self.fields["title"].error_messages["required"] = "عنوان مسئله را بنویسید."
        for name in ("households", "residents"):
            self.fields[name].error_messages["min_value"] = "عدد نمی‌تواند منفی باشد."
            self.fields[name].error_messages["invalid"] = "عددی صحیح وارد کنید."


class ReferForm(StyledFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label="دستگاه", queryset=Agency.objects.none())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agencies
        field.error_messages["required"] = "دستگاهی را برای ارجاع انتخاب کنید."
        field.error_messages["invalid_choice"] = "این دستگاه در فهرست نیست."


class StatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label="وضعیت تازه", choices=NeedStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="فایل نظرسنجی",
        help_text=f"Excel (‎.xlsx‎) یا CSV با کدگذاری UTF-8؛ حداکثر {MAX_IMPORT_BYTES // (1024 * 1024)} مگابایت.",
        error_messages={"required": "فایلی انتخاب نشده است.", "empty": "فایل خالی است."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )


class WeightsForm(StyledFormMixin, forms.Form):
    severity = PersianIntegerField(label="وزن شدت", min_value=0, max_value=100)
    households = PersianIntegerField(label="وزن خانوارهای درگیر", min_value=0, max_value=100)
    residents = PersianIntegerField(label="وزن ساکنان مطرح‌کننده", min_value=0, max_value=100)
    age = PersianIntegerField(label="وزن قدمت", min_value=0, max_value=100)
    households_cap = PersianIntegerField(label="سقف خانوار", min_value=1)
    residents_cap = PersianIntegerField(label="سقف ساکنان", min_value=1)
    age_cap_days = PersianIntegerField(label="سقف قدمت (روز)", min_value=1)

    field_order = list(WEIGHT_FIELDS)


class ServiceForm(StyledFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label="دستگاه", queryset=Agency.objects.none())
    axis = forms.ChoiceField(label="محور", choices=[("", "— انتخاب کنید —"), *Axis.choices])
    name = forms.CharField(label="خدمت", max_length=200)
    unit = forms.CharField(label="واحد", max_length=50, help_text="مثلاً نفر، خانوار، جلسه")
    capacity = PersianIntegerField(label="ظرفیت در هر دوره", min_value=0, max_value=10_000_000)
    period = forms.ChoiceField(label="دوره", choices=ServicePeriod.choices)
    counties = forms.ModelMultipleChoiceField(
        label="شهرستان‌های تحت پوشش", queryset=County.objects.none(), required=False
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label="محله‌هایی که اکنون خدمت می‌گیرند", queryset=TargetNeighbourhood.objects.none(), required=False
    )

    def __init__(self, *args: Any, agencies: Any, province_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("agency", agencies),
            ("counties", County.objects.filter(province_id=province_id).order_by("name")),
            (
                "neighbourhoods",
                TargetNeighbourhood.objects.filter(county__province_id=province_id).order_by(
                    "county__name", "name"
                ),
            ),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
            field.error_messages["invalid_choice"] = "این گزینه در فهرست نیست."
            field.error_messages["invalid_pk_value"] = "این گزینه در فهرست نیست."
        self.fields["agency"].error_messages["required"] = "دستگاه را انتخاب کنید."
        self.fields["axis"].error_messages["required"] = "محور خدمت را انتخاب کنید."
        self.fields["name"].error_messages["required"] = "نام خدمت را بنویسید."
        self.fields["unit"].error_messages["required"] = "واحد خدمت را بنویسید."
        self.fields["capacity"].error_messages["required"] = "ظرفیت را وارد کنید."


class IndicatorValueForm(StyledFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(label="شاخص", queryset=Indicator.objects.none())
    year = PersianIntegerField(label="سال", min_value=1300, max_value=1500)
    month = forms.TypedChoiceField(
        label="ماه (برای شاخص ماهانه)",
        coerce=int,
        required=False,
        choices=[("", "—"), *part_choices("month")],
    )
    season = forms.TypedChoiceField(
        label="فصل (برای شاخص فصلی)", coerce=int, required=False, choices=[("", "—"), *part_choices("season")]
    )
    value = PersianDecimalField(label="مقدار", min_value=0, max_digits=14, decimal_places=2)

    def __init__(self, *args: Any, indicators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = indicators
        field.error_messages["required"] = "شاخص را انتخاب کنید."
        field.error_messages["invalid_choice"] = "این شاخص در فهرست نیست."
        self.fields["year"].error_messages.update(
            {
                "required": "سال را وارد کنید.",
                "min_value": "سال را به تقویم شمسی وارد کنید (مثلاً ۱۴۰۳).",
                "max_value": "سال را به تقویم شمسی وارد کنید (مثلاً ۱۴۰۳).",
            }
        )
        self.fields["value"].error_messages["required"] = "مقدار را وارد کنید."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        indicator = data.get("indicator")
        if indicator is None:
            return data
        if indicator.period == "month":
            if not data.get("month"):
                self.add_error("month", "برای این شاخص ماه را انتخاب کنید.")
            data["part"] = data.get("month") or 0
        elif indicator.period == "season":
            if not data.get("season"):
                self.add_error("season", "برای این شاخص فصل را انتخاب کنید.")
            data["part"] = data.get("season") or 0
        else:
            data["part"] = 0
        return data


# --- Activities and programmes -----------------------------------------------------------------------

PHOTO_ACCEPT = ".png,.jpg,.jpeg,.gif,.webp"


class ActivityForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="نوع فعالیت", choices=[("", "— انتخاب کنید —"), *ActivityKind.choices])
    title = forms.CharField(label="عنوان", max_length=200)
    held_on = JalaliDateField(label="تاریخ برگزاری")
    neighbourhoods = forms.ModelMultipleChoiceField(
        label="محله‌ها",
        queryset=TargetNeighbourhood.objects.none(),
        help_text="محله‌هایی که فعالیت در آن‌ها برگزار شد",
    )
    agencies = forms.ModelMultipleChoiceField(
        label="دستگاه‌های شرکت‌کننده", queryset=Agency.objects.none(), required=False
    )
    volunteer_groups = forms.CharField(
        label="گروه‌های جهادی، خیرین و مجموعه‌های مردمی",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="هر گروه در یک سطر",
    )
    people_served = PersianIntegerField(label="تعداد افراد خدمت‌گرفته", min_value=0, required=False)
    report = forms.CharField(label="گزارش", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    resolution = forms.ModelChoiceField(
        label="مصوبه‌ای که آن را خواسته", queryset=Resolution.objects.none(), required=False
    )
    programme = forms.ModelChoiceField(label="طرح", queryset=Programme.objects.none(), required=False)
    photos = MultipleFileField(
        label="عکس‌ها",
        required=False,
        help_text="PNG، JPEG، GIF یا WebP؛ هر عکس حداکثر ۱۰ مگابایت",
        widget=MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args: Any, neighbourhoods: Any, agencies: Any, resolutions: Any, programmes: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (
            ("neighbourhoods", neighbourhoods),
            ("agencies", agencies),
            ("resolution", resolutions),
            ("programme", programmes),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
            field.error_messages["invalid_choice"] = "گزینه انتخاب‌شده در فهرست نیست."
            field.error_messages["invalid_pk_value"] = "گزینه انتخاب‌شده در فهرست نیست."
        self.fields["kind"].error_messages["required"] = "نوع فعالیت را انتخاب کنید."
        self.fields["title"].error_messages["required"] = "عنوان فعالیت را بنویسید."
        self.fields["neighbourhoods"].error_messages["required"] = "دست‌کم یک محله را انتخاب کنید."
        self.fields["people_served"].error_messages["min_value"] = "عدد نمی‌تواند منفی باشد."
        self.fields["people_served"].error_messages["invalid"] = "عددی صحیح وارد کنید."


class PhotosForm(StyledFormMixin, forms.Form):
    photos = MultipleFileField(
        label="عکس‌های تازه",
        error_messages={"required": "عکسی انتخاب نشده است."},
        widget=MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )


class ProgrammeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="نام طرح", max_length=200)
    description = forms.CharField(label="شرح", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "نام طرح را بنویسید."


class ProgrammeCoverageForm(StyledFormMixin, forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="دستگاه‌های مجری", queryset=Agency.objects.none(), required=False
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label="محله‌های تحت پوشش", queryset=TargetNeighbourhood.objects.none(), required=False
    )

    def __init__(self, *args: Any, agencies: Any, neighbourhoods: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, qs in (("agencies", agencies), ("neighbourhoods", neighbourhoods)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = qs
            field.error_messages["invalid_choice"] = "گزینه انتخاب‌شده در فهرست نیست."


class TargetForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="هدف", max_length=200, error_messages={"required": "عنوان هدف را بنویسید."})
    unit = forms.CharField(label="واحد", max_length=50, required=False)
    target = PersianDecimalField(
        label="مقدار هدف",
        max_digits=14,
        decimal_places=2,
        error_messages={"required": "مقدار هدف را وارد کنید."},
    )
    due_on = JalaliDateField(label="موعد", required=False)


class ProgressForm(StyledFormMixin, forms.Form):
    achieved = PersianDecimalField(
        label="انجام‌شده تاکنون",
        max_digits=14,
        decimal_places=2,
        error_messages={"required": "مقدار انجام‌شده را وارد کنید."},
    )


class ApprovalForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label="یادداشت برای استان", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
