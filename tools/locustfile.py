"""A mixed clerk / handler / manager load on the synthetic city (`manage.py generate_data`).

Loopback only, headless and bounded in users and time (README "Benchmarks"):

    .venv/bin/locust -f tools/locustfile.py --headless -u 6 -r 2 -t 60s --host http://127.0.0.1:8799

Clerks open their list, search and register petitions through the API;
handlers open petitions and move them on (accept → reply → conclude);
managers open the list and the dashboard. Locust prints requests/s, p95
and errors per request name at the end.
"""

import random
from datetime import date
from urllib.parse import urlparse

from demo_otp_code import code
from locust import HttpUser, between, task

PASSWORD = "bench-2025-Pw"
VERIFY = "/directory/two-factor/verify/"


class Staff(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""

    def on_start(self):
        host = urlparse(self.host).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("this load test runs against the loopback only")
        self.client.get("/accounts/login/")
        self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.client.cookies["csrftoken"]},
            headers={"Referer": f"{self.host}/accounts/login/"},
        )
        # Managers pass the second factor with the published demo key generate_data gives them.
        if self.client.get(VERIFY, allow_redirects=False, name=VERIFY).status_code == 200:
            self.client.post(
                VERIFY,
                {"code": code(), "csrfmiddlewaretoken": self.client.cookies["csrftoken"]},
                headers={"Referer": f"{self.host}{VERIFY}"},
                name=VERIFY,
            )
        self.csrf = {"X-CSRFToken": self.client.cookies.get("csrftoken", ""), "Referer": self.host}


class Clerk(Staff):
    weight = 3
    username = "gen_d1t1_clerk"

    @task(4)
    def petition_list(self):
        self.client.get("/petitions/")

    @task(2)
    def search(self):
        self.client.get(f"/petitions/?q={random.choice('陈李黄张刘王')}秀", name="/petitions/?q=")

    @task(1)
    def register(self):
        unit, category, person = self.template()
        self.client.post(
            "/api/v1/petitions/",
            json={
                "org_unit": unit,
                "channel": "visit",
                "received_on": date.today().isoformat(),
                "nature": "claim",
                "category": category,
                "facts": "压力测试：家庭纠纷",
                "parties": [{"person": person, "role": "petitioner"}],
            },
            headers=self.csrf,
            name="/api/v1/petitions/ (register)",
        )

    def template(self):
        """The clerk's unit, a category and a petitioner, read once from one of her petitions."""
        if not hasattr(self, "_template"):
            rows = self.client.get("/api/v1/petitions/", name="/api/v1/petitions/").json()["results"]
            petition = self.client.get(f"/api/v1/petitions/{rows[0]['id']}/", name="/api/v1/petitions/<pk>/").json()
            self._template = (petition["org_unit"], petition["category"], petition["parties"][0]["person"])
        return self._template


class Handler(Staff):
    weight = 2
    username = "gen_d1t1_handler"

    @task(3)
    def open_a_petition(self):
        answer = self.client.get("/api/v1/petitions/?status=registered", name="/api/v1/petitions/?status=")
        rows = answer.json().get("results", []) if answer.ok else []
        if not rows:
            return
        pk = random.choice(rows)["id"]
        self.client.get(f"/petitions/{pk}/", name="/petitions/<pk>/")
        for move, body in (
            ("accept", {}),
            ("reply", {"text": "已答复", "reply_method": "in_person"}),
            ("conclude", {"outcome": "explained", "settled_level": "township"}),
        ):
            with self.client.post(
                f"/api/v1/petitions/{pk}/{move}/",
                json=body,
                headers=self.csrf,
                name=f"move {move}",
                catch_response=True,
            ) as answer:
                if answer.status_code == 409:  # another handler moved it first: the right answer, not an error
                    answer.success()
                if not answer.ok:
                    break


class Manager(Staff):
    weight = 1
    username = "gen_city_manager"

    @task(2)
    def petition_list(self):
        self.client.get("/petitions/", name="/petitions/ (city)")

    @task(1)
    def dashboard(self):
        self.client.get(f"/reports/dashboard/?unit=459900&kind=year&year={date.today().year - 1}", name="dashboard")
