"""The yearly report's pages: the town, a district or a field of action, as a page (with a
print stylesheet), a PDF and a CSV per table; the staff's texts and the coordinator's publishing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quartier.core.csvexport import csv_response
from quartier.core.forms import posted
from quartier.core.pagecache import cached_page
from quartier.core.permissions import is_staff_member
from quartier.core.staff import staff_required
from quartier.places.models import District, FieldOfAction, Town
from quartier.reports import rules, services
from quartier.reports.build import build_sections, find_table, title
from quartier.reports.forms import ReportTextForm
from quartier.reports.models import ReportText, YearReport


class Scope:
    """What a report page covers: the town, a district or a field of action, in a year."""

    def __init__(self, year: int, kind: str | None = None, slug: str | None = None) -> None:
        try:
            services.check_year(year)
        except ValidationError as error:
            raise Http404 from error
        self.year, self.kind, self.slug = year, kind, slug
        self.district: District | None = None
        self.field_of_action: FieldOfAction | None = None
        if kind is not None:
            if kind == "ortsteile":
                self.district = get_object_or_404(District, slug=slug)
            elif kind == "handlungsfelder":
                self.field_of_action = get_object_or_404(FieldOfAction, slug=slug)
            else:
                raise Http404
        self.report = YearReport.objects.filter(year=year).first()

    @property
    def place(self) -> str:
        if self.district is not None:
            return self.district.name
        if self.field_of_action is not None:
            return self.field_of_action.name
        town = Town.load()
        return town.name if town else _("Gesamte Stadt")

    def url(self, name: str = "", **extra: Any) -> str:
        if self.kind is None:
            return reverse(f"reports:town{name}", kwargs={"year": self.year, **extra})
        return reverse(
            f"reports:scope{name}", kwargs={"year": self.year, "kind": self.kind, "slug": self.slug, **extra}
        )

    def check_read(self, user: Any) -> None:
        if not rules.may_read(user, self.report, self.district):
            raise Http404

    def text(self) -> ReportText | None:
        if self.report is None or self.field_of_action is not None:
            return None
        return ReportText.objects.filter(report=self.report, district=self.district).first()


def index(request: HttpRequest) -> HttpResponse:
    published = list(YearReport.objects.filter(status=YearReport.Status.PUBLISHED).values_list("year", flat=True))
    drafts: list[int] = []
    if is_staff_member(request.user):
        this_year = timezone.localdate().year
        drafts = [year for year in (this_year, this_year - 1) if year not in published]
    return render(request, "reports/index.html", {"published": published, "drafts": drafts})


@cached_page(per_user=True, seconds=600)  # yearly figures: only a write changes them
def report(request: HttpRequest, year: int, kind: str | None = None, slug: str | None = None) -> HttpResponse:
    scope = Scope(year, kind, slug)
    scope.check_read(request.user)
    context = {
        "scope": scope,
        "title": title(year, scope.place),
        "text": scope.text(),
        "sections": build_sections(year, scope.district, scope.field_of_action),
        "published": bool(scope.report and scope.report.is_published),
        "may_write": scope.field_of_action is None and rules.may_write(request.user, scope.district),
        "may_publish": rules.may_publish(request.user),
        "pdf_url": scope.url("_pdf"),
        "text_url": scope.url("_text"),
        "districts": District.objects.order_by("name") if scope.kind is None else [],
        "fields_of_action": FieldOfAction.objects.order_by("name") if scope.kind is None else [],
    }
    response = render(request, "reports/report.html", context)
    if not context["published"]:
        response["Cache-Control"] = "private, no-store"
    return response


def report_csv(
    request: HttpRequest, year: int, table: str, kind: str | None = None, slug: str | None = None
) -> HttpResponse:
    scope = Scope(year, kind, slug)
    scope.check_read(request.user)
    found = find_table(build_sections(year, scope.district, scope.field_of_action), table)
    if found is None:
        raise Http404
    header = [_("Kennzahl"), str(year), str(year - 1)]
    return csv_response(f"bericht-{year}-{table}.csv", header, found.rows)  # type: ignore[return-value]


def report_pdf(request: HttpRequest, year: int, kind: str | None = None, slug: str | None = None) -> HttpResponse:
    from quartier.reports.pdf import report_pdf as make_pdf

    scope = Scope(year, kind, slug)
    scope.check_read(request.user)
    sections = build_sections(year, scope.district, scope.field_of_action)
    content = make_pdf(title(year, scope.place), year, scope.text(), sections)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bericht-{year}.pdf"'
    if not (scope.report and scope.report.is_published):
        response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def edit_text(request: HttpRequest, year: int, kind: str | None = None, slug: str | None = None) -> HttpResponse:
    scope = Scope(year, kind, slug)
    if scope.field_of_action is not None:
        raise Http404
    if not rules.may_write(request.user, scope.district):
        raise PermissionDenied
    text = scope.text()
    initial = {"introduction": text.introduction, "highlights": text.highlights} if text else {}
    form = ReportTextForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_report_text(
            year=year,
            district=scope.district,
            introduction=form.cleaned_data["introduction"],
            highlights=form.cleaned_data["highlights"],
            by=request.user,
        )
        messages.success(request, _("Der Text wurde gespeichert."))
        return redirect(scope.url(""))
    return render(request, "reports/text_form.html", {"form": form, "scope": scope, "title": title(year, scope.place)})


@staff_required
@require_POST
def publish(request: HttpRequest, year: int) -> HttpResponse:
    Scope(year)  # a year without a report: 404
    if not rules.may_publish(request.user):
        raise PermissionDenied
    action = services.withdraw_report if request.POST.get("action") == "withdraw" else services.publish_report
    try:
        action(year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        published = action is services.publish_report
        messages.success(
            request, _("Der Bericht wurde veröffentlicht.") if published else _("Der Bericht ist wieder ein Entwurf.")
        )
    return redirect("reports:town", year=year)
