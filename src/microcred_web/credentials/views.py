"""Pages: a credential's public page, the public verifier, a learner's credentials, issuing
from the studio and revoking/suspending. Each view parses, calls one service or selector, renders."""

from __future__ import annotations

import base64
import hashlib
import io
import json
from datetime import UTC
from typing import Any
from urllib.parse import urlencode

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
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from microcred.credential_batch import MAX_BATCH_FILES, BatchError
from microcred.errors import MicrocredError
from microcred_web.accounts.permissions import Action, can
from microcred_web.credentials import batch, permissions, services
from microcred_web.credentials.badge import badge_png, badge_svg
from microcred_web.credentials.certificate import LANGUAGES, TEMPLATE_VERSION, certificate_pdf
from microcred_web.credentials.composition import elm_award
from microcred_web.credentials.display import date_of, facts_of, name_of
from microcred_web.credentials.forms import (
    BatchVerifyForm,
    CorrectionForm,
    IssueForm,
    KeyRetireForm,
    StatusChangeForm,
    VerifyForm,
    status_actions,
)
from microcred_web.credentials.identity import absolute_url, institution_did
from microcred_web.credentials.messages import error_message
from microcred_web.credentials.models import ApiTokenScope, IssuedCredential, LearnerNotice, RenderedFile
from microcred_web.credentials.selectors import (
    credential_by_document,
    credential_by_uuid,
    credentials_of_institution,
    credentials_of_learner,
    institution_keys,
)
from microcred_web.credentials.trust import anchor_to_name, served_registry_signer
from microcred_web.credentials.verifying import inspect_credential, parse_submission, parse_upload
from microcred_web.register import display
from microcred_web.register.templatetags.register_tags import num
from microcred_web.skills import selectors as skill_selectors

#: The version of the badge drawing (``badge.py``): a new one draws the kept badges anew.
BADGE_VERSION = "1"


def _credential(uuid: Any) -> IssuedCredential:
    issued = credential_by_uuid(uuid)
    if issued is None:
        raise Http404("no such credential")
    return issued


def _may_see(request: HttpRequest, issued: IssuedCredential) -> bool:
    """Anyone, while the learner shares the credential; else the learner and the issuer's staff
    (ADR 1303)."""
    user = request.user
    return (
        issued.shared
        or (user.is_authenticated and issued.learner_id == user.pk)
        or can(user, Action.VIEW_ISSUED, issued.institution)
    )


def _shown_credential(request: HttpRequest, uuid: Any) -> IssuedCredential:
    """The credential, if the request may see it; a 404 otherwise, as if there were none (a
    hidden credential's page does not confirm that it exists)."""
    issued = _credential(uuid)
    if not _may_see(request, issued):
        raise Http404("no such credential")
    return issued


def _language(request: HttpRequest) -> str:
    """``?lang=`` (en, vi, lo), else the interface language."""
    asked = request.GET.get("lang") or (get_language() or "en").split("-")[0]
    return asked if asked in LANGUAGES else "en"


def _template_key(version: str) -> str:
    """The template version and the public base URL the file prints (a moved site draws anew)."""
    return f"{version}-{hashlib.sha256(absolute_url('/').encode()).hexdigest()[:8]}"


def linkedin_url(issued: IssuedCredential, *, name: str, page_url: str) -> str:
    """LinkedIn's "Add to profile" link for a certification, every field filled in (LinkedIn's
    Add to Profile for certifications: ``startTask=CERTIFICATION_NAME`` and its parameters)."""
    awarded = date_of(issued.document.get("awardedDate")) or issued.issued_at.date()
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": issued.institution.display_name("en"),
        "issueYear": str(awarded.year),
        "issueMonth": str(awarded.month),
        "certUrl": page_url,
        "certId": issued.credential_id or str(issued.uuid),
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


def _page_url(issued: IssuedCredential) -> str:
    return absolute_url(reverse("credentials:page", kwargs={"uuid": issued.uuid}))


