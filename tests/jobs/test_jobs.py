from django.urls import reverse
from django.utils import translation

from directory.models import AccessLog
from jobs.models import Job
from jobs.services import PROGRESS_EVERY, result_dir, start_job
from jobs.tasks import run_job
from tests.jobs import runners


def _start(user, runner=runners.count_lines, **parameters):
    return start_job(by=user, kind=Job.Kind.EXPORT, title="Lines", runner=runner, parameters=parameters)


def test_a_job_runs_to_its_end_and_its_owner_downloads_the_file(client_for, handler_a):
    job = _start(handler_a, n=5)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.rows_done, job.rows_total, job.result_name) == (5, 5, "lines.txt")
    response = client_for(handler_a).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode().splitlines() == [f"line {i}" for i in range(5)]
    assert 'filename="lines.txt"' in response["Content-Disposition"]


def test_the_download_is_written_to_the_access_log(client_for, handler_a):
    job = _start(handler_a, n=1)
    client_for(handler_a).get(reverse("jobs:download", args=[job.pk]))
    entry = AccessLog.objects.get(action="download")
    assert (entry.user, entry.target_label, entry.object_id) == (handler_a, "lines.txt", str(job.pk))


def test_another_units_user_gets_404_for_the_job_and_its_file(client_for, handler_a, handler_b):
    job = _start(handler_a, n=1)
    client = client_for(handler_b)
    for name in ("detail", "status", "download"):
        assert client.get(reverse(f"jobs:{name}", args=[job.pk])).status_code == 404


def test_a_colleague_of_the_same_unit_gets_404_too(client_for, handler_a, manager_a):
    job = _start(handler_a, n=1)
    assert client_for(manager_a).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_progress_moves_while_the_job_runs(handler_a):
    job = _start(handler_a, n=PROGRESS_EVERY * 3)
    assert runners.SEEN["rows_done"] >= PROGRESS_EVERY
    assert runners.SEEN["rows_done"] < PROGRESS_EVERY * 3
    job.refresh_from_db()
    assert job.rows_done == PROGRESS_EVERY * 3


def test_progress_is_saved_at_most_once_a_second_however_fast_the_rows_come(handler_a, monkeypatch):
    from jobs import services

    clock = [1000.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: clock[0])
    job = _start(handler_a, n=1)
    progress = services.Progress(job)

    def saved():
        return Job.objects.get(pk=job.pk).rows_done

    progress(PROGRESS_EVERY)
    assert saved() == PROGRESS_EVERY  # the first step shows at once
    progress(PROGRESS_EVERY * 5)
    assert saved() == PROGRESS_EVERY  # the same second: not written again
    clock[0] += 1
    progress(PROGRESS_EVERY * 6)
    assert saved() == PROGRESS_EVERY * 6


def test_the_file_is_not_under_its_name_before_the_job_is_done(client_for, handler_a):
    job = _start(handler_a, n=10)
    # Half-way through, the folder held only a hidden ".part" file, never lines.txt.
    assert len(runners.SEEN["files"]) == 1
    assert runners.SEEN["files"][0].startswith(".") and runners.SEEN["files"][0].endswith(".part")
    assert sorted(p.name for p in result_dir(job).iterdir()) == ["lines.txt"]


def test_an_unfinished_job_offers_no_file(client_for, handler_a):
    job = Job.objects.create(owner=handler_a, org_unit=handler_a.staff.org_unit, kind="export", title="x")
    response = client_for(handler_a).get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 404
    assert client_for(handler_a).get(reverse("jobs:status", args=[job.pk])).json()["status"] == "queued"


def test_a_failure_shows_its_message_in_the_users_language(client_for, handler_a):
    with translation.override("en"):
        job = _start(handler_a, runner=runners.refuse)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    page = client_for(handler_a).get(reverse("jobs:detail", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "The unit no longer exists." in page.content.decode()
    assert client_for(handler_a).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_an_unexpected_failure_says_so_in_chinese_and_leaves_no_half_file(handler_a):
    job = _start(handler_a, runner=runners.crash)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "文件" in job.error and "disk on fire" not in job.error
    assert list(result_dir(job).iterdir()) == []


def test_only_a_marked_runner_can_be_started(handler_a):
    import pytest

    with pytest.raises(ValueError):
        _start(handler_a, runner=runners.not_a_runner)


def test_a_job_delivered_twice_runs_once(handler_a):
    job = _start(handler_a, n=3)
    finished = Job.objects.get(pk=job.pk).finished_at
    run_job.apply(args=[job.pk])
    assert Job.objects.get(pk=job.pk).finished_at == finished


def test_the_task_is_acknowledged_late_and_retried_on_transient_errors():
    from django.db import OperationalError

    assert run_job.acks_late is True
    assert run_job.reject_on_worker_lost is True
    assert OperationalError in run_job.autoretry_for
    assert run_job.max_retries == 5


def test_the_job_page_shows_a_progress_bar_and_the_owner(client_for, handler_a, django_assert_num_queries):
    job = _start(handler_a, n=4)
    client = client_for(handler_a)
    client.get(reverse("jobs:detail", args=[job.pk]))  # warm the session
    with django_assert_num_queries(3):  # session, user with her staff profile, job
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert '<progress max="100" value="100"' in page
    assert "/static/js/jobs.js" in page
    assert reverse("jobs:download", args=[job.pk]) in page


def test_my_jobs_list_runs_the_same_queries_for_one_job_or_many(client_for, handler_a, django_assert_num_queries):
    client = client_for(handler_a)
    _start(handler_a, n=1)
    client.get(reverse("jobs:list"))
    with django_assert_num_queries(4) as one:
        client.get(reverse("jobs:list"))
    for _ in range(4):
        _start(handler_a, n=1)
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("jobs:list")).content.decode()
    assert page.count("lines.txt") == 5


def test_a_file_older_than_the_keeping_time_is_removed_and_the_page_says_so(client_for, handler_a, settings):
    from datetime import timedelta

    from django.utils import timezone

    from jobs.tasks import remove_old_files

    old, new = _start(handler_a, n=1), _start(handler_a, n=1)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=settings.JOBS_KEEP_DAYS + 1))
    assert remove_old_files.apply().get() == 1
    old.refresh_from_db()
    assert old.status == Job.Status.EXPIRED and not result_dir(old).exists()
    client = client_for(handler_a)
    assert client.get(reverse("jobs:download", args=[old.pk])).status_code == 404
    assert "导出含个人信息的文件不予保留" in client.get(reverse("jobs:detail", args=[old.pk])).content.decode()
    assert client.get(reverse("jobs:download", args=[new.pk])).status_code == 200


def test_a_job_whose_result_is_a_page_offers_no_download_but_links_to_its_page(client_for, handler_a):
    job = start_job(
        by=handler_a,
        kind=Job.Kind.IMPORT,
        title="导入",
        runner=runners.no_file,
        parameters={},
        result_url="/ledger/1/",
    )
    job.refresh_from_db()
    assert (job.status, job.result_name, job.rows_done) == (Job.Status.DONE, "", 3)
    assert list(result_dir(job).iterdir()) == []
    client = client_for(handler_a)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'href="/ledger/1/"' in page
    assert client.get(reverse("jobs:status", args=[job.pk])).json()["has_file"] is False
