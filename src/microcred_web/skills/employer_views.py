"""Employers' pages (ADR 1430-1433): their organisation's demand profiles, the drafts shared
with them for co-design, endorsing; the designer's co-design page; and the organisation's public
did:web document, revocation list and signed endorsements. Thin: parse, call one service, render."""

from __future__ import annotations

import json
import uuid as uuid_module
from datetime import UTC, date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from microcred_web.accounts.permissions import Action, acting_user, can, employers_of, require
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.identity import organisation_did
from microcred_web.skills import codesign, endorsements, selectors
from microcred_web.skills.employer_messages import message
from microcred_web.skills.models import (
    CoDesignNote,
    CoDesignShare,
    DemandProfile,
    Employer,
    EmployerKey,
    Endorsement,
)
from microcred_web.skills.services import DemandProfileError, demand_profile_update

JSON_LD = "application/ld+json"


def _json(body: Any, media_type: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8"),
        content_type=f"{media_type}; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def did_document(request: HttpRequest, slug: str) -> HttpResponse:
    """``GET /organisations/<slug>/did.json`` (did:web §3.2 "Read")."""
    employer = get_object_or_404(Employer, slug=slug)
    keys = endorsements.employer_keys(employer)
    if not keys:
        raise Http404("this organisation has no key yet")
    return _json(endorsements.did_document_of(employer, keys).to_json(), "application/did+json")


@require_safe
def endorsement_status(request: HttpRequest, slug: str) -> HttpResponse:
    """``GET /organisations/<slug>/status/endorsements``: its signed revocation list."""
    signed = endorsements.status_list_current(get_object_or_404(Employer, slug=slug))
    if signed is None:
        raise Http404("no endorsement yet")
    return _json(signed, "application/vc")


@require_safe
def endorsement_json(request: HttpRequest, uuid: Any) -> HttpResponse:
    """``GET /endorsements/<uuid>.json``: the signed EndorsementCredential, for ``microcred verify``."""
    return _json(get_object_or_404(Endorsement, uuid=uuid).document, "application/vc")


def _mine(request: HttpRequest, slug: str, action: Action) -> Employer:
    employer = get_object_or_404(Employer, slug=slug)
    require(request.user, action, employer)
    return employer


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """``/employers/``: the user's organisations, their demand, shared drafts and endorsements."""
    user = acting_user(request)
    mine = Employer.objects.filter(pk__in=employers_of(user)).order_by("name")
    if not mine and not user.is_superuser:
        raise PermissionDenied("not a member of an employer organisation")
    rows = []
    published = (
        MicroCredentialVersion.objects.filter(status=Status.PUBLISHED)
        .select_related("micro_credential__institution")
        .order_by("micro_credential__code")
    )
    for employer in mine:
        rows.append(
            {
                "employer": employer,
                "profiles": employer.demand_profiles.all(),
                "shares": CoDesignShare.objects.filter(employer=employer).select_related(
                    "version__micro_credential"
                ),
                "endorsements": employer.endorsements.select_related("version__micro_credential"),
                "can_endorse": can(user, Action.ENDORSE, employer),
                "can_manage_keys": can(user, Action.MANAGE_EMPLOYER_KEYS, employer),
                "keys": endorsements.employer_keys(employer),
                "did": organisation_did(employer.slug),
            }
        )
    return render(request, "employers/home.html", {"rows": rows, "published": published})


def _uuid(raw: str) -> uuid_module.UUID | None:
    """A form's UUID, or None (so a malformed one is a 404, never a 500)."""
    try:
        return uuid_module.UUID(raw)
    except ValueError:
        return None


def _date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


MAX_POSTED_SKILLS = 200
"""Checkboxes read from one post at most; the service refuses more than it allows anyway."""


@login_required
def demand_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """``/employers/<slug>/demand/<pk>/``: the profile's fields and its required ESCO skills. The
    skill picker works without JavaScript (ADR 1461): "Search" posts the form back with what was
    typed, and the page shows the matching skills as boxes to tick beside the chosen ones."""
    employer = _mine(request, slug, Action.EDIT_DEMAND)
    profile = get_object_or_404(DemandProfile, pk=pk, employer=employer)
    error = ""
    values: dict[str, Any] = {
        "job_role": profile.job_role,
        "headcount": profile.headcount,
        "region": profile.region,
        "horizon_from": profile.horizon_from.isoformat(),
        "horizon_to": profile.horizon_to.isoformat(),
    }
    chosen = list(profile.skills.values_list("uri", flat=True))
    query = request.GET.get("q", "")[: selectors.SEARCH_MAX_CHARS]
    if request.method == "POST":
        values = {key: request.POST.get(key, "")[:200] for key in values}
        chosen = list(dict.fromkeys(request.POST.getlist("skills")[:MAX_POSTED_SKILLS]))
        query = request.POST.get("q", "")[: selectors.SEARCH_MAX_CHARS]
        if "search" not in request.POST:
            try:
                demand_profile_update(
                    profile=profile,
                    by=acting_user(request),
                    job_role=values["job_role"],
                    headcount=values["headcount"],
                    region=values["region"],
                    horizon_from=_date(values["horizon_from"]),
                    horizon_to=_date(values["horizon_to"]),
                    skills=chosen,
                )
            except DemandProfileError as exc:
                error = message(exc.code)
            else:
                messages.success(request, _("The demand profile is saved."))
                return redirect("employers:home")
    labels = selectors.skill_labels(chosen)
    found = [(uri, label) for uri, label in selectors.skill_search(query) if uri not in labels]
    context = {
        "employer": employer,
        "profile": profile,
        "values": values,
        "chosen": [(uri, labels.get(uri, uri)) for uri in chosen],
        "query": query,
        "found": found,
        "searched": bool(query.strip()),
        "error": error,
    }
    return render(request, "employers/demand_edit.html", context)


def _outcome_texts(version: MicroCredentialVersion) -> list[tuple[int, str, dict[str, str]]]:
    outcomes = version.spec.get("learning_outcomes") or []
    return [(i, str(o.get("id", i)), dict(o.get("text") or {})) for i, o in enumerate(outcomes)]


@login_required
def codesign_page(request: HttpRequest, slug: str, uuid: Any) -> HttpResponse:
    """``/employers/<slug>/drafts/<uuid>/``: a shared draft, its notes, and the comment form."""
    employer = _mine(request, slug, Action.CO_DESIGN)
    version = get_object_or_404(MicroCredentialVersion, uuid=uuid)
    if not CoDesignShare.objects.filter(version=version, employer=employer).exists():
        raise PermissionDenied("this draft is not shared with the organisation")
    error = ""
    if request.method == "POST":
        proposing = request.POST.get("kind") == "proposal"
        try:
            codesign.note_create(
                version=version,
                employer=employer,
                by=acting_user(request),
                body=request.POST.get("body", ""),
                field_path=request.POST.get("field_path", ""),
                proposed=request.POST.get("proposed", "") if proposing else None,
                request=request,
            )
        except codesign.CoDesignError as exc:
            error = message(exc.code)
        else:
            messages.success(request, _("Sent to the designers."))
            return redirect("employers:codesign", slug=slug, uuid=version.uuid)
    context = {
        "employer": employer,
        "version": version,
        "spec": version.spec,
        "outcomes": _outcome_texts(version),
        "notes": CoDesignNote.objects.filter(version=version, employer=employer),
        "error": error,
        "max_chars": codesign.MAX_NOTE_CHARS,
    }
    return render(request, "employers/codesign.html", context)


@login_required
@require_POST
def endorse(request: HttpRequest, slug: str) -> HttpResponse:
    employer = _mine(request, slug, Action.ENDORSE)
    version = get_object_or_404(MicroCredentialVersion, uuid=_uuid(request.POST.get("version", "")))
    try:
        endorsements.endorsement_create(
            employer=employer,
            version=version,
            by=acting_user(request),
            comment=request.POST.get("comment", ""),
        )
    except endorsements.EndorsementError as exc:
        messages.error(request, message(exc.code))
    else:
        messages.success(request, _("The endorsement is signed and shown in the register."))
    return redirect("employers:home")


@login_required
@require_POST
def endorsement_revoke(request: HttpRequest, uuid: Any) -> HttpResponse:
    endorsement = get_object_or_404(Endorsement, uuid=uuid)
    endorsements.endorsement_revoke(endorsement=endorsement, by=acting_user(request))
    messages.success(request, _("The endorsement is withdrawn (revoked)."))
    return redirect("employers:home")


@login_required
@require_POST
def key_rotate(request: HttpRequest, slug: str) -> HttpResponse:
    """ADR 1462: a new endorsement key; the old one stays in the DID document."""
    employer = _mine(request, slug, Action.MANAGE_EMPLOYER_KEYS)
    endorsements.employer_key_rotate(employer=employer, by=acting_user(request))
    messages.success(request, _("A new key signs from now on; what the old one signed still verifies."))
    return redirect("employers:home")


def _utc(raw: str) -> datetime | None:
    """A ``datetime-local`` field read as UTC (the form says so), or None."""
    try:
        moment = datetime.fromisoformat(raw.strip()[:40])
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@login_required
@require_POST
def key_compromised(request: HttpRequest, slug: str) -> HttpResponse:
    """ADR 1462: retire a key as compromised from a moment (rules of ADR 0204)."""
    employer = _mine(request, slug, Action.MANAGE_EMPLOYER_KEYS)
    key = get_object_or_404(
        EmployerKey, employer=employer, public_key_multibase=request.POST.get("key", "")[:200]
    )
    moment = _utc(request.POST.get("compromised_since", ""))
    try:
        if moment is None:
            raise endorsements.EndorsementError("not a date and time", code="compromised_moment")
        _key, again = endorsements.employer_key_retire_compromised(
            employer=employer, key=key, compromised_since=moment, by=acting_user(request)
        )
    except endorsements.EndorsementError as exc:
        messages.error(request, message(exc.code))
    else:
        messages.success(
            request,
            _("The key is marked compromised; %(n)s endorsement(s) signed again with the new key.")
            % {"n": again},
        )
    return redirect("employers:home")


@login_required
def studio_codesign(request: HttpRequest, uuid: Any) -> HttpResponse:
    """``/studio/versions/<uuid>/co-design/``: the designer shares the draft with employers and
    accepts or declines their proposals."""
    version = get_object_or_404(MicroCredentialVersion, uuid=uuid)
    require(request.user, Action.VIEW_VERSION, version)
    user = acting_user(request)
    editable = version.status == Status.DRAFT and can(user, Action.EDIT_DRAFT, version)
    if request.method == "POST" and editable:
        try:
            if "share" in request.POST:
                employer = get_object_or_404(Employer, slug=request.POST.get("share", ""))
                codesign.share_create(version=version, employer=employer, by=user)
            else:
                raw = request.POST.get("note", "")
                note = get_object_or_404(CoDesignNote, pk=int(raw) if raw.isdigit() else 0, version=version)
                codesign.note_decide(note=note, by=user, accept=request.POST.get("decision") == "accept")
        except codesign.CoDesignError as exc:
            messages.error(request, message(exc.code))
        else:
            messages.success(request, _("Saved."))
        return redirect("employers:studio_codesign", uuid=version.uuid)
    shared = CoDesignShare.objects.filter(version=version).select_related("employer")
    context = {
        "version": version,
        "mc": version.micro_credential,
        "shared": shared,
        "others": Employer.objects.exclude(pk__in=[s.employer_id for s in shared]),
        "notes": CoDesignNote.objects.filter(version=version).select_related("employer", "author"),
        "editable": editable,
    }
    return render(request, "employers/studio_codesign.html", context)
