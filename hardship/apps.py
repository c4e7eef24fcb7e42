from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HardshipConfig(AppConfig):
    name = "hardship"
    verbose_name = _("Hardship support")

    def ready(self):
        from . import person_panels  # noqa: F401 - registers her records on a person's page
