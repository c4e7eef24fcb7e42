"""Petitions for tests, made through the services (so that numbering, deadlines and the timeline are real)."""

from datetime import date

from directory.models import Person
from petitions.models import Category, Petition
from petitions.services import Party, accept_petition, register_petition
from tests.factories import PersonFactory


def category(name: str = "婚姻家庭") -> Category:
    return Category.objects.get(name=name, parent=None)


def subcategory(name: str = "家庭暴力") -> Category:
    return Category.objects.get(name=name, parent__isnull=False)


def make_petition(
    *,
    unit,
    by,
    received_on: date = date(2025, 3, 3),
    person: Person | None = None,
    accepted_on: date | None = None,
    **fields,
) -> Petition:
    """A registered (or, with `accepted_on`, accepted) petition of `unit` logged by `by`."""
    person = person or PersonFactory(org_unit=unit)
    sub = fields.pop("subcategory", subcategory())
    values = {
        "channel": Petition.Channel.VISIT,
        "nature": Petition.Nature.CLAIM,
        "category": sub.parent if sub else category(),
        "subcategory": sub,
        "facts": "丈夫长期酗酒后殴打她,邻居可以作证。",
        "request": "要求制止家暴,协助申请人身安全保护令。",
    }
    values.update(fields)
    petition = register_petition(by=by, org_unit=unit, received_on=received_on, parties=[Party(person)], **values)
    if accepted_on:
        petition = accept_petition(petition=petition, by=by, on=accepted_on)
    return petition
