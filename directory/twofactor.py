"""Two-factor sign-in (等保 2.0 level 3: 双因素身份鉴别) with django-otp.

After the password, a user who has an authenticator (a confirmed TOTP device)
types its current six-digit code, or one of her single-use recovery codes.
Users of the roles in OTP_REQUIRED_ROLES (and superusers) must have one: with
none, they are sent to set one up right after the password. Everyone else may
set one up.

Where a session stands is one session key, written at the password step
(`on_sign_in`): "verify" (a code is due), "enrol" (an authenticator must be
set up first) or "ok". `SecondFactorMiddleware` reads only that key, so a page
costs no query more; until it is "ok" the session reaches nothing but the
second-factor pages, sign-out and the language switch — the Django admin and
the API's session use included. Once verified, the session also holds the
device as `django_otp.login` stores it. API tokens (`directory.tokens`) do not
use sessions and are not affected: administrators issue them to systems.

Wrong codes are refused at two levels: each device waits 1, 2, 4, 8… seconds
after successive failures (django-otp's throttling, not reset by signing in
again), and each wrong code counts as a failed sign-in for django-axes, which
locks the account after LOGIN_FAILURE_LIMIT failures, like wrong passwords.

Every write here logs itself in the tamper-evident access log.
"""

from dataclasses import dataclass
from datetime import datetime

import django_otp
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AccessLog
from .privacy import log_access
from .roles import user_role

STATE = "_second_factor"
OK, VERIFY, ENROL = "ok", "verify", "enrol"

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"


def required_for(user) -> bool:
    """Whether the user must sign in with a second factor (her role, or a superuser)."""
    if user.is_superuser:
        return True
    return user_role(user) in settings.OTP_REQUIRED_ROLES


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def state_at_sign_in(user) -> str:
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    return ENROL if required_for(user) else OK


@receiver(user_logged_in, dispatch_uid="directory.twofactor.on_sign_in")
def on_sign_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is None:
        return
    session.pop(DEVICE_ID_SESSION_KEY, None)
    session[STATE] = state_at_sign_in(user)


def mark_verified(request, device) -> None:
    """The second factor passed: the session may go anywhere its user may."""
    request.session[STATE] = OK
    django_otp.login(request, device)


# Where a session whose second factor is due may still go.
ALWAYS_ALLOWED = ("logout", "set_language", "javascript-catalog")
PAGE_FOR = {VERIFY: "directory:otp_verify", ENROL: "directory:otp_enrol"}


class SecondFactorMiddleware:
    """Keeps a session on the second-factor page until it has passed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            state = session.get(STATE)
            if state is None:  # a session signed in before two-factor sign-in existed
                state = session[STATE] = state_at_sign_in(request.user)
            if state in PAGE_FOR:
                page = reverse(PAGE_FOR[state])
                allowed = {page, *(reverse(name) for name in ALWAYS_ALLOWED)}
                if request.path not in allowed:
                    query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                    return redirect(f"{page}?{query}" if query else page)
        return self.get_response(request)


# Services: every write, each logged.


def start_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up (the same key until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=AUTHENTICATOR).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.OTP_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_enrolment(*, device: TOTPDevice, code: str, request) -> list[str] | None:
    """Confirm the authenticator with its first code; returns the new recovery codes, or None if the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(normalise(code)):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    log_access(user=user, action=AccessLog.Action.OTP_ENROL, target=user, label=user.get_username(), request=request)
    mark_verified(request, device)
    return codes


@transaction.atomic
def new_recovery_codes(*, user, request) -> list[str]:
    """Replace the user's recovery codes with fresh ones (the old ones stop working)."""
    codes = _new_recovery_codes(user)
    log_access(
        user=user, action=AccessLog.Action.OTP_NEW_CODES, target=user, label=user.get_username(), request=request
    )
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


@dataclass(frozen=True)
class Verification:
    device: object | None = None
    wait_until: datetime | None = None  # every device that could take the code is throttled till then

    @property
    def recovery(self) -> bool:
        return isinstance(self.device, StaticDevice)


@transaction.atomic
def verify_code(*, user, code: str, request) -> Verification:
    """Check a code: six digits against the authenticator, anything else against the recovery codes.

    A recovery code that works is used up and logged.
    """
    code = normalise(code)
    model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
    tried, wait_until = False, None
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            wait_until = max(wait_until or data["locked_until"], data["locked_until"])
            continue
        tried = True
        if device.verify_token(code):
            if model is StaticDevice:
                log_access(
                    user=user,
                    action=AccessLog.Action.OTP_RECOVERY,
                    target=user,
                    label=user.get_username(),
                    detail={"codes_left": recovery_codes_left(user)},
                    request=request,
                )
            return Verification(device=device)
    return Verification(wait_until=None if tried else wait_until)


def _remove_devices(user) -> int:
    removed = TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
    StaticDevice.objects.filter(user=user).delete()
    return removed


@transaction.atomic
def remove_second_factor(*, user, request) -> None:
    """The user removes her own authenticator and recovery codes."""
    _remove_devices(user)
    log_access(user=user, action=AccessLog.Action.OTP_REMOVE, target=user, label=user.get_username(), request=request)
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[STATE] = ENROL if required_for(user) else OK


def sessions_of(user):
    """The unexpired database sessions signed in as `user` (read one by one: there are few)."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            yield session


@transaction.atomic
def reset_second_factor(*, user, by, request) -> int:
    """A security administrator removes someone's authenticator (a lost phone).

    Her open sessions end too: she signs in again with the password and, if
    her role requires it, sets up a new authenticator. Returns the number of
    sessions ended.
    """
    removed = _remove_devices(user)
    ended = 0
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        for session in sessions_of(user):
            session.delete()
            ended += 1
    log_access(
        user=by,
        action=AccessLog.Action.OTP_RESET,
        target=user,
        label=user.get_username(),
        detail={"authenticators_removed": removed, "sessions_ended": ended},
        request=request,
    )
    return ended
