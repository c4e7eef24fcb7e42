"""Demo legal-aid year for 南雄市.

To 30 September of the demo year the city reproduces the source report:
"为贫困妇女免费代理办案2宗(打官司),为9位贫困妇女提供法律援助" and
"参与各类案件陪审8宗". Some records fall after September, so the year
differs from the year to date.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from directory.demo import CITY_CODE, demo_person, seeder
from directory.models import Agency, OrgUnit, Volunteer

from . import services
from .models import Assessor, LegalAidCase

TZ = ZoneInfo("Asia/Shanghai")
COURT = "南雄市人民法院"

# (month, day, aid form, cause, provider, eligibility, woman #, outcome, money, still open)
# Women 0–8 are the nine women given legal aid to September; woman 0 comes twice.
CASES = [
    (1, 9, "litigation", "domestic_violence", "federation", "exempt_dv", 0, "won", "8000", False),
    (2, 13, "consultation", "divorce", "centre", "hardship", 1, "other", "0", False),
    (3, 6, "documents", "maintenance", "centre", "hardship", 2, "won", "3600", False),
    (3, 20, "litigation", "custody", "centre", "exempt_abandonment", 3, "mediated", "0", False),
    (4, 17, "labour", "labour", "centre", "hardship", 4, "partly_won", "12500", False),
    (5, 11, "litigation", "property", "federation", "hardship", 5, "won", "46000", False),
    (6, 3, "non_litigation", "inheritance", "centre", "hardship", 6, "", "0", True),
    (7, 8, "documents", "domestic_violence", "centre", "exempt_dv", 0, "won", "0", False),
    (8, 19, "litigation", "divorce", "centre", "exempt_abuse", 7, "", "0", True),
    (9, 12, "consultation", "visitation", "centre", "hardship", 8, "other", "0", False),
    # after September: count for the year, not for 到9月份
    (10, 15, "litigation", "domestic_violence", "federation", "exempt_dv", 9, "", "0", True),
    (11, 24, "documents", "maintenance", "centre", "hardship", 10, "", "0", True),
]

# (month, day, case type, cause, women, children, outcome)
HEARINGS = [
    (1, 16, "civil", "离婚纠纷", True, True, "调解离婚"),
    (2, 27, "civil", "抚养费纠纷", True, True, "判决支持"),
    (3, 25, "criminal", "故意伤害(家庭暴力)", True, False, "判处有期徒刑一年"),
    (4, 22, "civil", "赡养纠纷", True, False, "调解结案"),
    (5, 28, "criminal", "拐卖儿童", False, True, "判处有期徒刑五年"),
    (6, 24, "civil", "继承纠纷", True, False, "判决"),
    (8, 6, "administrative", "土地承包行政确认", True, False, "驳回起诉"),
    (9, 9, "civil", "离婚纠纷", True, True, "判决离婚"),
    (10, 21, "civil", "抚养权纠纷", True, True, "判决"),
    (12, 2, "criminal", "虐待", True, False, "判处拘役"),
]

ASSESSORS = [("nx_manager", 4, 5), ("nx_handler", 2, 3), ("nx_handler2", 3, 9)]  # years before the demo year, month


@seeder(60)
def seed_legal_aid(ctx):
    city = ctx.unit(CITY_CODE)
    year = ctx.year
    if LegalAidCase.objects.within(city).filter(applied_on__year=year).exists():
        ctx.log("  legal aid: already seeded")
        return
    User = get_user_model()
    handler = User.objects.get(username="nx_handler")
    villages = list(OrgUnit.objects.within(city).villages().order_by("path")[:40])
    lawyers = list(Volunteer.objects.filter(org_unit=city, profession=Volunteer.Profession.LAWYER).order_by("pk"))
    centre = Agency.objects.filter(org_unit=city, kind=Agency.Kind.LEGAL_AID).first()
    women = [
        demo_person(ctx, unit=villages[(i * 7) % len(villages)], is_poor=True, is_low_income=i % 3 == 0)
        for i in range(11)
    ]
    refused_woman = demo_person(ctx, unit=villages[3])
    cases = []
    for n, (month, day, form, cause, provider, basis, who, outcome, money, still_open) in enumerate(CASES):
        applied = date(year, month, day)
        case = services.create_case(
            by=handler,
            org_unit=city,
            client=women[who],
            aid_form=form,
            cause=cause,
            provider=provider,
            eligibility=basis,
            hardship_proof="低保证" if basis == "hardship" else "",
            partner_agency=centre if provider == "centre" else None,
            court=COURT if form == "litigation" else "",
            court_case_number=f"({year})粤0282民初{100 + n}号" if form == "litigation" else "",
            applied_on=applied,
            facts="",
        )
        # One decision is late (day 9) so the on-time rate is not trivially 100%.
        decided = applied + timedelta(days=9 if n == 3 else 2)
        case = services.decide_case(case=case, by=handler, on=decided, accept=True)
        lawyer = lawyers[n % len(lawyers)] if provider == "federation" or n % 2 else None
        case = services.assign_lawyer(
            case=case,
            by=handler,
            on=decided + timedelta(days=1),
            lawyer=lawyer,
            lawyer_name="" if lawyer else "南雄市法律援助处值班律师",
        )
        if not still_open:
            case = services.close_case(
                case=case, by=handler, on=applied + timedelta(days=40), outcome=outcome, money_recovered=Decimal(money)
            )
        cases.append(case)
    refused = services.create_case(
        by=handler,
        org_unit=city,
        client=refused_woman,
        aid_form="litigation",
        cause="property",
        provider="centre",
        eligibility="hardship",
        hardship_proof="村委会证明",
        applied_on=date(year, 5, 6),
    )
    services.decide_case(
        case=refused, by=handler, on=date(year, 5, 9), accept=False, reasons="家庭收入高于援助标准,已告知可自行委托律师"
    )
    _orders_and_warnings(ctx, city, handler, cases, women)
    _jury(ctx, city)
    ctx.log(f"  legal-aid cases: {LegalAidCase.objects.within(city).count()}")


def _orders_and_warnings(ctx, city, handler, cases, women):
    year = ctx.year
    station = Agency.objects.filter(org_unit__in=city.children.all(), kind=Agency.Kind.POLICE).order_by("pk").first()
    for n, (case, month, day) in enumerate([(cases[0], 1, 10), (cases[7], 7, 9), (cases[10], 10, 16)]):
        order = services.apply_for_protection_order(
            by=handler,
            org_unit=city,
            victim=case.client,
            respondent_name="丈夫",
            applicant="federation" if n != 1 else "victim",
            court=COURT,
            filed_at=datetime(year, month, day, 10, 0, tzinfo=TZ),
            urgent=n == 0,
            legal_aid_case=case,
        )
        on = date(year, month, day + 1)
        services.decide_protection_order(
            order=order,
            by=handler,
            on=on,
            granted=True,
            ban_violence=True,
            ban_contact=n != 2,
            move_out=n == 0,
            effective_from=on,
            expires_on=on + timedelta(days=(170, 100, 170)[n]),
        )
    services.apply_for_protection_order(
        by=handler,
        org_unit=city,
        victim=women[7],
        applicant="federation",
        court=COURT,
        filed_at=datetime(year, 8, 20, 15, 0, tzinfo=TZ),
        legal_aid_case=cases[8],
    )
    for n, who in enumerate([0, 3, 7, 9]):
        warning = services.record_police_warning(
            by=handler,
            org_unit=city,
            victim=women[who],
            abuser_name="丈夫",
            police_station=station,
            issued_on=date(year, 1 + n * 3, 5),
            federation_helped=n % 2 == 0,
        )
        services.record_follow_up_visit(
            warning=warning,
            by=handler,
            visited_on=date(year, 1 + n * 3, 12),
            visitor="village",
            notes="未再发生家庭暴力",
        )


def _jury(ctx, city):
    User = get_user_model()
    assessors = []
    for username, years_before, month in ASSESSORS:
        user = User.objects.get(username=username)
        assessor = Assessor.objects.filter(org_unit=city, staff_user=user).first() or services.appoint_assessor(
            by=user,
            org_unit=city,
            staff_user=user,
            full_name=user.first_name,
            court=COURT,
            appointed_on=date(ctx.year - years_before, month, 1),
        )
        assessors.append(assessor)
    # An assessor whose term ended before the demo year: on the register, not active.
    if not Assessor.objects.filter(org_unit=city, full_name="罗翠萍").exists():
        services.appoint_assessor(
            by=assessors[0].staff_user,
            org_unit=city,
            full_name="罗翠萍",
            court=COURT,
            appointed_on=date(ctx.year - 6, 3, 1),
        )
    for n, (month, day, case_type, cause, women, children, outcome) in enumerate(HEARINGS):
        kind = {"civil": "民初", "criminal": "刑初", "administrative": "行初"}[case_type]
        services.record_hearing(
            assessor=assessors[n % len(assessors)],
            by=assessors[0].staff_user,
            court_case_number=f"({ctx.year})粤0282{kind}{200 + n}号",
            case_type=case_type,
            cause=cause,
            heard_on=date(ctx.year, month, day),
            women_involved=women,
            children_involved=children,
            panel_size=3,
            outcome=outcome,
        )
