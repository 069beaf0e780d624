"""Reads of the catalogue for the studio, always scoped by the policy."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from microcred.standards.eu_mc import ConformanceReport, check_document
from microcred_web.accounts.permissions import Action, institutions_where
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion


def studio_micro_credentials(user: Any) -> QuerySet[MicroCredential]:
    """Micro-credentials of the institutions whose records the user may see in the studio."""
    qs = MicroCredential.objects.select_related("institution").prefetch_related("versions")
    if user.is_superuser:
        return qs
    return qs.filter(institution__in=[i.pk for i in institutions_where(user, Action.VIEW_VERSION)])


def version_by_uuid(uuid: Any) -> MicroCredentialVersion:
    return MicroCredentialVersion.objects.select_related("micro_credential__institution", "created_by").get(
        uuid=uuid
    )


def version_report(version: MicroCredentialVersion) -> ConformanceReport:
    return check_document(version.spec)
