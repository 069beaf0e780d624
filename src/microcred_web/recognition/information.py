"""Reads about a case's requests for information (recognition.md §4.4 ``PENDING_INFORMATION``:
"missing items, who must supply them, deadline; expires to ``CLOSED_INCOMPLETE``").

The request is the last ``INFORMATION_REQUESTED`` event of the case's log and the answers are the
``LEARNER_RESPONDED`` events (the applicant) and ``INFORMATION_SUPPLIED`` events (the issuing
institution's staff, or the officer for their own items and for what a non-member issuer replied)
after it (ADR 0803, ADR 0810); nothing is kept beside the log.

Each missing item goes to whoever can supply it (ADR 0810): the core names the supplier
(``MissingItem.supplier``); here it becomes one of three parties, the learner, the issuing
institution or the officer. An answer that carries a value (a supervision level, a QA body,
a level, …) is applied to the credential's record when the case is proposed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, get_args

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from microcred.model.spec import QaRegistry
from microcred.recognition import lifecycle
from microcred.recognition.proposal import ProposedMissingItem
from microcred_web.institutions.models import Institution
from microcred_web.recognition.columns import Evidence
from microcred_web.recognition.models import CaseEvent, RecognitionCase

INTERNAL_SUPPLIERS = frozenset({"recognition_officer", "academic_reviewer"})

# The three parties an item can go to (ADR 0810).
LEARNER, ISSUER, OFFICER = "learner", "issuer", "officer"
_PARTY = {
    "applicant": LEARNER,
    "applicant or issuer": LEARNER,
    "issuer": ISSUER,
    "recognition_officer": OFFICER,
    "academic_reviewer": OFFICER,
}
# Items may be supplied while the case is open (the life cycle's ``supply`` step, ADR 0850).
OPEN_STATUSES = tuple(sorted(lifecycle.STEPS[lifecycle.StepName.SUPPLY].sources))
ANSWER_ACTIONS = ("LEARNER_RESPONDED", "INFORMATION_SUPPLIED")


def party_of(supplier: str) -> str:
    """The party an item goes to, from the core's ``MissingItem.supplier`` (recognition.md §4.4)."""
    return _PARTY.get(supplier, OFFICER)


# The credential fields an answer can give a value for (the engine then reads it): the last
# part of the item's ``where`` (``<credential id>.<field>``) -> the kind of value.
VALUE_KINDS = {
    "assessment.supervision": "supervision",
    "assessment.type": "assessment_type",
    "issuer.qa": "qa",
    "level": "level",
    "workload": "workload",
    "issued_on": "issued_on",
    "status": "status",  # a status check, recorded from a verified status list (ADR 0811)
}


# Names of the coded values an answer gives (EU Annex I O2 supervision; recognition.md §4.2
# ``assessment.type``).
VALUE_LABELS = {
    "supervised_with_id": _("Supervised, with identity verification"),
    "supervised_no_id": _("Supervised, without identity verification"),
    "unsupervised_no_id": _("Not supervised"),
    "exam_written": _("Written examination"),
    "exam_oral": _("Oral examination"),
    "project": _("Project or assignment"),
    "portfolio": _("Portfolio"),
    "auto_quiz": _("Automatically marked quiz"),
    "none_attendance": _("Attendance only, no assessment"),
}


# recognition-case-format.md "Status checks" ``result`` (Bitstring Status List v1.0 §3.2).
STATUS_LABELS = {
    "active": _("not revoked, not suspended"),
    "no_entry": _("no status entry to check"),
    "revoked": _("revoked by the issuer"),
    "suspended": _("suspended by the issuer"),
    "not_checked": _("status not checked"),
}


def kind_of(where: str) -> str | None:
    return VALUE_KINDS.get(where.partition(".")[2])


# recognition.md §4.4 MissingItem.supplier, for people.
SUPPLIERS = {
    "applicant": _("you (the applicant)"),
    "issuer": _("the institution that issued the credential"),
    "applicant or issuer": _("you or the institution that issued the credential"),
    "recognition_officer": _("the recognition officer"),
    "academic_reviewer": _("an academic reviewer"),
}


