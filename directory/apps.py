from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        # Each app may add panels to the home page and seeders to the demo
        # data; both are found by module name so that `directory` never
        # imports the apps that build on it.
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from . import checks  # noqa: F401 - registers the checks
        from .audit import install_append_only_triggers
        from .roles import sync_role_groups

        post_migrate.connect(sync_role_groups, dispatch_uid="directory.sync_role_groups")
        post_migrate.connect(install_append_only_triggers, sender=self, dispatch_uid="directory.append_only_audit")

        autodiscover_modules("home_panels")
