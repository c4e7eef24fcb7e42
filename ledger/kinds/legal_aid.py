"""The legal-aid ledger (法律援助台账): one case and its client per row."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.voiding import void_record
from legal_aid.models import LegalAidCase
from legal_aid.services import assign_lawyer, close_case, create_case, decide_case

from ..cells import parse_amount, parse_bool
from ..spec import Choices, Column, Context, Kind, Row, as_date, read_text
from .common import date_column, unit_column
from .people import match_person, person_columns, person_for

Case = LegalAidCase
AID_FORM = Choices(
    Case.AidForm,
    {
        "咨询": "consultation",
        "法律咨询": "consultation",
        "代写文书": "documents",
        "代写法律文书": "documents",
        "诉讼代理": "litigation",
        "诉讼": "litigation",
        "非诉讼代理": "non_litigation",
        "非诉讼": "non_litigation",
        "劳动仲裁": "labour",
        "仲裁": "labour",
        "其他": "other",
    },
)
CAUSE = Choices(
    Case.Cause,
    {
        "离婚纠纷": "divorce",
        "家暴": "domestic_violence",
        "家庭暴力": "domestic_violence",
        "抚养": "custody",
        "抚养权": "custody",
        "子女抚养": "custody",
        "抚养费": "maintenance",
        "赡养": "maintenance",
        "扶养": "maintenance",
        "探视": "visitation",
        "探望": "visitation",
        "财产分割": "property",
        "财产": "property",
        "继承": "inheritance",
        "劳动": "labour",
        "劳动争议": "labour",
        "人身损害": "injury",
        "其他": "other",
    },
    default=Case.Cause.OTHER,
)
ELIGIBILITY = Choices(
    Case.Eligibility,
    {
        "经济困难": "hardship",
        "困难": "hardship",
        "虐待": "exempt_abuse",
        "遗弃": "exempt_abandonment",
        "家暴": "exempt_dv",
        "家庭暴力": "exempt_dv",
        "家庭暴力受害人": "exempt_dv",
    },
)
OUTCOME = Choices(
    Case.Outcome,
    {
        "胜诉": "won",
        "部分胜诉": "partly_won",
        "败诉": "lost",
        "调解": "mediated",
        "调解结案": "mediated",
        "撤诉": "withdrawn",
    },
    default=Case.Outcome.OTHER,
)


class LegalAidLedger(Kind):
    key = "legal_aid"
    label = gettext_lazy("Legal-aid cases (with clients)")
    model = LegalAidCase
    template_name = "法律援助台账"
    columns = [
        date_column("applied_on", "申请日期", ("受理日期", "登记日期", "日期"), required=True, example="2025-3-8"),
        *person_columns(name_label="受援人", name_synonyms=("申请人",)),
        Column("aid_form", "援助形式", ("援助方式", "服务形式"), required=True, read=AID_FORM, example="诉讼代理"),
        Column("cause", "案由", ("案件类型", "纠纷类型"), read=CAUSE, example="离婚"),
        Column(
            "eligibility",
            "援助依据",
            ("受援条件", "援助条件", "审查依据"),
            required=True,
            read=ELIGIBILITY,
            note=gettext_lazy("经济困难 (then say which proof was seen), 虐待, 遗弃 or 家庭暴力 (no means test, §32)."),
            example="家庭暴力",
        ),
        Column("hardship_proof", "困难证明", ("经济困难证明",), read=read_text(200)),
        Column(
            "free",
            "免费代理",
            ("是否免费代理", "妇联代理"),
            read=parse_bool,
            note=gettext_lazy(
                "是: represented free of charge by the federation; otherwise through a legal-aid centre."
            ),
            example="是",
        ),
        Column(
            "facts",
            "案情",
            ("简要案情", "基本案情", "案情及诉求"),
            read=read_text(),
            example="丈夫长期家暴，要求离婚。",
        ),
        date_column("decided_on", "决定日期", ("批准日期", "审批日期")),
        Column("lawyer_name", "承办律师", ("律师", "承办人", "代理人"), read=read_text(100), example="陈律师"),
        Column("court", "法院", ("受理法院",), read=read_text(100)),
        Column("court_case_number", "案号", ("法院案号",), read=read_text(60)),
        date_column("closed_on", "结案日期", ("办结日期",)),
        Column("outcome", "结案结果", ("办理结果", "结果"), read=OUTCOME),
        Column("money_recovered", "挽回经济损失", ("挽回损失", "挽回金额", "金额"), read=parse_amount),
        unit_column(),
    ]

    def check(self, row: Row, ctx: Context) -> None:
        values = row.values
        unit = self.check_unit(row, ctx)
        self.check_order(row, ctx, "applied_on", "decided_on", "closed_on")
        if values.get("eligibility") == Case.Eligibility.HARDSHIP and not values.get("hardship_proof"):
            row.error("hardship_proof", _("Say which proof of financial hardship was seen."))
        if values.get("closed_on") and not (values.get("decided_on") and values.get("lawyer_name")):
            row.error("closed_on", _("A closed case needs its decision date and its lawyer."))
        if row.status != "error":
            match_person(row, ctx)
        parts = [values.get("applied_on") or "", values.get("full_name", ""), str(CAUSE.label_of(values.get("cause")))]
        row.summary = " · ".join(p for p in parts if p) + (f" · {unit.name}" if unit and unit != ctx.unit else "")

    def file_key(self, row: Row):
        v = row.values
        return (
            v["applied_on"],
            v.get("unit_id"),
            v.get("cause"),
            v.get("id_number") or v.get("phone") or v["full_name"],
        )

    def existing(self, row: Row, ctx: Context):
        v = row.values
        same = Q(client__full_name=v["full_name"], facts=v.get("facts", ""))
        if row.person:
            same |= Q(client_id=row.person["id"])
        return (
            Case.objects.visible_to(ctx.user)
            .active()
            .filter(same, applied_on=v["applied_on"], cause=v.get("cause") or Case.Cause.OTHER)
            .order_by("pk")
            .first()
        )

    def create(self, row: Row, ctx: Context) -> LegalAidCase:
        v = row.values
        unit = ctx.unit_by_pk(v["unit_id"])
        case = create_case(
            by=ctx.user,
            org_unit=unit,
            client=person_for(row, ctx, unit),
            aid_form=v["aid_form"],
            cause=v.get("cause") or Case.Cause.OTHER,
            provider=Case.Provider.FEDERATION if v.get("free") else Case.Provider.CENTRE,
            eligibility=v["eligibility"],
            hardship_proof=v.get("hardship_proof", ""),
            court=v.get("court", ""),
            court_case_number=v.get("court_case_number", ""),
            facts=v.get("facts", ""),
            applied_on=as_date(v["applied_on"]),
        )
        if v.get("decided_on"):
            case = decide_case(case=case, by=ctx.user, on=as_date(v["decided_on"]), accept=True)
            if v.get("lawyer_name"):
                case = assign_lawyer(case=case, by=ctx.user, on=as_date(v["decided_on"]), lawyer_name=v["lawyer_name"])
        if v.get("closed_on"):
            case = close_case(
                case=case,
                by=ctx.user,
                on=as_date(v["closed_on"]),
                outcome=v.get("outcome") or Case.Outcome.OTHER,
                money_recovered=Decimal(v.get("money_recovered") or "0"),
            )
        return case

    def void(self, record, *, by, reason: str) -> None:
        void_record(record=record, by=by, reason=reason)
