"""One log line per request (logger `rights_office.requests`), as JSON.

Fields: request id, method, path (never the query string: searches hold
names and ID numbers), status, duration in ms, and the signed-in user's id
(never a name). The request id is taken from an `X-Request-ID` header set by
the proxy in front (nginx `$request_id`) when it looks like one, otherwise
made here; it is sent back in the response's `X-Request-ID`, so a user's
complaint, nginx's access log and this line can be matched.
"""

import json
import logging
import re
import time
import uuid

from django.utils.functional import empty

logger = logging.getLogger("rights_office.requests")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_for(request) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def _user_id(request):
    # Only a user some part of the request already loaded: reading it here
    # would cost a session query on requests that never needed one (/healthz).
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        line = {
            "event": "request",
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            "user_id": _user_id(request),
        }
        logger.info(json.dumps(line, ensure_ascii=False), extra={"request_line": line})
        return response
