"""A user's permissions are her role group's and her own, read in one query."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from tests.factories import UserFactory

User = get_user_model()


def fresh(user):
    return User.objects.get(pk=user.pk)  # as each request reads her


def test_a_handler_has_her_role_groups_permissions_and_her_own_read_in_one_query(
    handler_a, django_assert_num_queries
):
    handler_a.user_permissions.add(Permission.objects.get(content_type__app_label="directory", codename="view_accesslog"))
    handler = fresh(handler_a)
    with django_assert_num_queries(1):
        assert handler.has_perm("directory.view_identifiers")  # her role's
        assert handler.has_perm("directory.view_accesslog")  # given to her alone
        assert not handler.has_perm("directory.manage_reference_data")  # an administrator's
        assert handler.has_perm("directory.export_identifiable")


def test_a_manager_may_not_see_identifiers_but_a_clerk_may(manager_a, clerk_a):
    assert not fresh(manager_a).has_perm("directory.view_identifiers")
    assert fresh(clerk_a).has_perm("directory.view_identifiers")


def test_a_superuser_has_every_permission_and_an_inactive_user_none(db):
    root = UserFactory(is_superuser=True)
    assert fresh(root).get_all_permissions() == {
        f"{p.content_type.app_label}.{p.codename}" for p in Permission.objects.select_related("content_type")
    }
    gone = UserFactory(is_active=False)
    gone.user_permissions.add(Permission.objects.get(content_type__app_label="directory", codename="view_accesslog"))
    assert not fresh(gone).has_perm("directory.view_accesslog")


def test_a_signed_in_user_is_read_with_her_staff_profile_and_unit_in_one_query(handler_a, django_assert_num_queries):
    from directory.models import staff_of
    from directory.roles import PermissionBackend

    unit = handler_a.staff.org_unit.name
    with django_assert_num_queries(1):
        user = PermissionBackend().get_user(handler_a.pk)
        assert staff_of(user).org_unit.name == unit


def test_a_new_role_is_seen_at_once_by_the_copy_of_her_read_with_her_profile(handler_a, township_b):
    from directory.models import Role, staff_of
    from directory.roles import PermissionBackend
    from directory.services import assign_staff

    user = PermissionBackend().get_user(handler_a.pk)
    assert staff_of(user).role == Role.HANDLER and user.has_perm("directory.view_identifiers")
    assign_staff(user=user, org_unit=township_b, role=Role.MANAGER)
    assert (staff_of(user).role, staff_of(user).org_unit) == (Role.MANAGER, township_b)
    assert not user.has_perm("directory.view_identifiers")  # a manager's role does not see them
