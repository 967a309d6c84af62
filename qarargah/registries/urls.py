from django.urls import path

from . import views

app_name = "registries"

urlpatterns = [
    path("", views.source_list, name="sources"),
    path("groups/", views.group_create, name="group_create"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/uploads/<str:token>/", views.upload_preview, name="upload_preview"),
    path("quarantine/", views.quarantine_list, name="quarantine"),
    path("quarantine/<int:pk>/", views.quarantine_fix, name="quarantine_fix"),
    path("link/", views.link_page, name="link"),
    path("link/<int:pk>/", views.link_run, name="link_run"),
    path("link/<int:pk>/status/", views.link_run_status, name="link_run_status"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_item, name="review"),
    path("persons/", views.person_search, name="persons"),
    path("persons/<int:pk>/", views.person_detail, name="person"),
    path("export/", views.records_export, name="export"),
    path("aggregates/", views.aggregates, name="aggregates"),
    path("aggregates.xlsx", views.aggregates_xlsx, name="aggregates_xlsx"),
]
