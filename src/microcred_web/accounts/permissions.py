"""The one authorisation policy of the platform (ADR 0301, extended to every action by ADR 0330).

Views, the APIs, the admin and the services of every app ask ``can(user, action, obj)`` (or
``require``, which raises 403) and nothing else, so a rule changes in one place. The rules are
data: ``ROLE_ACTIONS`` says which role may do what *at its own institution*, for the studio,
issuing and revoking, keys and tokens, the recognition desk, agreements, administration and
staff management. Rules on top of the table:

1. Institution isolation: a role acts only on records of the institution where the user holds
   it (for an agreement: any of its parties; for a recognition case: its host). No role reaches
   another institution's records, drafts included.
2. Four eyes (``microcred.four_eyes``, the core's single rule): whoever authored or edited a
   version (created it, submitted it, or saved any edit) cannot review, approve or publish it;
   whoever proposed an agreement version cannot approve it; a role is never granted to oneself.
   It binds consortium administrators too, because it protects the register, not an
   institution.
3. Applicant-only actions (follow a recognition case, appeal its decision) belong to the
   case's applicant, whatever roles they hold, and to nobody else.
4. Superusers (consortium administrators) may do everything else; the consortium profile's
   agreements are theirs alone.
5. Organisation actions (ADR 1430): employers act at their *organisation*, an
   ``skills.Employer``, not at an institution. The employer row of the table says what a member
   (``skills.EmployerMember``) may do at the organisations they belong to: edit its demand
   profiles, co-design the drafts shared with it, endorse in its name. Nobody else endorses in an
   employer's name, not even a consortium administrator: an endorsement is the employer's word.

Whether an action is possible *now* (a draft cannot be published) is the workflow's business
(``catalogue.workflow``, the recognition services), not the policy's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from microcred import four_eyes
from microcred_web.accounts.models import Membership, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from microcred_web.institutions.models import Institution


class Action(StrEnum):
    # the studio (catalogue)
    VIEW_STUDIO = "view_studio"
    VIEW_VERSION = "view_version"
    CREATE_DRAFT = "create_draft"
    EDIT_DRAFT = "edit_draft"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    START_REVIEW = "start_review"
    COMMENT = "comment"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    PUBLISH = "publish"
    RETIRE = "retire"
    NEW_VERSION = "new_version"
    # issuing and the status of issued credentials
    ISSUE_CREDENTIAL = "issue_credential"
    CHANGE_CREDENTIAL_STATUS = "change_credential_status"
    CORRECT_CREDENTIAL = "correct_credential"
    VIEW_ISSUED = "view_issued"
    # keys and machine credentials
    MANAGE_KEYS = "manage_keys"
    MANAGE_TOKENS = "manage_tokens"
    # the recognition desk (the record is the case; its institution is the host)
    OPEN_CASE = "open_case"
    VIEW_CASE = "view_case"
    WORK_CASE = "work_case"
    SIGN_OFF_MATRIX = "sign_off_matrix"
    PROPOSE_DECISION = "propose_decision"
    DECIDE = "decide"
    OVERRIDE_FINDING = "override_finding"
    COUNTERSIGN = "countersign"
    DECIDE_APPEAL = "decide_appeal"
    CLOSE_CASE = "close_case"
    REVOKE_DECISION = "revoke_decision"
    FOLLOW_CASE = "follow_case"
    LODGE_APPEAL = "lodge_appeal"
    SUPPLY_AS_ISSUER = "supply_as_issuer"
    # recognition agreements (the record's institutions are its parties)
    VIEW_AGREEMENT_DRAFTS = "view_agreement_drafts"
    PROPOSE_AGREEMENT = "propose_agreement"
    APPROVE_AGREEMENT = "approve_agreement"
    SUSPEND_AGREEMENT = "suspend_agreement"
    # the pilot: offerings, cohorts and results (ADR 1001)
    MANAGE_OFFERINGS = "manage_offerings"
    IMPORT_RESULTS = "import_results"
    # employers at their organisation (ADR 1430; rule 5)
    EDIT_DEMAND = "edit_demand"
    CO_DESIGN = "co_design"
    ENDORSE = "endorse"
    GIVE_EMPLOYER_FEEDBACK = "give_employer_feedback"
    MANAGE_EMPLOYER_KEYS = "manage_employer_keys"
    # the QA plan (issue 15; ADR 1502): the record is the consortium's coordinating institution
    EDIT_QA_TARGETS = "edit_qa_targets"
    # QA reports and survey results, comments included (issue 15 items 3-4; ADR 1540)
    VIEW_QA_REPORTS = "view_qa_reports"
    # personal data (ADR 1372): read-only records; consents are the institution's, erasure and
    # download records the consortium's (no institution: consortium administrators only)
    VIEW_PRIVACY_RECORDS = "view_privacy_records"
    VIEW_CONSORTIUM_PRIVACY_RECORDS = "view_consortium_privacy_records"
    # administration and staff management
    MANAGE_EMPLOYERS = "manage_employers"
    MANAGE_STAFF = "manage_staff"
    INVITE_STAFF = "invite_staff"
    USE_ADMIN = "use_admin"


ACTION_LABELS: dict[Action, Any] = {
    Action.VIEW_STUDIO: _("View the studio"),
    Action.VIEW_VERSION: _("View a micro-credential in the studio (drafts included)"),
    Action.CREATE_DRAFT: _("Create a draft"),
    Action.EDIT_DRAFT: _("Edit a draft"),
    Action.SUBMIT: _("Submit for QA review"),
    Action.WITHDRAW: _("Withdraw the submission"),
    Action.START_REVIEW: _("Start the QA review"),
    Action.COMMENT: _("Comment"),
    Action.REQUEST_CHANGES: _("Request changes"),
    Action.APPROVE: _("Approve"),
    Action.PUBLISH: _("Publish"),
    Action.RETIRE: _("Retire"),
    Action.NEW_VERSION: _("Create a new version"),
    Action.ISSUE_CREDENTIAL: _("Issue (sign) credentials"),
    Action.CHANGE_CREDENTIAL_STATUS: _("Revoke or suspend an issued credential"),
    Action.CORRECT_CREDENTIAL: _("Correct an issued credential (issue a replacement, revoke the old one)"),
    Action.VIEW_ISSUED: _("See the institution's issued credentials, keys and status lists"),
    Action.MANAGE_KEYS: _("Create or rotate signing keys"),
    Action.MANAGE_TOKENS: _("Create or revoke VC-API tokens"),
    Action.OPEN_CASE: _("Open a recognition case"),
    Action.VIEW_CASE: _("Read a recognition case"),
    Action.WORK_CASE: _("Work on a recognition case (target, outcome matrix, information items)"),
    Action.SIGN_OFF_MATRIX: _("Sign off the outcome matrix"),
    Action.PROPOSE_DECISION: _("Propose a decision"),
    Action.DECIDE: _("Decide (confirm or override the proposal)"),
    Action.OVERRIDE_FINDING: _("Override a finding"),
    Action.COUNTERSIGN: _("Countersign a decision or an override (four eyes)"),
    Action.DECIDE_APPEAL: _("Decide an appeal"),
    Action.CLOSE_CASE: _("Close a case"),
    Action.REVOKE_DECISION: _("Revoke a decision credential"),
    Action.FOLLOW_CASE: _("Follow one's own recognition case"),
    Action.LODGE_APPEAL: _("Appeal a decision on one's own case"),
    Action.SUPPLY_AS_ISSUER: _("Answer what other institutions' cases ask of this institution as issuer"),
    Action.VIEW_AGREEMENT_DRAFTS: _("See agreement drafts and their change log"),
    Action.PROPOSE_AGREEMENT: _("Propose an agreement version"),
    Action.APPROVE_AGREEMENT: _("Approve an agreement version"),
    Action.SUSPEND_AGREEMENT: _("Suspend or expire an agreement version"),
    Action.MANAGE_OFFERINGS: _("Create offerings of published micro-credentials and enrol learners"),
    Action.IMPORT_RESULTS: _("Import learners' results (files, the results API)"),
    Action.EDIT_DEMAND: _("Edit the employer's demand profiles"),
    Action.CO_DESIGN: _("Comment on and propose changes to drafts shared with the employer"),
    Action.ENDORSE: _("Endorse a published micro-credential in the employer's name"),
    Action.GIVE_EMPLOYER_FEEDBACK: _("Give the employer's feedback on a micro-credential"),
    Action.VIEW_QA_REPORTS: _("See QA reports and survey results, comments included (QA reviewers)"),
    Action.MANAGE_EMPLOYER_KEYS: _("Rotate the employer's endorsement key or mark it compromised"),
    Action.VIEW_PRIVACY_RECORDS: _("Read the consents of the institution's learners (read-only)"),
    Action.VIEW_CONSORTIUM_PRIVACY_RECORDS: _(
        "Read the erasure and data-download records (read-only; consortium administrators)"
    ),
    Action.MANAGE_EMPLOYERS: _("Register employers and invite their staff (consortium administrators)"),
    Action.EDIT_QA_TARGETS: _("Set the QA plan's targets (QA reviewers of the coordinating institution)"),
    Action.MANAGE_STAFF: _("Manage the institution's staff"),
    Action.INVITE_STAFF: _("Invite staff"),
    Action.USE_ADMIN: _("Use the administration site"),
}

# Actions that are about no particular record; every other action targets an institution's
# record and is subject to isolation.
GLOBAL_ACTIONS: frozenset[Action] = frozenset({Action.VIEW_STUDIO, Action.USE_ADMIN})

# Actions at an employer organisation (rule 5): their record is an employer's, not an institution's.
ORGANISATION_ACTIONS: frozenset[Action] = frozenset(
    {
        Action.EDIT_DEMAND,
        Action.CO_DESIGN,
        Action.ENDORSE,
        Action.GIVE_EMPLOYER_FEEDBACK,
        Action.MANAGE_EMPLOYER_KEYS,
    }
)
# Actions in an organisation's own name: not even a superuser takes them for it (rule 5).
OWN_WORD_ACTIONS: frozenset[Action] = frozenset({Action.ENDORSE, Action.GIVE_EMPLOYER_FEEDBACK})

# Actions that belong to a recognition case's applicant, whatever their roles (rule 3).
APPLICANT_ACTIONS: frozenset[Action] = frozenset({Action.FOLLOW_CASE, Action.LODGE_APPEAL})

# Studio steps that are a second pair of eyes on a version: never by its authors or editors.
FOUR_EYES_STEPS: dict[Action, str] = {
    Action.START_REVIEW: "review",
    Action.REQUEST_CHANGES: "review",
    Action.APPROVE: "approve",
    Action.PUBLISH: "publish",
}

_AUTHORING = frozenset(
    {
        Action.VIEW_STUDIO,
        Action.VIEW_VERSION,
        Action.CREATE_DRAFT,
        Action.EDIT_DRAFT,
        Action.SUBMIT,
        Action.WITHDRAW,
        Action.COMMENT,
        Action.NEW_VERSION,
    }
)
_ISSUING = frozenset(
    {Action.ISSUE_CREDENTIAL, Action.CHANGE_CREDENTIAL_STATUS, Action.CORRECT_CREDENTIAL, Action.VIEW_ISSUED}
)
# The pilot (ADR 1001): whoever runs a course schedules its offerings and enrols learners; results
# are the registrar's record (they decide who receives a credential), so a designer does not
# import them.
_OFFERINGS = frozenset({Action.MANAGE_OFFERINGS})
_RESULTS = frozenset({Action.MANAGE_OFFERINGS, Action.IMPORT_RESULTS})
_DESK = frozenset(
    {
        Action.OPEN_CASE,
        Action.VIEW_CASE,
        Action.WORK_CASE,
        Action.SIGN_OFF_MATRIX,
        Action.PROPOSE_DECISION,
        Action.DECIDE,
        Action.OVERRIDE_FINDING,
        Action.COUNTERSIGN,
        Action.DECIDE_APPEAL,
        Action.CLOSE_CASE,
        Action.REVOKE_DECISION,
    }
)

# The matrix: what each role may do at its own institution (ADR 0330 has it as a table, and a
# test keeps the two equal). Issuing is the registrar's (ADR 0330): a course designer designs,
# a registrar signs; the institution administrator keeps issuing and revoking as the person
# accountable for the institution's keys. Employers have no staff rights at institutions; their
# row applies at the employer organisations they are members of (rule 5). Learners have none; a
# learner's own recognition case is theirs by rule 3, not by role. MANAGE_EMPLOYERS and
# VIEW_CONSORTIUM_PRIVACY_RECORDS are in no row: consortium administrators (superusers) only.
ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.INSTITUTION_ADMIN: _AUTHORING
    | _ISSUING
    | _RESULTS
    | {
        Action.PUBLISH,
        Action.RETIRE,
        Action.MANAGE_KEYS,
        Action.MANAGE_TOKENS,
        Action.VIEW_CASE,
        Action.REVOKE_DECISION,
        Action.SUPPLY_AS_ISSUER,
        Action.VIEW_AGREEMENT_DRAFTS,
        Action.PROPOSE_AGREEMENT,
        Action.APPROVE_AGREEMENT,
        Action.SUSPEND_AGREEMENT,
        Action.VIEW_PRIVACY_RECORDS,
        Action.MANAGE_STAFF,
        Action.INVITE_STAFF,
        Action.USE_ADMIN,
    },
    Role.COURSE_DESIGNER: _AUTHORING | _OFFERINGS | {Action.VIEW_AGREEMENT_DRAFTS, Action.SUPPLY_AS_ISSUER},
    Role.QA_REVIEWER: frozenset(
        {
            Action.VIEW_STUDIO,
            Action.VIEW_VERSION,
            Action.START_REVIEW,
            Action.COMMENT,
            Action.REQUEST_CHANGES,
            Action.APPROVE,
            Action.VIEW_AGREEMENT_DRAFTS,
            Action.SUPPLY_AS_ISSUER,
            Action.EDIT_QA_TARGETS,
            Action.VIEW_QA_REPORTS,
        }
    ),
    Role.REGISTRAR: _ISSUING | _RESULTS,
    Role.RECOGNITION_OFFICER: _DESK | {Action.VIEW_AGREEMENT_DRAFTS, Action.SUPPLY_AS_ISSUER},
    Role.EMPLOYER: ORGANISATION_ACTIONS,
    Role.LEARNER: frozenset(),
}

STUDIO_ROLES: frozenset[Role] = frozenset(r for r, acts in ROLE_ACTIONS.items() if Action.VIEW_STUDIO in acts)


@dataclass(frozen=True)
class AgreementParties:
    """The target of "propose an agreement" before the agreement exists: its parties."""

    ids: frozenset[int]
    consortium: bool = False


def _institution_ids_of(obj: Any) -> frozenset[int]:
    """The institutions a record belongs to: one for most records (an Institution, a
    MicroCredential, a version, a membership, an issued credential, a key, a token, a case's
    host), every party for an agreement."""
    from microcred_web.agreements.models import Agreement
    from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion
    from microcred_web.institutions.models import Institution
    from microcred_web.recognition.models import RecognitionCase

    if isinstance(obj, AgreementParties):
        return obj.ids
    if isinstance(obj, Agreement):
        return frozenset(i.pk for i in obj.sending.all()) | frozenset(i.pk for i in obj.receiving.all())
    if isinstance(obj, Institution):
        return frozenset({obj.pk})
    if isinstance(obj, RecognitionCase):
        return frozenset({obj.host_id})
    if isinstance(obj, MicroCredential):
        return frozenset({obj.institution_id})
    if isinstance(obj, MicroCredentialVersion):
        return frozenset({obj.micro_credential.institution_id})
    if isinstance(obj, Membership):
        return frozenset({obj.institution_id}) if obj.institution_id else frozenset()
    institution_id = getattr(obj, "institution_id", None)
    if isinstance(institution_id, int):
        return frozenset({institution_id})
    for attr in ("version", "micro_credential", "case", "agreement", "institution"):
        inner = getattr(obj, attr, None)
        if inner is not None:
            return _institution_ids_of(inner)
    raise TypeError(f"the policy does not know which institution a {type(obj).__name__} belongs to")


def memberships(user: Any) -> list[Membership]:
    """The user's memberships, read once per request object and cached on it."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = getattr(user, "_microcred_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("institution"))
        user._microcred_memberships = cached
    return cached


