from datetime import date
from decimal import Decimal

import pytest

from directory.periods import Period
from petitions import services
from petitions.figures import petition_figures
from petitions.models import Petition
from tests.factories import AgencyFactory
from tests.petitions.factories import make_petition, subcategory

Q1 = Period.quarter(2025, 1)


@pytest.fixture
def hand_built(township_a, township_b, handler_a, handler_b, clerk_a):
    """Six petitions of A in Q1 2025 (one voided), one in April, one of B."""
    police = AgencyFactory(org_unit=township_a, name="雄州派出所")

    def done(p, *, replied, concluded, rating=""):
        services.reply_to_petitioner(petition=p, by=handler_a, on=replied, method="post", text="答复")
        services.conclude_petition(petition=p, by=handler_a, on=concluded, outcome="mediated", settled_level="village")
        if rating:
            services.record_satisfaction(petition=p, by=handler_a, on=concluded, satisfaction=rating)

    # 1: concluded on time, satisfied, referred (adequate reply)
    p1 = make_petition(unit=township_a, by=clerk_a, received_on=date(2025, 1, 6), accepted_on=date(2025, 1, 7))
    r = services.refer_to_agency(
        petition=p1, by=handler_a, on=date(2025, 1, 8), agency=police, asked="核实", reply_due_on=date(2025, 1, 20)
    )
    services.record_agency_reply(referral=r, by=handler_a, on=date(2025, 1, 15), text="已处理", adequate=True)
    done(p1, replied=date(2025, 1, 16), concluded=date(2025, 1, 26), rating="satisfied")  # 20 days
    # 2: collective visit of 4, concluded late (after its 60 days), basically satisfied
    p2 = make_petition(
        unit=township_a,
        by=clerk_a,
        received_on=date(2025, 1, 10),
        accepted_on=date(2025, 1, 10),
        headcount=4,
        is_collective=True,
        channel="visit",
    )
    done(p2, replied=date(2025, 3, 1), concluded=date(2025, 3, 20), rating="basically")  # 69 days, due 11 March
    # 3: letter, replied in the quarter, concluded after it (April)
    p3 = make_petition(
        unit=township_a,
        by=clerk_a,
        received_on=date(2025, 2, 3),
        accepted_on=date(2025, 2, 4),
        channel="letter",
        subcategory=subcategory("配偶有外遇"),
    )
    done(p3, replied=date(2025, 3, 10), concluded=date(2025, 4, 8), rating="not_satisfied")
    # 4: registered, never decided: overdue at the quarter's end; referral unanswered and overdue
    p4 = make_petition(
        unit=township_a, by=clerk_a, received_on=date(2025, 2, 20), is_major=True, channel="reception_day", headcount=2
    )
    # 5: a repeat of 1 (same person, same category), not accepted with a notice
    p5 = make_petition(
        unit=township_a,
        by=clerk_a,
        received_on=date(2025, 3, 3),
        person=p1.petitioners.get(),
        subcategory=subcategory("离婚"),
    )
    services.not_accept_petition(petition=p5, by=handler_a, on=date(2025, 3, 4), reason="已在法院起诉")
    # 6: voided: counts nowhere
    p6 = make_petition(unit=township_a, by=clerk_a, received_on=date(2025, 3, 5), accepted_on=date(2025, 3, 5))
    done(p6, replied=date(2025, 3, 6), concluded=date(2025, 3, 6), rating="satisfied")
    services.void_petition(petition=p6, by=clerk_a, reason="误录")
    # outside: April, and another township
    make_petition(unit=township_a, by=clerk_a, received_on=date(2025, 4, 2))
    make_petition(unit=township_b, by=handler_b, received_on=date(2025, 1, 15))
    return {"p4": p4, "p5": p5}


def test_figures_of_a_hand_built_quarter(hand_built, township_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        f = petition_figures(Petition.objects.within(township_a), Q1)

    assert (f.received, f.headcount) == (5, 9)
    assert f.by_channel["visit"] == 3 and f.by_channel["letter"] == 1 and f.by_channel["reception_day"] == 1
    assert f.by_category == {"婚姻家庭": 5}
    assert f.by_subcategory == {"家庭暴力": 3, "配偶有外遇": 1, "离婚": 1}
    assert f.by_nature == {"suggestion": 0, "accusation": 0, "claim": 5}
    assert (f.collective, f.collective_headcount, f.repeat, f.leader_reception, f.major) == (1, 4, 1, 1, 1)
    assert (f.accepted, f.not_accepted, f.forwarded) == (3, 1, 0)
    assert f.concluded == 2  # p3 concluded in April does not count
    assert f.resolution_rate.numerator == 2 and f.resolution_rate.percent == Decimal("40.0")
    assert (f.reply_rate.numerator, f.reply_rate.denominator) == (4, 5)  # p1, p2, p3 replies and p5's notice
    assert (f.on_time_rate.numerator, f.on_time_rate.denominator) == (1, 2)
    assert (f.satisfaction_rate.numerator, f.satisfaction_rate.denominator) == (2, 2)
    assert f.by_level["village"] == 2
    assert f.overdue_at_end == 1  # p4: its 15 days ran out on 7 March
    assert (f.referrals, f.referrals_answered, f.referrals_adequate, f.referrals_overdue_at_end) == (1, 1, 1, 0)
    assert f.average_days_to_conclude == Decimal("44.5")  # (20 + 69) / 2


def test_a_petition_received_in_the_period_and_concluded_after_it_counts_in_the_next_view(hand_built, township_a):
    f = petition_figures(Petition.objects.within(township_a), Period.year_to(2025, 4))
    assert (f.received, f.concluded) == (6, 3)


def test_the_query_count_does_not_grow_with_the_data(township_a, clerk_a, django_assert_num_queries):
    make_petition(unit=township_a, by=clerk_a, received_on=date(2025, 1, 6))
    with django_assert_num_queries(3):
        petition_figures(Petition.objects.within(township_a), Q1)
    for day in range(7, 27):
        make_petition(unit=township_a, by=clerk_a, received_on=date(2025, 1, day))
    with django_assert_num_queries(3):
        f = petition_figures(Petition.objects.within(township_a), Q1)
    assert f.received == 21
