"""Demo year of outreach, reproducing the figures of the two source reports.

南雄市 (the first report): the 三八维权周 publicity with the justice bureau,
the comprehensive-governance office and the maternal and child health
hospital, promoting 《妇女权益保障法》《未成年人保护法》; the 6·26 anti-drug day
with the anti-drug office, the police, the justice bureau and the youth
league. Every village's DV complaint point is seeded by `directory`.

示范区 (the second report): 4 public-place publicity events with the district
justice bureau, 4,000 leaflets, 2 performances; the 维权教育社区(村屯)行 tour
of its 8 subdistricts and 2 townships; 2 training classes, 61 cadres.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from directory.demo import CITY_CODE, DEMO_DISTRICT, GIVEN, SURNAMES, seeder
from directory.models import Agency, OrgUnit, ServicePoint, Volunteer, VolunteerTeam

from .models import Campaign, Event, Law, Trainee, TrainingSession


def _laws(*names):
    # The data migration seeds these; get_or_create keeps the demo whole on a
    # database whose tables were flushed after migrating (browser tests do that).
    return [Law.objects.get_or_create(name=name)[0] for name in names]


def _campaign(unit, kind, name, year):
    campaign, _ = Campaign.objects.get_or_create(org_unit=unit, kind=kind, year=year, defaults={"name": name})
    return campaign


def _event(*, unit, title, held_on, partners=(), laws=(), covered=(), volunteers=(), by=None, **fields):
    """One event, created once (keyed by unit, title and date)."""
    event, created = Event.objects.get_or_create(
        org_unit=unit, title=title, held_on=held_on, defaults={**fields, "created_by": by}
    )
    if created:
        event.partners.set(partners)
        event.laws.set(laws)
        event.covered_units.set(covered)
        event.volunteers.set(volunteers)
    return event


def _city(ctx, clerk):
    city = ctx.unit(CITY_CODE)
    year = ctx.year
    agencies = {a.name: a for a in Agency.objects.filter(org_unit=city)}
    team_members = list(Volunteer.objects.filter(org_unit=city, team__name="维权志愿者服务队").order_by("full_name"))
    march8 = _campaign(city, Campaign.Kind.MARCH_8, "三八维权周", year)
    june26 = _campaign(city, Campaign.Kind.JUNE_26, "6·26国际禁毒日", year)
    _campaign(city, Campaign.Kind.DECEMBER_4, "12·4国家宪法日", year)
    _event(
        unit=city,
        title="“三八”维权周妇女法制健康宣传活动",
        held_on=date(year, 3, 6),
        campaign=march8,
        kind=Event.Kind.PUBLIC_PLACE,
        place="南雄市人民广场",
        partners=[agencies["南雄市司法局"], agencies["南雄市综治办"], agencies["南雄市妇幼保健院"]],
        laws=_laws("妇女权益保障法", "未成年人保护法"),
        volunteers=team_members[:4],
        audience=1200,
        leaflets=2000,
        materials=300,
        summary="设咨询台、发放宣传资料、义诊,营造全社会尊重妇女、维护妇女权益的社会氛围。",
        by=clerk,
    )
    _event(
        unit=city,
        title="“6·26”国际禁毒日法制宣传活动",
        held_on=date(year, 6, 26),
        campaign=june26,
        kind=Event.Kind.PUBLIC_PLACE,
        place="南雄市雄州广场",
        partners=[
            agencies["南雄市禁毒办"],
            agencies["南雄市公安局"],
            agencies["南雄市司法局"],
            agencies["共青团南雄市委员会"],
        ],
        laws=_laws("禁毒法"),
        volunteers=team_members[2:6],
        audience=1500,
        leaflets=2500,
        summary="宣传毒品的巨大危害,提高公众识毒、防毒、拒毒的能力,构建“平安南雄”。",
        by=clerk,
    )
    # A point that opened during the demo year and one that closed, so that
    # coverage "on a past date" differs from coverage today in the demo.
    village = OrgUnit.objects.within(city).villages().order_by("path").last()
    ServicePoint.objects.get_or_create(
        org_unit=village,
        kind=ServicePoint.Kind.WORKSTATION,
        defaults={"name": f"{village.name}妇女维权服务站", "opened_on": date(year, 9, 1)},
    )


def _district(ctx, clerk):
    district = OrgUnit.objects.get(name=DEMO_DISTRICT, level=OrgUnit.Level.DISTRICT)
    year = ctx.year
    justice, _ = Agency.objects.get_or_create(
        org_unit=district, name="示范区司法局", defaults={"kind": Agency.Kind.JUSTICE}
    )
    court, _ = Agency.objects.get_or_create(
        org_unit=district, name="示范区人民法院", defaults={"kind": Agency.Kind.COURT}
    )
    team, _ = VolunteerTeam.objects.get_or_create(
        org_unit=district,
        name="维权志愿者服务队",
        defaults={"founded_on": date(year, 1, 10), "description": "女法官、女检察官、女律师及各界爱心人士"},
    )
    speakers = []
    for name, profession, employer in [
        ("高丽娟", Volunteer.Profession.JUDGE, "示范区人民法院"),
        ("孙美玲", Volunteer.Profession.PROSECUTOR, "示范区人民检察院"),
        ("马晓燕", Volunteer.Profession.LAWYER, "示范律师事务所"),
        ("田春梅", Volunteer.Profession.LAWYER, "和平律师事务所"),
        ("石慧敏", Volunteer.Profession.SOCIAL_WORKER, "示范区社工站"),
    ]:
        volunteer, _ = Volunteer.objects.get_or_create(
            org_unit=district,
            full_name=name,
            defaults={"profession": profession, "employer": employer, "team": team, "joined_on": date(year, 1, 10)},
        )
        speakers.append(volunteer)

    publicity = _campaign(district, Campaign.Kind.OTHER, "全民学法宣传月", year)
    tour_campaign = _campaign(district, Campaign.Kind.TOUR, "维权教育社区(村屯)行", year)
    _campaign(district, Campaign.Kind.SAFE_FAMILY, "平安家庭创建", year)
    # 在大型公共场所做法制宣传4次,散发传单4000余份,组织大型宣传法制演出2场
    for n, (month, day, place, leaflets, performances, laws) in enumerate(
        [
            (3, 8, "示范区中心广场", 1200, 1, ("妇女权益保障法", "反家庭暴力法")),
            (5, 15, "东城步行街", 900, 0, ("民法典婚姻家庭编",)),
            (9, 20, "西城文化广场", 1000, 1, ("反家庭暴力法", "法律援助法")),
            (12, 4, "站前广场", 900, 0, ("宪法", "妇女权益保障法")),
        ],
        start=1,
    ):
        _event(
            unit=district,
            title=f"大型公共场所法制宣传(第{n}场)",
            held_on=date(year, month, day),
            campaign=publicity,
            kind=Event.Kind.PUBLIC_PLACE,
            place=place,
            partners=[justice],
            laws=_laws(*laws),
            audience=800 + 100 * n,
            leaflets=leaflets,
            performances=performances,
            volunteers=speakers[:2] if performances else [],
            summary="与区司法局联合开展,营造了浓厚的全民学法氛围。"
            + ("同场举办大型法制文艺演出。" if performances else ""),
            by=clerk,
        )
    subdistricts = list(district.children.order_by("path"))  # 8 街道 + 2 乡
    _event(
        unit=district,
        title="“维权教育社区(村屯)行”巡回宣讲",
        held_on=date(year, 4, 10),
        campaign=tour_campaign,
        kind=Event.Kind.LECTURE,
        place="全区8个街道、2个乡",
        partners=[justice, court],
        laws=_laws("妇女权益保障法", "反家庭暴力法", "民法典婚姻家庭编"),
        covered=subdistricts,
        volunteers=speakers,
        audience=2600,
        leaflets=0,
        summary="组织法律宣讲志愿者队伍,在全区8办2乡进行巡回讲演。",
        by=clerk,
    )
    # 共举办大型培训班2次,培训妇联干部61人 (以会代训)
    for n, (start, title, size, laws) in enumerate(
        [
            (date(year, 4, 22), "街乡妇联干部维权业务培训班", 31, ("妇女权益保障法", "婚姻法")),
            (date(year, 10, 16), "基层妇联干部法律知识培训班", 30, ("反家庭暴力法", "民法典婚姻家庭编")),
        ]
    ):
        session, created = TrainingSession.objects.get_or_create(
            org_unit=district,
            title=title,
            starts_on=start,
            defaults={
                "ends_on": start + timedelta(days=1),
                "hours": Decimal("12"),
                "place": "示范区妇联会议室",
                "topics": "以会代训:变“替你维权”为“教你维权”。",
                "created_by": clerk,
            },
        )
        if created:
            session.laws.set(_laws(*laws))
            rng = ctx.rng
            Trainee.objects.bulk_create(
                Trainee(
                    session=session,
                    full_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                    org_unit=subdistricts[(i + n) % len(subdistricts)],
                    title="妇联主席" if i % 3 == 0 else "妇联执委",
                )
                for i in range(size)
            )
    # Half the district's villages opened a DV complaint point during the
    # demo year; one closed again, so the network page shows a partial tree.
    for i, village in enumerate(OrgUnit.objects.within(district).villages().order_by("path")):
        if i % 2:
            continue
        point, _ = ServicePoint.objects.get_or_create(
            org_unit=village,
            kind=ServicePoint.Kind.DV_COMPLAINT,
            defaults={"name": f"{village.name}家庭暴力投诉点", "opened_on": date(year, 3, 1) + timedelta(days=7 * i)},
        )
        if i == 0 and point.closed_on is None:
            point.closed_on = date(year, 11, 30)
            point.save(update_fields=["closed_on"])


@seeder(40)
def seed_outreach(ctx):
    User = get_user_model()
    _city(ctx, User.objects.filter(username="nx_clerk").first())
    _district(ctx, User.objects.filter(username="sf_handler").first())
    ctx.log(
        f"  outreach: {Campaign.objects.count()} campaigns, {Event.objects.count()} events, "
        f"{TrainingSession.objects.count()} training sessions, {Trainee.objects.count()} trainees"
    )
