from datetime import date

import pytest

from petitions.models import Action, Petition
from petitions.services import InvalidTransition, refer_to_legal_aid
from tests.petitions.factories import make_petition


def test_referral_to_legal_aid_is_an_action_on_the_timeline_and_puts_the_petition_in_progress(township_a, handler_a):
    petition = make_petition(unit=township_a, by=handler_a, accepted_on=date(2025, 3, 4))

    action = refer_to_legal_aid(petition=petition, by=handler_a, on=date(2025, 3, 6), note="申请法律援助代理离婚诉讼")

    petition.refresh_from_db()
    assert action.kind == Action.Kind.REFER_LEGAL_AID
    assert (action.on, action.by, action.text) == (date(2025, 3, 6), handler_a, "申请法律援助代理离婚诉讼")
    assert petition.status == Petition.Status.IN_PROGRESS
    assert list(petition.actions.values_list("kind", flat=True)) == ["register", "accept", "refer_legal_aid"]
    assert petition.history.first().history_user == handler_a


def test_a_petition_not_yet_accepted_cannot_be_referred_to_legal_aid(township_a, handler_a):
    petition = make_petition(unit=township_a, by=handler_a)

    with pytest.raises(InvalidTransition):
        refer_to_legal_aid(petition=petition, by=handler_a, on=date(2025, 3, 6))

    assert not petition.actions.filter(kind=Action.Kind.REFER_LEGAL_AID).exists()
