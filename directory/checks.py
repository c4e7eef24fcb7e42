"""System checks of the project's own settings."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


@register(Tags.security, deploy=True)
def encryption_keys_are_set(app_configs, **kwargs):
    warnings = []
    if not getattr(settings, "FIELD_ENCRYPTION_KEYS", None):
        warnings.append(
            Warning(
                "FIELD_ENCRYPTION_KEYS is not set: ID numbers, phones and addresses are encrypted with a key "
                "derived from SECRET_KEY, so changing SECRET_KEY would make them unreadable.",
                hint="Set FIELD_ENCRYPTION_KEYS to a Fernet key of its own (docs/ENCRYPTION.md) and back it up "
                "apart from the database.",
                id="directory.W002",
            )
        )
    if not getattr(settings, "BLIND_INDEX_KEY", ""):
        warnings.append(
            Warning(
                "BLIND_INDEX_KEY is not set: search by ID number and phone is keyed with SECRET_KEY, "
                "so changing SECRET_KEY would break it until rotate_field_keys is run.",
                hint="Set BLIND_INDEX_KEY to a long random string of its own.",
                id="directory.W003",
            )
        )
    return warnings


@register(Tags.security)
def encryption_keys_are_valid(app_configs, **kwargs):
    from django.core.exceptions import ImproperlyConfigured

    from .encryption import _fernets

    try:
        _fernets()
    except ImproperlyConfigured as error:
        return [Error(str(error), hint="Make keys with Fernet.generate_key().", id="directory.E001")]
    return []
