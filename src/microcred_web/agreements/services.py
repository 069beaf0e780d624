"""Recognition agreements as managed data (recognition.md §5, ADR 0802): reads, writes and the
resolution used when a case is proposed.

A row is one *version* of an agreement. Its document in the core's format
(``agreement_document``) is what the core validates (``parse_agreement``) before anything is
written and what a case carries inline, so a decision names the agreement id and version and a
replay applies the very text that was used. Writes are services named ``agreement_<action>``
with keyword-only arguments, one transaction each, and one ``AgreementChange`` row each.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from microcred.errors import MicrocredError
from microcred.recognition.agreements import (
    AgreementDoc,
    Procedure,
    ResolvedAgreement,
    consortium_profile,
    merge_chain,
    parse_agreement,
    profile_in_force,
    resolve_agreement,
    shipped_agreements,
)
from microcred_web.accounts.permissions import (
    Action,
    four_eyes_message,
    four_eyes_verdict,
    log_four_eyes_refusal,
)
from microcred_web.agreements.models import Agreement, AgreementChange, AgreementStatus, AgreementType
from microcred_web.institutions.models import Institution
from microcred_web.recognition.adapters import RecognitionInputError
from microcred_web.recognition.permissions import (
    can_approve_agreement,
    can_propose_agreement,
    can_suspend_agreement,
    is_agreement_staff,
)
from microcred_web.recognition.service_messages import err

PUBLISHED = (AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED, AgreementStatus.EXPIRED)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _party(i: Institution) -> dict[str, str]:
    return {"id": i.slug, "name": i.display_name("en"), "country": i.country}


def agreement_document(a: Agreement) -> dict[str, Any]:
    """The version in the core's agreement format (``microcred-recognition-agreement`` 1.0)."""
    earlier = Agreement.objects.filter(
        agreement_id=a.agreement_id, version__lte=a.version, status__in=PUBLISHED
    ).order_by("version")
    change_log = [
        {
            "version": e.version,
            "date": _iso(e.approved_at.date() if e.approved_at else e.date_effective),
            "summary": e.summary or "-",
            "approved_by": [f"user:{e.approved_by_id}"] if e.approved_by_id else [],
        }
        for e in earlier
    ]
    return {
        "format": "microcred-recognition-agreement",
        "format_version": "1.0",
        "agreement_id": a.agreement_id,
        "version": a.version,
        "title": a.title,
        "type": a.type,
        "parent": {"agreement_id": a.parent.agreement_id, "version": a.parent.version} if a.parent else None,
        "status": a.status,
        "date_signed": _iso(a.date_signed),
        "date_effective": _iso(a.date_effective),
        "expiration_date": _iso(a.expiration_date),
        "parties": {
            "sending": [_party(i) for i in a.sending.order_by("slug")],
            "receiving": [_party(i) for i in a.receiving.order_by("slug")],
            "programmes": list(a.programmes),
            "direction": a.direction,
            # One column, two meanings by type (ADR 0802): the consortium profile's "every member
            # pair", an institutional policy's "any sending institution" (ADR 0504).
            "any_member": a.any_member and a.type == AgreementType.CONSORTIUM,
            "any_sender": a.any_member and a.type == AgreementType.INSTITUTIONAL_POLICY,
        },
        "purposes_allowed": list(a.purposes_allowed),
        "legal_basis": list(a.legal_basis),
        "document_url": a.document_url or None,
        "document_sha256": a.document_sha256 or None,
        "governance": {
            "editors": list(a.editors) or [f"{a.agreement_id} parties' institution administrators"],
            "four_eyes": a.four_eyes,
            "review_cycle_months": a.review_cycle_months,
            "change_log": change_log,
        },
        "procedure": dict(a.procedure),
        "parameters": dict(a.parameters),
    }


def agreement_doc(a: Agreement) -> AgreementDoc:
    return parse_agreement(agreement_document(a), where=a.ref)


# ------------------------------------------------------------------------------ reads


def agreements_list(*, institution: str = "", status: str = "") -> QuerySet[Agreement]:
    """Every version, filtered; the view keeps drafts for the staff of their parties (``visible``)."""
    qs = Agreement.objects.select_related("parent").prefetch_related("sending", "receiving")
    if institution:
        qs = qs.filter(Q(sending__slug=institution) | Q(receiving__slug=institution) | Q(any_member=True))
    if status:
        qs = qs.filter(status=status)
    return qs.distinct().order_by("agreement_id", "-version")


