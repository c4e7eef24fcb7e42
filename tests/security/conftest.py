import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction


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
