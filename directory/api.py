"""Directory resources of the API: org units, people, partners, service points."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .duplicates import find_possible_duplicates
from .filters import SubtreeFilter, UnitFilter
from .models import Agency, OrgUnit, Person, ServicePoint, Volunteer
from .privacy import can_view_identifiers, log_access, mask_id_number, mask_phone
from .rest import ChoiceLabelField, ModelSerializer, router
from .roles import Role, has_role
from .services import PERSON_FIELDS, create_person, update_person
from .validators import normalize_id_number, normalize_phone

ERRORS = {
    400: OpenApiResponse(description=_("Invalid input: field errors keyed by field name.")),
    401: OpenApiResponse(description=_("Not signed in, or an invalid or revoked token.")),
    403: OpenApiResponse(description=_("Your role may not do this.")),
    404: OpenApiResponse(description=_("No such record in your units.")),
}
WRITE_ERRORS = {**ERRORS, 412: OpenApiResponse(description=_("The record changed since you read it (version)."))}


class RolePermission(permissions.BasePermission):
    """Reads for every signed-in staff member; writes for the view's `write_roles`."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return has_role(request.user, *getattr(view, "write_roles", ()))


class ScopedViewSetMixin:
    """Every API queryset goes through `visible_to(user)`: another unit's record is 404."""

    permission_classes = [permissions.IsAuthenticated, RolePermission]
    write_roles: tuple = ()

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


def expected_version(request, data=None) -> int | None:
    """The version the client read: `If-Match: "3"` or a `version` field."""
    header = request.headers.get("If-Match", "").strip().strip("W/").strip('"')
    value = header or (data or {}).get("version")
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"version": [_("A version is a whole number.")]}) from None


class OrgUnitSerializer(ModelSerializer):
    level_display = ChoiceLabelField(source="level")

    class Meta:
        model = OrgUnit
        fields = ["id", "name", "level", "level_display", "code", "parent", "depth"]


class OrgUnitFilter(django_filters.FilterSet):
    parent = UnitFilter(label=_("parent unit"))

    class Meta:
        model = OrgUnit
        fields = ["level", "parent", "code"]


@extend_schema_view(
    list=extend_schema(responses={200: OrgUnitSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: OrgUnitSerializer, **ERRORS}),
)
class OrgUnitViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = OrgUnit.objects.all()
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilter
    ordering_fields = ["path", "name", "code"]
    ordering = ["path"]