def visible(user: Any, agreement: Agreement) -> bool:
    return agreement.is_published or is_agreement_staff(user, agreement)


def agreement_by_ref(agreement_id: str, version: int) -> Agreement | None:
    return (
        Agreement.objects.select_related("parent", "proposed_by", "approved_by")
        .prefetch_related("sending", "receiving")
        .filter(agreement_id=agreement_id, version=version)
        .first()
    )


def agreement_for_ref(ref: str) -> Agreement | None:
    """The row of ``ID@VERSION`` as a decision names it (for links from a case)."""
    agreement_id, sep, version = ref.partition("@")
    if not sep or not version.isdigit():
        return None
    return agreement_by_ref(agreement_id, int(version))


def agreement_of_case(case: Any) -> Agreement | None:
    """The database version a case's decision names, when it is the text the case carried (a
    case file may bring its own version under the same id; then there is no link)."""
    row = agreement_for_ref(case.agreement_ref) if case.agreement_ref else None
    if row is None:
        return None
    decided_on = case.canonical_input
    carried = decided_on.carries_agreement(row.ref) if decided_on is not None else None
    if carried is not None and parse_agreement(carried).parameters != agreement_doc(row).parameters:
        return None
    return row


@dataclass(frozen=True)
class ParameterRow:
    label: Any
    key: str
    value: str
    set_by: str
    own: bool


@dataclass(frozen=True)
class ParameterTable:
    title: Any
    columns: tuple[Any, ...]
    rows: tuple[tuple[str, ...], ...]
    set_by: str


@dataclass(frozen=True)
class ProcedureRow:
    """One key of the effective procedure: its value and the agreement that set it
    (``from_profile``: inherited from the consortium profile in force)."""

    key: str
    value: str
    set_by: str
    own: bool
    from_profile: bool


@dataclass(frozen=True)
class ReadableParameters:
    """The merged parameters of a version for people: which agreement set each one."""

    rows: tuple[ParameterRow, ...]
    tables: tuple[ParameterTable, ...]
    chain: tuple[str, ...]
    error: str = ""
    procedure: tuple[ProcedureRow, ...] = ()


def _num(value: Any) -> str:
    return format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)


