import io

import pytest
from django.core.management import call_command

from directory.demo import DEMO_OTP_KEY, DEMO_OTP_KEY_BASE32
from directory.models import OrgUnit, Person, ServicePoint, StaffProfile


def demo_code():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("demo_otp_code", Path(__file__).parents[2] / "tools/demo_otp_code.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.DEMO_OTP_KEY == DEMO_OTP_KEY
    return module.code()


def test_the_published_demo_key_is_the_demo_key_in_base32():
    import base64

    assert base64.b32encode(DEMO_OTP_KEY).decode() == DEMO_OTP_KEY_BASE32


@pytest.mark.django_db
def test_seed_demo_builds_the_city_and_is_idempotent(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    counts = (
        OrgUnit.objects.count(),
        Person.objects.count(),
        StaffProfile.objects.count(),
        ServicePoint.objects.count(),
    )
    call_command("seed_demo", "--year", "2025", stdout=io.StringIO())
    assert (
        OrgUnit.objects.count(),
        Person.objects.count(),
        StaffProfile.objects.count(),
        ServicePoint.objects.count(),
    ) == counts
    city = OrgUnit.objects.get(code="440282000000")
    assert city.name == "南雄市"
    assert OrgUnit.objects.within(city).filter(level=OrgUnit.Level.TOWNSHIP).count() == 18
    villages = OrgUnit.objects.within(city).villages().count()
    assert villages > 200
    assert Person.objects.within(city).count() >= 300
    # The demo password is shorter than the policy (which applies when a
    # password is chosen, not at sign-in) and is freshly dated, not expired.
    response = client.post("/accounts/login/", {"username": "nx_clerk", "password": "demo-2025"})
    assert response.url == "/"
    assert client.get("/petitions/").status_code == 200
    # A manager also types the code of the published demo key (README, seed_demo's output).
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": "nx_manager", "password": "demo-2025"})
    assert client.get("/").url.startswith("/directory/two-factor/verify/")
    assert client.post("/directory/two-factor/verify/", {"code": demo_code()}).url == "/"
    assert client.get("/petitions/").status_code == 200


@pytest.mark.django_db
def test_seed_demo_refuses_with_debug_off(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
