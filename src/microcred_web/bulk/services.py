"""Writes of bulk issuing (issue 11 item 3, ADR 1101; several workers ADR 1230, ADR 1233).

``start_batch`` stores a batch of learners and enqueues its tasks (one per worker meant to share
it); each task (``bulk.tasks.process_batch``) calls ``batch_process``, which claims items a chunk
at a time, reserving each one's status-list index in the claim's transaction, and issues them
one by one with the issuing steps of the platform (``credentials.services.credential_prepare``:
compose, sign with the institution's key, verify what was signed, outside any transaction; then
``credential_store`` in a short transaction with the item's new state, logging
``credential.issued``). A killed worker loses at most the item it was signing, and
``batch_recover`` (``manage.py bulk_resume``) puts that item back, with its reserved index, and
enqueues the batch again.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from pydantic import ValidationError

from microcred.errors import MicrocredError
from microcred.model.award import AssessmentResult, Learner
from microcred.model.spec import Supervision
from microcred_web.accounts.permissions import Action, require
from microcred_web.bulk.models import UNFINISHED, Batch, BatchItem, ItemState
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.errors import NoSigningKeyError
from microcred_web.credentials.models import IssuedCredential, StatusList
from microcred_web.credentials.services import (
    credential_prepare,
    credential_prepare_in,
    credential_store,
    credentials_store,
    issuing_context,
    learner_accounts,
    status_slots_reserve,
)
from microcred_web.pilot.models import Enrolment, Offering

log = logging.getLogger(__name__)

#: An item whose issuing failed this many times for an unexpected reason is marked failed.
MAX_ATTEMPTS = 3
#: A claim (``issuing``) older than this is stale: its worker died (``batch_recover``).
DEFAULT_LEASE = timedelta(minutes=5)


def _worker() -> str:
    """This worker, as items record who claimed them: ``MICROCRED_WORKER_NAME`` when the operator
    names the workers, else ``host:pid`` (of the process that issues: RQ forks one per task)."""
    return (os.environ.get("MICROCRED_WORKER_NAME") or f"{socket.gethostname()}:{os.getpid()}")[:100]


#: O2 supervision and identity verification, weakest first (EU Council Recommendation 2022/C
#: 243/02, Annex I O2): an applied level satisfies the specification's when it is not weaker.
SUPERVISION_RANK: dict[str, int] = {"unsupervised_no_id": 0, "supervised_no_id": 1, "supervised_with_id": 2}


class FailureCode(StrEnum):
    """Why an item was not issued; the pages translate each (``bulk.messages``)."""

    NOT_PASSED = "not_passed"
    ALREADY_ISSUED = "already_issued"
    SUPERVISION_NOT_MET = "supervision_not_met"
    INVALID_LEARNER = "invalid_learner"
    INVALID_RESULT = "invalid_result"
    VERSION_NOT_PUBLISHED = "version_not_published"
    NO_SIGNING_KEY = "no_signing_key"
    NOT_ALLOWED = "not_allowed"
    SIGNING_FAILED = "signing_failed"
    INTERNAL_ERROR = "internal_error"


class BulkInputError(MicrocredError):
    """A batch that cannot be started; ``code`` is translated by the pages (``bulk.messages``)."""

    def __init__(self, code: str, *, where: str = "", **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(f"{code} {params}".strip(), where=where)


@dataclass(frozen=True, slots=True)
class BulkLearner:
    """One learner of a batch and their result, as the results import (``pilot``) hands it over.

    ``name`` and ``email`` become ``Learner`` (Annex I M1; only a salted hash of the e-mail goes
    into the credential, ADR 0601); the rest becomes ``AssessmentResult``: ``awarded_on`` (M5,
    the time of issuing when not given), ``assessed_on``, ``grade`` in ``grading_scheme`` (O3),
    ``supervision_applied`` (O2 as it actually happened), ``credits_earned``. ``external_id`` is
    the learner's id at the institution: one item per id in a batch.
    """

    external_id: str
    name: str
    email: str | None = None
    passed: bool = True
    grade: str | None = None
    grading_scheme: str | None = None
    assessed_on: date | None = None
    awarded_on: datetime | None = None
    supervision_applied: Supervision | None = None
    credits_earned: Decimal | None = None


def _can_issue(by: Any, version: MicroCredentialVersion) -> None:
    if by is not None:  # None: the system (a management command, the results import's task)
        require(by, Action.ISSUE_CREDENTIAL, version.micro_credential.institution)


def start_batch(
    *,
    version: MicroCredentialVersion,
    items: Iterable[BulkLearner],
    by: Any,
    offering: Offering | None = None,
) -> Batch:
    """Store a batch of ``items`` to issue ``version`` to, and enqueue its task once committed.

    Refused (``BulkInputError``) when the version is not published, the batch is empty or larger
    than ``MICROCRED_BULK_MAX_ITEMS``, or two items share an external id; ``PermissionDenied``
    unless ``by`` may issue for the version's institution (``Action.ISSUE_CREDENTIAL``)."""
    _can_issue(by, version)
    if offering is not None and offering.version_id != version.pk:
        raise ValueError("the offering is of another version than the batch")  # a caller's mistake
    if version.status != Status.PUBLISHED:
        raise BulkInputError("version_not_published", where=str(version))
    learners = list(items)
    limit = int(settings.MICROCRED_BULK_MAX_ITEMS)
    if not learners:
        raise BulkInputError("empty_batch")
    if len(learners) > limit:
        raise BulkInputError("too_many_items", count=len(learners), limit=limit)
    seen: set[str] = set()
    for learner in learners:
        key = learner.external_id.strip()
        if not key:
            raise BulkInputError("missing_external_id", where=learner.name)
        if key in seen:
            raise BulkInputError("duplicate_external_id", where=key, external_id=key)
        seen.add(key)
    with transaction.atomic():
        batch = Batch.objects.create(
            institution=version.micro_credential.institution,
            version=version,
            offering=offering,
            created_by=by if getattr(by, "pk", None) is not None else None,
            total=len(learners),
        )
        BatchItem.objects.bulk_create(
            [_item(batch, position, learner) for position, learner in enumerate(learners, start=1)]
        )
        transaction.on_commit(lambda: batch_enqueue(batch=batch))
    return batch


