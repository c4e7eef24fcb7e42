"""Home-page panels: what I logged this week, what I handle, what is due or late, what awaits my approval."""

from datetime import timedelta

from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from directory.home import home_panel
from directory.roles import Role, has_role

from .deadlines import CLOCK_BADGES
from .models import Petition

LIMIT = 10


def _rows(queryset, today):
    rows = list(queryset.select_related("org_unit")[:LIMIT])
    for p in rows:
        p.clock_state = p.clock(today)
        p.clock_badge = CLOCK_BADGES.get(p.clock_state, "")
    return rows


@home_panel(20)
def my_work(request):
    if not has_role(request.user, Role.CLERK, Role.HANDLER, Role.MANAGER) or request.user.is_superuser:
        return None
    today = localdate()
    visible = Petition.objects.visible_to(request.user).active()
    week_start = today - timedelta(days=today.weekday())
    logged = visible.filter(created_by=request.user, received_on__gte=week_start).order_by("-received_on", "-pk")
    mine = visible.open().filter(handler=request.user)
    return {
        "title": _("My petitions"),
        "template": "petitions/_panel_mine.html",
        "logged": _rows(logged, today),
        "due": _rows(mine.due_soon(today).order_by("due_on"), today),
        "overdue": _rows(mine.overdue(today).order_by("due_on"), today),
        "handling": _rows(mine.order_by("due_on", "pk"), today),
    }


@home_panel(21)
def approvals(request):
    if not has_role(request.user, Role.MANAGER) or request.user.is_superuser:
        return None
    from .workflow_views import awaiting_approval_q

    today = localdate()
    visible = Petition.objects.visible_to(request.user).active()
    return {
        "title": _("For my unit"),
        "template": "petitions/_panel_manager.html",
        "awaiting": _rows(visible.filter(awaiting_approval_q()).order_by("due_on"), today),
        "overdue": _rows(visible.overdue(today).order_by("due_on"), today),
    }
