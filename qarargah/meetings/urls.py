from django.urls import path

from . import document_views, participation_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document"),
    path("<int:pk>/<str:kind>.<str:fmt>", document_views.meeting_document, name="file"),
    path("import/", views.import_upload, name="import"),
    path("import/batch/<str:batch>/", views.import_batch, name="import_batch"),
    path("import/draft/<str:token>/", views.import_preview, name="import_preview"),
    path("import/draft/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/draft/<str:token>/cancel/", views.import_cancel, name="import_cancel"),
    # Participation (issue 13): rosters, invitations, attendance, the review item, the calendar.
    *participation_views.urlpatterns,
]
