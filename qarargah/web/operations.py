"""What operators and uptime checks talk to: the health check, the 403 page, cache headers."""

from __future__ import annotations

from collections.abc import Callable

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
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
