"""Synthetic data at any size (`manage.py generate_data`), for measuring the app at scale.

A synthetic city (合成市, division code 4599…) with districts, townships and
villages, staff at every unit above village level, people, and petitions
with consistent dates, statuses and timelines, as the services would have
written them; legal-aid cases, hardship households and outreach events in
proportion. Rows are written in bulk, not through the services: PostgreSQL
COPY (fed by a second thread, so that the database ingests while Python
generates), SQLite multi-row inserts. Ids are allotted here and the
sequences reset at the end.

Every person row passes through `_person_rows()`: a change to how people are
stored (encrypted columns, blind indexes) is made there once.
"""

import json
import queue
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from stdnum.cn import ric

from directory.demo import demo_authenticator
from directory.encryption import blind_index, encrypt_value
from directory.models import Agency, OrgUnit, PasswordHistory, Person, Role, StaffProfile, pinyin_keys
from hardship.models import Assistance, Household, Programme
from legal_aid.models import LegalAidCase
from outreach.models import Campaign, Event
from petitions.models import Action, Category, Petition, PetitionParty, Referral

CITY_CODE = "459900000000"
CITY_NAME = "合成市"
DISTRICTS = 8
TOWNSHIPS_PER_DISTRICT = 12
VILLAGES_PER_TOWNSHIP = 15
PASSWORD = "bench-2025-Pw"
SURNAMES = "陈李黄张刘王邓曾叶林钟何朱罗谢赖周吴廖徐郭梁彭江肖杨胡温卢欧"
GIVEN = (
    "秀英 玉兰 桂芳 丽娟 美玲 春梅 小红 翠萍 金凤 海燕 雪梅 淑珍 慧敏 晓燕 婷婷 丽华 月娥 彩霞 秋菊 冬梅 凤娇 艳芳 "
    "丽萍 素珍 巧玲 晓丽 嘉欣 子涵 思琪 雨桐"
).split()
FACTS = [
    "丈夫酗酒后多次殴打，要求制止家庭暴力并申请人身安全保护令",
    "离婚后对方拒付子女抚养费，要求协助追讨",
    "外嫁女土地承包及集体收益分配权益受侵害",
    "用人单位以怀孕为由解除劳动合同",
    "赡养纠纷，子女拒绝履行赡养义务",
    "婚后财产分割争议，请求法律咨询",
    "遭受性骚扰，要求单位处理",
    "宅基地纠纷，村委会不予分配",
    "丈夫有外遇并转移夫妻共同财产",
    "申请低保被拒，请求帮助",
]
REQUESTS = ["要求依法处理", "请求法律援助", "要求调解", "请求帮扶", "要求答复"]


