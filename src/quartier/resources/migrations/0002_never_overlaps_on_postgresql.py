"""On PostgreSQL the database itself refuses two holding bookings of one resource whose
blocked periods overlap: an exclusion constraint over the resource and the period (btree_gist
lets the resource's number share the GiST index with the range). The services' row lock keeps
the rule on every database; this is the guard behind it. Where the database user may not
create the extension (it is a trusted one since PostgreSQL 13), the migration leaves the
constraint out rather than fail."""

from __future__ import annotations

from django.db import DatabaseError, migrations, transaction

CONSTRAINT = "booking_never_overlaps"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    except DatabaseError:
        return
    schema_editor.execute(
        f"ALTER TABLE resources_booking ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(resource_id WITH =, tstzrange(blocked_start, blocked_end, '[)') WITH &&) "
        "WHERE (status IN ('confirmed', 'handed_over'))"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE resources_booking DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("resources", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
