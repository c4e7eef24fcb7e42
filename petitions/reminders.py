"""Daily reminders: each handler's petitions due within 7 days or overdue, and her referrals whose
agency has not replied in time, once a day by e-mail (Celery beat or jobs/scheduler.py run it)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import Petition, Referral, ReminderLog


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    skipped_already_sent: int
    skipped_no_email: int


def _body(user, due, overdue, referrals=()) -> str:
    lines = [_("Petitions that need you:"), ""]
    if overdue:
        lines.append(_("Overdue:"))
        lines += [f"  {p.reference}  {p.due_on:%Y-%m-%d}  {p.get_status_display()}" for p in overdue]
    if due:
        lines.append(_("Due in the next 7 days:"))
        lines += [f"  {p.reference}  {p.due_on:%Y-%m-%d}  {p.get_status_display()}" for p in due]
    if referrals:
        lines.append(_("Referrals whose agency has not replied in time:"))
        lines += [f"  {r.petition.reference}  {r.reply_due_on:%Y-%m-%d}  {r.agency}" for r in referrals]
    return "\n".join(lines)


def send_reminders(*, today: date) -> ReminderResult:
    """E-mail each handler with something due or late; a user gets at most one reminder a day."""
    open_ = Petition.objects.active().open().filter(handler__isnull=False).select_related("handler")
    by_user: dict[int, tuple] = {}
    for petition in open_.due_soon(today).order_by("due_on"):
        by_user.setdefault(petition.handler_id, (petition.handler, [], [], []))[1].append(petition)
    for petition in open_.overdue(today).order_by("due_on"):
        by_user.setdefault(petition.handler_id, (petition.handler, [], [], []))[2].append(petition)
    late_referrals = (
        Referral.objects.overdue(today)
        .filter(petition__handler__isnull=False)
        .select_related("petition__handler", "agency")
        .order_by("reply_due_on", "pk")
    )
    for referral in late_referrals:
        handler = referral.petition.handler
        by_user.setdefault(handler.pk, (handler, [], [], []))[3].append(referral)
    sent = already = no_email = 0
    User = get_user_model()
    for user_id, (user, due, overdue, referrals) in by_user.items():
        if not user.email:
            no_email += 1
            continue
        try:
            # The log row and the mail succeed or fail together, so a rerun sends what failed.
            with transaction.atomic():
                ReminderLog.objects.create(user=User(pk=user_id), on=today, n_due=len(due), n_overdue=len(overdue))
                with override(settings.LANGUAGE_CODE):
                    subject = _("Petitions: %(overdue)s overdue, %(due)s due within 7 days") % {
                        "overdue": len(overdue),
                        "due": len(due),
                    }
                    body = _body(user, due, overdue, referrals)
                    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            already += 1
            continue
        sent += 1
    return ReminderResult(sent, already, no_email)
