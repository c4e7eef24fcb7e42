"""Hardship fixtures: a programme of each kind in township A, and a way to make households."""

from datetime import date
from decimal import Decimal

import pytest

from hardship.models import Programme
from hardship.services import create_programme, register_household
from tests.factories import PersonFactory


@pytest.fixture
def make_household(handler_a, village_a):
    def make(unit=None, by=None, **flags):
        unit = unit or village_a
        head = PersonFactory(org_unit=unit, full_name=flags.pop("name", "邓春梅"), gender=flags.pop("gender", "F"))
        return register_household(by=by or handler_a, head=head, org_unit=unit, **flags)

    return make


@pytest.fixture
def make_programme(handler_a, township_a):
    def make(kind=Programme.Kind.SPRING_FESTIVAL, unit=None, budget="10000.00", year=2025, funding=None, **fields):
        return create_programme(
            by=handler_a,
            name=fields.pop("name", f"{year}年{Programme.Kind(kind).label}"),
            kind=kind,
            year=year,
            org_unit=unit or township_a,
            budget=Decimal(budget),
            starts_on=fields.pop("starts_on", date(year, 1, 1)),
            ends_on=fields.pop("ends_on", date(year, 12, 31)),
            funding=funding,
            **fields,
        )

    return make


@pytest.fixture
def spring(make_programme):
    return make_programme(Programme.Kind.SPRING_FESTIVAL, name="2025年春节慰问单亲特困母亲")


@pytest.fixture
def housing(make_programme):
    return make_programme(Programme.Kind.HOUSING, name="2025年安居房", budget="100000.00")


@pytest.fixture
def women_class(make_programme):
    return make_programme(Programme.Kind.WOMEN_CLASS, name="2025年女子成才班", budget="50000.00")
