from datetime import date

import pytest
from django.urls import reverse

from outreach.models import Trainee, TrainingSession
from tests.outreach.factories import TrainingFactory, law


def _data(unit, **extra):
    return {
        "title": "妇联干部维权业务培训班",
        "starts_on": "2025-04-22",
        "ends_on": "2025-04-23",
        "hours": "12",
        "org_unit": unit.pk,
        "place": "",
        "topics": "以会代训",
        "laws": [law("妇女权益保障法").pk, law("婚姻法").pk],
        **extra,
    }


def test_handler_records_a_training_session_with_laws(client_for, handler_a, township_a):
    response = client_for(handler_a).post(reverse("outreach:training_create"), _data(township_a))
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert [x.name for x in session.laws.all()] == ["妇女权益保障法", "婚姻法"]
    assert session.history.get().history_user == handler_a


def test_a_session_ending_before_it_starts_is_refused_with_the_input_kept(client_for, handler_a, township_a):
    response = client_for(handler_a).post(reverse("outreach:training_create"), _data(township_a, ends_on="2025-04-01"))
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors
    assert "妇联干部维权业务培训班" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_trainees_are_added_by_name_and_by_staff_account_and_counted_once(client_for, handler_a, clerk_a, township_a):
    session = TrainingFactory(org_unit=township_a)
    client = client_for(handler_a)
    url = reverse("outreach:trainees_add", args=[session.pk])
    data = {"names": "陈秀英\n李玉兰\n\n黄桂芳", "users": [clerk_a.pk], "org_unit": township_a.pk}
    assert client.post(url, data).status_code == 302
    assert client.post(url, {"users": [clerk_a.pk]}).status_code == 302  # the clerk is not counted twice
    names = list(session.trainees.order_by("pk").values_list("full_name", flat=True))
    assert names == [clerk_a.get_full_name(), "陈秀英", "李玉兰", "黄桂芳"]
    assert Trainee.objects.filter(user=clerk_a).get().org_unit == township_a
    page = client.get(session.get_absolute_url()).content.decode()
    assert "共4名学员" in page


def test_adding_nobody_re_renders_the_page_with_a_message(client_for, handler_a, township_a):
    session = TrainingFactory(org_unit=township_a)
    response = client_for(handler_a).post(reverse("outreach:trainees_add", args=[session.pk]), {"names": "  "})
    assert response.status_code == 200 and response.context["trainees_form"].non_field_errors()


def test_trainee_views_need_post_the_unit_and_an_editor(client_for, handler_a, handler_b, township_a):
    session = TrainingFactory(org_unit=township_a, trainees=1)
    trainee = session.trainees.get()
    remove = reverse("outreach:trainee_remove", args=[session.pk, trainee.pk])
    add = reverse("outreach:trainees_add", args=[session.pk])
    assert client_for(handler_a).get(remove).status_code == 405
    assert client_for(handler_b).post(remove).status_code == 404
    assert client_for(handler_b).post(add, {"names": "x"}).status_code == 404
    assert session.trainees.count() == 1


def test_removing_a_trainee_keeps_a_history_row(client_for, handler_a, township_a):
    session = TrainingFactory(org_unit=township_a, trainees=2)
    trainee = session.trainees.first()
    response = client_for(handler_a).post(reverse("outreach:trainee_remove", args=[session.pk, trainee.pk]))
    assert response.status_code == 302
    assert session.trainees.count() == 1
    assert Trainee.history.filter(id=trainee.pk, history_type="-").get().history_user == handler_a


def test_manager_voids_a_session_clerk_may_not(client_for, manager_a, clerk_a, manager_b, township_a):
    session = TrainingFactory(org_unit=township_a)
    url = reverse("outreach:training_void", args=[session.pk])
    assert client_for(clerk_a).post(url, {"reason": "x"}).status_code == 403
    assert client_for(manager_b).post(url, {"reason": "x"}).status_code == 404
    assert client_for(manager_a).post(url, {"reason": "重复"}).status_code == 302
    session.refresh_from_db()
    assert session.is_voided


def test_another_townships_session_is_404(client_for, clerk_b, township_a):
    session = TrainingFactory(org_unit=township_a)
    assert client_for(clerk_b).get(session.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_training_list_runs_a_constant_number_of_queries(
    client_for, django_assert_num_queries, clerk_a, township_a, rows
):
    for i in range(rows):
        TrainingFactory(org_unit=township_a, trainees=3, starts_on=date(2025, 1, 1 + i), ends_on=date(2025, 1, 1 + i))
    client = client_for(clerk_a)
    # session, user with her staff profile, count, rows, the filter's unit and law choices, export permissions
    with django_assert_num_queries(7):
        response = client.get(reverse("outreach:trainings"))
    assert [s.n_trainees for s in response.context["page"]] == [3] * rows


def test_training_export_counts_trainees(client_for, manager_a, township_a):
    import csv
    import io

    TrainingFactory(org_unit=township_a, title="培训班", trainees=31)
    response = client_for(manager_a).get(reverse("outreach:trainings_export"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
    assert rows[1][2] == "培训班" and rows[1][5] == "31"
