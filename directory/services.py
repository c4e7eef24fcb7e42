"""Every write to the directory goes through here."""

from django.contrib.auth.models import Group
from django.db import transaction

from .locking import lock_for_update, save_new_version
from .models import OrgUnit, Person, StaffProfile, remember_staff
from .roles import Role
from .validators import birth_date_from_id

PERSON_FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "address",
    "org_unit",
    "ethnicity",
    "education",
    "marital_status",
    "hukou",
    "is_poor",
    "is_low_income",
    "is_extremely_poor",
    "is_single_mother",
    "is_disabled",
    "notes",
]


@transaction.atomic
def create_person(*, by, **fields) -> Person:
    """Register a person served; the birth date is read from the ID number when not given."""
    person = Person(**fields, created_by=by)
    if person.id_number and not person.birth_date:
        person.birth_date = birth_date_from_id(person.id_number)
    person._history_user = by
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def update_person(*, person: Person, by, expected_version: int | None, **changes) -> Person:
    """Change a person's record, refusing a form based on an older version."""
    locked = lock_for_update(person, expected_version)
    for name, value in changes.items():
        setattr(locked, name, value)
    if locked.id_number and not locked.birth_date:
        locked.birth_date = birth_date_from_id(locked.id_number)
    locked._history_user = by
    locked.full_clean()
    return save_new_version(locked)


@transaction.atomic
def assign_staff(*, user, org_unit: OrgUnit, role: str, title: str = "", phone: str = "") -> StaffProfile:
    """Give a user their one unit and one role, and the role's group (its permissions)."""
    profile, _created = StaffProfile.objects.update_or_create(
        user=user, defaults={"org_unit": org_unit, "role": role, "title": title, "phone": phone}
    )
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=role))
    remember_staff(user, profile)
    return profile