def credential_page(request: HttpRequest, uuid: Any) -> HttpResponse:
    issued = _shown_credential(request, uuid)
    report = inspect_credential(issued.document, jws=issued.jws)
    can_change = permissions.can_change_status(request.user, issued.institution)
    signer = served_registry_signer()
    facts = facts_of(issued)
    title = str(facts.get("title") or name_of(issued.document) or _("Credential"))
    og_description = " · ".join(
        part
        for part in (
            issued.institution.display_name((get_language() or "en").split("-")[0]),
            f"{num(facts['credits'])} {facts['credit_system']}" if facts.get("credits") else "",
            f"EQF {facts['eqf']}" if facts.get("eqf") else "",
        )
        if part
    )
    context = {
        # the offline command (ADR 0702, 0703): only when a signed registry is served, naming its
        # signer with --trust-anchor unless the command line pins it
        "registry_served": signer is not None,
        "registry_anchor": anchor_to_name(signer) if signer is not None else None,
        "registry_demo": signer is not None and signer.demo,
        "issued": issued,
        "name": name_of(issued.document) or _("Credential"),
        "vc": issued.document,
        "vc_json": json.dumps(issued.document, ensure_ascii=False, indent=2),
        "issuer_name": issued.institution.display_name(get_language() or "en"),
        "facts": facts,
        "language": _language(request),
        "linkedin_url": linkedin_url(issued, name=title, page_url=_page_url(issued)),
        "badge_png_url": absolute_url(
            reverse("credentials:badge", kwargs={"uuid": issued.uuid, "fmt": "png"})
        ),
        "og_description": og_description,
        "replaced_by": getattr(issued, "replaced_by", None),
        "can_correct": permissions.can_correct(request.user, issued.institution)
        and issued.revoked_at is None
        and issued.version_id is not None,
        "awarded_on": date_of(issued.document.get("awardedDate")),
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
    issued = _shown_credential(request, uuid)
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
    issued = _shown_credential(request, uuid)
    image = qrcode.make(_page_url(issued), image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def credential_certificate(request: HttpRequest, uuid: Any) -> HttpResponse:
    """``GET /credentials/<uuid>/certificate.pdf?lang=vi``: the certificate, drawn once per
    language and template, then served from the stored file (ADR 1301). A corrected credential's
    certificate is its replacement's."""
    issued = _shown_credential(request, uuid)
    current = services.credential_current(issued)
    language = _language(request)
    if current.pk != issued.pk:
        url = reverse("credentials:certificate", kwargs={"uuid": current.uuid})
        return redirect(f"{url}?lang={language}")
    body = services.rendered_file(
        credential=issued,
        kind=RenderedFile.Kind.CERTIFICATE_PDF,
        language=language,
        template_version=_template_key(TEMPLATE_VERSION),
        draw=lambda: certificate_pdf(
            issued,
            language=language,
            page_url=_page_url(issued),
            verify_url=absolute_url(reverse("credentials:verify")),
        ),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{issued.uuid}-{language}.pdf"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_safe
def credential_badge(request: HttpRequest, uuid: Any, fmt: str) -> HttpResponse:
    """``GET /credentials/<uuid>/badge.png`` and ``badge.svg``: the achievement's image with the
    signed credential baked in (OB 3.0 §5.3, ADR 1302)."""
    if fmt not in ("png", "svg"):
        raise Http404("badge.png or badge.svg")
    issued = _shown_credential(request, uuid)
    current = services.credential_current(issued)
    if current.pk != issued.pk:
        return redirect("credentials:badge", uuid=current.uuid, fmt=fmt)
    kind = RenderedFile.Kind.BADGE_PNG if fmt == "png" else RenderedFile.Kind.BADGE_SVG
    body = services.rendered_file(
        credential=issued,
        kind=kind,
        language="",
        template_version=BADGE_VERSION,
        draw=lambda: badge_png(issued) if fmt == "png" else badge_svg(issued),
    )
    response = HttpResponse(body, content_type="image/png" if fmt == "png" else "image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="badge-{issued.uuid}.{fmt}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_POST
@login_required
def credential_share(request: HttpRequest, uuid: Any) -> HttpResponse:
    """The learner's choices: share (``share``/``hide``) or keep in their list (``remove``/``restore``)."""
    issued = _credential(uuid)
    if issued.learner_id != request.user.pk:
        raise PermissionDenied(_("Only the learner decides how their credential is shown."))
    action = request.POST.get("action", "")
    if action in ("share", "hide"):
        services.credential_share_set(credential=issued, shared=action == "share", by=request.user)
        messages.success(
            request,
            _("Anyone with the link can see this credential.")
            if action == "share"
            else _("Only you and the issuer can see this credential's page now."),
        )
    elif action in ("remove", "restore"):
        services.credential_remove_from_list(credential=issued, by=request.user, removed=action == "remove")
        if action == "remove":
            messages.success(
                request,
                _(
                    "The credential is no longer in your list or shared. It stays valid: only the issuer"
                    " can revoke a signed credential."
                ),
            )
            return redirect("credentials:learner")
        messages.success(request, _("The credential is back in your list."))
    else:
        messages.error(request, _("Unknown action."))
    return redirect("credentials:page", uuid=issued.uuid)


@require_http_methods(["GET", "POST"])
@login_required
def credential_correct(request: HttpRequest, uuid: Any) -> HttpResponse:
    """Staff correct an issued credential in one step (ADR 1303): a replacement is issued, the old
    one revoked as "replaced", the learner told."""
    issued = _credential(uuid)
    if not permissions.can_correct(request.user, issued.institution):
        raise PermissionDenied(_("Only the issuing institution's registrars correct its credentials."))
    if request.method == "POST":
        form = CorrectionForm(request.POST, issued=issued)
        if form.is_valid():
            try:
                new = services.credential_correct(
                    credential=issued,
                    learner=form.learner,
                    result=form.result,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except MicrocredError as exc:
                form.add_error(None, error_message(exc))
            else:
                messages.success(
                    request,
                    _(
                        "The corrected credential is issued; the old one is revoked as replaced and the learner is told."
                    ),
                )
                return redirect("credentials:page", uuid=new.uuid)
    else:
        form = CorrectionForm(initial=CorrectionForm.initial_from(issued), issued=issued)
    return render(request, "credentials/correct.html", {"issued": issued, "form": form})


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
        upload = form.cleaned_data.get("upload")
        document, jws, failed = (
            parse_upload(upload) if upload is not None else parse_submission(form.cleaned_data["text"])
        )
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
            "name": name_of(report.credential) if report else "",
            "known_page": reverse("credentials:page", kwargs={"uuid": known.uuid}) if known else "",
        },
        status=400 if unreadable else 200,
    )


@login_required
def learner_credentials(request: HttpRequest) -> HttpResponse:
    """The learner's credentials, titled and dated in the interface language."""
    language = (get_language() or "en").split("-")[0]
    notices = list(
        LearnerNotice.objects.filter(credential__learner=request.user, seen_at=None).select_related(
            "credential"
        )
    )
    services.learner_notices_seen(user=request.user)
    rows = [
        {
            "issued": issued,
            "title": display.text((issued.version.spec or {}).get("title") if issued.version else None)
            or name_of(issued.document)
            or _("Credential"),
            "institution": issued.institution.display_name(language),
        }
        for issued in credentials_of_learner(request.user)
        .filter(removed_by_learner_at=None)
        .order_by("-issued_at")
    ]
    # the skills these credentials show (ADR 1452): confirmed alignments of the achieved versions,
    # of every credential in the list and not revoked (one removed from the list is left out too)
    held = [row for row in rows if not row["issued"].is_revoked and row["issued"].version]
    profile = skill_selectors.learner_skill_profile(
        ((row["issued"].version.skills, str(row["title"])) for row in held), language
    )
    from microcred_web.qa.survey_selectors import open_surveys  # the satisfaction survey (ADR 1540)

    return render(
        request,
        "credentials/learner.html",
        {"rows": rows, "notices": notices, "skills_profile": profile, "surveys": open_surveys(request.user)},
    )


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


@require_http_methods(["GET", "POST"])
def verify_batch_page(request: HttpRequest) -> HttpResponse:
    """Several candidates' credentials checked at once (ADR 1450): a table of verdicts, or with
    ``format=csv`` the same rows as a CSV download. Checked in the request and stored nowhere."""
    form = BatchVerifyForm(request.POST, request.FILES) if request.method == "POST" else BatchVerifyForm()
    rows: list[batch.BatchRow] | None = None
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            rows = batch.verify_batch(form.cleaned_data["files"])
        except BatchError as exc:
            refused = batch.batch_refusal_message(exc)
        if rows is not None and request.POST.get("format") == "csv":
            response = HttpResponse(batch.rows_csv(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="verification-results.csv"'
            response["Cache-Control"] = "no-store"
            return response
    counts: dict[str, int] = {}
    for row in rows or []:
        counts[row.verdict] = counts.get(row.verdict, 0) + 1
    sentences = batch.verdict_sentences()
    return render(
        request,
        "credentials/verify_batch.html",
        {
            "form": form,
            "rows": rows,
            "refused": refused,
            "sentences": sentences,
            "counts": [(verdict, sentences[verdict], n) for verdict, n in counts.items()],
            "limit": MAX_BATCH_FILES,
            # the CSV travels in the page (a data: link), so nothing is kept for a second request
            "csv_base64": base64.b64encode(batch.rows_csv(rows).encode("utf-8")).decode("ascii")
            if rows
            else "",
        },
        status=400 if request.method == "POST" and rows is None else 200,
    )
