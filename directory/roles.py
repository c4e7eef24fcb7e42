"""Staff roles (the `Role` choices live in `directory.models`, beside `StaffProfile`), and the decorator that guards views by role."""

from functools import wraps

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .models import WITH_STAFF, Role, staff_of

# Permissions each role's group carries ("app_label.codename"). Apps above
# `directory` add theirs with `grant()` in their AppConfig.ready; after every
# migrate `sync_role_groups` makes the groups match.
# Export formats (directory.privacy.EXPORT_PERMISSIONS): lists in CSV and XLSX
# for the roles that work with them (identifiable rows also need
# export_identifiable), reports in DOCX/PDF for those who write or read them;
# the security administrator exports nothing.
LISTS = {"directory.export_csv", "directory.export_xlsx"}
REPORTS = {"directory.export_docx", "directory.export_pdf"}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.CLERK: {"directory.view_identifiers", *LISTS},
    Role.HANDLER: {"directory.view_identifiers", "directory.export_identifiable", *LISTS, *REPORTS},
    Role.MANAGER: {"directory.export_identifiable", *LISTS, *REPORTS},
    Role.ADMIN: {
        *LISTS,
        *REPORTS,
        "directory.manage_reference_data",
        *(
            f"directory.{action}_{model}"
            for action in ("view", "add", "change")
            for model in ("orgunit", "agency", "volunteer", "volunteerteam", "servicepoint", "staffprofile")
        ),
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
    },
    Role.SECURITY: set(),
    Role.AUDITOR: {"directory.view_accesslog", *LISTS},
}


def grant(role: str, *permissions: str) -> None:
    ROLE_PERMISSIONS[role].update(permissions)


def sync_role_groups(**kwargs) -> None:
    """Create one group per role holding exactly the role's permissions."""
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def user_role(user) -> str | None:
    staff = staff_of(user)
    return staff.role if staff else None


def has_role(user, *roles) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user_role(user) in roles


def role_required(*roles):
    """Let the view run only for signed-in staff holding one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PermissionBackend(ModelBackend):
    """Django's ModelBackend with fewer queries on every request.

    A session's user is read with her staff profile and unit, which nearly
    every page asks for (`staff_of`). Her own and her groups' permissions are
    read in one query: every API answer asks one (may this role see ID
    numbers?), and Django's backend reads her permissions, then her groups'.
    """

    def get_user(self, user_id):
        """The signed-in user of a session, with her staff profile and unit (one query, not two)."""
        from django.contrib.auth import get_user_model

        users = get_user_model()._default_manager.select_related(*WITH_STAFF)
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            from django.contrib.auth.models import Permission

            if user_obj.is_superuser:
                rows = _names(Permission.objects.all())
            else:
                rows = _names(self._get_user_permissions(user_obj)).union(_names(self._get_group_permissions(user_obj)))
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache


def _names(permissions):
    return permissions.values_list("content_type__app_label", "codename").order_by()
