"""The report's tables: every headline figure and every breakdown, beside the same period last year.

Counts carry their change in percent (同比), rates their change in
percentage points (增减). Breakdowns list every key either year had, so a
category that vanished this year shows as 0 against last year's count.
"""

from decimal import Decimal

from django.utils import translation

from directory.figures import Rate

from ..document import Table
from ..summary import WorkSummary, change, year_on_year

LABELS = {
    "zh-hans": {
        "headline": "主要数据",
        "item": "项目",
        "now": "本期",
        "before": "去年同期",
        "change": "同比（%）",
        "points": "增减（百分点）",
        "petitions": "信访",
        "legal": "法律援助",
        "hardship": "帮扶",
        "outreach": "法制宣传",
        "own": "本级（{}）",
        "sub": "单位",
        "by_sub": "分单位信访情况",
        "legal_by_sub": "分单位法律援助情况",
        "hardship_by_sub": "分单位帮扶情况",
        "outreach_by_sub": "分单位法制宣传情况",
        "received": "受理",
        "concluded": "办结",
        "rate": "办结率",
        "reply": "答复率",
        "overdue": "当前超期",
        "coverage": "投诉点覆盖率",
        "aided": "法律援助（件）",
        "women_aided": "受援妇女（人）",
        "free": "免费代理（宗）",
        "orders": "保护令申请（份）",
        "warnings": "告诫书（份）",
        "hearings": "陪审（宗）",
        "households": "帮扶户数",
        "mothers": "慰问单亲特困母亲（户）",
        "homes": "建成安居房（套）",
        "students": "招收贫困女学生（名）",
        "events": "场次",
        "leaflets": "散发传单（份）",
        "audience": "受众（人次）",
        "sessions": "培训班（次）",
        "trainees": "培训干部（人次）",
        "by_category": "信访分类",
        "category": "类别",
        "count": "件数",
        "share": "占比",
        "by_month": "分月信访情况",
        "month": "月份",
        "month_before": "去年同月受理",
        "by_channel": "信访渠道",
        "channel": "渠道",
        "by_nature": "信访性质",
        "nature": "性质",
        "budgets": "帮扶项目经费",
        "programme": "项目",
        "budget": "预算（元）",
        "spent": "已支出（元）",
        "committed": "已承诺（元）",
        "remaining": "结余（元）",
        "by_form": "法律援助形式",
        "form": "援助形式",
        "by_cause": "法律援助案由",
        "cause": "案由",
        "cases": "件数",
        "by_event_kind": "宣传活动类型",
        "event_kind": "活动类型",
        "by_campaign": "宣传活动主题",
        "campaign": "主题",
        "coverage_by_sub": "分单位家暴投诉点覆盖",
        "villages": "村（社区）",
        "covered": "已建投诉点",
        "jury": "陪审案件类型",
        "case_type": "案件类型",
        "rows": {
            "petitions_received": "来信来访（件）",
            "petitions_headcount": "来信来访（人次）",
            "petitions_concluded": "办结（件）",
            "petitions_replied": "答复（件）",
            "resolution_rate": "办结率（%）",
            "reply_rate": "答复率（%）",
            "on_time_rate": "按期办结率（%）",
            "satisfaction_rate": "满意率（%）",
            "overdue_at_end": "期末超期未办结（件）",
            "leader_reception": "领导接访（起）",
            "leader_reception_headcount": "领导接访（人次）",
            "free_representation": "免费代理（宗）",
            "free_litigation": "其中诉讼代理（宗）",
            "women_given_legal_aid": "法律援助（人）",
            "legal_aid_cases": "法律援助（件）",
            "protection_orders_applied": "协助申请保护令（份）",
            "protection_orders_granted": "法院签发保护令（份）",
            "police_warnings": "家庭暴力告诫书（份）",
            "jury_hearings": "参与陪审（宗）",
            "single_poor_mothers_visited": "慰问单亲特困母亲（户）",
            "households_assisted": "帮扶户数（户）",
            "housing_units_built": "建成安居房（套）",
            "students_enrolled": "女子成才班招生（名）",
            "students_employed": "输送就业（人）",
            "households_lifted_out": "带动脱贫（户）",
            "outreach_events": "宣传活动（场）",
            "leaflets": "散发传单（份）",
            "performances": "法制演出（场）",
            "training_sessions": "干部培训班（次）",
            "training_person_times": "培训干部（人次）",
            "dv_coverage": "家暴投诉点覆盖率（%）",
        },
    },
    "en": {
        "headline": "Headline figures",
        "item": "Item",
        "now": "This period",
        "before": "A year earlier",
        "change": "Change (%)",
        "points": "Change (points)",
        "petitions": "Petitions",
        "legal": "Legal aid",
        "hardship": "Hardship",
        "outreach": "Outreach",
        "own": "{} (own records)",
        "sub": "Unit",
        "by_sub": "Petitions by sub-unit",
        "legal_by_sub": "Legal aid by sub-unit",
        "hardship_by_sub": "Hardship support by sub-unit",
        "outreach_by_sub": "Outreach by sub-unit",
        "received": "Received",
        "concluded": "Concluded",
        "rate": "Resolution rate",
        "reply": "Reply rate",
        "overdue": "Overdue now",
        "coverage": "DV point coverage",
        "aided": "Legal-aid cases",
        "women_aided": "Women aided",
        "free": "Free representation",
        "orders": "Protection orders applied",
        "warnings": "Police warnings",
        "hearings": "Jury hearings",
        "households": "Households assisted",
        "mothers": "Single poor mothers visited",
        "homes": "Homes built",
        "students": "Poor female students enrolled",
        "events": "Events",
        "leaflets": "Leaflets",
        "audience": "Audience",
        "sessions": "Training sessions",
        "trainees": "Cadres trained (person-times)",
        "by_category": "Petitions by category",
        "category": "Category",
        "count": "Petitions",
        "share": "Share",
        "by_month": "Petitions by month",
        "month": "Month",
        "month_before": "Received a year earlier",
        "by_channel": "Petitions by channel",
        "channel": "Channel",
        "by_nature": "Petitions by nature",
        "nature": "Nature",
        "budgets": "Hardship programme budgets",
        "programme": "Programme",
        "budget": "Budget (yuan)",
        "spent": "Spent (yuan)",
        "committed": "Committed (yuan)",
        "remaining": "Remaining (yuan)",
        "by_form": "Legal aid by form",
        "form": "Form",
        "by_cause": "Legal aid by cause",
        "cause": "Cause",
        "cases": "Cases",
        "by_event_kind": "Publicity events by kind",
        "event_kind": "Kind",
        "by_campaign": "Publicity events by campaign",
        "campaign": "Campaign",
        "coverage_by_sub": "DV complaint points by sub-unit",
        "villages": "Villages",
        "covered": "With a point",
        "jury": "Jury hearings by case type",
        "case_type": "Case type",
        "rows": {
            "petitions_received": "Letters and visits",
            "petitions_headcount": "Person-times",
            "petitions_concluded": "Concluded",
            "petitions_replied": "Answered",
            "resolution_rate": "Resolution rate (%)",
            "reply_rate": "Reply rate (%)",
            "on_time_rate": "On-time rate (%)",
            "satisfaction_rate": "Satisfaction rate (%)",
            "overdue_at_end": "Overdue at period end",
            "leader_reception": "Leader reception (cases)",
            "leader_reception_headcount": "Leader reception (person-times)",
            "free_representation": "Free representation (cases)",
            "free_litigation": "… of which lawsuits",
            "women_given_legal_aid": "Women given legal aid",
            "legal_aid_cases": "Legal-aid cases",
            "protection_orders_applied": "Protection orders applied for",
            "protection_orders_granted": "Protection orders granted",
            "police_warnings": "Police DV warnings",
            "jury_hearings": "Jury hearings",
            "single_poor_mothers_visited": "Single poor mothers visited",
            "households_assisted": "Households assisted",
            "housing_units_built": "Homes built",
            "students_enrolled": "Students enrolled",
            "students_employed": "Graduates placed in work",
            "households_lifted_out": "Households lifted out of poverty",
            "outreach_events": "Publicity events",
            "leaflets": "Leaflets",
            "performances": "Performances",
            "training_sessions": "Cadre training sessions",
            "training_person_times": "Cadres trained (person-times)",
            "dv_coverage": "DV point coverage (%)",
        },
    },
}


