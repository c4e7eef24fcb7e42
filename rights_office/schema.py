"""The OpenAPI schema generator (kept apart from `directory/rest.py`, which DRF's settings import early)."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


class AutoSchema(SpectacularAutoSchema):
    """The schema of a read-only choice field says what the model allows: blank and null too.

    DRF drops `allow_blank`/`allow_null` from fields it builds read-only (workflow
    states and outcomes that only services set), so without this the schema would
    promise a choice where an open petition honestly has none yet.
    """

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        if isinstance(field, serializers.ChoiceField) and field.read_only:
            model_field = _model_field(field)
            if model_field is not None:
                field.allow_blank = field.allow_blank or model_field.blank
                field.allow_null = field.allow_null or model_field.null
        return super()._map_serializer_field(field, direction, bypass_extensions)


def _model_field(field):
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return None
    try:
        return model._meta.get_field(field.source)
    except Exception:
        return None
