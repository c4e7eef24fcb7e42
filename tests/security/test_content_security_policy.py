"""A strict Content-Security-Policy, a Referrer-Policy and a Permissions-Policy
on every response, and pages that need no inline script or style to work."""

import re

import pytest

from tests.security.crawl import crawl, seeds

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle=", re.I)
STYLE_BLOCK = re.compile(r"<style\b", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I)


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


def assert_security_headers(response):
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/", "/petitions/", "/api/v1/petitions/", "/api/v1/docs/", "/admin/", "/no-such-page/"],
)
def test_every_kind_of_response_carries_the_policies(client, db, django_user_model, url):
    client.force_login(django_user_model.objects.create_superuser("root", password="pw-123456"))
    response = client.get(url)
    assert_security_headers(response)


def test_the_sign_in_page_carries_the_policies_before_anyone_signs_in(client, db):
    assert_security_headers(client.get("/accounts/login/"))


def test_the_old_redoc_address_leads_to_the_swagger_ui(admin_client):
    response = admin_client.get("/api/v1/redoc/")
    assert response.status_code == 302 and response.url == "/api/v1/docs/"


def test_the_swagger_ui_loads_its_start_up_script_from_a_file(admin_client):
    page = admin_client.get("/api/v1/docs/").content.decode()
    script_url = re.search(r'<script src="([^"]*script=[^"]*)"', page).group(1).replace("&amp;", "&")
    script = admin_client.get(script_url)
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_api_answers_json_only(admin_client):
    response = admin_client.get("/api/v1/petitions/", HTTP_ACCEPT="text/html")
    assert response.status_code == 406


def test_no_page_carries_an_inline_script_or_style(demo_world, client, db):
    client.force_login(demo_world["admin"])
    result = crawl(client, start=seeds(include_admin=True) + ["/admin/"], per_route=2, include_admin=True)
    assert [(v.url, v.status) for v in result.visits if v.status >= 500] == []
    pages = [v for v in result.visits if "text/html" in v.content_type]
    offending = [
        (v.url, kind)
        for v in pages
        for kind, pattern in (
            ("inline <script>", INLINE_SCRIPT),
            ("style attribute", STYLE_ATTRIBUTE),
            ("<style>", STYLE_BLOCK),
            ("on…= handler", HANDLER_ATTRIBUTE),
        )
        if pattern.search(v.body)
    ]
    assert offending == [], "\n".join(f"{url}: {kind}" for url, kind in offending)
    assert all("'unsafe-inline'" not in v.headers.get("Content-Security-Policy", "-") for v in result.visits)
    assert all("Content-Security-Policy" in v.headers for v in result.visits)
    # A representative set: a detail page of every kind of record, forms, reports, the admin.
    routes = result.routes()
    for expected in (
        "petitions/<int:pk>/",
        "legal-aid/cases/<int:pk>/",
        "legal-aid/orders/<int:pk>/",
        "hardship/households/<int:pk>/",
        "hardship/housing/<int:pk>/",
        "outreach/events/<int:pk>/",
        "outreach/training/<int:pk>/",
        "directory/people/<int:pk>/edit/",
        "reports/dashboard/",
        "outreach/network/<int:pk>/",
        "admin/directory/orgunit/<path:object_id>/change/",
    ):
        assert expected in routes
    assert len(pages) > 150
