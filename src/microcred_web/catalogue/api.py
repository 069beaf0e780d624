"""Authenticated endpoints for authoring and the QA workflow (django-ninja router, under /api/studio/).

Authentication is the Django session (sign in at /accounts/login/); unsafe methods need the
CSRF token in the ``X-CSRFToken`` header, as for the studio pages (ADR 0301). Every endpoint
asks the same policy as the pages: 401 without a session, 403 when the policy refuses,
409 when the workflow does not allow the action in the version's status.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from ninja import Router, Schema
from ninja.security import django_auth

from microcred.errors import MicrocredError
from microcred.four_eyes import FourEyesError, Verdict
from microcred.model import parse_spec
from microcred.model.spec import SpecFormatError
from microcred.standards.eu_mc import check_document
from microcred.untrusted_input import read_json
from microcred_web.accounts.permissions import (
    Action,
    acting_user,
    can,
    four_eyes_message,
    institutions_where,
    require,
)
from microcred_web.catalogue import selectors, services
from microcred_web.catalogue.errors import NotConformantError, WorkflowError
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.catalogue.workflow import possible_in
from microcred_web.qa.errors import QaError
from microcred_web.qa.messages import message as qa_message

router = Router(tags=["studio"], auth=django_auth)


class TransitionIn(Schema):
    action: str
    note: str = ""


class CommentIn(Schema):
    body: str
    field_path: str = ""


def _problem(status: int, detail: str, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


def _version_out(version: MicroCredentialVersion, user: Any) -> dict[str, Any]:
    report = check_document(version.spec)
    mc = version.micro_credential
    return {
        "uuid": str(version.uuid),
        "institution": mc.institution.slug,
        "code": mc.code,
        "version": version.version,
        "status": version.status,
        "spec": version.spec,
        "conformance": report.as_dict(),
        "actions": [a.value for a in possible_in(version.status) if can(user, a, version)],
        "links": {"studio": reverse("catalogue:version", kwargs={"uuid": version.uuid})},
    }


def _read_document(request: HttpRequest) -> Any:
    """The body as JSON within the core's limits on untrusted input (ADR 0608)."""
    return read_json(request.body, where="(body)")


def _spec_or_problem(request: HttpRequest) -> tuple[Any, JsonResponse | None]:
    try:
        return parse_spec(_read_document(request)), None
    except SpecFormatError as exc:
        findings = [{"path": path, "message": message} for path, message in exc.problems]
        return None, _problem(400, exc.message, findings=findings)
    except MicrocredError as exc:
        return None, _problem(400, exc.message, findings=[{"path": exc.where, "message": exc.message}])


def _version(uuid: UUID) -> MicroCredentialVersion | None:
    try:
        return selectors.version_by_uuid(uuid)
    except MicroCredentialVersion.DoesNotExist:
        return None


@router.get("/micro-credentials", summary="Micro-credentials of my institution(s)")
def list_micro_credentials(request: HttpRequest) -> JsonResponse:
    if not can(request.user, Action.VIEW_STUDIO):
        return _problem(403, "not allowed: view_studio")
    items = [
        {
            "institution": mc.institution.slug,
            "code": mc.code,
            "versions": [
                {"uuid": str(v.uuid), "version": v.version, "status": v.status}
                for v in sorted(mc.versions.all(), key=lambda v: -v.version)
            ],
        }
        for mc in selectors.studio_micro_credentials(request.user)
    ]
    return JsonResponse({"items": items})


