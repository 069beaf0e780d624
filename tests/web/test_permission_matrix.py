"""The permission matrix, cell by cell: every principal (each role, anonymous, a user with no
role, a superuser) × every action of the one policy table (ADR 0330) × own or other institution.

The studio's actions go through the studio pages, the studio API and the admin. Every other
family (issuing and revoking, keys and tokens, the recognition desk, agreements, staff
invitations) is tried cell by cell through ``can()`` on a real record of that family, plus real
requests per family (``test_a_real_request_of_each_family_...``).

Parametrised from the policy table (``ROLE_ACTIONS``) and the ``Action`` enum: a new role or
action grows the matrix, and an action that nothing tries fails ``test_every_action_...``.
Each principal holds its role at the *own* institution; every cell is tried on a record of
the own institution and on one of the *other* institution. The expected outcome is computed
from the table and the isolation rule, not from ``can()``: refusals must answer 403 (401 for the
API and a redirect to sign in for the pages when nobody is signed in) and leave the database
as it was; permitted actions must take effect.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Membership, Role
from microcred_web.accounts.permissions import (
    APPLICANT_ACTIONS,
    GLOBAL_ACTIONS,
    OWN_WORD_ACTIONS,
    ROLE_ACTIONS,
    Action,
    can,
)
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, ReviewComment, Status
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import (
    conformant_spec,
    editor_post_data,
    make_institution,
    make_user,
    make_version,
)
from tests.web.qa.helpers import checklist_answered

ANONYMOUS = "anonymous"
NO_ROLE = "no_role"
SUPERUSER = "superuser"
PRINCIPALS = [ANONYMOUS, NO_ROLE, SUPERUSER, *(r.value for r in ROLE_ACTIONS)]
SIDES = ["own", "other"]

# The status a version must be in for the action to be possible, and the status it reaches.
START: dict[Action, Status] = {
    Action.VIEW_VERSION: Status.DRAFT,
    Action.EDIT_DRAFT: Status.DRAFT,
    Action.SUBMIT: Status.DRAFT,
    Action.WITHDRAW: Status.SUBMITTED,
    Action.START_REVIEW: Status.SUBMITTED,
    Action.COMMENT: Status.SUBMITTED,
    Action.REQUEST_CHANGES: Status.IN_REVIEW,
    Action.APPROVE: Status.IN_REVIEW,
    Action.PUBLISH: Status.APPROVED,
    Action.RETIRE: Status.PUBLISHED,
    Action.NEW_VERSION: Status.PUBLISHED,
}
END: dict[Action, Status] = {
    Action.SUBMIT: Status.SUBMITTED,
    Action.WITHDRAW: Status.DRAFT,
    Action.START_REVIEW: Status.IN_REVIEW,
    Action.REQUEST_CHANGES: Status.DRAFT,
    Action.APPROVE: Status.APPROVED,
    Action.PUBLISH: Status.PUBLISHED,
    Action.RETIRE: Status.RETIRED,
}
CHANGED_TITLE = "Econometrics in R (revised)"


@dataclass
class Cell:
    principal: str
    action: Action
    side: str
    own: Institution
    other: Institution
    client: Client
    authors: dict[str, Any]
    user: Any = None
    versions: list[MicroCredentialVersion] = field(default_factory=list)

    @property
    def target(self) -> Institution:
        return self.own if self.side == "own" else self.other

    def has(self, action: Action) -> bool:
        """May the principal do ``action`` at its own institution (the table row)?"""
        if self.principal in (ANONYMOUS, NO_ROLE):
            return False
        return self.principal == SUPERUSER or action in ROLE_ACTIONS[Role(self.principal)]

    @property
    def allowed(self) -> bool:
        """The expected outcome of this cell: the table, then isolation."""
        return self.has(self.action) and (self.side == "own" or self.principal == SUPERUSER)

    def version(self, status: Status) -> MicroCredentialVersion:
        v = make_version(
            self.target, code=f"{self.target.short_name}-C", status=status, by=self.authors[self.side]
        )
        self.versions.append(v)
        if status == Status.IN_REVIEW:  # the QA checklist answered, so only the policy decides
            checklist_answered(v, self.authors[self.side])
        return v


@pytest.fixture
def cell_factory(db: Any) -> Callable[[str, Action, str], Cell]:
    def build(principal: str, action: Action, side: str) -> Cell:
        own = make_institution("muni")
        other = make_institution("unisi", country="IT", credit_system="IT-CFU", national_framework="IT-QNQ")
        authors = {
            "own": make_user("author-own", role=Role.COURSE_DESIGNER, institution=own),
            "other": make_user("author-other", role=Role.COURSE_DESIGNER, institution=other),
        }
        make_user("newcomer")
        client = Client()
        cell = Cell(principal, action, side, own, other, client, authors)
        if principal != ANONYMOUS:
            if principal == SUPERUSER:
                cell.user = make_user("principal", superuser=True)
            elif principal == NO_ROLE:
                cell.user = make_user("principal")
            else:
                cell.user = make_user("principal", role=principal, institution=own)
            client.force_login(cell.user)
        return cell

    return build


# --- outcomes ------------------------------------------------------------------------------


def page_refused(cell: Cell, response: Any) -> None:
    if cell.principal == ANONYMOUS:
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    else:
        assert response.status_code == 403


def api_refused(cell: Cell, response: Any) -> None:
    assert response.status_code == (401 if cell.principal == ANONYMOUS else 403)


def admin_refused(cell: Cell, response: Any) -> None:
    if not cell.has(Action.USE_ADMIN):
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    else:
        # An administrator of another institution: the record is outside their queryset, so
        # the admin answers as if it did not exist.
        assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def status_of(v: MicroCredentialVersion) -> str:
    v.refresh_from_db()
    return v.status


# --- the studio pages ----------------------------------------------------------------------


def html_view_studio(cell: Cell) -> None:
    mine = cell.version(Status.DRAFT)
    response = cell.client.get(reverse("catalogue:index"))
    if not cell.has(Action.VIEW_STUDIO):
        return page_refused(cell, response)
    assert response.status_code == 200
    listed = mine.micro_credential.code in response.content.decode()
    assert listed == cell.allowed


def html_view_version(cell: Cell) -> None:
    v = cell.version(Status.DRAFT)
    response = cell.client.get(reverse("catalogue:version", kwargs={"uuid": v.uuid}))
    if cell.allowed:
        assert response.status_code == 200 and v.micro_credential.code in response.content.decode()
    else:
        page_refused(cell, response)


def html_create_draft(cell: Cell) -> None:
    spec = conformant_spec()
    spec["code"] = "NEW-1"
    data = editor_post_data(cell.target, spec)
    response = cell.client.post(reverse("catalogue:create"), data)
    created = MicroCredential.objects.filter(code="NEW-1", institution=cell.target).exists()
    if cell.allowed:
        assert response.status_code == 302 and created
    else:
        page_refused(cell, response)
        assert not MicroCredential.objects.filter(code="NEW-1").exists()


def html_edit_draft(cell: Cell) -> None:
    v = cell.version(Status.DRAFT)
    data = editor_post_data(cell.target, v.spec)
    data["title_en"] = CHANGED_TITLE
    response = cell.client.post(reverse("catalogue:edit", kwargs={"uuid": v.uuid}), data)
    v.refresh_from_db()
    if cell.allowed:
        assert response.status_code == 302 and v.spec["title"]["en"] == CHANGED_TITLE
    else:
        page_refused(cell, response)
        assert v.spec["title"]["en"] != CHANGED_TITLE


def html_transition(cell: Cell) -> None:
    v = cell.version(START[cell.action])
    response = cell.client.post(
        reverse("catalogue:action", kwargs={"uuid": v.uuid}),
        {"action": cell.action.value, "note": "Fix LO2."},
    )
    if cell.allowed:
        assert response.status_code == 302 and status_of(v) == END[cell.action]
    else:
        page_refused(cell, response)
        assert status_of(v) == START[cell.action] and v.events.count() == 0


def html_new_version(cell: Cell) -> None:
    v = cell.version(Status.PUBLISHED)
    response = cell.client.post(
        reverse("catalogue:action", kwargs={"uuid": v.uuid}), {"action": "new_version"}
    )
    exists = v.micro_credential.versions.filter(version=2).exists()
    if cell.allowed:
        assert response.status_code == 302 and exists
    else:
        page_refused(cell, response)
        assert not exists


def html_comment(cell: Cell) -> None:
    v = cell.version(START[Action.COMMENT])
    response = cell.client.post(reverse("catalogue:comment", kwargs={"uuid": v.uuid}), {"body": "Check LO2."})
    count = ReviewComment.objects.filter(version=v).count()
    if cell.allowed:
        assert response.status_code == 302 and count == 1
    else:
        page_refused(cell, response)
        assert count == 0


def html_manage_staff(cell: Cell) -> None:
    data = {"institution": cell.target.slug, "username": "newcomer", "role": Role.COURSE_DESIGNER.value}
    response = cell.client.post(reverse("accounts:staff"), data)
    created = Membership.objects.filter(user__username="newcomer").exists()
    if cell.allowed:
        assert response.status_code == 302 and created
    else:
        page_refused(cell, response)
        assert not created


def html_use_admin(cell: Cell) -> None:
    admin_use(cell)


# --- the studio API --------------------------------------------------------------------------


def api_view_studio(cell: Cell) -> None:
    mine = cell.version(Status.DRAFT)
    response = cell.client.get("/api/studio/micro-credentials")
    if not cell.has(Action.VIEW_STUDIO):
        return api_refused(cell, response)
    assert response.status_code == 200
    codes = {item["code"] for item in response.json()["items"]}
    assert (mine.micro_credential.code in codes) == cell.allowed


def api_view_version(cell: Cell) -> None:
    v = cell.version(Status.DRAFT)
    response = cell.client.get(f"/api/studio/versions/{v.uuid}")
    if cell.allowed:
        assert response.status_code == 200 and response.json()["code"] == v.micro_credential.code
    else:
        api_refused(cell, response)


def api_create_draft(cell: Cell) -> None:
    spec = conformant_spec()
    spec["code"] = "NEW-API"
    response = cell.client.post(
        f"/api/studio/micro-credentials?institution={cell.target.slug}",
        data=json.dumps(spec),
        content_type="application/json",
    )
    created = MicroCredential.objects.filter(code="NEW-API", institution=cell.target).exists()
    if cell.allowed:
        assert response.status_code == 201 and created
    else:
        api_refused(cell, response)
        assert not MicroCredential.objects.filter(code="NEW-API").exists()


def api_edit_draft(cell: Cell) -> None:
    v = cell.version(Status.DRAFT)
    spec = dict(v.spec)
    spec["title"] = {"en": CHANGED_TITLE}
    response = cell.client.put(
        f"/api/studio/versions/{v.uuid}", data=json.dumps(spec), content_type="application/json"
    )
    v.refresh_from_db()
    if cell.allowed:
        assert response.status_code == 200 and v.spec["title"]["en"] == CHANGED_TITLE
    else:
        api_refused(cell, response)
        assert v.spec["title"]["en"] != CHANGED_TITLE


def _api_action(cell: Cell, v: MicroCredentialVersion, action: str) -> Any:
    return cell.client.post(
        f"/api/studio/versions/{v.uuid}/transitions",
        data=json.dumps({"action": action, "note": "Fix LO2."}),
        content_type="application/json",
    )


def api_transition(cell: Cell) -> None:
    v = cell.version(START[cell.action])
    response = _api_action(cell, v, cell.action.value)
    if cell.allowed:
        assert response.status_code == 200 and status_of(v) == END[cell.action]
        assert response.json()["status"] == END[cell.action]
    else:
        api_refused(cell, response)
        assert status_of(v) == START[cell.action] and v.events.count() == 0


def api_new_version(cell: Cell) -> None:
    v = cell.version(Status.PUBLISHED)
    response = _api_action(cell, v, "new_version")
    exists = v.micro_credential.versions.filter(version=2).exists()
    if cell.allowed:
        assert response.status_code == 201 and exists and response.json()["version"] == 2
    else:
        api_refused(cell, response)
        assert not exists


def api_comment(cell: Cell) -> None:
    v = cell.version(START[Action.COMMENT])
    response = cell.client.post(
        f"/api/studio/versions/{v.uuid}/comments",
        data=json.dumps({"body": "Check LO2."}),
        content_type="application/json",
    )
    count = ReviewComment.objects.filter(version=v).count()
    if cell.allowed:
        assert response.status_code == 201 and count == 1
    else:
        api_refused(cell, response)
        assert count == 0


# --- the admin -----------------------------------------------------------------------------


def admin_use(cell: Cell) -> None:
    """Own side: the admin opens. Other side: the other institution's versions are listed only
    for consortium administrators."""
    theirs = cell.version(Status.DRAFT)
    url = (
        reverse("admin:index")
        if cell.side == "own"
        else reverse("admin:catalogue_microcredentialversion_changelist")
    )
    response = cell.client.get(url)
    if not cell.has(Action.USE_ADMIN):
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
        return
    assert response.status_code == 200
    if cell.side == "other":
        assert (theirs.micro_credential.code in response.content.decode()) == cell.allowed


def admin_view_version(cell: Cell) -> None:
    v = cell.version(Status.DRAFT)
    response = cell.client.get(reverse("admin:catalogue_microcredentialversion_change", args=[v.pk]))
    if cell.allowed and cell.has(Action.USE_ADMIN):
        assert response.status_code == 200
    else:
        admin_refused(cell, response)


def admin_edit_draft(cell: Cell) -> None:
    v = cell.version(Status.DRAFT)
    spec = dict(v.spec)
    spec["title"] = {"en": CHANGED_TITLE}
    response = cell.client.post(
        reverse("admin:catalogue_microcredentialversion_change", args=[v.pk]), {"spec": json.dumps(spec)}
    )
    v.refresh_from_db()
    if cell.allowed and cell.has(Action.USE_ADMIN):
        assert response.status_code == 302 and v.spec["title"]["en"] == CHANGED_TITLE
    else:
        admin_refused(cell, response)
        assert v.spec["title"]["en"] != CHANGED_TITLE


def admin_manage_staff(cell: Cell) -> None:
    from django.contrib.auth import get_user_model

    newcomer = get_user_model().objects.get(username="newcomer")
    data = {"user": newcomer.pk, "institution": cell.target.pk, "role": Role.COURSE_DESIGNER.value}
    response = cell.client.post(reverse("admin:accounts_membership_add"), data)
    created = Membership.objects.filter(user=newcomer).exists()
    if cell.allowed and cell.has(Action.USE_ADMIN):
        assert response.status_code == 302 and created
    elif not cell.has(Action.USE_ADMIN):
        assert response.status_code == 302 and reverse("admin:login") in response["Location"]
        assert not created
    else:
        # The institution field offers only the administrator's own institutions.
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
        assert not created


# --- the surfaces, per action --------------------------------------------------------------

Surface = dict[Action, Callable[[Cell], None] | str]

HTML: Surface = {
    Action.VIEW_STUDIO: html_view_studio,
    Action.VIEW_VERSION: html_view_version,
    Action.CREATE_DRAFT: html_create_draft,
    Action.EDIT_DRAFT: html_edit_draft,
    Action.SUBMIT: html_transition,
    Action.WITHDRAW: html_transition,
    Action.START_REVIEW: html_transition,
    Action.COMMENT: html_comment,
    Action.REQUEST_CHANGES: html_transition,
    Action.APPROVE: html_transition,
    Action.PUBLISH: html_transition,
    Action.RETIRE: html_transition,
    Action.NEW_VERSION: html_new_version,
    Action.MANAGE_STAFF: html_manage_staff,
    Action.USE_ADMIN: html_use_admin,
}
API: Surface = {
    Action.VIEW_STUDIO: api_view_studio,
    Action.VIEW_VERSION: api_view_version,
    Action.CREATE_DRAFT: api_create_draft,
    Action.EDIT_DRAFT: api_edit_draft,
    Action.SUBMIT: api_transition,
    Action.WITHDRAW: api_transition,
    Action.START_REVIEW: api_transition,
    Action.COMMENT: api_comment,
    Action.REQUEST_CHANGES: api_transition,
    Action.APPROVE: api_transition,
    Action.PUBLISH: api_transition,
    Action.RETIRE: api_transition,
    Action.NEW_VERSION: api_new_version,
    Action.MANAGE_STAFF: "not in the API: staff are managed on /accounts/staff/ and in the admin",
    Action.USE_ADMIN: "the admin is a set of pages, not an API",
}
ADMIN: Surface = {
    Action.USE_ADMIN: admin_use,
    Action.VIEW_VERSION: admin_view_version,
    Action.EDIT_DRAFT: admin_edit_draft,
    Action.MANAGE_STAFF: admin_manage_staff,
    Action.VIEW_STUDIO: "the studio is not part of the admin",
    Action.CREATE_DRAFT: "drafts are created in the studio or the API, not in the admin",
    **{
        a: "workflow statuses change only in the studio or the API, so every change has its event"
        for a in (
            Action.SUBMIT,
            Action.WITHDRAW,
            Action.START_REVIEW,
            Action.COMMENT,
            Action.REQUEST_CHANGES,
            Action.APPROVE,
            Action.PUBLISH,
            Action.RETIRE,
            Action.NEW_VERSION,
        )
    },
}
SURFACES = {"html": HTML, "api": API, "admin": ADMIN}


STUDIO_ACTIONS = frozenset(HTML)


def test_every_action_is_tried_on_every_surface_or_says_why_not() -> None:
    for name, surface in SURFACES.items():
        assert set(surface) == STUDIO_ACTIONS, f"{name} does not cover {STUDIO_ACTIONS - set(surface)}"
    assert all(callable(HTML[a]) for a in STUDIO_ACTIONS), (
        "every studio action must be reachable in its pages"
    )
    assert STUDIO_ACTIONS | set(FAMILY) == set(Action), (
        f"untried: {set(Action) - STUDIO_ACTIONS - set(FAMILY)}"
    )
    assert not STUDIO_ACTIONS & set(FAMILY)


def test_every_role_has_a_row_in_the_policy_table() -> None:
    assert set(ROLE_ACTIONS) == set(Role)
    assert set(Action) >= GLOBAL_ACTIONS


CELLS = [
    pytest.param(surface, principal, action, side, id=f"{surface}-{principal}-{action.value}-{side}")
    for surface, table in SURFACES.items()
    for action, check in table.items()
    if callable(check)
    for principal in PRINCIPALS
    for side in SIDES
]


@pytest.mark.parametrize(("surface", "principal", "action", "side"), CELLS)
def test_the_cell_answers_as_the_policy_table_says(
    cell_factory: Callable[[str, Action, str], Cell], surface: str, principal: str, action: Action, side: str
) -> None:
    check = SURFACES[surface][action]
    assert callable(check)
    check(cell_factory(principal, action, side))


# --- every other family: can() cell by cell, and real requests -------------------------------

# The record each action is tried on: the institution itself, a recognition case hosted there,
# a draft agreement it is a party to, or the parties of an agreement not yet proposed.
FAMILY: dict[Action, str] = {
    Action.ISSUE_CREDENTIAL: "institution",
    Action.CHANGE_CREDENTIAL_STATUS: "institution",
    Action.CORRECT_CREDENTIAL: "institution",
    Action.VIEW_ISSUED: "institution",
    Action.MANAGE_KEYS: "institution",
    Action.MANAGE_TOKENS: "institution",
    Action.OPEN_CASE: "institution",
    Action.INVITE_STAFF: "institution",
    Action.SUPPLY_AS_ISSUER: "institution",
    Action.VIEW_CASE: "case",
    Action.WORK_CASE: "case",
    Action.SIGN_OFF_MATRIX: "case",
    Action.PROPOSE_DECISION: "case",
    Action.DECIDE: "case",
    Action.OVERRIDE_FINDING: "case",
    Action.COUNTERSIGN: "case",
    Action.DECIDE_APPEAL: "case",
    Action.CLOSE_CASE: "case",
    Action.REVOKE_DECISION: "case",
    Action.FOLLOW_CASE: "case",
    Action.LODGE_APPEAL: "case",
    Action.VIEW_AGREEMENT_DRAFTS: "agreement",
    Action.APPROVE_AGREEMENT: "agreement",
    Action.SUSPEND_AGREEMENT: "agreement",
    Action.PROPOSE_AGREEMENT: "parties",
    Action.MANAGE_OFFERINGS: "institution",
    Action.IMPORT_RESULTS: "institution",
    Action.MANAGE_EMPLOYERS: "institution",
    # rule 5 (ADR 1430): at an employer organisation; "own" makes an employer principal its member
    Action.EDIT_DEMAND: "employer",
    Action.CO_DESIGN: "employer",
    Action.ENDORSE: "employer",
    Action.MANAGE_EMPLOYER_KEYS: "employer",
    Action.EDIT_QA_TARGETS: "institution",
    Action.VIEW_QA_REPORTS: "institution",
    Action.GIVE_EMPLOYER_FEEDBACK: "employer",
    Action.VIEW_PRIVACY_RECORDS: "institution",
    Action.VIEW_CONSORTIUM_PRIVACY_RECORDS: "institution",
}


@dataclass
class Records:
    institution: Institution
    case: Any
    agreement: Any
    parties: Any
    applicant: Any


def _records(cell: Cell, n: int) -> Records:
    """A case and a draft agreement at the cell's target institution. The agreement's other
    party is a third institution, whose administrator proposed it (so an administrator of the
    target is "another party" for the approval rule, and nobody here is its author)."""
    from datetime import date

    from microcred_web.accounts.permissions import AgreementParties
    from microcred_web.agreements.models import Agreement
    from microcred_web.recognition.models import RecognitionCase

    third = make_institution("neu", country="VN", credit_system="VN-TC", national_framework="VQF")
    proposer = make_user(f"neu-admin-{n}", role=Role.INSTITUTION_ADMIN, institution=third)
    applicant = make_user(f"applicant-{n}", role=Role.LEARNER, institution=cell.target)
    case = RecognitionCase.objects.create(
        reference=f"CASE-{n}",
        applicant=applicant,
        learner_ref=f"L-{n}",
        host=cell.target,
        purpose="EXEMPTION",
    )
    agreement = Agreement.objects.create(
        agreement_id=f"AG-{n}",
        version=1,
        title="test",
        type="bilateral",
        date_effective=date(2026, 1, 1),
        proposed_by=proposer,
    )
    agreement.sending.set([third])
    agreement.receiving.set([cell.target])
    parties = AgreementParties(frozenset({third.pk, cell.target.pk}))
    return Records(cell.target, case, agreement, parties, applicant)


def expected(cell: Cell, action: Action) -> bool:
    """The table, isolation, the applicant rule (nobody here is the applicant) and rule 5 (an
    organisation's own word is not a superuser's to give)."""
    if action in APPLICANT_ACTIONS:
        return False
    if action in OWN_WORD_ACTIONS and cell.principal == SUPERUSER:
        return False
    return (
        cell.allowed
        if cell.action == action
        else cell.has(action) and (cell.side == "own" or cell.principal == SUPERUSER)
    )


def _employer(cell: Cell) -> Any:
    """An employer organisation; on the "own" side an employer principal is its member."""
    from microcred_web.skills.models import Employer, EmployerMember

    employer = Employer.objects.create(name="Mekong Fintech JSC", slug="mekong-fintech", country="VN")
    if cell.side == "own" and cell.principal == Role.EMPLOYER.value and cell.user is not None:
        EmployerMember.objects.create(employer=employer, user=cell.user)
    return employer


FAMILY_CELLS = [
    pytest.param(principal, side, id=f"{principal}-{side}") for principal in PRINCIPALS for side in SIDES
]


@pytest.mark.parametrize(("principal", "side"), FAMILY_CELLS)
def test_every_other_action_answers_as_the_policy_table_says(
    cell_factory: Callable[[str, Action, str], Cell], principal: str, side: str
) -> None:
    cell = cell_factory(principal, Action.VIEW_CASE, side)
    records = _records(cell, 1)
    target = {
        "institution": records.institution,
        "case": records.case,
        "agreement": records.agreement,
        "parties": records.parties,
        "employer": _employer(cell),
    }
    wrong = [
        (action.value, can(cell.user, action, target[kind]))
        for action, kind in FAMILY.items()
        if can(cell.user, action, target[kind]) != expected(cell, action)
    ]
    assert not wrong, f"cells that disagree with the table: {wrong}"


def test_only_the_applicant_follows_and_appeals_their_case(
    cell_factory: Callable[[str, Action, str], Cell],
) -> None:
    cell = cell_factory(SUPERUSER, Action.FOLLOW_CASE, "own")
    records = _records(cell, 2)
    for action in APPLICANT_ACTIONS:
        assert can(records.applicant, action, records.case)
        assert not can(cell.user, action, records.case)  # not even a consortium administrator


def _page(cell: Cell, url: str, allowed: bool, *, public: bool = False) -> None:
    """``public``: a page anyone may open (a published agreement), so a draft answers 403 even
    to somebody who is not signed in."""
    response = cell.client.get(url)
    if allowed:
        assert response.status_code == 200, url
    elif public:
        assert response.status_code == 403, url
    else:
        page_refused(cell, response)


@pytest.mark.parametrize(("principal", "side"), FAMILY_CELLS)
def test_a_real_request_of_each_family_answers_as_the_policy_table_says(
    cell_factory: Callable[[str, Action, str], Cell], principal: str, side: str
) -> None:
    """Issuing, keys and tokens (own side: their pages list only the user's institutions), the
    officer's case page and an agreement draft (own and other side)."""
    cell = cell_factory(principal, Action.VIEW_CASE, side)
    records = _records(cell, 3)
    if side == "own":
        _page(cell, reverse("credentials:issue"), cell.has(Action.ISSUE_CREDENTIAL))
        _page(cell, reverse("credentials:keys"), cell.has(Action.MANAGE_KEYS))
    _page(
        cell,
        reverse("recognition:case", kwargs={"uuid": records.case.uuid}),
        expected(cell, Action.VIEW_CASE),
    )
    _page(
        cell,
        reverse("agreements:agreement", kwargs={"agreement_id": "AG-3", "version": 1}),
        expected(cell, Action.VIEW_AGREEMENT_DRAFTS),
        public=True,
    )
