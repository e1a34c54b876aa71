"""The newsletter: subscribing (double opt-in), confirming, managing and unsubscribing through
private links, one-click unsubscribing for mail programs (RFC 8058)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from quartier.core import ratelimit
from quartier.core.forms import posted
from quartier.core.links import private_page
from quartier.news.forms import CONSENT_TEXT, SubscribeForm, SubscriptionForm
from quartier.news.models import Subscription, SubscriptionRequest
from quartier.news.services import change_subscription, confirm_subscription, request_subscription, unsubscribe


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    initial = {"lists": request.GET.getlist("liste")}
    form = SubscribeForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not ratelimit.take(
            request, scope="news-subscribe", limit=settings.NEWS_SUBSCRIBE_RATE_LIMIT, key=f"address:{email}"
        ):
            form.add_error(
                None,
                _(
                    "Für diese Adresse wurden gerade zu viele Anmeldungen geschickt. Bitte versuchen Sie es in einer Stunde erneut."
                ),
            )
            status = 429
        else:
            try:
                subscription = request_subscription(
                    email=email,
                    lists=form.cleaned_data["lists"],
                    consent_text=str(CONSENT_TEXT),
                    source=request.build_absolute_uri(request.path),
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if subscription is not None:  # the signed-in person's own verified address
                    messages.success(request, _("Sie haben den Newsletter abonniert."))
                    return redirect(subscription)
                return render(request, "news/subscribe_sent.html")
    elif request.method == "POST":
        status = 400
    return render(request, "news/subscribe.html", {"form": form}, status=status)


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    # Confirming takes a click on a button: mail scanners that open links confirm nothing.
    pending = get_object_or_404(SubscriptionRequest, token=token)
    if request.method == "POST":
        subscription = confirm_subscription(pending=pending)
        messages.success(request, _("Danke! Ihr Abonnement ist bestätigt."))
        return redirect(subscription)
    return render(request, "news/confirm.html", {"pending": pending})


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_page(request: HttpRequest, token: str) -> HttpResponse:
    subscription = get_object_or_404(Subscription, token=token)
    form = SubscriptionForm(posted(request), initial={"lists": subscription.lists.all()})
    if request.method == "POST" and form.is_valid():
        if change_subscription(subscription=subscription, lists=form.cleaned_data["lists"]) is None:
            return render(request, "news/unsubscribed.html")
        messages.success(request, _("Ihre Auswahl wurde gespeichert."))
        return redirect(subscription)
    return render(request, "news/subscription.html", {"form": form, "subscription": subscription})


@csrf_exempt  # RFC 8058: mail programs post here without cookies; the private token is the key
@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    subscription = Subscription.objects.filter(token=token).first()
    if request.method == "POST":
        if subscription is not None:
            unsubscribe(subscription=subscription)
        return render(request, "news/unsubscribed.html")
    if subscription is None:
        return render(request, "news/unsubscribed.html", status=404)
    return render(request, "news/unsubscribe.html", {"subscription": subscription})
