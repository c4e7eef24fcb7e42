"""The work summary in Simplified Chinese, in the shape of the source report."""

from ..document import Paragraph, ReportDocument
from ..summary import WorkSummary
from .common import (
    CN_NUMERALS,
    FREE_TEXT,
    books,
    chinese_date,
    pct,
    period_zh,
    rate_yoy_zh,
    short_agency,
    short_unit,
    title_zh,
    yoy_zh,
)
from .tables import tables


def write_zh(summary: WorkSummary) -> ReportDocument:
    unit, period = summary.unit, summary.period
    now, before = summary.current, summary.last_year
    p, p0 = now.petitions, before.petitions
    legal, hardship, outreach = now.legal_aid, now.hardship, now.outreach
    legal0 = before.legal_aid
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
            f"{rate_yoy_zh(p.resolution_rate, p0.resolution_rate)}"
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
            out_legal.append(
                f"为{legal.cases.women_aided}位贫困妇女提供法律援助{yoy_zh(legal.cases.women_aided, legal0.cases.women_aided)}"
            )
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
                f"{when}{me}共参与各类案件陪审{legal.jury.hearings}宗{yoy_zh(legal.jury.hearings, legal0.jury.hearings)}"
                f"{involved}，对公正司法起到一定的监督作用。",
            )
        )
    aid = []
    mothers = hardship.assistance.spring_festival_single_poor_mothers
    if mothers:
        mothers0 = before.hardship.assistance.spring_festival_single_poor_mothers
        aid.append(f"做好单亲特困母亲春节慰问工作，春节期间慰问了{mothers}户单亲特困母亲{yoy_zh(mothers, mothers0)}")
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
        volume.append(f"散发传单{events.leaflets}份{yoy_zh(events.leaflets, before.outreach.events.leaflets)}")
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
        title=title_zh(unit.name, period),
        paragraphs=out,
        tables=tables(summary, "zh-hans"),
        signature=[f"{unit.name}妇女联合会", chinese_date(summary.today)],
        language="zh-hans",
    )
