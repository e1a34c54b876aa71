from __future__ import annotations

from django.contrib import admin

from quartier.participation.models import Comment, Idea


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "district", "status", "support_count", "comment_count", "created_at"]
    list_filter = ["status", "district"]
    search_fields = ["title"]
    raw_id_fields = ["author", "project"]
    readonly_fields = ["support_count", "comment_count"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "idea", "author", "created_at", "is_deleted"]
    raw_id_fields = ["idea", "author", "parent"]
