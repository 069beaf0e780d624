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


WORD_MAX = 100  # register.models.WORD_MAX (a migration does not import app code)


def cut_title_words(apps: Any, schema_editor: Any) -> None:
    """Title words cut to 100 characters, as the search words are (``register.models.search_words``),
    so that no lexeme of the new index exceeds PostgreSQL's limit of 2,047 bytes."""
    SearchEntry = apps.get_model("register", "SearchEntry")
    for pk, text in SearchEntry.objects.values_list("pk", "title_text").iterator(chunk_size=2000):
        fixed = " ".join(dict.fromkeys(w[:WORD_MAX] for w in text.split()))
        if fixed != text:
            SearchEntry.objects.filter(pk=pk).update(title_text=fixed)


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
        migrations.RunPython(cut_title_words, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
