"""Every URL pattern of the platform answers with a strict Content-Security-Policy and a
Permissions-Policy, and no HTML page needs inline script or style the policy would block
(issue 9 item 2, ADR 0320).

The walk takes every pattern of ``microcred_web.config.urls`` (admin included), fills its path
converters from the demo consortium (``load_demo``, ``demo_credentials``, ``demo_recognition``) so
the main pages render real content, and asks for it as a visitor and as a user who may see it. A
pattern whose value is wrong answers 404: the headers must be on that too.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred_web.accounts.models import Membership
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.identity import use_key_provider
from microcred_web.credentials.models import IssuedCredential, StatusList
from microcred_web.recognition.models import RecognitionCase
from tests.web.csp_checks import body_of, header_problems, page_problems

pytestmark = pytest.mark.django_db

# ------------------------------------------------------------------------------ the demo


@pytest.fixture
def demo(settings: Any) -> Iterator[dict[str, Any]]:
    settings.PUBLIC_BASE_URL = "https://micro4asia.example.org"
    use_key_provider(InMemoryKeyProvider())
    try:
        for command in ("load_demo", "demo_credentials", "demo_recognition"):
            call_command(command, stdout=io.StringIO(), stderr=io.StringIO())
        yield _values()
    finally:
        use_key_provider(None)


def _values() -> dict[str, Any]:
    """One real value for every path converter of every pattern."""
    issued = IssuedCredential.objects.select_related("institution").order_by("issued_at").first()
    published = MicroCredentialVersion.objects.filter(status=Status.PUBLISHED).select_related(
        "micro_credential__institution"
    )[0]
    draft = MicroCredentialVersion.objects.filter(status=Status.DRAFT).select_related(
        "micro_credential__institution"
    )[0]
    decided = RecognitionCase.objects.filter(decision_credentials__isnull=False).select_related("host")[0]
    requested = RecognitionCase.objects.exclude(applicant=None).select_related("applicant")[0]
    status_list = StatusList.objects.select_related("institution").first()
    agreement = _first("agreements", "agreement")
    assert issued and status_list and agreement
    return {
        "issued": issued,
        "published": published,
        "draft": draft,
        "decided": decided,
        "requested": requested,
        "status_list": status_list,
        "agreement": agreement,
    }


def _first(app: str, model: str) -> Any:
    """The first row of a model named as in an admin URL, or None (``password_change/done``)."""
    content_type = ContentType.objects.filter(app_label=app, model=model).first()
    model_class = content_type.model_class() if content_type else None
    return model_class.objects.order_by("pk").first() if model_class else None


# ------------------------------------------------------------------------------ the walk


@dataclass
class Target:
    route: str  # the pattern as written
    url: str  # the pattern with its converters filled in
    user: str | None = None  # who may see it (None: only the visitor)
    problems: list[str] = field(default_factory=list)


def patterns(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[str]:
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            yield from patterns(p, prefix + str(p.pattern))
        else:
            assert isinstance(p, URLPattern)
            yield prefix + str(p.pattern)


def fill(route: str, v: dict[str, Any]) -> Target:
    """The route with real values, and who signs in to see it."""
    issued, published, draft = v["issued"], v["published"], v["draft"]
    decided, requested, status_list, agreement = (
        v["decided"],
        v["requested"],
        v["status_list"],
        v["agreement"],
    )
    staff = f"{issued.institution.slug}-admin"
    officer = f"{decided.host.slug}-recognition"
    uuid, user = str(published.uuid), None
    if route.startswith("admin/"):
        user = "consortium-admin"
        app_model = re.match(r"admin/(\w+)/(\w+)/", route)
        obj = _first(*app_model.groups()) if app_model else None
        route = route.replace("<path:content_type_id>", str(ContentType.objects.get_for_model(issued).pk))
        route = route.replace("<path:object_id>", str(obj.pk if obj else issued.pk))
        route = route.replace("<id>", str(get_user_model().objects.order_by("pk")[0].pk))
        route = re.sub(r"\^\(\?P<app_label>(\w+)\|.*?\)/\$", r"\1/", route)
        route = route.replace("(?P<url>.*)$", "no-such-page/")
    elif route.startswith(("studio/versions/", "api/studio/versions/")):
        uuid, user = str(draft.uuid), f"{draft.micro_credential.institution.slug}-designer"
    elif route.startswith(("studio/", "api/studio/", "accounts/")):
        uuid, user = str(issued.uuid), staff
    elif route.startswith(("credentials/", "learner/")):
        uuid, user = str(issued.uuid), staff
        if route.startswith("learner/"):
            user = issued.learner.username if issued.learner else None
    elif route.startswith("recognition/my/"):
        uuid, user = str(requested.uuid), requested.applicant.username
    elif route.startswith("recognition/"):
        uuid, user = str(decided.uuid), officer
    values = {
        "<uuid:uuid>": uuid,
        "<uuid>": uuid,
        "<uuid:credential>": str(decided.decision_credentials.order_by("pk")[0].uuid),
        "<slug:slug>": status_list.institution.slug,
        "<slug:list_id>": status_list.list_id,
        "<slug:agreement_id>": agreement.agreement_id,
        "<int:version>": str(agreement.version),
        "<str:action>": "approve",
        "<slug:institution>": published.micro_credential.institution.slug,
        "<str:code>": published.micro_credential.code,
        "<str:fmt>": "json",
        "<int:pk>": str(Membership.objects.order_by("pk")[0].pk),
        "<int:index>": "0",
    }
    for token, value in values.items():
        route = route.replace(token, value)
    return Target(route=route, url="/" + any_value(route), user=user)


def any_value(route: str) -> str:
    """A pattern added later, with converters or regex groups no one gave a value for: filled
    with a value of the right shape (most likely a 404, whose headers count all the same)."""
    shapes = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000000"}
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: shapes.get(m.group(1) or "", "x"), route)
    route = re.sub(r"[\^$\\]", "", route)
    assert not re.search(r"[<>()?*+\[\]]", route), route
    return route


def test_every_url_pattern_answers_with_the_csp_and_permissions_policy(demo: dict[str, Any]) -> None:
    routes = list(patterns())
    assert len(routes) > 150  # the walk really covers the platform, admin included
    targets = [fill(route, demo) for route in routes]
    clients: dict[str | None, Client] = {None: Client()}
    statuses_of: dict[tuple[str, str | None], int] = {}
    users = get_user_model().objects
    nonces: list[str] = []
    # Every pattern by GET as a visitor and as someone who may see it; then, after all the GETs
    # (a POST may change a case or sign out), an empty POST where GET is not allowed: the forms'
    # error pages and redirects carry the headers too.
    visits = [(t, who, "get") for t in targets for who in {None, t.user}]
    visits += [(t, t.user, "post") for t in targets if t.user and not t.url.endswith("/logout/")]
    for target, who, method in visits:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(users.get(username=who))
        if method == "post" and statuses_of.get((target.url, who)) != 405:
            continue
        response = getattr(clients[who], method)(target.url)
        statuses_of[(target.url, who)] = response.status_code
        problems, nonce = header_problems(response)
        nonces += [nonce] if nonce else []
        if response.status_code >= 500:
            problems.append(f"{method} answered {response.status_code}")
        if response.get("Content-Type", "").startswith("text/html"):
            problems += page_problems(body_of(response).decode("utf-8", "replace"), nonce)
        target.problems += [f"{method} as {who or 'visitor'}: {p}" for p in problems]
    failures = {t.url: t.problems for t in targets if t.problems}
    assert failures == {}
    assert len(set(nonces)) == len(nonces)  # a fresh nonce for every response
    assert list(statuses_of.values()).count(200) > 100  # most rendered real content, not a 404


def test_static_files_and_not_found_pages_carry_the_headers_too(client: Client) -> None:
    for url, status in (
        ("/static/microcred/site.css", 200),
        ("/static/ninja/swagger-ui-bundle.js", 200),
        ("/static/no-such-file.js", 404),
        ("/no-such-page/", 404),
        ("/credentials/00000000-0000-0000-0000-000000000000/", 404),
    ):
        response = client.get(url)
        assert response.status_code == status, url
        assert header_problems(response)[0] == [], url


def test_the_page_checker_finds_what_the_policy_would_block() -> None:
    html = (
        '<p style="color:red" onclick="x()">a</p><script>alert(1)</script>'
        '<script nonce="n1">ok()</script><script type="application/ld+json">{}</script>'
        '<style>p{}</style><script src="https://cdn.example/x.js"></script>'
        '<link rel="stylesheet" href="//cdn.example/x.css"><a href="javascript:x()">b</a>'
    )
    assert page_problems(html, "n1") == [
        "style= on <p style onclick>",
        "onclick= on <p style onclick>",
        "inline <script> without the nonce",
        "<style> without the nonce",
        "script from https://cdn.example/x.js",
        "stylesheet from //cdn.example/x.css",
        "javascript: link",
    ]


def test_a_pattern_added_later_is_filled_with_values_of_the_right_shape() -> None:
    assert any_value("desk/<uuid:uuid>/<int:n>/<slug:s>/<key>/") == (
        "desk/00000000-0000-0000-0000-000000000000/1/x/x/"
    )
    assert (
        any_value(r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$") == "password/reset/key/x-x/"
    )
