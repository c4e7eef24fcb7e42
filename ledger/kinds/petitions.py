"""The petitions ledger (信访台账 / 来访登记表): one petition and its petitioner per row."""

import re

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import OrgUnit
from petitions.forms import check_petition_fields
from petitions.models import Category, Petition, PetitionParty
from petitions.services import Party, conclude_petition, register_petition, void_petition

from ..cells import CellError, parse_bool, parse_int
from ..spec import Choices, Column, Context, Kind, Row, as_date, read_date, read_text
from .people import match_person, person_columns, person_for

CHANNEL = Choices(
    Petition.Channel,
    {
        "来信": "letter",
        "信件": "letter",
        "来访": "visit",
        "上访": "visit",
        "电话": "phone",
        "来电": "phone",
        "12338": "hotline",
        "热线": "hotline",
        "12338热线": "hotline",
        "网上": "online",
        "网络": "online",
        "网信": "online",
        "传真": "fax",
        "领导接访": "reception_day",
        "接访日": "reception_day",
        "下访": "home_visit",
        "走访": "home_visit",
        "交办": "assigned",
        "上级交办": "assigned",
    },
    default=Petition.Channel.VISIT,
)
NATURE = Choices(
    Petition.Nature,
    {
        "建议意见": "suggestion",
        "建议": "suggestion",
        "意见": "suggestion",
        "检举控告": "accusation",
        "检举": "accusation",
        "控告": "accusation",
        "申诉求决": "claim",
        "申诉": "claim",
        "求决": "claim",
        "求助": "claim",
    },
    default=Petition.Nature.CLAIM,
)
RISK = Choices(
    Petition.Risk, {"低": "low", "一般": "low", "中": "medium", "较高": "medium", "高": "high"}, default="low"
)
OUTCOME = Choices(
    Petition.Outcome,
    {"调解": "mediated", "已调解": "mediated", "调解成功": "mediated", "解释": "explained", "已解释": "explained"},
    default=Petition.Outcome.EXPLAINED,
)
LEVEL_OF_UNIT = {
    OrgUnit.Level.VILLAGE: Petition.Level.VILLAGE,
    OrgUnit.Level.TOWNSHIP: Petition.Level.TOWNSHIP,
    OrgUnit.Level.DISTRICT: Petition.Level.DISTRICT,
    OrgUnit.Level.CITY: Petition.Level.CITY,
}
CATEGORY_SEPARATORS = re.compile(r"\s*[/／\\>＞—\-－·、]\s*")


def _categories(ctx: Context) -> dict:
    """{loose name: [categories]} of every active category, top and sub (a small table, read once)."""
    if "categories" not in ctx.cache:
        found: dict[str, list[Category]] = {}
        for category in Category.objects.filter(is_active=True).select_related("parent"):
            for name in {category.name, category.name_en.casefold()} - {""}:
                found.setdefault(name, []).append(category)
        ctx.cache["categories"] = found
    return ctx.cache["categories"]


def _category(ctx: Context, pk) -> Category | None:
    if pk is None:
        return None
    by_pk = ctx.cache.setdefault("category_by_pk", {})
    if pk not in by_pk:
        by_pk[pk] = Category.objects.get(pk=pk)
    return by_pk[pk]


def find_category(text: str, ctx: Context) -> tuple[Category, Category | None]:
    """(category, sub-category) from 婚姻家庭, 家庭暴力, or 婚姻家庭/家庭暴力 (also in English)."""
    known = _categories(ctx)
    parts = [part for part in CATEGORY_SEPARATORS.split(text.strip()) if part]
    if len(parts) == 2:
        tops = [c for c in known.get(parts[0], known.get(parts[0].casefold(), [])) if c.parent_id is None]
        subs = [
            c for c in known.get(parts[1], known.get(parts[1].casefold(), [])) if tops and c.parent_id == tops[0].pk
        ]
        if tops and subs:
            return tops[0], subs[0]
    found = known.get(text.strip(), known.get(text.strip().casefold(), []))
    tops = [c for c in found if c.parent_id is None]
    if tops:
        return tops[0], None
    if len(found) == 1:
        return found[0].parent, found[0]
    if len(found) > 1:
        raise CellError(
            _("“%(value)s” is a sub-category of several categories; write it as %(example)s.")
            % {"value": text, "example": f"{found[0].parent.name}/{text}"}
        )
    raise CellError(_("“%(value)s” is not a petition category.") % {"value": text})


