"""Nothing but the sign-in page (and the language switch) is visible without signing in."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "login",
    "set_language",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "logout",
    "healthz",
}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name


def _example(route: str) -> str:
    import re

    path = re.sub(r"\(\?P<[a-z_]+>[^)]*\)", "1", route)
    path = re.sub(r"<(?:int:)?[a-z_]+>", "1", path)
    path = re.sub(r"<(?:path|str|slug):[a-z_]+>", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + path


ROUTES = sorted(
    {(route, name) for route, name in _patterns(get_resolver()) if not route.startswith("admin/")},
    key=lambda pair: pair[0],
)


@pytest.mark.parametrize(("route", "name"), ROUTES, ids=[r for r, _ in ROUTES])
def test_url_needs_a_signed_in_user(client, db, route, name):
    if name in PUBLIC:
        pytest.skip("public by design")
    response = client.get(_example(route))
    assert response.status_code in (302, 401, 404), response.status_code
    if response.status_code == 302:
        assert response.url.startswith("/accounts/login/") or response.url.startswith("/admin/login/")


def test_admin_needs_a_signed_in_user(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
