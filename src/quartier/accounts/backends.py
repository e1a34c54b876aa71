"""Django's permission tables, read only for accounts that can have entries in them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

# ModelBackend keeps what it read on the user object under these names, for the request;
# allauth's backend is a ModelBackend too and reads them from there.
PERMISSION_CACHES = ("_perm_cache", "_user_perm_cache", "_group_perm_cache")


def _without_admin_access(user_obj: Any) -> bool:
    return not (getattr(user_obj, "is_staff", False) or getattr(user_obj, "is_superuser", False))


class PermissionTablesBackend(ModelBackend):
    """Django's ModelBackend, which skips its permission queries for accounts without admin access.

    Quartier's rights come from the rules (`rules` backend, first in AUTHENTICATION_BACKENDS);
    Django's own permissions and groups are given in the admin, to accounts that can sign in
    there (is_staff, is_superuser). For every other account ModelBackend (and allauth's
    backend, which is one) would join auth_permission twice on each request that asks
    has_perm() where the rules say no. Here such an account has no Django permissions, and
    the answer is left on the user object, where the later ModelBackends find it.
    """

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if obj is None and _without_admin_access(user_obj):
            for name in PERMISSION_CACHES:
                setattr(user_obj, name, set())
            return set()
        return super().get_all_permissions(user_obj, obj)
