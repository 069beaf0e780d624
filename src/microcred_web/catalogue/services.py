"""Writes of the catalogue: authoring and the QA workflow (HackSoft style: ``<entity>_<action>``,
keyword-only typed arguments, one transaction each).

Every service asks the policy (``accounts.permissions.require``) before it acts, so the
studio pages, the API, the admin and ``load_demo`` obey the same rules, and every status
change writes a ``WorkflowEvent``.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from microcred.errors import MicrocredError
from microcred.model import MicroCredentialSpec, dump_spec
from microcred.standards.eu_mc import check_document
from microcred_web.accounts.permissions import Action, require
from microcred_web.catalogue.errors import (
    DuplicateCodeError,
    ImmutableVersionError,
    NotConformantError,
    WorkflowError,
)
from microcred_web.catalogue.models import (
    FROZEN_STATUSES,
    MicroCredential,
    MicroCredentialVersion,
    ReviewComment,
    Status,
    VersionEdit,
    WorkflowEvent,
)
from microcred_web.catalogue.register_fields import register_fields
from microcred_web.catalogue.workflow import COMMENT_STATUSES, NEW_VERSION_STATUSES, TRANSITIONS
from microcred_web.institutions.models import Institution
from microcred_web.notifications.services import notify_change_request

if TYPE_CHECKING:
    from django.contrib.auth.models import User

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")


def _stored(spec: MicroCredentialSpec, *, code: str, version: int) -> dict[str, Any]:
    """The exchange-format JSON kept in the database; code and version follow the record."""
    return dump_spec(spec.model_copy(update={"code": code, "version": version}))


def _locked(version: MicroCredentialVersion) -> MicroCredentialVersion:
    return (
        MicroCredentialVersion.objects.select_for_update()
        .select_related("micro_credential__institution")
        .get(pk=version.pk)
    )


def _event(version: MicroCredentialVersion, *, by: User, from_status: str, note: str = "") -> None:
    WorkflowEvent.objects.create(
        version=version, actor=by, from_status=from_status, to_status=version.status, note=note
    )


def micro_credential_create(
    *,
    institution: Institution,
    code: str,
    spec: MicroCredentialSpec,
    by: User,
    derived_from: MicroCredentialVersion | None = None,
    template: str = "",
) -> MicroCredentialVersion:
    """Create a micro-credential and its first version, a draft; ``derived_from`` records the
    published version it was copied from (ADR 1613; the original is not changed)."""
    require(by, Action.CREATE_DRAFT, institution)
    if derived_from is not None and derived_from.status != Status.PUBLISHED:
        raise MicrocredError("only a published micro-credential can be copied", where="derived_from")
    code = code.strip()
    if not CODE_PATTERN.match(code):
        raise MicrocredError(
            f"{code!r} is not a usable code: use 1-60 letters, digits, '.', '_' or '-'", where="code"
        )
    with transaction.atomic():
        if MicroCredential.objects.filter(institution=institution, code=code).exists():
            raise DuplicateCodeError(
                f"{institution.short_name} already has a micro-credential with code {code!r}", where="code"
            )
        mc = MicroCredential.objects.create(institution=institution, code=code, created_by=by)
        version = MicroCredentialVersion.objects.create(
            micro_credential=mc,
            version=1,
            status=Status.DRAFT,
            spec=_stored(spec, code=code, version=1),
            created_by=by,
            derived_from=derived_from,
            template=template,
        )
        note = ""
        if derived_from is not None:
            source = derived_from.micro_credential
            note = f"copied from {source.institution.slug}/{source.code} v{derived_from.version}"
        elif template:
            note = f"started from template {template}"
        _event(version, by=by, from_status="", note=note)
    return version


def version_update(
    *, version: MicroCredentialVersion, spec: MicroCredentialSpec, by: User
) -> MicroCredentialVersion:
    """Replace the specification of a draft."""
    require(by, Action.EDIT_DRAFT, version)
    with transaction.atomic():
        v = _locked(version)
        if v.status in FROZEN_STATUSES:
            raise ImmutableVersionError(
                f"version {v.version} is {v.status}; create a new version to change it",
                where=str(v.micro_credential),
            )
        if v.status != Status.DRAFT:
            raise WorkflowError(
                f"version {v.version} is {v.status}; only drafts can be edited "
                "(ask the reviewer to request changes)",
                where=str(v.micro_credential),
            )
        v.spec = _stored(spec, code=v.micro_credential.code, version=v.version)
        v.save(update_fields=["spec", "updated_at"])
        VersionEdit.objects.create(version=v, editor=by)  # an editor is an author (four eyes)
    return v


def _transition(
    version: MicroCredentialVersion, action: Action, *, by: User, note: str = ""
) -> MicroCredentialVersion:
    require(by, action, version)
    rule = TRANSITIONS[action]
    v = _locked(version)
    if v.status not in rule.sources:
        allowed = " or ".join(sorted(rule.sources))
        raise WorkflowError(
            f"cannot {action.value.replace('_', ' ')} version {v.version}: it is {v.status}, "
            f"and this action needs it to be {allowed}",
            where=str(v.micro_credential),
        )
    before = v.status
    v.status = rule.target
    now = timezone.now()
    stamp = {
        Status.SUBMITTED: "submitted_at",
        Status.APPROVED: "approved_at",
        Status.PUBLISHED: "published_at",
        Status.RETIRED: "retired_at",
    }.get(rule.target)
    fields = ["status", "updated_at"]
    if stamp:
        setattr(v, stamp, now)
        fields.append(stamp)
    v.save(update_fields=fields)
    _event(v, by=by, from_status=before, note=note)
    return v


def version_submit(*, version: MicroCredentialVersion, by: User, note: str = "") -> MicroCredentialVersion:
    with transaction.atomic():
        return _transition(version, Action.SUBMIT, by=by, note=note)


def version_withdraw(*, version: MicroCredentialVersion, by: User, note: str = "") -> MicroCredentialVersion:
    """The authors take back a submitted version (before the review starts): it is a draft again."""
    with transaction.atomic():
        return _transition(version, Action.WITHDRAW, by=by, note=note)


def version_start_review(
    *, version: MicroCredentialVersion, by: User, note: str = ""
) -> MicroCredentialVersion:
    with transaction.atomic():
        return _transition(version, Action.START_REVIEW, by=by, note=note)


def version_comment(
    *, version: MicroCredentialVersion, by: User, body: str, field_path: str = ""
) -> ReviewComment:
    require(by, Action.COMMENT, version)
    body = body.strip()
    if not body:
        raise MicrocredError("a comment needs some text", where="body")
    with transaction.atomic():
        v = _locked(version)
        if v.status not in COMMENT_STATUSES:
            raise WorkflowError(
                f"version {v.version} is {v.status}; comments are closed", where=str(v.micro_credential)
            )
        return ReviewComment.objects.create(
            version=v, author=by, body=body, field_path=field_path.strip()[:120]
        )


def version_request_changes(
    *, version: MicroCredentialVersion, by: User, note: str
) -> MicroCredentialVersion:
    """Send a submitted or in-review version back to its authors as a draft, saying why."""
    if not note.strip():
        raise MicrocredError("say what has to change", where="note")
    with transaction.atomic():
        v = _transition(version, Action.REQUEST_CHANGES, by=by, note=note.strip())
        comment = ReviewComment.objects.create(
            version=v, author=by, kind=ReviewComment.Kind.CHANGES_REQUESTED, body=note.strip()
        )
        notify_change_request(comment)  # e-mail to the version's authors (ADR 1110)
    return v


def version_approve(*, version: MicroCredentialVersion, by: User, note: str = "") -> MicroCredentialVersion:
    from microcred_web.qa.services import approval_guard

    with transaction.atomic():
        require(by, Action.APPROVE, version)
        # the QA checklist and the second reviewer (issue 15 item 1; ADR 1501)
        current = _locked(version)
        if current.status == Status.IN_REVIEW:  # otherwise the workflow refuses, below
            approval_guard(version=current, by=by)
        v = _transition(version, Action.APPROVE, by=by, note=note)
        if note.strip():
            ReviewComment.objects.create(
                version=v, author=by, kind=ReviewComment.Kind.APPROVAL, body=note.strip()
            )
    return v


def version_publish(*, version: MicroCredentialVersion, by: User, note: str = "") -> MicroCredentialVersion:
    """Publish an approved, conformant version; the previously published one is retired."""
    with transaction.atomic():
        require(by, Action.PUBLISH, version)
        current = _locked(version)
        report = check_document(current.spec)
        if report.errors:
            raise NotConformantError(report.errors, where=str(current.micro_credential))
        v = _transition(current, Action.PUBLISH, by=by, note=note)
        assert report.spec is not None  # no errors, so the document parsed
        for name, value in asdict(register_fields(report.spec)).items():
            setattr(v, name, value)
        v.save()
        previous = MicroCredentialVersion.objects.filter(
            micro_credential=v.micro_credential, status=Status.PUBLISHED
        ).exclude(pk=v.pk)
        for old in previous.select_for_update():
            old.status = Status.RETIRED
            old.retired_at = timezone.now()
            old.save(update_fields=["status", "retired_at", "updated_at"])
            _event(old, by=by, from_status=Status.PUBLISHED, note=f"superseded by version {v.version}")
    return v


def version_retire(*, version: MicroCredentialVersion, by: User, note: str = "") -> MicroCredentialVersion:
    with transaction.atomic():
        return _transition(version, Action.RETIRE, by=by, note=note)


def version_new_from(*, version: MicroCredentialVersion, by: User) -> MicroCredentialVersion:
    """Start the next version as a draft copy of a published (or retired) one."""
    require(by, Action.NEW_VERSION, version)
    with transaction.atomic():
        v = _locked(version)
        if v.status not in NEW_VERSION_STATUSES:
            raise WorkflowError(
                f"version {v.version} is {v.status}; new versions start from a published version",
                where=str(v.micro_credential),
            )
        mc = v.micro_credential
        open_version = mc.versions.exclude(status__in=FROZEN_STATUSES).order_by("-version").first()
        if open_version is not None:
            raise WorkflowError(
                f"version {open_version.version} is already being worked on ({open_version.status})",
                where=str(mc),
            )
        number = (mc.versions.aggregate(n=Max("version"))["n"] or 0) + 1
        spec = dict(v.spec)
        spec["version"] = number
        new = MicroCredentialVersion.objects.create(
            micro_credential=mc, version=number, status=Status.DRAFT, spec=spec, created_by=by
        )
        _event(new, by=by, from_status="", note=f"new version from version {v.version}")
    return new


def version_transition(
    *, version: MicroCredentialVersion, action: Action | str, by: User, note: str = ""
) -> MicroCredentialVersion:
    """Run a workflow action by name (for the studio buttons and the API)."""
    try:
        act = Action(action)
    except ValueError:
        raise MicrocredError(
            f"unknown action {action!r}; actions are {', '.join(sorted(a.value for a in TRANSITIONS))}, "
            "new_version",
            where="action",
        ) from None
    if act == Action.NEW_VERSION:
        return version_new_from(version=version, by=by)
    if act == Action.REQUEST_CHANGES:
        return version_request_changes(version=version, by=by, note=note)
    handlers = {
        Action.SUBMIT: version_submit,
        Action.WITHDRAW: version_withdraw,
        Action.START_REVIEW: version_start_review,
        Action.APPROVE: version_approve,
        Action.PUBLISH: version_publish,
        Action.RETIRE: version_retire,
    }
    if act not in handlers:
        raise MicrocredError(f"{act.value!r} is not a workflow action", where="action")
    return handlers[act](version=version, by=by, note=note)
