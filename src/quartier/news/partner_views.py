"""Partners of an organisation (network) propose posts in its name; staff of its districts
publish them from the cockpit's queue. A partner never publishes alone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.core.forms import posted
from quartier.core.staff import staff_required
from quartier.network.models import Organisation
from quartier.network.services import is_partner
from quartier.news.forms import PartnerPostForm
from quartier.news.models import Post
from quartier.news.services import decline_post_proposal, propose_post_for_organisation, publish_post_proposal

PROPOSALS_SHOWN = 20


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def partner_propose(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_partner(request.user, organisation):
        raise PermissionDenied
    form = PartnerPostForm(posted(request), request.FILES or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            propose_post_for_organisation(
                post=form.save(commit=False),
                organisation=organisation,
                districts=form.cleaned_data["districts"],
                fields_of_action=form.cleaned_data["fields_of_action"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Danke! Das Team des Ortsteils prüft die Meldung und veröffentlicht sie dann."))
            return redirect("news:partner_propose", slug=organisation.slug)
    # What the organisation's partners proposed: waiting, published or declined (staff's own
    # drafts naming the organisation are not theirs to see).
    proposals = (
        Post.objects.filter(organisation=organisation, author__partnerships__organisation=organisation)
        .distinct()
        .order_by("-created_at", "-pk")[:PROPOSALS_SHOWN]
    )
    context = {"form": form, "organisation": organisation, "proposals": proposals}
    return render(request, "news/partner_propose.html", context, status=400 if form.errors else 200)


@staff_required
@require_POST
def proposal_publish(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if not request.user.has_perm("news.change_post", post):
        raise PermissionDenied
    try:
        publish_post_proposal(post=post, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Meldung ist veröffentlicht."))
    return redirect("news:cockpit")


@staff_required
@require_POST
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if not request.user.has_perm("news.change_post", post):
        raise PermissionDenied
    try:
        decline_post_proposal(post=post, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Der Vorschlag ist abgelehnt; die Meldung bleibt unveröffentlicht."))
    return redirect("news:cockpit")