# The fields of a credential the engine may ask for (its ``where``: ``<credential id>.<field>``),
# named for the learner in their language.
FIELDS = {
    "level": _("Level (e.g. EQF level 6)"),
    "workload": _("Workload (hours or credits)"),
    "issued_on": _("Date of issue"),
    "learning_outcomes": _("Learning outcomes"),
    "assessment.type": _("Type of assessment"),
    "qa": _("Quality assurance"),
    "title": _("Title"),
    "issuer": _("Issuing institution"),
    "issuer.qa": _("Quality assurance of the issuing institution"),
    "result.passed": _("Result (passed or not)"),
    "assessment.supervision": _("Supervision of the assessment"),
    "field_of_study": _("Field of study"),
    "learner": _("Holder of the credential"),
}
# Items the desk supplies itself (shown to the learner, who has nothing to send for them).
DESK_ITEMS = {
    "lo_matrix": _("Review of the learning outcomes by the institution"),
    "target": _("Details of the course you asked for, completed by the institution"),
}


@dataclass(frozen=True)
class Answer:
    """One answer to a missing item: who gave it, the value the engine reads (if any), the text
    and, for an issuer's answer recorded by an officer, its source."""

    where: str
    party: str
    value: dict[str, Any] | None
    text: str
    source: str
    actor: str
    timestamp: str
    seq: int

    @property
    def display(self) -> str:
        """The value for people: a supervision level or assessment type by its name, else the
        parts of the value as given (a QA registry and agency, a level, a workload, a date)."""
        if not self.value:
            return ""
        if isinstance(self.value.get("checks"), list):  # a status check (ADR 0811)
            return ", ".join(
                f"{STATUS_LABELS.get(c.get('result'), c.get('result'))} ({c.get('source') or '—'})"
                for c in self.value["checks"]
                if isinstance(c, dict)
            )
        return ", ".join(str(VALUE_LABELS.get(str(v), v)) for v in self.value.values() if v not in (None, ""))


@dataclass(frozen=True)
class MissingItem:
    index: int
    item: str
    where: str
    supplier: str
    titles: tuple[tuple[str, str], ...] = ()  # (credential id, title) of the case's credentials
    issuer_id: str = ""  # the issuer of the credential the item is about, if any
    issuer: Institution | None = None  # that issuer, when it is a member of this platform
    answer: Answer | None = None

    @property
    def label(self) -> str:
        """The item for the learner: "Level (e.g. EQF level 6) of the credential “…”" where the
        engine names a credential field, else its text with credential ids replaced by titles
        (a learner does not know ``urn:uuid:…``; on a phone such an id overflows)."""
        from django.utils.translation import gettext

        titles = dict(self.titles)
        credential, _sep, name = self.where.partition(".")
        if credential in DESK_ITEMS and not self.for_the_learner:
            return str(DESK_ITEMS[credential])
        if name in FIELDS and credential in titles:
            return gettext("%(field)s of the credential “%(title)s”") % {
                "field": FIELDS[name],
                "title": titles[credential],
            }
        if name in FIELDS and credential not in DESK_ITEMS:  # a credential since replaced
            return gettext("%(field)s of your credential") % {"field": FIELDS[name]}
        text = self.item
        for cid, title in self.titles:
            text = text.replace(cid, f"“{title}”")
        return text

    @property
    def party(self) -> str:
        return party_of(self.supplier)

    @property
    def for_the_learner(self) -> bool:
        """The applicant is asked for it: an item only they (or they first) can give, or the
        confirmation of a credential, which they give by adding the signed credential."""
        return self.party == LEARNER or self.where.endswith(".verification")

    @property
    def for_a_member_issuer(self) -> bool:
        """The issuing institution is a member: its staff answer on their page (ADR 0810)."""
        return self.party == ISSUER and self.issuer is not None

    @property
    def officer_records(self) -> bool:
        """The officer records it on the case page: their own items, and the reply of an
        issuer that is not a member (with its source)."""
        return self.party == OFFICER or self.party == ISSUER

    @property
    def kind(self) -> str | None:
        return kind_of(self.where)

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def supplier_label(self) -> str:
        if self.party == ISSUER and self.issuer is not None:
            return str(_("the issuing institution, %(name)s")) % {"name": self.issuer.display_name()}
        return str(SUPPLIERS.get(self.supplier, self.supplier))


