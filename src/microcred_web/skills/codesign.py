"""Co-design with employers (ADR 1433): a designer shares a draft with an employer organisation;
the employer's members comment on it and propose changes to its texts; the designer accepts a
proposal (applied through the studio's draft-edit service, ``catalogue.services.version_update``,
which records the designer as the editor) or declines it. An accepted proposal also records the
employer among the specification's ``employer_co_designers`` (docs/spec-format.md
EmployerCoDesigner; EU Council Recommendation 2022/C 243/02, Annex II principle 3 "relevance":
micro-credentials designed with labour-market stakeholders)."""

from __future__ import annotations

import re
from typing import Any, Final

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from microcred.errors import MicrocredError
from microcred.model.spec import parse_spec
from microcred_web.accounts.permissions import Action, require
from microcred_web.catalogue import services as studio
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.core.security_log import SecurityEvent, security_event
from microcred_web.skills.models import CoDesignNote, CoDesignShare, Employer

#: A comment or a proposed text is a paragraph or a few, never a document.
MAX_NOTE_CHARS: Final = 4000
#: The texts a proposal may change: a title, the description, or one learning outcome's text, in
#: one language (``title.en``, ``description.vi``, ``learning_outcomes[2].text.lo``).
FIELD_PATH: Final = re.compile(
    r"^(?:(title|description)|learning_outcomes\[(\d{1,3})\]\.text)\.([a-z]{2,3})$"
)


class CoDesignError(MicrocredError):
    """A co-design step that cannot be taken; ``code`` names the reason for the page."""

    def __init__(self, message: str, *, code: str, where: str = "co_design") -> None:
        super().__init__(message, where=where)
        self.code = code


def share_create(*, version: MicroCredentialVersion, employer: Employer, by: Any) -> CoDesignShare:
    """Share a draft with an employer (the designer's step: whoever may edit the draft)."""
    require(by, Action.EDIT_DRAFT, version)
    if version.status != Status.DRAFT:
        raise CoDesignError("only a draft is shared for co-design", code="not_draft")
    share, _created = CoDesignShare.objects.get_or_create(
        version=version, employer=employer, defaults={"shared_by": by}
    )
    return share


def _text(value: str, where: str) -> str:
    text = value.strip()
    if not text:
        raise CoDesignError("this needs some text", code="empty", where=where)
    if len(text) > MAX_NOTE_CHARS:
        raise CoDesignError(f"longer than {MAX_NOTE_CHARS} characters", code="too_long", where=where)
    return text


def note_create(
    *,
    version: MicroCredentialVersion,
    employer: Employer,
    by: Any,
    body: str,
    field_path: str = "",
    proposed: str | None = None,
    request: Any = None,
) -> CoDesignNote:
    """An employer member's comment (``proposed`` None) or proposed change on a shared draft.

    Refused (403) unless the version is shared with ``employer`` and ``by`` is its member."""
    require(by, Action.CO_DESIGN, employer)
    if not CoDesignShare.objects.filter(version=version, employer=employer).exists():
        security_event(
            SecurityEvent.PERMISSION_DENIED,
            request=request,
            user_id=getattr(by, "pk", None),
            action=Action.CO_DESIGN.value,
            version=str(version.uuid),
        )
        raise PermissionDenied("not allowed: co_design (this draft is not shared with the employer)")
    text = _text(body, "body")
    path = field_path.strip()
    kind = CoDesignNote.Kind.COMMENT
    new_text = ""
    if proposed is not None:
        if not FIELD_PATH.match(path):
            raise CoDesignError("a proposal names the text it changes", code="field_path", where="field_path")
        new_text = _text(proposed, "proposed")
        kind = CoDesignNote.Kind.PROPOSAL
    elif path and len(path) > 120:
        raise CoDesignError("the element's name is too long", code="field_path", where="field_path")
    with transaction.atomic():
        locked = MicroCredentialVersion.objects.select_for_update().get(pk=version.pk)
        if locked.status != Status.DRAFT:
            raise CoDesignError("co-design is open while the version is a draft", code="not_draft")
        return CoDesignNote.objects.create(
            version=locked,
            employer=employer,
            author=by,
            kind=kind,
            field_path=path,
            body=text,
            proposed=new_text,
        )


def _apply(spec: dict[str, Any], path: str, text: str) -> None:
    match = FIELD_PATH.match(path)
    assert match is not None
    top, index, lang = match.groups()
    if top:
        target = spec.get(top) or {}
        spec[top] = {**target, lang: text}
        return
    outcomes = spec.get("learning_outcomes") or []
    at = int(index)
    if at >= len(outcomes):
        raise CoDesignError("the draft has no such learning outcome", code="field_path", where="field_path")
    outcomes[at] = {**outcomes[at], "text": {**(outcomes[at].get("text") or {}), lang: text}}


def _with_co_designer(spec: dict[str, Any], employer: Employer) -> None:
    listed = spec.get("employer_co_designers") or []
    if not any(e.get("name") == employer.name for e in listed):
        spec["employer_co_designers"] = [*listed, {"name": employer.name, "country": employer.country}]


def note_decide(*, note: CoDesignNote, by: Any, accept: bool) -> CoDesignNote:
    """The designer accepts (the change applied as the designer's edit of the draft, the employer
    recorded as a co-designer) or declines an open proposal."""
    version = note.version
    require(by, Action.EDIT_DRAFT, version)
    with transaction.atomic():
        locked = (
            CoDesignNote.objects.select_for_update().select_related("employer", "version").get(pk=note.pk)
        )
        if locked.kind != CoDesignNote.Kind.PROPOSAL or locked.state != CoDesignNote.State.OPEN:
            raise CoDesignError("this proposal is not open", code="not_open")
        if accept:
            spec = dict(locked.version.spec)
            _apply(spec, locked.field_path, locked.proposed)
            _with_co_designer(spec, locked.employer)
            try:
                parsed = parse_spec(spec)
            except MicrocredError:
                raise CoDesignError("the change does not fit the specification", code="invalid") from None
            studio.version_update(version=locked.version, spec=parsed, by=by)
        locked.state = CoDesignNote.State.ACCEPTED if accept else CoDesignNote.State.DECLINED
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.save(update_fields=["state", "decided_by", "decided_at"])
    return locked
