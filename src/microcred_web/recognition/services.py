"""The writes of the recognition desk, by name (recognition.md §4-§6; ADR 0851).

The services live in one module per job: ``intake`` (opening a case), ``lo_matrix`` (target and
outcome matrix), ``findings`` (reclassifications, levels), ``proposal`` (the engine's proposal
and the request for information), ``information_answers`` (answers to it), ``decision``
(decide, countersign, conditions, close), ``appeal``, ``decision_credential`` and
``replay_check``; the steps they share are in ``case_events``. This module only re-exports the
public services for callers that name them here; new code imports the job's module.
"""

from __future__ import annotations

from microcred_web.recognition.appeal import recognition_appeal_decide, recognition_appeal_lodge
from microcred_web.recognition.case_events import LEARNER_VISIBLE, actor_of, learner_ref_of
from microcred_web.recognition.decision import (
    authenticity_established,
    information_requests_expired,
    recognition_case_approve,
    recognition_case_close,
    recognition_case_decide,
    recognition_conditions_met,
    recognition_information_request_expire,
)
from microcred_web.recognition.decision_credential import (
    decision_credential_document,
    recognition_decision_credential_revoke,
    recognition_decision_issue,
)
from microcred_web.recognition.findings import (
    recognition_finding_approve,
    recognition_finding_reclassify,
    recognition_level_record,
)
from microcred_web.recognition.information_answers import (
    MAX_REPLY,
    MAX_SOURCE,
    recognition_information_answer,
    recognition_information_supply,
)
from microcred_web.recognition.intake import (
    recognition_case_import,
    recognition_case_open_from_credential,
    recognition_request_create,
)
from microcred_web.recognition.lo_matrix import (
    recognition_case_set_target,
    recognition_lo_matrix_sign_off,
    recognition_lo_pair_confirm,
    recognition_lo_pair_edit,
    recognition_lo_pair_reject,
)
from microcred_web.recognition.proposal import case_document, recognition_case_propose
from microcred_web.recognition.replay_check import ReplayMismatchError, recognition_case_replay

__all__ = [
    "LEARNER_VISIBLE",
    "MAX_REPLY",
    "MAX_SOURCE",
    "ReplayMismatchError",
    "actor_of",
    "authenticity_established",
    "case_document",
    "decision_credential_document",
    "information_requests_expired",
    "learner_ref_of",
    "recognition_appeal_decide",
    "recognition_appeal_lodge",
    "recognition_case_approve",
    "recognition_case_close",
    "recognition_case_decide",
    "recognition_case_import",
    "recognition_case_open_from_credential",
    "recognition_case_propose",
    "recognition_case_replay",
    "recognition_case_set_target",
    "recognition_conditions_met",
    "recognition_decision_credential_revoke",
    "recognition_decision_issue",
    "recognition_finding_approve",
    "recognition_finding_reclassify",
    "recognition_information_answer",
    "recognition_information_request_expire",
    "recognition_information_supply",
    "recognition_level_record",
    "recognition_lo_matrix_sign_off",
    "recognition_lo_pair_confirm",
    "recognition_lo_pair_edit",
    "recognition_lo_pair_reject",
    "recognition_request_create",
]
