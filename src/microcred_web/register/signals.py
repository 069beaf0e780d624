"""Keep ``SearchEntry`` equal to "the current published version of each micro-credential"."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from microcred.search import title_text
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.register.models import SearchEntry


def search_entry_refresh(*, micro_credential_id: int) -> None:
    """Point the micro-credential's entry at its newest published version, or remove it."""
    current = (
        MicroCredentialVersion.objects.filter(
            micro_credential_id=micro_credential_id, status=Status.PUBLISHED
        )
        .order_by("-version")
        .only("pk", "spec")
        .first()
    )
    if current is None:
        SearchEntry.objects.filter(micro_credential_id=micro_credential_id).delete()
        return
    SearchEntry.objects.update_or_create(
        micro_credential_id=micro_credential_id,
        defaults={"version": current, "title_text": title_text((current.spec or {}).get("title"))},
    )


@receiver(post_save, sender=MicroCredentialVersion, dispatch_uid="register-search-entry-save")
@receiver(post_delete, sender=MicroCredentialVersion, dispatch_uid="register-search-entry-delete")
def _version_changed(sender: Any, instance: MicroCredentialVersion, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: the fixture's rows are rebuilt by the migration's backfill or a save
    search_entry_refresh(micro_credential_id=instance.micro_credential_id)