def id_number_for(region: str, index: int) -> tuple[str, date]:
    """A valid ID number, unique per `index`, for a woman of a region (even sequence digit), and her birth date."""
    born = date(1950, 1, 1) + timedelta(days=(index // 500) * 7919 % 18250)
    body = f"{region}{born:%Y%m%d}{(index % 500) * 2:03d}"
    return body + ric.calc_check_digit(body + "0"), born


# ---------------------------------------------------------------------------
# Bulk writing


class Table:
    """Rows of one model, written in bulk; columns not given take the field's default."""

    def __init__(self, model, columns, sink):
        self.model, self.sink = model, sink
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.columns = list(columns)
        self.constant = []
        for name, f in fields.items():
            if name in self.columns:
                continue
            if f.primary_key:
                continue
            default = f.get_default() if f.has_default() else (None if f.null else "")
            self.constant.append((name, default))
        self.names = self.columns + [name for name, _ in self.constant]
        self.buffer = []
        self.count = 0

    def add(self, *values):
        self.buffer.append(values)

    def flush(self):
        if self.buffer:
            tail = tuple(value for _, value in self.constant)
            self.sink.write(self, [row + tail for row in self.buffer])
            self.count += len(self.buffer)
            self.buffer = []


def _pg_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    elif not isinstance(value, str):
        return str(value) if not isinstance(value, datetime | date | time) else value.isoformat()
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class PostgresSink:
    """COPY in a second thread and connection, so that the database ingests while rows are generated."""

    def __init__(self):
        self.conn = connection.get_new_connection(connection.get_connection_params())  # as Django's own
        self.queue = queue.Queue(maxsize=4)
        self.error = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def write(self, table, rows):
        text = "".join("\t".join(map(_pg_text, row)) + "\n" for row in rows)
        if self.error:
            raise self.error
        self.queue.put((table.model._meta.db_table, table.names, text))

    def _run(self):
        with self.conn.cursor() as cursor:
            while (item := self.queue.get()) is not None:
                if self.error:
                    continue
                if item == "commit":
                    # Batch by batch: foreign keys are checked at commit, and millions
                    # of pending checks would fill the server's memory.
                    self.conn.commit()
                    continue
                db_table, names, text = item
                columns = ", ".join(f'"{name}"' for name in names)
                try:
                    _copy(cursor, f'COPY "{db_table}" ({columns}) FROM STDIN', text)
                except Exception as exc:  # reported by the main thread
                    self.error = exc

    def commit(self):
        self.queue.put("commit")

    def close(self):
        self.queue.put(None)
        self.thread.join()
        if self.error:
            self.conn.rollback()
            raise self.error
        self.conn.commit()
        self.conn.close()


def _copy(cursor, statement: str, text: str) -> None:
    with cursor.copy(statement) as copy:  # psycopg 3
        copy.write(text.encode("utf-8"))


class InlinePostgresSink:
    """COPY on Django's own connection, inside the caller's transaction (tests; a second
    connection would not see the units and staff the caller has not committed)."""

    def write(self, table, rows):
        text = "".join("\t".join(map(_pg_text, row)) + "\n" for row in rows)
        columns = ", ".join(f'"{name}"' for name in table.names)
        with connection.cursor() as cursor:
            _copy(cursor.cursor, f'COPY "{table.model._meta.db_table}" ({columns}) FROM STDIN', text)

    def commit(self):
        pass

    def close(self):
        pass


class SqliteSink:
    def write(self, table, rows):
        ops = connection.ops
        placeholders = ", ".join(["%s"] * len(table.names))
        columns = ", ".join(f'"{name}"' for name in table.names)
        sql = f'INSERT INTO "{table.model._meta.db_table}" ({columns}) VALUES ({placeholders})'

        def adapt(value):
            if isinstance(value, datetime):
                return ops.adapt_datetimefield_value(value)
            if isinstance(value, time):
                return ops.adapt_timefield_value(value)
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict | list):
                return json.dumps(value, ensure_ascii=False)
            return value

        with connection.cursor() as cursor:
            cursor.executemany(sql, [tuple(map(adapt, row)) for row in rows])

    def commit(self):
        pass

    def close(self):
        pass


def _next_id(model) -> int:
    return (model.objects.aggregate(n=models.Max("pk"))["n"] or 0) + 1


# ---------------------------------------------------------------------------
# The tree, staff and partners (a few hundred rows: the ORM)


@dataclass
class World:
    city: OrgUnit
    districts: list
    townships: list  # (district, township)
    villages: list  # (township, village)
    staff: dict = field(default_factory=dict)  # unit pk -> {role: user pk}
    agencies: dict = field(default_factory=dict)  # district pk -> [agency pk]


@transaction.atomic
def build_world(log) -> World:
    city, _ = OrgUnit.objects.get_or_create(code=CITY_CODE, defaults={"name": CITY_NAME, "level": OrgUnit.Level.CITY})
    districts, townships, villages = [], [], []
    for d in range(1, DISTRICTS + 1):
        dcode = f"4599{d:02d}000000"
        district, _ = OrgUnit.objects.get_or_create(
            code=dcode, defaults={"name": f"合成{d}区", "level": OrgUnit.Level.DISTRICT, "parent": city}
        )
        districts.append(district)
        for t in range(1, TOWNSHIPS_PER_DISTRICT + 1):
            tcode = f"{dcode[:6]}{100 + t:03d}000"
            township, _ = OrgUnit.objects.get_or_create(
                code=tcode,
                defaults={"name": f"合成{d}区{t}镇", "level": OrgUnit.Level.TOWNSHIP, "parent": district},
            )
            townships.append((district, township))
            have = {u.code: u for u in OrgUnit.objects.filter(parent=township)}
            for v in range(1, VILLAGES_PER_TOWNSHIP + 1):
                vcode = f"{tcode[:9]}{200 + v:03d}"
                village = have.get(vcode) or OrgUnit.objects.create(
                    code=vcode, name=f"{township.name}{v}村", level=OrgUnit.Level.VILLAGE, parent=township
                )
                villages.append((township, village))
    world = World(city, districts, townships, villages)
    _staff(world)
    for district in districts:
        ids = []
        for kind, name in [
            (Agency.Kind.POLICE, "公安分局"),
            (Agency.Kind.COURT, "人民法院"),
            (Agency.Kind.JUSTICE, "司法局"),
        ]:
            agency, _ = Agency.objects.get_or_create(
                org_unit=district, name=f"{district.name}{name}", defaults={"kind": kind}
            )
            ids.append(agency.pk)
        world.agencies[district.pk] = ids
    log(
        f"  units: {1 + len(districts) + len(townships) + len(villages)}, staff users: {StaffProfile.objects.within(city).count()}"
    )
    return world


def staff_username(world: World, unit: OrgUnit, role: str) -> str:
    """gen_city_manager, gen_d3_handler, gen_d3t7_clerk: predictable names for the benchmarks."""
    if unit.pk == world.city.pk:
        where = "city"
    elif unit.level == OrgUnit.Level.DISTRICT:
        where = f"d{int(unit.code[4:6])}"
    else:
        where = f"d{int(unit.code[4:6])}t{int(unit.code[6:9]) - 100}"
    return f"gen_{where}_{role}"


def _staff(world: World):
    User = get_user_model()
    password = make_password(PASSWORD)
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    units = [world.city, *world.districts, *(t for _, t in world.townships)]
    for unit in units:
        world.staff[unit.pk] = {}
        for role in (Role.CLERK, Role.HANDLER, Role.MANAGER):
            username = staff_username(world, unit, role)
            user, created = User.objects.get_or_create(
                username=username, defaults={"password": password, "first_name": role, "last_name": unit.name}
            )
            if created:
                StaffProfile.objects.create(user=user, org_unit=unit, role=role)
                user.groups.add(groups[role])  # the role's permissions (as directory.services.assign_staff)
                PasswordHistory.objects.create(user=user, password=password, set_at=timezone.now())
                demo_authenticator(user)  # managers sign in with a second factor: the published demo key
            world.staff[unit.pk][role] = user.pk


# ---------------------------------------------------------------------------
# People


NAME_KEYS: dict[str, tuple[str, str]] = {}


def _person_rows(people: Table, history: Table, *, pk, name, birth, id_number, phone, address, unit_id, at, rng):
    """Write one person and her creation history row: the one place people's columns are filled."""
    if name not in NAME_KEYS:
        NAME_KEYS[name] = pinyin_keys(name)
    pinyin, initials = NAME_KEYS[name]
    education = rng.choice(("primary", "junior", "senior", "vocational", "college"))
    marital = rng.choice(("married", "married", "divorced", "widowed", "separated"))
    poor = rng.random() < 0.15
    # Stored as the model stores them: encrypted, with blind indexes for search (directory/encryption.py).
    hashes = (blind_index("id_number", id_number), blind_index("phone", phone), blind_index("phone_tail", phone))
    id_number, phone, address = encrypt_value(id_number), encrypt_value(phone), encrypt_value(address)
    people.add(
        pk,
        name,
        pinyin,
        initials,
        "F",
        birth,
        id_number,
        phone,
        address,
        unit_id,
        education,
        marital,
        "rural",
        poor,
        at,
        at,
        *hashes,
    )
    history.add(
        pk, name, "F", birth, id_number, phone, address, unit_id, education, marital, "rural", poor, at, at, "+", None
    )


PERSON_COLUMNS = [
    "id",
    "full_name",
    "name_pinyin",
    "name_initials",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "address",
    "org_unit_id",
    "education",
    "marital_status",
    "hukou",
    "is_poor",
    "created_at",
    "updated_at",
    "id_number_hash",
    "phone_hash",
    "phone_tail_hash",
]
PERSON_HISTORY_COLUMNS = [
    "id",
    "full_name",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "address",
    "org_unit_id",
    "education",
    "marital_status",
    "hukou",
    "is_poor",
    "created_at",
    "history_date",
    "history_type",
    "history_user_id",
]


# ---------------------------------------------------------------------------
# Petitions


PETITION_COLUMNS = [
    "id",
    "reference",
    "year",
    "serial",
    "org_unit_id",
    "channel",
    "received_on",
    "received_time",
    "headcount",
    "is_collective",
    "nature",
    "category_id",
    "subcategory_id",
    "facts",
    "request",
    "risk_level",
    "is_major",
    "first_contact_id",
    "handler_id",
    "repeat_of_id",
    "status",
    "decision_due_on",
    "accepted_on",
    "conclusion_due_on",
    "due_on",
    "not_accepted_reason",
    "forwarded_to_id",
    "extension_requested_on",
    "extension_days",
    "extension_reason",
    "extension_requested_by_id",
    "extension_approved_on",
    "replied_on",
    "reply_method",
    "concluded_on",
    "concluded_by_id",
    "outcome",
    "settled_level",
    "satisfaction",
    "created_by_id",
    "created_at",
    "updated_at",
    "version",
]
PETITION_HISTORY_COLUMNS = [c for c in PETITION_COLUMNS if c != "updated_at"]  # history leaves it out
# The creation history row: the petition as registered (workflow columns empty).
REGISTERED_STATE = {
    "status": "registered",
    "accepted_on": None,
    "conclusion_due_on": None,
    "not_accepted_reason": "",
    "forwarded_to_id": None,
    "extension_requested_on": None,
    "extension_days": None,
    "extension_reason": "",
    "extension_requested_by_id": None,
    "extension_approved_on": None,
    "replied_on": None,
    "reply_method": "",
    "concluded_on": None,
    "concluded_by_id": None,
    "outcome": "",
    "settled_level": "",
    "satisfaction": "",
    "version": 1,
}
CHANNELS = (
    ["visit"] * 35
    + ["phone"] * 20
    + ["hotline"] * 15
    + ["letter"] * 10
    + ["online"] * 10
    + ["reception_day", "home_visit", "assigned", "fax"] * 2
    + ["visit", "phone"]
)
LEVEL_OF = {OrgUnit.Level.CITY: "city", OrgUnit.Level.DISTRICT: "district", OrgUnit.Level.TOWNSHIP: "township"}


@dataclass
class Options:
    petitions: int
    first_year: int
    last_year: int
    seed: int = 1


def generate(options: Options, log=print) -> dict:
    """Add `options.petitions` petitions (and everything in proportion) to the synthetic city."""
    from . import figure_cache

    try:
        if connection.vendor == "postgresql":
            return _generate(options, log)
        with transaction.atomic():  # SQLite: one transaction, one sync to disk
            return _generate(options, log)
    finally:  # written by COPY and bulk_create, which send no signal: cached figures are stale
        if figure_cache.enabled():
            figure_cache.bump()


def _generate(options: Options, log) -> dict:
    rng = random.Random(options.seed)
    world = build_world(log)
    today = date.today()
    start = date(options.first_year, 1, 1)
    end = min(date(options.last_year, 12, 31), today)
    span = (end - start).days + 1
    categories = {c.pk: [s.pk for s in c.children.all()] for c in Category.objects.filter(parent__isnull=True)}
    top_categories = list(categories)
    if connection.vendor != "postgresql":
        sink = SqliteSink()
    else:
        sink = InlinePostgresSink() if connection.in_atomic_block else PostgresSink()
    User = get_user_model()
    history_user = User.objects.filter(username=staff_username(world, world.city, Role.CLERK)).values_list(
        "pk", flat=True
    )[0]

    people = Table(Person, PERSON_COLUMNS, sink)
    people_history = Table(Person.history.model, PERSON_HISTORY_COLUMNS, sink)
    petitions = Table(Petition, PETITION_COLUMNS, sink)
    petition_history = Table(
        Petition.history.model, [*PETITION_HISTORY_COLUMNS, "history_date", "history_type", "history_user_id"], sink
    )
    parties = Table(PetitionParty, ["id", "petition_id", "person_id", "role"], sink)
    party_history = Table(
        PetitionParty.history.model,
        ["id", "petition_id", "person_id", "role", "history_date", "history_type", "history_user_id"],
        sink,
    )
    actions = Table(Action, ["id", "petition_id", "kind", "on", "by_id", "at", "agency_id", "text", "detail"], sink)
    referrals = Table(
        Referral,
        [
            "id",
            "petition_id",
            "agency_id",
            "referred_on",
            "asked",
            "reply_due_on",
            "replied_on",
            "reply_text",
            "adequate",
        ],
        sink,
    )
    cases = Table(
        LegalAidCase,
        [
            "id",
            "reference",
            "org_unit_id",
            "client_id",
            "source_petition_id",
            "aid_form",
            "cause",
            "provider",
            "eligibility",
            "applied_on",
            "decision_due_on",
            "decided_on",
            "status",
            "outcome",
            "closed_on",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
        sink,
    )

    # In the order of their foreign keys: each batch is committed whole.
    tables = (people, people_history, petitions, petition_history, parties, party_history, actions, referrals, cases)
    ids = {m: _next_id(m) for m in (Person, Petition, PetitionParty, Action, Referral, LegalAidCase)}
    # Serial numbers continue per unit and year.
    serials = {
        (row["org_unit"], row["year"]): row["n"]
        for row in Petition.objects.values("org_unit", "year").annotate(n=models.Max("serial"))
    }
    people_start = Person.objects.filter(org_unit__path__startswith=world.city.path).count()
    last_petition_of: dict[int, tuple[int, int]] = {}  # person pk -> (petition pk, its unit)
    person_unit: dict[int, tuple] = {}
    dates = sorted(start + timedelta(days=rng.randrange(span)) for _ in range(options.petitions))

    for received in dates:
        # The petitioner: mostly someone new, sometimes one who came before (a repeat, 同人同事).
        repeat_of = None
        if last_petition_of and rng.random() < 0.1:
            person_pk = rng.randrange(ids[Person] - len(person_unit), ids[Person])
            township, village = person_unit[person_pk]
            if rng.random() < 0.5:
                repeat_of = last_petition_of[person_pk][0]
        else:
            person_pk = ids[Person]
            ids[Person] += 1
            township, village = world.villages[rng.randrange(len(world.villages))]
            id_number, born = id_number_for(township.code[:6], people_start + len(person_unit))
            created = datetime.combine(received, time(9), tzinfo=UTC)
            _person_rows(
                people,
                people_history,
                pk=person_pk,
                name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                birth=born,
                id_number=id_number,
                phone=f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
                address=f"{village.name}{rng.randint(1, 99)}号",
                unit_id=village.pk,
                at=created,
                rng=rng,
            )
            person_unit[person_pk] = (township, village)
        roll = rng.random()
        district = township.parent
        unit = township if roll < 0.6 else district if roll < 0.9 else world.city
        row = _petition(
            rng, world, unit, received, today, categories, top_categories, serials, actions, referrals, ids, repeat_of
        )
        petition_pk = row["id"]
        last_petition_of[person_pk] = (petition_pk, unit.pk)
        values = tuple(row[c] for c in PETITION_COLUMNS)
        petitions.add(*values)
        created = row["created_at"]
        registered = {**row, **REGISTERED_STATE, "due_on": row["decision_due_on"]}
        petition_history.add(*(registered[c] for c in PETITION_HISTORY_COLUMNS), created, "+", row["created_by_id"])
        parties.add(ids[PetitionParty], petition_pk, person_pk, "petitioner")
        party_history.add(ids[PetitionParty], petition_pk, person_pk, "petitioner", created, "+", row["created_by_id"])
        ids[PetitionParty] += 1
        if row["accepted_on"] and rng.random() < 0.02:
            case_pk = ids[LegalAidCase]
            ids[LegalAidCase] += 1
            applied = row["accepted_on"] + timedelta(days=rng.randint(1, 10))
            decided = applied + timedelta(days=rng.randint(1, 7))
            closed = decided + timedelta(days=rng.randint(30, 200))
            done = closed <= today
            cases.add(
                case_pk,
                f"LA-{case_pk:07d}",
                unit.pk,
                person_pk,
                petition_pk,
                rng.choice(["consultation", "litigation", "documents"]),
                rng.choice(["divorce", "domestic_violence", "custody"]),
                "federation",
                "exempt_dv",
                applied,
                applied + timedelta(days=7),
                decided if decided <= today else None,
                ("closed" if done else "in_progress") if decided <= today else "applied",
                rng.choice(["won", "partly_won"]) if done else "",
                closed if done else None,
                row["handler_id"],
                row["created_at"],
                row["created_at"],
            )

        if len(petitions.buffer) >= BATCH:
            flush(tables, sink, log)
    flush(tables, sink, log)
    sink.close()
    _hardship_and_outreach(rng, world, options, person_unit, history_user)
    _reset_sequences()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = {t.model._meta.label: t.count for t in tables}
    log(f"  rows: {counts}")
    return counts


BATCH = 20000


def flush(tables, sink, log):
    for table in tables:
        table.flush()
    sink.commit()
    log(f"  petitions written: {tables[2].count}")


def _petition(
    rng, world, unit, received, today, categories, top_categories, serials, actions, referrals, ids, repeat_of
):
    staff = world.staff[unit.pk]
    clerk, handler = staff[Role.CLERK], staff[Role.HANDLER]
    pk = ids[Petition]
    ids[Petition] += 1
    key = (unit.pk, received.year)
    serials[key] = serial = serials.get(key, 0) + 1
    prefix = unit.code[:6] if unit.code[6:] == "000000" else unit.code[:9]
    category = rng.choice(top_categories)
    subs = categories[category]
    received_time = time(8 + rng.randrange(9), rng.randrange(60))
    created = datetime.combine(received, received_time, tzinfo=UTC)
    channel = rng.choice(CHANNELS)
    headcount = 1 if rng.random() < 0.93 else rng.randint(2, 12)
    row = {
        "id": pk,
        "reference": f"{prefix}-{received.year}-{serial:04d}",
        "year": received.year,
        "serial": serial,
        "org_unit_id": unit.pk,
        "channel": channel,
        "received_on": received,
        "received_time": received_time,
        "headcount": headcount,
        "is_collective": headcount >= 5,
        "nature": rng.choice(["claim"] * 8 + ["accusation", "suggestion"]),
        "category_id": category,
        "subcategory_id": rng.choice(subs) if subs else None,
        "facts": rng.choice(FACTS) + f"（{rng.randint(1, 999)}）",
        "request": rng.choice(REQUESTS),
        "risk_level": rng.choice(["low"] * 8 + ["medium", "high"]),
        "is_major": rng.random() < 0.005,
        "first_contact_id": clerk,
        "handler_id": None,
        "repeat_of_id": repeat_of,
        "status": "registered",
        "decision_due_on": received + timedelta(days=15),
        "accepted_on": None,
        "conclusion_due_on": None,
        "due_on": received + timedelta(days=15),
        "not_accepted_reason": "",
        "forwarded_to_id": None,
        "extension_requested_on": None,
        "extension_days": None,
        "extension_reason": "",
        "extension_requested_by_id": None,
        "extension_approved_on": None,
        "replied_on": None,
        "reply_method": "",
        "concluded_on": None,
        "concluded_by_id": None,
        "outcome": "",
        "settled_level": "",
        "satisfaction": "",
        "created_by_id": clerk,
        "created_at": created,
        "updated_at": created,
        "version": 1,
    }
    steps = [("register", received, clerk, None, {})]
    roll = rng.random()
    decided = received + timedelta(days=rng.randint(0, 12))
    if roll < 0.03:  # a consultation answered on the spot
        row.update(
            status="concluded",
            concluded_on=received,
            replied_on=received,
            reply_method="in_person",
            outcome="explained",
            settled_level=LEVEL_OF[unit.level],
            concluded_by_id=clerk,
            due_on=None,
            satisfaction="satisfied",
        )
        steps.append(("conclude", received, clerk, None, {"outcome": "explained"}))
    elif roll < 0.07 and decided <= today:
        row.update(
            status="not_accepted",
            not_accepted_reason="属于法院受理范围，已告知向人民法院起诉",
            replied_on=decided,
            reply_method="post",
            due_on=None,
        )
        steps += [("not_accept", decided, handler, None, {}), ("reply", decided, handler, None, {"method": "post"})]
    elif roll < 0.10 and decided <= today and unit.parent_id:
        row.update(
            status="forwarded", forwarded_to_id=unit.parent_id, replied_on=decided, reply_method="post", due_on=None
        )
        steps += [("forward", decided, handler, None, {}), ("reply", decided, handler, None, {"method": "post"})]
    elif decided <= today:
        conclusion_due = decided + timedelta(days=60)
        row.update(
            status="accepted",
            accepted_on=decided,
            handler_id=handler,
            conclusion_due_on=conclusion_due,
            due_on=conclusion_due,
            version=2,
        )
        steps.append(("accept", decided, handler, None, {}))
        started = decided + timedelta(days=rng.randint(0, 5))
        if started <= today:
            row["status"] = "in_progress"
            work = rng.choice(["investigate", "mediate", "refer"])
            agency = None
            if work == "refer":
                agency = rng.choice(
                    world.agencies[(unit if unit.level == OrgUnit.Level.DISTRICT else unit.parent or unit).pk]
                    if unit.level != OrgUnit.Level.CITY
                    else world.agencies[world.districts[0].pk]
                )
                replied = started + timedelta(days=rng.randint(3, 20))
                referrals.add(
                    ids[Referral],
                    pk,
                    agency,
                    started,
                    "请协助调查处理",
                    started + timedelta(days=15),
                    replied if replied <= today else None,
                    "已处理" if replied <= today else "",
                    True if replied <= today else None,
                )
                ids[Referral] += 1
            steps.append((work, started, handler, agency, {}))
            took = rng.choice([rng.randint(5, 55)] * 9 + [rng.randint(56, 95)])
            concluded = decided + timedelta(days=took)
            stuck = rng.random() < 0.015
            if took > 60 and not stuck:
                row.update(
                    extension_requested_on=decided + timedelta(days=50),
                    extension_days=30,
                    extension_reason="案情复杂",
                    extension_requested_by_id=handler,
                    extension_approved_on=decided + timedelta(days=52),
                    conclusion_due_on=conclusion_due + timedelta(days=30),
                    due_on=conclusion_due + timedelta(days=30),
                )
            if concluded <= today and not stuck:
                outcome = rng.choice(["supported", "supported", "explained", "mediated", "not_supported"])
                row.update(
                    status="concluded",
                    concluded_on=concluded,
                    concluded_by_id=handler,
                    replied_on=concluded,
                    reply_method="in_person",
                    outcome=outcome,
                    settled_level=LEVEL_OF[unit.level],
                    due_on=None,
                    satisfaction=rng.choice(["satisfied"] * 7 + ["basically", "basically", "not_satisfied", ""]),
                    version=5,
                )
                steps += [
                    ("reply", concluded, handler, None, {"method": "in_person"}),
                    ("conclude", concluded, handler, None, {"outcome": outcome}),
                ]
                if row["satisfaction"]:
                    steps.append(("rate", concluded, handler, None, {"satisfaction": row["satisfaction"]}))
    for kind, on, by, agency, detail in steps:
        at = datetime.combine(on, received_time, tzinfo=UTC)
        actions.add(ids[Action], pk, kind, on, by, at, agency, "", detail)
        ids[Action] += 1
    return row


@transaction.atomic
def _hardship_and_outreach(rng, world, options, person_unit, user_pk):
    """Programmes and campaigns per district and year; households (1% of petitions) and events (0.5%) (ORM)."""
    now = timezone.now()
    years = range(options.first_year, options.last_year + 1)
    programmes, campaigns = {}, {}
    for district in world.districts:
        for year in years:
            programmes[district.pk, year] = Programme.objects.get_or_create(
                org_unit=district,
                year=year,
                kind=Programme.Kind.SPRING_FESTIVAL,
                defaults={"name": f"{year}年春节慰问", "budget": 100000},
            )[0].pk
            campaigns[district.pk, year] = Campaign.objects.get_or_create(
                org_unit=district, year=year, kind=Campaign.Kind.MARCH_8, defaults={"name": f"{year}年三八维权周"}
            )[0].pk
    heads = rng.sample(list(person_unit), min(len(person_unit), max(1, options.petitions // 100)))
    taken = set(Household.objects.filter(head_id__in=heads).values_list("head_id", flat=True))
    households = [
        Household(
            head_id=pk,
            org_unit=person_unit[pk][1],
            size=rng.randint(1, 6),
            is_single_parent=rng.random() < 0.3,
            created_by_id=user_pk,
            created_at=now,
        )
        for pk in heads
        if pk not in taken
    ]
    Household.objects.bulk_create(households, batch_size=2000)
    given = []
    for household in households:
        district = person_unit[household.head_id][0].parent
        year = rng.choice(list(years))
        given.append(
            Assistance(
                programme_id=programmes[district.pk, year],
                household=household,
                given_on=date(year, 1, rng.randint(10, 28)),
                cash=rng.choice([500, 800, 1000]),
                created_by_id=user_pk,
            )
        )
    Assistance.objects.bulk_create(given, batch_size=2000)
    events = []
    for _ in range(max(1, options.petitions // 200)):
        district, township = world.townships[rng.randrange(len(world.townships))]
        year = rng.choice(list(years))
        held = min(date(year, 3, rng.randint(1, 15)), date.today())
        events.append(
            Event(
                title=f"{township.name}妇女维权宣传",
                campaign_id=campaigns[district.pk, year],
                kind=Event.Kind.PUBLIC_PLACE,
                held_on=held,
                org_unit=township,
                created_by_id=user_pk,
            )
        )
    Event.objects.bulk_create(events, batch_size=2000)


def _reset_sequences():
    if connection.vendor != "postgresql":
        return
    sql = connection.ops.sequence_reset_sql(
        no_style(),
        [
            Person,
            Person.history.model,
            Petition,
            Petition.history.model,
            PetitionParty,
            PetitionParty.history.model,
            Action,
            Referral,
            LegalAidCase,
        ],
    )
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
