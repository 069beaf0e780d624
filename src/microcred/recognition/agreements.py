"""Recognition agreements: the consortium profile and bilateral overrides (recognition.md §5).

An agreement document is parsed at the edge (``AgreementDoc``). ``resolve_agreement`` picks
the agreement that applies to (issuer, host, decision date), follows its ``parent`` chain up to
the consortium profile and merges parameters key by key (child wins; maps such as
``hours_per_credit`` merge per entry, lists replace). The ``procedure`` (deadlines, appeal body)
inherits key by key too: a key no agreement of the chain below the consortium sets comes from
the consortium profile in force on the decision date. The result, ``ResolvedAgreement``, is a
typed frozen value that remembers which agreement set each parameter and each procedure key
(ADR 0504). No
applicable agreement is never a refusal: the consortium profile in force on the decision date
applies with a ``NO_AGREEMENT`` note (§4.5 step 4). That profile is the newest consortium
document among the shipped ones and those a case carries, so a newer profile approved by the
consortium governs cases without an agreement (ADR 0504, 0802).

Precedence (ADR 0504): an agreement that names the sending institution (a bilateral agreement or
an institutional policy that lists it) beats a host's institutional policy for *any* sender
(``parties.any_sender``), which beats the consortium profile; within each tier the newest
``date_effective``, then the highest version, wins.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializerFunctionWrapHandler,
    ValidationError,
    field_serializer,
    field_validator,
)
from pydantic_core.core_schema import ValidationInfo

from microcred.errors import InputError, MicrocredError
from microcred.recognition.rounding import RoundRule
from microcred.recognition.text import msg
from microcred.recognition.values import Purpose

AGREEMENT_FORMAT: Literal["microcred-recognition-agreement"] = "microcred-recognition-agreement"

Dec = Annotated[
    Decimal,
    Field(allow_inf_nan=False, ge=0),
    PlainSerializer(lambda d: format(d.normalize(), "f"), return_type=str, when_used="json"),
]
PurposeName = Literal["EXEMPTION", "ELECTIVE_CREDIT", "STACK_COMPONENT", "ADMISSION"]
SupervisionName = Literal["unsupervised_no_id", "supervised_no_id", "supervised_with_id"]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class RoundRuleDoc(_Doc):
    mode: Literal["NEAREST_TIES_DOWN", "NEAREST_TIES_UP", "FLOOR"] = "NEAREST_TIES_DOWN"
    step: Dec = Decimal(1)


class Thresholds(_Doc):
    """``lo_coverage`` (κ) or ``workload_ratio`` (ρ): the full and partial thresholds (§4.3 S6, S7)."""

    full: Dec | None = None
    partial: Dec | None = None


class CapDoc(_Doc):
    """A cap on recognised credits (§4.3 S11; VN 50 % of the minimum volume; IT DM 931/2024 48/24 CFU)."""

    type: Literal["share_of_min_volume", "absolute"]
    value: Dec
    category: str = Field(min_length=1)


class GradeTableDoc(_Doc):
    """Grade conversion per agreement (§4.6 Grades); ``illustrative`` until the partners agree it."""

    from_scale: str
    to_scale: str
    entries: dict[str, str]
    illustrative: bool = True


class PreApprovedDoc(_Doc):
    """A pre-approved equivalence, CTDL TransferValueProfile shaped (§5, §8.2 step 8)."""

    id: str = Field(min_length=1)
    source_spec_ids: list[str] = Field(min_length=1)
    target_component_id: str
    credits: Dec
    credit_system: str
    start_date: date
    end_date: date | None = None
    evidence: str | None = Field(default=None, description="LO matrix id, approvers")
    review_date: date | None = None


class ParametersDoc(_Doc):
    """Every standards/conversion/policy key of §5; all optional so a bilateral agreement overrides a few."""

    round_rule: RoundRuleDoc | None = None
    hours_per_credit: dict[str, Dec] | None = None
    lo_coverage: Thresholds | None = None
    partial_match_value: Dec | None = None
    workload_ratio: Thresholds | None = None
    level_tolerance: dict[PurposeName, int] | None = None
    bloom_tolerance: int | None = Field(default=None, ge=0)
    min_supervision: dict[PurposeName, SupervisionName] | None = None
    max_age_years: int | None = Field(default=None, ge=0)
    max_age_years_by_field: dict[str, int] | None = None
    accept_unsigned_url_match: bool | None = None
    accepted_verification_methods: list[str] | None = None
    accepted_qa_registries: list[str] | None = None
    min_creditable_unit: Dec | None = None
    caps: dict[str, CapDoc] | None = None
    max_stack_components: int | None = Field(default=None, ge=1)
    remediation_types: list[str] | None = None
    challenge_exam_allowed: bool | None = None
    grade_tables: list[GradeTableDoc] | None = None
    pre_approved: list[PreApprovedDoc] | None = None
    remedies: dict[str, str] | None = Field(
        default=None,
        description="the host's own names of the remedies, by type (SUPPLEMENTARY_EXAM, ...); "
        "unset types take the profile's names (ADR 0530)",
    )
    remedies_by_host_country: dict[str, dict[str, str]] | None = Field(
        default=None,
        description="a profile's national names of the remedies for hosts of a country (ISO 3166 alpha-2), "
        "e.g. IT: prova integrativa; an agreement's own remedies win",
    )


class InstitutionRef(_Doc):
    id: str = Field(min_length=1)
    name: str | None = None
    country: str | None = None


class Parties(_Doc):
    sending: list[InstitutionRef] = []
    receiving: list[InstitutionRef] = []
    programmes: list[str] = Field(default=[], description="host programme ids in scope; empty = all")
    direction: Literal["one_way", "reciprocal"] = "one_way"
    any_member: bool = Field(default=False, description="consortium profile: applies to every member pair")
    any_sender: bool = Field(
        default=False,
        description=(
            "institutional policy only: applies to every sending institution towards the receiving "
            "institution(s); sending must then be empty and direction one_way"
        ),
    )


class ChangeLogEntry(_Doc):
    version: int
    date: date
    summary: str
    approved_by: list[str] = []


class Governance(_Doc):
    """Who may change the agreement (§5 Governance); ``four_eyes`` = two approvers for a change."""

    editors: list[str] = Field(min_length=1)
    four_eyes: bool = True
    review_cycle_months: int = 12
    change_log: list[ChangeLogEntry] = []


class Procedure(_Doc):
    """Deadlines in days, the appeal body, the notice languages (§5). A bilateral agreement or an
    institutional policy sets only the keys it changes: a key it leaves out is inherited from its
    parent, else from the consortium profile in force (ADR 0504). The defaults apply to a
    consortium profile that leaves a key out."""

    decision_sla_days: int = 30
    information_request_days: int = 30
    condition_deadline_days: int = 180
    appeal_body: str = "the host institution's recognition appeal committee"
    appeal_deadline_days: int = 30
    notice_languages: list[str] = ["en"]


class ParentRef(_Doc):
    agreement_id: str
    version: int


class AgreementDoc(_Doc):
    """A recognition agreement as stored and exchanged (recognition.md §5, CTDL TransferAgreement)."""

    format: Literal["microcred-recognition-agreement"] = AGREEMENT_FORMAT
    format_version: Literal["1.0"] = "1.0"
    agreement_id: str = Field(min_length=1)
    version: int = Field(ge=1)
    title: str
    type: Literal["consortium", "bilateral", "institutional_policy"]
    parent: ParentRef | None = None
    status: Literal["draft", "active", "suspended", "expired"]
    date_signed: date | None = None
    date_effective: date
    expiration_date: date | None = None
    parties: Parties = Parties()
    purposes_allowed: list[PurposeName] = ["EXEMPTION", "ELECTIVE_CREDIT", "STACK_COMPONENT", "ADMISSION"]
    legal_basis: list[str] = []
    document_url: str | None = None
    document_sha256: str | None = None
    governance: Governance
    procedure: Procedure = Procedure()
    parameters: ParametersDoc

    @field_validator("parties")
    @classmethod
    def _any_sender_only_for_a_policy(cls, parties: Parties, info: ValidationInfo) -> Parties:
        """``parties.any_sender`` is a host's policy for every sender; a bilateral (or the
        consortium profile) names its parties (ADR 0504)."""
        if not parties.any_sender:
            return parties
        kind = info.data.get("type")
        if kind != "institutional_policy":
            raise ValueError(
                f"parties.any_sender is allowed only for an institutional_policy; a {kind} agreement "
                "names its sending institutions in parties.sending"
            )
        if parties.sending:
            raise ValueError("parties.any_sender and parties.sending exclude each other; leave sending empty")
        if not parties.receiving:
            raise ValueError("parties.any_sender needs the receiving institution(s) in parties.receiving")
        if parties.direction != "one_way":
            raise ValueError("parties.any_sender applies one way only (to the receiving institutions)")
        return parties

    @field_serializer("procedure", mode="wrap")
    def _only_the_procedure_keys_it_sets(
        self, procedure: Procedure, handler: SerializerFunctionWrapHandler
    ) -> dict[str, Any]:
        """A document writes back only the procedure keys it sets, so a case's inputs snapshot
        (ADR 0508) keeps "inherited" distinct from "set to the default" and a replay inherits as
        the decision did. A document that sets every key writes them all, as before."""
        dumped: dict[str, Any] = handler(procedure)
        return {k: v for k, v in dumped.items() if k in procedure.model_fields_set}

    @property
    def ref(self) -> str:
        return f"{self.agreement_id}@{self.version}"

    def in_force(self, on: date) -> bool:
        return (
            self.status == "active"
            and self.date_effective <= on
            and (self.expiration_date is None or on <= self.expiration_date)
        )

    def covers(self, issuer_id: str, host_id: str, programme_id: str) -> bool:
        if self.parties.any_member:
            return True
        sending = {p.id for p in self.parties.sending}
        receiving = {p.id for p in self.parties.receiving}
        forward = (self.parties.any_sender or issuer_id in sending) and host_id in receiving
        backward = self.parties.direction == "reciprocal" and issuer_id in receiving and host_id in sending
        in_scope = not self.parties.programmes or programme_id in self.parties.programmes
        return (forward or backward) and in_scope


def parse_agreement(data: Any, *, where: str = "agreement") -> AgreementDoc:
    if not isinstance(data, dict):
        raise InputError("an agreement must be a JSON object", where=where)
    try:
        return AgreementDoc.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        path = ".".join(str(p) for p in err["loc"])
        raise InputError(
            f"{len(exc.errors())} problem(s) in the agreement; first: {err['msg'].removeprefix('Value error, ')}",
            where=f"{where}.{path}",
        ) from None


@cache
def shipped_agreements() -> tuple[AgreementDoc, ...]:
    """Agreements shipped with the package (the consortium profile ``M4A-DEFAULT``)."""
    folder = resources.files("microcred.recognition").joinpath("data", "agreements")
    docs = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            docs.append(parse_agreement(json.loads(entry.read_text("utf-8")), where=entry.name))
    return tuple(docs)


def consortium_profile(version: int | None = None) -> AgreementDoc:
    profiles = [a for a in shipped_agreements() if a.type == "consortium"]
    if version is not None:
        profiles = [a for a in profiles if a.version == version]
    if not profiles:
        raise MicrocredError("no consortium profile is shipped", where="recognition/data/agreements")
    return max(profiles, key=lambda a: a.version)


def _newest(
    docs: Sequence[AgreementDoc],
    clash: str = "agreements {best} and {rival} both apply with the same effective date",
) -> AgreementDoc:
    """The newest ``date_effective``, then version; two rivals on the same key are an input error
    (``clash`` says so, naming both)."""
    best = max(docs, key=lambda a: (a.date_effective, a.version))
    rivals = [
        a
        for a in docs
        if a is not best and (a.date_effective, a.version) == (best.date_effective, best.version)
    ]
    if rivals:
        raise InputError(clash.format(best=best.ref, rival=rivals[0].ref), where="agreements")
    return best


def profile_in_force(candidates: Sequence[AgreementDoc], on: date) -> AgreementDoc:
    """The consortium profile that governs a case decided ``on`` (ADR 0504): among the shipped
    consortium documents and those among ``candidates`` (a case carries a newer profile inline),
    the one in force with the newest ``date_effective``, then version. A shipped version wins
    over a carried copy with the same ref. When none is in force, the newest shipped profile
    applies, as before profiles could be carried. Two different profiles in force from the same
    date with the same version are an input error, never a silent pick."""
    docs: dict[str, AgreementDoc] = {}
    for a in (*shipped_agreements(), *candidates):
        if a.type == "consortium":
            docs.setdefault(a.ref, a)
    in_force = [a for a in docs.values() if a.in_force(on)]
    if not in_force:
        return consortium_profile()
    # distinct refs: a rival on the same date and version is another profile (another id)
    return _newest(in_force, "consortium profiles {best} and {rival} are both in force from the same date")


# ---------------------------------------------------------------- resolved, typed parameters


@dataclass(frozen=True)
class Cap:
    key: str
    type: str
    value: Decimal
    category: str


@dataclass(frozen=True)
class GradeTable:
    from_scale: str
    to_scale: str
    entries: Mapping[str, str]
    illustrative: bool


@dataclass(frozen=True)
class PreApproved:
    id: str
    source_spec_ids: tuple[str, ...]
    target_component_id: str
    credits: Decimal
    credit_system: str
    start_date: date
    end_date: date | None
    evidence: str | None

    def valid_on(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)


@dataclass(frozen=True)
class Parameters:
    """The complete set of keys the standards read (recognition.md §5, §7.0)."""

    round_rule: RoundRule
    hours_per_credit: Mapping[str, Decimal]
    lo_full: Fraction
    lo_partial: Fraction
    partial_match_value: Fraction
    workload_full: Fraction
    workload_partial: Fraction
    level_tolerance: Mapping[Purpose, int]
    bloom_tolerance: int
    min_supervision: Mapping[Purpose, str]
    max_age_years: int
    max_age_years_by_field: Mapping[str, int]
    accept_unsigned_url_match: bool
    accepted_verification_methods: tuple[str, ...]
    accepted_qa_registries: tuple[str, ...]
    min_creditable_unit: Decimal
    caps: Mapping[str, Cap]
    max_stack_components: int
    remediation_types: tuple[str, ...]
    challenge_exam_allowed: bool
    grade_tables: tuple[GradeTable, ...]
    pre_approved: tuple[PreApproved, ...]
    remedies: Mapping[str, str] = field(default_factory=dict)
    remedies_by_host_country: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def max_age_for(self, field_code: str | None) -> int:
        """Per-field override by the longest matching ISCED-F prefix."""
        if field_code:
            for prefix in sorted(self.max_age_years_by_field, key=len, reverse=True):
                if field_code.startswith(prefix):
                    return self.max_age_years_by_field[prefix]
        return self.max_age_years


@dataclass(frozen=True)
class ResolvedAgreement:
    """The agreement that applies to a case, merged along its parent chain."""

    agreement_id: str
    version: int
    type: str
    title: str
    chain: tuple[str, ...]
    parameters: Parameters
    provenance: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    four_eyes: bool
    procedure: Procedure
    purposes_allowed: tuple[str, ...]
    procedure_provenance: tuple[tuple[str, str], ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.agreement_id}@{self.version}"

    def procedure_set_by(self, key: str) -> str:
        """Which agreement set the procedure key ``key`` (``decision_sla_days``): the governing
        document, an ancestor below the consortium, or the consortium profile in force."""
        return dict(self.procedure_provenance).get(key, self.chain[-1])

    def remedy_name(self, kind: str, host_country: str) -> str:
        """The host's name of a remedy (ADR 0530): an agreement's or host policy's own ``remedies``
        first, then the profile's national names for the host's country, then the profile's
        neutral names (``NEUTRAL_REMEDIES`` where the profile names none)."""
        p = self.parameters
        if kind in p.remedies and self.set_by(f"remedies.{kind}") != self.chain[-1]:
            return p.remedies[kind]
        national = p.remedies_by_host_country.get(host_country, {})
        if kind in national:
            return national[kind]
        return p.remedies.get(kind) or NEUTRAL_REMEDIES.get(kind, kind.replace("_", " ").lower())

    def set_by(self, key: str) -> str:
        """Which agreement set ``key`` (``hours_per_credit.VN-TC``, ``lo_coverage.full``)."""
        best = ""
        for k, ref in self.provenance:
            if (key == k or key.startswith(k + ".")) and len(k) >= len(best.partition("=")[0]):
                best = f"{k}={ref}"
        return best.partition("=")[2] or self.chain[-1]


_MERGE_PER_ENTRY = {
    "hours_per_credit",
    "level_tolerance",
    "min_supervision",
    "max_age_years_by_field",
    "caps",
    "lo_coverage",
    "workload_ratio",
    "round_rule",
    "remedies",
    "remedies_by_host_country",
}

OPTIONAL_PARAMETERS = frozenset({"remedies", "remedies_by_host_country"})
"""Keys a chain may leave unset (older profiles have none); the neutral names then apply."""

NEUTRAL_REMEDIES: Mapping[str, str] = {
    "SUPPLEMENTARY_EXAM": "supplementary assessment",
    "CURRENCY_ASSESSMENT": "currency assessment",
    "SUPERVISED_REASSESSMENT": "supervised reassessment",
    "RPL_ASSESSMENT": "assessment under the host's recognition of prior learning (RPL) procedure",
    "CHALLENGE_EXAM": "challenge exam",
}
"""The consortium profile's neutral names, used where no agreement or profile names a remedy."""


