from django.contrib import admin

from .models import Agency, AgencyAlias, Body, BodyMembership, County, Province, TargetNeighbourhood


class AliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 0


class MembershipInline(admin.TabularInline):
    model = BodyMembership
    extra = 0
    autocomplete_fields = ["agency"]


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
