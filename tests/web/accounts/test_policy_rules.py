"""The three rules on top of the policy table: isolation, four eyes, consortium administrators."""

from __future__ import annotations

import pytest

from microcred_web.accounts.models import Membership, Role
from microcred_web.accounts.permissions import Action, can, institutions_where
from microcred_web.catalogue.models import Status, WorkflowEvent
from tests.web.accounts.factories import make_institution, make_user, make_version

pytestmark = pytest.mark.django_db


def test_a_role_at_one_institution_gives_no_right_at_another() -> None:
    muni, unisi = make_institution("muni"), make_institution("unisi")
    designer = make_user("d", role=Role.COURSE_DESIGNER, institution=muni)
    assert can(designer, Action.EDIT_DRAFT, make_version(muni))
    assert not can(designer, Action.EDIT_DRAFT, make_version(unisi))
    assert not can(designer, Action.VIEW_VERSION, make_version(unisi, code="OTHER"))
    assert institutions_where(designer, Action.CREATE_DRAFT) == [muni]


def test_roles_at_two_institutions_combine_per_institution() -> None:
    muni, unisi = make_institution("muni"), make_institution("unisi")
    person = make_user("p", role=Role.COURSE_DESIGNER, institution=muni)
    Membership.objects.create(user=person, institution=unisi, role=Role.QA_REVIEWER)
    assert can(person, Action.SUBMIT, make_version(muni))
    assert not can(person, Action.APPROVE, make_version(muni, code="M2"))
    assert can(person, Action.APPROVE, make_version(unisi))
    assert not can(person, Action.SUBMIT, make_version(unisi, code="U2"))


def test_whoever_submitted_a_version_cannot_approve_it() -> None:
    muni = make_institution("muni")
    reviewer = make_user("qa", role=Role.QA_REVIEWER, institution=muni)
    version = make_version(muni, status=Status.IN_REVIEW, by=make_user("author"))
    assert can(reviewer, Action.APPROVE, version)
    WorkflowEvent.objects.create(
        version=version, actor=reviewer, from_status=Status.DRAFT, to_status=Status.SUBMITTED
    )
    assert not can(reviewer, Action.APPROVE, version)


def test_the_four_eyes_rule_binds_consortium_administrators_too() -> None:
    muni = make_institution("muni")
    root = make_user("root", superuser=True)
    assert can(root, Action.APPROVE, make_version(muni, status=Status.IN_REVIEW))
    assert not can(root, Action.APPROVE, make_version(muni, code="MINE", status=Status.IN_REVIEW, by=root))


def test_an_inactive_account_may_do_nothing() -> None:
    muni = make_institution("muni")
    admin = make_user("a", role=Role.INSTITUTION_ADMIN, institution=muni)
    admin.is_active = False
    admin.save()
    assert not can(admin, Action.VIEW_STUDIO)
    assert institutions_where(admin, Action.CREATE_DRAFT) == []
