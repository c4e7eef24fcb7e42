"""Two clerks issuing at the same moment get two numbers, in order, never the same one (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections, transaction

from documents.models import NumberCounter
from documents.services import next_serial

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_queue_on_the_counter_and_get_consecutive_numbers(township_a):
    got, errors = [], []
    start = threading.Barrier(6)

    def issue():
        try:
            start.wait()
            with transaction.atomic():
                got.append(next_serial(org_unit=township_a, kind="petition_acceptance", year=2025))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(got) == [1, 2, 3, 4, 5, 6]
    assert NumberCounter.objects.get(org_unit=township_a, kind="petition_acceptance", year=2025).last == 6


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_issue_gives_its_number_back(township_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        next_serial(org_unit=township_a, kind="petition_acceptance", year=2025)
        raise RuntimeError
    with transaction.atomic():
        assert next_serial(org_unit=township_a, kind="petition_acceptance", year=2025) == 1
