"""Password policy (等保 2.0 level 3: complexity, no reuse, periodic change).

The validators run wherever Django validates a new password (the password
change page, the admin's forms, `changepassword`), not at sign-in and not in
`set_password` itself: demo and test accounts keep their short passwords.
Every password that is set and saved, by any path, is recorded in
`PasswordHistory` (Django calls each validator's `password_changed`), which
dates the current password for expiry.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PasswordHistory

CHARACTER_CLASSES = 4


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols the password uses."""
    return sum(
        [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with an error message that has a translation (Django 5.2's
    message no longer matches its own catalogue, so it showed in English)."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class ComplexityValidator:
    """At least `min_classes` of: upper-case letters, lower-case letters, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must use at least %(min)d of these %(all)d kinds of character: "
            "upper-case letters, lower-case letters, digits and symbols."
        ) % {"min": self.min_classes, "all": CHARACTER_CLASSES}


class HistoryValidator:
    """Refuses any of the user's last `count` passwords (the current one included); records every new one."""

    def __init__(self, count: int = 5):
        self.count = count

    def validate(self, password, user=None):
        if self.count <= 0 or user is None or user.pk is None:
            return
        # The current hash first (accounts older than the history have only
        # that one), then the recorded ones; check_password here, not
        # user.check_password, which would save an upgraded hash as a side effect.
        earlier = [user.password, *PasswordHistory.objects.filter(user=user).values_list("password", flat=True)]
        if any(check_password(password, encoded) for encoded in earlier[: self.count + 1] if encoded):
            raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None:
            return
        record_password(user)

    def get_help_text(self):
        return ngettext(
            "Your password cannot be the same as your current one.",
            "Your password cannot be any of your last %(count)d passwords.",
            self.count,
        ) % {"count": self.count}


def record_password(user) -> None:
    """Write the user's current hash to the history and drop what no rule needs any more."""
    PasswordHistory.objects.create(user=user, password=user.password, set_at=timezone.now())
    keep = max(settings.PASSWORD_HISTORY, 1)
    stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[keep:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def password_expired(user) -> bool:
    """True if the password was set more than PASSWORD_MAX_AGE_DAYS ago (0 = never expires)."""
    if not settings.PASSWORD_MAX_AGE_DAYS or not user.has_usable_password():
        return False
    set_at = PasswordHistory.objects.filter(user=user).values_list("set_at", flat=True).first()
    # No recorded date (a password written to the database directly): the
    # migration dated every existing one, so treat this as just set.
    return set_at is not None and timezone.now() - set_at > timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
