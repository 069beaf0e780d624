"""The account home is where every role starts, so it links each role to its own work only."""

import pytest
from django.test import Client

from microcred_web.accounts.models import Role
from tests.web.accounts.factories import make_institution, make_user


@pytest.mark.django_db
def test_a_recognition_officer_is_linked_to_the_workspace_but_not_to_learner_pages() -> None:
    neu = make_institution("neu")
    client = Client()
    client.force_login(make_user("neu-officer", role=Role.RECOGNITION_OFFICER, institution=neu))
    html = client.get("/accounts/").content.decode()
    assert 'href="/recognition/"' in html
    assert 'href="/learner/credentials/"' not in html


@pytest.mark.django_db
def test_a_learner_is_linked_to_their_credentials_and_requests_but_not_the_workspace() -> None:
    nuol = make_institution("nuol")
    client = Client()
    client.force_login(make_user("learner", role=Role.LEARNER, institution=nuol))
    html = client.get("/accounts/").content.decode()
    assert 'href="/learner/credentials/"' in html
    assert 'href="/recognition/my/"' in html
    assert 'href="/recognition/"' not in html
