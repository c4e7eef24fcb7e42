"""Demo data: a registry of seeders that each app contributes to.

Each app may have a `demo` module whose functions are registered with
`@seeder(order)`; `manage.py seed_demo` runs them all in order. Seeders must
be idempotent: running the command twice leaves the same data.
"""

import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from stdnum.cn import ric

from .models import Agency, OrgUnit, Person, ServicePoint, StaffProfile, Volunteer, VolunteerTeam
from .roles import Role

_seeders: list[tuple[int, object]] = []

DEMO_PASSWORD = "demo-2025"
# The demo accounts that must use two-factor sign-in (managers, administrators,
# the auditor, superusers) get an authenticator with this published key: a demo
# only, it protects nothing. Add DEMO_OTP_KEY_BASE32 to an authenticator app,
# or print the current code with `python tools/demo_otp_code.py`.
DEMO_OTP_KEY = b"rights-office-demo!!"  # 20 bytes, as django-otp's own keys
DEMO_OTP_KEY_HEX = DEMO_OTP_KEY.hex()
DEMO_OTP_KEY_BASE32 = "OJUWO2DUOMWW6ZTGNFRWKLLEMVWW6IJB"
DATA = Path(__file__).parent / "demo_data"


def seeder(order: int):
    def register(func):
        _seeders.append((order, func))
        return func

    return register


@dataclass
class DemoContext:
    year: int
    rng: random.Random
    log: object
    logins: list = field(default_factory=list)

    def unit(self, code: str) -> OrgUnit:
        return OrgUnit.objects.get(code=code)


def run_seeders(*, year: int, log=print) -> DemoContext:
    ctx = DemoContext(year=year, rng=random.Random(year), log=log)
    for _order, func in sorted(_seeders, key=lambda pair: pair[0]):
        func(ctx)
    return ctx


# ---------------------------------------------------------------------------
# Directory seed: the demo city, its units, staff, partners and people.

CITY_CODE = "440282000000"  # 南雄市, the city of the source report
PREFECTURE_CODE = "440200000000"  # 韶关市
DEMO_DISTRICT = "示范区"  # a fictional district-level federation (the second report)
SURNAMES = "陈李黄张刘王邓曾叶林钟何朱罗谢赖周吴廖徐郭梁彭江肖杨胡温卢欧阳"
GIVEN = (
    "秀英 玉兰 桂芳 丽娟 美玲 春梅 小红 翠萍 金凤 海燕 雪梅 淑珍 慧敏 晓燕 婷婷 丽华 月娥 彩霞 秋菊 冬梅 凤娇 艳芳 "
    "丽萍 素珍 巧玲 晓丽 嘉欣 子涵 思琪 雨桐"
).split()
MALE_GIVEN = ["建国", "志强", "国华", "伟明", "永红", "海军", "文斌", "德胜", "家明", "振华"]


def _units(ctx):
    data = json.loads((DATA / "nanxiong.json").read_text(encoding="utf-8"))
    prefecture, _ = OrgUnit.objects.get_or_create(
        code=PREFECTURE_CODE, defaults={"name": "韶关市", "level": OrgUnit.Level.CITY}
    )
    city, _ = OrgUnit.objects.get_or_create(
        code=CITY_CODE, defaults={"name": "南雄市", "level": OrgUnit.Level.DISTRICT, "parent": prefecture}
    )
    for town in data["townships"]:
        township, _ = OrgUnit.objects.get_or_create(
            code=town["code"], defaults={"name": town["name"], "level": OrgUnit.Level.TOWNSHIP, "parent": city}
        )
        for village in town["villages"]:
            OrgUnit.objects.get_or_create(
                code=village["code"],
                defaults={"name": village["name"], "level": OrgUnit.Level.VILLAGE, "parent": township},
            )
    district = OrgUnit.objects.filter(name=DEMO_DISTRICT, parent=prefecture).first()
    if district is None:
        district = OrgUnit.objects.create(name=DEMO_DISTRICT, level=OrgUnit.Level.DISTRICT, parent=prefecture)
    offices = [
        "东城街道",
        "西城街道",
        "南关街道",
        "北关街道",
        "站前街道",
        "新华街道",
        "建设街道",
        "和平街道",
        "向阳乡",
        "红旗乡",
    ]
    for name in offices:
        sub = OrgUnit.objects.filter(name=name, parent=district).first() or OrgUnit.objects.create(
            name=name, level=OrgUnit.Level.TOWNSHIP, parent=district
        )
        for village in ["一社区", "二社区", "三社区"] if "街道" in name else ["前进村", "胜利村", "团结村"]:
            if not OrgUnit.objects.filter(parent=sub, name=name[:2] + village).exists():
                OrgUnit.objects.create(name=name[:2] + village, level=OrgUnit.Level.VILLAGE, parent=sub)
    ctx.log(f"  units: {OrgUnit.objects.count()}")


