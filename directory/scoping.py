"""The one scoping rule: a user sees records whose unit lies in their subtree."""

from django.db import models
from django.db.models.functions import Substr


class ScopedQuerySet(models.QuerySet):
    """Base for every queryset that reaches a user.

    `scope_field` names the path from the model to its OrgUnit; subclasses
    override it (for example "petition__org_unit").
    """

    scope_field = "org_unit"

    def visible_to(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        from .models import staff_of

        staff = staff_of(user)
        if staff is None:
            return self.none()
        return self.within(staff.org_unit)

    def within(self, unit):
        """Records of `unit` and every unit under it (one indexed prefix filter)."""
        return self.filter(**{f"{self.scope_field}__path__startswith": unit.path})

    def by_branch(self, parent):
        """Annotate each record with `branch`: the path of the direct sub-unit of `parent` it falls under.

        Records of `parent` itself get `parent.path`. Grouping on `branch`
        gives a breakdown by sub-unit (rolled up over each sub-unit's own
        subtree) in one query; reports filter `.within(parent)` first.
        """
        from .models import PATH_SEGMENT

        return self.annotate(branch=Substr(f"{self.scope_field}__path", 1, len(parent.path) + PATH_SEGMENT))
