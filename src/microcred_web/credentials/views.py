"""Pages: a credential's public page, the public verifier, a learner's credentials, issuing
from the studio and revoking/suspending. Each view parses, calls one service or selector, renders."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from microcred.errors import MicrocredError
from microcred_web.credentials import permissions, services
from microcred_web.credentials.composition import elm_award
from microcred_web.credentials.forms import (
    IssueForm,
    KeyRetireForm,
    StatusChangeForm,
    VerifyForm,
    status_actions,
)
from microcred_web.credentials.identity import absolute_url, institution_did
from microcred_web.credentials.messages import error_message
from microcred_web.credentials.models import ApiTokenScope, IssuedCredential
from microcred_web.credentials.selectors import (
    credential_by_document,
    credential_by_uuid,
    credentials_of_institution,
    credentials_of_learner,
    institution_keys,
)
from microcred_web.credentials.trust import anchor_to_name, served_registry_signer
from microcred_web.credentials.verifying import inspect_credential, parse_submission
from microcred_web.register import display


def _credential(uuid: Any) -> IssuedCredential:
    issued = credential_by_uuid(uuid)
    if issued is None:
        raise Http404("no such credential")
    return issued


def _page_url(issued: IssuedCredential) -> str:
    return absolute_url(reverse("credentials:page", kwargs={"uuid": issued.uuid}))


def _facts(issued: IssuedCredential) -> dict[str, Any]:
    """The micro-credential's elements (EU Annex I) in the viewer's language, from the version
    that was issued; labels of controlled values come from the reference vocabularies."""
    spec: dict[str, Any] = issued.version.spec if issued.version else {}
    if not spec:
        return {}
    workload = spec.get("workload") or {}
    level = spec.get("level") or {}
    qa = spec.get("quality_assurance") or {}
    participation = spec.get("participation") or {}
    return {
        "title": display.text(spec.get("title")),
        "description": display.text(spec.get("description")),
        "outcomes": [display.text(lo.get("text")) for lo in spec.get("learning_outcomes", [])],
        "credits": workload.get("credits"),
        "credit_system": workload.get("credit_system") or "",
        "hours": workload.get("hours"),
        "eqf": level.get("eqf"),
        "national_level": level.get("national") or "",
        "assessment": [
            display.vocabulary_label("assessment_types", t)
            for t in (spec.get("assessment") or {}).get("types", [])
        ],
        "mode": display.vocabulary_label("participation_modes", participation.get("mode")),
        "qa": qa.get("body") or display.vocabulary_label("qa_types", qa.get("type")),
        "register_url": reverse("register:detail", kwargs={"uuid": issued.version.uuid})
        if issued.version
        else "",
    }


def _date(value: Any) -> date | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).date() if value else None
    except ValueError:
        return None


def _name_of(document: Any) -> str:
    """The credential's own name, else its achievement's (OB 3.0), else "" (any VCDM 2.0
    credential signed through the VC-API may have neither, or a language map)."""
    if not isinstance(document, dict):
        return ""
    subject = document.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    for value in (document.get("name"), achievement.get("name") if isinstance(achievement, dict) else None):
        shown = display.text(value) if isinstance(value, dict) else value
        if isinstance(shown, str | display.LangValue) and str(shown).strip():
            return str(shown)
    return ""


def credential_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    issued = _credential(uuid)
    report = inspect_credential(issued.document, jws=issued.jws)
    can_change = permissions.can_change_status(request.user, issued.institution)
    signer = served_registry_signer()
    context = {
        # the offline command (ADR 0702, 0703): only when a signed registry is served, naming its
        # signer with --trust-anchor unless the command line pins it
        "registry_served": signer is not None,
        "registry_anchor": anchor_to_name(signer) if signer is not None else None,
        "registry_demo": signer is not None and signer.demo,
        "issued": issued,
        "name": _name_of(issued.document) or _("Credential"),
        "vc": issued.document,
        "vc_json": json.dumps(issued.document, ensure_ascii=False, indent=2),
        "issuer_name": issued.institution.display_name(get_language() or "en"),
        "facts": _facts(issued),
        "awarded_on": _date(issued.document.get("awardedDate")),
        "report": report,
        "page_url": _page_url(issued),
        "is_issuer_staff": can_change,
        "can_change_status": can_change and bool(status_actions(issued)),
        "cannot_suspend": can_change and issued.revoked_at is None and not issued.suspension_list_id,
        "status_form": StatusChangeForm(actions=status_actions(issued)),
        "events": issued.status_events.all(),
        "is_learner": request.user.is_authenticated and issued.learner_id == request.user.pk,
        "status_lists": [
            (
                found.list_id,
                reverse(
                    "credentials:status_list",
                    kwargs={"slug": issued.institution.slug, "list_id": found.list_id},
                ),
            )
            for found in (issued.revocation_list, issued.suspension_list)
            if found is not None
        ],
    }
    return render(request, "credentials/credential.html", context)


def credential_download(request: HttpRequest, uuid: Any, fmt: str) -> HttpResponse:
    issued = _credential(uuid)
    if fmt not in ("json", "jwt", "elm.jsonld"):
        raise Http404("download as credential.json, credential.jwt or credential.elm.jsonld")
    if fmt == "elm.jsonld":
        if issued.version is None or not issued.version.spec:
            raise Http404("only a credential issued from a published micro-credential has an ELM form")
        elm = elm_award(
            document=issued.document,
            spec=issued.version.spec,
            spec_id=absolute_url(reverse("register:detail", kwargs={"uuid": issued.version.uuid})),
            learner_name=issued.learner_name,
            issued_at=issued.issued_at,
            issuer_legal_identifier=issued.institution.legal_id,
        )
        body = json.dumps(elm, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    elif fmt == "jwt":
        if not issued.jws:
            raise Http404("this credential was not signed as a JWS")
        response = HttpResponse(issued.jws, content_type="application/vc+jwt")
    else:
        body = json.dumps(issued.document, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/vc; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credential-{issued.uuid}.{fmt}"'
    return response


def credential_qr(request: HttpRequest, uuid: Any) -> HttpResponse:
    issued = _credential(uuid)
    image = qrcode.make(_page_url(issued), image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_POST
@login_required
def credential_status_change(request: HttpRequest, uuid: Any) -> HttpResponse:
    issued = _credential(uuid)
    if not permissions.can_change_status(request.user, issued.institution):
        raise PermissionDenied(_("Only the issuing institution's staff may change this credential's status."))
    form = StatusChangeForm(request.POST, actions=status_actions(issued))
    if not form.is_valid():
        messages.error(request, _("Choose an action that applies and give a reason."))
        return redirect("credentials:page", uuid=issued.uuid)
    change = {
        "revoke": services.credential_revoke,
        "suspend": services.credential_suspend,
        "unsuspend": services.credential_unsuspend,
    }[form.cleaned_data["action"]]
    try:
        change(credential=issued, reason=form.cleaned_data["reason"], by=request.user)
    except MicrocredError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The status was changed; verifiers see it from now on."))
    return redirect("credentials:page", uuid=issued.uuid)


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    report = None
    form = VerifyForm(request.POST or None, request.FILES or None)
    unreadable = request.method == "POST" and not form.is_valid()  # a 400, not a 500 (ADR 0608)
    if request.method == "POST" and form.is_valid():
        document, jws, failed = parse_submission(form.cleaned_data["text"])
        report = inspect_credential(
            document,
            jws=jws,
            holder_email=form.cleaned_data.get("holder_email") or "",
            holder_code=form.cleaned_data.get("holder_code") or "",
        )
        if failed is not None:
            report.checks = [failed]
            unreadable = True
        form = VerifyForm()  # "Check another credential" starts empty
    credential_json = (
        json.dumps(report.credential, ensure_ascii=False, indent=2) if report and report.credential else ""
    )
    known = credential_by_document(report.credential) if report else None
    return render(
        request,
        "credentials/verify.html",
        {
            "form": form,
            "report": report,
            "credential_json": credential_json,
            "name": _name_of(report.credential) if report else "",
            "known_page": reverse("credentials:page", kwargs={"uuid": known.uuid}) if known else "",
        },
        status=400 if unreadable else 200,
    )


@login_required
def learner_credentials(request: HttpRequest) -> HttpResponse:
    """The learner's credentials, titled and dated in the interface language."""
    language = (get_language() or "en").split("-")[0]
    rows = [
        {
            "issued": issued,
            "title": display.text((issued.version.spec or {}).get("title") if issued.version else None)
            or _name_of(issued.document)
            or _("Credential"),
            "institution": issued.institution.display_name(language),
        }
        for issued in credentials_of_learner(request.user).order_by("-issued_at")
    ]
    return render(request, "credentials/learner.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def studio_issue(request: HttpRequest) -> HttpResponse:
    institutions = permissions.issuing_institutions(request.user)
    if not institutions:
        raise PermissionDenied(_("Only registrars and institution administrators issue credentials."))
    form = IssueForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.credential_issue(
                version=form.cleaned_data["version"],
                learner=form.learner,
                result=form.result,
                by=request.user,
                suite=form.cleaned_data["suite"],
            )
        except MicrocredError as exc:
            form.add_error(None, error_message(exc))
        else:
            return redirect("credentials:issued", uuid=issued.uuid)
    recent = IssuedCredential.objects.none()
    for institution in institutions:
        recent = recent | credentials_of_institution(institution)
    context = {
        "form": form,
        "recent": recent.order_by("-issued_at")[:50],
        "can_manage_keys": bool(permissions.key_managing_institutions(request.user)),
    }
    return render(request, "credentials/issue.html", context)


@login_required
def studio_issued(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Shown once after issuing: the link and the salt to give the learner (ADR 0601)."""
    issued = _credential(uuid)
    if not permissions.can_issue(request.user, issued.institution):
        raise PermissionDenied(_("Not your institution's credential."))
    return render(request, "credentials/issued.html", {"issued": issued, "page_url": _page_url(issued)})


@login_required
def studio_keys(request: HttpRequest) -> HttpResponse:
    """Signing keys, DID documents and VC-API tokens of the institutions the user administers."""
    institutions = permissions.key_managing_institutions(request.user)
    if not institutions:
        raise PermissionDenied(_("Only institution administrators manage keys and tokens."))
    rows = [
        {
            "institution": institution,
            "did": institution_did(institution.slug),
            "keys": institution_keys(institution),
            "tokens": institution.api_tokens.order_by("-created_at"),
        }
        for institution in sorted(institutions, key=lambda i: i.short_name)
    ]
    return render(
        request,
        "credentials/keys.html",
        {"rows": rows, "new_token": None, "token_scopes": ApiTokenScope.choices, "now": timezone.now()},
    )


@require_http_methods(["GET", "POST"])
@login_required
def studio_key_retire(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Retire a compromised signing key (ADR 0204, docs/security.md "A stolen key"): the form
    asks the moment it was last known safe, a second step shows the consequences and asks to
    confirm; only then is the key retired (the service logs ``key.retired``)."""
    institution = next(
        (i for i in permissions.key_managing_institutions(request.user) if i.slug == slug), None
    )
    if institution is None:
        raise PermissionDenied(_("Only institution administrators manage keys and tokens."))
    key = institution.signing_keys.filter(pk=pk).first()
    if key is None:
        raise Http404("no such key")
    if request.method == "POST":
        form = KeyRetireForm(request.POST, key=key)
        if form.is_valid():
            moment = form.cleaned_data["compromised_since"]
            if request.POST.get("confirmed") != "yes":
                return render(
                    request,
                    "credentials/key_retire.html",
                    {"institution": institution, "key": key, "form": form, "confirm": moment},
                )
            try:
                services.institution_key_retire_compromised(
                    institution=institution, key=key, compromised_since=moment, by=request.user
                )
            except MicrocredError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _(
                        "The key is retired as compromised from %(moment)s: its signatures from then on "
                        "fail, earlier ones keep verifying, and a new key signs from now on."
                    )
                    % {"moment": moment.strftime("%Y-%m-%d %H:%M UTC")},
                )
            return redirect("credentials:keys")
    else:
        form = KeyRetireForm(
            key=key, initial={"compromised_since": timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M")}
        )
    return render(
        request, "credentials/key_retire.html", {"institution": institution, "key": key, "form": form}
    )


@require_POST
@login_required
def studio_keys_action(request: HttpRequest, slug: str) -> HttpResponse:
    institution = next(
        (i for i in permissions.key_managing_institutions(request.user) if i.slug == slug), None
    )
    if institution is None:
        raise PermissionDenied(_("Only institution administrators manage keys and tokens."))
    action = request.POST.get("action")
    try:
        if action == "create_key":
            services.institution_key_create(institution=institution, by=request.user)
            messages.success(request, _("A signing key was created and published in the DID document."))
        elif action == "rotate_key":
            services.institution_key_rotate(institution=institution, by=request.user)
            messages.success(
                request,
                _("A new signing key is in use; the old one stays published so old credentials verify."),
            )
        elif action == "new_token":
            days = request.POST.get("days", "")
            _token, plain = services.api_token_create(
                institution=institution,
                name=request.POST.get("name", ""),
                by=request.user,
                # The page's form says which scopes it offered; a bare request gets every scope.
                scopes=request.POST.getlist("scopes") if "scopes_offered" in request.POST else None,
                expires_in_days=int(days) if days.isdigit() and len(days) < 5 else None,
            )
            messages.success(
                request,
                _("Copy the new VC-API token now; it is not shown again: %(token)s") % {"token": plain},
            )
        elif action == "revoke_token":
            token = institution.api_tokens.filter(pk=request.POST.get("token")).first()
            if token is None:
                raise Http404("no such token")
            services.api_token_revoke(token=token, by=request.user)
            messages.success(request, _("The token no longer works."))
        else:
            messages.error(request, _("Unknown action."))
    except MicrocredError as exc:
        messages.error(request, str(exc))
    return redirect("credentials:keys")