def _headline(summary: WorkSummary, t) -> Table:
    rows, percent_cells = [], []
    for key, entry in year_on_year(summary.current, summary.last_year).items():
        if entry["unit"] == "points":
            percent_cells += [[len(rows), 1], [len(rows), 2]]
            rows.append([t["rows"][key], entry["now"]["percent"], entry["last_year"]["percent"], None, entry["change"]])
        else:
            rows.append([t["rows"][key], entry["now"], entry["last_year"], entry["change"], None])
    columns = [t["item"], t["now"], t["before"], t["change"], t["points"]]
    return Table("headline", t["headline"], columns, rows, t["headline"], percent_cells=percent_cells)


def _breakdown(key, title, label, now: dict, before: dict, t, sheet, *, labels=None, share_of=None) -> Table:
    """Counts by key this period and last year, with the change; every key either year had."""
    labels = labels or {}
    keys = list(now) + [k for k in before if k not in now]
    rows = []
    for k in keys:
        a, b = now.get(k, 0), before.get(k, 0)
        if not (a or b):
            continue
        row = [str(labels.get(k, k)), a]
        if share_of is not None:
            row.append(Rate(a, share_of).percent)
        rows.append([*row, b, change(a, b)])
    columns = [label, t["cases"] if share_of is None else t["count"]]
    if share_of is not None:
        columns.append(t["share"])
    return Table(key, title, [*columns, t["before"], t["change"]], rows, sheet, [2] if share_of is not None else [])


