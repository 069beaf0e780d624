"""Writes of QA review and the QA plan (HackSoft style; one transaction each).

* :func:`checklist_answer_record`: a reviewer records an item's answer with its evidence;
* :func:`review_sign_off`: the first reviewer signs the checklist off (where the institution
  requires a second reviewer);
* :func:`approval_guard`: called by ``catalogue.services.version_approve`` inside its
  transaction: the core's checklist rule, then the second reviewer's four eyes;
* :func:`target_set`: the consortium's QA role sets an indicator's target;
* :func:`verification_counted`: one more verification today (written in batches, ADR 1240);
* :func:`verification_counts_flush`: write this process's pending verification counts now.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from microcred import four_eyes
from microcred.qa import checklist, indicators
from microcred_web.accounts.permissions import Action, log_four_eyes_refusal, require
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.qa import selectors
from microcred_web.qa.counting import verification_counted, verification_counts_flush
from microcred_web.qa.errors import QaError
from microcred_web.qa.models import ChecklistAnswer, ReviewSignOff, Target

__all__ = [
    "approval_guard",
    "checklist_answer_record",
    "review_sign_off",
    "target_set",
    "verification_counted",
    "verification_counts_flush",
]

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EVIDENCE_MAX = 4000
LINK_MAX = 500
TARGET_MAX = Decimal("1000000")


def _in_review(version: MicroCredentialVersion) -> MicroCredentialVersion:
    v = (
        MicroCredentialVersion.objects.select_for_update()
        .select_related("micro_credential__institution")
        .get(pk=version.pk)
    )
    if v.status != Status.IN_REVIEW:
        raise QaError("qa.review.not_in_review", where=str(v.micro_credential), status=str(v.status))
    return v


def checklist_answer_record(
    *, version: MicroCredentialVersion, by: User, item: str, met: bool, evidence: str, link: str = ""
) -> ChecklistAnswer:
    """Record a reviewer's answer to one item. The reviewer is whoever may approve the version
    (the permission table and four eyes); the evidence is required, the link optional."""
    require(by, Action.APPROVE, version)
    found = checklist.item(item)
    if found is None:
        raise QaError("qa.checklist.unknown_item", where="item", item=item[:60])
    evidence = evidence.strip()
    if not evidence:
        raise QaError("qa.checklist.evidence_required", where="evidence", item=item)
    if len(evidence) > EVIDENCE_MAX:
        raise QaError("qa.checklist.evidence_too_long", where="evidence", limit=str(EVIDENCE_MAX))
    link = link.strip()
    if link:
        if len(link) > LINK_MAX:
            raise QaError("qa.checklist.link_too_long", where="link", limit=str(LINK_MAX))
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise QaError("qa.checklist.link_invalid", where="link") from None
    with transaction.atomic():
        v = _in_review(version)
        if met and selectors.prechecks(v).get(found.key) is False:
            raise QaError("qa.checklist.precheck_failed", where="met", item=found.key)
        return ChecklistAnswer.objects.create(
            version=v,
            checklist_version=checklist.CHECKLIST_VERSION,
            item=found.key,
            met=met,
            evidence=evidence,
            link=link,
            by=by,
        )


def _problems_or_raise(v: MicroCredentialVersion) -> None:
    problems = checklist.approval_problems(selectors.current_answers(v), selectors.prechecks(v))
    if problems:
        first = problems[0]
        raise QaError(
            first.code.value, where=str(v.micro_credential), item=first.item, count=str(len(problems))
        )


def review_sign_off(*, version: MicroCredentialVersion, by: User) -> ReviewSignOff:
    """The first reviewer signs off a complete checklist; a second reviewer approves."""
    require(by, Action.APPROVE, version)
    with transaction.atomic():
        v = _in_review(version)
        _problems_or_raise(v)
        return ReviewSignOff.objects.create(version=v, checklist_version=checklist.CHECKLIST_VERSION, by=by)


def approval_guard(*, version: MicroCredentialVersion, by: User) -> None:
    """May ``by`` approve ``version`` as far as QA review goes? Raises :class:`QaError` (the
    checklist) or :class:`microcred.four_eyes.FourEyesError` (the second reviewer)."""
    _problems_or_raise(version)
    if not selectors.second_reviewer_required(version.micro_credential.institution_id):
        return
    last_answer = version.qa_answers.order_by("-at", "-pk").values_list("at", flat=True).first()
    sign_offs = list(
        version.qa_sign_offs.filter(checklist_version=checklist.CHECKLIST_VERSION).values_list("by_id", "at")
    )
    current = {by_id for by_id, at in sign_offs if last_answer is None or at >= last_answer}
    if not current:
        raise QaError("qa.review.first_sign_off_missing", where=str(version.micro_credential))
    if current - {by.pk}:
        return  # someone else signed the checklist off: ``by`` is the second reviewer
    verdict = four_eyes.check(
        actor=by.pk, authors=current, holds_role=True, step="second_review", subject="version"
    )
    if not verdict.allowed:
        log_four_eyes_refusal(verdict, user=by, action="approve", object_id=version.pk)
        raise four_eyes.FourEyesError(verdict, where=str(version.micro_credential))


def target_set(*, indicator: str, value: str | Decimal | None, by: User) -> Target:
    """Set (or clear, with ``None`` or "") the consortium's target for ``indicator``."""
    coordinator = selectors.coordinator()
    if coordinator is None:
        if not (by.is_active and by.is_superuser):
            raise PermissionDenied("not allowed: edit_qa_targets")
    else:
        require(by, Action.EDIT_QA_TARGETS, coordinator)
    definition = indicators.definition(indicator)
    if definition is None:
        raise QaError("qa.target.unknown_indicator", where="indicator", indicator=indicator[:60])
    number: Decimal | None = None
    if value is not None and str(value).strip() != "":
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise QaError("qa.target.not_a_number", where="value", value=str(value)[:40]) from None
        if not number.is_finite() or number < 0 or number > TARGET_MAX:
            raise QaError("qa.target.out_of_range", where="value", value=str(value)[:40])
        if definition.kind == indicators.Kind.RATE and number > 1:
            raise QaError("qa.target.rate_above_one", where="value", value=str(number))
        number = number.quantize(Decimal("0.0001"))
    with transaction.atomic():
        return Target.objects.create(indicator=definition.key, value=number, by=by)
