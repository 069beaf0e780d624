"""Reads of bulk issuing: the batches a user may see, and a batch's progress (ADR 1101)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, QuerySet

from microcred_web.accounts.permissions import Action, can, institutions_where
from microcred_web.bulk.models import Batch, BatchItem, ItemState

#: The rate is measured over the last items finished, so a resumed batch is not slowed by the
#: time it stood still.
RATE_WINDOW = 50


def batches_visible_to(user: Any) -> QuerySet[Batch]:
    """Batches of the institutions where ``user`` may issue (the one policy table)."""
    return Batch.objects.filter(
        institution__in=institutions_where(user, Action.ISSUE_CREDENTIAL)
    ).select_related("version__micro_credential", "institution")


def batch_for(user: Any, uuid: Any) -> Batch | None:
    """The batch, if ``user`` may see it (else None: a page answers 404, not "exists")."""
    batch = Batch.objects.select_related("version__micro_credential", "institution").filter(uuid=uuid).first()
    if batch is None or not can(user, Action.ISSUE_CREDENTIAL, batch.institution):
        return None
    return batch


@dataclass(frozen=True, slots=True)
class Progress:
    """``GET /studio/bulk/<uuid>/progress.json`` (README "Bulk issuing"): a stable interface."""

    total: int
    done: int
    issued: int
    failed: int
    pending: int
    issuing: int
    rate_per_second: float | None
    seconds_left: float | None
    finished: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def batch_progress(batch: Batch) -> Progress:
    counts = dict.fromkeys(ItemState.values, 0)
    for state, count in batch.items.order_by().values_list("state").annotate(n=Count("pk")):
        counts[state] = count
    issued, failed = counts[ItemState.ISSUED], counts[ItemState.FAILED]
    done = issued + failed
    remaining = counts[ItemState.PENDING] + counts[ItemState.ISSUING]
    moments = list(
        batch.items.filter(finished_at__isnull=False)
        .order_by("-finished_at")
        .values_list("finished_at", flat=True)[:RATE_WINDOW]
    )
    rate: float | None = None
    if len(moments) >= 2:
        span = (moments[0] - moments[-1]).total_seconds()
        rate = round((len(moments) - 1) / span, 2) if span > 0 else None
    left = round(remaining / rate, 1) if rate and remaining else (0.0 if not remaining else None)
    return Progress(
        total=batch.total,
        done=done,
        issued=issued,
        failed=failed,
        pending=counts[ItemState.PENDING],
        issuing=counts[ItemState.ISSUING],
        rate_per_second=rate,
        seconds_left=left,
        finished=remaining == 0,
    )


def batch_items(batch: Batch) -> QuerySet[BatchItem]:
    return batch.items.select_related("credential").order_by("position")