@router.post("/micro-credentials", summary="Create a draft from an exchange-format document")
def create_micro_credential(request: HttpRequest, institution: str = "") -> JsonResponse:
    """The body is the specification in the exchange format; its ``code`` names the new
    micro-credential. ``?institution=<slug>`` chooses the institution when you belong to several."""
    allowed = institutions_where(request.user, Action.CREATE_DRAFT)
    if institution:
        chosen = next((i for i in allowed if i.slug == institution), None)
    else:
        chosen = allowed[0] if len(allowed) == 1 else None
    if chosen is None:
        if not allowed or institution:
            return _problem(403, "not allowed: create_draft")
        return _problem(400, "you belong to several institutions; choose one with ?institution=<slug>")
    spec, problem = _spec_or_problem(request)
    if problem is not None:
        return problem
    if not spec.code:
        return _problem(
            400, "the specification has no code", findings=[{"path": "code", "message": "required"}]
        )
    try:
        version = services.micro_credential_create(
            institution=chosen, code=spec.code, spec=spec, by=acting_user(request)
        )
    except PermissionDenied as exc:
        return _problem(403, str(exc))
    except MicrocredError as exc:
        return _problem(400, exc.message, findings=[{"path": exc.where, "message": exc.message}])
    return JsonResponse(_version_out(version, request.user), status=201)


@router.get("/versions/{uuid}", summary="One version with its conformance findings")
def get_version(request: HttpRequest, uuid: UUID) -> JsonResponse:
    version = _version(uuid)
    if version is None:
        return _problem(404, "no such version")
    if not can(request.user, Action.VIEW_VERSION, version):
        return _problem(403, "not allowed: view_version")
    return JsonResponse(_version_out(version, request.user))


@router.put("/versions/{uuid}", summary="Replace the specification of a draft")
def update_version(request: HttpRequest, uuid: UUID) -> JsonResponse:
    version = _version(uuid)
    if version is None:
        return _problem(404, "no such version")
    if not can(request.user, Action.EDIT_DRAFT, version):
        return _problem(403, "not allowed: edit_draft")
    spec, problem = _spec_or_problem(request)
    if problem is not None:
        return problem
    try:
        version = services.version_update(version=version, spec=spec, by=acting_user(request))
    except PermissionDenied as exc:
        return _problem(403, str(exc))
    except MicrocredError as exc:
        return _problem(409, str(exc))
    return JsonResponse(_version_out(version, request.user))


@router.post("/versions/{uuid}/transitions", summary="Run a workflow action")
def transition(request: HttpRequest, uuid: UUID, payload: TransitionIn) -> JsonResponse:
    """``action`` is one of submit, withdraw, start_review, request_changes (``note`` required), approve,
    publish, retire, new_version (answers 201 with the new draft)."""
    version = _version(uuid)
    if version is None:
        return _problem(404, "no such version")
    try:
        action = Action(payload.action)
    except ValueError:
        return _problem(400, f"unknown action {payload.action!r}")
    try:
        require(request.user, action, version)
        result = services.version_transition(
            version=version, action=action, by=acting_user(request), note=payload.note
        )
    except PermissionDenied as exc:
        return _problem(403, str(exc))
    except NotConformantError as exc:
        return _problem(409, str(exc), findings=[f.as_dict() for f in exc.findings])
    except WorkflowError as exc:
        return _problem(409, str(exc))
    except QaError as exc:  # the QA checklist (ADR 1501): a code, its parameters, the wording
        return _problem(409, qa_message(exc.code, exc.params), code=exc.code, params=dict(exc.params))
    except FourEyesError as exc:  # the second reviewer
        return _problem(403, four_eyes_message(Verdict(exc.code, exc.params)), code=exc.code.value)
    except MicrocredError as exc:
        return _problem(400, str(exc))
    return JsonResponse(
        _version_out(result, request.user), status=201 if action == Action.NEW_VERSION else 200
    )


@router.post("/versions/{uuid}/comments", summary="Comment on a version")
def comment(request: HttpRequest, uuid: UUID, payload: CommentIn) -> JsonResponse:
    version = _version(uuid)
    if version is None:
        return _problem(404, "no such version")
    try:
        created = services.version_comment(
            version=version, by=acting_user(request), body=payload.body, field_path=payload.field_path
        )
    except PermissionDenied as exc:
        return _problem(403, str(exc))
    except WorkflowError as exc:
        return _problem(409, str(exc))
    except MicrocredError as exc:
        return _problem(400, str(exc))
    return JsonResponse(
        {
            "id": created.pk,
            "author": created.author.get_username(),
            "kind": created.kind,
            "field_path": created.field_path,
            "body": created.body,
            "created_at": created.created_at.isoformat(),
        },
        status=201,
    )
