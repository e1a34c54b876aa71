"""Needs surveys: answer and see results (public), build and export (cockpit)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import inlineformset_factory
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quartier.core import ratelimit
from quartier.core.csvexport import csv_response
from quartier.core.forms import posted
from quartier.core.permissions import is_administrator, is_coordinator, staff_district_ids
from quartier.core.staff import staff_required
from quartier.surveys.forms import QuestionForm, SurveyAnswerForm, SurveyForm
from quartier.surveys.models import Question, Survey
from quartier.surveys.results import answer_table, survey_results
from quartier.surveys.services import AlreadyAnswered, close_survey, save_survey, submit_survey

# The salt from when surveys were part of participation: cookies already given out stay valid.
COOKIE_SALT = "participation.survey"
VISITOR_ANSWERS_PER_HOUR = 20
QuestionFormSet = inlineformset_factory(Survey, Question, form=QuestionForm, extra=3, can_delete=True)
# A survey that has its questions gets one blank form for another, not three: the page stays short.
MoreQuestionsFormSet = inlineformset_factory(Survey, Question, form=QuestionForm, extra=1, can_delete=True)


def _cookie(survey: Survey) -> str:
    return f"umfrage-{survey.pk}"


def _already_answered(request: HttpRequest, survey: Survey) -> bool:
    if survey.requires_account:
        return bool(request.user.is_authenticated and survey.responses.filter(user=request.user).exists())
    return request.get_signed_cookie(_cookie(survey), default=None, salt=COOKIE_SALT) is not None


def _take_visitor_slot(request: HttpRequest, survey: Survey) -> bool:
    """At most VISITOR_ANSWERS_PER_HOUR answers per client address and survey."""
    return ratelimit.take(request, scope=f"surveys:answer:{survey.pk}", limit=VISITOR_ANSWERS_PER_HOUR)


@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = list(Survey.objects.published().select_related("district"))
    now = timezone.now()
    context = {
        "open_surveys": [s for s in surveys if s.closes_at > now],
        "closed_surveys": [s for s in surveys if s.closes_at <= now],
    }
    return render(request, "surveys/survey_list.html", context)


def _can_manage(user: Any, survey: Survey) -> bool:
    return bool(user.has_perm("surveys.manage_survey", survey))


def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("district"), pk=pk)
    staff = _can_manage(request.user, survey)
    if survey.opens_at > timezone.now() and not staff:
        raise PermissionDenied
    questions = list(survey.questions.all())
    answered = _already_answered(request, survey)
    form = None
    if survey.is_open() and not answered and (request.user.is_authenticated or not survey.requires_account):
        form = SurveyAnswerForm(posted(request), questions=questions)
        if form.is_valid():
            if not survey.requires_account and not _take_visitor_slot(request, survey):
                messages.error(request, _("Von Ihrer Adresse kamen zu viele Antworten. Bitte versuchen Sie es später."))
                return redirect(survey)
            # A second tab of the same person answered first: their answer already counts.
            with contextlib.suppress(AlreadyAnswered):
                submit_survey(survey=survey, user=request.user, answers=form.answers())
            messages.success(request, _("Danke für Ihre Antworten!"))
            response = redirect(survey)
            if not survey.requires_account:
                response.set_signed_cookie(
                    _cookie(survey), "1", salt=COOKIE_SALT, max_age=365 * 86400, httponly=True, samesite="Lax"
                )
            return response
    elif request.method == "POST":
        return HttpResponse(status=409)
    context = {"survey": survey, "form": form, "answered": answered, "staff": staff}
    return render(request, "surveys/survey_detail.html", context)


@require_safe
def survey_results_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("district"), pk=pk)
    staff = _can_manage(request.user, survey)
    if not (survey.is_closed() or staff):
        raise PermissionDenied
    responses, results = survey_results(survey)
    context = {"survey": survey, "responses": responses, "results": results, "staff": staff}
    return render(request, "surveys/survey_results.html", context)


def _managed_surveys(user: Any) -> Any:
    surveys = Survey.objects.select_related("district")
    if is_coordinator(user) or is_administrator(user):
        return surveys
    return surveys.filter(district__in=staff_district_ids(user))


@staff_required
def survey_cockpit(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/cockpit_surveys.html", {"surveys": _managed_surveys(request.user)})


def _survey_for(request: HttpRequest, pk: int) -> Survey:
    survey = get_object_or_404(Survey.objects.select_related("district"), pk=pk)
    if not _can_manage(request.user, survey):
        raise PermissionDenied
    return survey


@staff_required
def survey_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    survey = _survey_for(request, pk) if pk else Survey(created_by_id=request.user.pk)
    form = SurveyForm(posted(request), instance=survey, user=request.user)
    formset_class = MoreQuestionsFormSet if survey.pk else QuestionFormSet
    formset = formset_class(posted(request), instance=survey, prefix="fragen")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            save_survey(survey=form.save(commit=False), questions=formset, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Die Umfrage ist gespeichert."))
            return redirect("surveys:cockpit")
    return render(request, "surveys/survey_form.html", {"form": form, "formset": formset, "survey": survey})


@staff_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_for(request, pk)
    try:
        close_survey(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Die Umfrage „%(title)s“ ist beendet.") % {"title": survey.title})
    return redirect("surveys:cockpit")


@staff_required
def survey_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    survey = _survey_for(request, pk)
    header, rows = answer_table(survey)
    return csv_response(f"umfrage-{survey.pk}.csv", header, rows)
