"""The security administrator's page: sign-in lockouts to lift, and second factors to reset.

Only the SECURITY role (三员分立): the system administrator manages accounts,
the auditor only reads the access log, where every unlock and reset appears.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import lockouts, twofactor
from .models import StaffProfile
from .roles import Role, role_required


class UnlockForm(forms.Form):
    username = forms.CharField(required=False, max_length=255)
    ip_address = forms.GenericIPAddressField(required=False)


class ResetForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)


def _page(request, reset_form=None, status=200):
    return render(
        request,
        "directory/security.html",
        {"failures": lockouts.failures(), "reset_form": reset_form or ResetForm()},
        status=status,
    )


@role_required(Role.SECURITY)
def security(request):
    return _page(request)


@require_POST
@role_required(Role.SECURITY)
def unlock(request):
    form = UnlockForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        lockouts.unlock(
            username=data["username"], ip_address=data["ip_address"] or None, by=request.user, request=request
        )
        messages.success(
            request,
            _("Sign-in unlocked for %(who)s.") % {"who": f"{data['username'] or '-'} @ {data['ip_address'] or '-'}"},
        )
    return redirect("directory:security")


@require_POST
@role_required(Role.SECURITY)
def reset_second_factor(request):
    form = ResetForm(request.POST)
    if form.is_valid():
        username = form.cleaned_data["username"].strip()
        # Only staff of the security administrator's own units (the one scoping rule).
        staff = (
            StaffProfile.objects.visible_to(request.user).filter(user__username=username).select_related("user").first()
        )
        user = staff.user if staff else None
        if user is None and request.user.is_superuser:
            user = get_user_model().objects.filter(username=username).first()
        if user is None:
            form.add_error("username", _("No staff member with this user name in your units."))
        else:
            twofactor.reset_second_factor(user=user, by=request.user, request=request)
            messages.success(
                request,
                _(
                    "Two-factor sign-in of %(who)s was reset and her sessions ended. "
                    "She signs in with her password and sets up a new authenticator."
                )
                % {"who": username},
            )
            return redirect("directory:security")
    return _page(request, reset_form=form, status=400)
