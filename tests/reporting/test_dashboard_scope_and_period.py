"""The dashboard opens where there is data, says when a period is still running, and stays in scope."""

from datetime import date

from django.utils.timezone import localdate

from tests.petitions.factories import make_petition


def dashboard(client, **params):
    return client.get("/reports/dashboard/", params)


def test_up_one_level_is_offered_only_within_the_users_scope(client_for, manager_a, city_manager, township_a):
    own = dashboard(client_for(manager_a), unit=township_a.pk, kind="year", year=2025).content.decode()
    assert "返回上一级" not in own
    district = dashboard(client_for(city_manager), unit=township_a.pk, kind="year", year=2025).content.decode()
    assert 'id="up-one-level"' in district and f"?unit={township_a.parent_id}&amp;" in district


def test_a_unit_outside_the_users_scope_is_a_clear_404(client_for, manager_a, township_a, township_b):
    response = dashboard(client_for(manager_a), unit=township_b.pk, kind="year", year=2025)
    page = response.content.decode()
    assert response.status_code == 404
    assert "不在您所在单位的范围内" in page and "请选择有效的选项" not in page
    assert f'href="?unit={township_a.pk}"' in page
    assert dashboard(client_for(manager_a), unit="nonsense").status_code == 404


def test_with_nothing_received_this_year_the_dashboard_opens_on_the_latest_year_with_records(
    client_for, manager_a, handler_a, township_a
):
    last = localdate().year - 1
    make_petition(unit=township_a, by=handler_a, received_on=date(last, 5, 5))
    page = dashboard(client_for(manager_a)).content.decode()
    assert f"{localdate().year}年尚未受理信访" in page and f"{last}-01-01 – {last}-12-31" in page
    assert '<div class="value">1</div><div class="label">受理信访</div>' in page


def test_with_records_this_year_the_dashboard_opens_on_this_year_so_far(client_for, manager_a, handler_a, township_a):
    today = localdate()
    make_petition(unit=township_a, by=handler_a, received_on=today.replace(day=1))
    page = dashboard(client_for(manager_a)).content.decode()
    assert f"{today.year}-01-01 – {today:%Y-%m-%d}" in page
    assert f"数字截至今天（{today:%Y-%m-%d}）" in page


def test_a_running_period_with_nothing_yet_is_not_a_collapse(client_for, manager_a, handler_a, township_a):
    today = localdate()
    for _ in range(2):
        make_petition(unit=township_a, by=handler_a, received_on=date(today.year - 1, 1, 1))
    page = dashboard(client_for(manager_a), unit=township_a.pk, kind="year", year=today.year).content.decode()
    tile = page.split('id="kpi-received"')[1].split("</a>")[0]
    assert "-100.0%" not in tile and "本期尚无记录，去年同期 2" in tile
    assert "本时段尚未结束" in page


def test_a_past_period_shows_overdue_at_its_end_not_overdue_now(client_for, manager_a, handler_a, township_a):
    make_petition(unit=township_a, by=handler_a, received_on=date(2025, 9, 1))  # decision due 16 September
    page = dashboard(client_for(manager_a), unit=township_a.pk, kind="ytd", year=2025, month=9).content.decode()
    tile = page.split('id="kpi-overdue"')[1].split("</a>")[0]
    assert "期末超期" in tile and "当前超期" not in page
    assert '<div class="value">1</div>' in tile
    assert "overdue_on=2025-09-30" in page.split('id="kpi-overdue"')[0].rsplit("<a", 1)[1]


def test_the_report_form_offers_the_latest_year_with_records(client_for, manager_a, handler_a, township_a):
    last = localdate().year - 1
    make_petition(unit=township_a, by=handler_a, received_on=date(last, 5, 5))
    page = client_for(manager_a).get("/reports/").content.decode()
    assert f'name="year" value="{last}"' in page and '<option value="year" selected>' in page
    assert f"最近有记录的{last}年" in page


def test_a_village_row_is_not_a_link_to_a_dashboard_that_cannot_show_it(
    client_for, manager_a, handler_a, township_a, village_a
):
    make_petition(unit=village_a, by=handler_a, received_on=date(2025, 3, 3))
    page = dashboard(client_for(manager_a), unit=township_a.pk, kind="year", year=2025).content.decode()
    table = page.split('id="sub-units"')[1].split("</table>")[0]
    assert village_a.name in table and f'href="?unit={village_a.pk}&amp;' not in table
