from django import forms
from django.contrib import admin

from qarargah.ui.forms import JalaliDateField
from qarargah.ui.templatetags.persian_tags import jalali

from .models import (
    Agency,
    AgencyAlias,
    Body,
    BodyMembership,
    CalendarAmendment,
    County,
    Province,
    TargetNeighbourhood,
)


class AliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 0


class MembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    autocomplete_fields = ["agency"]
    # Representatives and deputies are named on the body's roster page (meetings), where who may
    # name them and what a mobile number looks like are checked.
    fields = ["agency"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "asap_days"]
    search_fields = ["name"]


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["name", "province"]
    list_filter = ["province"]
    search_fields = ["name"]


@admin.register(TargetNeighbourhood)
class TargetNeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "county", "kind", "population", "households"]
    list_filter = ["kind", "county__province"]
    search_fields = ["name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "county", "status"]
    list_filter = ["status", "kind", "province"]
    search_fields = ["name", "aliases__name"]
    inlines = [AliasInline]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "province", "county", "parent"]
    list_filter = ["kind", "level", "province"]
    search_fields = ["name"]
    inlines = [MembershipInline]


class CalendarAmendmentForm(forms.ModelForm):
    date = JalaliDateField(label="تاریخ")

    class Meta:
        model = CalendarAmendment
        fields = ["date", "kind", "reason"]


@admin.register(CalendarAmendment)
class CalendarAmendmentAdmin(admin.ModelAdmin):
    """The year's announced closures (and cancelled holidays) on top of the official list."""

    form = CalendarAmendmentForm
    list_display = ["date_jalali", "kind", "reason"]
    list_filter = ["kind"]
    search_fields = ["reason"]

    @admin.display(description="تاریخ", ordering="date")
    def date_jalali(self, obj: CalendarAmendment) -> str:
        return jalali(obj.date)
