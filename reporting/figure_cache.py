"""The work summary's figures kept in Django's cache until the data behind them changes.

At a million petitions a city's year of figures costs seconds of aggregates; the
dashboard is opened far more often than the figures change. A summary is kept
under its unit, period, "today" and language (the charts name categories in the
reader's language) and under one global *data version*: every save or delete of
a record the figures count (petitions, legal aid, hardship, outreach, the
directory's units and people) bumps it, so the next reader computes afresh.

The version is bumped when the write happens *and* again when its transaction
commits: a reader that computed from the snapshot before the commit cannot have
stored its figures under the version that follows it.

The cache must be shared by every server process (REDIS_URL, see settings): a
process's own memory would never hear of another process's writes. Without a
shared cache the summary is not cached unless SUMMARY_CACHE_SECONDS says so
(tests, a single process).
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation

VERSION_KEY = "reporting:data-version"
COUNTED_APPS = {"petitions", "legal_aid", "hardship", "outreach", "directory"}
# Written on every request or sign-in, and counted by no figure.
NOT_COUNTED = {"AccessLog", "AuditChainHead", "ApiToken", "PasswordHistory"}


def enabled() -> bool:
    return getattr(settings, "SUMMARY_CACHE_SECONDS", 0) > 0


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new value invalidates
        cache.add(VERSION_KEY, 1, timeout=None)
        cache.incr(VERSION_KEY)


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
    bump()
    transaction.on_commit(bump, robust=True)


def connect() -> None:
    post_save.connect(_on_write, dispatch_uid="reporting.figure_cache.save")
    post_delete.connect(_on_write, dispatch_uid="reporting.figure_cache.delete")


def cached(key_parts: tuple, compute):
    """`compute()`, or what it gave last time for `key_parts` while no counted record has changed."""
    if not enabled():
        return compute()
    key = ":".join(["reporting:summary", str(data_version()), translation.get_language() or "", *map(str, key_parts)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.SUMMARY_CACHE_SECONDS)
    return value