@dataclass(frozen=True)
class InformationRequest:
    """The open (or last) request for information of a case and the answers given to it."""

    seq: int
    asked_at: str
    deadline: date | None
    items: tuple[MissingItem, ...]
    answers: tuple[CaseEvent, ...] = field(default=())

    def is_past(self, today: date) -> bool:
        return self.deadline is not None and today > self.deadline

    @property
    def for_the_learner(self) -> tuple[MissingItem, ...]:
        """What the applicant is asked for and has not answered yet."""
        return tuple(m for m in self.items if m.for_the_learner and not m.answered)

    @property
    def asked_of_others(self) -> tuple[MissingItem, ...]:
        """What others (the issuer, the desk) are to supply, shown to the applicant for information."""
        return tuple(m for m in self.items if not m.for_the_learner and not m.answered)

    def reply_label(self, reply: dict[str, Any]) -> str:
        """The learner's label of an item a ``LEARNER_RESPONDED`` reply answers."""
        titles = self.items[0].titles if self.items else ()
        item = MissingItem(-1, str(reply.get("item", "")), str(reply.get("where", "")), "", titles)
        return item.label

    @property
    def answered(self) -> list[dict[str, Any]]:
        """Each answer as the learner reads it: when, (label, reply) pairs, the credential added."""
        return [
            {
                "timestamp": a.timestamp,
                "replies": [
                    (self.reply_label(r), r.get("reply", "")) for r in (a.payload or {}).get("replies", [])
                ],
                "evidence": (a.payload or {}).get("evidence"),
            }
            for a in self.answers
        ]


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _credential_titles(case: RecognitionCase) -> tuple[tuple[str, str], ...]:
    """(credential id, title) of each credential of the case, as its evidence states them."""
    return tuple(
        (ev.credential_id, ev.title) for ev in case.credential_evidence if ev.credential_id and ev.title
    )


def credential_issuers(case: RecognitionCase) -> dict[str, str]:
    """Credential id -> the id of its issuer, as the case's evidence states it."""
    return {ev.credential_id: ev.issuer_id for ev in case.credential_evidence if ev.credential_id}


def member_institutions(issuer_ids: list[str]) -> dict[str, Institution]:
    """The issuers that are institutions of this platform, by the id a credential names them with
    (the slug, as the register's awarding bodies do)."""
    ids = [i for i in issuer_ids if i]
    return {i.slug: i for i in Institution.objects.filter(slug__in=ids)} if ids else {}


def answers_of(case: RecognitionCase) -> dict[str, Answer]:
    """Every item answered so far on the case, by its ``where``; the latest answer wins."""
    return {a.where: a for a in _answers(case)}


def _answers(case: RecognitionCase) -> list[Answer]:
    """Every answer given on the case, oldest first."""
    out: list[Answer] = []
    for e in case.events.filter(action__in=ANSWER_ACTIONS).order_by("seq"):
        payload = e.payload or {}
        if e.action == "LEARNER_RESPONDED":
            rows = [
                {**r, "party": LEARNER, "text": r.get("reply", ""), "source": ""}
                for r in payload.get("replies", [])
            ]
        else:
            rows = [payload]
        for r in rows:
            where = str(r.get("where", ""))
            if where:
                out.append(
                    Answer(
                        where=where,
                        party=str(r.get("party", "")),
                        value=r.get("value") if isinstance(r.get("value"), dict) else None,
                        text=str(r.get("text", "")),
                        source=str(r.get("source", "")),
                        actor=e.actor,
                        timestamp=e.timestamp,
                        seq=e.seq,
                    )
                )
    return out


def _items(case: RecognitionCase, missing: Sequence[ProposedMissingItem]) -> tuple[MissingItem, ...]:
    titles = _credential_titles(case)
    issuers = credential_issuers(case)
    members = member_institutions(list(issuers.values()))
    answers = answers_of(case)
    from django.utils.translation import get_language

    from microcred_web.recognition.messages import engine_messages, localise

    # the items as the engine coded them, in the reader's language (English is stored as it is)
    said = engine_messages(case) if (get_language() or "en").split("-")[0] != "en" else {}
    out = []
    for i, m in enumerate(missing):
        where = m.where
        issuer_id = issuers.get(where.partition(".")[0], "")
        answer = answers.get(where)
        out.append(
            MissingItem(
                i,
                localise(m.item, said),
                where,
                m.supplier,
                titles,
                issuer_id=issuer_id,
                issuer=members.get(issuer_id),
                answer=answer,
            )
        )
    return tuple(out)


def missing_items(case: RecognitionCase) -> tuple[MissingItem, ...]:
    """The missing items of the case's current proposal, each with its party and any answer."""
    proposal = case.proposed
    return _items(case, proposal.missing if proposal is not None else ())


