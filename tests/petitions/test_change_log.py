"""The change log and the timeline on a petition's page read as words: labels, names, values."""

import re
from datetime import timedelta

from django.utils.timezone import localdate

from directory.history import history_rows
from petitions import services
from petitions.models import Petition
from tests.factories import AgencyFactory
from tests.petitions.factories import make_petition


def _history(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.split('class="card history"')[1]))


def _concluded(unit, handler, on):
    petition = make_petition(unit=unit, by=handler, accepted_on=on - timedelta(days=5))
    return services.conclude_petition(
        petition=petition, by=handler, on=on, outcome=Petition.Outcome.MEDIATED, settled_level=Petition.Level.TOWNSHIP
    )


def test_the_change_log_names_who_concluded_under_a_translated_label(client_for, handler_a, township_a):
    handler_a.first_name = "黄美玲"
    handler_a.save()
    petition = _concluded(township_a, handler_a, localdate())
    history = _history(client_for(handler_a).get(f"/petitions/{petition.pk}/").content.decode())
    assert "办结人 : — → 黄美玲" in history
    assert f"#{handler_a.pk}" not in history and "concluded by" not in history


def test_the_change_log_in_english_capitalises_each_label(client_for, handler_a, township_a):
    petition = _concluded(township_a, handler_a, localdate())
    client = client_for(handler_a)
    history = _history(client.get(f"/petitions/{petition.pk}/", headers={"accept-language": "en"}).content.decode())
    assert "Concluded by :" in history and "Level settled at : — → Township" in history
    assert "concluded by" not in history


def test_the_first_row_says_the_record_was_created_by_whom(client_for, clerk_a, township_a):
    clerk_a.first_name = "陈秀英"
    clerk_a.save()
    petition = make_petition(unit=township_a, by=clerk_a)
    history = _history(client_for(clerk_a).get(f"/petitions/{petition.pk}/").content.decode())
    assert "陈秀英 新建记录" in history and "创建人" not in history
    english = client_for(clerk_a).get(f"/petitions/{petition.pk}/", headers={"accept-language": "en"})
    assert "陈秀英 Record created" in _history(english.content.decode())


def test_a_referral_while_in_progress_leaves_no_empty_row_and_no_new_version(handler_a, township_a):
    petition = make_petition(unit=township_a, by=handler_a, accepted_on=localdate() - timedelta(days=3))
    services.start_handling(petition=petition, by=handler_a, on=localdate())
    before = Petition.objects.get(pk=petition.pk)
    agency = AgencyFactory(org_unit=township_a)
    services.refer_to_agency(petition=petition, by=handler_a, on=localdate(), agency=agency, asked="请核实")
    services.refer_to_legal_aid(petition=petition, by=handler_a, on=localdate())
    after = Petition.objects.get(pk=petition.pk)
    assert after.version == before.version and after.history.count() == before.history.count()
    assert petition.actions.filter(kind__in=["refer", "refer_legal_aid"]).count() == 2
    assert all(row.changes or row.history_type == "+" for row in history_rows(after.history.all()))


def test_a_save_that_changed_only_bookkeeping_shows_no_row(handler_a, township_a):
    petition = make_petition(unit=township_a, by=handler_a)
    petition.version += 1  # what the needless save of a move used to do
    petition.save()
    rows = history_rows(Petition.objects.get(pk=petition.pk).history.all())
    assert [row.history_type for row in rows] == ["+"]


def test_names_of_a_history_page_are_read_in_one_query_per_related_model(
    django_assert_num_queries, handler_a, manager_a, clerk_a, township_a
):
    petition = make_petition(unit=township_a, by=clerk_a)
    for n, user in enumerate([handler_a, manager_a, handler_a, manager_a]):
        services.update_petition(petition=petition, by=clerk_a, expected_version=n + 1, handler=user)
    # The history rows, then the users named in them: the same two queries for 4 or 8 changes.
    with django_assert_num_queries(2):
        rows = history_rows(petition.history.all())
    assert rows[0].changes[0].new == (manager_a.get_full_name() or manager_a.username)
    for n, user in enumerate([handler_a, manager_a, handler_a, manager_a], start=5):
        services.update_petition(petition=petition, by=clerk_a, expected_version=n, handler=user)
    with django_assert_num_queries(2):
        assert len(history_rows(petition.history.all())) == 9


def test_the_timeline_shows_the_satisfaction_the_petitioner_gave(client_for, handler_a, township_a):
    petition = _concluded(township_a, handler_a, localdate())
    services.record_satisfaction(
        petition=petition, by=handler_a, on=localdate(), satisfaction=Petition.Satisfaction.BASICALLY
    )
    client = client_for(handler_a)
    timeline = client.get(f"/petitions/{petition.pk}/").content.decode().split('id="timeline"')[1]
    assert "记录满意度: 基本满意" in timeline and "已办结: 调解达成协议 · 镇(街道)" in timeline
    english = client.get(f"/petitions/{petition.pk}/", headers={"accept-language": "en"}).content.decode()
    assert "Satisfaction recorded: Basically satisfied" in english.split('id="timeline"')[1]
