"""Demo hardship data for the city (南雄市) in the demo year, as the source report tells it:

- "春节期间慰问了65户单亲特困母亲": 65 single-parent extremely-poor mothers visited
  under the city's Spring-Festival programme;
- "今年争取上级妇联的支持共建了5套安居房": 5 homes completed with money from the
  higher-level federation (and a sixth planned for next year);
- "'女子成才班',今年招收了99名贫困女学生": 99 poor young women enrolled in this
  year's class; last year's cohort graduates found work and lifted households out
  of poverty this year ("输送一人,脱贫一户").

Idempotent: each programme is seeded once, keyed by unit, year and name.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from directory.demo import CITY_CODE, demo_person, seeder
from directory.models import OrgUnit

from .models import Assistance, Enrolment, Household, HousingFunding, HousingUnit, Programme, TrainingClass
from .services import create_programme

XIONGZHOU = "440282001000"
EMPLOYERS = [
    "南雄市华美电子厂",
    "南雄市珠玑巷旅游公司",
    "韶关市天虹商场",
    "南雄市人民医院护理部",
    "东莞市长安镇某电子厂",
]
GOODS = "大米一袋、食用油一桶、棉被一床"


def _programme(ctx, *, unit, name, kind, budget, funding, starts_on, ends_on, by, description="", year=None):
    """The programme, and whether it was just made (so its records still need seeding)."""
    year = year or ctx.year
    existing = Programme.objects.filter(org_unit=unit, year=year, name=name).first()
    if existing:
        return existing, False
    programme = create_programme(
        by=by,
        name=name,
        kind=kind,
        year=year,
        org_unit=unit,
        budget=Decimal(budget),
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        funding={k: Decimal(v) for k, v in funding.items()},
    )
    return programme, True


def _household(ctx, *, unit, by, size=None, **flags):
    head = demo_person(
        ctx,
        unit=unit,
        birth_year=flags.pop("birth_year", None),
        is_single_mother=flags.get("is_single_parent", False),
        is_extremely_poor=flags.get("is_extremely_poor", False),
        is_low_income=flags.get("is_low_income", False),
        is_poor=True,
    )
    household = Household(head=head, org_unit=unit, size=size or ctx.rng.randint(2, 4), created_by=by, **flags)
    household._history_user = by
    household.save()
    return household


@seeder(40)
def seed_hardship(ctx):
    User = get_user_model()
    clerk, handler = User.objects.get(username="nx_clerk"), User.objects.get(username="nx_handler")
    city = ctx.unit(CITY_CODE)
    villages = list(OrgUnit.objects.within(city).villages().order_by("path"))
    year = ctx.year

    # 春节慰问: 65 mothers, 500 yuan and 150 yuan of goods each, in the fortnight before the festival.
    spring, new = _programme(
        ctx,
        unit=city,
        name=f"{year}年春节慰问单亲特困母亲",
        kind=Programme.Kind.SPRING_FESTIVAL,
        budget="45000",
        funding={"city_finance": "30000", "donations": "15000"},
        starts_on=date(year, 1, 10),
        ends_on=date(year, 2, 10),
        by=handler,
    )
    mothers = []
    if new:
        for i in range(65):
            household = _household(
                ctx, unit=villages[(i * 7) % len(villages)], by=clerk, is_single_parent=True, is_extremely_poor=True
            )
            mothers.append(household)
            visit = Assistance(
                programme=spring,
                household=household,
                kind=Assistance.Kind.VISIT,
                given_on=date(year, 1, 12) + timedelta(days=i % 14),
                cash=Decimal("500.00"),
                goods=GOODS,
                goods_value=Decimal("150.00"),
                visited_by="曾丽华、黄美玲",
                created_by=clerk,
            )
            visit._history_user = clerk
            visit.save()

    # 安居房: five completed this year with the higher-level federation's money, one planned.
    housing, new = _programme(
        ctx,
        unit=city,
        name=f"{year}年援建单亲特困母亲安居房",
        kind=Programme.Kind.HOUSING,
        budget="240000",
        funding={"higher_federation": "150000", "city_finance": "90000"},
        starts_on=date(year, 3, 1),
        ends_on=date(year, 12, 31),
        by=handler,
    )
    if new:
        owners = mothers[:6] or list(Household.objects.within(city).filter(is_single_parent=True)[:6])
        for i, household in enumerate(owners):
            built = i < 5
            unit = HousingUnit(
                programme=housing,
                household=household,
                address=f"{household.org_unit.name}安居点{i + 1}号",
                planned_on=date(year, 3, 1),
                planned_cost=Decimal("40000.00"),
                status=HousingUnit.Status.PLANNED,
            )
            if built:
                unit.status = HousingUnit.Status.HANDED_OVER if i < 3 else HousingUnit.Status.COMPLETED
                unit.started_on = date(year, 4, 1 + i)
                unit.completed_on = date(year, 9, 10 + i)
                unit.handed_over_on = date(year, 10, 1 + i) if i < 3 else None
                unit.actual_cost = Decimal("39500.00") + 200 * i
            unit._history_user = handler
            unit.save()
            amounts = {"higher_federation": "30000", "city_finance": "10000"}
            for source, amount in amounts.items():
                HousingFunding.objects.create(housing_unit=unit, source=source, amount=Decimal(amount))

    # 女子成才班: last year's cohort finds work this year; this year's takes 99 poor young women.
    classes, new = _programme(
        ctx,
        unit=city,
        name=f"{year}年女子成才班",
        kind=Programme.Kind.WOMEN_CLASS,
        budget="150000",
        funding={"higher_federation": "50000", "city_finance": "100000"},
        starts_on=date(year, 3, 1),
        ends_on=date(year, 12, 31),
        by=handler,
        description="智力扶贫，输送一人，脱贫一户。",
    )
    if new:
        cohort = TrainingClass(
            programme=classes,
            name=f"{year}年第{year - 2009}期女子成才班",
            starts_on=date(year, 3, 1),
            ends_on=date(year + 1, 1, 20),
            capacity=100,
            venue="南雄市职业技术学校",
            cost=Decimal("98000.00"),
        )
        cohort._history_user = handler
        cohort.save()
        for i in range(99):
            student = demo_person(
                ctx, unit=villages[(i * 5 + 3) % len(villages)], birth_year=year - 18 - i % 6, is_poor=True
            )
            enrolment = Enrolment(training_class=cohort, student=student, enrolled_on=date(year, 3, 1))
            enrolment._history_user = handler
            enrolment.save()
        last_year, _new = _programme(
            ctx,
            unit=city,
            name=f"{year - 1}年女子成才班",
            kind=Programme.Kind.WOMEN_CLASS,
            budget="60000",
            funding={"city_finance": "60000"},
            starts_on=date(year - 1, 3, 1),
            ends_on=date(year, 1, 31),
            by=handler,
            year=year - 1,
        )
        earlier = TrainingClass(
            programme=last_year,
            name=f"{year - 1}年第{year - 2010}期女子成才班",
            starts_on=date(year - 1, 3, 1),
            ends_on=date(year, 1, 15),
            capacity=100,
            venue="南雄市职业技术学校",
            cost=Decimal("56000.00"),
        )
        earlier._history_user = handler
        earlier.save()
        for i in range(40):
            household = _household(
                ctx, unit=villages[(i * 11 + 1) % len(villages)], by=clerk, is_low_income=True, birth_year=year - 20
            )
            enrolment = Enrolment(
                training_class=earlier,
                student=household.head,
                household=household,
                enrolled_on=date(year - 1, 3, 1),
                status=Enrolment.Status.GRADUATED,
                graduated_on=date(year, 1, 15),
            )
            if i < 32:
                enrolment.employer = EMPLOYERS[i % len(EMPLOYERS)]
                enrolment.employed_on = date(year, 3, 1) + timedelta(days=i)
            if i < 24:
                enrolment.lifted_out_on = date(year, 12, 1)
            enrolment._history_user = handler
            enrolment.save()

    # 雄州街道's own education aid, so the township's staff see their own work.
    town = ctx.unit(XIONGZHOU)
    xz_handler = User.objects.get(username="xz_handler")
    aid, new = _programme(
        ctx,
        unit=town,
        name=f"{year}年雄州街道困难女童助学",
        kind=Programme.Kind.EDUCATION,
        budget="6000",
        funding={"donations": "6000"},
        starts_on=date(year, 8, 20),
        ends_on=date(year, 9, 10),
        by=xz_handler,
    )
    if new:
        town_villages = list(OrgUnit.objects.within(town).villages().order_by("path"))
        for i in range(6):
            household = _household(ctx, unit=town_villages[i % len(town_villages)], by=xz_handler, is_low_income=True)
            grant = Assistance(
                programme=aid,
                household=household,
                kind=Assistance.Kind.DISBURSEMENT,
                given_on=date(year, 8, 28),
                cash=Decimal("800.00"),
                goods="书包、文具",
                goods_value=Decimal("120.00"),
                visited_by="邓春梅",
                created_by=xz_handler,
            )
            grant._history_user = xz_handler
            grant.save()
    ctx.log(
        f"  hardship: {Programme.objects.count()} programmes, {Household.objects.count()} households, "
        f"{Assistance.objects.count()} assistance, {HousingUnit.objects.count()} housing units, "
        f"{Enrolment.objects.count()} enrolments"
    )
