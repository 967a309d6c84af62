"""REST API views. Each one parses input with a thin serializer, fetches objects through the
scoping helpers (404 alike for hidden and missing), and calls one selector or one service;
errors become JSON in :mod:`qarargah.api.errors`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qarargah.core.errors import ServiceError
from qarargah.meetings import importer
from qarargah.meetings.access import require_minutes_importer
from qarargah.minutes_parser import MAX_FILE_BYTES
from qarargah.minutes_parser import MESSAGES as MINUTES_MESSAGES
from qarargah.organisations.access import get_body_for_user
from qarargah.organisations.models import Agency, TargetNeighbourhood
from qarargah.persian import to_persian_digits
from qarargah.resolutions import access, selectors, services
from qarargah.resolutions.attachments import KINDS as ATTACHMENT_KINDS
from qarargah.resolutions.attachments import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_REPORT,
    attachment_response,
)
from qarargah.resolutions.models import ProgressReport

from . import serializers as s
from .errors import Locked, RequestTooLarge
from .models import ApiToken
from .tokens import HashedTokenAuthentication, issue_token, revoke_token

MB = 1024 * 1024
# The API's refusal of an import since v1 (clients match on it); the pages word it their own way.
IMPORT_REFUSED = "شما اجازه تغییر این اطلاعات را ندارید."


def _errors(*codes: int | str) -> dict[int, OpenApiResponse]:
    descriptions = {
        400: "invalid input (error.fields says which)",
        401: "no token, or an invalid one",
        403: "your role may not do this",
        404: "missing, or not visible to you (the two look the same)",
        # Lists: a page number beyond the last page (or not a number) is code invalid_page.
        "404-page": "no such page (code invalid_page): the page number is beyond the last page",
        409: "someone changed it first (stale version) or its state does not allow this",
        413: "file too large",
        415: "body or file type not accepted (a file is checked by its content)",
        429: "account locked after repeated failed logins",
    }
    return {
        int(str(code).split("-")[0]): OpenApiResponse(s.ErrorSerializer, description=descriptions[code])
        for code in codes
    }


class ApiView(APIView):
    """Our base: an optional cap on the request size, checked before the body is read."""

    max_request_bytes: int | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.max_request_bytes is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > self.max_request_bytes:
                raise RequestTooLarge()


# --- Authentication ------------------------------------------------------------------------------------


def _locked_message() -> str:
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return (
        "ورود با این نام کاربری به دلیل چند بار تلاش ناموفق موقتاً قفل شده است؛ "
        f"{to_persian_digits(str(minutes))} دقیقه دیگر دوباره تلاش کنید یا با مدیر سامانه تماس بگیرید."
    )


class TokenView(ApiView):
    # Credentials come in the body; only a token (for DELETE) is read from the headers, so there
    # is no session and no CSRF check on this endpoint.
    authentication_classes = [HashedTokenAuthentication]
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=["auth"],
        summary="Obtain a token from username and password",
        request=s.TokenRequestSerializer,
        # 401: a token sent along that is invalid is refused before the body is read.
        responses={200: s.TokenSerializer, **_errors(400, 401, 415, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        form = s.TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        django_request = request._request
        # Through django.contrib.auth so django-axes counts failures and locks exactly as on the
        # login page (it locks by username; see settings.AXES_LOCKOUT_PARAMETERS).
        user = authenticate(
            request=django_request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            # Axes marks the request so its middleware swaps in the HTML lockout page; the API
            # answers in its own JSON shape, so clear the mark once we have answered.
            django_request.axes_locked_out = False
            raise Locked(_locked_message())
        if user is None:
            raise ServiceError(
                "نام کاربری یا گذرواژه درست نیست. پس از چند تلاش ناموفق، ورود با این نام کاربری موقتاً قفل می‌شود.",
                code="invalid_credentials",
            )
        token, key = issue_token(user=user)
        return Response({"token": key, "expires_at": token.expires_at, "user": s.UserSerializer(user).data})

    @extend_schema(
        tags=["auth"],
        summary="Revoke the token used for this request",
        request=None,
        responses={204: None, **_errors(401)},
    )
    def delete(self, request: Request) -> Response:
        if not request.user.is_authenticated or not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated()
        revoke_token(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Resolutions ------------------------------------------------------------------------------------------


class ResolutionListView(GenericAPIView, ApiView):
    serializer_class = s.ResolutionListSerializer

    @extend_schema(
        tags=["resolutions"],
        summary="Resolutions visible to you, newest meeting first",
        parameters=[s.ResolutionFilterSerializer],
        responses={200: s.ResolutionListSerializer(many=True), **_errors(400, 401, "404-page")},
    )
    def get(self, request: Request) -> Response:
        filters = s.ResolutionFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        resolutions = selectors.resolutions_for_user(request.user, **filters.validated_data)
        page = self.paginate_queryset(resolutions)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def page_rows(self, keys: list[int]) -> Any:
        return selectors.resolution_rows(self.request.user, keys)


class ResolutionDetailView(ApiView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=["resolutions"],
        summary="One resolution with the assignments you may see",
        responses={200: s.ResolutionDetailSerializer, **_errors(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        resolution = access.get_resolution_for_user(
            request.user,
            pk,
            queryset=selectors.resolutions_for_user(request.user).prefetch_related("neighbourhoods"),
        )
        return Response(s.ResolutionDetailSerializer(resolution, context={"request": request}).data)

    @extend_schema(
        tags=["resolutions"],
        summary="Correct a resolution (secretariat): text, axis, deadline, target, neighbourhoods, agencies",
        request=s.ResolutionUpdateSerializer,
        responses={200: s.ResolutionDetailSerializer, **_errors(400, 401, 403, 404, 409, 415)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        resolution = access.get_resolution_for_writer(request.user, pk)
        form = s.ResolutionUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        version = data.pop("version", None)
        neighbourhoods = None
        if "neighbourhoods" in data:
            wanted = set(data.pop("neighbourhoods"))
            neighbourhoods = list(TargetNeighbourhood.objects.filter(pk__in=wanted).select_related("county"))
            if len(neighbourhoods) != len(wanted):
                raise exceptions.ValidationError({"neighbourhoods": ["محله‌ای با این شناسه پیدا نشد."]})
        agencies = None
        if "agencies" in data:
            wanted = data.pop("agencies")
            found = Agency.objects.filter(
                province_id=resolution.province_id, pk__in=[row["agency"] for row in wanted]
            ).in_bulk()
            missing = [row["agency"] for row in wanted if row["agency"] not in found]
            if missing:
                raise exceptions.ValidationError(
                    {
                        "agencies": [
                            f"دستگاهی با شناسه {to_persian_digits(str(missing[0]))} در این استان نیست."
                        ]
                    }
                )
            agencies = [(found[row["agency"]], row["role"]) for row in wanted]
        if "target_quantity" in data or "target_unit" in data:
            quantity = data.get("target_quantity", resolution.target_quantity)
            data["target_unit"] = (
                data.get("target_unit", resolution.target_unit) if quantity is not None else ""
            )
        try:
            # One transaction: a refused agency change leaves the text and deadline untouched too.
            with transaction.atomic():
                services.update_resolution(
                    actor=request.user,
                    resolution=resolution,
                    expected_version=version,
                    neighbourhoods=neighbourhoods,
                    **data,
                )
                if agencies is not None:
                    services.replace_agencies(actor=request.user, resolution=resolution, agencies=agencies)
        except ServiceError as exc:
            if exc.code == "deadline":
                # At the field, as the serializer would (a date without its year, read in the
                # meeting's year, is only checked once the meeting is known).
                raise exceptions.ValidationError({"deadline": [exc.message]}) from None
            raise
        return self.get(request, pk)


class _ClosureView(ApiView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    close = True

    def post(self, request: Request, pk: int) -> Response:
        resolution = access.get_resolution_for_writer(request.user, pk)
        form = s.ClosureSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        service = services.close_resolution if self.close else services.reopen_resolution
        service(
            actor=request.user,
            resolution=resolution,
            reason=form.validated_data["reason"],
            expected_version=form.validated_data.get("version"),
        )
        fresh = access.get_resolution_for_user(
            request.user,
            pk,
            queryset=selectors.resolutions_for_user(request.user).prefetch_related("neighbourhoods"),
        )
        return Response(s.ResolutionDetailSerializer(fresh, context={"request": request}).data)


class ResolutionCloseView(_ClosureView):
    @extend_schema(
        tags=["resolutions"],
        summary="Close a resolution with a reason (secretariat): done, nothing of it due any more",
        request=s.ClosureSerializer,
        responses={200: s.ResolutionDetailSerializer, **_errors(400, 401, 403, 404, 409, 415)},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


class ResolutionReopenView(_ClosureView):
    close = False

    @extend_schema(
        tags=["resolutions"],
        summary="Reopen a resolution the secretariat closed, with a reason",
        request=s.ClosureSerializer,
        responses={200: s.ResolutionDetailSerializer, **_errors(400, 401, 403, 404, 409, 415)},
    )
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)


# --- Assignments -----------------------------------------------------------------------------------------


class AssignmentListView(GenericAPIView, ApiView):
    serializer_class = s.AssignmentListSerializer

    @extend_schema(
        tags=["assignments"],
        summary="Assignments visible to you, soonest due first (mine=true: your agency's only)",
        parameters=[s.AssignmentFilterSerializer],
        responses={200: s.AssignmentListSerializer(many=True), **_errors(400, 401, "404-page")},
    )
    def get(self, request: Request) -> Response:
        filters = s.AssignmentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        assignments = selectors.assignments_for_user(request.user, **filters.validated_data)
        page = self.paginate_queryset(assignments)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AssignmentDetailView(ApiView):
    @extend_schema(
        tags=["assignments"],
        summary="One assignment with its reports and extension requests",
        responses={200: s.AssignmentDetailSerializer, **_errors(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        assignment = access.get_assignment_for_user(request.user, pk)
        data = selectors.assignment_page_data(request.user, assignment)
        assignment.report_list = data["reports"]
        assignment.extension_list = data["extensions"]
        return Response(s.AssignmentDetailSerializer(assignment, context={"request": request}).data)


def _report_response(request: Request, report: ProgressReport, http_status: int = 200) -> Response:
    fresh = (
        ProgressReport.objects.select_related("author", "reviewed_by")
        .prefetch_related("attachments")
        .get(pk=report.pk)
    )
    return Response(s.ReportSerializer(fresh, context={"request": request}).data, status=http_status)


class AssignmentReportView(ApiView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    # Refuse absurd uploads before reading them: every allowed file at its largest, plus the text.
    max_request_bytes = MAX_ATTACHMENTS_PER_REPORT * MAX_ATTACHMENT_BYTES + MB

    @extend_schema(
        tags=["assignments"],
        summary="Submit a progress report (multipart: text, optional file(s), achieved_quantity)",
        request={"multipart/form-data": s.ReportCreateSerializer},
        responses={201: s.ReportSerializer, **_errors(400, 401, 403, 404, 409, 413, 415)},
    )
    def post(self, request: Request, pk: int) -> Response:
        assignment = access.get_assignment_for_writer(request.user, pk)
        form = s.ReportCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        report = services.submit_progress_report(
            actor=request.user,
            assignment=assignment,
            text=data["text"],
            achieved_quantity=data.get("achieved_quantity"),
            files=data.get("file", []),
            expected_version=data.get("version"),
        )
        return _report_response(request, report, status.HTTP_201_CREATED)


class ReportDetailView(ApiView):
    """One report; its agency corrects (PATCH) or withdraws (DELETE) it while it waits for review."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=["reports"],
        summary="One progress report",
        responses={200: s.ReportSerializer, **_errors(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return _report_response(request, access.get_report_for_user(request.user, pk))

    @extend_schema(
        tags=["reports"],
        summary="Correct a report still waiting for review (its agency; attachments stay as sent)",
        request=s.ReportEditSerializer,
        responses={200: s.ReportSerializer, **_errors(400, 401, 403, 404, 409, 415)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        report = access.get_report_for_author(request.user, pk)
        form = s.ReportEditSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        edited = services.edit_progress_report(
            actor=request.user,
            report=report,
            text=data.get("text", report.text),
            achieved_quantity=data.get("achieved_quantity", report.achieved_quantity),
            expected_version=data.get("version"),
        )
        return _report_response(request, edited)

    @extend_schema(
        tags=["reports"],
        summary="Withdraw a report still waiting for review (its agency); the report is kept as withdrawn",
        responses={200: s.ReportSerializer, **_errors(400, 401, 403, 404, 409)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        report = access.get_report_for_author(request.user, pk)
        withdrawn = services.withdraw_progress_report(actor=request.user, report=report)
        return _report_response(request, withdrawn)


class ReportReviewView(ApiView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=["reports"],
        summary="Decide on a report (secretariat): accept as progress, accept and close, or return",
        request=s.ReviewSerializer,
        responses={200: s.ReportSerializer, **_errors(400, 401, 403, 404, 409, 415)},
    )
    def post(self, request: Request, pk: int) -> Response:
        report = access.get_report_for_writer(request.user, pk)
        form = s.ReviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        reviewed = services.review_progress_report(
            actor=request.user,
            report=report,
            decision=data["decision"],
            comment=data.get("comment", ""),
            expected_version=data.get("version"),
        )
        return _report_response(request, reviewed)


class AttachmentDownloadView(ApiView):
    """The file of a report attachment, for token clients (the page app's download view needs a
    session). Same rule as there: only those who may see the report, everyone else the same 404."""

    @extend_schema(
        tags=["reports"],
        summary="Download a report attachment",
        responses={
            # Served with the type its content was recognised as on upload, one of these.
            **{
                (200, kind.content_type): OpenApiResponse(
                    OpenApiTypes.BINARY, description="the file, as uploaded (Content-Disposition: attachment)"
                )
                for kind in ATTACHMENT_KINDS
            },
            **_errors(401, 404),
        },
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        return attachment_response(access.get_attachment_for_user(request.user, pk))


# --- Meetings ---------------------------------------------------------------------------------------------


class MeetingImportView(ApiView):
    parser_classes = [MultiPartParser]
    max_request_bytes = MAX_FILE_BYTES + MB

    @extend_schema(
        tags=["meetings"],
        summary="Import a minutes file (dry_run=true: parse and match only, save nothing)",
        request={"multipart/form-data": s.ImportRequestSerializer},
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description=(
                    "dry_run=true: the keys of `qarargah parse --json` plus `matching`; otherwise an "
                    "import result as for 201 (outcome updated or unchanged)"
                ),
                examples=[
                    OpenApiExample(
                        "dry run",
                        value={
                            "title": "بیست و سومین صورتجلسه قرارگاه اجتماعی استان",
                            "number": 23,
                            "date": "1402-07-29",
                            "resolutions": [],
                            "warnings": [],
                            "matching": {
                                "outcome": "new",
                                "body": {"id": 1, "name": "قرارگاه اجتماعی استان"},
                            },
                        },
                    )
                ],
            ),
            201: s.ImportResultSerializer,
            **_errors(400, 401, 403, 404, 413, 415),
        },
    )
    def post(self, request: Request) -> Response:
        require_minutes_importer(request.user, message=IMPORT_REFUSED)
        form = s.ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        dry_run = data["dry_run"] or _query_flag(request, "dry_run")
        body = get_body_for_user(request.user, data["body"]) if data.get("body") else None
        upload = data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ServiceError(MINUTES_MESSAGES["too_large"], code="too_large")
        content = upload.read()
        if dry_run:
            preview = importer.preview_minutes(
                actor=request.user, body=body, filename=upload.name, data=content
            )
            return Response(s.preview_data(preview))
        result = importer.import_minutes(
            actor=request.user, body=body, filename=upload.name, data=content, require_agencies=True
        )
        http_status = status.HTTP_201_CREATED if result.outcome == "created" else status.HTTP_200_OK
        return Response(s.import_result_data(result), status=http_status)


def _query_flag(request: Request, name: str) -> bool:
    field = s.serializers.BooleanField(error_messages={"invalid": f"مقدار {name} باید true یا false باشد."})
    raw = request.query_params.get(name)
    if raw is None:
        return False
    try:
        return field.to_internal_value(raw)
    except exceptions.ValidationError as exc:
        raise exceptions.ValidationError({name: exc.detail}) from None


# --- Documentation -----------------------------------------------------------------------------------------


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from the installed sidecar files. The split view serves the start-up script
    from its own URL (``?script``), so the page has no inline script and works under the site's
    ``script-src 'self'`` policy; our template also drops drf-spectacular's inline <style>."""

    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "رابط برنامه‌نویسی سامانه قرارگاه"
