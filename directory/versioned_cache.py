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

import threading

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
        self._read = threading.local()  # read by this thread since its last bump?

    def current(self) -> int:
        self._read.since_bump = True
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
        """Called from a write (a signal receiver): bump now, and again once its transaction commits.

        A transaction's later writes bump again at once only if the version was
        read since (only this thread's connection sees the uncommitted writes),
        and at its commit it is bumped once: a workflow move writes the petition
        and its action, and every bump is a round trip to the cache.
        """
        connection = transaction.get_connection()
        if not connection.in_atomic_block:  # the write is already committed
            self.bump()
            return
        # Django forgets a hook of a transaction or savepoint rolled back.
        scheduled = any(hook == self.bump for _savepoints, hook, _robust in connection.run_on_commit)
        if not scheduled or getattr(self._read, "since_bump", False):
            self.bump()
            self._read.since_bump = False
        if not scheduled:
            transaction.on_commit(self.bump, robust=True)
