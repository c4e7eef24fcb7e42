"""The person columns every ledger of people served shares, and finding or registering her."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.encryption import blind_index
from directory.models import Person
from directory.privacy import mask_id_number
from directory.services import create_person

from ..cells import parse_id_number, parse_phone
from ..spec import Choices, Column, Context, Row, read_text

GENDER = Choices(Person.Gender, {"女": "F", "男": "M", "女性": "F", "男性": "M"}, default=Person.Gender.FEMALE)


def person_columns(*, name_label="姓名", name_synonyms=()) -> list[Column]:
    return [
        Column(
            "full_name",
            name_label,
            (
                "姓名",
                "来访人",
                "来访人姓名",
                "信访人",
                "当事人",
                "求助人",
                "投诉人",
                "受援人",
                "申请人",
                *name_synonyms,
            ),
            required=True,
            read=read_text(50),
            example="李秀英",
        ),
        Column("gender", "性别", read=GENDER, note=gettext_lazy("女 or 男; 女 when empty."), example="女"),
        Column(
            "id_number",
            "身份证号码",
            ("身份证号", "身份证", "证件号码", "公民身份号码"),
            read=parse_id_number,
            note=gettext_lazy("18 characters, checked; keep the cell as text in Excel."),
            example="440282198805170028",
        ),
        Column(
            "phone",
            "联系电话",
            ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"),
            read=parse_phone,
            example="13800138000",
        ),
        Column(
            "address",
            "住址",
            ("地址", "家庭住址", "现住址", "居住地址"),
            read=read_text(200),
            example="雄州街道八一社区",
        ),
    ]


class PeopleLookup:
    """The people a chunk of rows may name, read in two queries (their blind indexes `IN (…)`), not per row.

    Rows are looked up by the hashes of their ID numbers and phones; the people
    the import registers meanwhile are added, so that a later row finds them.
    """

    def __init__(self, rows: list[Row], ctx: Context):
        ids, phones = set(), set()
        for row in rows:
            if row.values.get("id_number"):
                ids.add(blind_index("id_number", row.values["id_number"]))
            if row.values.get("phone"):
                phones.add(blind_index("phone", row.values["phone"]))
        self.ids, self.phones = ids, phones
        self.by_id: dict[str, list[Person]] = {}
        self.by_phone: dict[str, list[Person]] = {}
        # ID numbers registered anywhere, in scope or not.
        self.registered = set(Person.objects.filter(id_number_hash__in=ids).values_list("id_number_hash", flat=True))
        if ids or phones:
            for person in Person.objects.visible_to(ctx.user).filter(
                Q(id_number_hash__in=ids) | Q(phone_hash__in=phones)
            ):
                self.add(person)

    def add(self, person: Person) -> None:
        if person.id_number_hash:
            self.by_id.setdefault(person.id_number_hash, []).append(person)
            self.registered.add(person.id_number_hash)
        if person.phone_hash:
            self.by_phone.setdefault(person.phone_hash, []).append(person)

    def matching(self, id_key: str, phone_key: str, name: str) -> list[Person]:
        """What `PersonQuerySet.matching` finds, from the people read."""
        found = {p.pk: p for p in self.by_id.get(id_key, [])} if id_key else {}
        if phone_key and name:
            for person in self.by_phone.get(phone_key, []):
                if person.full_name == name and (not id_key or person.id_number_hash in ("", id_key)):
                    found[person.pk] = person
        return [found[pk] for pk in sorted(found)][:2]


def match_person(row: Row, ctx: Context) -> Person | None:
    """The person already registered that the row names (same ID number, or same phone and name).

    An ID number registered to someone of another name is an error of the row:
    the row is never attached to her silently.
    """
    values = row.values
    id_number, phone, name = values.get("id_number", ""), values.get("phone", ""), values["full_name"]
    if not (id_number or phone):
        return None
    lookup = ctx.cache.get("people")
    id_key = blind_index("id_number", id_number) if id_number else ""
    phone_key = blind_index("phone", phone) if phone else ""
    if lookup is not None and (not id_key or id_key in lookup.ids) and (not phone_key or phone_key in lookup.phones):
        found = lookup.matching(id_key, phone_key, name)
        registered = id_key in lookup.registered
    else:
        found = list(
            Person.objects.visible_to(ctx.user).matching(id_number=id_number, phone=phone, name=name).order_by("pk")[:2]
        )
        registered = bool(id_number) and Person.objects.matching(id_number=id_number).exists()
    if found:
        person = sorted(found, key=lambda p: p.id_number != id_number)[0]
        if id_number and person.id_number == id_number and not same_name(person.full_name, name):
            row.error(
                "id_number",
                _(
                    "This ID number is already registered to another person, %(name)s (%(id_number)s): "
                    "check the name and the ID number."
                )
                % {"name": person.full_name, "id_number": mask_id_number(person.id_number)},
            )
            return None
        row.person = {"id": person.pk, "name": person.full_name, "url": person.get_absolute_url()}
        row.found_person = person
        return person
    if registered:
        row.error("id_number", _("A person with this ID number is registered by a unit outside yours."))
    return None


def same_name(a: str, b: str) -> bool:
    return "".join((a or "").split()) == "".join((b or "").split())


def person_for(row: Row, ctx: Context, unit) -> Person:
    """The person the row names, registered first if she is new (through the directory's service)."""
    if row.found_person is not None:  # found when the row was checked, in this same transaction
        return row.found_person
    if "people" in ctx.cache:
        # Rows are checked a chunk at a time: an earlier row of the chunk may have registered her since.
        again = Row(line=row.line, values=row.values, headers=row.headers)
        person = match_person(again, ctx)
        if again.errors:
            raise RowFailed(row.line, again.errors[0]["message"])
        if person is not None:
            return person
    values = row.values
    try:
        with transaction.atomic():
            person = create_person(
                by=ctx.user,
                full_name=values["full_name"],
                gender=values.get("gender") or Person.Gender.FEMALE,
                id_number=values.get("id_number", ""),
                phone=values.get("phone", ""),
                address=values.get("address", ""),
                org_unit=unit,
            )
    except IntegrityError:
        raise RowFailed(row.line, _("A person with this ID number is registered by a unit outside yours.")) from None
    if "people" in ctx.cache:
        ctx.cache["people"].add(person)
    return person


class RowFailed(Exception):
    """A row that passed the preview fails on import (the data changed meanwhile): the whole import stops."""

    def __init__(self, line: int, message):
        super().__init__(f"{line}: {message}")
        self.line, self.message = line, str(message)
