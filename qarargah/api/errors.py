"""Every API error is JSON of one shape, with a Persian message and a machine-readable code:

    {"error": {"code": "not_found", "message": "…", "fields": {"text": ["…"]}}}

``fields`` appears only for validation errors. The handler below is the one place that turns
service errors (``ServiceError``, Django's ``PermissionDenied`` / ``Http404``) and DRF's own
exceptions into status codes, so views never build error responses by hand. DRF's English (or
half-translated) messages for authentication, methods and parsing are replaced by our own.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from qarargah.core.errors import ConcurrentEditError, ServiceError
from qarargah.persian import to_persian_digits
from qarargah.persian.text import has_persian_letters

logger = logging.getLogger("qarargah.api")

NOT_FOUND = "موردی با این نشانی پیدا نشد، یا شما اجازه دیدن آن را ندارید."
NOT_AUTHENTICATED = (
    "برای استفاده از این رابط باید احراز هویت کنید: توکن خود را در سرآیند Authorization به شکل "
    "«Token <توکن>» بفرستید. توکن را با نام کاربری و گذرواژه از ‎/api/v1/auth/token/‎ بگیرید."
)
AUTHENTICATION_FAILED = (
    "توکن فرستاده‌شده معتبر نیست یا باطل شده است؛ با نام کاربری و گذرواژه از ‎/api/v1/auth/token/‎ "
    "توکن تازه بگیرید."
)
PERMISSION_DENIED = "شما اجازه این کار را ندارید."
CSRF_FAILED = (
    "درخواست بدون نشانه امنیتی (CSRF) معتبر رسید. در مرورگر صفحه را دوباره بارگذاری کنید؛ "
    "برنامه‌ها به جای نشست از توکن استفاده کنند."
)
VALIDATION_FAILED = "برخی از مقادیر فرستاده‌شده درست نیستند؛ جزئیات هر مورد در fields آمده است."
PARSE_ERROR = "بدنه درخواست خوانده نشد؛ JSON یا فرم چندبخشی (multipart) درست بفرستید."
TOO_LARGE = "حجم درخواست بیش از اندازه مجاز است؛ فایل کوچک‌تری بفرستید."
SERVER_ERROR = (
    "خطایی در سامانه رخ داد و درخواست انجام نشد؛ دوباره تلاش کنید و اگر تکرار شد به مدیر سامانه خبر دهید."
)

# ServiceError codes whose natural HTTP status is not 400.
SERVICE_ERROR_STATUS: dict[str, int] = {
    "conflict": status.HTTP_409_CONFLICT,
    "invalid_transition": status.HTTP_409_CONFLICT,
    "pending_extension": status.HTTP_409_CONFLICT,
    # Deleted by someone else while this request waited for its lock.
    "gone": status.HTTP_409_CONFLICT,
    # Report attachments (qarargah.resolutions.attachments) and minutes files (minutes_parser).
    "attachment_too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    "too_large": status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    "attachment_type": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    "attachment_forged": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    "pdf": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    "binary": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    "unsupported": status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
}


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def error_response(
    code: str, message: str, http_status: int, *, fields: dict[str, Any] | None = None, headers=None
) -> Response:
    return Response(error_body(code, message, fields), status=http_status, headers=headers)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = TOO_LARGE


class InvalidPage(exceptions.APIException):
    status_code = status.HTTP_404_NOT_FOUND
    default_code = "invalid_page"


class Locked(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked"


def _messages(detail: Any) -> list[str]:
    """Every message under one field as a flat list, in order, each once. A list field (several
    files) reports its items' errors by position, ``{"0": [...]}``; the documented shape of
    ``fields`` is a list of strings per field, so the positions are dropped."""
    if isinstance(detail, dict):
        nested = [m for value in detail.values() for m in _messages(value)]
    elif isinstance(detail, list):
        nested = [m for item in detail for m in _messages(item)]
    else:
        nested = [str(detail)]
    return list(dict.fromkeys(nested))


def _validation_fields(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        flat = {str(key): _messages(value) for key, value in detail.items()}
        # DRF calls errors that belong to no single field "non_field_errors".
        if "non_field_errors" in flat:
            flat["_"] = flat.pop("non_field_errors")
        return flat
    return {"_": _messages(detail)}


def _first_message(fields: dict[str, Any]) -> str | None:
    """The first field message, for a top-level message that says what is wrong."""
    for value in fields.values():
        while isinstance(value, list | dict):
            if not value:
                break
            value = value[0] if isinstance(value, list) else next(iter(value.values()))
        if isinstance(value, str):
            return value
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    headers: dict[str, str] = {}

    if isinstance(exc, Http404 | exceptions.NotFound) and not isinstance(exc, InvalidPage):
        return error_response("not_found", NOT_FOUND, status.HTTP_404_NOT_FOUND)

    if isinstance(exc, ConcurrentEditError):
        return error_response("conflict", exc.message, status.HTTP_409_CONFLICT)

    if isinstance(exc, ServiceError):
        http_status = SERVICE_ERROR_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST)
        return error_response(exc.code, exc.message, http_status)

    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc) or PERMISSION_DENIED
        return error_response("permission_denied", message, status.HTTP_403_FORBIDDEN)

    if isinstance(exc, RequestDataTooBig):
        return error_response("too_large", TOO_LARGE, status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)

    if isinstance(exc, SuspiciousOperation):
        return error_response("bad_request", PARSE_ERROR, status.HTTP_400_BAD_REQUEST)

    if not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None  # let Django show the traceback page
        logger.exception("Unhandled error in API view %s", context.get("view"), exc_info=exc)
        return error_response("server_error", SERVER_ERROR, status.HTTP_500_INTERNAL_SERVER_ERROR)

    # DRF's own exceptions. Only some of them carry these attributes (checked by getattr first),
    # so APIException's type does not declare them: hence the attr-defined ignores.
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    http_status = exc.status_code

    if isinstance(exc, exceptions.ValidationError):
        fields = _validation_fields(exc.detail)
        message = VALIDATION_FAILED
        first = _first_message(fields)
        if first and len(fields) == 1:
            message = first
        return error_response("invalid", message, http_status, fields=fields, headers=headers)
    if isinstance(exc, exceptions.NotAuthenticated):
        code, message = "not_authenticated", NOT_AUTHENTICATED
    elif isinstance(exc, exceptions.AuthenticationFailed):
        code, message = "authentication_failed", AUTHENTICATION_FAILED
    elif isinstance(exc, exceptions.PermissionDenied):
        detail = str(exc.detail)
        if detail.startswith("CSRF Failed"):
            code, message = "csrf_failed", CSRF_FAILED
        else:
            code, message = "permission_denied", _persian_or(detail, PERMISSION_DENIED)
    elif isinstance(exc, exceptions.MethodNotAllowed):
        view = context.get("view")
        allowed = "، ".join(m for m in getattr(view, "allowed_methods", []) if m not in ("OPTIONS", "HEAD"))
        request = context.get("request")
        method = getattr(request, "method", "")
        code = "method_not_allowed"
        message = f"روش {method} برای این نشانی پذیرفته نیست؛ روش‌های مجاز: {allowed}."
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        code = "unsupported_media_type"
        message = (
            "نوع محتوای درخواست پذیرفته نیست؛ داده‌ها را به صورت JSON (application/json) یا فرم چندبخشی "
            "(multipart/form-data) بفرستید."
        )
    elif isinstance(exc, exceptions.ParseError):
        code, message = "parse_error", PARSE_ERROR
    elif isinstance(exc, exceptions.NotAcceptable):
        code, message = (
            "not_acceptable",
            "این رابط فقط JSON برمی‌گرداند؛ سرآیند Accept را application/json بگذارید.",
        )
    elif isinstance(exc, exceptions.Throttled):
        code = "throttled"
        message = "درخواست‌های شما بیش از حد مجاز بود؛ کمی بعد دوباره تلاش کنید."
        if getattr(exc, "wait", None):
            message = f"درخواست‌های شما بیش از حد مجاز بود؛ {to_persian_digits(str(int(exc.wait)))} ثانیه دیگر دوباره تلاش کنید."
    else:
        code = str(getattr(exc, "default_code", "error"))
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
        message = _persian_or(str(exc.detail), SERVER_ERROR if http_status >= 500 else PERMISSION_DENIED)
    return error_response(code, message, http_status, headers=headers)


def _persian_or(text: str, fallback: str) -> str:
    """Keep messages we wrote (Persian); replace DRF's English defaults."""
    return text if has_persian_letters(text) else fallback


@csrf_exempt  # an unknown path has nothing to protect; a POST must not get Django's HTML CSRF page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown paths under /api/ answer in the API's JSON shape rather than the HTML 404 page."""
    # Unescaped Persian, like the DRF responses (JSONRenderer writes UTF-8, not ASCII escapes).
    return JsonResponse(
        error_body("not_found", NOT_FOUND), status=404, json_dumps_params={"ensure_ascii": False}
    )
