"""The work summary in English, following the Chinese report's order."""

from ..document import Paragraph, ReportDocument
from ..summary import WorkSummary
from .common import (
    FREE_TEXT,
    and_en,
    count_en,
    in_sentence_en,
    law_en,
    pct,
    period_en,
    rate_yoy_en,
    title_en,
    yoy_en,
)
from .tables import tables


def write_en(summary: WorkSummary) -> ReportDocument:
    unit, period = summary.unit, summary.period
    now, before = summary.current, summary.last_year
    p, p0 = now.petitions, before.petitions
    p0_legal = before.legal_aid
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
            text += " Most concerned " + ", ".join(f"{in_sentence_en(name)} ({n})" for name, n in top) + "."
        items.append(("petitions.received", text))
    cases = legal.cases
    done = []
    if cases.free_representation:
        done.append(f"represented poor women free of charge in {count_en(cases.free_representation, 'case')}")
    if cases.women_aided:
        done.append(
            f"gave legal aid to {count_en(cases.women_aided, 'woman', 'women')}"
            f"{yoy_en(cases.women_aided, p0_legal.cases.women_aided)}"
        )
    if done:
        items.append(("legal_aid.cases", f"It {' and '.join(done)}."))
    if p.leader_reception:
        items.append(
            (
                "petitions.reception",
                f"Leaders received petitioners in person: {p.leader_reception} cases, "
                f"{p.leader_reception_headcount} person-times{yoy_en(p.leader_reception, p0.leader_reception)}.",
            )
        )
    orders, warnings = legal.protection_orders, legal.police_warnings
    stopped = []
    if orders.applied:
        stopped.append(
            f"it helped victims apply for {count_en(orders.applied, 'personal-safety protection order')} "
            f"({orders.granted} granted)"
        )
    if warnings.issued:
        stopped.append(f"police issued {count_en(warnings.issued, 'domestic-violence warning')}")
    if stopped:
        items.append(("legal_aid.protection", "To stop domestic violence, " + "; ".join(stopped) + "."))
    if legal.jury.hearings:
        items.append(
            (
                "legal_aid.jury",
                f"Federation assessors sat in {count_en(legal.jury.hearings, 'court hearing')}"
                f"{yoy_en(legal.jury.hearings, p0_legal.jury.hearings)}"
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
        text = f"{label}: {count_en(figures.events, 'event')}"
        if figures.partner_agencies:
            text += " with " + and_en(figures.partner_agencies)
        if figures.laws:
            text += ", promoting " + and_en(law_en(law) for law in figures.laws)
        items.append((f"outreach.campaign.{kind}", text + "."))
    events = outreach.events
    volume = [
        text
        for n, text in (
            (events.events, count_en(events.events, "publicity event")),
            (events.leaflets, f"{count_en(events.leaflets, 'leaflet')} handed out"),
            (events.performances, count_en(events.performances, "performance")),
            (events.audience, f"an audience of {events.audience}"),
        )
        if n
    ]
    if volume:
        items.append(("outreach.volume", f"In all {', '.join(volume)}."))
    if outreach.training.sessions:
        items.append(
            (
                "outreach.training",
                f"{count_en(outreach.training.sessions, 'training session')} for cadres, "
                f"{outreach.training.person_times} person-times.",
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
    levels = p.by_level
    if levels.get("village", 0) + levels.get("township", 0):
        out.append(
            Paragraph(
                "petitions.levels",
                f"Federations at every level mediated promptly: {count_en(levels.get('village', 0), 'matter')} settled "
                f"in the village and {levels.get('township', 0)} in the township, so that small matters stay in the "
                "village and big ones in the township.",
            )
        )
    problems_key, problems_title, next_key, next_title = FREE_TEXT["en"]
    heading(problems_key + ".heading", problems_title)
    out.append(Paragraph(problems_key, "", generated=False))
    heading(next_key + ".heading", next_title)
    out.append(Paragraph(next_key, "", generated=False))
    return ReportDocument(
        title=title_en(unit.name, period),
        paragraphs=out,
        tables=tables(summary, "en"),
        signature=[f"{unit.name} Women's Federation", f"{summary.today:%-d %B %Y}"],
        language="en",
    )
