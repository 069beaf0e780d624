"""Dissemination (issue 15 item 5): the landing page, public statistics, the Atom feed, the
sitemap and the whole-register ELM dump. Adapters: parse, call a selector, render."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from microcred.errors import MicrocredError
from microcred.model import parse_spec
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.core.charts import Bar, bar_chart
from microcred_web.recognition.models import Outcome
from microcred_web.register import display, exports, selectors, statistics, syndication
from microcred_web.skills.selectors import skill_labels

FEED_SIZE = 50


def _abs(path: str) -> str:
    return settings.PUBLIC_BASE_URL + path


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "register/home.html",
        {
            "published": selectors.current_published_versions().count(),
            "json_ld": exports.script_json(_site_ld()),
        },
    )


def _site_ld() -> dict[str, object]:
    """schema.org ``WebSite`` with a ``SearchAction`` into the register (schema.org/WebSite)."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": str(settings.PLATFORM_NAME),
        "url": _abs("/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": _abs(reverse("register:index")) + "?q={query}",
            "query-input": "required name=query",
        },
    }


def statistics_page(request: HttpRequest) -> HttpResponse:
    stats = statistics.register_statistics()
    names = {c: display.country_name(c) for c, _p, _n in stats.countries}
    outcome_labels = dict(Outcome.choices)
    labels = skill_labels(uri for uri, _n in stats.skills)
    skills = [(uri, labels.get(uri, uri.rsplit("/", 1)[-1][:8] + "…"), n) for uri, n in stats.skills]
    outcomes = [(str(outcome_labels.get(o, o)), n) for o, n in stats.outcomes]
    charts = [
        bar_chart(
            slug="published-countries",
            title=_("Published micro-credentials per country"),
            description="; ".join(f"{names[c]}: {p}" for c, p, _n in stats.countries)
            or _("Nothing is published yet."),
            bars=[Bar(names[c], p, f"{names[c]}: {p}") for c, p, _n in stats.countries],
            css="published",
            legend=_("Published micro-credentials"),
        ),
        bar_chart(
            slug="credentials-institutions",
            title=_("Credentials issued per institution"),
            description="; ".join(f"{i.short_name}: {i.credentials}" for i in stats.institutions)
            or _("No credential is issued yet."),
            bars=[
                Bar(i.short_name, i.credentials, f"{i.short_name}: {i.credentials}")
                for i in stats.institutions
            ],
            css="issued",
            legend=_("Credentials issued"),
        ),
        bar_chart(
            slug="recognition-outcomes",
            title=_("Recognition decisions by outcome"),
            description="; ".join(f"{label}: {n}" for label, n in outcomes)
            or _("No recognition is decided yet."),
            bars=[Bar(label, n, f"{label}: {n}") for label, n in outcomes],
            css="decided",
            legend=_("Decided recognition cases"),
        ),
        bar_chart(
            slug="skills",
            title=_("ESCO skills taught by the most micro-credentials"),
            description="; ".join(f"{label}: {n}" for _u, label, n in skills)
            or _("No ESCO skill is linked yet."),
            bars=[Bar(label, n, f"{label}: {n}") for _u, label, n in skills],
            css="skill",
            legend=_("Micro-credentials teaching the skill"),
        ),
    ]
    return render(
        request,
        "register/statistics.html",
        {
            "stats": stats,
            "charts": charts,
            "country_names": names,
            "country_rows": [(names[c], p, n) for c, p, n in stats.countries],
            "outcomes": outcomes,
            "skills": skills,
        },
    )


def _published_versions() -> list[MicroCredentialVersion]:
    return list(
        MicroCredentialVersion.objects.filter(
            status__in=[Status.PUBLISHED, Status.RETIRED], published_at__isnull=False
        )
        .select_related("micro_credential__institution")
        .order_by("-published_at", "-pk")[:FEED_SIZE]
    )


def atom_feed(request: HttpRequest) -> HttpResponse:
    """``GET /feed.atom``: the newest published versions, newest first (RFC 4287)."""
    entries = []
    for v in _published_versions():
        spec = v.spec or {}
        title = display.text(spec.get("title")) or display.LangValue(v.title_en, "en")
        summary = display.text(spec.get("description"))
        inst = v.micro_credential.institution
        entries.append(
            syndication.FeedEntry(
                uuid=str(v.uuid),
                url=_abs(reverse("register:detail", args=[v.uuid])),
                title=title.text,
                title_lang=title.lang,
                summary=summary.text if summary else "",
                institution=(inst.name or {}).get("en", inst.short_name),
                published=v.published_at or datetime.now(UTC),
            )
        )
    body = syndication.atom_feed(
        feed_id=_abs(reverse("register:feed")),
        title=_("Newly published micro-credentials · %(platform)s") % {"platform": settings.PLATFORM_NAME},
        self_url=_abs(reverse("register:feed")),
        site_url=_abs(reverse("register:index")),
        entries=entries,
        now=datetime.now(UTC),
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def _sitemap_urls() -> Iterator[syndication.SitemapUrl]:
    for name in ("register:home", "register:index", "register:statistics", "register:institutions"):
        yield syndication.SitemapUrl(_abs(reverse(name)))
    for slug in selectors.institutions_with_counts().values_list("slug", flat=True):
        yield syndication.SitemapUrl(_abs(reverse("register:institution", args=[slug])))
    versions = (
        selectors.current_published_versions()
        .order_by("pk")
        .values_list("uuid", "published_at")
        .iterator(chunk_size=exports.CSV_CHUNK)
    )
    for uuid, published in versions:
        yield syndication.SitemapUrl(_abs(reverse("register:detail", args=[uuid])), published)


def sitemap(request: HttpRequest) -> StreamingHttpResponse:
    """``GET /sitemap.xml`` (sitemaps.org 0.9), streamed."""
    return StreamingHttpResponse(
        syndication.sitemap(_sitemap_urls()), content_type="application/xml; charset=utf-8"
    )


def elm_dump(request: HttpRequest) -> StreamingHttpResponse:
    """``GET /register/elm.jsonld``: every current micro-credential's ELM 3.1 ``Qualification``
    in one JSON-LD document (an array of node objects, each with its ``@context``), streamed one
    entry at a time. An entry the ELM export refuses is left out (its per-entry URL says why)."""
    versions = selectors.register_search(selectors.RegisterFilters()).iterator(chunk_size=exports.CSV_CHUNK)

    def pieces() -> Iterator[str]:
        yield "["
        first = True
        for v in versions:
            url = _abs(reverse("register:detail", args=[v.uuid]))
            try:
                document = exports.elm_document(parse_spec(v.spec), url)
            except MicrocredError:
                continue
            yield ("\n" if first else ",\n") + json.dumps(document, ensure_ascii=False)
            first = False
        yield "\n]\n"

    response = StreamingHttpResponse(pieces(), content_type="application/ld+json")
    response["Content-Disposition"] = 'attachment; filename="microcred-register-elm.jsonld"'
    return response
