"""The decision notice (recognition.md §4.4 "rendered notice in English and the applicant's
language"): one set of facts, shown as a page and as a PDF.

The PDF is drawn with fpdf2 and HarfBuzz shaping through the platform's one PDF engine
(``microcred_web.core.pdf``, ADR 0856) and embeds its fonts (Noto Sans for Latin and
Vietnamese, Noto Sans Lao for Lao, bold for headings; SIL OFL, see
``static/recognition/fonts/PROVENANCE.md``), so Lao tone marks sit above vowel marks, it renders
the same on every reader and the project does not depend on system fonts. The English notice comes first; the applicant's language (Vietnamese or Lao)
follows where it applies. The findings, conditions and alternatives are the engine's coded
messages, rendered in each language through the catalogues (ADR 0840).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from microcred.recognition.agreements import Procedure
from microcred.recognition.proposal import Proposal
from microcred.recognition.text import Text
from microcred_web.core.pdf import new_document, set_font
from microcred_web.recognition import messages
from microcred_web.recognition.models import Outcome, Purpose, RecognitionCase

DEFAULT_APPEAL_BODY = Procedure().appeal_body
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt", "lo": "ພາສາລາວ"}


@dataclass(frozen=True)
class Notice:
    reference: str
    outcome: str
    credits: str | None
    credit_system: str
    target_title: str
    target_code: str
    host: dict[str, str]
    purpose: str
    credentials: list[str]
    decision_date: str
    decided_at: str
    agreement: str
    appeal_deadline: str
    appeal_body: str
    override: bool
    justification: str
    substantial: list[str] = field(default_factory=list)
    non_substantial: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    remainder: str = ""
    alternatives: list[str] = field(default_factory=list)
    language: str = "en"
    appeal: dict[str, str] | None = None
    remediable: list[str] = field(default_factory=list)
    proposal: Proposal | None = field(default=None, repr=False, compare=False)
    lookup: Mapping[str, Text] = field(default_factory=dict, repr=False, compare=False)
    names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    gate: str = ""  # the check a refusal stopped at, with its reason (ADR 0530)
    not_relied_on: list[str] = field(default_factory=list)  # standards shown but not relied on
    #: The audit chain head signed into the decision credential (ADR 0520), ``seq n · sha256 …``.
    audit_head: str = ""


def _credits(value: Any) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f") if hasattr(value, "normalize") else str(value)
    return text


def _finding_text(f: dict[str, Any]) -> str:
    """A finding in the active language (its sentences already localised)."""
    return _("%(element)s (%(standard)s): %(explanation)s [observed %(observed)s; required %(required)s]") % {
        "element": messages.label(f["lrc_element"]),
        "standard": f["standard"],
        "explanation": f["explanation"],
        "observed": f["observed"],
        "required": f["required"],
    }


def _texts(n: Notice) -> dict[str, Any]:
    """The notice's reasons in the active language, from the stored proposal's coded messages."""
    p = messages.localise(n.proposal.to_json() if n.proposal is not None else {}, n.lookup, n.names)
    same = not n.override
    award = p.get("award") or p.get("on_condition_met") or {}
    remainder = award.get("remainder") if same else None
    conditional = same and n.outcome == Outcome.CONDITIONAL
    gate = p.get("gate") if same else None
    titles = {r["standard"]: f"{r['standard']} {r['title']}" for r in p.get("standards", [])}
    return {
        # A refusal at a gate leads with that gate; the other standards' findings rest on
        # fields it says cannot be relied on, so they are named, not quoted (ADR 0530).
        "gate": _("%(title)s (%(standard)s): %(reason)s [observed %(observed)s]")
        % {
            "title": gate["title"],
            "standard": gate["standard"],
            "reason": gate["reason"],
            "observed": gate["observed"],
        }
        if gate
        else "",
        "not_relied_on": [titles.get(code, code) for code in p.get("not_relied_on", [])] if gate else [],
        "substantial": [_finding_text(f) for f in p.get("substantial_differences", [])]
        if same and not gate
        else [],
        # the differences a CONDITIONAL decision asks the learner to make up are its reasons
        "remediable": [_finding_text(f) for f in p.get("remediable_differences", [])] if conditional else [],
        "non_substantial": []
        if gate
        else [_finding_text(f) for f in p.get("non_substantial_differences", [])],
        "conditions": [
            f"{messages.label(c['type'])}: {c['description']}"
            + ((" " + _("(by %(date)s)") % {"date": c["deadline"]}) if c.get("deadline") else "")
            for c in p.get("conditions", [])
        ]
        if conditional
        else [],
        "remainder": f"{remainder['description']} ({remainder['credits']} {p.get('credit_system', '')})"
        if remainder
        else "",
        "alternatives": list(p.get("alternatives", [])) if same else [],
    }


def in_language(n: Notice) -> Notice:
    """The notice with its reasons in the active language."""
    return replace(n, **_texts(n))


def appeal_body(n: Notice, host: str) -> str:
    """Who hears an appeal, in the active language: the profile's default body is named by the
    host; a body an agreement names (e.g. "Commissione didattica") is a proper name."""
    if not n.appeal_body or n.appeal_body == DEFAULT_APPEAL_BODY:
        return _("the recognition appeal committee of %(host)s") % {"host": host}
    return n.appeal_body


def notice_of(case: RecognitionCase) -> Notice:
    """The facts of the notice of a decided case."""
    appeal = case.appeals.exclude(result="").order_by("-decided_at").first()
    n = Notice(
        reference=case.reference,
        outcome=case.final_outcome,
        credits=_credits(case.final_credits),
        credit_system=case.final_credit_system,
        target_title=case.target_title,
        target_code=target.id if (target := case.target_doc) is not None else "",
        host=dict(case.host.name or {}),
        purpose=case.purpose,
        credentials=credential_names(case),
        decision_date=case.decision_date.isoformat() if case.decision_date else "",
        decided_at=case.decided_at.date().isoformat() if case.decided_at else "",
        agreement=case.agreement_ref,
        appeal_deadline=case.appeal_deadline.isoformat() if case.appeal_deadline else "",
        appeal_body=(procedure.appeal_body or "") if (procedure := case.procedure_terms) is not None else "",
        override=case.is_override,
        justification=case.justification,
        language=case.notice_language,
        appeal={
            "result": appeal.result,
            "reasons": appeal.reasons,
            "date": appeal.decided_at.date().isoformat(),
        }
        if appeal and appeal.decided_at
        else None,
        proposal=case.proposed,
        lookup=messages.engine_messages(case),
        names=messages.credential_names(case),
        audit_head=_audit_head(case),
    )
    return in_language(n)


def credential_names(case: RecognitionCase) -> list[str]:
    """The credentials assessed, named by title and issuer (their ids are for machines)."""
    from microcred_web.recognition import display

    names = []
    for ev in display.evidence_of(case):
        title = ev["title"] or ev["code"] or ev["credential_id"]
        names.append(f"{title} ({ev['issuer']})" if ev["issuer"] else title)
    return names or [t for t in case.credential_titles.split(" · ") if t]


def _audit_head(case: RecognitionCase) -> str:
    """The chain head the current decision credential anchors (ADR 0520), printed so that the
    applicant's paper copy also pins the log; empty before the decision is issued."""
    from microcred.recognition.anchor import AnchorError, anchor_of

    document = case.decision_credential
    if not document:
        return ""
    try:
        return anchor_of(document).short
    except AnchorError:
        return ""