STAFF = [
    # username, full name, unit code (or district name), role, title
    ("admin", "系统管理员", PREFECTURE_CODE, None, ""),
    ("sg_manager", "韶关市妇联·林主任", PREFECTURE_CODE, Role.MANAGER, "权益部部长"),
    ("nx_manager", "曾丽华", CITY_CODE, Role.MANAGER, "市妇联副主席"),
    ("nx_handler", "黄美玲", CITY_CODE, Role.HANDLER, "维权部干事"),
    ("nx_handler2", "李晓燕", CITY_CODE, Role.HANDLER, "维权部干事"),
    ("nx_clerk", "陈秀英", CITY_CODE, Role.CLERK, "信访接待员"),
    ("nx_admin", "叶志强", CITY_CODE, Role.ADMIN, "信息员"),
    ("nx_security", "周建国", CITY_CODE, Role.SECURITY, "安全管理员"),
    ("nx_auditor", "何淑贞", CITY_CODE, Role.AUDITOR, "审计员"),
    ("xz_manager", "邓春梅", "440282001000", Role.MANAGER, "街道妇联主席"),
    ("xz_handler", "朱桂芳", "440282001000", Role.HANDLER, "妇联执委"),
    ("xz_clerk", "罗翠萍", "440282001000", Role.CLERK, "接待员"),
    ("zj_manager", "钟海燕", "440282113000", Role.MANAGER, "镇妇联主席"),
    ("zj_handler", "谢玉兰", "440282113000", Role.HANDLER, "妇联执委"),
    ("zj_clerk", "赖金凤", "440282113000", Role.CLERK, "接待员"),
    ("sf_manager", "王淑珍", DEMO_DISTRICT, Role.MANAGER, "区妇联主席"),
    ("sf_handler", "刘慧敏", DEMO_DISTRICT, Role.HANDLER, "维权部干事"),
]


