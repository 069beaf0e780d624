"""Re-segment the search words of published versions whose Lao text uses the two-key spellings
(ໍ+າ, ຫນ, ຫມ): they were cut inside words before ADR 1611. Other rows are left as they are (their
words do not change)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TWO_KEY_SPELLINGS = ("\u0ecd\u0eb2", "\u0eab\u0e99", "\u0eab\u0ea1")


def resegment_lao(apps: Any, schema_editor: Any) -> int:
    """Recompute ``search_text`` where it may have changed; returns how many rows were written."""
    from microcred.model import parse_spec
    from microcred.model.spec import SpecFormatError
    from microcred.search import index_text

    version_model = apps.get_model("catalogue", "MicroCredentialVersion")
    written = 0
    for version in version_model.objects.exclude(search_text="").iterator():
        raw = str(version.spec)
        if not any(s in raw for s in TWO_KEY_SPELLINGS):
            continue
        try:
            text = index_text(parse_spec(version.spec))
        except SpecFormatError:
            continue  # a stored document the current format refuses keeps its old words
        if text != version.search_text:
            version.search_text = text
            version.save(update_fields=["search_text"])
            written += 1
    return written


def _forward(apps: Any, schema_editor: Any) -> None:
    resegment_lao(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_version_edits_record_editors")]

    operations = [migrations.RunPython(_forward, migrations.RunPython.noop)]
