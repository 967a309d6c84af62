"""What operators and uptime checks talk to: the health check, the 403 page, cache headers."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from qarargah.persian.text import has_persian_letters

GENERIC_FORBIDDEN = "شما اجازه انجام این کار را ندارید."


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and every migration is applied; 503 with the reason if not."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError:
        checks["database"] = "unreachable"
        return JsonResponse({"status": "error", "checks": checks}, status=503)
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
    healthy = not pending
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page says why, in Persian: our services' messages are shown, anything else is not."""
    reason = str(exception or "")
    return render(
        request,
        "403.html",
        {"reason": reason if has_persian_letters(reason) and reason != GENERIC_FORBIDDEN else ""},
        status=403,
    )


class PrivateCacheMiddleware:
    """Pages and JSON answered to a signed-in user are never kept by a shared or browser cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated)
        if authenticated or request.headers.get("Authorization"):
            patch_cache_control(response, private=True, no_store=True)
        return response


# C0 controls other than tab and line breaks, and DEL. PostgreSQL refuses NUL in a query
# parameter outright; the others mean nothing in a search or a filter.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ControlCharactersMiddleware:
    """Query parameters lose their control characters at the boundary, the same on every database.

    Forms refuse NUL themselves (Django's and DRF's CharField, with a Persian message), and
    uploaded text loses control characters in ``persian.normalise``; this covers searches and
    filters, which are read straight from ``request.GET``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%" in request.META.get("QUERY_STRING", "") and any(
            _CONTROL_RE.search(key) or any(_CONTROL_RE.search(v) for v in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(_CONTROL_RE.sub("", key), [_CONTROL_RE.sub("", v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