def _sub_name(row, t) -> str:
    return t["own"].format(row.unit.name) if row.own else row.unit.name


def _sub_units(summary: WorkSummary, t) -> list[Table]:
    """One table per domain: each sub-unit's figures, the lead count beside last year's."""

    def lead(now, before):
        return [now, before, change(now, before)]

    rows = summary.sub_units
    lead_columns = [t["before"], t["change"]]
    return [
        Table(
            "by_sub_unit",
            t["by_sub"],
            [t["sub"], t["received"], *lead_columns, t["concluded"], t["rate"], t["reply"], t["overdue"]],
            [
                [
                    _sub_name(r, t),
                    *lead(r.now.petitions.received, r.last_year.petitions.received),
                    r.now.petitions.concluded,
                    r.now.petitions.resolution_rate.percent,
                    r.now.petitions.reply_rate.percent,
                    r.now.petitions.open_overdue,
                ]
                for r in rows
            ],
            t["petitions"],
            percent_columns=[5, 6],
        ),
        Table(
            "legal_aid_by_sub_unit",
            t["legal_by_sub"],
            [
                t["sub"],
                t["aided"],
                *lead_columns,
                t["women_aided"],
                t["free"],
                t["orders"],
                t["warnings"],
                t["hearings"],
            ],
            [
                [
                    _sub_name(r, t),
                    *lead(r.now.legal_aid.aided, r.last_year.legal_aid.aided),
                    r.now.legal_aid.women_aided,
                    r.now.legal_aid.free_representation,
                    r.now.legal_aid.protection_orders_applied,
                    r.now.legal_aid.police_warnings,
                    r.now.legal_aid.jury_hearings,
                ]
                for r in rows
            ],
            t["legal"],
        ),
        Table(
            "hardship_by_sub_unit",
            t["hardship_by_sub"],
            [t["sub"], t["households"], *lead_columns, t["mothers"], t["homes"], t["students"]],
            [
                [
                    _sub_name(r, t),
                    *lead(r.now.hardship.households_assisted, r.last_year.hardship.households_assisted),
                    r.now.hardship.spring_festival_single_poor_mothers,
                    r.now.hardship.housing_completed,
                    r.now.hardship.poor_female_enrolled,
                ]
                for r in rows
            ],
            t["hardship"],
        ),
        Table(
            "outreach_by_sub_unit",
            t["outreach_by_sub"],
            [t["sub"], t["events"], *lead_columns, t["leaflets"], t["audience"], t["sessions"], t["trainees"]],
            [
                [
                    _sub_name(r, t),
                    *lead(r.now.outreach.events, r.last_year.outreach.events),
                    r.now.outreach.leaflets,
                    r.now.outreach.audience,
                    r.now.outreach.training_sessions,
                    r.now.outreach.training_person_times,
                ]
                for r in rows
            ],
            t["outreach"],
        ),
    ]


def _tallies(tallies) -> tuple[dict, dict]:
    return {t.key: t.count for t in tallies}, {t.key: t.label for t in tallies}


