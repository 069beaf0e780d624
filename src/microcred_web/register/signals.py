"""Keep ``SearchEntry`` equal to "the current published version of each micro-credential".

The receivers are adapters: the writes are ``register.services``' (ADR 1525). A bulk
``QuerySet.update`` sends no signal; ``manage.py register_reindex --check`` finds what it left
stale and ``manage.py register_reindex`` rebuilds.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.institutions.models import Institution
from microcred_web.register.services import institution_entries_refresh, search_entry_refresh

__all__ = ["search_entry_refresh"]


@receiver(post_save, sender=MicroCredentialVersion, dispatch_uid="register-search-entry-save")
@receiver(post_delete, sender=MicroCredentialVersion, dispatch_uid="register-search-entry-delete")
def _version_changed(sender: Any, instance: MicroCredentialVersion, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loaddata: rows come from the fixture's own saves or the migration's backfill
    search_entry_refresh(micro_credential_id=instance.micro_credential_id)


@receiver(post_save, sender=Institution, dispatch_uid="register-search-entry-institution")
def _institution_changed(sender: Any, instance: Institution, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    institution_entries_refresh(institution=instance)
