from .models import staff_of


def staff(request):
    """The signed-in user's staff profile (unit and role) for the page header."""
    return {"staff": staff_of(getattr(request, "user", None))}
