"""Protection orders (人身安全保护令台账) and assessor hearings (陪审台账)."""

from datetime import datetime, time

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.voiding import void_record
from legal_aid.models import Assessor, AssessorHearing, ProtectionOrder
from legal_aid.services import apply_for_protection_order, decide_protection_order, record_hearing

from ..cells import CellError, parse_bool, parse_int
from ..spec import Choices, Column, Context, Kind, Row, as_date, read_text
from .common import date_column, unit_column
from .people import match_person, person_columns, person_for

Order = ProtectionOrder
APPLICANT = Choices(
    Order.Applicant,
    {
        "本人": "victim",
        "受害人": "victim",
        "妇联": "federation",
        "妇联代为申请": "federation",
        "代为申请": "federation",
    },
    default=Order.Applicant.VICTIM,
)
DECISION = Choices(
    Order.Decision,
    {
        "准予": "granted",
        "核发": "granted",
        "已核发": "granted",
        "签发": "granted",
        "驳回": "refused",
        "撤回": "withdrawn",
        "待裁定": "pending",
    },
    default=Order.Decision.PENDING,
)
MEASURES = {"ban_violence": ("禁止", "家暴", "暴力"), "ban_contact": ("骚扰", "跟踪", "接触"), "move_out": ("迁出",)}
FILED_AT = time(9, 0)  # ledgers give the day only


def _measures(text: str) -> dict:
    found = {}
    for part in [p for p in text.replace("，", "、").replace(",", "、").split("、") if p.strip()]:
        for name, words in MEASURES.items():
            if (name == "ban_violence" and ("家暴" in part or "暴力" in part)) or (
                name != "ban_violence" and any(w in part for w in words)
            ):
                found[name] = True
                break
        else:
            found["other_measures"] = "、".join(filter(None, [found.get("other_measures", ""), part.strip()]))
    return found


class ProtectionOrderLedger(Kind):
    key = "protection_orders"
    label = gettext_lazy("Protection orders")
    model = ProtectionOrder
    template_name = "人身安全保护令台账"
    columns = [
        date_column("filed_on", "申请日期", ("受理日期", "日期"), required=True, example="2025-3-8"),
        *person_columns(name_label="受害人", name_synonyms=("申请人姓名",)),
        Column("respondent_name", "被申请人", ("加害人", "施暴人"), read=read_text(50), example="王某"),
        Column(
            "applicant",
            "申请人",
            ("申请方式",),
            read=APPLICANT,
            note=gettext_lazy("本人, 妇联代为申请 or 其他."),
            example="妇联代为申请",
        ),
        Column("court", "法院", ("受理法院",), required=True, read=read_text(100), example="南雄市人民法院"),
        Column("court_case_number", "案号", (), read=read_text(60)),
        Column("urgent", "紧急", ("是否紧急",), read=parse_bool, example="否"),
        Column(
            "decision",
            "裁定结果",
            ("结果", "是否核发"),
            read=DECISION,
            note=gettext_lazy("准予, 驳回, 撤回; pending when empty."),
            example="准予",
        ),
        date_column("decided_on", "裁定日期", ("核发日期",), example="2025-3-10"),
        Column(
            "measures",
            "保护措施",
            ("措施",),
            read=read_text(300),
            note=gettext_lazy("For example: 禁止家暴、禁止骚扰、责令迁出."),
            example="禁止家暴、禁止骚扰",
        ),
        date_column("expires_on", "失效日期", ("有效期至", "到期日期"), example="2025-9-9"),
        Column("notes", "备注", (), read=read_text()),
        unit_column(),
    ]

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        unit = self.check_unit(row, ctx)
        self.check_order(row, ctx, "filed_on", "decided_on")
        if v.get("decision") in (Order.Decision.GRANTED, Order.Decision.REFUSED) and not v.get("decided_on"):
            row.error("decided_on", _("Give the date of the court's decision."))
        if v.get("decision") == Order.Decision.GRANTED:
            if not v.get("expires_on"):
                row.error("expires_on", _("Give the date the order expires."))
            if not v.get("measures"):
                row.error("measures", _("Say which measures the court granted."))
        if row.status != "error":
            match_person(row, ctx)
        row.summary = " · ".join(p for p in [v.get("filed_on"), v.get("full_name"), v.get("court")] if p)
        if unit and unit != ctx.unit:
            row.summary += f" · {unit.name}"

    def file_key(self, row: Row):
        v = row.values
        return (v["filed_on"], v.get("court"), v.get("id_number") or v.get("phone") or v["full_name"])

    def existing(self, row: Row, ctx: Context):
        v = row.values
        same = Q(victim__full_name=v["full_name"])
        if row.person:
            same |= Q(victim_id=row.person["id"])
        return (
            Order.objects.visible_to(ctx.user)
            .active()
            .filter(same, filed_at__date=v["filed_on"], court=v["court"])
            .order_by("pk")
            .first()
        )

    def create(self, row: Row, ctx: Context) -> ProtectionOrder:
        v = row.values
        unit = ctx.unit_by_pk(v["unit_id"])
        order = apply_for_protection_order(
            by=ctx.user,
            filed_at=timezone.make_aware(datetime.combine(as_date(v["filed_on"]), FILED_AT)),
            urgent=bool(v.get("urgent")),
            org_unit=unit,
            victim=person_for(row, ctx, unit),
            respondent_name=v.get("respondent_name", ""),
            applicant=v.get("applicant") or Order.Applicant.VICTIM,
            court=v["court"],
            court_case_number=v.get("court_case_number", ""),
            notes=v.get("notes", ""),
        )
        if v.get("decision") in (Order.Decision.GRANTED, Order.Decision.REFUSED):
            order = decide_protection_order(
                order=order,
                by=ctx.user,
                on=as_date(v["decided_on"]),
                granted=v["decision"] == Order.Decision.GRANTED,
                expires_on=as_date(v.get("expires_on")),
                **_measures(v.get("measures", "")),
            )
        return order

    def void(self, record, *, by, reason: str) -> None:
        void_record(record=record, by=by, reason=reason)