def readable_parameters(a: Agreement) -> ReadableParameters:
    """Thresholds, factors, caps, grade tables and pre-approved equivalences of a version,
    merged along its chain (a draft that no longer merges shows its error, never hides)."""
    from django.utils.translation import gettext_lazy as _

    try:
        pool = _pool()
        profile = profile_in_force(pool, timezone.localdate())
        resolved = merge_chain(agreement_doc(a), pool, profile=profile)
    except MicrocredError as exc:
        return ReadableParameters((), (), (), error=str(exc))
    p = resolved.parameters
    own = set(_flatten(a.parameters))

    def row(label: Any, key: str, value: str) -> ParameterRow:
        return ParameterRow(label, key, value, resolved.set_by(key), any(k.startswith(key) for k in own))

    def pct(f: Any) -> str:
        return f"{_num(Decimal(f.numerator) / Decimal(f.denominator))}"

    rows = [
        row(_("Learning-outcome coverage for full recognition (κ)"), "lo_coverage.full", pct(p.lo_full)),
        row(
            _("Learning-outcome coverage for partial recognition (κ)"),
            "lo_coverage.partial",
            pct(p.lo_partial),
        ),
        row(_("Value of a partly matched outcome"), "partial_match_value", pct(p.partial_match_value)),
        row(_("Workload ratio for full recognition (ρ)"), "workload_ratio.full", pct(p.workload_full)),
        row(
            _("Workload ratio for partial recognition (ρ)"), "workload_ratio.partial", pct(p.workload_partial)
        ),
        row(_("Bloom level tolerance"), "bloom_tolerance", str(p.bloom_tolerance)),
        row(
            _("Level tolerance per purpose"),
            "level_tolerance",
            ", ".join(f"{k.value} {v}" for k, v in p.level_tolerance.items()),
        ),
        row(
            _("Minimum assessment supervision"),
            "min_supervision",
            ", ".join(f"{k.value}: {v}" for k, v in p.min_supervision.items()),
        ),
        row(_("Maximum age of a credential (years)"), "max_age_years", str(p.max_age_years)),
        row(_("Rounding"), "round_rule", f"{p.round_rule.mode} {_num(p.round_rule.step)}"),
        row(_("Smallest creditable unit"), "min_creditable_unit", _num(p.min_creditable_unit)),
        row(_("Most components in a stack"), "max_stack_components", str(p.max_stack_components)),
        row(_("Accepted QA registries"), "accepted_qa_registries", ", ".join(p.accepted_qa_registries)),
        row(
            _("Accepted verification methods"),
            "accepted_verification_methods",
            ", ".join(p.accepted_verification_methods),
        ),
        row(_("Remedies allowed"), "remediation_types", ", ".join(p.remediation_types)),
    ]
    tables = [
        ParameterTable(
            _("Hours per credit"),
            (_("Credit system"), _("Hours")),
            tuple((k, _num(v)) for k, v in p.hours_per_credit.items()),
            ", ".join(sorted({resolved.set_by(f"hours_per_credit.{k}") for k in p.hours_per_credit})),
        ),
        ParameterTable(
            _("Caps on recognised credits"),
            (_("Cap"), _("Type"), _("Value"), _("Category")),
            tuple((c.key, c.type, _num(c.value), c.category) for c in p.caps.values()),
            ", ".join(sorted({resolved.set_by(f"caps.{k}") for k in p.caps})),
        ),
        *(
            ParameterTable(
                _("Grade table %(source)s → %(target)s") % {"source": g.from_scale, "target": g.to_scale}
                + (f" ({_('illustrative')})" if g.illustrative else ""),
                (_("Grade"), _("Converted")),
                tuple(g.entries.items()),
                resolved.set_by("grade_tables"),
            )
            for g in p.grade_tables
        ),
        ParameterTable(
            _("Pre-approved equivalences"),
            (_("Source micro-credential"), _("Target"), _("Credits"), _("Valid")),
            tuple(
                (
                    " + ".join(e.source_spec_ids),
                    e.target_component_id,
                    f"{_num(e.credits)} {e.credit_system}",
                    f"{e.start_date.isoformat()} – {e.end_date.isoformat() if e.end_date else '…'}",
                )
                for e in p.pre_approved
            ),
            resolved.set_by("pre_approved"),
        ),
    ]
    return ReadableParameters(
        tuple(rows), tuple(tables), resolved.chain, procedure=_procedure_rows(resolved, profile.ref)
    )


def _procedure_rows(resolved: ResolvedAgreement, profile_ref: str) -> tuple[ProcedureRow, ...]:
    """The effective procedure of a version today: its own keys, the others inherited from an
    ancestor or from the consortium profile in force (``profile_ref``; ADR 0504)."""
    rows = []
    for key, value in resolved.procedure.model_dump(mode="json").items():
        by = resolved.procedure_set_by(key)
        rows.append(
            ProcedureRow(
                key=key,
                value=", ".join(value) if isinstance(value, list) else str(value),
                set_by=by,
                own=by == resolved.ref,
                from_profile=by != resolved.ref and by == profile_ref,
            )
        )
    return tuple(rows)


# ------------------------------------------------------------------------------ sync


@transaction.atomic
def recognition_agreements_sync() -> list[Agreement]:
    """Load the consortium profile(s) shipped with the core (``M4A-DEFAULT`` v1) as active
    rows. Idempotent: an existing version is left as it is."""
    made = []
    for doc in shipped_agreements():
        if Agreement.objects.filter(agreement_id=doc.agreement_id, version=doc.version).exists():
            continue
        row = Agreement.objects.create(
            agreement_id=doc.agreement_id,
            version=doc.version,
            title=doc.title,
            type=doc.type,
            status=doc.status,
            date_signed=doc.date_signed,
            date_effective=doc.date_effective,
            expiration_date=doc.expiration_date,
            any_member=doc.parties.any_member,
            programmes=list(doc.parties.programmes),
            direction=doc.parties.direction,
            purposes_allowed=list(doc.purposes_allowed),
            legal_basis=list(doc.legal_basis),
            parameters=doc.parameters.model_dump(mode="json", exclude_none=True),
            procedure=doc.procedure.model_dump(mode="json"),
            editors=list(doc.governance.editors),
            review_cycle_months=doc.governance.review_cycle_months,
            document_url=doc.document_url or "",
            document_sha256=doc.document_sha256 or "",
            four_eyes=doc.governance.four_eyes,
            summary="; ".join(e.summary for e in doc.governance.change_log),
        )
        AgreementChange.objects.create(
            agreement=row,
            action=AgreementChange.Action.LOADED,
            note="src/microcred/recognition/data/agreements",
        )
        made.append(row)
    return made


