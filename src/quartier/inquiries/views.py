"""The residents' side: send an inquiry, follow it by its private link, see public reports."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from quartier.core import ratelimit
from quartier.core.forms import posted
from quartier.core.images import image_response
from quartier.core.links import private_page
from quartier.core.pagecache import cached_page
from quartier.core.pagination import keyset_paginate
from quartier.inquiries import services
from quartier.inquiries.forms import InquiryForm, PublicFilterForm, SenderReplyForm
from quartier.inquiries.models import NEARBY_METERS, RECENT, Inquiry, InquiryEvent
from quartier.places.models import District

PUBLIC_PAGE_SIZE = 20
PUBLIC_ORDER = ("-created_at", "-pk")
SESSION_KEY = "inquiries_sent"


def photo_response(inquiry: Inquiry) -> HttpResponseBase:
    if not inquiry.photo:
        raise Http404
    return image_response(inquiry.photo, cache_control="private, max-age=3600")


@require_safe
@cached_page
def index(request: HttpRequest) -> HttpResponse:
    """Public suggestions and problem reports: only approved ones, never a name or e-mail."""
    filters = PublicFilterForm(request.GET or None)
    inquiries = Inquiry.objects.public().select_related("district", "category")
    if filters.is_valid():
        if filters.cleaned_data["district"]:
            inquiries = inquiries.filter(district=filters.cleaned_data["district"])
        if filters.cleaned_data["category"]:
            inquiries = inquiries.filter(category=filters.cleaned_data["category"])
        if filters.cleaned_data["status"] == "open":
            inquiries = inquiries.open()
        elif filters.cleaned_data["status"] == "closed":
            inquiries = inquiries.filter(status=Inquiry.Status.CLOSED)
    # Cursor pages newest first: no COUNT over thousands of public reports per request.
    page, query = keyset_paginate(request, inquiries, PUBLIC_PAGE_SIZE, PUBLIC_ORDER)
    markers = [inquiry.map_marker() for inquiry in page if inquiry.has_point]
    return render(
        request,
        "inquiries/index.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "map_data": {"tiles": settings.MAP_TILE_URL, "markers": markers, "outline": None},
        },
    )


@require_safe
def public_detail(request: HttpRequest, number: str) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry.objects.public().select_related("district", "category"), number=number)
    markers = [inquiry.map_marker()] if inquiry.has_point else []
    return render(
        request,
        "inquiries/public_detail.html",
        {"inquiry": inquiry, "map_data": {"tiles": settings.MAP_TILE_URL, "markers": markers, "outline": None}},
    )


@require_safe
def public_photo(request: HttpRequest, number: str) -> HttpResponseBase:
    return photo_response(get_object_or_404(Inquiry.objects.public(), number=number))


def _initial(request: HttpRequest) -> dict[str, object]:
    initial: dict[str, object] = {"kind": Inquiry.Kind.QUESTION}
    if request.user.is_authenticated:
        initial.update(name=request.user.name, email=request.user.email)
    slug = request.GET.get("district") or request.GET.get("ortsteil")  # the old name still works
    if slug:
        initial["district"] = District.objects.filter(slug=slug).first()
    return initial


def _nearby(form: InquiryForm) -> list[Inquiry]:
    """Reports of the same category within 50 m from the last 30 days, shown before sending."""
    data = form.cleaned_data
    if data["latitude"] is None or data["longitude"] is None:
        return []
    recent = Inquiry.objects.filter(category=data["category"], created_at__gte=timezone.now() - RECENT).select_related(
        "category"
    )
    return recent.near(latitude=data["latitude"], longitude=data["longitude"], meters=NEARBY_METERS)


@never_cache
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """Two steps without JavaScript: "check" shows similar reports nearby, "send" files the inquiry."""
    form = InquiryForm(posted(request), request.FILES or None, initial=_initial(request))
    step = request.POST.get("step", "check")
    context: dict[str, object] = {"form": form, "checked": False}
    if request.method == "POST" and form.is_valid():
        # Sending files an inquiry, checking with a photo stores a file: both count.
        scope = "inquiries:send" if step == "send" else "inquiries:check"
        if (step == "send" or form.stores_new_photo()) and not ratelimit.take(
            request, scope=scope, limit=settings.INQUIRY_RATE_LIMIT
        ):
            messages.error(
                request,
                _(
                    "Von Ihrem Anschluss kamen in der letzten Stunde schon viele Anliegen. "
                    "Bitte versuchen Sie es später noch einmal oder rufen Sie uns an."
                ),
            )
            return render(request, "inquiries/create.html", context, status=429)
        if step == "send":
            user = request.user if request.user.is_authenticated else None
            inquiry = services.submit_inquiry(data=form.new_inquiry(), user=user)
            form.drop_pending()
            request.session[SESSION_KEY] = inquiry.token
            return redirect("inquiries:sent")
        # The checked step: the same form again, filled, with the photo kept for sending.
        data = request.POST.copy()
        data["pending_photo"] = form.keep_photo()
        context.update(
            form=InquiryForm(data, initial=_initial(request)),
            checked=True,
            nearby=_nearby(form),
            photo_kept=bool(data["pending_photo"]),
        )
    return render(request, "inquiries/create.html", context)


@never_cache
@require_safe
def sent(request: HttpRequest) -> HttpResponse:
    """The confirmation page: shown once, to the browser that sent the inquiry."""
    token = request.session.get(SESSION_KEY)
    inquiry = get_object_or_404(Inquiry.objects.select_related("district"), token=token) if token else None
    if inquiry is None:
        raise Http404
    return render(request, "inquiries/sent.html", {"inquiry": inquiry})


def _by_token(token: str) -> Inquiry:
    if token.startswith("anonymised-"):
        raise Http404
    return get_object_or_404(Inquiry.objects.select_related("district", "category"), token=token)


@private_page
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    """The sender's private page: status, public replies, and a form to answer without an account."""
    inquiry = _by_token(token)
    form = SenderReplyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.reply_as_sender(inquiry=inquiry, body=form.cleaned_data["body"])
        messages.success(request, _("Danke, Ihre Antwort ist angekommen."))
        return redirect(inquiry.get_private_url())
    events = [
        event
        for event in inquiry.events.select_related("author").order_by("created_at", "pk")
        if event.kind in {InquiryEvent.Kind.CREATED, InquiryEvent.Kind.REPLY, InquiryEvent.Kind.SENDER_REPLY}
        or (event.kind == InquiryEvent.Kind.STATUS and event.author_id is not None)
    ]
    return render(request, "inquiries/track.html", {"inquiry": inquiry, "events": events, "form": form})


@private_page
@require_safe
def track_photo(request: HttpRequest, token: str) -> HttpResponseBase:
    return photo_response(_by_token(token))
