"""The work summary written out in the shape of the source report.

Two writers, one per report language: the report's language is a property
of the document (a county federation may send an English version to a
partner), not of the screen, so each writer composes its own sentences from
the figures. Paragraphs whose figures are all zero are left out; the
sections no figure can write (problems, next steps) are free text.
"""

from datetime import date
from decimal import Decimal

from django.utils import translation

from directory.figures import Rate
from directory.periods import Period

from .document import Paragraph, ReportDocument, Table
from .summary import WorkSummary, change

CN_NUMERALS = "一二三四五六七八九十"
FREE_TEXT = {
    "zh-hans": ("problems", "存在问题", "next_steps", "下一步打算"),
    "en": ("problems", "Problems", "next_steps", "Next steps"),
}


# --- shared helpers ------------------------------------------------------------


def pct(rate: Rate) -> str:
    return f"{rate.percent}%" if rate.percent is not None else "—"


def yoy_zh(now, before) -> str:
    delta = change(now, before)
    if delta is None:
        return ""
    if delta > 0:
        return f"，同比增长{delta}%"
    if delta < 0:
        return f"，同比下降{-delta}%"
    return "，与去年同期持平"


def yoy_en(now, before) -> str:
    delta = change(now, before)
    if delta is None:
        return ""
    if delta == 0:
        return ", the same as a year earlier"
    return f", {'up' if delta > 0 else 'down'} {abs(delta)}% on a year earlier"


def period_zh(period: Period) -> str:
    s, e = period.start, period.end
    if period.kind == "ytd":
        return f"到{e.month}月份"
    if period.kind == "year":
        return f"{s.year}年"
    if period.kind == "month":
        return f"{s.year}年{s.month}月份"
    if period.kind == "quarter":
        return f"{s.year}年第{CN_NUMERALS[(s.month - 1) // 3]}季度"
    if period.kind == "half":
        return f"{s.year}年{'上' if s.month == 1 else '下'}半年"
    return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"


def period_en(period: Period) -> str:
    s, e = period.start, period.end
    if period.kind == "ytd":
        return f"from January to the end of {e:%B %Y}"
    if period.kind == "year":
        return f"in {s.year}"
    if period.kind == "month":
        return f"in {s:%B %Y}"
    if period.kind == "quarter":
        return f"in the {['first', 'second', 'third', 'fourth'][(s.month - 1) // 3]} quarter of {s.year}"
    if period.kind == "half":
        return f"in the {'first' if s.month == 1 else 'second'} half of {s.year}"
    return f"from {s:%-d %B %Y} to {e:%-d %B %Y}"


def short_unit(name: str) -> str:
    """南雄市 → 市, 雄州街道 → 街道, 示范区 → 区: how a report names its own level."""
    for suffix in ("街道", "市", "区", "县", "镇", "乡"):
        if name.endswith(suffix):
            return suffix
    return name


def short_agency(agency: str, unit_name: str) -> str:
    """南雄市司法局 → 市司法局, 共青团南雄市委员会 → 团市委, as the report writes them."""
    level = short_unit(unit_name)
    if agency == f"共青团{unit_name}委员会":
        return f"团{level}委"
    if agency.startswith(unit_name):
        return level + agency[len(unit_name) :]
    return agency


def books(laws) -> str:
    return "".join(f"《{law}》" for law in laws)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- Simplified Chinese -------------------------------------------------------------


