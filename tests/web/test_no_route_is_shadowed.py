"""The order of the root URLs is free only as long as no route hides another (ADR 1250 moved the
credentials app's routes, the VC-API among them, ahead of the other apps' so that a verify
request is resolved in a few steps instead of about 54): every route's own URL, with a sample
value for each converter, resolves to that route's view."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SAMPLES = {
    "slug": "s-1",
    "int": "7",
    "str": "x",
    "uuid": "12345678-1234-5678-1234-567812345678",
    "path": "a/b",
}
#: django-ninja serves the operations of one path in one view that dispatches on the method: the
#: other methods' routes of that path are listed after it and reached through it
SAME_PATH_OTHER_METHOD = {"/api/studio/micro-credentials", "/api/studio/versions/x"}


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if not isinstance(pattern.pattern, RoutePattern):  # regular expressions: none of ours
            continue
        route = re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], str(pattern.pattern._route)
        )
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + route)
        else:
            yield "/" + prefix + route, pattern


def _view(func: Any) -> Any:
    return getattr(func, "view_class", func)


def test_every_route_of_the_site_is_reached_by_its_own_url_not_hidden_by_one_before_it() -> None:
    routes = list(_routes(get_resolver().url_patterns))
    assert len(routes) > 300  # the whole site was walked
    hidden = [
        (url, pattern.name, get_resolver().resolve(url)._func_path)
        for url, pattern in routes
        if _view(get_resolver().resolve(url).func) is not _view(pattern.callback)
        and url not in SAME_PATH_OTHER_METHOD
    ]
    assert hidden == []


def test_a_verify_request_is_resolved_among_the_first_routes() -> None:
    match = get_resolver().resolve("/vc-api/credentials/verify")
    assert (match.namespace, match.url_name, match.route) == (
        "credentials",
        "vcapi_verify",
        "vc-api/credentials/verify",
    )
    root = [str(p.pattern) for p in get_resolver().url_patterns]
    assert root.index("") < 5  # the credentials app's include, right after the APIs'