class PetitionLedger(Kind):
    key = "petitions"
    label = gettext_lazy("Petitions (with petitioners)")
    model = Petition
    template_name = "信访台账"
    columns = [
        Column(
            "received_on",
            "来访日期",
            ("登记日期", "来信日期", "来电日期", "受理日期", "接待日期", "信访日期", "收件日期", "日期", "时间"),
            required=True,
            read=read_date,
            note=gettext_lazy("2025-3-8, 2025/03/08, 2025年3月8日, 2025.3.8 or an Excel date."),
            example="2025-3-8",
        ),
        Column(
            "channel",
            "信访形式",
            ("来访方式", "信访方式", "渠道", "方式", "形式", "来源"),
            read=CHANNEL,
            note=gettext_lazy("来访 when empty."),
            example="来访",
        ),
        *person_columns(),
        Column("headcount", "人数", ("来访人数", "人次"), read=lambda v: parse_int(v, minimum=1), example=1),
        Column(
            "is_collective", "集体访", ("是否集体访",), read=parse_bool, note=gettext_lazy("是 or 否."), example="否"
        ),
        Column(
            "nature",
            "信访性质",
            ("性质",),
            read=NATURE,
            note=gettext_lazy("建议意见, 检举控告 or 申诉求决; 申诉求决 when empty."),
            example="申诉求决",
        ),
        Column(
            "category",
            "问题类别",
            ("类别", "信访类别", "问题类型", "反映问题类别", "分类", "问题分类"),
            required=True,
            read=read_text(100),
            note=gettext_lazy("A category or sub-category by name: 婚姻家庭, 家庭暴力, or 婚姻家庭/家庭暴力."),
            example="婚姻家庭/家庭暴力",
        ),
        Column(
            "facts",
            "反映问题",
            ("主要内容", "来访事由", "信访事项", "事由", "主要问题", "基本情况", "简要情况", "内容", "情况"),
            required=True,
            read=read_text(),
            example="丈夫酗酒后多次殴打她。",
        ),
        Column("request", "诉求", ("主要诉求", "要求", "请求"), read=read_text(), example="要求制止家暴。"),
        Column("risk_level", "风险等级", ("风险",), read=RISK, note=gettext_lazy("低, 中 or 高."), example="低"),
        Column("risk_reason", "风险原因", ("风险说明",), read=read_text(200)),
        Column("is_major", "重大信访", ("是否重大",), read=parse_bool, example="否"),
        Column("is_litigation", "涉法涉诉", ("是否涉法涉诉",), read=parse_bool, example="否"),
        Column(
            "unit",
            "接待单位",
            ("单位", "登记单位", "所属单位", "受理单位", "单位代码"),
            read=read_text(100),
            note=gettext_lazy("A unit's name or division code; the unit chosen on upload when empty."),
            example="440282001",
        ),
        Column(
            "concluded_on",
            "办结日期",
            ("结案日期", "办结时间"),
            read=read_date,
            note=gettext_lazy("For a matter already concluded; it is then recorded as concluded on that day."),
        ),
        Column(
            "outcome",
            "办理结果",
            ("处理结果", "办结结果", "结果"),
            read=OUTCOME,
            note=gettext_lazy("支持, 解释说明, 不支持 or 调解达成协议; 解释说明 when empty."),
        ),
    ]

    def check(self, row: Row, ctx: Context) -> None:
        values = row.values
        unit = self.check_unit(row, ctx)
        category = sub = None
        try:
            if values.get("category"):
                category, sub = find_category(values["category"], ctx)
        except CellError as error:
            row.error("category", error)
        else:
            if category is not None:
                values["category_id"], values["subcategory_id"] = category.pk, sub.pk if sub else None
        fields = {
            "category": category,
            "subcategory": sub,
            "received_on": as_date(values.get("received_on")),
            "risk_level": values.get("risk_level"),
            "risk_reason": values.get("risk_reason"),
            "is_collective": values.get("is_collective"),
            "headcount": values.get("headcount"),
        }
        if category is not None:
            for name, message in check_petition_fields(fields).items():
                row.error({"received_on": "received_on", "headcount": "headcount"}.get(name, name), message)
        concluded = as_date(values.get("concluded_on"))
        if concluded and fields["received_on"] and not fields["received_on"] <= concluded <= ctx.today:
            row.error("concluded_on", _("The conclusion date lies between the date received and today."))
        if row.status != "error":
            match_person(row, ctx)
        row.summary = " · ".join(
            part
            for part in [values.get("received_on") or "", values.get("full_name", ""), values.get("category", "")]
            if part
        )
        if unit is not None and unit.pk != ctx.unit.pk:
            row.summary += f" · {unit.name}"

    def file_key(self, row: Row):
        values = row.values
        who = values.get("id_number") or values.get("phone") or values["full_name"]
        return (values["received_on"], values.get("unit_id"), values.get("category_id"), who, values["facts"][:200])

    def prefetch(self, rows: list[Row], ctx: Context) -> None:
        """The petitions these rows may repeat, in one query: same day and category, and same person."""
        rows = [row for row in rows if row.values.get("category_id")]
        known: dict[tuple, list[tuple]] = {}
        if rows:
            parties = (
                PetitionParty.objects.filter(
                    petition__in=Petition.objects.visible_to(ctx.user)
                    .active()
                    .filter(
                        received_on__in={row.values["received_on"] for row in rows},
                        category_id__in={row.values["category_id"] for row in rows},
                    )
                )
                .filter(
                    Q(person_id__in={row.person["id"] for row in rows if row.person})
                    | Q(person__full_name__in={row.values["full_name"] for row in rows})
                )
                .values_list(
                    "petition_id",
                    "petition__received_on",
                    "petition__category_id",
                    "person_id",
                    "person__full_name",
                    "petition__facts",
                )
            )
            for pk, received_on, category_id, person_id, name, facts in parties:
                known.setdefault((received_on.isoformat(), category_id), []).append((pk, person_id, name, facts))
        ctx.cache["petitions"] = {"lines": {row.line for row in rows}, "known": known, "found": {}}

    def existing(self, row: Row, ctx: Context):
        values = row.values
        cache = ctx.cache.get("petitions")
        if cache is not None and row.line in cache["lines"]:
            person_id = row.person["id"] if row.person else None
            candidates = cache["known"].get((values["received_on"], values["category_id"]), [])
            found = [
                pk
                for pk, party_id, name, facts in candidates
                if (person_id is not None and party_id == person_id)
                or (name == values["full_name"] and facts == values["facts"])
            ]
            if not found:
                return None
            pk = min(found)
            if pk not in cache["found"]:
                cache["found"] |= Petition.objects.in_bulk([c[0] for c in candidates])
            return cache["found"][pk]
        same_person = Q(parties__person__full_name=values["full_name"], facts=values["facts"])
        if row.person:
            same_person |= Q(parties__person_id=row.person["id"])
        return (
            Petition.objects.visible_to(ctx.user)
            .active()
            .filter(same_person, received_on=values["received_on"], category_id=values["category_id"])
            .order_by("pk")
            .first()
        )

    def _remember(self, row: Row, record: Petition, person_id: int, ctx: Context) -> None:
        """A petition the import just made, so that a later row of the chunk repeating it finds it."""
        cache = ctx.cache.get("petitions")
        if cache is not None:
            key = (row.values["received_on"], row.values["category_id"])
            cache["known"].setdefault(key, []).append((record.pk, person_id, row.values["full_name"], record.facts))
            cache["found"][record.pk] = record

    def create(self, row: Row, ctx: Context) -> Petition:
        values = row.values
        unit = ctx.unit_by_pk(values["unit_id"])
        person = person_for(row, ctx, unit)
        received_on = as_date(values["received_on"])
        petition = register_petition(
            by=ctx.user,
            org_unit=unit,
            channel=values.get("channel") or Petition.Channel.VISIT,
            received_on=received_on,
            parties=[Party(person)],
            nature=values.get("nature") or Petition.Nature.CLAIM,
            category=_category(ctx, values["category_id"]),
            subcategory=_category(ctx, values.get("subcategory_id")),
            facts=values["facts"],
            request=values.get("request", ""),
            headcount=values.get("headcount") or 1,
            is_collective=bool(values.get("is_collective")),
            risk_level=values.get("risk_level") or Petition.Risk.LOW,
            risk_reason=values.get("risk_reason", ""),
            is_major=bool(values.get("is_major")),
            is_litigation=bool(values.get("is_litigation")),
        )
        if values.get("concluded_on"):
            petition = conclude_petition(
                petition=petition,
                by=ctx.user,
                on=as_date(values["concluded_on"]),
                outcome=values.get("outcome") or Petition.Outcome.EXPLAINED,
                settled_level=LEVEL_OF_UNIT[unit.level],
                text=_("Concluded before it was imported from the ledger."),
            )
        self._remember(row, petition, person.pk, ctx)
        return petition

    def void(self, record, *, by, reason: str) -> None:
        void_petition(petition=record, by=by, reason=reason)
