"""API plumbing shared by every app's `api.py`: the router, pagination, error answers.

It lives in `directory`, the bottom layer, so that apps register their viewsets
without importing the project package; `rights_office/api.py` serves the router's URLs.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, routers, status
from rest_framework.views import exception_handler as drf_exception_handler

from .locking import STALE_MESSAGE, StaleEdit


class Pagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = STALE_MESSAGE
    default_code = "stale"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This action is not allowed in the record's current state.")
    default_code = "conflict"


def exception_handler(exc, context):
    """Domain errors become 4xx answers with a readable body, never a 500."""
    if isinstance(exc, StaleEdit):
        exc = PreconditionFailed()
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    return response


class Router(routers.DefaultRouter):
    include_format_suffixes = False


router = Router()
