from django.urls import path

from . import document_views, lifecycle_views, participation_views, views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document"),
    path("<int:pk>/<str:kind>.<str:fmt>", document_views.meeting_document, name="file"),
    # The life cycle (decision 0029)
    path("schedule/", lifecycle_views.meeting_schedule, name="schedule"),
    path("<int:pk>/edit/", lifecycle_views.meeting_edit, name="edit"),
    path("<int:pk>/delete/", lifecycle_views.meeting_delete, name="delete"),
    path("<int:pk>/agenda/", lifecycle_views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/remove/", lifecycle_views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/agenda/<int:item>/move/", lifecycle_views.agenda_move, name="agenda_move"),
    path("<int:pk>/record/", lifecycle_views.record, name="record"),
    path("<int:pk>/record/autosave/", lifecycle_views.record_autosave, name="record_autosave"),
    path(
        "<int:pk>/record/deadline-preview/", lifecycle_views.record_deadline_preview, name="record_deadline"
    ),
    path(
        "<int:pk>/record/resolutions/<int:resolution>/remove/",
        lifecycle_views.record_remove_resolution,
        name="record_remove_resolution",
    ),
    path("<int:pk>/circulate/", lifecycle_views.circulate, name="circulate"),
    path("<int:pk>/review/", lifecycle_views.review, name="review"),
    path("<int:pk>/sign/", lifecycle_views.sign, name="sign"),
    path("<int:pk>/sign/code/", lifecycle_views.sign_code, name="sign_code"),
    path("<int:pk>/amend/", lifecycle_views.amend, name="amend"),
    path("<int:pk>/amendments/<int:number>/sign/", lifecycle_views.amendment_sign, name="amendment_sign"),
    path("import/", views.import_upload, name="import"),
    path("import/batch/<str:batch>/", views.import_batch, name="import_batch"),
    path("import/draft/<str:token>/", views.import_preview, name="import_preview"),
    path("import/draft/<str:token>/confirm/", views.import_confirm, name="import_confirm"),
    path("import/draft/<str:token>/cancel/", views.import_cancel, name="import_cancel"),
    # Participation (issue 13): rosters, invitations, attendance, the review item, the calendar.
    *participation_views.urlpatterns,
]
