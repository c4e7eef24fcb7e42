"""Sign-in lockouts as the security administrator sees and lifts them.

django-axes keeps one row per user name, address and browser. A lockout is a
user name from one address with AXES_FAILURE_LIMIT failures, or an address
with LOGIN_IP_FAILURE_LIMIT failures whatever the names (see
`directory.signin.LockoutHandler`). Rows older than the cool-off no longer
count and are not shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AccessLog
from .privacy import log_access


@dataclass
class Failures:
    username: str
    ip_address: str | None
    failures: int = 0
    last_at: datetime | None = None
    address_failures: int = 0
    pks: list[int] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.failures >= settings.AXES_FAILURE_LIMIT or self.address_locked

    @property
    def address_locked(self) -> bool:
        return self.address_failures >= settings.LOGIN_IP_FAILURE_LIMIT


def current_attempts():
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def failures() -> list[Failures]:
    """Current failed sign-ins by user name and address, locked ones first, newest first."""
    rows = current_attempts().values_list("pk", "username", "ip_address", "failures_since_start", "attempt_time")
    groups: dict[tuple, Failures] = {}
    per_address: dict[str | None, int] = defaultdict(int)
    for pk, username, ip, count, at in rows:
        group = groups.setdefault((username or "", ip), Failures(username=username or "", ip_address=ip))
        group.failures += count
        group.last_at = max(group.last_at or at, at)
        group.pks.append(pk)
        per_address[ip] += count
    for group in groups.values():
        group.address_failures = per_address[group.ip_address]
    return sorted(groups.values(), key=lambda g: (not g.locked, -g.last_at.timestamp()))


@transaction.atomic
def unlock(*, username: str, ip_address: str | None, by, request) -> int:
    """Forget the failures of a user name from an address (and the address's, if it is locked itself)."""
    current = {g.username: g for g in failures() if g.ip_address == ip_address}.get(username)
    attempts = AccessAttempt.objects.filter(username=username or None, ip_address=ip_address)
    if current is not None and current.address_locked:
        attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    removed, _ = attempts.delete()
    log_access(
        user=by,
        action=AccessLog.Action.UNLOCK,
        label=f"{username or '-'} @ {ip_address or '-'}"[:200],
        detail={
            "username": username,
            "ip_address": ip_address,
            "failures": current.failures if current else 0,
            "whole_address": bool(current and current.address_locked),
        },
        request=request,
    )
    return removed
