"""A row is locked once per write: a service called inside `holding` takes the row its caller locked."""

import pytest
from django.db import transaction

from directory.locking import StaleEdit, holding, lock_for_update
from petitions.models import Petition
from tests.petitions.factories import make_petition


@pytest.fixture
def petition(township_a, clerk_a):
    return make_petition(unit=township_a, by=clerk_a)


def test_inside_holding_a_service_takes_the_held_row_without_reading_it_again(petition, django_assert_num_queries):
    with transaction.atomic():
        held = Petition.objects.select_for_update().get(pk=petition.pk)
        with holding(held), django_assert_num_queries(0):
            assert lock_for_update(Petition(pk=petition.pk), None) is held


def test_outside_holding_the_row_is_read_again(petition, django_assert_num_queries):
    with transaction.atomic():
        held = Petition.objects.select_for_update().get(pk=petition.pk)
        with holding(held):
            pass
        with django_assert_num_queries(1):
            again = lock_for_update(petition, None)
        assert again is not held and again.pk == held.pk


def test_another_row_is_read_under_its_own_lock(petition, township_a, clerk_a, django_assert_num_queries):
    other = make_petition(unit=township_a, by=clerk_a)
    with transaction.atomic():
        held = Petition.objects.select_for_update().get(pk=petition.pk)
        with holding(held), django_assert_num_queries(1):
            assert lock_for_update(other, None).pk == other.pk


def test_a_stale_version_is_refused_for_the_held_row_too(petition):
    with transaction.atomic():
        held = Petition.objects.select_for_update().get(pk=petition.pk)
        with holding(held), pytest.raises(StaleEdit):
            lock_for_update(petition, held.version - 1)


@pytest.mark.django_db(transaction=True)
def test_a_row_is_held_only_inside_the_transaction_that_locked_it():
    with pytest.raises(transaction.TransactionManagementError), holding(Petition(pk=1)):
        pass