def tables(summary: WorkSummary, language: str) -> list[Table]:
    """Every table of the report, in sheet order: headline, petitions, legal aid, outreach, hardship."""
    from legal_aid.models import AssessorHearing, LegalAidCase
    from petitions.models import Petition

    t = LABELS[language]
    now, before = summary.current, summary.last_year
    p, p0 = now.petitions, before.petitions
    cases, cases0 = now.legal_aid.cases, before.legal_aid.cases
    jury, jury0 = now.legal_aid.jury, before.legal_aid.jury
    events, events0 = now.outreach.events, before.outreach.events
    kinds, kinds0 = _tallies(events.by_kind), _tallies(events0.by_kind)
    campaigns, campaigns0 = _tallies(events.by_campaign_kind), _tallies(events0.by_campaign_kind)
    by_sub_petitions, by_sub_legal, by_sub_hardship, by_sub_outreach = _sub_units(summary, t)
    with translation.override(language):
        channels, natures = dict(Petition.Channel.choices), dict(Petition.Nature.choices)
        forms, causes = dict(LegalAidCase.AidForm.choices), dict(LegalAidCase.Cause.choices)
        case_types = dict(AssessorHearing.CaseType.choices)
    petitions, legal, outreach = t["petitions"], t["legal"], t["outreach"]
    return [
        _headline(summary, t),
        by_sub_petitions,
        _breakdown(
            "by_category",
            t["by_category"],
            t["category"],
            p.by_category,
            p0.by_category,
            t,
            petitions,
            share_of=p.received,
        ),
        _breakdown(
            "by_channel", t["by_channel"], t["channel"], p.by_channel, p0.by_channel, t, petitions, labels=channels
        ),
        _breakdown("by_nature", t["by_nature"], t["nature"], p.by_nature, p0.by_nature, t, petitions, labels=natures),
        _months(summary, t),
        by_sub_legal,
        _breakdown("legal_aid_by_form", t["by_form"], t["form"], cases.by_form, cases0.by_form, t, legal, labels=forms),
        _breakdown(
            "legal_aid_by_cause", t["by_cause"], t["cause"], cases.by_cause, cases0.by_cause, t, legal, labels=causes
        ),
        _breakdown(
            "jury_by_case_type",
            t["jury"],
            t["case_type"],
            jury.by_case_type,
            jury0.by_case_type,
            t,
            legal,
            labels=case_types,
        ),
        by_sub_outreach,
        _breakdown(
            "events_by_kind",
            t["by_event_kind"],
            t["event_kind"],
            kinds[0],
            kinds0[0],
            t,
            outreach,
            labels={**kinds0[1], **kinds[1]},
        ),
        _breakdown(
            "events_by_campaign",
            t["by_campaign"],
            t["campaign"],
            campaigns[0],
            campaigns0[0],
            t,
            outreach,
            labels={**campaigns0[1], **campaigns[1]},
        ),
        _coverage(summary, t),
        by_sub_hardship,
        _budgets(summary, t),
    ]


def _months(summary: WorkSummary, t) -> Table:
    last_year = {m.month: m.received for m in summary.by_month_last_year}
    return Table(
        "by_month",
        t["by_month"],
        [t["month"], t["received"], t["concluded"], t["month_before"], t["change"]],
        [
            [
                f"{m.year}-{m.month:02d}",
                m.received,
                m.concluded,
                last_year.get(m.month, 0),
                change(m.received, last_year.get(m.month, 0)),
            ]
            for m in summary.by_month
        ],
        t["petitions"],
    )


def _coverage(summary: WorkSummary, t) -> Table:
    return Table(
        "coverage_by_sub_unit",
        t["coverage_by_sub"],
        [t["sub"], t["villages"], t["covered"], t["coverage"]],
        [
            [row.unit.name, row.dv_coverage.denominator, row.dv_coverage.numerator, row.dv_coverage.percent]
            for row in summary.sub_units
            if row.dv_coverage is not None
        ],
        t["outreach"],
        percent_columns=[3],
    )


def _budgets(summary: WorkSummary, t) -> Table:
    return Table(
        "budgets",
        t["budgets"],
        [t["programme"], t["budget"], t["committed"], t["spent"], t["remaining"]],
        [
            [b.name, _money(b.budget), _money(b.committed), _money(b.spent), _money(b.remaining)]
            for b in summary.current.hardship.budgets.programmes
        ],
        t["hardship"],
    )


def _money(value: Decimal):
    return float(value) if value is not None else None
