from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/pending/", views.pending_agencies, name="pending_agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("agencies/<int:pk>/aliases/", views.alias_add, name="alias_add"),
    path("agencies/<int:pk>/aliases/<int:alias_pk>/delete/", views.alias_remove, name="alias_remove"),
    path("agencies/<int:pk>/confirm/", views.agency_confirm, name="agency_confirm"),
    path("agencies/<int:pk>/merge/", views.agency_merge, name="agency_merge"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("neighbourhoods/", views.neighbourhood_list, name="neighbourhood_list"),
    path("provinces/", views.province_list, name="province_list"),
]
