"""The newsletters (one per district or topic) are kept in the admin; subscriptions change only
through their owners' private links (double opt-in, the consent is kept)."""

from __future__ import annotations

from django.contrib import admin

from quartier.news.models import NewsletterList


@admin.register(NewsletterList)
class NewsletterListAdmin(admin.ModelAdmin):
    list_display = ("name", "district", "field_of_action")
    prepopulated_fields = {"slug": ("name",)}
