"""API tokens: issued by an administrator, shown once, stored hashed, revocable.

Failed keys count as failed sign-ins from the caller's address (django-axes,
see `directory.signin`): once the address is locked out, every call with a
token from it answers 429 until the cool-off ends or an administrator unlocks it.

Each use is written to the access log like a sign-in (at most once an hour
per token, so that a script polling the API does not flood the log).
"""

import hashlib
import secrets
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import WITH_STAFF, ApiToken
from .privacy import log_access
from .signin import lockout_message

LOG_EVERY = timedelta(hours=1)


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user, by, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it with the key, which is never stored."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=digest(key), prefix=key[:8], created_by=by)
    return token, key


@transaction.atomic
def revoke_token(*, token: ApiToken, by) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` against the hashed keys of live tokens."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        # Axes counts attempts per "user name" and address: a key's first
        # characters stand in for the name, so that the admin's list of
        # attempts shows which key was tried; guessing many keys is caught by
        # the per-address limit.
        prefix = header[1][:8].decode(errors="replace") if len(header) > 1 else ""
        credentials = {"username": f"token:{prefix}"}
        # Axes is given Django's request: it reads the form data of a failure
        # for its log, which must not make DRF parse the body here.
        if not AxesProxyHandler.is_allowed(request._request, credentials):
            raise exceptions.Throttled(detail=lockout_message(request))
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            user_login_failed.send(sender=type(self), credentials=credentials, request=request._request)
            raise

    def authenticate_credentials(self, key):
        token = (
            ApiToken.objects.live()
            .select_related(*(f"user__{related}" for related in WITH_STAFF))
            .filter(digest=digest(key))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LOG_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            log_access(user=token.user, action="api", target=token, label=str(token), detail={"token": token.prefix})
        return token.user, token