def consortium_row() -> Agreement:
    """The newest active consortium profile in the database (loaded first if missing)."""
    recognition_agreements_sync()
    row = (
        Agreement.objects.filter(type=AgreementType.CONSORTIUM, status=AgreementStatus.ACTIVE)
        .order_by("-date_effective", "-version")
        .first()
    )
    if row is None:
        raise RecognitionInputError(err("service.agreement.no_consortium_profile"), where="agreements")
    return row


# ------------------------------------------------------------------------------ writes


@dataclass(frozen=True)
class AgreementProposal:
    """What a person proposes: a new agreement or a new version of one (recognition.md §5)."""

    agreement_id: str
    title: str
    type: str
    date_effective: date
    parameters: dict[str, Any]
    sending: tuple[Institution, ...] = ()
    receiving: tuple[Institution, ...] = ()
    direction: str = "one_way"
    purposes_allowed: tuple[str, ...] = ("EXEMPTION", "ELECTIVE_CREDIT", "STACK_COMPONENT", "ADMISSION")
    date_signed: date | None = None
    expiration_date: date | None = None
    document_url: str = ""
    document_sha256: str = ""
    four_eyes: bool = True
    summary: str = ""
    programmes: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    # Only the keys this version sets; a key left out is inherited from the consortium profile in
    # force (ADR 0504). ``None``: the previous version's keys (none for a first version).
    procedure: dict[str, Any] | None = None
    editors: tuple[str, ...] = ()  # empty: the previous version's (or the parties' administrators)
    any_sender: bool = False  # an institutional policy for every sending institution (ADR 0504)


def _pool() -> list[AgreementDoc]:
    """Published database versions the core does not ship (parents a chain may need)."""
    shipped = {d.ref for d in shipped_agreements()}
    rows = Agreement.objects.filter(status__in=PUBLISHED).prefetch_related("sending", "receiving")
    return [d for d in (agreement_doc(r) for r in rows) if d.ref not in shipped]


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: value}


_DIFF_SKIP = ("version", "status", "governance.change_log", "format", "format_version")


def _shown(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, list | dict) else value


def document_diff(before: dict[str, Any] | None, after: dict[str, Any]) -> list[dict[str, Any]]:
    """Key-by-key difference of two agreement documents (``parameters.lo_coverage.full``); for a
    first version, the parameters it sets over its parent."""
    old = _flatten(before) if before else {}
    new = _flatten(after)
    rows = []
    for key in sorted(set(old) | set(new)):
        if key.startswith(_DIFF_SKIP) or old.get(key) == new.get(key):
            continue
        if before is None and not key.startswith("parameters."):
            continue
        rows.append({"key": key, "from": _shown(old.get(key)), "to": _shown(new.get(key))})
    return rows


