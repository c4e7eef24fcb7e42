from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Official documents")

    def ready(self):
        from directory.roles import Role, grant

        from . import kinds, panels  # noqa: F401 - registers the kinds and the record panels

        grant(Role.ADMIN, *(f"documents.{action}_documentprofile" for action in ("view", "add", "change")))
