"""The register's own search table (ADR 1520).

One row per micro-credential: its current published version, with the normalised words of its
title. The register reads "current" from this table instead of asking, for every version, whether
a newer published one exists, and ranks a title match before a match elsewhere. The rows are
derived: ``register.signals`` rewrites a micro-credential's row whenever one of its versions is
saved or deleted, so nothing else writes here.
"""

from __future__ import annotations

from django.db import models

from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion


class SearchEntry(models.Model):
    micro_credential = models.OneToOneField(
        MicroCredential, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    version = models.OneToOneField(
        MicroCredentialVersion, on_delete=models.CASCADE, related_name="search_entry"
    )
    title_text = models.TextField(blank=True, help_text="Normalised title words, every language (ADR 0401).")

    class Meta:
        verbose_name = "register search entry"
        verbose_name_plural = "register search entries"

    def __str__(self) -> str:
        return f"search entry of {self.version_id}"
