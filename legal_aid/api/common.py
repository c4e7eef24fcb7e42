"""Pieces every legal-aid resource of the API shares: roles, error answers, the base viewset and serializers."""

from django.db import transaction
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from directory.api import WRITE_ERRORS, ScopedViewSetMixin, expected_version
from directory.locking import lock_for_update
from directory.models import OrgUnit
from directory.privacy import can_view_identifiers, log_access, mask_id_number
from directory.rest import Conflict, ModelSerializer
from directory.roles import Role
from directory.voiding import AlreadyVoided, void_record

INTAKE = (Role.CLERK, Role.HANDLER, Role.MANAGER)
CASEWORK = (Role.HANDLER, Role.MANAGER)

CONFLICT = {
    409: OpenApiResponse(description=gettext_lazy("Not possible in the record's current state (reason given)."))
}
STEP_ERRORS = {**WRITE_ERRORS, **CONFLICT}
IF_MATCH = [
    OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description=gettext_lazy('The version you read, e.g. "3"; a stale one is refused with 412.'),
    )
]
VERSION_HELP = gettext_lazy("The version you read; a stale one is refused.")


def _refuse_if_voided(record) -> None:
    if record.is_voided:
        raise Conflict(detail=_("This record was voided; nothing more can be done with it."))


def _masked_id(serializer, person) -> str:
    if person is None:
        return ""
    if serializer.context.get("show_identifiers"):
        return person.id_number
    return mask_id_number(person.id_number)


class ScopedChoicesSerializer(ModelSerializer):
    """Limits every related-record input to records the user may see (another unit's id → 400)."""

    def scoped_querysets(self, user) -> dict:
        return {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            for name, queryset in self.scoped_querysets(request.user).items():
                if name in self.fields and not self.fields[name].read_only:
                    self.fields[name].queryset = queryset


class ViewSetBase(ScopedViewSetMixin):
    """Roles per action (`action_roles`), the active records in lists, the access log on reads."""

    action_roles: dict = {}
    log_reads = True

    @property
    def write_roles(self):
        return self.action_roles.get(self.action, ())

    def check_permissions(self, request):
        if self.action is None and request.user.is_authenticated:
            return  # a method the resource does not have: 405 follows, not 403
        super().check_permissions(request)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.active() if self.action == "list" else queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_identifiers"] = self.action != "list" and can_view_identifiers(self.request.user)
        return context

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        if self.log_reads:
            log_access(user=request.user, action="view", target=record, request=request)
        return Response(self.get_serializer(record).data)

    def answer(self, record, status_code=status.HTTP_200_OK):
        return Response(self.get_serializer(record).data, status=status_code)

    def read_step(self, serializer_class):
        """The record (not voided) and the step's validated input."""
        record = self.get_object()
        _refuse_if_voided(record)
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return record, serializer.validated_data

    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        """Void a record entered by mistake, with a reason; it then counts nowhere (nothing is deleted)."""
        record, data = self.read_step(LegalAidVoidSerializer)
        version = expected_version(request, data)
        try:
            with transaction.atomic():
                if hasattr(record, "version"):
                    lock_for_update(record, version)
                void_record(record=record, by=request.user, reason=data["reason"])
        except AlreadyVoided:
            raise Conflict(detail=_("This record was already voided.")) from None
        return self.answer(self.get_queryset().get(pk=record.pk))


class LegalAidVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=gettext_lazy("Why the record is voided."))
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)


class LegalAidStepSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text=gettext_lazy("The day of the step; today if left out."))
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)


def _on(data):
    return data.get("on") or localdate()


def filter_units(request):
    """The caller's units, for a list filter's `unit` (the unit and everything under it)."""
    return OrgUnit.objects.visible_to(request.user) if request is not None else None
