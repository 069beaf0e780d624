"""Public read endpoints of the register (django-ninja router, mounted under /api/).

Stable paths: ``GET /api/institutions``, ``GET /api/micro-credentials`` (the register's filters
as query parameters) and ``GET /api/micro-credentials/{uuid}``. Lists are paginated with
``?page=`` and answer ``count``, ``next``, ``previous`` and ``results``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.register import selectors

router = Router(tags=["register"])

PAGE_SIZE = 20


class InstitutionOut(Schema):
    slug: str
    name: dict[str, str] = Field(description="name per language code")
    short_name: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    city: str
    credit_system: str = Field(description="code in the credit-systems table, e.g. ECTS, VN-TC, LA-CR")
    national_framework: str = Field(description="code in the qualification-frameworks table, e.g. VQF")
    homepage: str
    published_micro_credentials: int
    url: str


class InstitutionPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[InstitutionOut]


class MicroCredentialOut(Schema):
    uuid: UUID = Field(description="identifier of this version")
    url: str = Field(description="the register page of this version")
    stable_url: str = Field(description="always redirects to the current version")
    spec_url: str
    elm_url: str = Field(description="the ELM 3.1 Qualification (JSON-LD)")
    achievement_url: str = Field(description="the Open Badges 3.0 Achievement (JSON-LD)")
    institution: str = Field(description="institution slug")
    country: str
    code: str
    version: int
    status: str
    title: dict[str, str]
    title_en: str
    eqf_level: int | None
    credits_ects: Decimal | None = Field(description="credits converted to ECTS")
    hours: Decimal | None
    isced_f: str
    participation_mode: str
    languages: list[str]
    esco_skills: list[str]
    published_at: datetime | None


class MicroCredentialDetail(MicroCredentialOut):
    spec: dict[str, Any] = Field(description="the specification in the microcred-spec exchange format")
    recognitions: list[dict[str, Any]] = Field(
        description="decided recognition cases of this micro-credential at partner institutions "
        "(anonymised precedents: host, outcome, credits, target component, date)"
    )


class MicroCredentialPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[MicroCredentialOut]


class RegisterQuery(Schema):
    q: str = Field("", description="words in any language; diacritics optional; every word must match")
    institution: str = Field("", description="institution slug, e.g. muni")
    country: str = Field("", description="ISO 3166-1 alpha-2 country code")
    eqf: int | None = Field(None, ge=1, le=8, description="EQF level")
    credits_min: Decimal | None = Field(None, ge=0, description="minimum ECTS credits")
    credits_max: Decimal | None = Field(None, ge=0, description="maximum ECTS credits")
    isced: str = Field("", description="ISCED-F 2013 code or prefix, e.g. 04 or 0412")
    language: str = Field("", description="ISO 639-1 language of instruction")
    mode: str = Field("", description="form of participation: online, blended, onsite, ...")
    skill: str = Field("", description="ESCO skill URI or UUID")
    page: int = Field(1, ge=1)


def _page(request: HttpRequest, qs: QuerySet[Any], page_number: int) -> tuple[Any, str | None, str | None]:
    paginator = Paginator(qs, PAGE_SIZE)
    if page_number > paginator.num_pages and paginator.count:
        raise HttpError(404, f"page {page_number} does not exist; there are {paginator.num_pages} pages")
    page = paginator.page(min(page_number, paginator.num_pages))
    params = {k: v for k, v in request.GET.items() if k != "page"}
    base = settings.PUBLIC_BASE_URL + request.path

    def link(n: int) -> str:
        return base + "?" + urlencode({**params, "page": n})

    return (
        page,
        link(page.next_page_number()) if page.has_next() else None,
        link(page.previous_page_number()) if page.has_previous() else None,
    )


def _mc(version: MicroCredentialVersion) -> dict[str, Any]:
    mc = version.micro_credential
    base = settings.PUBLIC_BASE_URL
    return {
        "uuid": version.uuid,
        "url": base + reverse("register:detail", args=[version.uuid]),
        "stable_url": base + reverse("register:stable", args=[mc.institution.slug, mc.code]),
        "spec_url": base + reverse("register:spec_json", args=[version.uuid]),
        "elm_url": base + reverse("register:elm", args=[version.uuid]),
        "achievement_url": base + reverse("register:achievement", args=[version.uuid]),
        "institution": mc.institution.slug,
        "country": mc.institution.country,
        "code": mc.code,
        "version": version.version,
        "status": version.status,
        "title": (version.spec or {}).get("title") or {},
        "title_en": version.title_en,
        "eqf_level": version.eqf_level,
        "credits_ects": version.credits_ects,
        "hours": version.hours,
        "isced_f": version.isced_f,
        "participation_mode": version.participation_mode,
        "languages": version.languages.split(),
        "esco_skills": version.skills.split(),
        "published_at": version.published_at,
    }


@router.get("/institutions", response=InstitutionPage, summary="Institutions of the consortium")
def list_institutions(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    current, nxt, prev = _page(request, selectors.institutions_with_counts(), max(page, 1))
    base = settings.PUBLIC_BASE_URL
    return {
        "count": current.paginator.count,
        "next": nxt,
        "previous": prev,
        "results": [
            {
                "slug": i.slug,
                "name": i.name or {},
                "short_name": i.short_name,
                "country": i.country,
                "city": i.city,
                "credit_system": i.credit_system,
                "national_framework": i.national_framework,
                "homepage": i.homepage,
                "published_micro_credentials": i.published_count,
                "url": base + reverse("register:institution", args=[i.slug]),
            }
            for i in current.object_list
        ],
    }


@router.get(
    "/micro-credentials",
    response=MicroCredentialPage,
    summary="The register: current published version of each micro-credential",
)
def list_micro_credentials(request: HttpRequest, filters: Query[RegisterQuery]) -> dict[str, Any]:
    parsed = selectors.RegisterFilters.from_params(filters.dict(exclude={"page"}))
    current, nxt, prev = _page(request, selectors.register_search(parsed), filters.page)
    return {
        "count": current.paginator.count,
        "next": nxt,
        "previous": prev,
        "results": [_mc(v) for v in current.object_list],
    }


@router.get(
    "/micro-credentials/{uuid}",
    response=MicroCredentialDetail,
    summary="One published (or retired) version, with its full specification",
)
def get_micro_credential(request: HttpRequest, uuid: UUID) -> dict[str, Any]:
    version = selectors.version_by_uuid(str(uuid))
    if version is None:
        raise HttpError(404, f"no published micro-credential version has the identifier {uuid}")
    return {
        **_mc(version),
        "spec": version.spec,
        "recognitions": selectors.recognitions_of(version.micro_credential),
    }