def _text(value: str | None, limit: int) -> str:
    """Unicode NFC (Vietnamese and Lao names kept as typed, compared as one form), trimmed."""
    return unicodedata.normalize("NFC", (value or "").strip())[:limit]


def _item(batch: Batch, position: int, learner: BulkLearner) -> BatchItem:
    return BatchItem(
        batch=batch,
        version=batch.version,
        position=position,
        external_id=_text(learner.external_id, 100),
        learner_name=_text(learner.name, 200),
        learner_email=_text(learner.email, 320),
        passed=learner.passed,
        grade=_text(learner.grade, 100),
        grading_scheme=_text(learner.grading_scheme, 200),
        assessed_on=learner.assessed_on,
        awarded_on=learner.awarded_on,
        supervision_applied=learner.supervision_applied or "",
        credits_earned=learner.credits_earned,
    )


def batch_enqueue(*, batch: Batch) -> None:
    """Enqueue ``MICROCRED_BULK_TASKS_PER_BATCH`` tasks for the batch on the configured queue and
    remember the last one's id. Each task works the batch until no item is pending; several
    tasks let several workers (on several machines, with RQ) share one batch, each claiming
    its own items (``batch_process``). A task that finds nothing left ends at once."""
    from microcred_web.bulk.tasks import process_batch  # the task module imports this one

    tasks = max(1, int(getattr(settings, "MICROCRED_BULK_TASKS_PER_BATCH", 1)))
    for _ in range(tasks):
        result = process_batch.enqueue(str(batch.uuid))
    Batch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])


# ---------------------------------------------------------------------------------------------
# The task's work


def batch_process(*, batch_uuid: str) -> dict[str, int]:
    """Issue every pending item of the batch, one transaction each; return the counts by state.

    Safe to run several times at once and after a crash: items are claimed (``pending`` →
    ``issuing``) a few at a time by one transaction that skips rows another worker is claiming
    (``claim_items``), and each is issued under a row lock only if still claimed and without a
    credential."""
    batch = Batch.objects.select_related(
        "version__micro_credential__institution", "created_by", "offering"
    ).get(uuid=batch_uuid)
    if batch.started_at is None:
        Batch.objects.filter(pk=batch.pk, started_at__isnull=True).update(started_at=timezone.now())
    claimed_upto = 0  # the last position this worker claimed: what is left is after it
    while claimed := claim_items(batch=batch, limit=_chunk_size(batch.total - claimed_upto)):
        claimed_upto = max(claimed_upto, _issue_chunk(batch=batch, pks=claimed))
    if not batch.items.filter(state__in=UNFINISHED).exists():
        Batch.objects.filter(pk=batch.pk, finished_at__isnull=True).update(finished_at=timezone.now())
    return _counts(batch)


