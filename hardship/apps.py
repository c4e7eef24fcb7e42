from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HardshipConfig(AppConfig):
    name = "hardship"
    verbose_name = _("Hardship support")
