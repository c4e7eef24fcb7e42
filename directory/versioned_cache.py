"""Values kept in Django's cache until the data behind them changes.

A `Version` names a kind of data (the figures, the holiday calendar). Every write
of that data bumps it, at the write *and* again when its transaction commits: a
reader that computed from the snapshot before the commit cannot have stored its
copy under the version that follows it. A value is kept with the version it was
computed under, and a reader that finds another version computes afresh.

Only a cache that every server process reads (Redis, files) may keep such
values: a process's own memory would never hear of another process's writes.
`shared()` is the one rule that says so, for every user of this module.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction


def shared() -> bool:
    """Is Django's cache one that every server process reads (Redis, files), not a process's own memory?"""
    backend = settings.CACHES["default"]["BACKEND"].lower()
    return "locmem" not in backend and "dummy" not in backend


class Version:
    """A counter in the cache that the writes of one kind of data bump."""

    def __init__(self, name: str):
        self.key = f"{name}:version"

    def current(self) -> int:
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, 1, timeout=None)
            version = cache.get(self.key, 1)
        return version

    def bump(self) -> None:
        try:
            cache.incr(self.key)
        except ValueError:  # not there yet (or evicted): any new value invalidates
            cache.add(self.key, 1, timeout=None)
            cache.incr(self.key)

    def bump_at_write_and_commit(self) -> None:
        """Called from a write (a signal receiver): bump now, and again once its transaction commits."""
        self.bump()
        transaction.on_commit(self.bump, robust=True)