def write_zh(summary: WorkSummary) -> ReportDocument:
    unit, period = summary.unit, summary.period
    now, before = summary.current, summary.last_year
    p, p0 = now.petitions, before.petitions
    legal, hardship, outreach = now.legal_aid, now.hardship, now.outreach
    me = f"{short_unit(unit.name)}妇联"
    when = period_zh(period)
    out: list[Paragraph] = []
    section = 0

    def heading(key, text):
        nonlocal section
        out.append(Paragraph(key, f"{CN_NUMERALS[section]}、{text}", level=1))
        section += 1

    out.append(
        Paragraph(
            "opening",
            f"{me}根据上级妇联的总体要求，按照{short_unit(unit.name)}综治委的统一部署，深化法制宣传教育工作，"
            f"强化对妇女的维权服务，{when}主要做了如下工作：",
        )
    )

    # 一、信访接待 ---------------------------------------------------------------
    items = []
    if p.received:
        answered = (
            "我们做到件件有回音，宗宗答复"
            if p.replied == p.received
            else f"答复{p.replied}件，答复率{pct(p.reply_rate)}"
        )
        text = (
            f"{when}{me}共接到来信来访{p.received}件（{p.headcount}人次）{yoy_zh(p.received, p0.received)}，"
            f"{answered}，办结{p.concluded}件，办结率达{pct(p.resolution_rate)}"
        )
        if p.collective:
            text += f"；其中集体访{p.collective}批{p.collective_headcount}人次"
        if p.by_category:
            top = list(p.by_category.items())[:3]
            text += "；从类别看，" + "，".join(f"{name}类{n}件" for name, n in top)
            subs = [f"{name}{n}件" for name, n in list(p.by_subcategory.items())[:3]]
            if subs:
                text += f"，反映较多的是{'、'.join(subs)}"
        out_legal = []
        if legal.cases.free_representation:
            out_legal.append(f"为贫困妇女免费代理办案{legal.cases.free_representation}宗（打官司）")
        if legal.cases.women_aided:
            out_legal.append(f"为{legal.cases.women_aided}位贫困妇女提供法律援助")
        text += "。" + ("，".join(out_legal) + "，真正起到妇联“娘家”作用。" if out_legal else "")
        items.append(("petitions.received", "认真做好来信来访工作，切实维护妇女儿童的合法权益。" + text))
    elif legal.cases.free_representation or legal.cases.women_aided:
        items.append(
            (
                "legal_aid.cases",
                f"{when}{me}为贫困妇女免费代理办案{legal.cases.free_representation}宗（打官司），"
                f"为{legal.cases.women_aided}位贫困妇女提供法律援助。",
            )
        )
    if p.leader_reception:
        items.append(
            (
                "petitions.reception",
                f"坚持领导亲自接访制度，畅通领导与妇女群众之间沟通的桥梁，{when}共接访{p.leader_reception}起，"
                f"{p.leader_reception_headcount}人次{yoy_zh(p.leader_reception, p0.leader_reception)}，掌握了第一手的维权资料。",
            )
        )
    orders, warnings = legal.protection_orders, legal.police_warnings
    if orders.applied or warnings.issued:
        parts = []
        if orders.applied:
            parts.append(f"协助受害妇女申请人身安全保护令{orders.applied}份，法院签发{orders.granted}份")
        if warnings.issued:
            parts.append(f"配合公安机关出具家庭暴力告诫书{warnings.issued}份")
        items.append(("legal_aid.protection", "依法制止家庭暴力，" + "，".join(parts) + "。"))
    if legal.jury.hearings:
        involved = f"，其中涉及妇女儿童权益的{legal.jury.women_or_children}宗" if legal.jury.women_or_children else ""
        items.append(
            (
                "legal_aid.jury",
                f"充分发挥妇联陪审员作用，积极参与一些有关妇女、儿童权益保护案件的陪审，维护妇女儿童合法利益，"
                f"{when}{me}共参与各类案件陪审{legal.jury.hearings}宗{involved}，对公正司法起到一定的监督作用。",
            )
        )
    aid = []
    mothers = hardship.assistance.spring_festival_single_poor_mothers
    if mothers:
        aid.append(f"做好单亲特困母亲春节慰问工作，春节期间慰问了{mothers}户单亲特困母亲")
    if hardship.housing.completed:
        aid.append(f"援建单亲特困母亲安居房，{when}共建了{hardship.housing.completed}套安居房")
    training = hardship.training
    if training.poor_female_enrolled:
        text = f"做好低学历妇女培训，继续办好“女子成才班”，{when}招收了{training.poor_female_enrolled}名贫困女学生"
        if training.employed:
            text += f"，输送就业{training.employed}人"
        if training.households_lifted_out:
            text += f"，带动{training.households_lifted_out}户脱贫"
        aid.append(text)
    if aid:
        ordinal = "一二三四五"
        body = "；".join(f"{ordinal[i]}是{t}" for i, t in enumerate(aid))
        motto = "。我们的宗旨是：“智力扶贫，输送一人，脱贫一户”。" if training.poor_female_enrolled else "。"
        items.append(("hardship", f"做好贫困妇女帮扶工作：{body}{motto}"))
    if items:
        heading("petitions.heading", "做好信访接待工作")
        for index, (key, text) in enumerate(items, start=1):
            out.append(Paragraph(key, f"{index}、{text}"))

    # 二、法制宣传教育 ---------------------------------------------------------------
    items = []
    campaign_text = []
    names = {
        "march8": "“三八”维权周妇女法制宣传活动",
        "june26": "“626”国际禁毒日法制宣传活动",
        "dec4": "“12·4”国家宪法日宣传活动",
        "tour": "“维权教育社区（村屯）行”活动",
        "safe_family": "“平安家庭”创建活动",
        "zero_dv": "“零家庭暴力社区（村屯）”创建活动",
    }
    ordinal = "一二三四五六七"
    for index, (kind, figures) in enumerate(
        sorted(now.campaigns.items(), key=lambda kv: list(names).index(kv[0]) if kv[0] in names else 99)
    ):
        partners = "、".join(short_agency(a, unit.name) for a in figures.partner_agencies)
        text = f"{ordinal[index]}是"
        text += f"配合{partners}" if partners else ""
        text += f"开展{names.get(kind, '专题宣传活动')}"
        if figures.laws:
            text += f"，宣传{books(figures.laws)}"
        if figures.units_covered:
            text += f"，在{len(figures.units_covered)}个镇（街道）巡回宣讲"
        campaign_text.append(text)
    if campaign_text:
        items.append(
            (
                "outreach.campaigns",
                "主动参与，积极协调。加强法制宣传教育，抓好妇女普法工作。"
                + "；".join(campaign_text)
                + "，营造全社会尊重妇女、维护妇女权益的社会氛围。",
            )
        )
    events = outreach.events
    public = next((t.count for t in events.by_kind if t.key == "public_place"), 0)
    volume = []
    if public:
        volume.append(f"在大型公共场所做法制宣传{public}次")
    if events.leaflets:
        volume.append(f"散发传单{events.leaflets}份")
    if events.performances:
        volume.append(f"组织大型宣传法制演出{events.performances}场")
    if events.audience:
        volume.append(f"受众{events.audience}人次")
    if volume:
        items.append(("outreach.volume", f"{when}{me}" + "，".join(volume) + "，营造了浓厚的全民学法的氛围。"))
    if outreach.training.sessions:
        items.append(
            (
                "outreach.training",
                f"加强妇联维权队伍的能力建设，以会代训，共举办培训班{outreach.training.sessions}次，"
                f"培训妇联干部{outreach.training.person_times}人次。",
            )
        )
    coverage = outreach.dv_coverage.total
    if coverage.numerator:
        share = "100%" if coverage.numerator == coverage.denominator else pct(coverage)
        items.append(
            (
                "outreach.dv_points",
                f"发挥好“家庭暴力投诉点”作用。积极协调派出所，开展创建家庭暴力投诉点和妇女维权工作站工作，"
                f"{share}村（社区）建立了家庭暴力投诉点（{coverage.numerator}个，共{coverage.denominator}个村、社区）。"
                "通过这个平台，与公安、司法等部门共同开展经常性的反家庭暴力宣传教育活动，把家庭暴力消灭在萌芽状态。",
            )
        )
    if items:
        heading("outreach.heading", "配合有关部门做好法制宣传教育工作")
        for index, (key, text) in enumerate(items, start=1):
            out.append(Paragraph(key, f"{index}、{text}"))

    levels = p.by_level
    settled_low = levels.get("village", 0) + levels.get("township", 0)
    if settled_low:
        out.append(
            Paragraph(
                "petitions.levels",
                f"各级妇联认真及时调解案件，{when}在村一级化解{levels.get('village', 0)}件、镇（街道）一级化解"
                f"{levels.get('township', 0)}件，做到“小事不出村、大事不出乡、纠纷不激化、矛盾不扩大”。",
            )
        )

    problems_key, problems_title, next_key, next_title = FREE_TEXT["zh-hans"]
    heading(problems_key + ".heading", problems_title)
    out.append(Paragraph(problems_key, "", generated=False))
    heading(next_key + ".heading", next_title)
    out.append(Paragraph(next_key, "", generated=False))

    return ReportDocument(
        title=f"{unit.name}妇女联合会维权工作汇报",
        paragraphs=out,
        tables=tables(summary, "zh-hans"),
        signature=[f"{unit.name}妇女联合会", chinese_date(summary.today)],
        language="zh-hans",
    )


