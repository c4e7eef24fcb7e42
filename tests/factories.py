"""Factories for tests: realistic rows with valid ID and phone numbers."""

import itertools
from datetime import date

import factory
from django.contrib.auth import get_user_model
from stdnum.cn import ric

from directory.models import Agency, OrgUnit, Person, ServicePoint, Volunteer, VolunteerTeam
from directory.services import assign_staff

_serials = itertools.count(1)


def valid_id_number(birth: date = date(1988, 5, 17), region: str = "440282") -> str:
    """A valid, unique woman's ID number (the 17th digit is even)."""
    serial = next(_serials) % 500
    body = f"{region}{birth:%Y%m%d}{serial // 5:02d}{serial % 5 * 2}"
    return body + ric.calc_check_digit(body + "0")


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"单位{n}")
    level = OrgUnit.Level.CITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"员工{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-123456")

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        self.save()
        if extracted:
            unit, role = extracted
            assign_staff(user=self, org_unit=unit, role=role)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: "陈李黄张刘王"[n % 6] + "秀英玉兰桂芳丽娟"[n % 4 * 2 : n % 4 * 2 + 2])
    birth_date = date(1988, 5, 17)
    id_number = factory.LazyAttribute(lambda p: valid_id_number(p.birth_date) if p.birth_date else "")
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"派出所{n}")
    kind = Agency.Kind.POLICE


class VolunteerTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    name = factory.Sequence(lambda n: f"志愿者队{n}")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    full_name = factory.Sequence(lambda n: f"志愿者{n}")
    profession = Volunteer.Profession.LAWYER


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    name = factory.Sequence(lambda n: f"投诉点{n}")
    kind = ServicePoint.Kind.DV_COMPLAINT
    opened_on = date(2024, 1, 1)