@transaction.atomic
def agreement_propose(*, by: Any, proposal: AgreementProposal) -> Agreement:
    """A new draft version, checked by the core (``parse_agreement`` and the merge along its
    chain) before anything is saved; an invalid parameter raises ``RecognitionInputError``
    naming the key, and nothing is written."""
    recognition_agreements_sync()
    consortium = proposal.type == AgreementType.CONSORTIUM
    parties = {i.pk for i in (*proposal.sending, *proposal.receiving)}
    if not can_propose_agreement(by, consortium=consortium, party_ids=parties):
        raise PermissionDenied(
            "not allowed: only institution administrators of a party, or consortium administrators"
        )
    if not consortium and not proposal.receiving:
        raise RecognitionInputError(err("service.agreement.receiving_needed"), where="receiving")
    if proposal.any_sender:
        if proposal.type != AgreementType.INSTITUTIONAL_POLICY:
            raise RecognitionInputError(
                err("service.agreement.any_sender_policy_only"),
                where="any_sender",
            )
        if proposal.sending:
            raise RecognitionInputError(err("service.agreement.any_sender_named"), where="sending")
        if proposal.direction != "one_way":
            raise RecognitionInputError(
                err("service.agreement.any_sender_one_way"),
                where="direction",
            )
    elif not consortium and not proposal.sending:
        # The core's ``covers`` matches issuer -> host on the listed parties, unless an
        # institutional policy applies to any sender (ADR 0504).
        raise RecognitionInputError(
            err("service.agreement.sending_needed"),
            where="sending",
        )
    if proposal.expiration_date and proposal.expiration_date < proposal.date_effective:
        raise RecognitionInputError(err("service.agreement.expires_before_effect"), where="expiration_date")
    if Agreement.objects.filter(agreement_id=proposal.agreement_id, status=AgreementStatus.DRAFT).exists():
        raise RecognitionInputError(
            err("service.agreement.draft_waiting"),
            where="agreement_id",
        )
    previous = Agreement.objects.filter(agreement_id=proposal.agreement_id).order_by("-version").first()
    if previous is not None and previous.type != proposal.type:
        raise RecognitionInputError(
            err("service.agreement.type_fixed", agreement_id=proposal.agreement_id, type=previous.type),
            where="type",
        )
    version = (
        Agreement.objects.filter(agreement_id=proposal.agreement_id).aggregate(m=Max("version"))["m"] or 0
    ) + 1
    parent = None if consortium else consortium_row()
    row = Agreement(
        agreement_id=proposal.agreement_id,
        version=version,
        title=proposal.title,
        type=proposal.type,
        parent=parent,
        status=AgreementStatus.DRAFT,
        date_signed=proposal.date_signed,
        date_effective=proposal.date_effective,
        expiration_date=proposal.expiration_date,
        any_member=consortium or proposal.any_sender,
        programmes=list(proposal.programmes),
        direction="reciprocal" if consortium else proposal.direction,
        purposes_allowed=list(proposal.purposes_allowed),
        legal_basis=list(proposal.legal_basis),
        parameters=proposal.parameters,
        procedure=dict(
            proposal.procedure
            if proposal.procedure is not None
            else (previous.procedure if previous is not None else {})
        ),
        editors=list(proposal.editors) or (list(previous.editors) if previous else []),
        review_cycle_months=previous.review_cycle_months if previous else 12,
        document_url=proposal.document_url,
        document_sha256=proposal.document_sha256.lower(),
        four_eyes=proposal.four_eyes,
        summary=proposal.summary,
        proposed_by=by,
    )
    row.save()
    row.sending.set(proposal.sending)
    row.receiving.set(proposal.receiving)
    document = agreement_document(row)
    doc = parse_agreement(document, where="agreement")
    merge_chain(doc, _pool())  # the merged parameters must be complete and coherent
    # Store the parameters as the core normalises them (decimals as strings, no floats), and
    # only the procedure keys the version sets: the others stay inherited (ADR 0504, 0802).
    row.parameters = doc.parameters.model_dump(mode="json", exclude_none=True)
    row.procedure = doc.procedure.model_dump(mode="json", exclude_unset=True)
    row.save(update_fields=["parameters", "procedure", "updated_at"])
    AgreementChange.objects.create(
        agreement=row,
        action=AgreementChange.Action.PROPOSED,
        by=by,
        note=proposal.summary,
        diff=document_diff(agreement_document(previous) if previous else None, agreement_document(row)),
    )
    return row


def proposal_of_document(document: dict[str, Any]) -> AgreementProposal:
    """An agreement document in the core's format (e.g. a signed bilateral agreement written by
    the partners) as a proposal; its parties must be institutions of this platform."""
    doc = parse_agreement(document, where="agreement")

    def institutions(side: str) -> tuple[Institution, ...]:
        out = []
        for ref in getattr(doc.parties, side):
            found = Institution.objects.filter(slug=ref.id).first()
            if found is None:
                raise RecognitionInputError(
                    err("service.agreement.unknown_institution", id=ref.id), where=f"parties.{side}"
                )
            out.append(found)
        return tuple(out)

    return AgreementProposal(
        agreement_id=doc.agreement_id,
        title=doc.title,
        type=doc.type,
        date_effective=doc.date_effective,
        parameters=doc.parameters.model_dump(mode="json", exclude_none=True),
        sending=institutions("sending"),
        receiving=institutions("receiving"),
        direction=doc.parties.direction,
        purposes_allowed=tuple(doc.purposes_allowed),
        date_signed=doc.date_signed,
        expiration_date=doc.expiration_date,
        document_url=doc.document_url or "",
        document_sha256=doc.document_sha256 or "",
        four_eyes=doc.governance.four_eyes,
        summary=doc.governance.change_log[-1].summary if doc.governance.change_log else "",
        programmes=tuple(doc.parties.programmes),
        legal_basis=tuple(doc.legal_basis),
        procedure=doc.procedure.model_dump(mode="json", exclude_unset=True),
        editors=tuple(doc.governance.editors),
        any_sender=doc.parties.any_sender,
    )


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


