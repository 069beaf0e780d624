"""Copy the re-segmented Lao words (catalogue 0003, ADR 1611) into the register's search rows.

``catalogue/0003`` rewrites ``MicroCredentialVersion.search_text`` in a migration, where the
signals that keep ``SearchEntry`` (ADR 1525) do not run; without this step the full-text index
would keep the old cut words of those entries until ``register_reindex``. Only rows whose words
differ are written (the SQLite FTS5 triggers of 0003 follow the update; the PostgreSQL GIN index
is an expression index and follows by itself)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

WORD_MAX = 100  # register.models.WORD_MAX (a migration does not import app code)


def _words(text: str) -> str:
    return " ".join(dict.fromkeys(w[:WORD_MAX] for w in text.split()))


def refresh(apps: Any, schema_editor: Any) -> None:
    SearchEntry = apps.get_model("register", "SearchEntry")
    rows = SearchEntry.objects.values_list("pk", "search_text", "version__search_text")
    for pk, current, source in rows.iterator(chunk_size=2000):
        wanted = _words(source or "")
        if wanted != current:
            SearchEntry.objects.filter(pk=pk).update(search_text=wanted)


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0003_full_text_index_per_engine"),
        ("catalogue", "0003_resegment_lao_search_text"),
    ]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
