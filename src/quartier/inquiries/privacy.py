"""What the inquiries app holds about a person (inquiries sent signed in or with one of the
account's confirmed addresses, inquiries assigned to them as staff) and how it goes when
they delete their account."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext

from quartier.accounts.privacy import confirmed_emails
from quartier.inquiries.models import Inquiry, InquiryEvent


def _sent_by(user: Any) -> QuerySet[Inquiry]:
    return Inquiry.objects.alias(email_lower=Lower("email")).filter(
        Q(user=user) | Q(email_lower__in=confirmed_emails(user))
    )


def export_inquiries(user: Any) -> list[dict[str, Any]]:
    """What "download my data" includes: the inquiries this person sent, signed in or with
    one of their confirmed addresses."""
    return [
        {
            "number": inquiry.number,
            "created_at": inquiry.created_at.isoformat(),
            "kind": inquiry.kind,
            "category": inquiry.category.name,
            "district": inquiry.district.name,
            "text": inquiry.text,
            "name": inquiry.name,
            "email": inquiry.email,
            "phone": inquiry.phone,
            "address": inquiry.address,
            "has_photo": bool(inquiry.photo),
            "status": inquiry.status,
            "replies": [
                {"at": event.created_at.isoformat(), "kind": event.kind, "text": event.body}
                for event in inquiry.events.all()
                if event.kind in {InquiryEvent.Kind.REPLY, InquiryEvent.Kind.SENDER_REPLY}
            ],
        }
        for inquiry in _sent_by(user).select_related("category", "district").prefetch_related("events")
    ]


def erase_inquiries(user: Any) -> None:
    """Clear the sender's name, addresses, phone and photo and end the private link; the
    matter itself stays with the contact point. Inquiries assigned to the person go back to
    nobody, and their name leaves the history of assignments."""
    for inquiry in _sent_by(user).select_for_update():
        if inquiry.photo:
            storage, name = inquiry.photo.storage, inquiry.photo.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))  # type: ignore[misc]
        inquiry.name = inquiry.email = inquiry.phone = inquiry.photo_type = ""
        inquiry.photo = ""
        inquiry.user = None
        inquiry.token = f"erased-{inquiry.pk}"  # the private link stops working
        inquiry.save(update_fields=["name", "email", "phone", "photo", "photo_type", "user", "token", "updated_at"])
        InquiryEvent.objects.create(inquiry=inquiry, kind=InquiryEvent.Kind.ANONYMISED, data={"account_deleted": True})
    Inquiry.objects.filter(assignee=user).update(assignee=None)
    names = {user.name, *(email.split("@")[0] for email in confirmed_emails(user))} - {""}
    InquiryEvent.objects.redact_assignee(names, gettext("Gelöschtes Konto"))
