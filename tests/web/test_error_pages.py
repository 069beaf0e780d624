"""The error pages (403, 404, 400, 500) are the platform's own, in the visitor's language: a
refusal shows the translated sentence the view raised it with (Django's default 403 page shows
nothing but "403 Forbidden", in English), a missing page leads back to the register, and the
500 page stands alone, as Django renders it without the request's context."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import loader
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied

pytestmark = pytest.mark.django_db


def test_a_refusal_shows_the_views_reason_in_the_visitors_language() -> None:
    with translation.override("vi"):
        reason = translation.gettext("Only QA reviewers see QA reports.")
        request = RequestFactory().get("/qa/reports/")
        request.user = AnonymousUser()
        response = permission_denied(request, PermissionDenied(reason))
    body = response.content.decode()
    assert response.status_code == 403
    assert reason in body and reason != "Only QA reviewers see QA reports."
    assert "Không được phép" in body  # the page's heading, translated
    assert "/accounts/login/?next=/qa/reports/" in body  # a signed-out visitor is offered sign-in


def test_a_signed_in_staff_member_refused_a_page_reads_why(client: Client, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user("plain", "plain@example.org", "pw-long-enough-1")
    client.force_login(user)
    response = client.get("/qa/reports/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Only QA reviewers see QA reports." in response.content.decode()
    assert "<h1>Not allowed</h1>" in response.content.decode()


@pytest.mark.parametrize(("language", "heading"), [("en", "Page not found"), ("lo", "ບໍ່ພົບໜ້ານີ້")])
def test_a_missing_page_is_the_platforms_own_page_in_the_visitors_language(
    client: Client, settings: Any, language: str, heading: str
) -> None:
    settings.DEBUG = False
    response = client.get("/register/no-such-institution/NO-SUCH-CODE/", HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{heading}</h1>" in body
    assert 'href="/register/"' in body
    assert "MicroCredential" not in body  # the exception's text (a model's name) is not shown


def test_the_server_error_page_renders_without_a_request_in_the_three_languages() -> None:
    body = loader.get_template("500.html").render()
    assert "Server error" in body and 'lang="vi"' in body and 'lang="lo"' in body
