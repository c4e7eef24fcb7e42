"""Sign-in protection: lockout after repeated failures (django-axes), idle
sign-out, and the forced change of an expired password.

Axes records every failed sign-in (the login page, the admin's login, and API
tokens, see `directory.tokens`) and refuses further tries once a limit is
reached. Two limits: LOGIN_FAILURE_LIMIT for one user name from one address,
and the higher LOGIN_IP_FAILURE_LIMIT for one address whatever the names (an
office behind one address must not be locked out by one forgetful clerk, but
a password-spraying script is).
"""

import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.db.models import Value
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.response import Response

from .passwords import password_expired


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for an address.

    AXES_LOCKOUT_PARAMETERS is [[username, ip_address], ip_address]: axes
    compares the larger of the two failure counts with one limit, so an
    address that reaches its own limit is reported as a full set of failures.
    """

    def get_failures(self, request, credentials=None) -> int:
        # Both counts in one query: every sign-in and every API call asks.
        per_user, per_address = (
            attempts.annotate(of=Value(of)).values("of", "failures_since_start")
            for of, attempts in zip(("user", "address"), self.get_user_attempts(request, credentials), strict=True)
        )
        failures = {"user": 0, "address": 0}
        for row in per_user.union(per_address, all=True):
            failures[row["of"]] += row["failures_since_start"]
        user_failures, address_failures = failures["user"], failures["address"]
        if address_failures >= settings.LOGIN_IP_FAILURE_LIMIT:
            return max(user_failures, settings.AXES_FAILURE_LIMIT)
        return user_failures

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A successful sign-in clears that name's failures from that address,
        # not every failure from the address: signing in to one's own account
        # must not wipe out the count against someone else's.
        per_user = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_user.delete()
        return count


def lockout_message(request) -> str:
    cool_off = get_cool_off(request)
    if cool_off is None:
        return _(
            "Too many failed sign-in attempts: this account is locked. "
            "Please contact your security administrator to unlock it."
        )
    minutes = max(int(cool_off.total_seconds() // 60), 1)
    return ngettext(
        "Too many failed sign-in attempts: this account is temporarily locked. "
        "Try again in %(minutes)d minute, or contact your security administrator.",
        "Too many failed sign-in attempts: this account is temporarily locked. "
        "Try again in %(minutes)d minutes, or contact your security administrator.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """The page axes shows instead of the sign-in form while locked (AXES_LOCKOUT_CALLABLE).

    It names neither the user nor whether she exists: a made-up name is
    locked out after the same number of tries, with the same page. An API
    call that reached the limit keeps its own answer (401); the next one is
    refused with 429 by `directory.tokens`.
    """
    if isinstance(original_response, Response):
        return original_response
    return render(
        request,
        "registration/locked_out.html",
        {"message": lockout_message(request)},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# Session keys: the time of the last request (idle sign-out) and, for a user
# whose password had expired at sign-in, the session auth hash she signed in
# with. Changing the password changes that hash (update_session_auth_hash),
# which lifts the redirect without another query.
LAST_SEEN = "_last_seen"
EXPIRED_FOR = "_password_expired_for"
# Write the time of the last request at most this often, so that the session
# is not saved on every page view.
LAST_SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="directory.signin.on_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LAST_SEEN] = int(time.time())
    if password_expired(user):
        session[EXPIRED_FOR] = session.get(HASH_SESSION_KEY)


class IdleTimeoutMiddleware:
    """Signs out a session that has had no request for SESSION_IDLE_MINUTES.

    SESSION_SAVE_EVERY_REQUEST would slide the cookie's expiry instead, at the
    price of a session write on every request; this writes at most once a
    minute and can tell the user why she was signed out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and BACKEND_SESSION_KEY in request.session:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
                    % {"minutes": settings.SESSION_IDLE_MINUTES},
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# Where a user with an expired password may still go.
EXPIRED_PASSWORD_ALLOWED = (
    "password_change",
    "password_change_done",
    "logout",
    "set_language",
    "javascript-catalog",
    # The second factor comes before the new password (directory.twofactor).
    "directory:otp_verify",
    "directory:otp_enrol",
)


class PasswordExpiryMiddleware:
    """Sends a user whose password had expired at sign-in to the password-change page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and EXPIRED_FOR in session
            and session[EXPIRED_FOR] == session.get(HASH_SESSION_KEY)
            and request.user.is_authenticated
            and request.path not in {reverse(name) for name in EXPIRED_PASSWORD_ALLOWED}
        ):
            messages.warning(
                request,
                ngettext(
                    "Your password is more than %(days)d day old. Please choose a new one to continue.",
                    "Your password is more than %(days)d days old. Please choose a new one to continue.",
                    settings.PASSWORD_MAX_AGE_DAYS,
                )
                % {"days": settings.PASSWORD_MAX_AGE_DAYS},
            )
            return redirect("password_change")
        return self.get_response(request)
