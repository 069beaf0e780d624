"""Quality assurance records (issue 15 items 1-2; ADRs 1501, 1502): the reviewers' checklist
answers and sign-offs (append-only, each with the checklist version it answered), each
institution's QA policy (a second reviewer or not), the QA plan's targets (append-only: the
latest per indicator is the target) and the daily verification counter (a count per day, nothing
about who verified what)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistAnswer(models.Model):
    """One reviewer's answer to one checklist item for one version. Append-only: a corrected
    answer is a new row, the latest per item counts (``microcred.qa.checklist``)."""

    version = models.ForeignKey(
        "catalogue.MicroCredentialVersion", on_delete=models.CASCADE, related_name="qa_answers"
    )
    checklist_version = models.CharField(max_length=20)
    item = models.CharField(max_length=40)
    met = models.BooleanField()
    evidence = models.TextField()
    link = models.URLField(max_length=500, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")


class ReviewSignOff(models.Model):
    """A reviewer's sign-off of the whole checklist: the first review, where the institution asks
    for a second reviewer (who then approves)."""

    version = models.ForeignKey(
        "catalogue.MicroCredentialVersion", on_delete=models.CASCADE, related_name="qa_sign_offs"
    )
    checklist_version = models.CharField(max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class InstitutionQaPolicy(models.Model):
    """An institution's setting for QA review: whether approval needs a second reviewer."""

    institution = models.OneToOneField(
        "institutions.Institution", on_delete=models.CASCADE, related_name="qa_policy"
    )
    second_reviewer_required = models.BooleanField(_("a second reviewer approves"), default=False)

    class Meta:
        verbose_name = _("QA policy")
        verbose_name_plural = _("QA policies")


class Target(models.Model):
    """A target set by the consortium's QA role for one indicator (append-only; the latest row
    per indicator is the target). ``value`` empty: no target."""

    indicator = models.CharField(max_length=60, db_index=True)
    value = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class VerificationDay(models.Model):
    """How many credential verifications this platform ran on a day (page, API, presentations):
    a number per day, nothing about the credential or the person."""

    day = models.DateField(unique=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]


class LearnerSurveyResponse(models.Model):
    """A learner's answers to the satisfaction survey of the offering they completed (issue 15
    item 3; ADR 1540): one per enrolment, editable until the survey closes
    (``microcred.qa.surveys.closes_on``). ``scores``: statement code -> 1..5; ``satisfied`` is
    the core's rule on them, stored so the database counts it. Shown only in aggregate (groups
    of five or more); the comment only to QA roles, never with the learner's name."""

    enrolment = models.OneToOneField(
        "pilot.Enrolment", on_delete=models.CASCADE, related_name="survey_response"
    )
    survey_version = models.CharField(max_length=20)
    scores = models.JSONField()
    satisfied = models.BooleanField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]


class EmployerFeedback(models.Model):
    """An employer organisation's feedback on a micro-credential for one survey round (a
    calendar quarter; ADR 1540): one per employer, micro-credential and round, editable during
    the round. Given by a member of the organisation in its name."""

    employer = models.ForeignKey("skills.Employer", on_delete=models.CASCADE, related_name="feedback")
    micro_credential = models.ForeignKey(
        "catalogue.MicroCredential", on_delete=models.CASCADE, related_name="employer_feedback"
    )
    survey_round = models.CharField(max_length=7)
    survey_version = models.CharField(max_length=20)
    scores = models.JSONField()
    comment = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "micro_credential", "survey_round"],
                name="one_employer_feedback_per_round",
            )
        ]
