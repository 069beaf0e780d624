"""Reads of the catalogue for the studio, always scoped by the policy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from microcred.standards.eu_mc import ConformanceReport, check_document
from microcred.standards.eu_mc.conformance import Finding
from microcred_web.accounts.permissions import Action, institutions_where
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status


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


def design_progress(user: Any) -> list[dict[str, Any]]:
    """Per institution where ``user`` sees the studio (issue 16 item 6): designs in progress,
    versions that passed QA the first time (approved with no "request changes" before), and
    the most frequent checker findings among the designs in progress — what to teach next.
    Each finding comes as ``(example, count)``; the page words the example (ADR 1610)."""
    from collections import Counter

    from microcred_web.catalogue.models import Status, WorkflowEvent

    out = []
    for institution in institutions_where(user, Action.VIEW_STUDIO):
        versions = MicroCredentialVersion.objects.filter(micro_credential__institution=institution)
        in_progress = list(versions.filter(status__in=(Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW)))
        events = WorkflowEvent.objects.filter(version__micro_credential__institution=institution)
        approved = set(events.filter(to_status=Status.APPROVED).values_list("version_id", flat=True))
        sent_back = set(
            events.filter(
                to_status=Status.DRAFT, from_status__in=(Status.SUBMITTED, Status.IN_REVIEW)
            ).values_list("version_id", flat=True)
        )
        # A finding counts once per design; findings that differ only in instance parameters
        # (which outcome, how many hours) count together, worded by their first example
        # (ADR 1630). ``detail`` is itself a code, so it stays part of what is counted.
        findings: Counter[tuple[str, str, str]] = Counter()
        examples: dict[tuple[str, str, str], Finding] = {}
        for v in in_progress:
            seen: set[tuple[str, str, str]] = set()
            for f in check_document(v.spec).findings:
                key = (f.element or "", f.code, str(f.params.get("detail", "")))
                if f.severity == "info" or key in seen:
                    continue
                seen.add(key)
                examples.setdefault(key, f)
                findings[key] += 1
        out.append(
            {
                "institution": institution,
                "in_progress": len(in_progress),
                "approved": len(approved),
                "first_time": len(approved - sent_back),
                "findings": [(examples[key], n) for key, n in findings.most_common(3)],
            }
        )
    return out


def published_starting_points(limit: int = 200) -> list[MicroCredentialVersion]:
    """Published versions of every partner a designer may start from (ADR 1613), by
    institution and code."""
    return list(
        MicroCredentialVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("micro_credential__institution")
        .order_by("micro_credential__institution__short_name", "micro_credential__code")[:limit]
    )


def published_version(uuid: Any) -> MicroCredentialVersion | None:
    """The published version ``uuid``, or ``None`` (a draft of another partner is not a source)."""
    try:
        return MicroCredentialVersion.objects.select_related("micro_credential__institution").get(
            uuid=uuid, status=Status.PUBLISHED
        )
    except (MicroCredentialVersion.DoesNotExist, ValueError, ValidationError):
        return None
