"""Photos checked on the public form wait in `pending/` of the private storage until the
inquiry is sent; whatever is not sent within a few hours is deleted by a scheduled job."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from quartier.core.storage import private_storage

PENDING_SALT = "quartier.inquiries.pending-photo"
PENDING_DIR = "pending/"
# Long enough to finish the form after a coffee; the signed token expires with the file.
PENDING_MAX_AGE = timedelta(hours=3)


def delete_stale_pending_photos() -> int:
    """Delete pending photos older than PENDING_MAX_AGE; returns how many were deleted."""
    storage = private_storage()
    try:
        names = storage.listdir(PENDING_DIR)[1]
    except FileNotFoundError:  # on disk, before the first photo; object storage lists nothing
        return 0
    cutoff = timezone.now() - PENDING_MAX_AGE
    deleted = 0
    for name in names:
        path = PENDING_DIR + name
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            deleted += 1
    return deleted
