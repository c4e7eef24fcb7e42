"""`/api/v1/reports/summary/`: the work summary's figures and narrative as JSON."""

from dataclasses import fields, is_dataclass
from functools import cache
from typing import get_type_hints

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from directory.api import ERRORS
from directory.figures import Rate
from directory.filters import UNIT_SCHEMA
from directory.models import OrgUnit, UnitLookupError
from directory.periods import Period
from directory.rest import router
from hardship.figures import HardshipBranch
from legal_aid.figures import LegalAidBranch
from outreach.figures import OutreachBranch
from petitions.figures import BranchFigures as PetitionBranch
from petitions.figures import BranchFiguresNow as PetitionBranchNow

from .narrative import document_for
from .summary import headline, jsonable


class SummaryQuery(serializers.Serializer):
    org_unit = serializers.CharField(
        max_length=100,
        help_text=_(
            "The unit: its id, its division code (440282, 440282100 or all 12 digits) or its exact name; "
            "the summary rolls up over everything under it."
        ),
    )
    start = serializers.DateField()
    end = serializers.DateField()
    lang = serializers.ChoiceField(choices=["zh-hans", "en"], default="zh-hans", required=False)

    def validate(self, data):
        if data["end"] < data["start"]:
            raise serializers.ValidationError({"end": [_("The range ends before it starts.")]})
        if (data["end"] - data["start"]).days > 3660:
            raise serializers.ValidationError({"end": [_("A summary covers ten years at most.")]})
        return data


RATE = inline_serializer(
    "SummaryRate",
    {
        "numerator": serializers.IntegerField(),
        "denominator": serializers.IntegerField(),
        "percent": serializers.FloatField(allow_null=True),
    },
)

UNIT = inline_serializer(
    "SummaryUnit", {"id": serializers.IntegerField(), "name": serializers.CharField(), "code": serializers.CharField()}
)


@cache
def _figures(name: str, cls):
    """The JSON shape `jsonable` gives a figures dataclass of counts and rates (one component per name)."""
    hints = get_type_hints(cls)
    shape = {}
    for field in fields(cls):
        kind = hints[field.name]
        shape[field.name] = (
            RATE
            if kind is Rate
            else _figures(name + field.name.title(), kind)
            if is_dataclass(kind)
            else serializers.IntegerField()
        )
    return inline_serializer(name, shape)


def _branch(name: str, petitions):
    return inline_serializer(
        name,
        {
            "petitions": petitions,
            "legal_aid": _figures("SubUnitLegalAid", LegalAidBranch),
            "hardship": _figures("SubUnitHardship", HardshipBranch),
            "outreach": _figures("SubUnitOutreach", OutreachBranch),
        },
    )


SUB_UNIT = inline_serializer(
    "SummarySubUnit",
    {
        "unit": UNIT,
        "own": serializers.BooleanField(help_text=_("The unit's own records (本级), not a sub-unit's.")),
        "now": _branch("SubUnitFiguresNow", _figures("SubUnitPetitionsNow", PetitionBranchNow)),
        "last_year": _branch("SubUnitFiguresLastYear", _figures("SubUnitPetitions", PetitionBranch)),
        "dv_coverage": inline_serializer(
            "SubUnitCoverage",
            {
                "numerator": serializers.IntegerField(),
                "denominator": serializers.IntegerField(),
                "percent": serializers.FloatField(allow_null=True),
            },
            allow_null=True,
            help_text=_("Villages with a DV complaint point at the period's end; null for the unit's own row."),
        ),
    },
)
SUMMARY = inline_serializer(
    "WorkSummary",
    {
        "org_unit": UNIT,
        "start": serializers.DateField(),
        "end": serializers.DateField(),
        "kind": serializers.CharField(),
        "headline": serializers.DictField(help_text=_("Counts, and rates with their numerator and denominator.")),
        "last_year": serializers.DictField(help_text=_("The same figures for the same period a year earlier.")),
        "year_on_year": serializers.DictField(
            help_text=_(
                "Each headline figure now and a year earlier, with the change: in percent for counts, "
                "in percentage points for rates."
            )
        ),
        "sub_units": serializers.ListField(
            child=SUB_UNIT,
            help_text=_(
                "Each direct sub-unit's headline figures (and the unit's own records), now and a year earlier. "
                "Only the period's figures count what is open past its deadline today (open_overdue); "
                "last year's do not."
            ),
        ),
        "figures": serializers.DictField(help_text=_("Every figure of each app, as computed by its figures module.")),
        "narrative": inline_serializer(
            "SummaryNarrative",
            {
                "title": serializers.CharField(),
                "paragraphs": inline_serializer(
                    "SummaryParagraph",
                    {
                        "key": serializers.CharField(),
                        "text": serializers.CharField(),
                        "level": serializers.IntegerField(),
                        "generated": serializers.BooleanField(),
                    },
                    many=True,
                ),
                "signature": serializers.ListField(child=serializers.CharField()),
                "language": serializers.CharField(),
            },
        ),
        "tables": serializers.ListField(child=serializers.DictField()),
    },
)


def _kind(start, end) -> str:
    if (start.month, start.day) == (1, 1) and start.year == end.year:
        if (end.month, end.day) == (12, 31):
            return "year"
        if Period.year_to(end.year, end.month).end == end:
            return "ytd"
    return "custom"


class SummaryViewSet(viewsets.ViewSet):
    """The work summary of a unit for a period: the same figures and text as the report pages."""

    @extend_schema(
        parameters=[
            OpenApiParameter("org_unit", OpenApiTypes.STR, required=True, description=UNIT_SCHEMA["description"]),
            OpenApiParameter("start", OpenApiTypes.DATE, required=True),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True),
            OpenApiParameter("lang", OpenApiTypes.STR, enum=["zh-hans", "en"]),
        ],
        responses={200: SUMMARY, **ERRORS},
    )
    def list(self, request):
        query = SummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            unit = OrgUnit.objects.visible_to(request.user).resolve(data["org_unit"], ids=True)
        except UnitLookupError as error:
            raise serializers.ValidationError({"org_unit": [error.message]}) from None
        period = Period(data["start"], data["end"], _kind(data["start"], data["end"]))
        summary, document = document_for(unit, period, data.get("lang") or "zh-hans", today=timezone.localdate())
        body = {
            "org_unit": {"id": unit.pk, "name": unit.name, "code": unit.code},
            "start": period.start,
            "end": period.end,
            "kind": period.kind,
            "headline": summary.headline(),
            "last_year": headline(summary.last_year),
            "year_on_year": summary.year_on_year(),
            "sub_units": [
                {
                    "unit": row.unit,
                    "own": row.own,
                    "now": row.now,
                    "last_year": row.last_year,
                    "dv_coverage": row.dv_coverage,
                }
                for row in summary.sub_units
            ],
            "figures": jsonable(summary.current),
            "narrative": {k: v for k, v in document.as_dict().items() if k != "tables"},
            "tables": document.as_dict()["tables"],
        }
        return Response(jsonable(body))


router.register("reports/summary", SummaryViewSet, basename="report-summary")
