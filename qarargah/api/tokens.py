"""Issuing, checking and revoking API tokens.

A token is 40 random URL-safe characters given to the client once; the database keeps its
SHA-256 digest, so a leaked backup or a read-only SQL hole opens no account. A token stops
working when it expires (``QARARGAH_API_TOKEN_DAYS``, 30 by default), when its owner's password
changes (it carries the password's session hash, like a browser session), when the account is
locked out by repeated failed logins, when the account is deactivated, and when it is revoked.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken

if TYPE_CHECKING:
    from qarargah.accounts.models import User

# Refresh last_used_at at most this often: a busy client must not write on every request.
_TOUCH_EVERY = datetime.timedelta(minutes=5)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(*, user: User) -> tuple[ApiToken, str]:
    """A new token for ``user``: the row, and the key to hand over (never stored)."""
    key = secrets.token_urlsafe(30)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(key),
        prefix=key[:8],
        password_fingerprint=user.get_session_auth_hash(),
        expires_at=now + datetime.timedelta(days=settings.QARARGAH_API_TOKEN_DAYS),
        # Counted as used when issued, so the first requests after a login write nothing.
        last_used_at=now,
    )
    return token, key


def revoke_token(*, token: ApiToken) -> None:
    token.delete()


def revoke_tokens_of(*, username: str) -> int:
    """Every token of the account, e.g. when it is locked out; the number revoked."""
    with transaction.atomic():
        deleted, _ = ApiToken.objects.filter(user__username=username).delete()
    return deleted


def on_user_locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    """django-axes' lockout signal: a locked account keeps no API access either."""
    if username:
        revoke_tokens_of(username=username)


class HashedTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, looked up by digest, refused when stale."""

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        try:
            token = ApiToken.objects.select_related("user").get(digest=_digest(key))
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed() from None
        user = token.user
        now = timezone.now()
        if (
            not user.is_active
            or token.expires_at <= now
            or not secrets.compare_digest(token.password_fingerprint, user.get_session_auth_hash())
        ):
            raise exceptions.AuthenticationFailed()
        if token.last_used_at is None or now - token.last_used_at > _TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
