"""The person columns every ledger of people served shares, and finding or registering her."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Person
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


def match_person(row: Row, ctx: Context) -> Person | None:
    """The person already registered that the row names (same ID number, or same phone and name)."""
    values = row.values
    if not (values.get("id_number") or values.get("phone")):
        return None
    found = list(
        Person.objects.visible_to(ctx.user)
        .matching(id_number=values.get("id_number", ""), phone=values.get("phone", ""), name=values["full_name"])
        .order_by("pk")[:2]
    )
    if found:
        person = sorted(found, key=lambda p: p.id_number != values.get("id_number"))[0]
        row.person = {"id": person.pk, "name": person.full_name, "url": person.get_absolute_url()}
        row.found_person = person
        return person
    if values.get("id_number") and Person.objects.matching(id_number=values["id_number"]).exists():
        row.error("id_number", _("A person with this ID number is registered by a unit outside yours."))
    return None


def person_for(row: Row, ctx: Context, unit) -> Person:
    """The person the row names, registered first if she is new (through the directory's service)."""
    if row.found_person is not None:  # found when the row was checked, in this same transaction
        return row.found_person
    values = row.values
    try:
        with transaction.atomic():
            return create_person(
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


class RowFailed(Exception):
    """A row that passed the preview fails on import (the data changed meanwhile): the whole import stops."""

    def __init__(self, line: int, message):
        super().__init__(f"{line}: {message}")
        self.line, self.message = line, str(message)
