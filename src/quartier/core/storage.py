"""Private uploads (inquiry photos, idea images) live outside MEDIA_ROOT and have no URL:
only views that check who may see them serve them."""

from __future__ import annotations

import os
from functools import cache

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    # Read the setting on every use so tests (and deployments) can move it.
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view that checks permissions.")


@cache
def private_storage() -> PrivateStorage:
    return PrivateStorage()