def information_request_of(case: RecognitionCase) -> InformationRequest | None:
    """The case's last request for information with the learner's answers to it, or ``None``."""
    asked = case.events.filter(action="INFORMATION_REQUESTED").order_by("-seq").first()
    if asked is None:
        return None
    payload = asked.payload or {}
    items = _items(case, [ProposedMissingItem.from_json(m) for m in payload.get("missing") or []])
    answers = tuple(case.events.filter(action="LEARNER_RESPONDED", seq__gt=asked.seq).order_by("seq"))
    return InformationRequest(
        seq=asked.seq,
        asked_at=asked.timestamp,
        deadline=_day(payload.get("deadline")),
        items=items,
        answers=answers,
    )


def latest_answer(case: RecognitionCase) -> CaseEvent | None:
    """The learner's last answer, if nothing has been proposed since (the officer should act)."""
    answer = case.events.filter(action="LEARNER_RESPONDED").order_by("-seq").first()
    if answer is None or case.events.filter(action="DECISION_PROPOSED", seq__gt=answer.seq).exists():
        return None
    return answer


def supplied_since_proposal(case: RecognitionCase) -> list[tuple[str, Answer]]:
    """(label, answer) of each item the issuer or the officer supplied since the last proposal:
    the officer proposes again to assess the case with them."""
    last = case.events.filter(action="DECISION_PROPOSED").order_by("-seq").first()
    qs = case.events.filter(action="INFORMATION_SUPPLIED")
    if last is not None:
        qs = qs.filter(seq__gt=last.seq)
    titles = _credential_titles(case)
    out = []
    for e in qs.order_by("seq"):
        p = e.payload or {}
        label = MissingItem(-1, str(p.get("item", "")), str(p.get("where", "")), "", titles).label
        value = p.get("value") if isinstance(p.get("value"), dict) else None
        answer = Answer(
            str(p.get("where", "")),
            str(p.get("party", "")),
            value,
            str(p.get("text", "")),
            str(p.get("source", "")),
            e.actor,
            e.timestamp,
            e.seq,
        )
        out.append((label, answer))
    return out


def answered_case_ids(case_ids: list[int], *, action: str = "LEARNER_RESPONDED") -> set[int]:
    """Which of these cases hold an answer (``LEARNER_RESPONDED``, or ``INFORMATION_SUPPLIED`` by
    an issuer or an officer) that no proposal has followed yet."""
    later = CaseEvent.objects.filter(
        case=OuterRef("case"), action="DECISION_PROPOSED", seq__gt=OuterRef("seq")
    )
    rows = (
        CaseEvent.objects.filter(case_id__in=case_ids, action=action)
        .exclude(Exists(later))
        .values_list("case_id", flat=True)
    )
    return set(rows)


# ------------------------------------------------------------------------------ issuers' tasks


@dataclass(frozen=True)
class IssuerTask:
    """A case of another institution that waits for this institution, as the issuer of a
    credential, to supply items (ADR 0810)."""

    case: RecognitionCase
    items: tuple[MissingItem, ...]


def issuer_tasks(institution: Institution) -> list[IssuerTask]:
    """Open cases whose current proposal asks ``institution``, as issuer, for items it has not
    answered yet, oldest first."""
    out = []
    cases = (
        RecognitionCase.objects.filter(
            status__in=OPEN_STATUSES, source_institutions__contains=institution.slug
        )
        .exclude(proposal=None)
        .select_related("host")
        .order_by("created_at")
    )
    for case in cases:
        items = tuple(
            m
            for m in missing_items(case)
            if m.party == ISSUER and m.issuer is not None and m.issuer.pk == institution.pk and not m.answered
        )
        if items:
            out.append(IssuerTask(case, items))
    return out


# ------------------------------------------------------------------------------ values applied


def supplied_values(case: RecognitionCase) -> dict[str, dict[str, Any]]:
    """The values the answers gave, by the ``where`` of their item (the latest value wins: a
    later answer without a value, e.g. a note, does not take back a value or a status check)."""
    return {a.where: a.value for a in _answers(case) if a.value}


_ELM_OF_KIND = {
    "exam_written": "written_examination",
    "exam_oral": "oral_examination",
    "project": "project_work",
    "portfolio": "portfolio",
    "auto_quiz": "quiz",
    "none_attendance": "level_of_attendance",
}


def _qa_docs(value: dict[str, Any], current: Any) -> list[dict[str, Any]]:
    """Programme-scope statements kept; the institution's accreditation as given."""
    kept = [q for q in (current or []) if isinstance(q, dict) and q.get("scope") not in (None, "institution")]
    named = {
        "kind": "accreditation",
        "registry": value.get("registry") or None,
        "agency": value.get("agency") or None,
    }
    return [*kept, {**named, "scope": "institution"}]


