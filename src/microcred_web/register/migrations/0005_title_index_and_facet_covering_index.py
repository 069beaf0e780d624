"""A full-text index over the title words, and on SQLite a covering index of the facet columns
(ADR 1543).

Relevance (a title match first, ADR 1520) was a computed rank sorted over every matching entry;
with the title words indexed, each rank is a set the index gives, and a page reads its twenty
keys from one rank at a time in the order index. SQLite: an FTS5 table over
``register_searchentry.title_text`` made as the search words' table of 0003 (external content,
rowid = the micro-credential's key, the ``ascii`` tokenizer, prefixes of 2 and 3) and kept by
three triggers. PostgreSQL: a GIN index on the title words as a ``tsvector``, the expression
``register.models.PG_TSVECTOR`` over ``title_text``. On SQLite, the facet counts, the result
count and a sorted rank of a search with words read the facet and order columns from an index
that starts with the key, instead of the wide entry rows.
The reverse operations drop them again.
"""

from typing import Any

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE register_searchentry_title_fts USING fts5(title_text, content='register_searchentry', "
    "content_rowid='micro_credential_id', tokenize='ascii', prefix='2 3')",
    "CREATE TRIGGER register_searchentry_title_fts_insert AFTER INSERT ON register_searchentry BEGIN "
    "INSERT INTO register_searchentry_title_fts(rowid, title_text) VALUES (new.micro_credential_id, new.title_text); END",
    "CREATE TRIGGER register_searchentry_title_fts_delete AFTER DELETE ON register_searchentry BEGIN "
    "INSERT INTO register_searchentry_title_fts(register_searchentry_title_fts, rowid, title_text) "
    "VALUES ('delete', old.micro_credential_id, old.title_text); END",
    "CREATE TRIGGER register_searchentry_title_fts_update AFTER UPDATE ON register_searchentry BEGIN "
    "INSERT INTO register_searchentry_title_fts(register_searchentry_title_fts, rowid, title_text) "
    "VALUES ('delete', old.micro_credential_id, old.title_text); "
    "INSERT INTO register_searchentry_title_fts(rowid, title_text) VALUES (new.micro_credential_id, new.title_text); END",
    "INSERT INTO register_searchentry_title_fts(register_searchentry_title_fts) VALUES ('rebuild')",
    "CREATE INDEX register_entry_facets ON register_searchentry (micro_credential_id, institution_id, country, "
    "eqf_level, isced_f, languages, participation_mode, credits_ects, institution_name, title_en, code)",
]
SQLITE_REVERSE = [
    "DROP INDEX IF EXISTS register_entry_facets",
    "DROP TRIGGER IF EXISTS register_searchentry_title_fts_insert",
    "DROP TRIGGER IF EXISTS register_searchentry_title_fts_delete",
    "DROP TRIGGER IF EXISTS register_searchentry_title_fts_update",
    "DROP TABLE IF EXISTS register_searchentry_title_fts",
]
# register.models.PG_TSVECTOR over title_text (a migration does not import app code)
POSTGRESQL = [
    "CREATE INDEX register_searchentry_title_words ON register_searchentry USING gin "
    "(array_to_tsvector(array_remove(string_to_array(title_text, ' '), ''))) WITH (fastupdate = off)",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS register_searchentry_title_words"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0004_search_words_after_lao_resegmenting"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
