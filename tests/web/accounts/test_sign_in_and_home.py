"""Signing in and out, and a home page that offers each role what it can do."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from microcred_web.accounts.models import Role
from microcred_web.catalogue.models import Status
from tests.web.accounts.factories import PASSWORD, make_institution, make_user, make_version


@pytest.mark.django_db
def test_a_user_signs_in_lands_on_home_and_signs_out() -> None:
    inst = make_institution()
    make_user("designer", role=Role.COURSE_DESIGNER, institution=inst)
    client = Client()
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<label for="id_login"' in page and '<label for="id_password"' in page
    response = client.post(reverse("accounts:login"), {"login": "designer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_is_reported_in_the_error_summary() -> None:
    make_user("someone")
    response = Client().post(reverse("accounts:login"), {"login": "someone", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        (Role.COURSE_DESIGNER, ["catalogue:index", "catalogue:create"], ["admin:index", "accounts:staff"]),
        (Role.QA_REVIEWER, ["catalogue:index"], ["catalogue:create", "admin:index"]),
        (Role.INSTITUTION_ADMIN, ["catalogue:index", "accounts:staff", "admin:index"], []),
        (Role.RECOGNITION_OFFICER, [], ["catalogue:index", "admin:index"]),
        (Role.EMPLOYER, [], ["catalogue:index", "catalogue:create"]),
        (Role.LEARNER, [], ["catalogue:index", "catalogue:create"]),
    ],
)
def test_the_home_page_links_to_what_the_role_can_do(
    role: Role, present: list[str], absent: list[str]
) -> None:
    inst = make_institution()
    user = make_user("person", role=role, institution=inst)
    client = Client()
    client.force_login(user)
    # Only the page's own content: the site header is the register's and links to the studio.
    page = client.get(reverse("accounts:home")).content.decode().split('<main id="main"', 1)[1]
    for name in present:
        assert f'href="{reverse(name)}"' in page, name
    for name in absent:
        assert f'href="{reverse(name)}"' not in page, name


@pytest.mark.django_db
def test_a_reviewer_sees_the_queue_of_their_institution_only() -> None:
    mine, theirs = make_institution("muni"), make_institution("unisi")
    reviewer = make_user("qa", role=Role.QA_REVIEWER, institution=mine)
    waiting = make_version(mine, code="MINE-1", status=Status.SUBMITTED)
    make_version(theirs, code="THEIRS-1", status=Status.SUBMITTED)
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("accounts:home")).content.decode()
    assert reverse("catalogue:version", kwargs={"uuid": waiting.uuid}) in page
    assert "THEIRS-1" not in page


@pytest.mark.django_db
def test_an_administrator_gives_and_removes_roles_at_their_institution() -> None:
    inst = make_institution()
    admin = make_user("admin", role=Role.INSTITUTION_ADMIN, institution=inst)
    make_user("newcomer")
    client = Client()
    client.force_login(admin)
    response = client.post(
        reverse("accounts:staff"), {"institution": "muni", "username": "newcomer", "role": "qa_reviewer"}
    )
    assert response.status_code == 302
    membership = inst.memberships.get(user__username="newcomer")
    response = client.post(
        reverse("accounts:staff"), {"institution": "muni", "username": "nobody", "role": "qa_reviewer"}
    )
    assert response.status_code == 400 and "there is no user 'nobody'" in html.unescape(
        response.content.decode()
    )
    client.post(reverse("accounts:staff_remove", kwargs={"pk": membership.pk}))
    assert not inst.memberships.filter(user__username="newcomer").exists()
    own = inst.memberships.get(user=admin)
    client.post(reverse("accounts:staff_remove", kwargs={"pk": own.pk}))
    assert inst.memberships.filter(pk=own.pk).exists()
