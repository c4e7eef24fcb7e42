"""The world the authorization matrix walks: one record of every scoped kind in four places.

    city ─┬─ district A ─┬─ township A1   "own": the users under test sit here
          │   ("parent") └─ township A2   "sibling"
          └─ district B ─── township B1   "other" (another district)

Every record of a place carries that place's marker in a field its pages show
(a name, a title, facts, a file name): `MINE-…` in the own township,
`LEAK-PARENT-…`, `LEAK-SIBLING-…`, `LEAK-OTHER-…` elsewhere, so that a
response body can be searched for what its reader must not see.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.attachments import attach
from directory.models import Agency, OrgUnit, ServicePoint
from directory.privacy import log_access
from directory.roles import Role
from directory.tokens import issue_token
from documents.kinds import KINDS
from documents.models import DocumentProfile
from documents.services import issue_document
from hardship import services as hardship
from hardship.models import Assistance, Programme
from jobs.models import Job
from jobs.services import RESULT_DIR
from ledger.models import ImportBatch
from legal_aid import services as legal_aid
from outreach import services as outreach
from outreach.models import Campaign, Event, EventPhoto
from petitions import services as petitions
from tests.factories import (
    AgencyFactory,
    OrgUnitFactory,
    PersonFactory,
    ServicePointFactory,
    UserFactory,
    VolunteerFactory,
    VolunteerTeamFactory,
)
from tests.legal_aid.factories import make_assessor, make_case, make_hearing, make_order
from tests.petitions.factories import make_petition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40

PLACES = ("own", "parent", "sibling", "other")
MARK = {"own": "MINE-", "parent": "LEAK-PARENT-", "sibling": "LEAK-SIBLING-", "other": "LEAK-OTHER-"}
# Partner agencies, campaigns and volunteers of a unit above are offered to the units below it
# as choices (outreach/scope.py `usable_by`): the parent district's are marked as shared, not as
# leaks (their own pages are still out of reach, and the record routes check that).
SHARED_DOWNWARD = {"agency", "campaign", "volunteer", "volunteer_team"}
SHARED = "SHARED-PARENT-"
LEAK = "LEAK-"  # what every out-of-scope marker starts with (the search term the lists are asked for)

# The roles of the users under test, all in the own township; `district_manager`
# sits in district A (the parent), so that only district B is out of her scope.
TOWNSHIP_ROLES = (Role.CLERK, Role.HANDLER, Role.MANAGER, Role.ADMIN, Role.SECURITY, Role.AUDITOR)
USERS = (*(str(role) for role in TOWNSHIP_ROLES), "district_manager")
SCOPE = {**dict.fromkeys(USERS, ("own",)), "district_manager": ("parent", "own", "sibling")}  # places she covers


@dataclass
class World:
    units: dict[str, OrgUnit]
    records: dict[str, dict[str, object]] = field(default_factory=dict)  # kind → place → record
    users: dict[str, object] = field(default_factory=dict)  # name → user
    clients: dict[str, object] = field(default_factory=dict)  # name → signed-in test client
    media: str = ""  # the MEDIA_ROOT the world's files are in

    def add(self, kind: str, place: str, record) -> None:
        self.records.setdefault(kind, {})[place] = record

    def pk(self, kind: str, place: str) -> int:
        return self.records[kind][place].pk


def build_world() -> World:
    city = OrgUnitFactory(name="矩阵市", level=OrgUnit.Level.CITY, code="449900000000")
    district_a = OrgUnitFactory(name="甲区", level=OrgUnit.Level.DISTRICT, parent=city, code="449901000000")
    district_b = OrgUnitFactory(name="LEAK-OTHER-乙区", level=OrgUnit.Level.DISTRICT, parent=city, code="449902000000")
    units = {
        "parent": district_a,
        "own": OrgUnitFactory(name="甲一街道", level=OrgUnit.Level.TOWNSHIP, parent=district_a, code="449901001000"),
        "sibling": OrgUnitFactory(
            name="LEAK-SIBLING-甲二镇", level=OrgUnit.Level.TOWNSHIP, parent=district_a, code="449901002000"
        ),
        "other": OrgUnitFactory(
            name="LEAK-OTHER-乙一镇", level=OrgUnit.Level.TOWNSHIP, parent=district_b, code="449902001000"
        ),
    }
    world = World(units=units)
    for role in TOWNSHIP_ROLES:
        user = UserFactory(username=f"matrix_{role}", staff=(units["own"], role))
        if role == Role.ADMIN:
            user.is_staff = True  # as seed_demo makes its administrators: the admin site is theirs
            user.save()
        world.users[str(role)] = user
    world.users["district_manager"] = UserFactory(username="matrix_district_manager", staff=(district_a, Role.MANAGER))
    for place in PLACES:
        _records(world, place)
    return world


def _pdf(name="来信.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _records(world: World, place: str) -> None:  # noqa: PLR0915 - one record of each kind, in order
    unit, mark = world.units[place], MARK[place]
    shared = SHARED if place == "parent" else mark  # the mark of the kinds shared downward
    # (The own village has a plain name: an own marker in a page is a record, not a unit filter's choice.)
    village_name = "甲一村" if place == "own" else f"{mark}村"
    village = OrgUnitFactory(name=village_name, level=OrgUnit.Level.VILLAGE, parent=unit)
    add = world.add
    # The place's own handler does the work (and owns its jobs, batches and tokens).
    by = UserFactory(username=f"worker_{place}", first_name=f"{mark}worker", staff=(unit, Role.HANDLER))
    add("worker", place, by)
    add("staff", place, by.staff)
    add("unit", place, unit)
    add("village", place, village)

    def person(what, at=unit):
        return PersonFactory(org_unit=at, full_name=f"{mark}{what}")

    add("person", place, person("person"))
    agency = AgencyFactory(org_unit=unit, name=f"{shared}agency", kind=Agency.Kind.POLICE)
    add("agency", place, agency)
    add("volunteer_team", place, VolunteerTeamFactory(org_unit=unit, name=f"{shared}team"))
    add("volunteer", place, VolunteerFactory(org_unit=unit, full_name=f"{shared}volunteer"))
    add(
        "service_point",
        place,
        ServicePointFactory(org_unit=unit, name=f"{mark}point", kind=ServicePoint.Kind.DV_COMPLAINT),
    )

    # Petitions: one accepted and in hand (with a referral and an attachment), and a reception day.
    petition = make_petition(
        unit=unit,
        by=by,
        person=person("petitioner"),
        accepted_on=date(2025, 3, 3),
        facts=f"{mark}petition-facts",
        request=f"{mark}petition-request",
    )
    petition = petitions.start_handling(petition=petition, by=by, on=date(2025, 3, 4))
    referral = petitions.refer_to_agency(
        petition=petition, by=by, on=date(2025, 3, 5), agency=agency, asked=f"{mark}referral"
    )
    petition.refresh_from_db()
    add("petition", place, petition)
    add("party", place, petition.parties.first())
    add("action", place, petition.actions.order_by("pk").first())
    add("referral", place, referral)
    add("attachment", place, petitions.attach_file(petition=petition, by=by, upload=_pdf(), description=mark))
    add(
        "reception_day",
        place,
        petitions.schedule_reception_day(
            by=by, org_unit=unit, on=date(2025, 4, 1), leader=f"{mark}leader", place=f"{mark}room"
        ),
    )

    # Legal aid.
    add("case", place, make_case(unit=unit, by=by, client=person("client")))
    warning = legal_aid.record_police_warning(
        by=by,
        org_unit=unit,
        victim=person("victim"),
        abuser_name=f"{mark}abuser",
        police_station=agency,
        issued_on=date(2025, 3, 1),
        notes=f"{mark}warning",
    )
    add("warning", place, warning)
    add(
        "visit",
        place,
        legal_aid.record_follow_up_visit(
            warning=warning, by=by, visited_on=date(2025, 3, 8), visitor="federation", notes=f"{mark}visit"
        ),
    )
    add("order", place, make_order(unit=unit, by=by, victim=person("protected")))
    assessor = make_assessor(unit=unit, by=by, full_name=f"{mark}assessor")
    add("assessor", place, assessor)
    add("hearing", place, make_hearing(assessor=assessor, by=by, cause=f"{mark}hearing"))

    # Hardship: a programme of each kind, a household with a member, assistance with a receipt,
    # a home being built, a class with a student.
    def programme(kind, what):
        return hardship.create_programme(
            by=by,
            name=f"{mark}{what}",
            kind=kind,
            year=2025,
            org_unit=unit,
            budget=Decimal("100000.00"),
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            funding={"city_finance": Decimal("1000.00")},
        )

    spring = programme(Programme.Kind.SPRING_FESTIVAL, "spring")
    housing = programme(Programme.Kind.HOUSING, "housing")
    classes = programme(Programme.Kind.WOMEN_CLASS, "classes")
    add("programme", place, spring)
    add("housing_programme", place, housing)
    add("class_programme", place, classes)
    household = hardship.register_household(
        by=by, head=person("head", village), org_unit=village, size=2, notes=f"{mark}household"
    )
    add("household", place, household)
    add(
        "member",
        place,
        hardship.add_household_member(household=household, by=by, person=person("daughter", village), relation="女儿"),
    )
    assistance = hardship.record_assistance(
        by=by,
        programme=spring,
        household=household,
        kind=Assistance.Kind.VISIT,
        given_on=date(2025, 1, 20),
        cash=Decimal("500.00"),
        goods=f"{mark}goods",
        visited_by=f"{mark}visitor",
    )
    add("assistance", place, assistance)
    add("receipt", place, hardship.add_receipt(assistance=assistance, by=by, upload=_pdf("收据.pdf")))
    add(
        "housing_unit",
        place,
        hardship.create_housing_unit(
            by=by,
            programme=housing,
            household=household,
            address=f"{mark}home",
            planned_on=date(2025, 3, 1),
            planned_cost=Decimal("40000.00"),
            funding={"city_finance": Decimal("40000.00")},
        ),
    )
    klass = hardship.create_training_class(
        by=by,
        programme=classes,
        name=f"{mark}class",
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 12, 20),
        capacity=10,
        venue=f"{mark}venue",
        cost=Decimal("1000.00"),
    )
    add("class", place, klass)
    add(
        "enrolment",
        place,
        hardship.enrol_student(
            by=by, training_class=klass, student=person("student", village), enrolled_on=date(2025, 3, 1)
        ),
    )

    # Outreach.
    campaign = outreach.create_campaign(
        by=by, name=f"{shared}campaign", kind=Campaign.Kind.MARCH_8, year=2025, org_unit=unit
    )
    add("campaign", place, campaign)
    event = outreach.record_event(
        by=by,
        title=f"{mark}event",
        kind=Event.Kind.PUBLIC_PLACE,
        held_on=date(2025, 3, 8),
        org_unit=unit,
        campaign=campaign,
        summary=f"{mark}summary",
    )
    add("event", place, event)
    add("photo", place, attach(model=EventPhoto, by=by, upload=SimpleUploadedFile("照片.png", PNG), event=event))
    session = outreach.record_training(
        by=by,
        title=f"{mark}training",
        starts_on=date(2025, 4, 22),
        ends_on=date(2025, 4, 23),
        hours=Decimal("12"),
        org_unit=unit,
    )
    add("training", place, session)
    add("trainee", place, outreach.add_trainees(session=session, by=by, names=[f"{mark}trainee"], org_unit=unit)[0])

    # Official documents (signed as the unit's profile says), report drafts and issued reports.
    add("document_profile", place, DocumentProfile.objects.create(org_unit=unit, issuer=f"{mark}issuer"))
    add(
        "document",
        place,
        issue_document(kind=KINDS["petition_acceptance"], record=petition, by=by, on=date(2025, 3, 3)),
    )
    draft, issued = _report(unit, by, mark)
    add("draft", place, draft)
    add("issued", place, issued)

    # A finished export job (its file on disk), a ledger batch waiting to be imported, an API token,
    # and an access-log row of the place's worker.
    job = Job.objects.create(
        owner=world.users[str(Role.HANDLER)] if place == "own" else by,  # a job is its owner's alone
        org_unit=unit,
        kind=Job.Kind.EXPORT,
        title=f"{mark}job",
        runner="tests.jobs.runners.count_lines",
        parameters={"n": 1},
        status=Job.Status.DONE,
        result_name=f"{mark}job.csv",
    )
    job.result_path = f"{RESULT_DIR}/{job.pk}/{mark}job.csv"
    job.save(update_fields=["result_path"])
    path = Path(settings.MEDIA_ROOT) / job.result_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{mark}job-file\n", encoding="utf-8")
    add("job", place, job)
    add(
        "batch",
        place,
        ImportBatch.objects.create(
            kind="petitions", org_unit=unit, file_name=f"{mark}ledger.xlsx", created_by=by, rows=[], row_count=0
        ),
    )
    add("token", place, issue_token(user=by, by=by, name=f"{mark}token")[0])
    add("access", place, log_access(user=by, action="view", target=petition, label=f"{mark}log"))


def _report(unit, by, mark):
    from directory.periods import Period
    from reporting.document import Paragraph, ReportDocument
    from reporting.services import create_draft, issue_draft

    document = ReportDocument(
        title=f"{mark}report",
        paragraphs=[Paragraph("petitions.received", f"{mark}paragraph"), Paragraph("problems", "", generated=False)],
        signature=[unit.name],
    )
    draft = create_draft(
        unit=unit, period=Period.year_to(2025, 9), language="zh-hans", document=document, figures={}, by=by
    )
    return draft, issue_draft(draft=draft, by=by)


def body_text(response) -> str:
    """What a reader gets, as text: HTML, JSON, CSV, and the text inside XLSX, DOCX and PDF files."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if raw[:2] == b"PK":  # XLSX and DOCX are zip files of XML
        import zipfile

        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                return "\n".join(
                    archive.read(name).decode("utf-8", "replace")
                    for name in archive.namelist()
                    if name.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    if raw[:5] == b"%PDF-" or "pdf" in kind:
        from pypdf import PdfReader

        try:
            return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
        except Exception:  # noqa: BLE001 - a file that is not a real PDF (the test uploads) is its bytes
            pass
    return raw.decode("utf-8", "replace")
