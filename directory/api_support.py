"""API pieces every app's viewsets share: roles per action, void as an action,
request-scoped choices for related ids, masked person summaries."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from directory.api import WRITE_ERRORS, expected_version
from directory.locking import lock_for_update
from directory.privacy import mask_id_number, mask_phone
from directory.rest import Conflict
from directory.roles import has_role
from directory.voiding import AlreadyVoided, void_record

CONFLICT = {409: OpenApiResponse(description=_("Not allowed in the record's current state; the body says why."))}
MOVE_ERRORS = {**WRITE_ERRORS, **CONFLICT}


class ActionRolePermission(permissions.BasePermission):
    """Reads for every signed-in staff member; a write needs `action_roles[action]`, else `write_roles`."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        roles = getattr(view, "action_roles", {}).get(view.action, getattr(view, "write_roles", ()))
        return has_role(request.user, *roles)


class PersonBriefSerializer(serializers.Serializer):
    """A person named on a record: ID and phone numbers masked unless `show_identifiers`."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    id_number = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)

    def to_representation(self, person):
        data = super().to_representation(person)
        if not self.context.get("show_identifiers"):
            data["id_number"] = mask_id_number(person.id_number)
            data["phone"] = mask_phone(person.phone)
        return data


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text=_("Why the record is voided (required)."))
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))


class VoidActionMixin:
    """`POST …/{id}/void/` with a reason: the record then counts nowhere. Nothing is ever deleted.

    The viewset documents the action with `void=extend_schema(request=VoidSerializer, …)`.
    """

    @action(detail=True, methods=["post"])
    def void(self, request, pk=None):
        record = self.get_object()
        body = VoidSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            lock_for_update(record, expected_version(request, request.data))
            try:
                void_record(record=record, by=request.user, reason=body.validated_data["reason"])
            except AlreadyVoided:
                raise Conflict(_("This record was already voided.")) from None
        return Response(self.get_serializer(self.get_object()).data)


class ScopedFieldsMixin:
    """Related-record fields accept only what the user may choose.

    `scoped_fields = {"org_unit": lambda user: OrgUnit.objects.visible_to(user), …}`; an id outside
    is refused as an invalid pk (400), never looked up elsewhere.
    """

    scoped_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for name, choices in self.scoped_fields.items():
            field = self.fields[name]
            target = getattr(field, "child_relation", field)
            target.queryset = choices(request.user)

    def unchanged(self, name, value):
        """Refuse a change of a field that is fixed once the record exists."""
        if self.instance is not None and getattr(self.instance, name) != value:
            raise serializers.ValidationError(_("This cannot be changed once the record exists."))
        return value