@transaction.atomic
def agreement_approve(*, agreement: Agreement, by: Any) -> Agreement:
    """The second person approves a draft, which becomes active (four eyes, ADR 0802)."""
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.DRAFT:
        raise RecognitionInputError(
            err("service.agreement.not_draft", ref=agreement.ref, status=agreement.status),
            where=agreement.ref,
        )
    # Four eyes first (the core's rule, ``microcred.four_eyes``), so the proposer hears why.
    verdict = four_eyes_verdict(by, Action.APPROVE_AGREEMENT, agreement)
    if not verdict.allowed:
        log_four_eyes_refusal(verdict, user=by, agreement_id=agreement.pk)
        raise PermissionDenied(four_eyes_message(verdict))
    if not can_approve_agreement(by, agreement):
        raise PermissionDenied(
            "not allowed: an administrator of the other party (or a consortium administrator) approves"
        )
    doc = parse_agreement({**agreement_document(agreement), "status": "active"}, where=agreement.ref)
    merge_chain(doc, _pool())
    agreement.status = AgreementStatus.ACTIVE
    agreement.approved_by = by
    agreement.approved_at = timezone.now()
    agreement.save()
    _check_no_rival(agreement, doc)
    AgreementChange.objects.create(agreement=agreement, action=AgreementChange.Action.APPROVED, by=by)
    return agreement


@transaction.atomic
def agreement_withdraw(*, agreement: Agreement, by: Any) -> None:
    """Remove a draft that was never approved (its proposer or an administrator of a party).
    A draft never governed a case, so nothing else refers to it."""
    agreement = _locked(agreement)
    if agreement.status != AgreementStatus.DRAFT:
        raise RecognitionInputError(
            err("service.agreement.withdraw_not_draft", ref=agreement.ref, status=agreement.status),
            where=agreement.ref,
        )
    if agreement.proposed_by_id != getattr(by, "pk", None) and not can_suspend_agreement(by, agreement):
        raise PermissionDenied("not allowed: only the proposer or an administrator of a party")
    agreement.changes.all().delete()
    agreement.delete()


def _check_no_rival(agreement: Agreement, doc: AgreementDoc) -> None:
    """Two different agreements of the same precedence tier (ADR 0504: named senders, or any
    sender to the host) for the same institutions with the same effective date and version
    would make resolution fail; refuse the approval instead. Two consortium profiles in force
    from the same date and version would too."""
    others = (
        Agreement.objects.filter(
            status=AgreementStatus.ACTIVE, date_effective=agreement.date_effective, version=agreement.version
        )
        .exclude(agreement_id=agreement.agreement_id)
        .prefetch_related("sending", "receiving")
    )
    if agreement.type == AgreementType.CONSORTIUM:
        rival = others.filter(type=AgreementType.CONSORTIUM).first()
        if rival is not None:
            raise RecognitionInputError(
                err("service.agreement.rival_profile", ref=rival.ref),
                where="date_effective",
            )
        return
    receiving = [r["id"] for r in document_parties(doc, "receiving")]
    pairs = [(s["id"], r) for s in document_parties(doc, "sending") for r in receiving]
    for other in others.exclude(type=AgreementType.CONSORTIUM):
        o = agreement_doc(other)
        if o.parties.any_sender != doc.parties.any_sender:
            continue  # different tiers never compete
        if doc.parties.any_sender:
            clash = bool({r.id for r in o.parties.receiving} & set(receiving))
        else:
            clash = any(o.covers(s, r, "") or o.covers(r, s, "") for s, r in pairs)
        if clash:
            raise RecognitionInputError(
                err("service.agreement.rival_same_parties", ref=other.ref),
                where="date_effective",
            )


def document_parties(doc: AgreementDoc, side: str) -> list[dict[str, str]]:
    return [p.model_dump() for p in getattr(doc.parties, side)]


def _status_change(agreement: Agreement, *, by: Any, to: str, action: str, reason: str) -> Agreement:
    agreement = _locked(agreement)
    if not can_suspend_agreement(by, agreement):
        raise PermissionDenied("not allowed: only an administrator of a party")
    if agreement.status != AgreementStatus.ACTIVE:
        raise RecognitionInputError(
            err("service.agreement.not_active", ref=agreement.ref, status=agreement.status),
            where=agreement.ref,
        )
    if len(reason.strip()) < 10:
        raise RecognitionInputError(err("service.agreement.reason_short"), where="reason")
    agreement.status = to
    agreement.save()
    AgreementChange.objects.create(agreement=agreement, action=action, by=by, note=reason.strip())
    return agreement