def demo_authenticator(user) -> None:
    """An authenticator with the published demo key for a demo user who must use one (unless she set up her own)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .twofactor import AUTHENTICATOR, required_for

    if required_for(user) and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, key=DEMO_OTP_KEY_HEX, confirmed=True)


def _staff(ctx):
    from .services import assign_staff

    User = get_user_model()
    for username, name, where, role, title in STAFF:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role is None:
            if not user.is_superuser:
                user.is_superuser = user.is_staff = True
                user.save()
        else:
            unit = OrgUnit.objects.get(name=where) if not where.isdigit() else OrgUnit.objects.get(code=where)
            if role == Role.ADMIN and not user.is_staff:
                user.is_staff = True
                user.save()
            assign_staff(user=user, org_unit=unit, role=role, title=title)
        demo_authenticator(user)
        ctx.logins.append((username, DEMO_PASSWORD, name, str(role.label) if role else "superuser", where))
    ctx.log(f"  staff: {StaffProfile.objects.count()}")


AGENCIES = [
    ("南雄市公安局", Agency.Kind.POLICE),
    ("南雄市人民法院", Agency.Kind.COURT),
    ("南雄市人民检察院", Agency.Kind.PROCURATORATE),
    ("南雄市司法局", Agency.Kind.JUSTICE),
    ("南雄市民政局", Agency.Kind.CIVIL_AFFAIRS),
    ("南雄市妇幼保健院", Agency.Kind.HEALTH),
    ("南雄市教育局", Agency.Kind.EDUCATION),
    ("南雄市人力资源和社会保障局", Agency.Kind.HUMAN_RESOURCES),
    ("南雄市综治办", Agency.Kind.GOVERNANCE),
    ("南雄市禁毒办", Agency.Kind.ANTI_DRUG),
    ("共青团南雄市委员会", Agency.Kind.YOUTH_LEAGUE),
    ("南雄市法律援助处", Agency.Kind.LEGAL_AID),
]


def _partners(ctx):
    city = ctx.unit(CITY_CODE)
    agencies = {}
    for name, kind in AGENCIES:
        agencies[name], _ = Agency.objects.get_or_create(org_unit=city, name=name, defaults={"kind": kind})
    for town in city.children.order_by("path"):
        Agency.objects.get_or_create(
            org_unit=town, name=f"南雄市公安局{town.name[:2]}派出所", defaults={"kind": Agency.Kind.POLICE}
        )
    team, _ = VolunteerTeam.objects.get_or_create(
        org_unit=city,
        name="维权志愿者服务队",
        defaults={"founded_on": date(ctx.year - 3, 3, 8), "description": "女法官、女检察官、女律师及各界爱心人士"},
    )
    members = [
        ("何丽萍", Volunteer.Profession.LAWYER, "广东雄州律师事务所"),
        ("周素珍", Volunteer.Profession.LAWYER, "广东南雄律师事务所"),
        ("吴巧玲", Volunteer.Profession.JUDGE, "南雄市人民法院"),
        ("廖晓丽", Volunteer.Profession.PROSECUTOR, "南雄市人民检察院"),
        ("徐艳芳", Volunteer.Profession.PSYCHOLOGIST, "南雄市人民医院"),
        ("郭彩霞", Volunteer.Profession.SOCIAL_WORKER, "南雄市社工站"),
        ("梁秋菊", Volunteer.Profession.LAWYER, "广东珠玑律师事务所"),
        ("彭冬梅", Volunteer.Profession.OTHER, "退休教师"),
    ]
    for name, profession, employer in members:
        Volunteer.objects.get_or_create(
            org_unit=city,
            full_name=name,
            defaults={
                "profession": profession,
                "employer": employer,
                "team": team,
                "joined_on": date(ctx.year - 2, 5, 1),
            },
        )
    # Every village of the city has a DV complaint point opened before the demo
    # year ("100%村建立了家庭暴力投诉点"); towns have a women's workstation and a
    # police DV alarm point at the station.
    opened = date(ctx.year - 2, 3, 8)
    for village in OrgUnit.objects.within(city).villages():
        ServicePoint.objects.get_or_create(
            org_unit=village,
            kind=ServicePoint.Kind.DV_COMPLAINT,
            defaults={"name": f"{village.name}家庭暴力投诉点", "opened_on": opened + timedelta(days=village.pk % 200)},
        )
    for town in city.children.all():
        ServicePoint.objects.get_or_create(
            org_unit=town,
            kind=ServicePoint.Kind.WORKSTATION,
            defaults={"name": f"{town.name}妇女维权工作站", "opened_on": opened},
        )
        station = Agency.objects.get(org_unit=town, name=f"南雄市公安局{town.name[:2]}派出所")
        ServicePoint.objects.get_or_create(
            org_unit=town,
            kind=ServicePoint.Kind.POLICE_DV_ALARM,
            defaults={"name": f"{station.name}家庭暴力报警点", "opened_on": opened, "host_agency": station},
        )
    ctx.log(
        f"  agencies: {Agency.objects.count()}, volunteers: {Volunteer.objects.count()}, "
        f"service points: {ServicePoint.objects.count()}"
    )


def make_id_number(rng: random.Random, region: str, birth: date) -> str:
    body = f"{region}{birth:%Y%m%d}{rng.randint(0, 99):02d}{rng.choice('02468')}"  # 17th digit even: female
    return body + ric.calc_check_digit(body + "0")


def demo_person(ctx, *, unit: OrgUnit, birth_year: int | None = None, **flags) -> Person:
    """A new realistic woman living in `unit` (deterministic per seed)."""
    rng = ctx.rng
    birth = date(birth_year or rng.randint(ctx.year - 70, ctx.year - 20), rng.randint(1, 12), rng.randint(1, 28))
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    id_number = make_id_number(rng, "440282", birth)
    while Person.objects.with_id_number(id_number).exists():
        id_number = make_id_number(rng, "440282", birth)
    return Person.objects.create(
        full_name=name,
        gender=Person.Gender.FEMALE,
        birth_date=birth,
        id_number=id_number,
        phone=f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
        org_unit=unit,
        address=f"{unit.parent.name if unit.parent else ''}{unit.name}{rng.randint(1, 99)}号",
        education=rng.choice(Person.Education.values[:5]),
        marital_status=rng.choice(Person.Marital.values),
        hukou=Person.Hukou.RURAL if unit.name.endswith("村") else Person.Hukou.URBAN,
        **flags,
    )


def _people(ctx):
    city = ctx.unit(CITY_CODE)
    wanted = 300
    have = Person.objects.within(city).count()
    villages = list(OrgUnit.objects.within(city).villages().order_by("path"))
    for _ in range(max(0, wanted - have)):
        village = ctx.rng.choice(villages)
        demo_person(
            ctx,
            unit=village,
            is_poor=ctx.rng.random() < 0.2,
            is_low_income=ctx.rng.random() < 0.1,
            is_single_mother=ctx.rng.random() < 0.1,
            is_disabled=ctx.rng.random() < 0.03,
        )
    ctx.log(f"  people: {Person.objects.count()}")


@seeder(10)
def seed_directory(ctx):
    _units(ctx)
    _staff(ctx)
    _partners(ctx)
    _people(ctx)
