"""Assistance over the API: visits and disbursements (a repeat needs confirming) and their receipts."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from directory.api import ERRORS
from directory.api_support import (
    CONFLICT,
    MOVE_ERRORS,
    PersonBriefSerializer,
    ScopedFieldsMixin,
    VoidActionMixin,
)
from directory.attachments import attachment_response
from directory.rest import ChoiceLabelField, Conflict, ModelSerializer

from .. import services
from ..models import (
    Assistance,
    Household,
    Programme,
    Receipt,
)
from ..views.common import EDITORS
from .common import (
    MONEY,
    AssistanceApiFilter,
    HardshipViewSet,
    VoidSerializer,
    _open_households,
    _open_programmes,
    _pick,
    _refused,
)


class AssistanceSerializer(ScopedFieldsMixin, ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(queryset=Programme.objects.none())
    programme_name = serializers.CharField(source="programme.name", read_only=True)
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.none())
    head = PersonBriefSerializer(source="household.head", read_only=True)
    cash = serializers.DecimalField(**MONEY, required=False)
    goods_value = serializers.DecimalField(**MONEY, required=False)
    total_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    confirm_repeat = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Set to true to record a further assistance to a household already helped in the programme."),
    )
    scoped_fields = {"programme": _open_programmes, "household": _open_households}

    class Meta:
        model = Assistance
        fields = [
            "id",
            "programme",
            "programme_name",
            "household",
            "head",
            *services.ASSISTANCE_FIELDS,
            "total_value",
            "confirm_repeat",
            "version",
            "created_at",
            "voided_at",
            "void_reason",
        ]

    def validate(self, data):
        cash, goods_value = data.get("cash", 0), data.get("goods_value", 0)
        if not cash and not goods_value and not data.get("goods"):
            raise ValidationError({"cash": [_("Record the cash or the goods given.")]})
        if goods_value and not data.get("goods"):
            raise ValidationError({"goods": [_("Say what goods were given.")]})
        return data


class PreviousAssistanceSerializer(ModelSerializer):
    kind = ChoiceLabelField()

    class Meta:
        model = Assistance
        fields = ["id", "kind", "given_on", "cash", "goods", "goods_value"]


class RepeatRefusedSerializer(serializers.Serializer):
    """A 400 body: field errors, or (for a repeat visit) the two keys below."""

    confirm_repeat = serializers.ListField(child=serializers.CharField(), required=False)
    previous = PreviousAssistanceSerializer(many=True, required=False)


class ReceiptSerializer(ModelSerializer):
    class Meta:
        model = Receipt
        fields = ["id", "original_name", "content_type", "size", "description", "uploaded_by", "uploaded_at"]


class ReceiptUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The scanned signed receipt: a PDF or an image."))
    description = serializers.CharField(max_length=200, required=False, default="")


RECEIPT_PK = [OpenApiParameter("receipt_pk", OpenApiTypes.INT, OpenApiParameter.PATH)]


@extend_schema_view(
    list=extend_schema(responses={200: AssistanceSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: AssistanceSerializer, **ERRORS}),
    create=extend_schema(
        responses={
            201: AssistanceSerializer,
            **ERRORS,
            400: OpenApiResponse(
                RepeatRefusedSerializer,
                description=_(
                    "Invalid input; or the household was already assisted in this programme "
                    "(send confirm_repeat=true after checking `previous`)."
                ),
            ),
        }
    ),
    void=extend_schema(request=VoidSerializer, responses={200: AssistanceSerializer, **MOVE_ERRORS}),
    receipt=extend_schema(
        parameters=RECEIPT_PK,
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    ),
)
class AssistanceViewSet(
    VoidActionMixin,
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    HardshipViewSet,
):
    """Condolence visits and disbursements; a second one to a household in the same programme needs confirming."""

    queryset = Assistance.objects.for_list()
    serializer_class = AssistanceSerializer
    filterset_class = AssistanceApiFilter
    ordering_fields = ["given_on", "cash", "created_at"]
    ordering = ["-given_on", "-pk"]
    write_roles = EDITORS
    log_reads = True

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            record = services.record_assistance(
                by=request.user,
                programme=data["programme"],
                household=data["household"],
                confirm_repeat=data["confirm_repeat"],
                **_pick(data, services.ASSISTANCE_FIELDS),
            )
        except services.RepeatAssistance as error:
            body = {
                "confirm_repeat": [str(error.message)],
                "previous": PreviousAssistanceSerializer(error.previous, many=True).data,
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except services.HardshipError as error:
            raise _refused(error) from error
        return Response(self.get_serializer(self.reread(record)).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: ReceiptSerializer(many=True), **ERRORS})
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": ReceiptUploadSerializer},
        responses={201: ReceiptSerializer, **ERRORS, **CONFLICT},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def receipts(self, request, pk=None):
        """The signed receipts of the record; POST attaches a scan (checked by content and size)."""
        record = self.get_object()
        if request.method == "GET":
            return Response(ReceiptSerializer(record.receipts.all(), many=True).data)
        if record.is_voided:
            raise Conflict(detail=services.VoidedRecord.message)
        body = ReceiptUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            receipt = services.add_receipt(
                assistance=record,
                by=request.user,
                upload=body.validated_data["file"],
                description=body.validated_data["description"],
            )
        except DjangoValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        return Response(ReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], url_path=r"receipts/(?P<receipt_pk>[0-9]+)")
    def receipt(self, request, pk=None, receipt_pk=None):
        """Download one receipt (the download is logged)."""
        record = self.get_object()
        return attachment_response(request, get_object_or_404(record.receipts, pk=receipt_pk))
