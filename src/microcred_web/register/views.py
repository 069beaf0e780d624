"""Public register pages: thin adapters that parse the query, call a selector and render."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from microcred.errors import MicrocredError
from microcred.model import parse_spec
from microcred_web.register import display, exports, selectors
from microcred_web.register.forms import RegisterFilterForm

PAGE_SIZE = 20


def _page_links(request: HttpRequest, filters: selectors.RegisterFilters, page: Any) -> dict[str, str]:
    params = filters.as_params()
    links = {}
    if page.has_previous():
        links["previous"] = "?" + urlencode({**params, "page": page.previous_page_number()})
    if page.has_next():
        links["next"] = "?" + urlencode({**params, "page": page.next_page_number()})
    return links


def register_index(request: HttpRequest) -> HttpResponse:
    filters = selectors.RegisterFilters.from_params(request.GET)
    results = selectors.register_search(filters)
    results.facet_rows()  # one reading of the counts serves the facets and the paginator
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "register/index.html",
        {
            "form": RegisterFilterForm(request.GET or None, counts=results.facet_counts()),
            "filters": filters,
            "page": page,
            "entries": [_entry(v) for v in page.object_list],
            "links": _page_links(request, filters, page),
            "csv_query": urlencode(filters.as_params()),
            "filter_count": _filter_count(filters),
            "json_ld": exports.script_json(
                exports.schema_org_list(page.object_list, settings.PUBLIC_BASE_URL)
            ),
        },
    )


def _filter_count(filters: selectors.RegisterFilters) -> int:
    """Filters set besides the search words; the credits range counts once."""
    keys = set(filters.as_params()) - {"q"}
    return len(keys) - (1 if {"credits_min", "credits_max"} <= keys else 0)


def _entry(version: Any) -> dict[str, Any]:
    spec = version.spec or {}
    inst = version.micro_credential.institution
    return {
        "version": version,
        "title": display.text(spec.get("title")) or display.LangValue(version.title_en, "en"),
        "description": display.text(spec.get("description")),
        "institution": display.text(inst.name) or display.LangValue(inst.short_name, "en"),
        "country": display.country_name(inst.country),
        "mode": display.vocabulary_label("participation_modes", version.participation_mode),
        "languages": [display.language_name(c) for c in version.languages.split()],
        "isced": display.isced_label(version.isced_f) if version.isced_f else None,
    }


class _Line:
    """A file-like object whose ``write`` returns the text: ``csv.writer`` formats, we yield."""

    def write(self, value: str) -> str:
        return value


def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The register as CSV, streamed: rows are read from the database in chunks of
    ``exports.CSV_CHUNK`` and written out as they come, so a register of any size costs one
    chunk of memory (issue 15 item 6; ADR 1521)."""
    filters = selectors.RegisterFilters.from_params(request.GET)
    versions = selectors.register_search(filters).iterator(chunk_size=exports.CSV_CHUNK)
    writer = csv.writer(_Line(), quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def lines() -> Iterator[str]:
        # The byte-order mark makes Excel read the file as UTF-8 (Vietnamese and Lao stay legible).
        yield "\ufeff"
        for row in exports.csv_rows(versions, settings.PUBLIC_BASE_URL):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="microcred-register.csv"'
    return response


def _version_or_404(uuid: str) -> Any:
    version = selectors.version_by_uuid(uuid)
    if version is None:
        raise Http404("no published micro-credential version has this identifier")
    return version


def register_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    version = _version_or_404(uuid)
    spec = parse_spec(version.spec)
    inst = version.micro_credential.institution
    url = settings.PUBLIC_BASE_URL + reverse("register:detail", args=[version.uuid])
    current = selectors.current_version_of(inst.slug, version.micro_credential.code)
    schema_org = exports.schema_org(version, spec, url)
    return render(
        request,
        "register/detail.html",
        {
            "version": version,
            "spec": spec,
            "institution": inst,
            **display.entry(version, spec, local_system=display.local_credit_system(request)),
            "history": selectors.version_history(version.micro_credential),
            "recognitions": display.recognitions(selectors.recognitions_of(version.micro_credential)),
            "endorsements": selectors.endorsements_of(version),
            "current": current,
            "is_current": current is not None and current.pk == version.pk,
            "json_ld": exports.script_json(schema_org),
            "page_url": url,
        },
    )


def register_stable(request: HttpRequest, institution: str, code: str) -> HttpResponse:
    version = selectors.current_version_of(institution, code)
    if version is None:
        raise Http404("this institution has no published micro-credential with this code")
    target = reverse("register:detail", args=[version.uuid])
    if request.GET:
        target += "?" + request.GET.urlencode()
    return redirect(target)


def register_spec_json(request: HttpRequest, uuid: str) -> JsonResponse:
    version = _version_or_404(uuid)
    response = JsonResponse(
        exports.spec_document(parse_spec(version.spec)),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = (
        f'inline; filename="{version.micro_credential.code}-v{version.version}.json"'
    )
    return response


def _linked_data(request: HttpRequest, uuid: str, kind: str) -> JsonResponse:
    version = _version_or_404(uuid)
    spec = parse_spec(version.spec)
    url = settings.PUBLIC_BASE_URL + reverse("register:detail", args=[version.uuid])
    build = exports.elm_document if kind == "elm" else exports.achievement_document
    try:
        document = build(spec, url)
    except MicrocredError as exc:
        # A published spec passed the checker, so this means the two standards ask for more.
        return JsonResponse({"detail": exc.message, "where": exc.where}, status=409)
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/ld+json"
    return response


def register_elm(request: HttpRequest, uuid: str) -> JsonResponse:
    return _linked_data(request, uuid, "elm")


def register_achievement(request: HttpRequest, uuid: str) -> JsonResponse:
    return _linked_data(request, uuid, "ob3")


def institution_index(request: HttpRequest) -> HttpResponse:
    institutions = [
        {
            "institution": i,
            "name": display.text(i.name) or display.LangValue(i.short_name, "en"),
            "country": display.country_name(i.country),
            "credit_system": display.credit_system_name(i.credit_system),
            "framework": display.framework_name(i.national_framework),
        }
        for i in selectors.institutions_with_counts()
    ]
    return render(request, "register/institutions.html", {"institutions": institutions})


def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    inst = selectors.institution_by_slug(slug)
    if inst is None:
        raise Http404("no institution has this key")
    cs = display.reference_data().credit_systems.get(inst.credit_system)
    versions = selectors.register_search(selectors.RegisterFilters(institution=inst.slug))
    return render(
        request,
        "register/institution.html",
        {
            "institution": inst,
            "name": display.text(inst.name) or display.LangValue(inst.short_name, "en"),
            "country": display.country_name(inst.country),
            "credit_system": cs,
            "credit_system_name": display.credit_system_name(inst.credit_system),
            "framework": display.framework_name(inst.national_framework),
            "entries": [_entry(v) for v in versions],
            "json_ld": exports.script_json(exports.schema_org_list(versions, settings.PUBLIC_BASE_URL)),
        },
    )
