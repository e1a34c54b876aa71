from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from quartier.core.models import JobRun, LegalPage
from quartier.core.text import unique_slug


@admin.register(LegalPage)
class LegalPageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "updated_at"]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """What the scheduler did, read-only: the worker writes these rows (see ``quartier jobs``)."""

    list_display = ["job", "period_start", "outcome", "started_at", "finished_at", "message"]
    list_filter = ["job", "outcome"]
    date_hierarchy = "period_start"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SlugFromNameAdmin(admin.ModelAdmin):
    """An admin whose slug may be left empty: it is then made from ``slug_source`` with
    German transliteration (the admin's own prepopulating script drops the umlauts' dots)."""

    slug_source = "name"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "slug" in form.base_fields:
            form.base_fields["slug"].required = False
            form.base_fields["slug"].help_text = _("Leer lassen: wird aus dem Namen gebildet (ü wird ue).")
        return form

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            others = type(obj).objects.exclude(pk=obj.pk)
            obj.slug = unique_slug(others, getattr(obj, self.slug_source), max_length=80, fallback="eintrag")
        super().save_model(request, obj, form, change)
