"""Background work of participation. Tasks take ids and look everything up again, so a mail always
shows the state after the transaction that queued it committed."""

from __future__ import annotations

from django_tasks import task


@task()
def send_idea_digests() -> int:
    """The daily digest for everyone who follows ideas (see participation.digest)."""
    from quartier.participation.digest import send_digests

    return send_digests()
