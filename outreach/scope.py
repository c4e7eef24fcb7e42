"""Reading "upwards" in the unit tree: a unit's ancestors.

Partner agencies, campaigns and volunteers usually belong to a higher unit
(the city's justice bureau, the city's 三八 campaign) while the event is
recorded by a township. Choosing them is allowed; seeing their records is
still limited to the user's subtree by `visible_to`.

Candidate for `directory/models.py` (beside `ScopedQuerySet`): nothing here is specific to outreach.
"""

from django.db.models import Q

from directory.models import PATH_SEGMENT, staff_of


def ancestor_paths(path: str) -> list[str]:
    """Paths of every unit above the one with `path`, root first."""
    return [path[:end] for end in range(PATH_SEGMENT, len(path), PATH_SEGMENT)]


def usable_by(queryset, user, field: str = "org_unit"):
    """Rows of `queryset` at the user's unit, under it, or at a unit above it."""
    if user.is_superuser:
        return queryset
    staff = staff_of(user)
    if staff is None:
        return queryset.none()
    path = staff.org_unit.path
    return queryset.filter(
        Q(**{f"{field}__path__startswith": path}) | Q(**{f"{field}__path__in": ancestor_paths(path)})
    )
