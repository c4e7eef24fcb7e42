import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demonstration city (`seed_demo`): every kind of record in several
    townships and districts, built once for the module inside a transaction
    that is rolled back after it."""
    from django.conf import settings

    old_media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, str(tmp_path_factory.mktemp("media"))
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--year", "2025", "--force", stdout=io.StringIO())
        yield {u.username: u for u in get_user_model().objects.all()}
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = old_media


# --- the world, built once per module ----------------------------------------------------


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world and one signed-in client per user, inside a transaction rolled back after the module."""
    from django.conf import settings

    from tests.otp import pass_second_factor
    from tests.security.matrix_world import build_world

    media = str(tmp_path_factory.mktemp("matrix_media"))
    old_media, settings.MEDIA_ROOT = settings.MEDIA_ROOT, media
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        clients = {}
        for name, user in world.users.items():
            client = Client()
            client.force_login(user)
            pass_second_factor(client, user)  # what tests/conftest.py does for client_for, once per module
            clients[name] = client
        world.clients = clients
        world.media = media
        yield world
        transaction.set_rollback(True)
    settings.MEDIA_ROOT = old_media


@pytest.fixture(autouse=True)
def jobs_run_inline(request, settings, tmp_path):
    """As tests/conftest.py's, but with the matrix the files stay in its media folder, where the world wrote them."""
    settings.CELERY_BROKER_URL = ""
    settings.JOBS_EMBEDDED = "inline"
    if "matrix" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("matrix").media
    else:
        settings.MEDIA_ROOT = tmp_path / "media"
