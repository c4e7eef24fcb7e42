"""Possible duplicates of a person, found when someone is added."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .encryption import blind_index, phone_digits
from .models import Person, pinyin_keys
from .validators import normalize_id_number, normalize_phone

WEIGHTS = {"id_number": 100, "phone": 60, "name_birth_year": 50, "pinyin_birth_year": 40}
REASONS = {
    "id_number": _("same ID number"),
    "phone": _("same phone"),
    "name_birth_year": _("same name and birth year"),
    "pinyin_birth_year": _("same name in pinyin and birth year"),
}


@dataclass
class Match:
    person: Person
    reasons: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return min(100, sum(WEIGHTS[r] for r in self.reasons))

    @property
    def reason_labels(self):
        return [REASONS[r] for r in self.reasons]


def find_possible_duplicates(
    people,
    *,
    full_name: str = "",
    birth_date: date | None = None,
    id_number: str = "",
    phone: str = "",
    exclude_pk=None,
) -> list[Match]:
    """Matches among `people` (a scoped queryset), best first; never merges."""
    id_number = normalize_id_number(id_number) if id_number else ""
    phone = normalize_phone(phone)
    pinyin, _initials = pinyin_keys(full_name)
    query = Q(pk__in=[])
    # Encrypted fields: matched on their blind indexes, then compared decrypted below.
    if id_number:
        query |= Q(id_number_hash=blind_index("id_number", id_number))
    if phone:
        query |= Q(phone_hash=blind_index("phone", phone))
    if pinyin and birth_date:
        query |= Q(name_pinyin=pinyin, birth_date__year=birth_date.year)
    candidates = people.filter(query)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = []
    for person in candidates.select_related("org_unit")[:20]:
        match = Match(person)
        if id_number and person.id_number == id_number:
            match.reasons.append("id_number")
        if phone and phone_digits(person.phone) == phone_digits(phone):
            match.reasons.append("phone")
        same_year = birth_date and person.birth_date and person.birth_date.year == birth_date.year
        if same_year and person.full_name == full_name:
            match.reasons.append("name_birth_year")
        elif same_year and person.name_pinyin == pinyin:
            match.reasons.append("pinyin_birth_year")
        matches.append(match)
    return sorted(matches, key=lambda m: -m.score)