@transaction.atomic
def agreement_suspend(*, agreement: Agreement, by: Any, reason: str) -> Agreement:
    """Stop applying an active version at once (cases proposed afterwards fall back)."""
    return _status_change(
        agreement, by=by, to=AgreementStatus.SUSPENDED, action=AgreementChange.Action.SUSPENDED, reason=reason
    )


@transaction.atomic
def agreement_expire(*, agreement: Agreement, by: Any, reason: str) -> Agreement:
    """End an active version before its expiration date (terminated by the parties)."""
    return _status_change(
        agreement, by=by, to=AgreementStatus.EXPIRED, action=AgreementChange.Action.EXPIRED, reason=reason
    )


# ------------------------------------------------------------------------------ use in cases


def case_agreements(
    *, issuer_ids: list[str], host_id: str, programme_id: str, on: date, purpose: str
) -> tuple[list[dict[str, Any]], str | None]:
    """The agreement documents a case carries inline (and, always ``None`` now, a pinned ref:
    the caller in ``services`` still accepts one).

    The case carries every published consortium profile the core does not ship, and every
    published bilateral or institutional version that covers one of its issuers and its host
    (whatever its status and dates), with every ancestor the core does not ship. The core's
    ``resolve_agreement`` then picks the agreement in force on the decision date, or applies
    the consortium profile in force (a newer profile approved here replaces the shipped one)
    with the ``NO_AGREEMENT`` (or ``MIXED_AGREEMENTS``, ``PURPOSE_NOT_COVERED``) note, exactly
    as it would for a case file, and a replay reads the same text (ADR 0504, 0802).
    """
    del on, purpose  # the core decides with the documents; nothing is chosen here
    shipped = {d.ref for d in shipped_agreements()}
    rows = Agreement.objects.filter(status__in=PUBLISHED).prefetch_related("sending", "receiving")
    docs = [agreement_doc(r) for r in rows.order_by("agreement_id", "version")]
    profiles = [d for d in docs if d.type == "consortium" and d.ref not in shipped]
    covering = [
        d
        for d in docs
        if d.type != "consortium" and any(d.covers(i, host_id, programme_id) for i in issuer_ids)
    ]
    pool = {d.ref: d for d in docs if d.ref not in shipped}
    carried: dict[str, AgreementDoc] = {d.ref: d for d in profiles}
    for d in covering:
        carried[d.ref] = d
        parent = d.parent
        while parent is not None:
            ref = f"{parent.agreement_id}@{parent.version}"
            if ref in shipped or ref not in pool or ref in carried:
                break
            carried[ref] = pool[ref]
            parent = pool[ref].parent
    return [d.model_dump(mode="json") for d in carried.values()], None


def governing_procedure(
    *,
    issuer_ids: list[str],
    host_id: str,
    programme_id: str,
    on: date,
    purpose: str,
    carried: list[AgreementDoc] | None = None,
    pinned: str | None = None,
) -> Procedure:
    """The procedure (deadlines, appeal body) of the agreement that governs a case, for the
    desk's own dates (the decision deadline at filing, ADR 0803).

    The core picks the agreement (``resolve_agreement``: a named agreement, a host's policy for
    any sender, else the consortium profile in force on ``on``, a profile v2 approved here
    included) and merges its procedure key by key: a key the governing agreement (or an
    ancestor below the consortium) sets wins, every other key comes from the consortium profile
    in force (ADR 0504). With the programme still unknown (``""``, at filing), an agreement
    limited to some programmes does not apply. Rival agreements (an input error the proposal
    will report) fall back to the profile."""
    candidates = [*(carried or []), *_pool()]
    try:
        profile = profile_in_force(candidates, on)
    except MicrocredError:
        profile = consortium_profile()
    if not issuer_ids:
        return profile.procedure
    try:
        return resolve_agreement(
            candidates,
            issuer_ids=issuer_ids,
            host_id=host_id,
            programme_id=programme_id,
            on=on,
            pinned=pinned,
            purpose=purpose,
        ).procedure
    except MicrocredError:
        return profile.procedure
