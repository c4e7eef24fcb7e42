from django.utils.translation import gettext_lazy as _

from directory.home import home_panel

from .models import Programme


@home_panel(40)
def latest_programmes(request):
    """The user's latest programmes and what is left of their money (one query)."""
    if not request.user.is_authenticated:
        return None
    rows = list(Programme.objects.visible_to(request.user).active().with_money().order_by("-year", "kind", "name")[:6])
    return {"title": _("Hardship programmes"), "template": "hardship/_home_panel.html", "rows": rows}
