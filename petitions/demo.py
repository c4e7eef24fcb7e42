"""Demo petitions: the source report's year, made through the services.

- 南雄市 (the city federation), demo year to 30 September: 45 letters, visits
  and calls, 43 concluded (95.6%), every one replied to (100%); marriage and
  family dominant — domestic violence, bigamy / illegal cohabitation, a
  spouse's affair; a few more in October–December.
- 示范区 (the district of the second report), January–September: 92 cases
  received on leader reception days, 170 person-times.
- 南雄市 the year before: to 30 September 40 received, 38 concluded
  (95.0%), and 8 more to December, so that the report and the dashboard have a year to compare with
  (45 against 40 reads "同比增长12.5%").
- A handful of current petitions in the city and two townships so that the
  deadline lists and home panels have something due and something late.
"""

import random
from dataclasses import replace
from datetime import date, time, timedelta

from django.contrib.auth import get_user_model
from django.utils.timezone import localdate

from directory.demo import CITY_CODE, DEMO_DISTRICT, demo_person, seeder
from directory.models import Agency, OrgUnit

from . import services
from .models import Category, Petition
from .services import Party

C = Petition.Channel
FACTS = {
    "家庭暴力": [
        ("丈夫酗酒后多次殴打她,上周将她打伤住院,邻居可以作证。", "要求制止家庭暴力,协助申请人身安全保护令。"),
        ("丈夫因琐事长期辱骂、推搡她,并威胁要带走孩子。", "希望妇联出面调解,必要时协助报警取证。"),
        ("婆家人对她拳脚相加,她带着两个孩子回了娘家,无处落脚。", "要求协助解决临时住处,追究施暴者责任。"),
    ],
    "重婚/非法同居": [
        ("丈夫在外务工期间与他人以夫妻名义同居,已育有一子。", "要求追究重婚责任,保障她和孩子的合法权益。"),
        ("发现丈夫与他人长期非法同居,并转移家庭财产。", "要求调查取证,依法分割夫妻共同财产。"),
    ],
    "配偶有外遇": [
        ("丈夫有外遇后长期不回家,不支付孩子的生活费。", "要求丈夫承担抚养费,维护家庭。"),
        ("丈夫出轨后提出离婚,并要求她净身出户。", "咨询离婚时如何保护自己的财产权益。"),
    ],
    "离婚": [("夫妻感情破裂,分居两年,丈夫不同意离婚。", "咨询起诉离婚的程序,申请法律援助。")],
    "子女抚养": [("离婚后前夫拒不支付判决确定的抚养费已一年。", "要求协助申请强制执行抚养费。")],
    "赡养": [("七十多岁的母亲,三个儿子互相推诿,不尽赡养义务。", "要求调解,落实赡养费和日常照料。")],
    "财产分割": [("离婚时房屋未分割,前夫将房屋出租收取租金。", "要求依法分割房屋。")],
    "土地承包/征地补偿/集体收益分配/宅基地": [
        ("出嫁后户口仍在村里,村小组不分给她征地补偿款。", "要求按村民待遇分配征地补偿款。")
    ],
    "继承": [("父亲去世后,兄弟不让她继承老屋。", "要求依法继承父亲遗产。")],
    "劳动权益": [("怀孕后被工厂辞退,未给任何补偿。", "要求恢复工作或依法赔偿。")],
    "性骚扰": [("单位领导多次发下流短信并动手动脚。", "要求制止骚扰,追究责任。")],
    "人身伤害": [("与邻居发生争执被打伤,对方拒绝赔偿医药费。", "要求赔偿医药费和误工费。")],
    "社会救助/低保": [("丈夫病故,独自抚养两个孩子,生活困难。", "申请低保和困难帮扶。")],
    "咨询": [("来电咨询《妇女权益保障法》关于婚后财产的规定。", "了解法律规定。")],
}
CITY_MIX = [
    ("家庭暴力", 12),
    ("重婚/非法同居", 7),
    ("配偶有外遇", 6),
    ("离婚", 4),
    ("子女抚养", 2),
    ("赡养", 2),
    ("财产分割", 1),
    ("土地承包/征地补偿/集体收益分配/宅基地", 3),
    ("继承", 1),
    ("劳动权益", 2),
    ("性骚扰", 1),
    ("人身伤害", 1),
    ("社会救助/低保", 1),
    ("咨询", 2),
]
CITY_CHANNELS = [C.VISIT] * 20 + [C.LETTER] * 10 + [C.PHONE] * 6 + [C.HOTLINE] * 5 + [C.ONLINE] * 2 + [C.HOME_VISIT] * 2
OUTCOMES = [
    Petition.Outcome.MEDIATED,
    Petition.Outcome.EXPLAINED,
    Petition.Outcome.SUPPORTED,
    Petition.Outcome.MEDIATED,
    Petition.Outcome.SUPPORTED,
]
LEVELS = [Petition.Level.VILLAGE, Petition.Level.TOWNSHIP, Petition.Level.TOWNSHIP, Petition.Level.CITY]
SATISFACTION = [Petition.Satisfaction.SATISFIED] * 7 + [Petition.Satisfaction.BASICALLY] * 2 + [""]


