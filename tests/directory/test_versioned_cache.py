"""A kind of data's version is bumped at a transaction's first write, again only after a read, and once at commit."""

import pytest
from django.db import transaction

from directory.versioned_cache import Version


@pytest.fixture
def version(db):
    kept = Version("test-data")
    kept.bump()  # a known start, whatever an earlier test left
    return kept


def test_two_writes_in_one_transaction_bump_once_at_the_first_and_once_at_commit(
    version, django_capture_on_commit_callbacks
):
    start = version.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        version.bump_at_write_and_commit()  # the petition
        version.bump_at_write_and_commit()  # its action
        assert version.current() == start + 1
    assert version.current() == start + 2


def test_a_read_between_two_writes_makes_the_second_bump_again(version, django_capture_on_commit_callbacks):
    start = version.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        version.bump_at_write_and_commit()
        seen = version.current()  # figures read inside the transaction, with its first write
        assert seen == start + 1
        version.bump_at_write_and_commit()
        assert version.current() == seen + 1  # what was kept under `seen` lacks the second write
    assert version.current() == seen + 2


def test_after_a_rolled_back_write_the_next_transaction_bumps_at_its_first_write(
    version, django_capture_on_commit_callbacks
):
    start = version.current()
    with django_capture_on_commit_callbacks(execute=True) as hooks:
        with pytest.raises(RuntimeError), transaction.atomic():
            version.bump_at_write_and_commit()
            raise RuntimeError("the write failed")
        assert hooks == []  # its commit will not come
        with transaction.atomic():
            version.bump_at_write_and_commit()
            assert version.current() == start + 2
    assert version.current() == start + 3


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_is_committed_and_bumps_once():
    version = Version("test-data-autocommit")
    start = version.current()
    version.bump_at_write_and_commit()
    assert version.current() == start + 1
