"""Hardship fixtures: a programme of each kind in township A (households and programmes: tests/conftest.py)."""

import pytest

from hardship.models import Programme


@pytest.fixture
def spring(make_programme):
    return make_programme(Programme.Kind.SPRING_FESTIVAL, name="2025年春节慰问单亲特困母亲")


@pytest.fixture
def housing(make_programme):
    return make_programme(Programme.Kind.HOUSING, name="2025年安居房", budget="100000.00")


@pytest.fixture
def women_class(make_programme):
    return make_programme(Programme.Kind.WOMEN_CLASS, name="2025年女子成才班", budget="50000.00")