def _patch_record(record: dict[str, Any], kind: str, value: dict[str, Any]) -> None:
    """Apply a value to a credential record of the case format (recognition.md §4.2)."""
    if kind == "supervision":
        record["assessment"] = {**(record.get("assessment") or {}), "supervision": value["supervision"]}
    elif kind == "assessment_type":
        record["assessment"] = {**(record.get("assessment") or {}), "type": value["type"]}
    elif kind == "qa":
        record["qa"] = _qa_docs(value, record.get("qa"))
    elif kind == "level":
        framework, _sep, level = str(value["level"]).partition(":")
        record["level"] = {"framework": framework, "value": level, "inferred": False, "label": None}
    elif kind == "workload":
        record["workload"] = {k: value.get(k) for k in ("credits", "system", "hours")}
    elif kind == "issued_on":
        record["issued_on"] = value["date"]
    elif kind == "status":  # status checks recorded beside the verifier's (ADR 0530, 0811)
        record["status"] = [*(record.get("status") or []), *value["checks"]]


def _patch_spec(ev: dict[str, Any], kind: str, value: dict[str, Any]) -> None:
    """Apply a value to a register entry (the spec in the exchange format, or its award)."""
    spec, award = ev["spec"], ev["award"]
    if kind == "supervision":
        award["supervision"] = value["supervision"]
    elif kind == "issued_on":
        award["issued_on"] = value["date"]
    elif kind == "assessment_type":
        spec["assessment"] = {**(spec.get("assessment") or {}), "types": [_ELM_OF_KIND[value["type"]]]}
    elif kind == "qa" and value.get("registry") in get_args(QaRegistry):
        qa = dict(spec.get("quality_assurance") or {})
        qa.update(
            {
                "type": qa.get("type") or "institutional_qa",
                "registry": value.get("registry"),
                "body": value.get("agency"),
            }
        )
        spec["quality_assurance"] = {k: v for k, v in qa.items() if v is not None}
    elif kind == "level":
        framework, _sep, level = str(value["level"]).partition(":")
        spec["level"] = (
            {"eqf": int(level)} if framework == "EQF" and level.isdigit() else {"national": value["level"]}
        )
    elif kind == "workload":
        spec["workload"] = {
            k2: value.get(k1)
            for k1, k2 in (("credits", "credits"), ("system", "credit_system"), ("hours", "hours"))
            if value.get(k1)
        }


def with_supplied(evidence: list[Evidence], values: dict[str, dict[str, Any]]) -> list[Evidence]:
    """The case's evidence with the supplied values applied to the records they concern."""
    if not values:
        return list(evidence)
    ids = [e.credential_id for e in evidence]
    out = [e.to_json() for e in evidence]
    for where, value in values.items():
        cid = where.partition(".")[0]
        kind = kind_of(where)
        if kind is None:
            continue
        for credential_id, ev in zip(ids, out, strict=True):
            if credential_id != cid:
                continue
            if ev.get("kind") == "register_entry":
                if isinstance(ev.get("spec"), dict):
                    _patch_spec(ev, kind, value)
                elif kind == "supervision":  # a spec named by path or code: only its award
                    ev["award"]["supervision"] = value["supervision"]
                elif kind == "issued_on":
                    ev["award"]["issued_on"] = value["date"]
            else:
                _patch_record(ev["claimed"] if "claimed" in ev else ev["record"], kind, value)
    return [Evidence.from_json(ev) for ev in out]


def with_institution_qa(evidence: list[Evidence]) -> list[Evidence]:
    """The evidence with each member issuer's QA standing read from the one source, the
    institution's record (``Institution.qa_standing``, which the trust registry and so the
    evidence check read too; ADR 0810), in place of the institution-scope QA statement of the
    specification."""
    issuers = {
        ev.credential_id: ev.issuer_id
        for ev in evidence
        # a register entry accredited as a programme keeps its own statement
        if not ev.programme_qa
    }
    members = member_institutions(list(issuers.values()))
    values: dict[str, dict[str, Any]] = {}
    for cid, issuer_id in issuers.items():
        member = members.get(issuer_id)
        standing = member.qa_standing if member is not None else None
        if standing is not None:
            values[f"{cid}.issuer.qa"] = {"registry": standing.registry, "agency": standing.body}
    return with_supplied(evidence, values) if values else evidence
