"""The hardship ledger (帮扶/慰问台账): one visit or disbursement to a household per row."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.voiding import void_record
from hardship.models import Assistance, Household, Programme
from hardship.services import HardshipError, record_assistance, register_household

from ..cells import CellError, parse_amount, parse_bool, parse_int
from ..spec import Choices, Column, Context, Kind, Row, as_date, read_text
from .common import date_column, unit_column
from .people import match_person, person_columns, person_for

KIND = Choices(
    Assistance.Kind,
    {"慰问": "visit", "走访慰问": "visit", "发放": "disbursement", "救助": "disbursement", "资助": "disbursement"},
    default=Assistance.Kind.VISIT,
)


class AssistanceLedger(Kind):
    key = "assistance"
    label = gettext_lazy("Hardship households and assistance")
    model = Assistance
    template_name = "帮扶台账"
    columns = [
        Column(
            "programme",
            "帮扶项目",
            ("项目", "项目名称", "活动名称"),
            required=True,
            read=read_text(100),
            note=gettext_lazy("The name of a programme already set up under Hardship, in your units."),
            example="2025年春节慰问",
        ),
        date_column("given_on", "慰问日期", ("发放日期", "帮扶日期", "日期"), required=True, example="2025-1-20"),
        *person_columns(name_label="户主", name_synonyms=("帮扶对象", "困难妇女", "受助人")),
        Column("size", "家庭人口", ("人口", "家庭人数"), read=lambda v: parse_int(v, minimum=1), example=3),
        Column("is_single_parent", "单亲", ("单亲家庭", "是否单亲"), read=parse_bool, example="是"),
        Column("is_extremely_poor", "特困", ("是否特困",), read=parse_bool),
        Column("is_low_income", "低保", ("是否低保",), read=parse_bool),
        Column("has_disability", "残疾", ("是否残疾",), read=parse_bool),
        Column("has_illness", "重病", ("大病", "是否重病"), read=parse_bool),
        Column(
            "kind",
            "帮扶方式",
            ("方式", "类型"),
            read=KIND,
            note=gettext_lazy("慰问 or 发放; 慰问 when empty."),
            example="慰问",
        ),
        Column("cash", "慰问金", ("现金", "金额", "慰问金额", "发放金额"), read=parse_amount, example="500"),
        Column("goods", "慰问物品", ("物品",), read=read_text(200), example="大米、食用油"),
        Column("goods_value", "物品价值", ("物品折价",), read=parse_amount, example="200"),
        Column("visited_by", "慰问人", ("走访人", "经办人"), read=read_text(200)),
        Column("notes", "备注", (), read=read_text()),
        unit_column(),
    ]

    def _programme(self, name: str, ctx: Context, year: int | None) -> Programme:
        programmes = ctx.cache.get("programmes")
        if programmes is None:
            programmes = ctx.cache["programmes"] = {}
            for programme in Programme.objects.visible_to(ctx.user).active():
                programmes.setdefault(programme.name, []).append(programme)
        found = programmes.get(name, [])
        if len(found) > 1 and year:
            found = [p for p in found if p.year == year] or found
        if not found:
            raise CellError(_("No programme of your units is named “%(name)s”.") % {"name": name})
        if len(found) > 1:
            raise CellError(_("Several programmes are named “%(name)s”.") % {"name": name})
        return found[0]

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        unit = self.check_unit(row, ctx)
        self.check_order(row, ctx, "given_on")
        if v.get("programme"):
            try:
                day = as_date(v.get("given_on"))
                v["programme_id"] = self._programme(v["programme"], ctx, day.year if day else None).pk
            except CellError as error:
                row.error("programme", error)
        if row.status != "error":
            match_person(row, ctx)
        row.summary = " · ".join(p for p in [v.get("given_on"), v.get("full_name"), v.get("programme")] if p)
        if unit and unit != ctx.unit:
            row.summary += f" · {unit.name}"

    def file_key(self, row: Row):
        v = row.values
        return (v.get("programme_id"), v["given_on"], v.get("id_number") or v.get("phone") or v["full_name"])

    def existing(self, row: Row, ctx: Context):
        v = row.values
        same = Q(household__head__full_name=v["full_name"])
        if row.person:
            same |= Q(household__head_id=row.person["id"])
        return (
            Assistance.objects.visible_to(ctx.user)
            .active()
            .filter(same, programme_id=v["programme_id"], given_on=v["given_on"])
            .first()
        )

    def create(self, row: Row, ctx: Context) -> Assistance:
        v = row.values
        unit = ctx.unit_by_pk(v["unit_id"])
        head = person_for(row, ctx, unit)
        household = Household.objects.filter(head=head).first()
        try:
            if household is None:
                household = register_household(
                    by=ctx.user,
                    head=head,
                    org_unit=unit,
                    size=v.get("size") or 1,
                    **{
                        flag: bool(v.get(flag))
                        for flag in (
                            "is_single_parent",
                            "is_extremely_poor",
                            "is_low_income",
                            "has_disability",
                            "has_illness",
                        )
                    },
                )
            # The ledger records what was given: a second visit in one programme is a fact, not a mistake.
            return record_assistance(
                by=ctx.user,
                programme=self._programme(v["programme"], ctx, as_date(v["given_on"]).year),
                household=household,
                confirm_repeat=True,
                kind=v.get("kind") or Assistance.Kind.VISIT,
                given_on=as_date(v["given_on"]),
                cash=Decimal(v.get("cash") or "0"),
                goods=v.get("goods", ""),
                goods_value=Decimal(v.get("goods_value") or "0"),
                visited_by=v.get("visited_by", ""),
                notes=v.get("notes", ""),
            )
        except HardshipError as error:
            raise ValueError(str(error)) from None

    def void(self, record, *, by, reason: str) -> None:
        void_record(record=record, by=by, reason=reason)