def _sub(name):
    return Category.objects.select_related("parent").get(name=name, parent__isnull=False)


def _user(name):
    return get_user_model().objects.get(username=name)


def _nature(sub_name):
    if sub_name == "咨询":
        return Petition.Nature.SUGGESTION
    if sub_name in ("重婚/非法同居", "性骚扰"):
        return Petition.Nature.ACCUSATION
    return Petition.Nature.CLAIM


def _log(
    ctx, *, unit, sub_name, received, channel, clerk, handler, manager, police, concluded=None, reply_by=None, **extra
):
    """One petition from intake to conclusion (when `concluded` is given); no step after `concluded`
    (or today), the reply no later than `reply_by`."""
    rng = ctx.rng
    cap = concluded or localdate()
    reply_by = min(reply_by or cap, cap)
    sub = _sub(sub_name)
    village = rng.choice(list(OrgUnit.objects.within(unit).villages().order_by("path")[:40]))
    facts, request = rng.choice(FACTS[sub_name])
    major = extra.pop("is_major", False)
    petition = services.register_petition(
        by=clerk,
        org_unit=unit,
        channel=channel,
        received_on=received,
        received_time=time(rng.randint(8, 16), rng.choice([0, 10, 20, 30, 40, 50])),
        parties=[Party(demo_person(ctx, unit=village))],
        nature=_nature(sub_name),
        category=sub.parent,
        subcategory=sub,
        facts=facts,
        request=request,
        handler=handler,
        is_major=major,
        risk_level=Petition.Risk.HIGH if major else rng.choice([Petition.Risk.LOW] * 3 + [Petition.Risk.MEDIUM]),
        risk_reason="施暴者扬言报复,有人身危险" if major else "",
        **extra,
    )
    if sub_name == "咨询" and concluded:
        services.conclude_petition(
            petition=petition, by=handler, on=received, outcome="explained", settled_level="city", text="当场解答咨询。"
        )
        services.reply_to_petitioner(petition=petition, by=handler, on=received, method="phone", text="当场答复。")
        return petition
    accepted = min(received + timedelta(days=rng.randint(1, 4)), reply_by)
    services.accept_petition(petition=petition, by=handler, on=accepted)
    step = min(accepted + timedelta(days=rng.randint(1, 5)), reply_by)
    if sub_name in ("家庭暴力", "重婚/非法同居", "人身伤害") and police is not None:
        referral = services.refer_to_agency(
            petition=petition,
            by=handler,
            on=step,
            agency=police,
            asked="请核实情况,依法处理并书面回复。",
            reply_due_on=step + timedelta(days=15),
        )
        if concluded is not None:
            services.record_agency_reply(
                referral=referral,
                by=handler,
                on=min(step + timedelta(days=rng.randint(5, 14)), cap),
                text="已出警调查,对施暴人予以批评教育并出具告诫书。",
                adequate=rng.random() < 0.85,
            )
    else:
        services.record_step(
            petition=petition, by=handler, on=step, kind="mediate", text="约双方到村委会调解,讲解相关法律。"
        )
    reply_on = min(step + timedelta(days=rng.randint(2, 8)), reply_by)
    services.reply_to_petitioner(
        petition=petition,
        by=handler,
        on=reply_on,
        method=rng.choice(["in_person", "post", "phone"]),
        text="书面答复处理意见。",
    )
    if concluded is None:
        return petition
    concluded = max(concluded, reply_on)
    services.conclude_petition(
        petition=petition,
        by=handler,
        on=concluded,
        outcome=rng.choice(OUTCOMES),
        settled_level=rng.choice(LEVELS),
        text="双方达成调解协议,当事人表示接受。",
    )
    if major:
        services.decide_conclusion(petition=petition, by=manager, on=concluded, approve=True, note="同意办结。")
    rating = rng.choice(SATISFACTION)
    if rating:
        services.record_satisfaction(petition=petition, by=handler, on=concluded, satisfaction=rating)
    return petition


