"""The contact point's inbox in the cockpit: list, detail with every action, recording on someone's behalf."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.accounts.models import User
from quartier.core.csvexport import csv_response
from quartier.core.forms import posted
from quartier.core.htmx import render_page_or_fragment, wants_fragment
from quartier.core.links import private_page
from quartier.core.pagecache import cached_page
from quartier.core.pagination import capped_count, keyset_paginate
from quartier.core.staff import staff_required
from quartier.inquiries import services
from quartier.inquiries.department_forms import forwarding_context
from quartier.inquiries.departments import Forward
from quartier.inquiries.forms import (
    AssignForm,
    BulkAssignForm,
    InboxFilterForm,
    InboxLists,
    MoveForm,
    NoteForm,
    PublishForm,
    ReplyForm,
    StaffInquiryForm,
    StatusForm,
    TemplateChoiceForm,
    inbox_lists,
)
from quartier.inquiries.models import AnswerTemplate, Inquiry
from quartier.inquiries.views import photo_response

INBOX_PAGE_SIZE = 25


def _me(request: HttpRequest) -> User:
    """The signed-in staff member (staff_required has made sure of it)."""
    return cast(User, request.user)


def _sees_everything(user: Any) -> bool:
    return bool(user.is_coordinator or user.is_superuser)


def get_inquiry_for_user(request: HttpRequest, pk: int) -> Inquiry:
    """The inquiry, if the user works in its district; otherwise 404, so nothing is revealed."""
    inquiry = get_object_or_404(Inquiry.objects.for_listing(), pk=pk)
    if not request.user.has_perm("inquiries.view_inquiry", inquiry):
        raise Http404
    return inquiry


def _filtered(request: HttpRequest) -> tuple[InboxFilterForm, QuerySet[Inquiry], QuerySet[Inquiry], InboxLists]:
    """The form, the filtered inquiries in their sort, the same for paging, and the cached lists.

    Both querysets hold the same rows. The one for paging names the districts as
    `district_id + 0` where nothing narrower than them is asked for (no single district, no
    single status): the database then walks the index on created_at newest first and stops
    after a page, instead of collecting every inquiry of the districts through the district
    index and sorting them all (SQLite does that). Counting uses the district index."""
    user = _me(request)
    lists = inbox_lists(user)
    form = InboxFilterForm(request.GET or None, user=user, lists=lists)
    inquiries = Inquiry.objects.for_listing()
    data: dict[str, Any] = {}
    if form.is_bound:
        if not form.is_valid() and "district" in form.errors:
            raise Http404  # a district the user does not work in: as if it did not exist
        data = form.cleaned_data if form.is_valid() else {}
    if data.get("q"):
        inquiries = inquiries.search(data["q"])
    if data.get("status") == "open":
        inquiries = inquiries.open()
    elif data.get("status"):
        inquiries = inquiries.filter(status=data["status"])
    for name in ("kind", "channel", "category", "district"):
        if data.get(name):
            inquiries = inquiries.filter(**{name: data[name]})
    assignee = data.get("assignee")
    if assignee == "me":
        inquiries = inquiries.filter(assignee=user)
    elif assignee == "none":
        inquiries = inquiries.filter(assignee__isnull=True)
    elif assignee:
        inquiries = inquiries.filter(assignee_id=assignee)
    if data.get("overdue"):
        inquiries = inquiries.overdue()
    if data.get("forwards") == "returned":
        inquiries = inquiries.open().filter(returned_by_department=True)
    elif data.get("forwards") == "open":
        inquiries = inquiries.filter(pk__in=Forward.objects.open().values("inquiry"))
    elif data.get("forwards") == "overdue":
        inquiries = inquiries.filter(pk__in=Forward.objects.overdue().values("inquiry"))
    paged: QuerySet[Inquiry] = inquiries
    if not _sees_everything(user):
        ids = [pk for pk, _slug, _name in lists.districts]
        walk = not data.get("district") and data.get("status") in (None, "", "open")
        paged = inquiries.alias(own_district=F("district_id") + 0).filter(own_district__in=ids)
        inquiries = inquiries.filter(district__in=ids)
        if not walk:
            paged = inquiries
    order = InboxFilterForm.SORTS[data.get("sort") or "new"]
    return form, inquiries.order_by(*order), paged.order_by(*order), lists


@staff_required
@private_page
@require_safe
@cached_page(per_user=True)
def inbox(request: HttpRequest) -> HttpResponse:
    form, inquiries, paged, lists = _filtered(request)
    # Cursor pages in the chosen sort and a count up to 1,000: nothing counts or skips
    # the thousands of inquiries of a large contact point on every request.
    ordering = [part for part in paged.query.order_by if isinstance(part, str)]  # the sort _filtered chose
    page, query = keyset_paginate(request, paged, INBOX_PAGE_SIZE, ordering)
    now = timezone.now()
    rows = [(inquiry, inquiry.is_overdue(now)) for inquiry in page]
    return render_page_or_fragment(
        request,
        "inquiries/staff/inbox.html",
        "results",
        {
            "filters": form,
            "page": page,
            "count": capped_count(inquiries),
            "rows": rows,
            "query": query,
            # The bulk assignment's people, from the same cached lists (BulkAssignForm checks the POST).
            "assign_choices": [("", _("niemandem")), *lists.staff],
        },
    )


@staff_required
@require_safe
def export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered inbox as CSV, without names or e-mail addresses."""
    _form, inquiries, _paged, _lists = _filtered(request)
    now = timezone.now()

    def when(moment: datetime | None) -> str:
        return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""

    header = [
        _("Nummer"),
        _("Eingegangen am"),
        _("Art"),
        _("Kategorie"),
        _("Ortsteil"),
        _("Weg"),
        _("Status"),
        _("Zuständig"),
        _("Erste Antwort am"),
        _("Geschlossen am"),
        _("Überfällig"),
        _("Öffentlich"),
    ]
    rows = (
        [
            inquiry.number,
            when(inquiry.created_at),
            inquiry.get_kind_display(),
            inquiry.category.name,
            inquiry.district.name,
            inquiry.get_channel_display(),
            inquiry.get_status_display(),
            inquiry.assignee.public_name if inquiry.assignee else "",
            when(inquiry.first_response_at),
            when(inquiry.closed_at),
            _("ja") if inquiry.is_overdue(now) else _("nein"),
            _("ja") if inquiry.is_public else _("nein"),
        ]
        for inquiry in inquiries.iterator(chunk_size=2000)
    )
    return csv_response("anliegen.csv", header, rows)


