from django.urls import path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("", views.resolution_list, name="resolution_list"),
    path("export.xlsx", views.resolution_list_xlsx, name="resolution_list_xlsx"),
    path("filter-options/", views.filter_options, name="filter_options"),
    path("<int:pk>/", views.resolution_detail, name="resolution_detail"),
    path("<int:pk>/edit/", views.resolution_edit, name="resolution_edit"),
    path("<int:pk>/deadline-preview/", views.deadline_preview, name="deadline_preview"),
    path("<int:pk>/assignments/add/", views.assignment_add, name="assignment_add"),
    path("<int:pk>/close/", views.resolution_close, name="resolution_close"),
    path("<int:pk>/reopen/", views.resolution_reopen, name="resolution_reopen"),
    path("inbox/", views.inbox, name="inbox"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/remove/", views.assignment_remove, name="assignment_remove"),
    path("assignments/<int:pk>/role/", views.assignment_role, name="assignment_role"),
    path("assignments/<int:pk>/start/", views.assignment_start, name="assignment_start"),
    path("assignments/<int:pk>/report/", views.report_submit, name="report_submit"),
    path("assignments/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/withdraw/", views.report_withdraw, name="report_withdraw"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("past-review/", views.past_review, name="past_review"),
    path("past-review/export.docx", views.past_review_docx, name="past_review_docx"),
    path("scoreboard/", views.scoreboard, name="scoreboard"),
    path("scoreboard/export.xlsx", views.scoreboard_xlsx, name="scoreboard_xlsx"),
]