def outcome_sentence(n: Notice) -> str:
    """The decision in one sentence, in the active language."""
    values = {"target": n.target_title, "credits": n.credits or "0", "system": n.credit_system}
    if n.outcome == Outcome.FULL:
        return _("“%(target)s”: recognised in full, %(credits)s %(system)s credits.") % values
    if n.outcome == Outcome.PARTIAL:
        return _("“%(target)s”: recognised in part, %(credits)s %(system)s credits now.") % values
    if n.outcome == Outcome.CONDITIONAL:
        return (
            _(
                "“%(target)s”: recognised on condition; %(credits)s %(system)s credits once the conditions are met."
            )
            % values
        )
    return _("“%(target)s”: not recognised.") % values


def labels() -> dict[str, str]:
    """The notice's headings in the active language."""
    return {
        "title": _("Recognition decision"),
        "reference": _("Case"),
        "outcome": pgettext("recognition decision", "Outcome"),
        "credits": _("Credits recognised"),
        "purpose": _("Purpose"),
        "credentials": _("Credentials assessed"),
        "host": _("Decided by"),
        "date": _("Decision date"),
        "agreement": _("Agreement"),
        "rationale": _("Rationale"),
        "substantial": _("Substantial differences"),
        "non_substantial": _("Differences found not substantial"),
        "conditions": _("Conditions"),
        "remainder": _("What remains to complete"),
        "alternatives": _("Alternatives offered"),
        "override": _("The officer departed from the proposed decision, for this reason:"),
        "appeal": _("Right of appeal"),
        "appeal_text": _("You may appeal this decision to %(body)s until %(date)s."),
        "appeal_result": _("Appeal"),
        "remediable": _("Differences to make up"),
        "none": _("None."),
        "gate": _("Refused at this check"),
        "not_relied_on": _(
            "The other standards were assessed but not relied on, because the check above failed: %(standards)s."
        ),
        "audit_head": _("Audit record (signed into the decision credential)"),
    }


def outcome_label(code: str) -> str:
    return messages.label(code)


def appeal_result_label(n: Notice) -> str:
    """The result of the appeal in the active language (``upheld``/``dismissed`` are codes)."""
    from microcred_web.recognition.models import Appeal

    if not n.appeal:
        return ""
    return str(dict(Appeal.Result.choices).get(n.appeal["result"], n.appeal["result"]))


def purpose_label(code: str) -> str:
    return str(dict(Purpose.choices).get(code, code))


def notice_languages(n: Notice) -> list[str]:
    return ["en"] + ([n.language] if n.language in ("vi", "lo") else [])


# ------------------------------------------------------------------------------ PDF

_INK = (27, 31, 36)
_MUTED = (74, 82, 96)
_QUOTE = (51, 58, 69)
_RULE = (176, 183, 195)
_KEY_WIDTH = 46.0  # mm: the labels' column of the facts table


