from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import meeting_documents, meeting_lifecycle, neighbourhood_activities, neighbourhoods, views
from .errors import api_not_found

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path("v1/auth/token/", views.TokenView.as_view(), name="token"),
    path("v1/resolutions/", views.ResolutionListView.as_view(), name="resolution_list"),
    path("v1/resolutions/<int:pk>/", views.ResolutionDetailView.as_view(), name="resolution_detail"),
    path("v1/resolutions/<int:pk>/close/", views.ResolutionCloseView.as_view(), name="resolution_close"),
    path("v1/resolutions/<int:pk>/reopen/", views.ResolutionReopenView.as_view(), name="resolution_reopen"),
    path("v1/assignments/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("v1/assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("v1/assignments/<int:pk>/reports/", views.AssignmentReportView.as_view(), name="assignment_reports"),
    path("v1/reports/<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("v1/reports/<int:pk>/review/", views.ReportReviewView.as_view(), name="report_review"),
    path("v1/attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("v1/meetings/import/", views.MeetingImportView.as_view(), name="meeting_import"),
    # GET the scoped list (meeting_documents), POST schedule a meeting (meeting_lifecycle).
    path("v1/meetings/", meeting_lifecycle.MeetingCollectionView.as_view(), name="meeting_list"),
    path("v1/meetings/<int:pk>/", meeting_documents.MeetingDetailView.as_view(), name="meeting_detail"),
    path(
        "v1/meetings/<int:pk>/minutes.docx",
        meeting_documents.MinutesDocxView.as_view(),
        name="meeting_minutes_docx",
    ),
    path(
        "v1/meetings/<int:pk>/minutes.pdf",
        meeting_documents.MinutesPdfView.as_view(),
        name="meeting_minutes_pdf",
    ),
    path(
        "v1/meetings/<int:pk>/invitation.docx",
        meeting_documents.InvitationDocxView.as_view(),
        name="meeting_invitation_docx",
    ),
    path(
        "v1/meetings/<int:pk>/invitation.pdf",
        meeting_documents.InvitationPdfView.as_view(),
        name="meeting_invitation_pdf",
    ),
    *meeting_lifecycle.urlpatterns,
    path("v1/neighbourhoods/", neighbourhoods.NeighbourhoodListView.as_view(), name="neighbourhood_list"),
    path(
        "v1/neighbourhoods/<int:pk>/",
        neighbourhoods.NeighbourhoodDetailView.as_view(),
        name="neighbourhood_detail",
    ),
    path("v1/needs/", neighbourhoods.NeedListView.as_view(), name="need_list"),
    path("v1/needs/import/", neighbourhoods.NeedImportView.as_view(), name="need_import"),
    path("v1/priorities/", neighbourhoods.PrioritiesView.as_view(), name="priorities"),
    path("v1/coverage/", neighbourhoods.CoverageView.as_view(), name="coverage"),
    path("v1/activities/", neighbourhood_activities.ActivityListView.as_view(), name="activity_list"),
    path("v1/programmes/", neighbourhood_activities.ProgrammeListView.as_view(), name="programme_list"),
    path(
        "v1/indicators/values/",
        neighbourhood_activities.IndicatorValueView.as_view(),
        name="indicator_values",
    ),
    path("v1/meetings/", include("qarargah.api.meeting_participation")),  # attendance (issue 13)
    path("", include("qarargah.api.registry")),  # the target-group registry (issue 15)
    # Anything else under /api/ answers in the API's JSON error shape, not the HTML 404 page.
    # [\s\S], not ".": a path with a newline in it is still ours to answer.
    re_path(r"^[\s\S]*$", api_not_found),
]
