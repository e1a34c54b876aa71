"""The public list of funding programmes, for clubs looking for money for their own projects."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quartier.core.pagination import keyset_paginate
from quartier.funding.forms import ProgrammeFilterForm
from quartier.funding.models import Programme

PAGE_SIZE = 30


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    form = ProgrammeFilterForm(request.GET or None)
    programmes = Programme.objects.filter(public=True).prefetch_related("fields_of_action")
    if form.is_valid():
        if form.cleaned_data["provider"]:
            programmes = programmes.filter(provider=form.cleaned_data["provider"])
        if form.cleaned_data["field"]:
            programmes = programmes.filter(fields_of_action=form.cleaned_data["field"])
    page, query = keyset_paginate(request, programmes, PAGE_SIZE, ("name", "pk"))
    return render(request, "funding/programme_list.html", {"form": form, "page": page, "query": query})
