from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def test_accounts_without_admin_access_ask_no_permission_tables():
    person = factories.make_user("ohne@example.org")
    person.user_permissions.add(Permission.objects.get(codename="add_project"))
    person = type(person).objects.get(pk=person.pk)
    with CaptureQueriesContext(connection) as queries:
        assert not person.has_perm("projects.add_project")  # the rules decide (they may ask who works where)
        assert not person.has_perm("inquiries.manage_categories")
        assert person.get_all_permissions() == set()
    assert not [query for query in queries.captured_queries if "auth_permission" in query["sql"]]


def test_admin_accounts_keep_their_django_permissions():
    admin = factories.make_user("admin@example.org", is_staff=True)
    admin.user_permissions.add(Permission.objects.get(codename="add_project"))
    admin = type(admin).objects.get(pk=admin.pk)
    assert admin.has_perm("projects.add_project")
    assert not admin.has_perm("projects.delete_project")