class _Sheet:
    """The notice's drawing helpers over one fpdf2 document (``microcred_web.core.pdf``)."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf

    def para(
        self,
        text: str,
        size: float = 10,
        *,
        bold: bool = False,
        colour: tuple[int, int, int] = _INK,
        before: float = 0,
        after: float = 1,
        indent: float = 0,
    ) -> None:
        pdf = self.pdf
        pdf.ln(before)
        set_font(pdf, size, bold=bold, colour=colour)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(after)

    def rows(self, rows: list[tuple[str, str]]) -> None:
        pdf = self.pdf
        width = pdf.w - pdf.l_margin - pdf.r_margin - _KEY_WIDTH
        for key, value in rows:
            if pdf.will_page_break(12):
                pdf.add_page()
            y = pdf.get_y()
            set_font(pdf, 10, bold=True)
            pdf.multi_cell(_KEY_WIDTH - 3, 5, key, new_x="LMARGIN", new_y="NEXT", align="L")
            after_key = pdf.get_y()
            pdf.set_xy(pdf.l_margin + _KEY_WIDTH, y)
            set_font(pdf, 10)
            pdf.multi_cell(width, 5, value, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_y(max(pdf.get_y(), after_key) + 1)
            pdf.set_draw_color(*_RULE)
            pdf.set_line_width(0.1)
            pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
            pdf.ln(1.2)


def _section(n: Notice, language: str, sheet: _Sheet) -> None:
    with translation.override(language):
        n = in_language(n)
        lab = labels()
        host = n.host.get(language) or n.host.get("en") or ""
        sheet.para(f"{lab['title']} — {LANGUAGE_NAMES.get(language, language)}", 16, bold=True, after=2)
        sheet.para(outcome_sentence(n), 12.5, bold=True, after=3)
        rows = [
            (lab["reference"], n.reference),
            (lab["outcome"], outcome_label(n.outcome)),
            (lab["credits"], f"{n.credits} {n.credit_system}" if n.credits is not None else "—"),
            (lab["purpose"], purpose_label(n.purpose)),
            (lab["credentials"], "; ".join(n.credentials) or "—"),
            (lab["host"], host),
            (lab["date"], n.decided_at or n.decision_date),
            (lab["agreement"], n.agreement),
        ]
        if n.audit_head:
            rows.append((lab["audit_head"], n.audit_head))
        sheet.rows(rows)

        def h2(text: str) -> None:
            sheet.para(text, 12, bold=True, before=3, after=1)

        def h3(text: str) -> None:
            sheet.para(text, 10, bold=True, before=1.5, after=0.5)

        h2(lab["rationale"])
        if n.gate:
            h3(lab["gate"])
            sheet.para(n.gate)
            if n.not_relied_on:
                sheet.para(lab["not_relied_on"] % {"standards": ", ".join(n.not_relied_on)})
        if n.override:
            sheet.para(lab["override"])
            sheet.para(n.justification, colour=_QUOTE, indent=4)
        for key, items in (
            ("substantial", n.substantial),
            ("remediable", n.remediable),
            ("conditions", n.conditions),
            ("non_substantial", n.non_substantial),
            ("alternatives", n.alternatives),
        ):
            if items:
                h3(lab[key])
                for item in items:
                    sheet.para(f"• {item}")
        if n.remainder:
            h3(lab["remainder"])
            sheet.para(n.remainder)
        if n.appeal:
            h3(lab["appeal_result"])
            sheet.para(f"{n.appeal['date']}: {appeal_result_label(n)} — {n.appeal['reasons']}")
        h2(lab["appeal"])
        sheet.para(lab["appeal_text"] % {"body": appeal_body(n, host), "date": n.appeal_deadline})


def notice_pdf(n: Notice) -> bytes:
    """The notice as a PDF: English first, then the applicant's language (fpdf2 with HarfBuzz
    shaping, so Lao tone marks sit above the vowel marks and Vietnamese diacritics stack)."""
    pdf = new_document(
        title=f"Recognition decision {n.reference}",
        author=n.host.get("en", ""),
        subject=f"{n.outcome} {n.credits or ''} {n.credit_system}".strip(),
        language=n.language,
    )
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    footer = f"{n.host.get('en', '')} · {n.reference} · {n.agreement}"

    def draw_footer() -> None:
        pdf.set_auto_page_break(False)
        y = pdf.get_y()
        set_font(pdf, 8, colour=_MUTED)
        pdf.set_xy(pdf.l_margin, pdf.h - 14)
        pdf.cell(pdf.w - pdf.l_margin - pdf.r_margin - 10, 4, footer, align="L")
        pdf.cell(10, 4, str(pdf.page_no()), align="R")
        pdf.set_y(y)
        pdf.set_auto_page_break(True, margin=20)

    sheet = _Sheet(pdf)
    for language in notice_languages(n):
        pdf.add_page()
        _section(n, language, sheet)
    for page in range(1, pdf.page_no() + 1):
        pdf.page = page
        draw_footer()
    return bytes(pdf.output())