@staff_required
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    form = BulkAssignForm(request.POST, user=_me(request))
    if form.is_valid():
        count = services.assign(
            inquiries=list(form.cleaned_data["inquiries"]), assignee=form.cleaned_data["assignee"], by=_me(request)
        )
        messages.success(request, _("%(count)d Anliegen zugewiesen.") % {"count": count})
    else:
        messages.error(request, _("Bitte wählen Sie mindestens ein Anliegen aus."))
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        # A URL, never a view name: redirect() would try to reverse a word like "25".
        return HttpResponseRedirect(target)
    return redirect("inquiries:inbox")


@staff_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest) -> HttpResponse:
    """Staff record an inquiry that came by phone, letter or at the counter."""
    form = StaffInquiryForm(posted(request), request.FILES or None, user=_me(request), initial={"kind": "question"})
    if request.method == "POST" and form.is_valid():
        inquiry = services.submit_inquiry(
            data=form.new_inquiry(), channel=form.cleaned_data["channel"], recorded_by=_me(request)
        )
        messages.success(request, _("Anliegen %(number)s wurde erfasst.") % {"number": inquiry.number})
        return redirect(inquiry)
    return render(request, "inquiries/staff/record.html", {"form": form})


ACTIONS = ("status", "reply", "note", "assign", "move", "publish")


