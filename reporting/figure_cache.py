"""The work summary's figures kept in Django's cache until the data behind them changes.

At a million petitions a city's year of figures costs a second or more of
aggregates; the dashboard is opened far more often than the figures change. A
summary is kept under its unit, period, "today" and language (the charts name
categories in the reader's language), with the *data version* it was computed
under (`directory.versioned_cache`): every save or delete of a record the
figures count (petitions, legal aid, hardship, outreach, the directory's units
and people) bumps that version, so the next reader does not take them as
current.

A report (`cached`) then computes afresh and waits. The dashboard (`kept`) does
too when the figures were quick to compute last time. When they were slow
(above SUMMARY_REFRESH_IN_BACKGROUND_AFTER seconds: a city's year at scale),
it shows the figures it has, saying when they were computed and that newer
ones are on their way, and starts one background computation (`refresh`), so
that while clerks are registering the city's manager is not made to wait on
every write. Figures computed more than SUMMARY_STALE_AT_MOST seconds ago are
never shown as stale: if no refresh has replaced them by then (no worker is
running), the page waits for new ones.

Only a shared cache keeps figures (`versioned_cache.shared`), and only while
SUMMARY_CACHE_SECONDS is above 0.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

from directory import versioned_cache

DATA = versioned_cache.Version("reporting:data")
COUNTED_APPS = {"petitions", "legal_aid", "hardship", "outreach", "directory"}
# Written on every request or sign-in, and counted by no figure.
NOT_COUNTED = {"AccessLog", "AuditChainHead", "ApiToken", "PasswordHistory"}


def enabled() -> bool:
    return versioned_cache.shared() and getattr(settings, "SUMMARY_CACHE_SECONDS", 0) > 0


def data_version() -> int:
    return DATA.current()


def bump() -> None:
    DATA.bump()


def _counted(sender) -> bool:
    meta = sender._meta
    return (
        meta.app_label in COUNTED_APPS
        and sender.__name__ not in NOT_COUNTED
        and not sender.__name__.startswith("Historical")
    )


def _on_write(sender, **kwargs):
    if not enabled() or not _counted(sender):
        return
    DATA.bump_at_write_and_commit()


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="reporting.figure_cache.save")
    post_delete.connect(_on_write, dispatch_uid="reporting.figure_cache.delete")


@dataclass(frozen=True)
class Kept:
    """Figures as the cache gave them."""

    value: object
    computed_at: datetime
    stale: bool  # computed before the latest write; newer figures are being computed


@dataclass(frozen=True)
class _Entry:
    version: int
    computed_at: datetime
    seconds: float  # how long they took to compute
    value: object


def _key(key_parts: tuple) -> str:
    return ":".join(["reporting:summary", translation.get_language() or "", *map(str, key_parts)])


def _compute_and_keep(key: str, compute: Callable) -> _Entry:
    version = data_version()  # read before computing: a write meanwhile leaves these figures stale
    started = time.monotonic()
    value = compute()
    entry = _Entry(version, timezone.now(), time.monotonic() - started, value)
    cache.set(key, entry, timeout=settings.SUMMARY_CACHE_SECONDS)
    return entry


def _current(key: str) -> tuple[_Entry | None, bool]:
    entry = cache.get(key)
    if not isinstance(entry, _Entry):  # nothing kept, or kept by an older release
        return None, False
    return entry, entry.version == data_version()


def cached(key_parts: tuple, compute: Callable):
    """`compute()`, or what it gave last time for `key_parts` while no counted record has changed."""
    if not enabled():
        return compute()
    key = _key(key_parts)
    entry, current = _current(key)
    if not current:
        entry = _compute_and_keep(key, compute)
    return entry.value


def kept(key_parts: tuple, compute: Callable, start_refresh: Callable[[], None]) -> Kept:
    """`cached`, except that figures slow to compute are not waited for after a write.

    Those computed before the write are given, marked stale, and `start_refresh()`
    is called (once, whoever else asks meanwhile) to compute them in the
    background through `refresh`.
    """
    if not enabled():
        return Kept(compute(), timezone.now(), False)
    key = _key(key_parts)
    entry, current = _current(key)
    if current:
        return Kept(entry.value, entry.computed_at, False)
    too_old = (timezone.now() - entry.computed_at).total_seconds() > settings.SUMMARY_STALE_AT_MOST if entry else True
    if too_old or entry.seconds < settings.SUMMARY_REFRESH_IN_BACKGROUND_AFTER:
        # Quick to compute, or kept so long that its refreshes are not happening (no worker): wait for them.
        entry = _compute_and_keep(key, compute)
        return Kept(entry.value, entry.computed_at, False)
    if cache.add(f"{key}:refreshing", 1, timeout=settings.SUMMARY_REFRESH_TIMEOUT):
        start_refresh()
    fresher, current = _current(key)  # without a broker or threads (the tests) it is done already
    if current:
        return Kept(fresher.value, fresher.computed_at, False)
    return Kept(entry.value, entry.computed_at, True)


def refresh(key_parts: tuple, compute: Callable) -> None:
    """The background half of `kept`: compute and keep the figures, then let the next refresh start."""
    key = _key(key_parts)
    try:
        _compute_and_keep(key, compute)
    finally:
        cache.delete(f"{key}:refreshing")
