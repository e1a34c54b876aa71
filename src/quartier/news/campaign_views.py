"""Campaigns in the cockpit: write one, preview it in the browser, send a test mail to oneself,
send it now or at a time, follow its progress, print it (A4 PDF). Staff see the campaigns of
their districts whose lists are theirs; coordinators see all."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.forms import posted
from quartier.core.pagination import paginate
from quartier.core.staff import staff_required
from quartier.news.campaigns import content_of, render_mail
from quartier.news.forms import CampaignForm, ScheduleForm
from quartier.news.models import Campaign, CampaignRecipient, RecipientStatus
from quartier.news.services import (
    save_campaign,
    schedule_campaign,
    send_campaign,
    send_test_mail,
    unschedule_campaign,
)

PAGE_SIZE = 50
FAILURES_SHOWN = 20
# The preview is the mail itself: its inline styles, no script, no form, nothing loaded from elsewhere.
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def _campaign_for(request: HttpRequest, pk: int, *, progress: bool = False) -> Campaign:
    campaigns = Campaign.objects.select_related("district").prefetch_related("lists")
    campaign = get_object_or_404(campaigns.with_progress() if progress else campaigns, pk=pk)
    if not request.user.has_perm("news.change_campaign", campaign):
        raise PermissionDenied
    return campaign


@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .with_progress()
        .select_related("district")
        .prefetch_related("lists")
        .order_by("-created_at", "-pk")
    )
    page, query = paginate(request, campaigns, PAGE_SIZE)
    return render(request, "news/campaign_list.html", {"page": page, "query": query})


def _edit(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    form = CampaignForm(posted(request), instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_campaign(campaign=form.save(commit=False), lists=form.cleaned_data["lists"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Rundbrief wurde gespeichert."))
            return redirect(saved)
    status = 400 if request.method == "POST" else 200
    return render(request, "news/campaign_form.html", {"form": form, "campaign": campaign}, status=status)


@staff_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("news.add_campaign"):
        raise PermissionDenied
    return _edit(request, None)


@staff_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    if not campaign.is_editable:
        messages.error(request, _("Ein Rundbrief im Versand kann nicht mehr geändert werden."))
        return redirect(campaign)
    return _edit(request, campaign)


def _detail(request: HttpRequest, campaign: Campaign, schedule_form: ScheduleForm, status: int = 200) -> HttpResponse:
    failures = list(
        CampaignRecipient.objects.filter(campaign=campaign, status=RecipientStatus.FAILED).order_by("pk")[
            :FAILURES_SHOWN
        ]
    )
    _html, text = render_mail(content_of(campaign))
    context: dict[str, Any] = {
        "campaign": campaign,
        "schedule_form": schedule_form,
        "failures": failures,
        "text_part": text,
        "changes": campaign.changes.select_related("by")[:20],
        "subscribers": _subscriber_count(campaign) if campaign.is_editable else None,
    }
    return render(request, "news/campaign_detail.html", context, status=status)


def _subscriber_count(campaign: Campaign) -> int:
    from quartier.news.models import Subscription

    return Subscription.objects.active().filter(lists__campaigns=campaign).distinct().count()


@staff_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk, progress=True)
    return _detail(request, campaign, ScheduleForm(initial={"at": campaign.scheduled_at}))


@staff_required
def campaign_preview(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    html, _text = render_mail(content_of(campaign))
    response = HttpResponse(html.replace("%%MANAGE_URL%%", "#").replace("%%UNSUBSCRIBE_URL%%", "#"))
    response["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@staff_required
def campaign_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    # Imported here: reportlab costs every web worker ~12 MB, and only this view needs it.
    from quartier.news.campaign_pdf import render_campaign_pdf

    campaign = _campaign_for(request, pk)
    response = HttpResponse(render_campaign_pdf(content_of(campaign)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rundbrief-{campaign.pk}.pdf"'
    return response


@staff_required
@require_POST
def campaign_test(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    try:
        send_test_mail(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        address = getattr(request.user, "email", "")
        messages.success(request, _("Die Testmail geht an %(address)s.") % {"address": address})
    return redirect(campaign)


@staff_required
@require_POST
def campaign_send(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    try:
        send_campaign(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Versand hat begonnen."))
    return redirect(campaign)


@staff_required
@require_POST
def campaign_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk, progress=True)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            schedule_campaign(campaign=campaign, at=form.cleaned_data["at"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Der Versand ist geplant."))
            return redirect(campaign)
    return _detail(request, campaign, form, status=400)


@staff_required
@require_POST
def campaign_unschedule(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_for(request, pk)
    try:
        unschedule_campaign(campaign=campaign, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Planung ist aufgehoben; der Rundbrief ist wieder ein Entwurf."))
    return redirect(campaign)
