"""What the projects app holds about a person: the projects they lead."""

from __future__ import annotations

from typing import Any

from quartier.projects.models import Project


def export_projects(user: Any) -> list[dict[str, Any]]:
    return [
        {"title": project.title, "role": "lead", "status": project.status}
        for project in Project.objects.filter(lead=user)
    ]


def erase_projects(user: Any) -> None:
    """The project stays; it no longer names the person as its lead."""
    Project.objects.filter(lead=user).update(lead=None)
