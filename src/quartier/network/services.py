"""Every change to the directory: enter an organisation, change its entry. Each runs in one
transaction and writes a history row; the acting person decides which districts they may put
an organisation in. Saving an organisation also turns the free-text partner lines of projects
that name it into links (the rest stays text)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.permissions import sees_every_district, staff_district_ids
from quartier.network.models import ContactPerson, Organisation, OrganisationCall, OrganisationChange, Partnership
from quartier.places.models import District, FieldOfAction
from quartier.projects.models import Project

# The fields whose change the history names (the relations are compared separately).
TRACKED = [
    "name",
    "slug",
    "kind",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "description",
    "logo",
    "logo_alt",
]


def staff_districts(by: Any) -> set[int]:
    """The districts ``by`` acts in: all for coordinators, else their own."""
    if sees_every_district(by):
        return set(District.objects.values_list("pk", flat=True))
    return set(staff_district_ids(by))


def _districts(*, organisation: Organisation, chosen: Iterable[District], by: Any) -> list[District]:
    """The districts ``by`` chose, all among their own, plus those of the organisation they do
    not work in: those are not theirs to remove."""
    chosen = list(chosen)
    mine = staff_districts(by)
    if any(district.pk not in mine for district in chosen):
        raise ValidationError({"districts": _("Sie können Organisationen nur in Ihren Ortsteilen eintragen.")})
    kept = list(organisation.districts.exclude(pk__in=mine)) if organisation.pk else []
    if not chosen and not kept:
        raise ValidationError({"districts": _("Bitte wählen Sie mindestens einen Ortsteil.")})
    return [*chosen, *kept]


def _partner_lines_to_links(organisation: Organisation) -> None:
    """Projects whose free-text partners name this organisation (a whole line, any case) link
    to it instead; the line leaves the text, the other lines stay."""
    wanted = organisation.name.strip().casefold()
    for project in Project.objects.filter(partners__icontains=organisation.name.strip()).only("pk", "partners"):
        lines = project.partners.splitlines()
        kept = [line for line in lines if line.strip().casefold() != wanted]
        if len(kept) != len(lines):
            Project.objects.filter(pk=project.pk).update(partners="\n".join(kept))
            organisation.projects.add(project)


def _relation_ids(organisation: Organisation) -> dict[str, set[int]]:
    if organisation.pk is None:
        return {"districts": set(), "fields_of_action": set(), "projects": set()}
    return {
        "districts": set(organisation.districts.values_list("pk", flat=True)),
        "fields_of_action": set(organisation.fields_of_action.values_list("pk", flat=True)),
        "projects": set(organisation.projects.values_list("pk", flat=True)),
    }


def _save(
    *,
    organisation: Organisation,
    districts: Iterable[District],
    fields_of_action: Iterable[FieldOfAction],
    projects: Iterable[Project],
    by: Any,
    changed: list[str],
) -> Organisation:
    in_districts = _districts(organisation=organisation, chosen=districts, by=by)
    before = _relation_ids(organisation)
    organisation.full_clean(exclude=["districts", "fields_of_action", "projects"])
    organisation.save()
    organisation.districts.set(in_districts)
    organisation.fields_of_action.set(fields_of_action)
    organisation.projects.set(projects)
    after = _relation_ids(organisation)
    changed = [*changed, *(name for name in before if before[name] != after[name])]
    _partner_lines_to_links(organisation)
    if changed:
        OrganisationChange.objects.create(organisation=organisation, by=by, fields=", ".join(changed)[:500])
    return organisation


@transaction.atomic
def create_organisation(
    *,
    organisation: Organisation,
    districts: Iterable[District],
    fields_of_action: Iterable[FieldOfAction] = (),
    projects: Iterable[Project] = (),
    by: Any,
) -> Organisation:
    """Enter a new organisation (its own fields already set) in districts ``by`` works in."""
    if organisation.pk is not None:
        raise ValueError("create_organisation takes an organisation that is not saved yet")
    if not by.has_perm("network.add_organisation"):
        raise PermissionDenied
    return _save(
        organisation=organisation,
        districts=districts,
        fields_of_action=fields_of_action,
        projects=projects,
        by=by,
        changed=["created"],
    )


@transaction.atomic
def update_organisation(
    *,
    organisation: Organisation,
    districts: Iterable[District],
    fields_of_action: Iterable[FieldOfAction] = (),
    projects: Iterable[Project] = (),
    by: Any,
) -> Organisation:
    """Save the changed entry and record which fields changed. Its districts become those
    ``by`` chose among their own plus those ``by`` does not work in, which stay."""
    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not by.has_perm("network.change_organisation", stored):
        raise PermissionDenied
    changed = [name for name in TRACKED if getattr(stored, name) != getattr(organisation, name)]
    return _save(
        organisation=organisation,
        districts=districts,
        fields_of_action=fields_of_action,
        projects=projects,
        by=by,
        changed=changed,
    )


@transaction.atomic
def save_contact_person(*, contact: ContactPerson, by: Any) -> ContactPerson:
    """Add or change a contact person of an organisation ``by`` may edit. Showing the person
    publicly records the consent (by whom, when); taking it back clears the record."""
    organisation = Organisation.objects.select_for_update().get(pk=contact.organisation_id)
    if not by.has_perm("network.change_organisation", organisation):
        raise PermissionDenied
    creating = contact.pk is None
    was_public = False if creating else ContactPerson.objects.filter(pk=contact.pk, is_public=True).exists()
    if contact.is_public and not was_public:
        contact.consent_recorded_at = timezone.now()
        contact.consent_recorded_by = by
    elif not contact.is_public:
        contact.consent_recorded_at = None
        contact.consent_recorded_by = None
    contact.full_clean()
    contact.save()
    what = "contact person added" if creating else "contact person changed"
    if contact.is_public != was_public:
        what += ", public" if contact.is_public else ", not public"
    OrganisationChange.objects.create(organisation=organisation, by=by, fields=what)
    return contact


@transaction.atomic
def remove_contact_person(*, contact: ContactPerson, by: Any) -> None:
    organisation = contact.organisation
    if not by.has_perm("network.change_organisation", organisation):
        raise PermissionDenied
    contact.delete()
    OrganisationChange.objects.create(organisation=organisation, by=by, fields="contact person removed")


def is_partner(user: Any, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Partnership.objects.filter(organisation=organisation, user=user, accepted_at__isnull=False).exists()


@transaction.atomic
def invite_partner(*, organisation: Organisation, email: str, by: Any) -> Partnership:
    """Invite a person of the organisation by e-mail; the mail (after the commit) carries the link."""
    from quartier.network.tasks import send_partner_invitation

    if not by.has_perm("network.change_organisation", organisation):
        raise PermissionDenied
    email = email.strip()
    if Partnership.objects.filter(organisation=organisation, email__iexact=email).exists():
        raise ValidationError({"email": _("An diese Adresse ging schon eine Einladung für diese Organisation.")})
    partnership = Partnership.objects.create(organisation=organisation, email=email, invited_by=by)
    OrganisationChange.objects.create(organisation=organisation, by=by, fields="partner invited")
    transaction.on_commit(lambda: send_partner_invitation.enqueue(partnership.pk))
    return partnership


@transaction.atomic
def accept_partnership(*, partnership: Partnership, user: Any) -> Partnership:
    """The invited person, signed in with the invited address, becomes a partner."""
    stored = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if stored.accepted_at is not None:
        if stored.user_id == user.pk:
            return stored
        raise ValidationError(_("Diese Einladung wurde schon angenommen."))
    from allauth.account.models import EmailAddress

    addresses = {user.email.lower()} | {
        e.lower() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }
    if stored.email.lower() not in addresses:
        raise ValidationError(
            _("Diese Einladung ging an eine andere Adresse. Bitte melden Sie sich mit dieser Adresse an.")
        )
    stored.user = user
    stored.accepted_at = timezone.now()
    stored.save(update_fields=["user", "accepted_at"])
    OrganisationChange.objects.create(organisation=stored.organisation, by=user, fields="partner joined")
    return stored


@transaction.atomic
def update_organisation_as_partner(*, organisation: Organisation, by: Any) -> Organisation:
    """A partner's change of the entry: published at once, recorded, and the staff of the
    organisation's districts told."""
    from quartier.places.notifications import tell_district_staff

    stored = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not is_partner(by, stored):
        raise PermissionDenied
    changed = [name for name in PARTNER_FIELDS if getattr(stored, name) != getattr(organisation, name)]
    organisation.full_clean(exclude=["districts", "fields_of_action", "projects"])
    organisation.save()
    if changed:
        OrganisationChange.objects.create(organisation=organisation, by=by, fields=", ".join(changed)[:500])
        for district in organisation.districts.all():
            tell_district_staff(
                district=district,
                kind="organisation_change",
                heading=_("Eintrag einer Organisation geändert"),
                title=organisation.name,
                target=reverse("network:edit", kwargs={"pk": organisation.pk}),
            )
    return organisation


