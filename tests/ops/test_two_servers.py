"""Two app servers (gunicorn) on one database and one shared MEDIA_ROOT, as behind a load balancer.

A user signed in through one server is signed in on the other (sessions live
in the database), and a file attached through one downloads, byte for byte,
from the other. The servers run on this test's own database: on PostgreSQL
the test database itself, on SQLite a file copy of it.
"""

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from directory.databases import postgres_url
from directory.roles import Role
from tests.factories import UserFactory
from tests.petitions.factories import ensure_categories, make_petition

pytestmark = pytest.mark.slow
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + os.urandom(2048)
START_TIMEOUT = 40


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _shared_database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        return postgres_url(connection.settings_dict, connection.settings_dict["NAME"])
    # The suite's SQLite database lives in this process's memory: give the servers a file copy.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


@contextmanager
def app_servers(database_url: str, media_root: Path, logs: list[Path]):
    """One gunicorn per log file, on one database and one MEDIA_ROOT: their bases, once all answer.

    They are started together and waited for together (each spends seconds importing
    Django), and stopped together.
    """
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root), "DEBUG": "true"}
    servers = []
    try:
        for log in logs:
            port = _free_port()
            with log.open("wb") as out:
                command = [sys.executable, "-m", "gunicorn", "rights_office.wsgi", "--workers", "1"]
                process = subprocess.Popen(
                    [*command, "--bind", f"127.0.0.1:{port}"],
                    cwd=settings.BASE_DIR,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            servers.append((process, f"http://127.0.0.1:{port}", log))
        deadline = time.monotonic() + START_TIMEOUT
        waiting = list(servers)
        while waiting:
            for server in list(waiting):
                process, base, log = server
                try:
                    if requests.get(f"{base}/healthz", timeout=10).status_code in (200, 503):
                        waiting.remove(server)
                        continue
                except requests.RequestException:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"the server did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield [base for _process, base, _log in servers]
    finally:
        for process, _base, _log in servers:
            process.terminate()  # all first, then wait: each master takes a second or so to stop
        for process, _base, _log in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _csrf(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


@pytest.mark.django_db(transaction=True)
def test_a_session_and_an_upload_made_on_one_server_work_on_the_other(tmp_path, township_a):
    ensure_categories()
    clerk = UserFactory(username="two_servers_clerk", staff=(township_a, Role.CLERK))
    petition = make_petition(unit=township_a, by=clerk)
    media = tmp_path / "shared-media"
    database_url = _shared_database_url(tmp_path)

    with app_servers(database_url, media, [tmp_path / "one.log", tmp_path / "two.log"]) as (one, two):
        on_one = requests.Session()
        token = _csrf(on_one, f"{one}/accounts/login/")
        signed_in = on_one.post(
            f"{one}/accounts/login/",
            data={"username": "two_servers_clerk", "password": "pw-123456", "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=10,
        )
        assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/"

        # The other server knows nothing of this browser but its cookie.
        on_two = requests.Session()
        on_two.cookies.set("sessionid", on_one.cookies["sessionid"])
        home = on_two.get(f"{two}/", allow_redirects=False, timeout=10)
        assert home.status_code == 200
        assert f"/petitions/{petition.pk}/" in on_two.get(f"{two}/petitions/", timeout=10).text

        token = _csrf(on_one, f"{one}/petitions/{petition.pk}/")
        uploaded = on_one.post(
            f"{one}/petitions/{petition.pk}/attachments/",
            data={"description": "来信扫描件", "csrfmiddlewaretoken": token},
            files={"file": ("来信.pdf", PDF, "application/pdf")},
            headers={"Referer": f"{one}/petitions/{petition.pk}/"},
            allow_redirects=False,
            timeout=10,
        )
        assert uploaded.status_code == 302, uploaded.text[:500]

        page = on_two.get(f"{two}/petitions/{petition.pk}/", timeout=10).text
        link = re.search(rf"/petitions/{petition.pk}/attachments/\d+/", page).group(0)
        download = on_two.get(f"{two}{link}", timeout=10)
        assert download.status_code == 200
        assert download.content == PDF

        # Signing out on the second server signs the browser out on the first too.
        token = _csrf(on_two, f"{two}/petitions/")
        on_two.post(f"{two}/accounts/logout/", data={"csrfmiddlewaretoken": token}, timeout=10)
        assert on_one.get(f"{one}/petitions/", allow_redirects=False, timeout=10).status_code == 302
