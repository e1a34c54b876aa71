"""The site search's index: one table of entries, and per database what searches it.

PostgreSQL: ``search_vector`` is set by a trigger on every insert and update (German
configuration; title weighs most, then the text, then the umlauts written out) and has a GIN
index. SQLite: an FTS5 table over the entries (an external-content table, kept in step by
triggers), its words without accents (``remove_diacritics 2``)."""

import django.contrib.postgres.search
from django.db import migrations, models

POSTGRESQL = [
    """
    CREATE FUNCTION core_searchentry_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('pg_catalog.german', coalesce(NEW.title, '')), 'A')
            || setweight(to_tsvector('pg_catalog.german', coalesce(NEW.body, '')), 'B')
            || setweight(to_tsvector('pg_catalog.german', coalesce(NEW.folded, '')), 'C');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER core_searchentry_vector BEFORE INSERT OR UPDATE ON core_searchentry
    FOR EACH ROW EXECUTE FUNCTION core_searchentry_vector()
    """,
    "CREATE INDEX core_searchentry_vector_gin ON core_searchentry USING gin (search_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS core_searchentry_vector ON core_searchentry",
    "DROP FUNCTION IF EXISTS core_searchentry_vector()",
    "DROP INDEX IF EXISTS core_searchentry_vector_gin",
]
SQLITE = [
    """
    CREATE VIRTUAL TABLE core_searchentry_fts USING fts5(
        title, body, folded, content='core_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER core_searchentry_fts_insert AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(rowid, title, body, folded) VALUES (new.id, new.title, new.body, new.folded);
    END
    """,
    """
    CREATE TRIGGER core_searchentry_fts_delete AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title, body, folded)
        VALUES ('delete', old.id, old.title, old.body, old.folded);
    END
    """,
    """
    CREATE TRIGGER core_searchentry_fts_update AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title, body, folded)
        VALUES ('delete', old.id, old.title, old.body, old.folded);
        INSERT INTO core_searchentry_fts(rowid, title, body, folded) VALUES (new.id, new.title, new.body, new.folded);
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_privacy_page_export_and_deletion"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=40)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=300)),
                ("body", models.TextField(blank=True)),
                ("folded", models.TextField(blank=True)),
                ("url", models.CharField(max_length=500)),
                ("district_id", models.PositiveBigIntegerField(blank=True, null=True)),
                ("staff_only", models.BooleanField(default=False)),
                ("visible_from", models.DateTimeField(blank=True, null=True)),
                ("search_vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("kind", "object_id"), name="searchentry_kind_object")],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