# --- English ------------------------------------------------------------------------


def write_en(summary: WorkSummary) -> ReportDocument:
    unit, period = summary.unit, summary.period
    now, before = summary.current, summary.last_year
    p, p0 = now.petitions, before.petitions
    legal, hardship, outreach = now.legal_aid, now.hardship, now.outreach
    when = period_en(period)
    out = [
        Paragraph(
            "opening",
            f"Following the higher-level federation's requirements, the {unit.name} Women's Federation deepened "
            f"legal education and strengthened its rights-protection services for women. Its main work {when}:",
        )
    ]
    section = 0

    def heading(key, text):
        nonlocal section
        section += 1
        out.append(Paragraph(key, f"{section}. {text}", level=1))

    items = []
    if p.received:
        answered = (
            "every one of them answered" if p.replied == p.received else f"{p.replied} answered ({pct(p.reply_rate)})"
        )
        text = (
            f"The federation received {p.received} letters and visits ({p.headcount} person-times) "
            f"{when}{yoy_en(p.received, p0.received)}, {answered}; {p.concluded} were resolved, "
            f"a resolution rate of {pct(p.resolution_rate)}."
        )
        if p.by_category:
            top = list(p.by_category.items())[:3]
            text += " Most concerned " + ", ".join(f"{name} ({n})" for name, n in top) + "."
        items.append(("petitions.received", text))
    if legal.cases.free_representation or legal.cases.women_aided:
        items.append(
            (
                "legal_aid.cases",
                f"It represented poor women free of charge in {legal.cases.free_representation} lawsuits and gave "
                f"legal aid to {legal.cases.women_aided} women.",
            )
        )
    if p.leader_reception:
        items.append(
            (
                "petitions.reception",
                f"Leaders received petitioners in person: {p.leader_reception} cases, "
                f"{p.leader_reception_headcount} person-times{yoy_en(p.leader_reception, p0.leader_reception)}.",
            )
        )
    if legal.protection_orders.applied or legal.police_warnings.issued:
        items.append(
            (
                "legal_aid.protection",
                f"It helped victims apply for {legal.protection_orders.applied} personal-safety protection orders "
                f"({legal.protection_orders.granted} granted); police issued {legal.police_warnings.issued} domestic-violence warnings.",
            )
        )
    if legal.jury.hearings:
        items.append(
            (
                "legal_aid.jury",
                f"Federation assessors sat in {legal.jury.hearings} court hearings"
                + (
                    f", {legal.jury.women_or_children} of them involving women's or children's rights."
                    if legal.jury.women_or_children
                    else "."
                ),
            )
        )
    aid = []
    if hardship.assistance.spring_festival_single_poor_mothers:
        aid.append(
            f"visited {hardship.assistance.spring_festival_single_poor_mothers} single mothers in extreme poverty at the Spring Festival"
        )
    if hardship.housing.completed:
        aid.append(f"built {hardship.housing.completed} homes for them")
    if hardship.training.poor_female_enrolled:
        aid.append(f"enrolled {hardship.training.poor_female_enrolled} poor young women in the women's talent class")
    if aid:
        items.append(("hardship", "In hardship support it " + "; ".join(aid) + "."))
    if items:
        heading("petitions.heading", "Petitions, legal aid and support")
        out += [Paragraph(key, text) for key, text in items]

    items = []
    for kind, figures in now.campaigns.items():
        label = next((t.label for t in outreach.events.by_campaign_kind if t.key == kind), kind)
        text = f"{label}: {figures.events} events"
        if figures.partner_agencies:
            text += " with " + ", ".join(figures.partner_agencies)
        if figures.laws:
            text += ", promoting " + ", ".join(figures.laws)
        items.append((f"outreach.campaign.{kind}", text + "."))
    events = outreach.events
    if events.events:
        items.append(
            (
                "outreach.volume",
                f"In all {events.events} publicity events, {events.leaflets} leaflets handed out, "
                f"{events.performances} performances, an audience of {events.audience}.",
            )
        )
    if outreach.training.sessions:
        items.append(
            (
                "outreach.training",
                f"{outreach.training.sessions} training sessions for cadres, {outreach.training.person_times} person-times.",
            )
        )
    coverage = outreach.dv_coverage.total
    if coverage.numerator:
        items.append(
            (
                "outreach.dv_points",
                f"{pct(coverage)} of villages and communities ({coverage.numerator} of {coverage.denominator}) "
                "have a domestic-violence complaint point.",
            )
        )
    if items:
        heading("outreach.heading", "Legal publicity and education")
        out += [Paragraph(key, text) for key, text in items]
    problems_key, problems_title, next_key, next_title = FREE_TEXT["en"]
    heading(problems_key + ".heading", problems_title)
    out.append(Paragraph(problems_key, "", generated=False))
    heading(next_key + ".heading", next_title)
    out.append(Paragraph(next_key, "", generated=False))
    return ReportDocument(
        title=f"{unit.name} Women's Federation: rights-protection work report",
        paragraphs=out,
        tables=tables(summary, "en"),
        signature=[f"{unit.name} Women's Federation", f"{summary.today:%-d %B %Y}"],
        language="en",
    )


