"""A small crawler over the test client: what a signed-in user can reach by following links.

It starts from every URL pattern that takes no argument, follows the links
(href, src, form action) of every HTML page it gets, and visits at most
`per_route` addresses of each URL pattern, so that a list of a hundred
petitions costs two detail pages, not a hundred.
"""

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')

# Never fetched while crawling, and why.
NOT_CRAWLED = {
    "logout": "signs the crawler out",
    "set_language": "switches the language of the rest of the crawl",
    "api-schema": "the OpenAPI document: a large JSON file, not a page (its access is tested in tests/api)",
    "password_reset_confirm": "needs a one-time token",
}


def patterns(resolver=None, prefix=""):
    """(route, name, pattern) of every URL pattern, walking included resolvers."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, entry


def seeds(include_admin=False):
    """The address of every URL pattern that takes no argument."""
    found = []
    for route, name, entry in patterns():
        if entry.pattern.regex.groups or "<" in route or name in NOT_CRAWLED:
            continue
        if route.startswith("admin/") and not include_admin:
            continue
        path = "/" + route.replace("^", "").replace("$", "").replace("\\Z", "")
        if route.startswith("admin/") and route.count("/") > 2:
            continue  # the admin's own index pages are enough seeds; the rest is linked from them
        found.append(path)
    return found


@dataclass
class Visit:
    url: str
    route: str
    status: int
    content_type: str
    headers: dict
    body: str


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    links: set[str] = field(default_factory=set)  # every same-site path seen in a page (no query)

    def routes(self):
        return {v.route for v in self.visits}


def route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def crawl(client, *, start, per_route=2, include_admin=False, limit=2500) -> Crawl:
    result = Crawl()
    client.raise_request_exception = False  # a server error is a visit with status 500
    queue, done, counts = deque(start), set(), Counter()
    while queue and len(result.visits) < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if path in done:
            continue
        done.add(path)
        route = route_of(path)
        if route is None or (route.startswith("admin/") and not include_admin):
            continue
        name = resolve(path).url_name
        if name in NOT_CRAWLED or counts[route] >= per_route:
            continue
        counts[route] += 1
        response = client.get(path)
        content_type = response.get("Content-Type", "")
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", "replace") if _is_text(content_type) else ""
        result.visits.append(Visit(path, route, response.status_code, content_type, dict(response.headers), body))
        if "text/html" in content_type:
            for link in LINK.findall(body):
                target = urlsplit(urljoin(path, link.replace("&amp;", "&")))
                if target.netloc or target.scheme or not target.path.startswith("/"):
                    continue
                if target.path.startswith(("/static/", "/media/")):
                    continue
                result.links.add(target.path)
                queue.append(target.path)
    return result


def _is_text(content_type: str) -> bool:
    return any(kind in content_type for kind in ("text/", "json", "javascript", "csv"))
