"""Daily legal-aid reminders by e-mail: protection orders to follow up before they expire, and
cases whose decision or lawyer is due today or late. Each goes to the staff member who recorded
it (a case has no handler of its own), once a day; the home page shows the same live."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from jobs.notices import send_daily_notice

from .models import LegalAidCase, ProtectionOrder

KIND = "legal_aid"


@dataclass(frozen=True)
class ReminderResult:
    sent: int
    not_sent: int  # already sent today, or no e-mail address


def _body(orders, cases) -> str:
    lines = []
    if orders:
        lines += [_("Protection orders to follow up before they expire:")]
        lines += [f"  {o.victim.full_name}  {o.court}  {o.expires_on:%Y-%m-%d}" for o in orders]
    if cases:
        lines += [_("Legal-aid cases with a time limit due or passed:")]
        lines += [f"  {c.reference}  {c.get_status_display()}" for c in cases]
    return "\n".join(lines)


def send_reminders(*, today: date) -> ReminderResult:
    """E-mail each recorder of an order or case that needs action today; at most once a day each."""
    by_user: dict[int, tuple] = {}
    orders = (
        ProtectionOrder.objects.active().reminders_due_on(today).select_related("created_by", "victim").order_by("pk")
    )
    for order in orders:
        by_user.setdefault(order.created_by_id, (order.created_by, [], []))[1].append(order)
    cases = LegalAidCase.objects.active().open_step_due_by(today).select_related("created_by").order_by("pk")
    for case in cases:
        by_user.setdefault(case.created_by_id, (case.created_by, [], []))[2].append(case)
    sent = not_sent = 0
    for user, orders, cases in by_user.values():
        with override(settings.LANGUAGE_CODE):
            subject = _("Legal aid: %(orders)s protection orders to follow up, %(cases)s cases due") % {
                "orders": len(orders),
                "cases": len(cases),
            }
            body = _body(orders, cases)
        if send_daily_notice(
            user=user, kind=KIND, on=today, subject=subject, body=body, items=len(orders) + len(cases)
        ):
            sent += 1
        else:
            not_sent += 1
    return ReminderResult(sent, not_sent)