# --- tables ---------------------------------------------------------------------------

LABELS = {
    "zh-hans": {
        "headline": "主要数据",
        "item": "项目",
        "now": "本期",
        "before": "去年同期",
        "change": "同比（%）",
        "petitions": "信访",
        "legal": "法律援助",
        "hardship": "帮扶",
        "outreach": "法制宣传",
        "by_sub": "分单位信访情况",
        "sub": "单位",
        "received": "受理",
        "concluded": "办结",
        "rate": "办结率",
        "reply": "答复率",
        "overdue": "当前超期",
        "coverage": "投诉点覆盖率",
        "by_category": "信访分类",
        "category": "类别",
        "count": "件数",
        "share": "占比",
        "by_month": "分月信访情况",
        "month": "月份",
        "by_channel": "信访渠道",
        "channel": "渠道",
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
        "events": "场次",
        "by_campaign": "宣传活动主题",
        "campaign": "主题",
        "coverage_by_sub": "分单位家暴投诉点覆盖",
        "villages": "村（社区）",
        "covered": "已建投诉点",
        "jury": "陪审案件类型",
        "case_type": "案件类型",
        "rows": [
            ("petitions_received", "来信来访（件）"),
            ("petitions_headcount", "来信来访（人次）"),
            ("petitions_concluded", "办结（件）"),
            ("resolution_rate", "办结率（%）"),
            ("reply_rate", "答复率（%）"),
            ("free_representation", "免费代理（宗）"),
            ("women_given_legal_aid", "法律援助（人）"),
            ("jury_hearings", "参与陪审（宗）"),
            ("single_poor_mothers_visited", "慰问单亲特困母亲（户）"),
            ("housing_units_built", "建成安居房（套）"),
            ("students_enrolled", "女子成才班招生（名）"),
            ("outreach_events", "宣传活动（场）"),
            ("leaflets", "散发传单（份）"),
            ("training_person_times", "培训干部（人次）"),
            ("dv_coverage", "家暴投诉点覆盖率（%）"),
        ],
    },
    "en": {
        "headline": "Headline figures",
        "item": "Item",
        "now": "This period",
        "before": "A year earlier",
        "change": "Change (%)",
        "petitions": "Petitions",
        "legal": "Legal aid",
        "hardship": "Hardship",
        "outreach": "Outreach",
        "by_sub": "Petitions by sub-unit",
        "sub": "Unit",
        "received": "Received",
        "concluded": "Concluded",
        "rate": "Resolution rate",
        "reply": "Reply rate",
        "overdue": "Overdue now",
        "coverage": "DV point coverage",
        "by_category": "Petitions by category",
        "category": "Category",
        "count": "Petitions",
        "share": "Share",
        "by_month": "Petitions by month",
        "month": "Month",
        "by_channel": "Petitions by channel",
        "channel": "Channel",
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
        "events": "Events",
        "by_campaign": "Publicity events by campaign",
        "campaign": "Campaign",
        "coverage_by_sub": "DV complaint points by sub-unit",
        "villages": "Villages",
        "covered": "With a point",
        "jury": "Jury hearings by case type",
        "case_type": "Case type",
        "rows": [
            ("petitions_received", "Letters and visits"),
            ("petitions_headcount", "Person-times"),
            ("petitions_concluded", "Concluded"),
            ("resolution_rate", "Resolution rate (%)"),
            ("reply_rate", "Reply rate (%)"),
            ("free_representation", "Free representation (cases)"),
            ("women_given_legal_aid", "Women given legal aid"),
            ("jury_hearings", "Jury hearings"),
            ("single_poor_mothers_visited", "Single poor mothers visited"),
            ("housing_units_built", "Homes built"),
            ("students_enrolled", "Students enrolled"),
            ("outreach_events", "Publicity events"),
            ("leaflets", "Leaflets"),
            ("training_person_times", "Cadres trained (person-times)"),
            ("dv_coverage", "DV point coverage (%)"),
        ],
    },
}