def _city_staff(city):
    return {
        "clerk": _user("nx_clerk"),
        "handlers": [_user("nx_handler"), _user("nx_handler2")],
        "manager": _user("nx_manager"),
        "police": Agency.objects.get(org_unit=city, name="南雄市公安局"),
    }


def _city_to_september(ctx, *, subs, channels, first: date, last: date, late: dict, reply_by: date, major=None):
    """One city petition per (sub-category, channel), received evenly from `first` to `last`.

    Those numbered in `late` are concluded on the day given (after the period
    ends), a consultation on the spot, the rest 12–45 days on and by `reply_by`.
    """
    city, rng = ctx.unit(CITY_CODE), ctx.rng
    staff = _city_staff(city)
    span = (last - first).days
    for i, (sub_name, channel) in enumerate(zip(subs, channels, strict=True)):
        received = first + timedelta(days=round(i * span / (len(subs) - 1)))
        if i in late:
            concluded = late[i]
        elif sub_name == "咨询":
            concluded = received
        else:
            concluded = min(received + timedelta(days=rng.randint(12, 45)), reply_by)
        _log(
            ctx,
            unit=city,
            sub_name=sub_name,
            received=received,
            channel=channel,
            clerk=staff["clerk"],
            handler=staff["handlers"][i % 2],
            manager=staff["manager"],
            police=staff["police"],
            concluded=concluded,
            reply_by=reply_by,
            is_major=(i == major),
        )


def _city_rest_of_year(ctx, count: int):
    """October to December: `count` more city petitions, each concluded within 15–40 days."""
    city, rng, year = ctx.unit(CITY_CODE), ctx.rng, ctx.year
    staff = _city_staff(city)
    for i in range(count):
        received = date(year, 10, 8) + timedelta(days=i * 8)
        _log(
            ctx,
            unit=city,
            sub_name=rng.choice(["家庭暴力", "配偶有外遇", "离婚", "赡养", "重婚/非法同居"]),
            received=received,
            channel=rng.choice([C.VISIT, C.LETTER, C.HOTLINE]),
            clerk=staff["clerk"],
            handler=staff["handlers"][i % 2],
            manager=staff["manager"],
            police=staff["police"],
            concluded=received + timedelta(days=rng.randint(15, 40)),
        )


def _city(ctx):
    city = ctx.unit(CITY_CODE)
    if Petition.objects.filter(org_unit=city, year=ctx.year).exists():
        return
    rng, year = ctx.rng, ctx.year
    subs = [name for name, n in CITY_MIX for _ in range(n)]
    rng.shuffle(subs)
    channels = list(CITY_CHANNELS)
    rng.shuffle(channels)
    _city_to_september(
        ctx,
        subs=subs,
        channels=channels,
        first=date(year, 1, 5),
        last=date(year, 9, 22),
        late={41: date(year, 10, 21), 43: date(year, 10, 23)},  # two September cases still in hand on 30 September
        reply_by=date(year, 9, 29),
        major=7,
    )
    _city_rest_of_year(ctx, 10)
    ctx.log(f"  petitions, city {year}: {Petition.objects.filter(org_unit=city, year=year).count()}")


def _city_year_before(ctx):
    """The city's year before: 40 received to 30 September (38 concluded by then), 8 more to December."""
    city, year = ctx.unit(CITY_CODE), ctx.year - 1
    if Petition.objects.filter(org_unit=city, received_on__year=year).exists():
        return
    # A random stream of its own: the demo year's records stay exactly as they were.
    before = replace(ctx, year=year, rng=random.Random(year * 31))
    _city_to_september(
        before,
        subs=before.rng.sample([name for name, n in CITY_MIX for _ in range(n)], 40),
        channels=before.rng.sample(CITY_CHANNELS, 40),
        first=date(year, 1, 6),
        last=date(year, 9, 20),
        late={38: date(year, 10, 18), 39: date(year, 10, 19)},  # two concluded only in October
        reply_by=date(year, 9, 28),
    )
    _city_rest_of_year(before, 8)
    ctx.log(f"  petitions, city {year}: {Petition.objects.filter(org_unit=city, received_on__year=year).count()}")


# 92 cases, 170 person-times: 31 alone, 50 in twos, 8 in threes, 3 groups of five.
DISTRICT_HEADCOUNTS = [1] * 31 + [2] * 50 + [3] * 8 + [5] * 3
DISTRICT_MIX = ["家庭暴力"] * 26 + ["重婚/非法同居"] * 14 + ["配偶有外遇"] * 16 + ["离婚"] * 8 + ["赡养"] * 6
DISTRICT_MIX += ["子女抚养"] * 5 + ["土地承包/征地补偿/集体收益分配/宅基地"] * 7 + ["劳动权益"] * 4
DISTRICT_MIX += ["继承"] * 3 + ["社会救助/低保"] * 3


