"""Daily reminder e-mails, at most one of a kind per user per day."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import DailyNotice


def send_daily_notice(*, user, kind: str, on: date, subject: str, body: str, items: int = 0) -> bool:
    """E-mail `user` once for (`kind`, `on`); False when already sent (or she has no address).

    The log row and the mail succeed or fail together, so a rerun sends what failed.
    """
    if not user.email:
        return False
    try:
        with transaction.atomic():
            DailyNotice.objects.create(user=user, kind=kind, on=on, items=items)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except IntegrityError:
        return False
    return True
