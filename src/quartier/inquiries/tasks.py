"""Background jobs of the inquiries app: the daily retention run.

The e-mail the services send lives in ``notifications.py``.
"""

from __future__ import annotations

from django_tasks import task

# Mail tasks queued before they moved to notifications.py are stored under these paths.
from quartier.inquiries.notifications import notify_district_staff, send_sender_mail  # noqa: F401
from quartier.inquiries.services import anonymise_expired


@task()
def anonymise_inquiries() -> int:
    """The daily retention run (see the management command `anonymise_inquiries`)."""
    return anonymise_expired()