def _merge(base: dict[str, Any], over: dict[str, Any], ref: str, prov: dict[str, str]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key in _MERGE_PER_ENTRY and isinstance(value, dict) and isinstance(out.get(key), dict):
            merged = dict(out[key])
            for sub, sub_value in value.items():
                merged[sub] = sub_value
                prov[f"{key}.{sub}"] = ref
            out[key] = merged
        else:
            out[key] = value
            prov[key] = ref
            for k in [k for k in prov if k.startswith(key + ".")]:
                prov[k] = ref
    return out


def _chain(doc: AgreementDoc, pool: Sequence[AgreementDoc], profile: AgreementDoc) -> list[AgreementDoc]:
    chain = [doc]
    seen = {doc.ref}
    while chain[-1].parent is not None:
        p = chain[-1].parent
        ref = f"{p.agreement_id}@{p.version}"
        if ref in seen:
            raise InputError(f"agreement parents form a cycle at {ref}", where=doc.ref)
        found = [a for a in pool if a.agreement_id == p.agreement_id and a.version == p.version]
        if not found:
            raise InputError(f"parent agreement {ref} is not available", where=f"{chain[-1].ref}.parent")
        chain.append(found[0])
        seen.add(ref)
    if chain[-1].type != "consortium":
        chain.append(profile)
    return chain


def _typed(params: dict[str, Any], where: str) -> Parameters:
    try:
        p = ParametersDoc.model_validate(params)
    except ValidationError as exc:
        raise InputError(f"merged parameters are invalid: {exc.errors()[0]['msg']}", where=where) from None
    missing = [
        name
        for name in ParametersDoc.model_fields
        if getattr(p, name) is None and name not in OPTIONAL_PARAMETERS
    ]
    if missing:
        raise InputError(f"the agreement chain leaves {', '.join(missing)} unset", where=where)
    assert p.round_rule and p.hours_per_credit is not None and p.lo_coverage and p.workload_ratio
    assert p.level_tolerance is not None and p.min_supervision is not None and p.caps is not None
    for name, th in (("lo_coverage", p.lo_coverage), ("workload_ratio", p.workload_ratio)):
        if th.full is None or th.partial is None or th.partial > th.full:
            raise InputError(f"{name} needs full >= partial", where=f"{where}.{name}")
    assert p.lo_coverage.full is not None and p.lo_coverage.partial is not None
    assert p.workload_ratio.full is not None and p.workload_ratio.partial is not None
    return Parameters(
        round_rule=RoundRule(p.round_rule.mode, p.round_rule.step),
        hours_per_credit=dict(sorted(p.hours_per_credit.items())),
        lo_full=Fraction(p.lo_coverage.full),
        lo_partial=Fraction(p.lo_coverage.partial),
        partial_match_value=Fraction(p.partial_match_value or 0),
        workload_full=Fraction(p.workload_ratio.full),
        workload_partial=Fraction(p.workload_ratio.partial),
        level_tolerance={Purpose(k): v for k, v in p.level_tolerance.items()},
        bloom_tolerance=p.bloom_tolerance or 0,
        min_supervision={Purpose(k): v for k, v in p.min_supervision.items()},
        max_age_years=p.max_age_years or 0,
        max_age_years_by_field=dict(p.max_age_years_by_field or {}),
        accept_unsigned_url_match=bool(p.accept_unsigned_url_match),
        accepted_verification_methods=tuple(p.accepted_verification_methods or ()),
        accepted_qa_registries=tuple(p.accepted_qa_registries or ()),
        min_creditable_unit=p.min_creditable_unit or Decimal(0),
        caps={k: Cap(k, c.type, c.value, c.category) for k, c in sorted(p.caps.items())},
        max_stack_components=p.max_stack_components or 1,
        remediation_types=tuple(p.remediation_types or ()),
        challenge_exam_allowed=bool(p.challenge_exam_allowed),
        grade_tables=tuple(
            GradeTable(g.from_scale, g.to_scale, dict(g.entries), g.illustrative)
            for g in p.grade_tables or ()
        ),
        pre_approved=tuple(
            PreApproved(
                e.id,
                tuple(e.source_spec_ids),
                e.target_component_id,
                e.credits,
                e.credit_system,
                e.start_date,
                e.end_date,
                e.evidence,
            )
            for e in p.pre_approved or ()
        ),
        remedies=dict(sorted((p.remedies or {}).items())),
        remedies_by_host_country={
            k: dict(sorted(v.items())) for k, v in sorted((p.remedies_by_host_country or {}).items())
        },
    )


def _merge_procedure(
    chain: Sequence[AgreementDoc], profile: AgreementDoc
) -> tuple[Procedure, dict[str, str]]:
    """The procedure of ``chain[0]`` merged key by key (ADR 0504). A consortium profile's own
    procedure is its block (a key it leaves out takes the model's default). Below it, a key an
    agreement sets (``model_fields_set``: written in the document, whatever its value) wins over
    its ancestors', and a key no agreement below the consortium sets comes from ``profile``, the
    consortium profile in force on the decision date, not from the profile version the chain
    names as its parent: deadlines and the appeal body are the consortium's current rules unless
    the parties agreed their own."""
    head = chain[0]
    base = head if head.type == "consortium" else profile
    values: dict[str, Any] = base.procedure.model_dump(mode="json")
    prov = dict.fromkeys(values, base.ref)
    if head.type != "consortium":
        for a in reversed([a for a in chain if a.type != "consortium"]):
            for key, value in a.procedure.model_dump(mode="json", exclude_unset=True).items():
                values[key] = value
                prov[key] = a.ref
    return Procedure.model_validate(values), prov


def merge_chain(
    doc: AgreementDoc,
    pool: Sequence[AgreementDoc],
    notes: tuple[str, ...] = (),
    *,
    profile: AgreementDoc | None = None,
) -> ResolvedAgreement:
    """Merge ``doc`` over its ancestors (consortium profile first, ``doc`` last). A chain that
    names no consortium parent ends at ``profile`` (default: the newest shipped profile), and
    a procedure key no agreement below the consortium sets comes from ``profile``."""
    profile = profile or consortium_profile()
    chain = _chain(doc, [*pool, *shipped_agreements()], profile)
    procedure, procedure_prov = _merge_procedure(chain, profile)
    prov: dict[str, str] = {}
    params: dict[str, Any] = {}
    for a in reversed(chain):
        params = _merge(params, a.parameters.model_dump(mode="json", exclude_none=True), a.ref, prov)
    return ResolvedAgreement(
        agreement_id=doc.agreement_id,
        version=doc.version,
        type=doc.type,
        title=doc.title,
        chain=tuple(a.ref for a in chain),
        parameters=_typed(params, doc.ref),
        provenance=tuple(sorted(prov.items())),
        notes=notes,
        four_eyes=any(a.governance.four_eyes for a in chain),
        procedure=procedure,
        purposes_allowed=tuple(doc.purposes_allowed),
        procedure_provenance=tuple(sorted(procedure_prov.items())),
    )


def resolve_agreement(
    candidates: Sequence[AgreementDoc],
    *,
    issuer_ids: Sequence[str],
    host_id: str,
    programme_id: str,
    on: date,
    pinned: str | None = None,
    purpose: str | None = None,
) -> ResolvedAgreement:
    """The agreement for (issuer(s), host, date), inheriting from the consortium profile (§4.5 step 4).

    Precedence is explicit, in three tiers (ADR 0504): (1) an agreement in force that names every
    issuer as a sending institution (a bilateral agreement, or an institutional policy listing
    them); (2) the host's institutional policy for any sender (``parties.any_sender``); (3) the
    consortium profile in force on the decision date (``profile_in_force``: a newer profile the
    case carries inline replaces the shipped one). Within a tier the newest ``date_effective``,
    then the highest version, wins; two rivals with the same date and version are an input error.

    With several issuers (a stack) a named agreement applies only if it covers every issuer;
    otherwise the consortium profile applies with a note (ADR 0504). An agreement whose
    ``purposes_allowed`` excludes the case's purpose does not govern it (note
    ``PURPOSE_NOT_COVERED`` when nothing else does): the pair's agreement is silent on it.
    """
    profile = profile_in_force(candidates, on)

    def fallback(note: str) -> ResolvedAgreement:
        return merge_chain(profile, candidates, (note,), profile=profile)

    pool = [*candidates, *shipped_agreements()]
    if pinned is not None:
        found = [a for a in pool if a.ref == pinned or (a.agreement_id == pinned)]
        if not found:
            raise InputError(f"agreement {pinned} is not available", where="agreement_ref")
        doc = max(found, key=lambda a: a.version)
        if doc.in_force(on) and (purpose is None or purpose in doc.purposes_allowed):
            return merge_chain(doc, candidates, profile=profile)
        if doc.in_force(on):
            return fallback(msg("note.purpose_not_covered", refs=doc.ref, purpose=purpose))
        return fallback(msg("note.agreement_not_in_force", ref=doc.ref, status=doc.status, on=on.isoformat()))
    applicable = [
        a
        for a in candidates
        if a.type != "consortium"
        and a.in_force(on)
        and all(a.covers(i, host_id, programme_id) for i in issuer_ids)
    ]
    excluded = [a for a in applicable if purpose is not None and purpose not in a.purposes_allowed]
    applicable = [a for a in applicable if a not in excluded]
    if excluded and not applicable:
        refs = ", ".join(sorted(a.ref for a in excluded))
        return fallback(msg("note.purpose_not_covered", refs=refs, purpose=purpose))
    named = [a for a in applicable if not a.parties.any_sender]
    any_sender = [a for a in applicable if a.parties.any_sender]
    for tier in (named, any_sender):
        if tier:
            return merge_chain(_newest(tier), candidates, profile=profile)
    covering_some = [
        a
        for a in candidates
        if a.type != "consortium"
        and a.in_force(on)
        and any(a.covers(i, host_id, programme_id) for i in issuer_ids)
    ]
    if covering_some and len(set(issuer_ids)) > 1:
        return fallback(msg("note.mixed_agreements"))
    return fallback(
        msg(
            "note.no_agreement",
            issuers=", ".join(sorted(set(issuer_ids))),
            host=host_id,
            on=on.isoformat(),
        )
    )
