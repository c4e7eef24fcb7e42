"""Pieces every petitions resource of the API shares."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
)

from directory.api import WRITE_ERRORS

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_('The version you read, e.g. "3"; a stale one is refused with 412.'),
)
MOVE_ERRORS = {
    **WRITE_ERRORS,
    409: OpenApiResponse(description=_("The move is not possible in the petition's current state (the reason).")),
}


def _user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""
