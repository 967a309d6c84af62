"""The request type of views behind ``login_required``.

django-stubs types ``HttpRequest.user`` as ``User | AnonymousUser``, which is right for a view
anyone may open. Behind ``login_required`` the user is always a person with a row, so such views
annotate ``request: AuthenticatedHttpRequest`` (django-stubs' own recipe) and pass
``request.user`` to selectors and services that take a ``User``. Nothing changes at run time:
Django builds the same ``HttpRequest``; the subclass only narrows the attribute for mypy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
