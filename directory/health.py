"""`/healthz`: is this app server fit to take requests? For load balancers and monitoring.

Cheap (one query), open without signing in, and says nothing about the data:
only whether the database answers, whether the task broker answers (or that
tasks run embedded, without one), and whether the disk under MEDIA_ROOT has
room for uploads and issued reports. With a reporting replica it also says
whether the replica answers and how far behind it is, without failing on it.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from directory import replicas


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return {"ok": False, "vendor": connection.vendor}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict:
    url = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if not url:
        # No broker configured: background jobs run inside the app (eager).
        return {"ok": True, "kind": "embedded"}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return {"ok": True, "kind": "unchecked"}
    import redis

    client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return {"ok": False, "kind": "redis"}
    finally:
        client.close()
    return {"ok": True, "kind": "redis"}


def _existing(path: Path) -> Path:
    # A fresh install may not have made MEDIA_ROOT yet: measure the disk it will be on.
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_disk() -> dict:
    minimum = getattr(settings, "HEALTH_MIN_FREE_MB", 1024)
    try:
        free_mb = shutil.disk_usage(_existing(Path(settings.MEDIA_ROOT))).free // (1024 * 1024)
    except OSError:
        return {"ok": False, "min_free_mb": minimum}
    return {"ok": free_mb >= minimum, "free_mb": free_mb, "min_free_mb": minimum}


def check_replica() -> dict:
    """The reporting replica, for monitoring: reports read the primary while it is down or behind,
    so it does not make this server unfit."""
    lag = replicas.lag_bytes()
    return {"ok": lag is not None, "lag_bytes": lag, "required": False}


def run_checks() -> dict:
    checks = {"database": check_database(), "broker": check_broker(), "disk": check_disk()}
    status = "ok" if all(c["ok"] for c in checks.values()) else "fail"
    if replicas.configured():
        checks["replica"] = check_replica()
    return {"status": status, "checks": checks}


@require_safe
@never_cache
@login_not_required
def healthz(request):
    report = run_checks()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
