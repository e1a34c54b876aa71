"""Private uploads (inquiry photos, idea images, damage photos, funding documents) and how
they are served.

They live in the storage ``STORAGES["private"]``: on disk outside MEDIA_ROOT (the default,
:class:`PrivateStorage`, which has no URL at all), or in S3-compatible object storage under a
prefix or bucket of their own, readable only through short-lived signed URLs. Either way only
views that check who may see a file serve it, through :func:`private_file_response`: from
disk they stream it, on object storage they redirect to a signed URL made after the check.
"""

from __future__ import annotations

import os
from typing import Any, cast
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.core.signals import setting_changed
from django.db.models.fields.files import FieldFile
from django.dispatch import receiver
from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.functional import LazyObject, empty


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


class _PrivateStorageProxy(LazyObject):
    """``STORAGES["private"]``, looked up on first use (like ``default_storage``), so that
    model fields can name it while the settings decide where it is."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = _PrivateStorageProxy()


@receiver(setting_changed)
def _forget_private_storage(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty  # type: ignore[assignment]


def private_storage() -> Storage:
    """The storage of private files (model fields take this callable as their ``storage``)."""
    return cast(Storage, _private)


def serves_from_disk(storage: Storage) -> bool:
    """Whether files of ``storage`` are streamed by the view (on disk) rather than handed out
    as signed URLs (object storage)."""
    return isinstance(storage, FileSystemStorage)


def object_storage_origins() -> list[str]:
    """Where uploaded images load from when uploads are in object storage (for the
    Content-Security-Policy); none while they are on disk."""
    origins: list[str] = []
    for storage in (default_storage, private_storage()):
        if not serves_from_disk(storage):
            parts = urlsplit(storage.url("origin"))
            if (origin := f"{parts.scheme}://{parts.netloc}") not in origins:
                origins.append(origin)
    return origins


def private_file_response(
    file: FieldFile,
    *,
    content_type: str,
    filename: str | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponseBase:
    """Serve a private file to someone a view has checked: streamed from disk with ``headers``,
    or a redirect to a signed URL valid for ``PRIVATE_URL_SECONDS``. With ``filename`` it is a
    download (attachment), else shown inline; its type is ``content_type`` either way."""
    if serves_from_disk(file.storage):
        response: HttpResponseBase = FileResponse(
            file.open("rb"), as_attachment=filename is not None, filename=filename or "", content_type=content_type
        )
        if filename is None:
            response["Content-Disposition"] = "inline"
        for name, value in (headers or {}).items():
            response[name] = value
        return response
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}" if filename else "inline"
    url = file.storage.url(  # type: ignore[call-arg]
        file.name,
        parameters={"ResponseContentType": content_type, "ResponseContentDisposition": disposition},
        expire=settings.PRIVATE_URL_SECONDS,
    )
    response = HttpResponseRedirect(url)
    # The address expires: neither the browser nor a proxy may keep the redirect.
    response["Cache-Control"] = "private, no-store"
    return response
