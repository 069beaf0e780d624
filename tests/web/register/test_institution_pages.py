"""Public institution pages: the consortium list and one institution with its register entries."""

import pytest
from django.test import Client

from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


def test_the_institutions_page_lists_institutions_with_credit_system_and_framework(client: Client) -> None:
    f.publish(f.finance_lao(), slug="nuol")
    f.institution("muni")
    html = client.get("/institutions/").content.decode()
    assert "National University of Laos" in html
    assert "Masaryk University" in html
    assert "Lao credit" in html
    assert "Lao National Qualifications Framework" in html
    assert "1 micro-credential" in html
    assert "0 micro-credentials" in html


def test_an_institution_page_lists_its_published_micro_credentials_only(client: Client) -> None:
    f.publish(f.finance_lao(), slug="nuol")
    f.publish(f.econometrics(), slug="muni")
    html = client.get("/institutions/nuol/").content.decode()
    assert "Bank financial statements" in html
    assert "Econometrics in R" not in html
    assert "48 hours per credit" in html


def test_an_unknown_institution_is_not_found(client: Client) -> None:
    assert client.get("/institutions/nowhere/").status_code == 404