def forget_memberships(user: Any) -> None:
    """Drop the cached memberships, so a role granted or taken away counts at once."""
    if hasattr(user, "_microcred_memberships"):
        del user._microcred_memberships
    if hasattr(user, "_microcred_employers"):
        del user._microcred_employers


def roles_at(user: Any, institution_id: int | None) -> set[Role]:
    return {Role(m.role) for m in memberships(user) if m.institution_id == institution_id}


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def institutions_where(user: Any, action: Action) -> list[Institution]:
    """Institutions at which ``user`` may perform ``action`` (all of them for superusers)."""
    from microcred_web.institutions.models import Institution

    if not _active(user):
        return []
    if user.is_superuser:
        return list(Institution.objects.all())
    seen: dict[int, Institution] = {}
    for m in memberships(user):
        if m.institution is not None and action in ROLE_ACTIONS[Role(m.role)]:
            seen[m.institution.pk] = m.institution
    return sorted(seen.values(), key=lambda i: i.short_name)


def authors_of(version: Any) -> set[int]:
    """User ids that count as authors of a version for the four-eyes rule: who created it, who
    submitted it for review, and everyone who saved an edit of it (``VersionEdit``)."""
    from microcred_web.catalogue.models import Status

    ids = {version.created_by_id} if version.created_by_id else set()
    ids.update(
        version.events.filter(to_status=Status.SUBMITTED, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    ids.update(version.edits.values_list("editor_id", flat=True))
    return ids


def _holds(user: Any, action: Action, ids: frozenset[int]) -> bool:
    """The table and isolation: a role that allows ``action`` at one of ``ids``."""
    return any(action in ROLE_ACTIONS[Role(m.role)] for m in memberships(user) if m.institution_id in ids)


def _agreement_rule(user: Any, action: Action, obj: Any) -> bool | None:
    """The rules of agreements (ADR 0802) on top of the table; ``None`` when they do not apply."""
    from microcred_web.agreements.models import Agreement

    consortium = (isinstance(obj, AgreementParties) and obj.consortium) or (
        isinstance(obj, Agreement) and obj.type == "consortium"
    )
    if action in (Action.PROPOSE_AGREEMENT, Action.SUSPEND_AGREEMENT) and consortium:
        return bool(user.is_superuser)
    if action != Action.APPROVE_AGREEMENT or not isinstance(obj, Agreement):
        return None
    if consortium:
        return bool(user.is_superuser)
    if user.is_superuser or obj.type == "institutional_policy":
        return None  # superusers anywhere; a policy: another administrator of the institution
    # a bilateral agreement: an administrator of a party other than the proposer's
    parties = _institution_ids_of(obj)
    proposer = obj.proposed_by
    theirs = {
        m.institution_id
        for m in (memberships(proposer) if proposer is not None else [])
        if m.role == Role.INSTITUTION_ADMIN
    }
    return _holds(user, action, parties - theirs)


def four_eyes_verdict(user: Any, action: Action | str, obj: Any) -> four_eyes.Verdict:
    """The core's four-eyes rule for a studio step or an agreement approval (ALLOWED for any
    other action): ``user`` must not be among the work's authors."""
    from microcred_web.agreements.models import Agreement
    from microcred_web.catalogue.models import MicroCredentialVersion

    action = Action(action)
    if action in FOUR_EYES_STEPS and isinstance(obj, MicroCredentialVersion):
        return four_eyes.check(
            actor=user.pk,
            authors=authors_of(obj),
            holds_role=True,  # the table has been asked already
            step=FOUR_EYES_STEPS[action],
            subject="version",
        )
    if action == Action.APPROVE_AGREEMENT and isinstance(obj, Agreement):
        return four_eyes.check(
            actor=user.pk,
            authors={obj.proposed_by_id},
            holds_role=True,
            step="approve_agreement",
            subject="agreement",
        )
    return four_eyes.ALLOWED


def employer_ids_of(obj: Any) -> frozenset[int]:
    """The employer organisations a record belongs to (rule 5): an employer, its demand profile,
    endorsement or co-design note, or a version (the employers it is shared with)."""
    from microcred_web.catalogue.models import MicroCredentialVersion
    from microcred_web.skills.models import Employer

    if isinstance(obj, Employer):
        return frozenset({obj.pk})
    if isinstance(obj, MicroCredentialVersion):
        return frozenset(obj.co_design_shares.values_list("employer_id", flat=True))
    employer_id = getattr(obj, "employer_id", None)
    if isinstance(employer_id, int):
        return frozenset({employer_id})
    raise TypeError(f"the policy does not know which employer a {type(obj).__name__} belongs to")


def employers_of(user: Any) -> frozenset[int]:
    """The employer organisations ``user`` is a member of (read once per user object)."""
    if not _active(user):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_microcred_employers", None)
    if cached is None:
        from microcred_web.skills.models import EmployerMember

        cached = frozenset(EmployerMember.objects.filter(user=user).values_list("employer_id", flat=True))
        user._microcred_employers = cached
    return cached


def _organisation_rule(user: Any, action: Action, obj: Any) -> bool:
    """Rule 5: the employer row of the table, at the organisations the user is a member of."""
    if user.is_superuser and action not in OWN_WORD_ACTIONS:
        return True
    if action not in ROLE_ACTIONS[Role.EMPLOYER]:
        return False
    mine = employers_of(user)
    return bool(mine) if obj is None else bool(mine & employer_ids_of(obj))


def _by_table(user: Any, action: Action, obj: Any) -> bool:
    if action in ORGANISATION_ACTIONS:
        return _organisation_rule(user, action, obj)
    if action in APPLICANT_ACTIONS:
        return obj is not None and getattr(obj, "applicant_id", None) == user.pk
    special = _agreement_rule(user, action, obj)
    if special is not None:
        return special
    if user.is_superuser:
        return True
    if action in GLOBAL_ACTIONS or obj is None:
        # Without a record: may the user do this anywhere? (e.g. show the "new draft" button)
        return any(action in ROLE_ACTIONS[Role(m.role)] for m in memberships(user) if m.institution_id)
    return _holds(user, action, _institution_ids_of(obj))


def can(user: Any, action: Action | str, obj: Any = None) -> bool:
    """May ``user`` perform ``action`` on ``obj``? (``obj`` is None for global actions.)"""
    action = Action(action)
    if not _active(user):
        return False
    if not _by_table(user, action, obj):
        return False
    return obj is None or four_eyes_verdict(user, action, obj).allowed


def four_eyes_refusal(user: Any, action: Action | str, obj: Any) -> four_eyes.Verdict | None:
    """The four-eyes refusal of an action that the table allows ``user`` on ``obj``; ``None``
    when the table refuses anyway or four eyes allow it (pages use it to say why a button is
    missing)."""
    action = Action(action)
    if not _active(user) or obj is None or not _by_table(user, action, obj):
        return None
    verdict = four_eyes_verdict(user, action, obj)
    return None if verdict.allowed else verdict


def four_eyes_message(verdict: four_eyes.Verdict) -> str:
    """A refusal of the core's four-eyes rule, for people (gettext; the core returns codes)."""
    params = dict(verdict.params)
    if verdict.refusal == four_eyes.Refusal.SELF_GRANT:
        return gettext("four eyes: nobody gives a role to themselves; another administrator must grant it")
    if verdict.refusal == four_eyes.Refusal.ROLE_NOT_HELD:
        return gettext("four eyes: you do not hold the role this step needs")
    if verdict.refusal == four_eyes.Refusal.NO_ACTOR:
        return gettext("four eyes: a person must take this step")
    own_work = {
        "review": gettext("four eyes: you authored or edited this version, so someone else reviews it"),
        "approve": gettext("four eyes: you authored or edited this version, so someone else approves it"),
        "publish": gettext("four eyes: you authored or edited this version, so someone else publishes it"),
        "approve_agreement": gettext("four eyes: the person who proposed a version cannot approve it"),
        "countersign": gettext("four eyes: the second signature must come from another officer"),
        "approve_override": gettext("four eyes: another officer must approve the reclassification"),
        "decide_appeal": gettext("four eyes: an appeal is decided by someone who did not sign the decision"),
        "second_review": gettext("four eyes: you signed the checklist off, so a second reviewer approves"),
    }
    return own_work.get(params.get("step", ""), gettext("four eyes: someone else must take this step"))


def log_four_eyes_refusal(
    verdict: four_eyes.Verdict, *, user: Any, request: HttpRequest | None = None, **ids: Any
) -> None:
    """Write ``four_eyes.refused`` to the security log (ids and the refusal code only)."""
    from microcred_web.core.security_log import SecurityEvent, security_event

    assert verdict.refusal is not None
    security_event(
        SecurityEvent.FOUR_EYES_REFUSED,
        request=request,
        user_id=getattr(user, "pk", None),
        refusal=verdict.refusal.value,
        step=verdict.params.get("step", ""),
        **ids,
    )


def require(user: Any, action: Action | str, obj: Any = None) -> None:
    """Raise ``PermissionDenied`` (HTTP 403) unless ``can(user, action, obj)``; a four-eyes
    refusal is logged and says which rule refused."""
    action = Action(action)
    if not _active(user) or not _by_table(user, action, obj):
        raise PermissionDenied(f"not allowed: {action.value}")
    if obj is None:
        return
    verdict = four_eyes_verdict(user, action, obj)
    if not verdict.allowed:
        log_four_eyes_refusal(verdict, user=user, action=action.value, object_id=getattr(obj, "pk", None))
        raise PermissionDenied(four_eyes_message(verdict))


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a request (views behind ``login_required``, the API behind its
    session auth); anyone else is refused."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("sign in first")
    return cast("User", user)


def allowed_actions(user: Any, obj: Any, actions: Iterable[Action] = tuple(Action)) -> list[Action]:
    return [a for a in actions if can(user, a, obj)]
