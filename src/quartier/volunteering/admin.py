"""The town's list of requirements a shift may have is kept in the admin; calls, shifts and
sign-ups change only through the cockpit's steps (they keep the history and tell the people)."""

from __future__ import annotations

from django.contrib import admin

from quartier.volunteering.models import Requirement


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    list_display = ("name", "needs_check", "what_to_bring")
    prepopulated_fields = {"slug": ("name",)}
