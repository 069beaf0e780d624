"""Bulk issuing (issue 11, item 3; ADR 1101): a batch is a set of per-learner items, each with its
own state, worked through by a background task in small transactions.

Crash safety rests on three things the database enforces, not on the worker:

* an item is tied to at most one credential (``credential`` is a one-to-one column, so unique) and
  the credential row, its status-list index and the item's ``issued`` state are written in one
  transaction (``services.batch_item_issue``): a worker killed mid-item leaves nothing behind;
* a status-list index is taken by moving the list's ``next_index`` forward in that same
  transaction (``credentials.services._allocate``), so a rolled-back item gives its index back
  before anyone else sees it, and a committed one is never handed out again;
* the item's state is checked under a row lock before signing, so two workers that both picked
  an item (a resumed batch while an old task still ran) issue it once.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials.models import IssuedCredential, StatusList
from microcred_web.institutions.models import Institution


class ItemState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    ISSUING = "issuing", _("Being issued")
    ISSUED = "issued", _("Issued")
    FAILED = "failed", _("Failed")


#: States from which the item still needs work (a resumed batch picks these up).
UNFINISHED = (ItemState.PENDING, ItemState.ISSUING)


class Batch(models.Model):
    """One bulk run: a published version issued to many learners of one institution."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="batches")
    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.PROTECT, related_name="batches")
    # The pilot's offering (issue 11 item 1) the learners came from, when the batch was started
    # from one; empty for a batch started from the studio. PROTECT: a batch is the record of
    # credentials issued from the offering's results, so the offering is not deleted under it.
    offering = models.ForeignKey(
        "pilot.Offering", null=True, blank=True, on_delete=models.PROTECT, related_name="batches"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: The first item started / the last item finished (progress: rate and time left).
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: The id of the last task enqueued for the batch (django-tasks ``TaskResult.id``).
    task_id = models.CharField(max_length=64, blank=True)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bulk issuing batch")
        verbose_name_plural = _("bulk issuing batches")

    def __str__(self) -> str:
        return f"batch {self.uuid} ({self.total} learners)"


class BatchItem(models.Model):
    """One learner of a batch: the typed input (``services.BulkLearner``) and its outcome.

    The learner fields are what ``microcred.model.award.Learner`` / ``AssessmentResult`` take
    (Annex I of Council Recommendation 2022/C 243/02: M1 learner, M5 date, O2 supervision and
    identity verification applied, O3 grade).
    """

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="items")
    # the batch's version, repeated here so that the database refuses a second issued item for one
    # learner and version, whichever batch it comes from (a results file imported twice)
    version = models.ForeignKey(MicroCredentialVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    external_id = models.CharField(_("learner's id at the institution"), max_length=100)
    learner_name = models.CharField(max_length=200)
    learner_email = models.CharField(max_length=320, blank=True)
    grade = models.CharField(max_length=100, blank=True)
    grading_scheme = models.CharField(max_length=200, blank=True)
    passed = models.BooleanField(default=True)
    assessed_on = models.DateField(null=True, blank=True)
    awarded_on = models.DateTimeField(null=True, blank=True)
    # O2 as it actually happened: unsupervised_no_id, supervised_no_id or supervised_with_id.
    supervision_applied = models.CharField(max_length=40, blank=True)
    credits_earned = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    state = models.CharField(max_length=10, choices=ItemState.choices, default=ItemState.PENDING)
    #: Why the item failed: a code of ``services.FailureCode`` (translated by the pages).
    error_code = models.CharField(max_length=40, blank=True)
    #: When a worker took the item (``issuing``); a claim older than the lease is stale.
    claimed_at = models.DateTimeField(null=True, blank=True)
    #: Which worker took it last ("host:pid"): where to look when a claim goes stale.
    claimed_by = models.CharField(max_length=100, blank=True)
    #: The revocation-list slot reserved for its credential when it was claimed (ADR 1233): kept
    #: when the item is given back, so a resumed item signs with the same index, and none is lost.
    status_list = models.ForeignKey(
        StatusList, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status_index = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # One-to-one: a credential belongs to at most one item, and an item has at most one credential.
    credential = models.OneToOneField(
        IssuedCredential, null=True, blank=True, on_delete=models.PROTECT, related_name="batch_item"
    )

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "external_id"], name="unique_batch_learner"),
            models.UniqueConstraint(fields=["batch", "position"], name="unique_batch_position"),
            models.UniqueConstraint(
                fields=["version", "external_id"],
                condition=Q(state="issued"),
                name="one_issued_item_per_learner_and_version",
            ),
            # issued <=> a credential: no issued item without one, no credential on another state
            models.CheckConstraint(
                condition=(Q(state="issued") & Q(credential__isnull=False))
                | (~Q(state="issued") & Q(credential__isnull=True)),
                name="issued_item_has_its_credential",
            ),
        ]
        # a claim reads a batch's pending items in position order: with the position in the index it
        # reads only the chunk, not every item claimed before it (ADR 1235)
        indexes = [models.Index(fields=["batch", "state", "position"], name="bulk_item_batch_state_pos")]

    def __str__(self) -> str:
        return f"{self.external_id} ({self.state})"