#: The smallest chunk a worker claims as the batch's end nears (``_chunk_size``).
MIN_CHUNK = 10


def _chunk_size(left: int) -> int:
    """How many items to claim (ADR 1235): ``MICROCRED_BULK_CHUNK`` (200), as few as a quarter of
    what is ``left`` for each of the batch's workers near its end, not fewer than ``MIN_CHUNK``.
    Big chunks spread each chunk's reads, checks and commit over more credentials; smaller ones at
    the end keep the workers finishing together rather than one signing a last big chunk alone."""
    chunk = int(settings.MICROCRED_BULK_CHUNK)
    workers = max(1, int(getattr(settings, "MICROCRED_BULK_TASKS_PER_BATCH", 1)))
    return max(min(chunk, MIN_CHUNK), min(chunk, -(-left // (2 * workers))))


#: How often a transaction that PostgreSQL chose as a deadlock's victim is run again (ADR 1234).
DEADLOCK_TRIES = 3


def _lost_a_deadlock(exc: OperationalError) -> bool:
    """Whether PostgreSQL rolled the transaction back to break a deadlock (SQLSTATE 40P01) or a
    serialisation conflict (40001): then nothing of it stayed, and it may simply run again."""
    return getattr(exc.__cause__, "sqlstate", None) in {"40P01", "40001"}


def claim_items(*, batch: Batch, limit: int | None = None) -> list[int]:
    """``_claim_items``, run again when PostgreSQL chose it as a deadlock's victim (two workers'
    claims and stores check their rows' foreign keys at commit, and may wait on each other)."""
    for attempt in range(1, DEADLOCK_TRIES + 1):
        try:
            return _claim_items(batch=batch, limit=limit)
        except OperationalError as exc:
            if attempt == DEADLOCK_TRIES or not _lost_a_deadlock(exc):
                raise
            time.sleep(0.01 * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _claim_items(*, batch: Batch, limit: int | None = None) -> list[int]:
    """Claim up to ``limit`` (``_chunk_size``: ADR 1234, 1235) pending items of the batch, first positions first, for this worker:
    one short transaction. On PostgreSQL the rows another worker is claiming at that moment
    are skipped (``FOR UPDATE SKIP LOCKED``), so two workers never wait on each other nor claim
    one item twice; on SQLite the write lock makes the transactions one after the other (ADR
    0609), and the ``state='pending'`` condition of the update decides."""
    if limit is None:
        limit = int(settings.MICROCRED_BULK_CHUNK)
    with transaction.atomic():
        pending = list(
            BatchItem.objects.select_for_update(skip_locked=True)
            .filter(batch=batch, state=ItemState.PENDING)
            .order_by("position")
            .values_list("pk", flat=True)[:limit]
        )
        if not pending:
            return []
        now = timezone.now()
        updated = BatchItem.objects.filter(pk__in=pending, state=ItemState.PENDING).update(
            state=ItemState.ISSUING, claimed_at=now, claimed_by=_worker(), attempts=F("attempts") + 1
        )
        if updated != len(pending):  # a database that locks neither: only those this update moved
            pending = list(
                BatchItem.objects.filter(pk__in=pending, state=ItemState.ISSUING, claimed_at=now)
                .order_by("position")
                .values_list("pk", flat=True)
            )
        _reserve_slots(batch, pending)
        return pending


#: ``UPDATE`` of one item's slot; table and column names from the model, values as parameters.
_SET_SLOT = 'UPDATE "{table}" SET "{list_col}" = %s, "{index_col}" = %s WHERE "{pk_col}" = %s'.format(  # noqa: S608 - names from the model
    table=BatchItem._meta.db_table,
    list_col=BatchItem._meta.get_field("status_list").column,
    index_col=BatchItem._meta.get_field("status_index").column,
    pk_col=BatchItem._meta.pk.column,  # type: ignore[union-attr]
)


def _reserve_slots(batch: Batch, pks: list[int]) -> None:
    """A revocation-list slot for each claimed item that has none yet, in the claim's transaction
    (ADR 1233): the credential is then signed outside any transaction, and a given-back item
    keeps its slot, so no index is lost or handed out twice."""
    without = list(
        BatchItem.objects.filter(pk__in=pks, status_list__isnull=True)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    if not without:
        return
    slots = status_slots_reserve(institution=batch.institution, count=len(without))
    # one statement run for each item (ADR 1235): bulk_update's CASE per column and item cost the
    # ORM more than the claim's SQL itself
    with connection.cursor() as cursor:
        cursor.executemany(
            _SET_SLOT,
            [(status_list.pk, index, pk) for pk, (status_list, index) in zip(without, slots, strict=True)],
        )


def _counts(batch: Batch) -> dict[str, int]:
    counts = dict.fromkeys(ItemState.values, 0)
    for state in batch.items.values_list("state", flat=True):
        counts[state] += 1
    return counts


class _ItemFailure(Exception):
    def __init__(self, code: FailureCode) -> None:
        self.code = code


def _typed(item: BatchItem, version: MicroCredentialVersion) -> tuple[Learner, AssessmentResult]:
    """The item as the core's typed values, or the reason it earns no credential."""
    if not item.passed:
        raise _ItemFailure(FailureCode.NOT_PASSED)
    required = (version.spec or {}).get("supervision")
    if (
        required in SUPERVISION_RANK
        and SUPERVISION_RANK.get(item.supervision_applied, -1) < (SUPERVISION_RANK[required])
    ):
        raise _ItemFailure(FailureCode.SUPERVISION_NOT_MET)
    try:
        learner = Learner(display_name=item.learner_name, email=item.learner_email or None)
    except ValidationError:
        raise _ItemFailure(FailureCode.INVALID_LEARNER) from None
    try:
        result = AssessmentResult(
            passed=True,
            grade=item.grade or None,
            grading_scheme=item.grading_scheme or None,
            awarded_on=item.awarded_on or timezone.now().replace(microsecond=0),
            assessed_on=item.assessed_on,
            supervision_applied=item.supervision_applied or None,
            credits_earned=item.credits_earned,
        )
    except ValidationError:
        raise _ItemFailure(FailureCode.INVALID_RESULT) from None
    return learner, result


def batch_item_issue(*, batch: Batch, item_pk: int) -> None:
    """Claim the item, then issue it in one transaction with its new state (ADR 1101)."""
    claimed = BatchItem.objects.filter(pk=item_pk, state=ItemState.PENDING).update(
        state=ItemState.ISSUING, claimed_at=timezone.now(), claimed_by=_worker(), attempts=F("attempts") + 1
    )
    if claimed:  # otherwise another worker has it, or it is done
        _reserve_slots(batch, [item_pk])
        item = BatchItem.objects.select_related("status_list__institution").get(pk=item_pk)
        _issue_claimed(batch=batch, item=item)


def _issue_claimed(*, batch: Batch, item: BatchItem) -> None:
    """Issue a claimed item (ADR 1101, ADR 1233): compose, sign and verify outside any transaction
    (reads only, so workers sign side by side, even on SQLite), with the status-list slot the claim
    reserved; then, in one short transaction, lock the item, go on only if it is still claimed
    and without a credential, store the credential and the item's new state. A learner issued this
    version by another batch is refused by the database (one issued item per learner and version),
    and the item fails ``already_issued``."""
    item_pk = item.pk
    try:
        if item.state != ItemState.ISSUING or item.credential_id is not None:
            return
        learner, result = _typed(item, batch.version)
        if item.status_list is None or item.status_index is None:  # claimed before ADR 1233
            _reserve_slots(batch, [item.pk])
            item = BatchItem.objects.select_related("status_list__institution").get(pk=item_pk)
        assert item.status_list is not None and item.status_index is not None
        prepared = credential_prepare(
            version=batch.version,
            learner=learner,
            result=result,
            by=batch.created_by,
            slot=(item.status_list, item.status_index),
        )
    except _ItemFailure as failure:
        _fail(item_pk, failure.code)
        return
    except PermissionDenied:
        _fail(item_pk, FailureCode.NOT_ALLOWED)
        return
    except NoSigningKeyError:
        _fail(item_pk, FailureCode.NO_SIGNING_KEY)
        return
    except MicrocredError as exc:
        _fail_signing(batch, item_pk, exc)
        return
    except Exception:
        # Not the item's fault (the database went away...): give it back, or give up after a few tries.
        _give_back(BatchItem.objects.get(pk=item_pk))
        raise
    _store_one(batch=batch, item=item, prepared=prepared)


def _store_one(*, batch: Batch, item: BatchItem, prepared: IssuedCredential) -> None:
    """Store one prepared credential with its item's new state, in one short transaction: lock the
    item, go on only if it is still claimed and without a credential (ADR 1233)."""
    item_pk = item.pk
    try:
        with transaction.atomic():
            locked = BatchItem.objects.select_for_update().only("state", "credential").get(pk=item_pk)
            if locked.state != ItemState.ISSUING or locked.credential_id is not None:
                return  # another worker finished it while this one signed
            credential = credential_store(
                issued=prepared,
                by=batch.created_by,
                via="bulk",
                offering_language=batch.offering.language if batch.offering_id is not None else None,
            )
            BatchItem.objects.filter(pk=item_pk).update(
                credential=credential, state=ItemState.ISSUED, error_code="", finished_at=timezone.now()
            )
            if batch.offering_id is not None:  # the learner's enrolment holds its credential (ADR 1001)
                Enrolment.objects.filter(
                    offering_id=batch.offering_id, external_id=item.external_id, credential__isnull=True
                ).update(credential=credential)
    except IntegrityError:
        # another batch issued this learner the same version at the same moment: the unique
        # constraint refused the second, and its credential was rolled back with it
        item = BatchItem.objects.get(pk=item_pk)
        if not BatchItem.objects.filter(
            version=item.version_id, external_id=item.external_id, state=ItemState.ISSUED
        ).exists():
            _give_back(item)
            raise
        _fail(item_pk, FailureCode.ALREADY_ISSUED)
    except MicrocredError as exc:  # its credential id taken (ADR 0607)
        _fail_signing(batch, item_pk, exc)
    except Exception:
        # Not the item's fault (the database went away...): give it back, or give up after a few tries.
        _give_back(BatchItem.objects.get(pk=item_pk))
        raise


def _fail_signing(batch: Batch, item_pk: int, exc: MicrocredError) -> None:
    published = MicroCredentialVersion.objects.filter(pk=batch.version_id, status=Status.PUBLISHED)
    _fail(item_pk, FailureCode.SIGNING_FAILED if published.exists() else FailureCode.VERSION_NOT_PUBLISHED)
    log.warning("bulk item %s not issued: %s", item_pk, type(exc).__name__)


def _issue_chunk(*, batch: Batch, pks: list[int]) -> int:
    """``_issue_items`` of the claimed ``pks``; returns the last position among them."""
    loaded = _items_with_slots(pks)
    _issue_items(batch=batch, pks=pks, loaded=loaded)
    return max((item.position for item in loaded.values()), default=0)


def _issue_items(*, batch: Batch, pks: list[int], loaded: dict[int, BatchItem]) -> None:
    """Issue a claimed chunk (ADR 1234, continuing ADR 1233): read once for the whole chunk the
    items, the version, the signer, the key and its DID document, the parsed specification, the
    institution and the learners' accounts; compose, sign and verify each credential outside any
    transaction (reads only); then store the whole chunk in one short transaction
    (``_store_chunk``). When the database refuses that transaction (a learner issued this
    version by another batch at the same moment: the duplicate-learner constraint), the chunk is
    stored again one item at a time (``_store_one``), which tells the refused item from the
    others. Anything else unexpected gives the chunk's unfinished items back (or fails those
    tried too often) and is raised, as for one item."""
    todo = [
        loaded[pk]
        for pk in pks
        if pk in loaded and loaded[pk].state == ItemState.ISSUING and loaded[pk].credential_id is None
    ]
    without_slot = [i.pk for i in todo if i.status_list_id is None or i.status_index is None]
    if without_slot:  # claimed before ADR 1233
        _reserve_slots(batch, without_slot)
        again = _items_with_slots(without_slot)
        todo = [again.get(i.pk, i) for i in todo]
    if not todo:
        return
    failures: dict[int, FailureCode] = {}
    prepared: list[tuple[BatchItem, IssuedCredential]] = []
    try:
        version = MicroCredentialVersion.objects.select_related("micro_credential__institution").get(
            pk=batch.version_id
        )
        try:
            context = issuing_context(version=version, by=batch.created_by)
        except PermissionDenied:
            _fail_many({i.pk: FailureCode.NOT_ALLOWED for i in todo})
            return
        except NoSigningKeyError:
            _fail_many({i.pk: FailureCode.NO_SIGNING_KEY for i in todo})
            return
        except MicrocredError:
            code = (
                FailureCode.VERSION_NOT_PUBLISHED
                if version.status != Status.PUBLISHED
                else FailureCode.SIGNING_FAILED
            )
            _fail_many({i.pk: code for i in todo})
            return
        typed: list[tuple[BatchItem, Learner, AssessmentResult]] = []
        for item in todo:
            try:
                learner, result = _typed(item, version)
            except _ItemFailure as failure:
                failures[item.pk] = failure.code
                continue
            typed.append((item, learner, result))
        accounts = learner_accounts(learner.email for _item, learner, _result in typed if learner.email)
        for item, learner, result in typed:
            assert item.status_list is not None and item.status_index is not None
            try:
                credential = credential_prepare_in(
                    context,
                    learner=learner,
                    result=result,
                    slot=(item.status_list, item.status_index),
                    account=accounts.get(learner.email.strip().lower()) if learner.email else None,
                )
            except MicrocredError as exc:
                failures[item.pk] = FailureCode.SIGNING_FAILED
                log.warning("bulk item %s not issued: %s", item.pk, type(exc).__name__)
                continue
            prepared.append((item, credential))
        for attempt in range(1, DEADLOCK_TRIES + 1):
            try:
                _store_chunk(batch=batch, prepared=prepared, failures=failures)
                break
            except OperationalError as exc:
                _unsaved(prepared)
                if attempt == DEADLOCK_TRIES or not _lost_a_deadlock(exc):
                    raise
                time.sleep(0.01 * attempt)
            except (IntegrityError, MicrocredError):
                _unsaved(prepared)
                for item, credential in prepared:
                    _store_one(batch=batch, item=item, prepared=credential)
                _fail_many(failures)
                break
    except Exception:
        for item in todo:
            _give_back(item)
        raise


def _items_with_slots(pks: list[int]) -> dict[int, BatchItem]:
    """The items by pk, each with its status list (and the list's institution) read once for the
    chunk and shared: a ``select_related`` read the list's bits and signed credential again with
    every item, and parsed that JSON fifty times a chunk; signing needs the list's URL only."""
    items = BatchItem.objects.in_bulk(pks)
    lists = (
        StatusList.objects.select_related("institution")
        .defer("bits", "signed_credential")
        .in_bulk({i.status_list_id for i in items.values() if i.status_list_id is not None})
    )
    for item in items.values():
        if item.status_list_id is not None:
            item.status_list = lists[item.status_list_id]
    return items


def _unsaved(prepared: list[tuple[BatchItem, IssuedCredential]]) -> None:
    """The chunk's credentials as before their insert, which was rolled back."""
    for _item, credential in prepared:
        credential.pk, credential._state.adding = None, True


def _store_chunk(
    *, batch: Batch, prepared: list[tuple[BatchItem, IssuedCredential]], failures: dict[int, FailureCode]
) -> None:
    """One transaction for a chunk: lock its items, keep those still claimed and without a
    credential, store their credentials (``credentials_store``: one insert each for the ids, the
    rows and the claim links), mark them issued with one update, give the offering's enrolments
    their credentials, and mark the failed items."""
    now = timezone.now()
    with transaction.atomic():
        still = set(
            BatchItem.objects.select_for_update()
            .filter(
                pk__in=[item.pk for item, _c in prepared], state=ItemState.ISSUING, credential__isnull=True
            )
            .values_list("pk", flat=True)
        )
        ready = [(item, credential) for item, credential in prepared if item.pk in still]
        credentials_store(
            issued=[credential for _item, credential in ready],
            by=batch.created_by,
            via="bulk",
            offering_language=batch.offering.language if batch.offering_id is not None else None,
        )
        if ready:  # one update: the same state for all, each the credential signed with its slot
            BatchItem.objects.filter(pk__in=[item.pk for item, _c in ready]).update(
                state=ItemState.ISSUED,
                error_code="",
                finished_at=now,
                credential=_credential_of_its_slot(),
            )
        if batch.offering_id is not None and ready:  # the learner's enrolment holds its credential (ADR 1001)
            by_learner = {item.external_id: credential for item, credential in ready}
            enrolments = list(
                Enrolment.objects.filter(
                    offering_id=batch.offering_id, external_id__in=by_learner, credential__isnull=True
                )
            )
            for enrolment in enrolments:
                enrolment.credential = by_learner[enrolment.external_id]
            Enrolment.objects.bulk_update(enrolments, ["credential"])
        _fail_many(failures, now=now)


def _credential_of_its_slot() -> Subquery:
    """The credential signed with the item's status-list slot (ADR 1235): the slot is unique
    among credentials (``unique_revocation_slot``) and reserved for one item (ADR 1233), so it names
    the item's credential. One expression whatever the chunk's size, where a ``CASE`` on the pk
    grew a branch per item and cost the ORM a quarter of the chunk's store to build."""
    return Subquery(
        IssuedCredential.objects.filter(
            revocation_list=OuterRef("status_list"), revocation_index=OuterRef("status_index")
        ).values("pk")[:1]
    )


def _fail_many(failures: dict[int, FailureCode], *, now: datetime | None = None) -> None:
    by_code: dict[FailureCode, list[int]] = {}
    for pk, code in failures.items():
        by_code.setdefault(code, []).append(pk)
    for code, pks in by_code.items():
        BatchItem.objects.filter(pk__in=pks, state=ItemState.ISSUING).update(
            state=ItemState.FAILED, error_code=code.value, finished_at=now or timezone.now()
        )


def _give_back(item: BatchItem) -> None:
    if item.attempts >= MAX_ATTEMPTS:
        _fail(item.pk, FailureCode.INTERNAL_ERROR)
    else:
        BatchItem.objects.filter(pk=item.pk, state=ItemState.ISSUING).update(
            state=ItemState.PENDING, claimed_at=None
        )


def _fail(item_pk: int, code: FailureCode) -> None:
    BatchItem.objects.filter(pk=item_pk, state=ItemState.ISSUING).update(
        state=ItemState.FAILED, error_code=code.value, finished_at=timezone.now()
    )


# ---------------------------------------------------------------------------------------------
# Recovery


def batch_recover(*, older_than: timedelta = DEFAULT_LEASE) -> list[Batch]:
    """After a crash: give back the items whose claim is older than ``older_than`` (their worker
    died mid-item; the transaction that would have issued them was rolled back with it) and
    enqueue every batch that still has work. The queue's own record of a killed task (left
    ``RUNNING`` by ``django-tasks-db``) is marked failed. Returns the batches enqueued."""
    cutoff = timezone.now() - older_than
    stale = Q(claimed_at__lt=cutoff) | Q(claimed_at__isnull=True)
    BatchItem.objects.filter(stale, state=ItemState.ISSUING, credential__isnull=True).update(
        state=ItemState.PENDING, claimed_at=None
    )
    _fail_orphaned_task_results(cutoff)
    batches = list(Batch.objects.filter(items__state=ItemState.PENDING).distinct().order_by("pk"))
    for batch in batches:
        batch_enqueue(batch=batch)
    return batches


def _fail_orphaned_task_results(cutoff: datetime) -> None:
    """``django-tasks-db`` never looks again at a task whose worker was killed: it stays
    ``RUNNING``. Mark the batch tasks started before ``cutoff`` and still running as failed, so
    the queue's admin tells the truth; the batch itself is resumed by a new task."""
    if settings.MICROCRED_TASKS_BACKEND != "database":
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(
        status="RUNNING", task_path="microcred_web.bulk.tasks.process_batch", started_at__lt=cutoff
    ).update(status="FAILED", finished_at=timezone.now(), exception_class_path="builtins.SystemExit")
