"""Ideas and comments in the admin: for looking things up and correcting text.

Ideas and comments come from residents through the site, which applies the contribution
guards (``services.propose_idea``); status, hiding and the project link change in the
cockpit, whose steps write the public explanation and the moderation history. So the admin
adds no contributions and shows those fields read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from quartier.participation.models import Comment, Idea


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "district", "status", "support_count", "comment_count", "created_at"]
    list_filter = ["status", "district"]
    search_fields = ["title"]
    raw_id_fields = ["author"]
    readonly_fields = [
        "support_count",
        "comment_count",
        "status",
        "status_explanation",
        "status_changed_at",
        "hidden_at",
        "hidden_reason",
    ]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "idea", "author", "created_at", "is_deleted"]
    raw_id_fields = ["idea", "author", "parent"]
    readonly_fields = ["is_deleted", "hidden_at", "hidden_reason", "edited_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False
