"""The home page each role lands on, and the login view with Persian wording."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from qarargah.accounts.models import Role
from qarargah.accounts.scoping import scope_for
from qarargah.ui.home import home_panels


# GET and HEAD: uptime checks send HEAD / and must not get a 405.
@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "web/home.html",
        {
            "panels": home_panels(user),
            "scope": scope_for(user),
            "role": user.role,
            "roles": Role,
        },
    )