def _forms(request: HttpRequest, inquiry: Inquiry, action: str | None) -> dict[str, Any]:
    """The detail page's forms; the one named by `action` is bound to the POST."""

    def data(name: str) -> Any:
        return request.POST if action == name else None

    reply_initial: dict[str, Any] = {}
    chosen = TemplateChoiceForm(request.GET if "vorlage" in request.GET else None)
    if chosen.is_bound and chosen.is_valid():
        reply_initial["body"] = chosen.cleaned_data["vorlage"].body
    elif request.GET.get("weiterleitung", "").isdigit():
        # Staff pass a department's answer on: it starts the reply, which they may change.
        answered = inquiry.forwards.filter(pk=int(request.GET["weiterleitung"])).values_list("answer", flat=True)
        reply_initial["body"] = next(iter(answered), "")
    return {
        "status": StatusForm(data("status"), choices=services.allowed_transitions(inquiry), prefix="status"),
        "reply": ReplyForm(data("reply"), initial=reply_initial, prefix="reply"),
        "note": NoteForm(data("note"), prefix="note"),
        "assign": AssignForm(
            data("assign"), user=_me(request), initial={"assignee": inquiry.assignee}, prefix="assign"
        ),
        "move": MoveForm(
            data("move"), initial={"district": inquiry.district, "category": inquiry.category}, prefix="move"
        ),
        "publish": PublishForm(
            data("publish"),
            initial={"is_public": inquiry.is_public, "public_answer": inquiry.public_answer},
            prefix="publish",
        ),
        "template_choice": chosen if chosen.is_bound else TemplateChoiceForm(),
    }


def _act(request: HttpRequest, inquiry: Inquiry, action: str, form: Any) -> HttpResponse:
    user = _me(request)
    data = form.cleaned_data
    if action == "status":
        services.change_status(inquiry=inquiry, to=data["status"], by=user)
        messages.success(request, _("Der Status wurde geändert."))
    elif action == "reply":
        services.reply(inquiry=inquiry, body=data["body"], by=user, status=data["status"])
        messages.success(request, _("Die Antwort wurde gespeichert und wird per E-Mail verschickt."))
    elif action == "note":
        services.add_note(inquiry=inquiry, body=data["note"], by=user)
        messages.success(request, _("Die Notiz wurde gespeichert."))
    elif action == "assign":
        services.assign(inquiries=[inquiry], assignee=data["assignee"], by=user)
        messages.success(request, _("Die Zuständigkeit wurde gespeichert."))
    elif action == "move":
        inquiry = services.move(
            inquiry=inquiry,
            district=data["district"],
            category=data["category"],
            by=user,
        )
        messages.success(request, _("Das Anliegen wurde verschoben."))
        if not user.has_perm("inquiries.view_inquiry", inquiry):
            return redirect("inquiries:inbox")
    elif action == "publish":
        services.set_publication(
            inquiry=inquiry,
            is_public=data["is_public"],
            public_answer=data["public_answer"],
            by=user,
        )
        messages.success(request, _("Die Veröffentlichung wurde gespeichert."))
    return redirect(inquiry)


# Actions that update the detail page in place for htmx (moving may lead away from it).
IN_PLACE_ACTIONS = ("status", "reply", "note", "assign", "publish")


@staff_required
@private_page
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_inquiry_for_user(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in ACTIONS:
        action = None
    in_place = action in IN_PLACE_ACTIONS and wants_fragment(request)
    forms = _forms(request, inquiry, action)
    status = 200
    if action:
        form = forms[action]
        if form.is_valid():
            try:
                response = _act(request, inquiry, action, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not in_place:
                    return response
                # The changed inquiry with fresh forms, and the message in the part's live region.
                inquiry = get_inquiry_for_user(request, pk)
                return _render_detail(request, inquiry, _forms(request, inquiry, None), status=200)
        # htmx swaps only successful answers: the form with its messages comes as 200 in place.
        status = 200 if in_place else 400
    return _render_detail(request, inquiry, forms, status=status)


def _render_detail(request: HttpRequest, inquiry: Inquiry, forms: dict[str, Any], *, status: int) -> HttpResponse:
    events = list(inquiry.events.select_related("author"))
    context = {
        "inquiry": inquiry,
        "events": events,
        "forms": forms,
        "overdue": inquiry.is_overdue(),
        "has_templates": AnswerTemplate.objects.exists(),
        **forwarding_context(inquiry),
    }
    if wants_fragment(request) and request.method == "POST":
        return render_page_or_fragment(request, "inquiries/staff/detail.html", "body", context, status=status)
    return render(request, "inquiries/staff/detail.html", context, status=status)


@staff_required
@require_safe
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    return photo_response(get_inquiry_for_user(request, pk))
