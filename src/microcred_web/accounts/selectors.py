"""Reads for the accounts pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from microcred_web.accounts.models import Membership
from microcred_web.accounts.permissions import Action, institutions_where
from microcred_web.catalogue.models import MicroCredentialVersion, Status


def review_queue(user: Any) -> QuerySet[MicroCredentialVersion]:
    """Versions waiting for QA at the institutions where the user reviews."""
    institutions = [i.pk for i in institutions_where(user, Action.START_REVIEW)]
    return (
        MicroCredentialVersion.objects.filter(
            micro_credential__institution__in=institutions, status__in=[Status.SUBMITTED, Status.IN_REVIEW]
        )
        .select_related("micro_credential__institution")
        .order_by("submitted_at")
    )


def staff_of(institution_ids: list[int]) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(institution__in=institution_ids)
        .select_related("user", "institution")
        .order_by("institution__short_name", "user__username", "role")
    )
