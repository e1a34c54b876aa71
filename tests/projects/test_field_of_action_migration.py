"""Fields of action moved from projects down into places, and the link from an idea to its
project moved from the idea (participation) to projects: the rows already there survive,
with their ids, and the way back restores the old columns."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quartier.events.models import Event
from quartier.participation.models import Idea
from quartier.places.models import FieldOfAction
from quartier.projects.models import Project, ProjectIdea
from tests import factories

# Each app just before its part of the move.
BEFORE: list[tuple[str, str]] = [
    ("places", "0004_images_through_the_pipeline"),
    ("projects", "0003_images_through_the_pipeline"),
    ("participation", "0003_idea_images_private"),
    ("events", "0003_images_through_the_pipeline"),
    ("funding", "0004_finance_plan_and_proof"),
    ("network", "0005_organisationcall"),
    ("news", "0003_post_organisation"),
    ("volunteering", "0006_alter_callhistory_kind"),
]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_ideas_keep_their_projects_and_fields_of_action_across_the_move():
    district = factories.make_district()
    author = factories.make_user()
    event_pk = factories.make_event(district).pk  # the event's own table does not change
    executor = _migrate(BEFORE)
    old = executor.loader.project_state([*BEFORE, ("contenttypes", "0002_remove_content_type_name")]).apps
    old_field = old.get_model("projects", "FieldOfAction")
    youth = old_field.objects.create(name="Jugend am Bach", slug="jugend-am-bach", position=7)
    culture = old_field.objects.create(name="Kultur am Bach", slug="kultur-am-bach", position=8)
    project = old.get_model("projects", "Project").objects.create(title="Bank", slug="bank", summary="Kurz.")
    project.fields_of_action.set([culture])
    old_idea = old.get_model("participation", "Idea")
    common = {"district_id": district.pk, "author_id": author.pk, "text": "x"}
    linked = old_idea.objects.create(title="Verlinkt", field_of_action=youth, project=project, **common)
    also_linked = old_idea.objects.create(title="Auch verlinkt", field_of_action=culture, project=project, **common)
    alone = old_idea.objects.create(title="Allein", field_of_action=culture, **common)
    event = old.get_model("events", "Event").objects.get(pk=event_pk)
    event.fields_of_action.set([youth, culture])
    content_types = old.get_model("contenttypes", "ContentType").objects
    content_types.filter(model="fieldofaction").delete()
    old_type = content_types.create(app_label="projects", model="fieldofaction")

    executor = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert FieldOfAction._meta.db_table == "places_fieldofaction"
    moved = FieldOfAction.objects.get(pk=youth.pk)
    assert (moved.slug, moved.position) == ("jugend-am-bach", 7)
    assert Idea.objects.get(pk=linked.pk).field_of_action_id == youth.pk
    assert Idea.objects.get(pk=alone.pk).field_of_action_id == culture.pk
    assert sorted(ProjectIdea.objects.values_list("idea_id", "project_id")) == sorted(
        [(linked.pk, project.pk), (also_linked.pk, project.pk)]
    )
    assert list(Project.objects.get(pk=project.pk).fields_of_action.all()) == [FieldOfAction.objects.get(pk=culture.pk)]
    assert set(Event.objects.get(pk=event.pk).fields_of_action.values_list("pk", flat=True)) == {youth.pk, culture.pk}
    # Permissions hang on the content type: it moved rather than being made anew.
    assert ContentType.objects.get(pk=old_type.pk).app_label == "places"
    # New fields of action get ids after the old ones (the sequence came along with the table).
    assert FieldOfAction.objects.create(name="Neu", slug="neu").pk > culture.pk

    # And back: the idea's column is filled again from the links.
    executor = _migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    ideas = old.get_model("participation", "Idea").objects
    assert ideas.get(pk=linked.pk).project_id == project.pk
    assert ideas.get(pk=also_linked.pk).project_id == project.pk
    assert ideas.get(pk=alone.pk).project_id is None
    assert old.get_model("projects", "FieldOfAction").objects.get(pk=youth.pk).slug == "jugend-am-bach"
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