CASE_TYPE = Choices(
    AssessorHearing.CaseType,
    {
        "民事": "civil",
        "民事案件": "civil",
        "刑事": "criminal",
        "刑事案件": "criminal",
        "行政": "administrative",
        "行政案件": "administrative",
    },
)


class HearingLedger(Kind):
    key = "assessor_hearings"
    label = gettext_lazy("Assessor hearings")
    model = AssessorHearing
    template_name = "陪审台账"
    columns = [
        Column(
            "assessor",
            "陪审员",
            ("人民陪审员", "姓名"),
            required=True,
            read=read_text(50),
            note=gettext_lazy("The name of an assessor in the register of your units."),
            example="张丽华",
        ),
        date_column("heard_on", "开庭日期", ("陪审日期", "日期"), required=True, example="2025-3-8"),
        Column(
            "court", "法院", ("审理法院",), read=read_text(100), note=gettext_lazy("The assessor's court when empty.")
        ),
        Column("court_case_number", "案号", (), required=True, read=read_text(60), example="(2025)粤0282民初123号"),
        Column("case_type", "案件类型", ("类型",), required=True, read=CASE_TYPE, example="民事"),
        Column("cause", "案由", (), required=True, read=read_text(100), example="离婚纠纷"),
        Column("women_involved", "涉及妇女权益", ("涉妇女权益",), read=parse_bool, example="是"),
        Column("children_involved", "涉及儿童权益", ("涉儿童权益",), read=parse_bool, example="否"),
        Column("panel_size", "合议庭人数", ("合议庭",), read=lambda value: parse_int(value, minimum=3), example=3),
        Column("outcome", "审理结果", ("结果",), read=read_text(200)),
    ]

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        self.check_order(row, ctx, "heard_on")
        if v.get("assessor"):
            try:
                assessor = self._assessor(v["assessor"], ctx)
            except CellError as error:
                row.error("assessor", error)
            else:
                v["assessor_id"] = assessor.pk
        row.summary = " · ".join(p for p in [v.get("heard_on"), v.get("assessor"), v.get("court_case_number")] if p)

    def _assessor(self, name: str, ctx: Context) -> Assessor:
        assessors = ctx.cache.get("assessors")
        if assessors is None:
            assessors = ctx.cache["assessors"] = {}
            for assessor in Assessor.objects.visible_to(ctx.user).active():
                assessors.setdefault(assessor.full_name, []).append(assessor)
        found = assessors.get(name, [])
        if len(found) != 1:
            raise CellError(
                _("No assessor of your units is named “%(name)s”.") % {"name": name}
                if not found
                else _("Several assessors are named “%(name)s”.") % {"name": name}
            )
        return found[0]

    def file_key(self, row: Row):
        v = row.values
        return (v.get("assessor_id"), v["court_case_number"], v["heard_on"])

    def existing(self, row: Row, ctx: Context):
        v = row.values
        return (
            AssessorHearing.objects.visible_to(ctx.user)
            .active()
            .filter(assessor_id=v["assessor_id"], court_case_number=v["court_case_number"], heard_on=v["heard_on"])
            .first()
        )

    def link(self, record) -> dict:
        # A hearing has no page of its own: it is listed on its assessor's.
        return {"id": record.pk, "label": str(record), "url": reverse("legal_aid:assessor", args=[record.assessor_id])}

    def create(self, row: Row, ctx: Context) -> AssessorHearing:
        v = row.values
        return record_hearing(
            assessor=self._assessor(v["assessor"], ctx),
            by=ctx.user,
            court=v.get("court", ""),
            court_case_number=v["court_case_number"],
            case_type=v["case_type"],
            cause=v["cause"],
            heard_on=as_date(v["heard_on"]),
            women_involved=bool(v.get("women_involved")),
            children_involved=bool(v.get("children_involved")),
            panel_size=v.get("panel_size") or 3,
            outcome=v.get("outcome", ""),
        )

    def void(self, record, *, by, reason: str) -> None:
        void_record(record=record, by=by, reason=reason)
