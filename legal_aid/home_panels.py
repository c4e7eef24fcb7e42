"""The home page shows a handler what is due in legal aid."""

from datetime import timedelta

from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from directory.home import home_panel
from directory.roles import Role, has_role

from .deadlines import DUE_SOON_DAYS
from .models import LegalAidCase, ProtectionOrder


@home_panel(40)
def legal_aid_due(request):
    if not has_role(request.user, Role.HANDLER, Role.MANAGER):
        return None
    today = localdate()
    cases = LegalAidCase.objects.visible_to(request.user).active()
    overdue = cases.open_step_due_by(today - timedelta(days=1)).count()
    due_soon = cases.open_step_due_by(today + timedelta(days=DUE_SOON_DAYS)).count() - overdue
    reminders = ProtectionOrder.objects.visible_to(request.user).active().reminders_due_on(today).count()
    return {
        "title": _("Legal aid"),
        "template": "legal_aid/_home_panel.html",
        "overdue": overdue,
        "due_soon": due_soon,
        "reminders": reminders,
    }