def _value(entry):
    return entry["percent"] if isinstance(entry, dict) else entry


def tables(summary: WorkSummary, language: str) -> list[Table]:
    from .summary import headline

    t = LABELS[language]
    now, before = headline(summary.current), headline(summary.last_year)
    rows = []
    for key, label in t["rows"]:
        a, b = _value(now[key]), _value(before[key])
        rows.append([label, a, b, change(a, b)])
    result = [Table("headline", t["headline"], [t["item"], t["now"], t["before"], t["change"]], rows, t["headline"])]
    p = summary.current.petitions
    result.append(
        Table(
            "by_sub_unit",
            t["by_sub"],
            [t["sub"], t["received"], t["concluded"], t["rate"], t["reply"], t["overdue"], t["coverage"]],
            [
                [
                    row.unit.name,
                    row.petitions.received,
                    row.petitions.concluded,
                    row.petitions.resolution_rate.percent,
                    row.petitions.reply_rate.percent,
                    row.petitions.open_overdue,
                    row.dv_coverage.percent if row.dv_coverage else None,
                ]
                for row in summary.sub_units
            ],
            t["petitions"],
            percent_columns=[3, 4, 6],
        )
    )
    result.append(
        Table(
            "by_category",
            t["by_category"],
            [t["category"], t["count"], t["share"]],
            [[name, n, Rate(n, p.received).percent] for name, n in {**p.by_category, **{}}.items()],
            t["petitions"],
            percent_columns=[2],
        )
    )
    from petitions.models import Petition

    with translation.override(language):
        channels = dict(Petition.Channel.choices)
        result.append(
            Table(
                "by_channel",
                t["by_channel"],
                [t["channel"], t["count"]],
                [[str(channels.get(k, k)), n] for k, n in p.by_channel.items() if n],
                t["petitions"],
            )
        )
    result.append(
        Table(
            "by_month",
            t["by_month"],
            [t["month"], t["received"], t["concluded"]],
            [[f"{m.year}-{m.month:02d}", m.received, m.concluded] for m in summary.by_month],
            t["petitions"],
        )
    )
    legal = summary.current.legal_aid
    from legal_aid.models import AssessorHearing, LegalAidCase

    with translation.override(language):
        forms, causes = dict(LegalAidCase.AidForm.choices), dict(LegalAidCase.Cause.choices)
        case_types = dict(AssessorHearing.CaseType.choices)
        result.append(
            Table(
                "legal_aid_by_form",
                t["by_form"],
                [t["form"], t["cases"]],
                [[str(forms.get(k, k)), n] for k, n in legal.cases.by_form.items() if n],
                t["legal"],
            )
        )
        result.append(
            Table(
                "legal_aid_by_cause",
                t["by_cause"],
                [t["cause"], t["cases"]],
                [[str(causes.get(k, k)), n] for k, n in legal.cases.by_cause.items() if n],
                t["legal"],
            )
        )
        result.append(
            Table(
                "jury_by_case_type",
                t["jury"],
                [t["case_type"], t["cases"]],
                [[str(case_types.get(k, k)), n] for k, n in legal.jury.by_case_type.items() if n],
                t["legal"],
            )
        )
    events = summary.current.outreach.events
    result.append(
        Table(
            "events_by_kind",
            t["by_event_kind"],
            [t["event_kind"], t["events"]],
            [[tally.label, tally.count] for tally in events.by_kind],
            t["outreach"],
        )
    )
    result.append(
        Table(
            "events_by_campaign",
            t["by_campaign"],
            [t["campaign"], t["events"]],
            [[tally.label, tally.count] for tally in events.by_campaign_kind],
            t["outreach"],
        )
    )
    result.append(
        Table(
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
    )
    budgets = summary.current.hardship.budgets
    result.append(
        Table(
            "budgets",
            t["budgets"],
            [t["programme"], t["budget"], t["committed"], t["spent"], t["remaining"]],
            [
                [b.name, _money(b.budget), _money(b.committed), _money(b.spent), _money(b.remaining)]
                for b in budgets.programmes
            ],
            t["hardship"],
        )
    )
    return result


def _money(value: Decimal):
    return float(value) if value is not None else None


def write(summary: WorkSummary, language: str) -> ReportDocument:
    return write_en(summary) if language == "en" else write_zh(summary)


def document_for(unit, period: Period, language: str, *, today: date):
    """Build the summary with labels in the report's language, and write it out."""
    from .summary import build_summary

    with translation.override(language):
        summary = build_summary(unit, period, today=today)
        return summary, write(summary, language)
