from __future__ import annotations

import json
from typing import cast

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartier.accounts.forms import DeleteAccountForm, ProfileForm
from quartier.accounts.models import User
from quartier.accounts.services import delete_account
from quartier.core.forms import posted
from quartier.core.privacy import collect_personal_data


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Ihr Profil wurde gespeichert."))
        return redirect("accounts:profile")
    districts = cast(User, request.user).staffed_districts.all()
    return render(request, "accounts/profile.html", {"form": form, "districts": districts})


@require_safe
@login_required
@reauthentication_required
def export_data(request: HttpRequest) -> HttpResponse:
    data = {"exported_at": timezone.now().isoformat(), **collect_personal_data(request.user)}
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="quartier-meine-daten.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@reauthentication_required
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(posted(request))
    if request.method == "POST" and form.is_valid():
        delete_account(user=cast(User, request.user))
        logout(request)
        messages.success(request, _("Ihr Konto wurde gelöscht."))
        return redirect("places:home")
    return render(request, "accounts/delete.html", {"form": form})
