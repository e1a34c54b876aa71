"""The signed-in person's newsletters in their profile: the subscriptions of their confirmed
addresses, ending one list or all, and subscribing to more (no confirmation mail: the
address is confirmed; the consent is stored as always). The profile shows the section
(``hooks.profile_newsletters``); these views take its forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from quartier.core.forms import posted
from quartier.news.forms import CONSENT_TEXT, ProfileSubscribeForm
from quartier.news.models import NewsletterList, Subscription
from quartier.news.services import confirmed_addresses, leave_list, request_subscription


def own_subscriptions(addresses: list[str]) -> list[Subscription]:
    return list(Subscription.objects.filter(email__in=addresses).prefetch_related("lists").order_by("email"))


def subscribe_form(data: Any, *, addresses: list[str], subscriptions: list[Subscription]) -> ProfileSubscribeForm:
    subscribed = {item.pk for subscription in subscriptions for item in subscription.lists.all()}
    return ProfileSubscribeForm(data, addresses=addresses, subscribed=subscribed, prefix="newsletter")


def _number(value: str | None) -> int:
    if not value or not value.isdigit() or len(value) > 18:
        raise Http404
    return int(value)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_subscribe(request: HttpRequest) -> HttpResponse:
    """The profile's form posts here; with an error (or without the profile) it shows again here."""
    addresses = confirmed_addresses(request.user)
    form = subscribe_form(posted(request), addresses=addresses, subscriptions=own_subscriptions(addresses))
    if request.method == "POST" and form.is_valid():
        subscription = request_subscription(
            email=form.cleaned_data["email"],
            lists=form.cleaned_data["lists"],
            consent_text=str(CONSENT_TEXT),
            source=request.build_absolute_uri(reverse("accounts:profile")),
            by=request.user,
        )
        if subscription is None:  # not expected: the choices are the confirmed addresses
            messages.info(request, _("Bitte bestätigen Sie das Abonnement mit dem Link in der E-Mail."))
        else:
            messages.success(request, _("Sie haben den Newsletter abonniert."))
        return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "news/profile_subscribe.html", {"form": form, "addresses": addresses}, status=status)


@login_required
@require_POST
def profile_unsubscribe(request: HttpRequest) -> HttpResponse:
    """End one list (``list``) or all (no ``list``) of a subscription of the person's confirmed
    addresses; another address's subscription answers 404."""
    subscription = get_object_or_404(Subscription, pk=_number(request.POST.get("subscription")))
    if subscription.email not in confirmed_addresses(request.user):
        raise Http404
    newsletter = None
    if request.POST.get("list"):
        newsletter = get_object_or_404(NewsletterList, pk=_number(request.POST.get("list")))
    if leave_list(subscription=subscription, newsletter=newsletter, by=request.user) is None:
        messages.success(request, _("Sie haben alle Newsletter an diese Adresse abbestellt."))
    else:
        messages.success(request, _("Sie haben „%(name)s“ abbestellt.") % {"name": newsletter})
    return redirect("accounts:profile")
