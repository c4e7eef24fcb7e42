from django.utils.functional import SimpleLazyObject

from .models import staff_of
from .privacy import export_formats


def staff(request):
    """The signed-in user's staff profile (unit and role) for the page header, and
    the formats they may export in (read only by pages with export buttons)."""
    user = getattr(request, "user", None)
    return {
        "staff": staff_of(user),
        "export_formats": SimpleLazyObject(lambda: export_formats(user) if user is not None else set()),
    }
