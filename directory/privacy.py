"""Masking of identifiers, who may see them whole, and the access log."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import audit


def mask_id_number(value: str) -> str:
    """440282199001011234 → 440282********1234."""
    if not value:
        return ""
    if len(value) <= 10:
        return value[:2] + "*" * (len(value) - 2)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; 0751-3822123 → 0751-***2123."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * (len(value) - 2) + value[-2:]
    head = value.split("-")[0] + "-" if "-" in value and value.startswith("0") else value[:3]
    tail = value[-4:]
    return head + "*" * max(len(value) - len(head) - len(tail), 1) + tail


def mask_name(name: str) -> str:
    """陈秀英 → 陈**; 欧阳春梅 → 欧阳**. The surname stays, so staff can still tell rows apart."""
    if not name:
        return ""
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * max(len(name) - keep, 1)


def can_view_identifiers(user) -> bool:
    return user.has_perm("directory.view_identifiers")


def can_export_identifiable(user) -> bool:
    return user.has_perm("directory.export_identifiable")


# The permission a file format needs, whatever is exported in it (lists, the
# access log, reports): roles get formats in directory.roles.
EXPORT_PERMISSIONS = {
    "csv": "directory.export_csv",
    "xlsx": "directory.export_xlsx",
    "docx": "directory.export_docx",
    "md": "directory.export_docx",
    "pdf": "directory.export_pdf",
}


def can_export_format(user, fmt: str) -> bool:
    permission = EXPORT_PERMISSIONS.get(fmt)
    return permission is not None and user.has_perm(permission)


def export_formats(user) -> set[str]:
    """The formats `user` may export in (the export buttons a page shows)."""
    return {fmt for fmt in EXPORT_PERMISSIONS if can_export_format(user, fmt)}


def require_export_format(user, fmt: str) -> None:
    """403, saying why, unless `user`'s role may export in `fmt`."""
    if fmt in EXPORT_PERMISSIONS and not can_export_format(user, fmt):
        raise PermissionDenied(_("Your role may not export files in the %(format)s format.") % {"format": fmt.upper()})


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def log_access(*, user, action: str, target=None, label: str = "", detail: dict | None = None, request=None):
    """Write one access-log row (who, what, when, from where), chained onto the trail."""
    return audit.append(
        user=user,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        target_label=(label or (str(target) if target is not None else ""))[:200],
        detail=detail or {},
        ip_address=client_ip(request),
    )