class PersonSerializer(ModelSerializer):
    org_unit = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.none())
    confirm_new = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_("Set to true to add the person although possible duplicates were found."),
    )
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a stale one is refused."))

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS, "version", "confirm_new", "created_at"]
        read_only_fields = ["created_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(request.user)

    def validate_id_number(self, value):
        return normalize_id_number(value) if value else ""

    def validate_phone(self, value):
        return normalize_phone(value)

    def to_representation(self, person):
        data = super().to_representation(person)
        if not self.context.get("show_identifiers"):
            data["id_number"] = mask_id_number(person.id_number)
            data["phone"] = mask_phone(person.phone)
        return data


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, pinyin, phone or ID number"))
    org_unit = SubtreeFilter()

    class Meta:
        model = Person
        fields = ["gender"]

    def search(self, queryset, name, value):
        return queryset.search(value)


@extend_schema_view(
    list=extend_schema(responses={200: PersonSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: PersonSerializer, **ERRORS}),
    create=extend_schema(responses={201: PersonSerializer, **ERRORS}),
    update=extend_schema(
        responses={200: PersonSerializer, **WRITE_ERRORS},
        parameters=[OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER)],
    ),
    partial_update=extend_schema(
        responses={200: PersonSerializer, **WRITE_ERRORS},
        parameters=[OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER)],
    ),
)
class PersonViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """People served. ID and phone numbers are masked in lists, and on a record unless your role needs them."""

    queryset = Person.objects.select_related("org_unit")
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    ordering_fields = ["name_pinyin", "created_at", "birth_date"]
    ordering = ["name_pinyin", "pk"]
    write_roles = (Role.CLERK, Role.HANDLER, Role.MANAGER, Role.ADMIN)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_identifiers"] = self.action != "list" and can_view_identifiers(self.request.user)
        return context

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        log_access(user=request.user, action="view", target=self.get_object(), request=request)
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        matches = find_possible_duplicates(
            Person.objects.visible_to(request.user),
            full_name=data["full_name"],
            birth_date=data.get("birth_date"),
            id_number=data.get("id_number", ""),
            phone=data.get("phone", ""),
        )
        same_id = data.get("id_number") and Person.objects.with_id_number(data["id_number"]).exists()
        if same_id:
            raise ValidationError({"id_number": [_("A person with this ID number is already registered.")]})
        if matches and not data.get("confirm_new"):
            return Response(
                {
                    "confirm_new": [_("Possible duplicates were found; check them, then send confirm_new=true.")],
                    "possible_duplicates": [
                        {"id": m.person.pk, "score": m.score, "reasons": [str(r) for r in m.reason_labels]}
                        for m in matches
                    ],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        fields = {f: data[f] for f in PERSON_FIELDS if f in data}
        person = create_person(by=request.user, **fields)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        data = serializer.validated_data
        changes = {f: data[f] for f in PERSON_FIELDS if f in data}
        serializer.instance = update_person(
            person=serializer.instance,
            by=self.request.user,
            expected_version=expected_version(self.request, self.request.data),
            **changes,
        )


class AgencySerializer(ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "kind", "org_unit", "contact_person", "phone", "address", "is_active"]


class AgencyFilter(django_filters.FilterSet):
    org_unit = UnitFilter()

    class Meta:
        model = Agency
        fields = ["kind", "org_unit", "is_active"]


@extend_schema_view(
    list=extend_schema(responses={200: AgencySerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: AgencySerializer, **ERRORS}),
)
class AgencyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Agency.objects.select_related("org_unit")
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["name", "kind"]
    ordering = ["kind", "name"]


class VolunteerSerializer(ModelSerializer):
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "full_name",
            "gender",
            "profession",
            "employer",
            "phone",
            "team",
            "org_unit",
            "joined_on",
            "is_active",
        ]

    def get_phone(self, volunteer) -> str:
        return mask_phone(volunteer.phone)


class VolunteerFilter(django_filters.FilterSet):
    org_unit = UnitFilter()

    class Meta:
        model = Volunteer
        fields = ["profession", "team", "org_unit", "is_active"]


@extend_schema_view(
    list=extend_schema(responses={200: VolunteerSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: VolunteerSerializer, **ERRORS}),
)
class VolunteerViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Volunteer.objects.select_related("org_unit", "team")
    serializer_class = VolunteerSerializer
    filterset_class = VolunteerFilter
    ordering_fields = ["full_name", "joined_on"]
    ordering = ["full_name"]


class ServicePointSerializer(ModelSerializer):
    class Meta:
        model = ServicePoint
        fields = ["id", "name", "kind", "org_unit", "host_agency", "address", "phone", "opened_on", "closed_on"]


class ServicePointFilter(django_filters.FilterSet):
    open_on = django_filters.DateFilter(method="filter_open_on", label=_("Open on this date"))
    org_unit = UnitFilter()

    class Meta:
        model = ServicePoint
        fields = ["kind", "org_unit"]

    def filter_open_on(self, queryset, name, value):
        return queryset.open_on(value)


@extend_schema_view(
    list=extend_schema(responses={200: ServicePointSerializer(many=True), **ERRORS}),
    retrieve=extend_schema(responses={200: ServicePointSerializer, **ERRORS}),
)
class ServicePointViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = ServicePoint.objects.select_related("org_unit")
    serializer_class = ServicePointSerializer
    filterset_class = ServicePointFilter
    ordering_fields = ["opened_on", "name"]
    ordering = ["org_unit__path", "kind", "name"]


router.register("org-units", OrgUnitViewSet, basename="org-unit")
router.register("people", PersonViewSet, basename="person")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("volunteers", VolunteerViewSet, basename="volunteer")
router.register("service-points", ServicePointViewSet, basename="service-point")
