from django.urls import path

from . import views

app_name = "neighbourhoods"

urlpatterns = [
    path("", views.neighbourhood_list, name="list"),
    path("<int:pk>/", views.neighbourhood_detail, name="detail"),
    path("<int:pk>/needs/new/", views.need_create, name="need_create"),
    path("<int:pk>/indicators/", views.indicator_record, name="indicator_record"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", views.need_edit, name="need_edit"),
    path("needs/<int:pk>/refer/", views.need_refer, name="need_refer"),
    path("needs/<int:pk>/status/", views.need_status, name="need_status"),
    path("needs/import/", views.import_upload, name="import"),
    path("needs/import/template/", views.import_template, name="import_template"),
    path("needs/import/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("priorities/", views.priorities, name="priorities"),
    path("priorities/weights/", views.weights, name="weights"),
    path("services/", views.agency_services, name="services"),
    path("services/<int:pk>/remove/", views.agency_service_remove, name="service_remove"),
    path("coverage/", views.coverage_grid, name="coverage"),
]