# What partners may change in their organisation's entry (districts, fields and projects stay with staff).
PARTNER_FIELDS = [
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "description",
    "logo",
    "logo_alt",
]


@transaction.atomic
def propose_event_for_organisation(*, organisation: Organisation, event: Any, by: Any) -> Any:
    """A partner proposes an event in the organisation's name: saved unpublished through the
    events' proposal (its limits, its notice to the district's staff, who publish it), with
    the organisation as the organiser."""
    from quartier.events.models import Event
    from quartier.events.services import propose_event

    if not is_partner(by, organisation):
        raise PermissionDenied
    if event.district_id not in {district.pk for district in organisation.districts.all()}:
        raise ValidationError({"district": _("Bitte wählen Sie einen Ortsteil Ihrer Organisation.")})
    propose_event(event=event, proposer=by)
    Event.objects.filter(pk=event.pk).update(
        organiser_name=organisation.name, organiser_email=organisation.email, organiser_phone=organisation.phone
    )
    event.organiser_name = organisation.name
    OrganisationChange.objects.create(organisation=organisation, by=by, fields="event proposed")
    return event


@transaction.atomic
def propose_helper_call_for_organisation(
    *,
    organisation: Organisation,
    call: Any,
    pattern: Any,
    requirements: Iterable[Any] = (),
    fields_of_action: Iterable[Any] = (),
    by: Any,
) -> Any:
    """A partner proposes a helper call in the organisation's name: saved unpublished with its
    shifts through volunteering's proposal (which tells the district's staff, who publish it),
    and linked to the organisation, whose page lists it once it is published."""
    from quartier.volunteering.services import propose_call

    if not is_partner(by, organisation):
        raise PermissionDenied
    if call.district_id not in {district.pk for district in organisation.districts.all()}:
        raise ValidationError({"district": _("Bitte wählen Sie einen Ortsteil Ihrer Organisation.")})
    propose_call(call=call, pattern=pattern, requirements=requirements, fields_of_action=fields_of_action, proposer=by)
    OrganisationCall.objects.create(organisation=organisation, call=call)
    OrganisationChange.objects.create(organisation=organisation, by=by, fields="helper call proposed")
    return call


def partner_organisations(user: Any) -> Any:
    """The organisations ``user`` is an accepted partner of, by name (none for visitors)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(partnerships__user=user, partnerships__accepted_at__isnull=False).order_by(
        "name", "pk"
    )
