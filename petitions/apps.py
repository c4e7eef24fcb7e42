from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = _("Petitions")

    def ready(self):
        from directory.roles import Role, grant

        from . import person_panels  # noqa: F401 - registers her records on a person's page

        grant(Role.MANAGER, "petitions.approve_petition")
