"""Factories for legal-aid records (through the services, so history and clocks are real)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from legal_aid import services
from legal_aid.models import LegalAidCase
from tests.factories import PersonFactory

TZ = ZoneInfo("Asia/Shanghai")


def make_case(*, unit, by, client=None, applied_on=date(2025, 3, 3), **fields) -> LegalAidCase:
    values = {
        "org_unit": unit,
        "client": client or PersonFactory(org_unit=unit),
        "aid_form": LegalAidCase.AidForm.LITIGATION,
        "cause": LegalAidCase.Cause.DIVORCE,
        "provider": LegalAidCase.Provider.CENTRE,
        "eligibility": LegalAidCase.Eligibility.EXEMPT_DV,
        "applied_on": applied_on,
    }
    values.update(fields)
    return services.create_case(by=by, **values)


def make_order(*, unit, by, victim=None, filed=datetime(2025, 3, 3, 9, 0), **fields):
    values = {
        "org_unit": unit,
        "victim": victim or PersonFactory(org_unit=unit),
        "applicant": "federation",
        "court": "南雄市人民法院",
    }
    values.update(fields)
    return services.apply_for_protection_order(by=by, filed_at=filed.replace(tzinfo=TZ), **values)


def make_assessor(*, unit, by, appointed_on=date(2022, 5, 1), **fields):
    values = {"org_unit": unit, "full_name": "曾丽华", "court": "南雄市人民法院"}
    values.update(fields)
    return services.appoint_assessor(by=by, appointed_on=appointed_on, **values)


def make_hearing(*, assessor, by, heard_on=date(2025, 4, 1), n=[0], **fields):  # noqa: B006 - a counter
    n[0] += 1
    values = {
        "court_case_number": f"(2025)粤0282民初{n[0]}号",
        "case_type": "civil",
        "cause": "离婚纠纷",
        "heard_on": heard_on,
        "women_involved": True,
    }
    values.update(fields)
    return services.record_hearing(assessor=assessor, by=by, **values)