def _district(ctx):
    district = OrgUnit.objects.filter(name=DEMO_DISTRICT).first()
    if district is None or Petition.objects.filter(org_unit=district, year=ctx.year).exists():
        return
    rng, year = ctx.rng, ctx.year
    handler, manager = _user("sf_handler"), _user("sf_manager")
    leaders = [("王淑珍", "区妇联主席"), ("张丽华", "区妇联副主席")]
    days = []
    first = date(year, 1, 8)
    while first <= date(year, 9, 24):
        leader, title = leaders[len(days) % 2]
        days.append(
            services.schedule_reception_day(
                by=manager, org_unit=district, on=first, leader=leader, leader_title=title, place="区妇联信访接待室"
            )
        )
        first += timedelta(days=14)
    counts = list(DISTRICT_HEADCOUNTS)
    subs = list(DISTRICT_MIX)
    rng.shuffle(counts)
    rng.shuffle(subs)
    for i, (headcount, sub_name) in enumerate(zip(counts, subs, strict=True)):
        day = days[i * len(days) // len(counts)]
        late = i >= len(counts) - 5  # still in hand at the end of September
        _log(
            ctx,
            unit=district,
            sub_name=sub_name,
            received=day.on,
            channel=C.RECEPTION_DAY,
            clerk=handler,
            handler=handler,
            manager=manager,
            police=None,
            concluded=date(year, 11, 10 + i % 10) if late else day.on + timedelta(days=rng.randint(10, 50)),
            reception_day=day,
            headcount=headcount,
            is_collective=headcount >= 5,
        )
    ctx.log(f"  petitions, {DEMO_DISTRICT} reception days {year}: {len(counts)} cases, {sum(counts)} person-times")


def _current(ctx):
    """A few petitions in hand now, so that due-soon and overdue lists are not empty."""
    today = localdate()
    floor = date(ctx.year + 1, 1, 1)
    city = ctx.unit(CITY_CODE)
    towns = {
        "440282001000": ("xz_clerk", "xz_handler", "xz_manager"),
        "440282113000": ("zj_clerk", "zj_handler", "zj_manager"),
    }
    police = Agency.objects.get(org_unit=city, name="南雄市公安局")
    if Petition.objects.filter(year=today.year, org_unit__code__in=[CITY_CODE, *towns]).exists() or today < floor:
        return
    plans = [
        (CITY_CODE, ("nx_clerk", "nx_handler", "nx_manager"), "家庭暴力", 3, False),
        (CITY_CODE, ("nx_clerk", "nx_handler", "nx_manager"), "配偶有外遇", 12, True),
        (CITY_CODE, ("nx_clerk", "nx_handler", "nx_manager"), "重婚/非法同居", 58, True),
        (CITY_CODE, ("nx_clerk", "nx_handler2", "nx_manager"), "赡养", 70, True),
        *[(code, names, "家庭暴力", 2, False) for code, names in towns.items()],
        *[(code, names, "离婚", 55, True) for code, names in towns.items()],
    ]
    for code, (clerk, handler, manager), sub_name, ago, accept in plans:
        received = max(today - timedelta(days=ago), floor)
        unit = ctx.unit(code)
        petition = (
            _log(
                ctx,
                unit=unit,
                sub_name=sub_name,
                received=received,
                channel=C.VISIT,
                clerk=_user(clerk),
                handler=_user(handler),
                manager=_user(manager),
                police=police if accept else None,
                concluded=None,
            )
            if accept
            else services.register_petition(
                by=_user(clerk),
                org_unit=unit,
                channel=C.VISIT,
                received_on=received,
                parties=[Party(demo_person(ctx, unit=unit.children.order_by("path").first() or unit))],
                nature=Petition.Nature.CLAIM,
                category=_sub(sub_name).parent,
                subcategory=_sub(sub_name),
                facts=FACTS[sub_name][0][0],
                request=FACTS[sub_name][0][1],
                handler=_user(handler),
            )
        )
        ctx.log(f"  current petition {petition.reference}")
    # One extension awaiting the city manager's approval.
    waiting = Petition.objects.filter(org_unit=city, year=today.year, status="in_progress").order_by("pk").first()
    if waiting and waiting.extension_requested_on is None:
        services.request_extension(
            petition=waiting, by=waiting.handler, on=today, days=30, reason="需等待法院调查结果,情况复杂。"
        )


@seeder(30)
def seed_petitions(ctx):
    _city(ctx)
    _city_year_before(ctx)
    _district(ctx)
    _current(ctx)
