"""Writing over the API: intake and correction of a petition, attachments, voiding."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from directory.models import OrgUnit, Person
from directory.rest import ModelSerializer

from .. import services
from ..forms import check_petition_fields
from ..models import (
    Category,
    Petition,
    PetitionParty,
)
from ..views import _handler_choices, _reception_days


class PartyInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), help_text=_("A person of your units (add new people at /api/v1/people/).")
    )
    role = serializers.ChoiceField(choices=PetitionParty.Role.choices, default=PetitionParty.Role.PETITIONER)


PETITION_INPUT_FIELDS = ["org_unit", *services.EDITABLE_FIELDS]


class PetitionInputSerializer(ModelSerializer):
    """Intake fields; choices limited to what the intake page offers you."""

    class Meta:
        model = Petition
        fields = PETITION_INPUT_FIELDS
        extra_kwargs = {
            "headcount": {"min_value": 1, "max_value": 999},
            "category": {"required": False, "allow_null": True},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        fields = self.fields
        fields["category"].queryset = Category.objects.filter(parent__isnull=True, is_active=True)
        fields["subcategory"].queryset = Category.objects.filter(parent__isnull=False, is_active=True)
        if request is not None:
            if "org_unit" in fields:
                fields["org_unit"].queryset = OrgUnit.objects.visible_to(request.user).exclude(
                    level=OrgUnit.Level.VILLAGE
                )
            fields["handler"].queryset = _handler_choices(
                request, keep=self.instance.handler if isinstance(self.instance, Petition) else None
            )
            fields["reception_day"].queryset = _reception_days(request)

    def validate(self, attrs):
        merged = {f: getattr(self.instance, f) for f in PETITION_INPUT_FIELDS} if self.instance else {}
        merged.update(attrs)
        errors = check_petition_fields(merged)
        if errors:
            raise ValidationError({field: [message] for field, message in errors.items()})
        if "subcategory" in attrs or "category" in attrs:
            attrs["category"] = merged["category"]
        return attrs


class PetitionCreateSerializer(PetitionInputSerializer):
    parties = PartyInputSerializer(
        many=True,
        allow_empty=False,
        help_text=_("The people on the petition; at least one petitioner or victim."),
    )

    class Meta(PetitionInputSerializer.Meta):
        fields = [*PETITION_INPUT_FIELDS, "parties"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["parties"].child.fields["person"].queryset = Person.objects.visible_to(request.user)

    def validate_parties(self, parties):
        if not any(p["role"] in (PetitionParty.Role.PETITIONER, PetitionParty.Role.VICTIM) for p in parties):
            raise ValidationError(_("Name at least one petitioner or victim."))
        return parties


class PetitionUpdateSerializer(PetitionInputSerializer):
    version = serializers.IntegerField(
        required=False, write_only=True, help_text=_("The version you read; a stale one is refused.")
    )

    class Meta(PetitionInputSerializer.Meta):
        fields = [*services.EDITABLE_FIELDS, "version"]


class VoidSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, help_text=_("Why the petition is voided."))


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("A PDF, an image, an audio recording or an office document."))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
