"""Pages of two-factor sign-in: the code after the password, setting up an
authenticator, and one's own devices (see `directory.twofactor`)."""

import base64
import io

import segno
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from . import twofactor
from .signin import lockout_response


class CodeForm(forms.Form):
    code = forms.CharField(
        label=pgettext_lazy("one-time code", "Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True, "spellcheck": "false"}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return ""


def _locked_out(request):
    """Axes has locked the account: end the half-signed-in session and say why."""
    logout(request)
    return lockout_response(request)


def verify(request):
    """The second step of signing in: a code from the authenticator, or a recovery code."""
    if request.session.get(twofactor.STATE) != twofactor.VERIFY:
        return redirect(_next(request) or "home")
    user = request.user
    credentials = {"username": user.get_username()}
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if AxesProxyHandler.is_locked(request, credentials):
            return _locked_out(request)
        result = twofactor.verify_code(user=user, code=form.cleaned_data["code"], request=request)
        if result.device is not None:
            twofactor.mark_verified(request, result.device)
            if result.recovery:
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code; it cannot be used again. %(left)d code is left.",
                        "You signed in with a recovery code; it cannot be used again. %(left)d codes are left.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(_next(request) or "home")
        if result.wait_until is not None:
            seconds = max(int((result.wait_until - timezone.now()).total_seconds()) + 1, 1)
            form.add_error(
                "code",
                ngettext(
                    "Too many wrong codes. Please wait %(seconds)d second and try again.",
                    "Too many wrong codes. Please wait %(seconds)d seconds and try again.",
                    seconds,
                )
                % {"seconds": seconds},
            )
        else:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.axes_locked_out = False  # the response is ours, not AxesMiddleware's
                return _locked_out(request)
            form.add_error("code", _("This code is wrong or has expired. Please try again."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


def qr_data_uri(text: str) -> str:
    """An SVG QR code of `text` as a data: URI for an <img> (drawn here: no internet, no inline style)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def spaced(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def enrol(request):
    """Set up an authenticator app: scan the code (or type the key), then confirm with a first code."""
    if twofactor.authenticator_of(request.user) is not None:
        return redirect("directory:otp_devices")
    device = twofactor.start_enrolment(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_enrolment(device=device, code=form.cleaned_data["code"], request=request)
        if codes is not None:
            messages.success(
                request, _("Two-factor sign-in is on. From now on you will be asked for a code after your password.")
            )
            return render(request, "registration/otp_recovery_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", _("This code is wrong or has expired. Check the time on your phone and try again."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/otp_enrol.html",
        {
            "form": form,
            "qr": qr_data_uri(device.config_url),
            "secret": spaced(secret),
            "required": twofactor.required_for(request.user),
            "next": _next(request),
        },
    )


def devices(request):
    """One's own authenticator and how many recovery codes are left."""
    user = request.user
    return render(
        request,
        "registration/otp_devices.html",
        {
            "authenticator": twofactor.authenticator_of(user),
            "codes_left": twofactor.recovery_codes_left(user),
            "required": twofactor.required_for(user),
        },
    )


@require_POST
def remove(request):
    twofactor.remove_second_factor(user=request.user, request=request)
    if twofactor.required_for(request.user):
        messages.warning(
            request, _("Your authenticator was removed. Your role requires one: please set up a new one now.")
        )
        return redirect("directory:otp_enrol")
    messages.success(
        request, _("Your authenticator and recovery codes were removed. You now sign in with your password only.")
    )
    return redirect("directory:otp_devices")


@require_POST
def new_codes(request):
    if twofactor.authenticator_of(request.user) is None:
        return redirect("directory:otp_enrol")
    codes = twofactor.new_recovery_codes(user=request.user, request=request)
    messages.success(request, _("New recovery codes were made; the old ones no longer work."))
    return render(request, "registration/otp_recovery_codes.html", {"codes": codes, "next": ""})
