import io

from django.core.management import call_command
from rest_framework.test import APIClient


def test_issue_token_prints_a_key_that_works(clerk_a):
    out = io.StringIO()
    call_command("issue_token", "--user", "clerk_a", stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert client.get("/api/v1/people/").status_code == 200
