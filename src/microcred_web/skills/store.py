"""The core's :class:`~microcred.esco.store.EscoStore` over the platform's database (ADR 1401):
the same change plan as ``microcred esco import``, written in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from microcred.esco.store import ImportPlan, RowKey
from microcred_web.skills.models import EscoConcept, EscoRelation, EscoText


class DjangoEscoStore:
    """Rows live in three tables; ``writes`` counts rows written through this object."""

    def __init__(self) -> None:
        self.writes = 0

    def fingerprints(self) -> dict[RowKey, str]:
        out: dict[RowKey, str] = {}
        for uri, fp in EscoConcept.objects.values_list("uri", "fingerprint"):
            out[("concept", uri, "")] = fp
        for uri, lang, fp in EscoText.objects.values_list("concept__uri", "lang", "fingerprint"):
            out[("text", uri, lang)] = fp
        for occ, skill, fp in EscoRelation.objects.values_list("occupation_uri", "skill_uri", "fingerprint"):
            out[("relation", occ, skill)] = fp
        return out

    def write(self, plan: ImportPlan) -> None:
        version = plan.version
        by_table: dict[str, list[tuple[RowKey, Mapping[str, Any], str]]] = {}
        for row in plan.rows:
            by_table.setdefault(row.key[0], []).append((row.key, row.payload, row.fingerprint))
        with transaction.atomic():
            concepts = [
                EscoConcept(
                    kind=str(p["kind"]), uri=k[1], payload=dict(p), fingerprint=fp, esco_version=version
                )
                for k, p, fp in by_table.get("concept", [])
            ]
            EscoConcept.objects.bulk_create(
                concepts,
                update_conflicts=True,
                unique_fields=["uri"],
                update_fields=["kind", "payload", "fingerprint", "esco_version"],
                batch_size=500,
            )
            texts = by_table.get("text", [])
            ids = dict(
                EscoConcept.objects.filter(uri__in={k[1] for k, _p, _f in texts}).values_list("uri", "pk")
            )
            EscoText.objects.bulk_create(
                [
                    EscoText(
                        concept_id=ids[k[1]],
                        lang=k[2],
                        preferred_label=str(p["preferred"])[:500],
                        payload=dict(p),
                        fingerprint=fp,
                        esco_version=version,
                    )
                    for k, p, fp in texts
                ],
                update_conflicts=True,
                unique_fields=["concept", "lang"],
                update_fields=["preferred_label", "payload", "fingerprint", "esco_version"],
                batch_size=500,
            )
            EscoRelation.objects.bulk_create(
                [
                    EscoRelation(
                        occupation_uri=k[1],
                        skill_uri=k[2],
                        payload=dict(p),
                        fingerprint=fp,
                        esco_version=version,
                    )
                    for k, p, fp in by_table.get("relation", [])
                ],
                update_conflicts=True,
                unique_fields=["occupation_uri", "skill_uri"],
                update_fields=["payload", "fingerprint", "esco_version"],
                batch_size=500,
            )
        self.writes += len(plan.rows)
