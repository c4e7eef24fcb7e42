"""API plumbing shared by every app's `api.py`: the router, pagination, error answers.

It lives in `directory`, the bottom layer, so that apps register their viewsets
without importing the project package; `rights_office/api.py` serves the router's URLs.
"""

import copy
from functools import partial

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination, routers, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .listing import capped_count, unfiltered
from .locking import STALE_MESSAGE, StaleEdit

# A list answers with its exact `count` up to this many rows (or as far as the page asked for
# reaches); past that, `count_exact` is false and `count` a lower bound: counting a city's
# million petitions on every call cost more than the page itself.
API_COUNT_LIMIT = 5_000


class CountingPaginator(Paginator):
    """Counts the rows no further than `limit` + 1 (`directory.listing.capped_count`)."""

    def __init__(self, *args, limit: int, unfiltered: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit, self.unfiltered = limit, unfiltered

    @cached_property
    def count(self):
        return capped_count(self.object_list, self.limit, self.unfiltered)


class Pagination(pagination.PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        try:
            wanted = max(1, int(request.query_params.get(self.page_query_param, 1)))
        except ValueError:
            wanted = 1
        # never past what a database integer holds: a page number of 30 digits is simply not found
        limit = min(max(API_COUNT_LIMIT, wanted * (self.get_page_size(request) or self.page_size)), 10**12)
        whole = unfiltered(request, ignore=(self.page_query_param, self.page_size_query_param))
        self.django_paginator_class = partial(CountingPaginator, limit=limit, unfiltered=whole)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_exact": paginator.count <= paginator.limit,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"]["description"] = (
            "The number of records when count_exact is true; otherwise a lower bound (more were not counted)."
        )
        answer["properties"]["count_exact"] = {"type": "boolean"}
        return answer


class ModelSerializer(serializers.ModelSerializer):  # noqa: TID251 (the one subclass)
    """DRF's ModelSerializer that works out its fields once per class, not once per use.

    DRF builds each field from the model's metadata every time a serializer is
    made: a workflow move's answer makes a petition serializer, a party, action,
    referral and file serializer, and building their fields was about a tenth of
    the move's time. The fields depend only on the class (its Meta and declared
    fields), so the first use keeps them and every later one gets a fresh copy
    (`_fresh`). Changing a serializer's fields for one use (`self.fields[...]`)
    still changes only that use.
    """

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_built_fields")  # a subclass builds its own
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return {name: _fresh(field) for name, field in built.items()}


def _fresh(field):
    """A copy of an unbound field for one use.

    A nested serializer or a many-related field binds its child to itself: it is
    copied deep, as DRF copies declared fields. Any other field is copied shallow,
    with lists and dicts of its own where a use might change them in place:
    DRF's deep copy builds the field again from its arguments, and for a record's
    answer with some 70 fields that was about a tenth of a workflow move's time.
    """
    if isinstance(field, serializers.BaseSerializer | serializers.ManyRelatedField):
        return copy.deepcopy(field)
    fresh = copy.copy(field)
    if "_validators" in fresh.__dict__:
        fresh._validators = list(fresh._validators)
    fresh.error_messages = dict(fresh.error_messages)
    return fresh


class ChoiceLabelField(serializers.CharField):
    """A choice field's label in the language of the request: `get_FOO_display()` as an API field.

    DRF given `source="get_kind_display"` inspects the bound method's signature
    for every row before calling it; this reads the label from the model field's
    choices. `source` names the model field (the field's own name by default).
    """

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.labels = dict(parent.Meta.model._meta.get_field(self.source).flatchoices)

    def to_representation(self, value):
        return str(self.labels.get(value, value))


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
