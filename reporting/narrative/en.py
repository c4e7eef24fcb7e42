"""The work summary in English, following the Chinese report's order."""

from ..document import Paragraph, ReportDocument
from ..summary import WorkSummary
from .common import FREE_TEXT, pct, period_en, rate_yoy_en, yoy_en
from .tables import tables


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
            f"a resolution rate of {pct(p.resolution_rate)}{rate_yoy_en(p.resolution_rate, p0.resolution_rate)}."
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
