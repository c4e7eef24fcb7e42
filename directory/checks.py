"""System checks of the project's own settings."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_key_is_set(app_configs, **kwargs):
    if getattr(settings, "AUDIT_HMAC_KEY", ""):
        return []
    return [
        Warning(
            "AUDIT_HMAC_KEY is not set: the access log's chain is keyed with SECRET_KEY, "
            "so rotating SECRET_KEY would make verify_audit report every row.",
            hint="Set AUDIT_HMAC_KEY to a long random string of its own and never change it.",
            id="directory.W001",
        )
    ]
