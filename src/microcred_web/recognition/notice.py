"""The decision notice (recognition.md §4.4 "rendered notice in English and the applicant's
language"): one set of facts, shown as a page and as a PDF.

The PDF is drawn with reportlab and embeds its fonts (Noto Sans for Latin and Vietnamese, Noto
Sans Lao for Lao; SIL OFL, see ``static/recognition/fonts/PROVENANCE.md``), so it renders the
same on every reader and the project does not depend on system fonts (Noto Sans Lao Bold for
Lao headings). The English notice comes first; the applicant's language (Vietnamese or Lao)
follows where it applies. The findings, conditions and alternatives are the engine's coded
messages, rendered in each language through the catalogues (ADR 0840).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from microcred.recognition.agreements import Procedure
from microcred.recognition.text import Text
from microcred_web.recognition import messages
from microcred_web.recognition.models import Outcome, Purpose, RecognitionCase

FONT_DIR = Path(__file__).resolve().parent / "static" / "recognition" / "fonts"
LATIN = "NotoSans"
LATIN_BOLD = "NotoSans-Bold"
LAO = "NotoSansLao"
LAO_BOLD = "NotoSansLao-Bold"
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
    proposal: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
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
    p = messages.localise(n.proposal, n.lookup, n.names)
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
        target_code=str(case.target.get("id", "")),
        host=dict(case.host.name or {}),
        purpose=case.purpose,
        credentials=credential_names(case),
        decision_date=case.decision_date.isoformat() if case.decision_date else "",
        decided_at=case.decided_at.date().isoformat() if case.decided_at else "",
        agreement=case.agreement_ref,
        appeal_deadline=case.appeal_deadline.isoformat() if case.appeal_deadline else "",
        appeal_body=str((case.procedure or {}).get("appeal_body") or ""),
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
        proposal=case.proposal or {},
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

_LAO_RUN = re.compile(r"([\u0E80-\u0EFF]+(?:[\s\u0E80-\u0EFF]*[\u0E80-\u0EFF])?)")


@cache
def _register_fonts() -> None:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(LATIN, str(FONT_DIR / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(LATIN_BOLD, str(FONT_DIR / "NotoSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(LAO, str(FONT_DIR / "NotoSansLao-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(LAO_BOLD, str(FONT_DIR / "NotoSansLao-Bold.ttf")))
    addMapping(LATIN, 0, 0, LATIN)
    addMapping(LATIN, 1, 0, LATIN_BOLD)
    addMapping(LATIN, 0, 1, LATIN)
    addMapping(LATIN, 1, 1, LATIN_BOLD)


def _markup(text: str, *, bold: bool = False) -> str:
    """Escape ``text`` for a reportlab paragraph, switching to the Lao font (bold in headings)
    for Lao runs."""
    parts = _LAO_RUN.split(text)
    out = []
    lao = LAO_BOLD if bold else LAO
    for i, part in enumerate(parts):
        if i % 2 == 1:
            out.append(f'<font name="{lao}">{escape(part)}</font>')
        else:
            out.append(escape(part))
    return "".join(out)


def _section(n: Notice, language: str, styles: dict[str, Any]) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    with translation.override(language):
        n = in_language(n)
        lab = labels()
        host = n.host.get(language) or n.host.get("en") or ""
        flow: list[Any] = [
            Paragraph(
                _markup(f"{lab['title']} — {LANGUAGE_NAMES.get(language, language)}", bold=True), styles["h1"]
            ),
            Paragraph(_markup(outcome_sentence(n), bold=True), styles["lead"]),
        ]
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
        table = Table(
            [
                [Paragraph(_markup(k, bold=True), styles["key"]), Paragraph(_markup(v), styles["body"])]
                for k, v in rows
            ],
            colWidths=[130, 340],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b7c3")),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        flow += [table, Spacer(1, 8), Paragraph(_markup(lab["rationale"], bold=True), styles["h2"])]
        if n.gate:
            flow.append(Paragraph(_markup(lab["gate"], bold=True), styles["h3"]))
            flow.append(Paragraph(_markup(n.gate), styles["body"]))
            if n.not_relied_on:
                text = lab["not_relied_on"] % {"standards": ", ".join(n.not_relied_on)}
                flow.append(Paragraph(_markup(text), styles["body"]))
        if n.override:
            flow.append(Paragraph(_markup(lab["override"]), styles["body"]))
            flow.append(Paragraph(_markup(n.justification), styles["quote"]))
        for key, items in (
            ("substantial", n.substantial),
            ("remediable", n.remediable),
            ("conditions", n.conditions),
            ("non_substantial", n.non_substantial),
            ("alternatives", n.alternatives),
        ):
            if items:
                flow.append(Paragraph(_markup(lab[key], bold=True), styles["h3"]))
                flow += [Paragraph(_markup(f"• {item}"), styles["body"]) for item in items]
        if n.remainder:
            flow.append(Paragraph(_markup(lab["remainder"], bold=True), styles["h3"]))
            flow.append(Paragraph(_markup(n.remainder), styles["body"]))
        if n.appeal:
            flow.append(Paragraph(_markup(lab["appeal_result"], bold=True), styles["h3"]))
            flow.append(
                Paragraph(
                    _markup(f"{n.appeal['date']}: {appeal_result_label(n)} — {n.appeal['reasons']}"),
                    styles["body"],
                )
            )
        flow.append(Paragraph(_markup(lab["appeal"], bold=True), styles["h2"]))
        flow.append(
            Paragraph(
                _markup(lab["appeal_text"] % {"body": appeal_body(n, host), "date": n.appeal_deadline}),
                styles["body"],
            )
        )
    return flow


def notice_pdf(n: Notice) -> bytes:
    """The notice as a PDF: English first, then the applicant's language."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    _register_fonts()
    base = ParagraphStyle(
        "body", fontName=LATIN, fontSize=10, leading=14, textColor=colors.HexColor("#1b1f24")
    )
    styles = {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#4a5260")
        ),
        "key": ParagraphStyle("key", parent=base, fontName=LATIN_BOLD),
        "lead": ParagraphStyle(
            "lead", parent=base, fontSize=12.5, leading=17, spaceAfter=8, fontName=LATIN_BOLD
        ),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=12, textColor=colors.HexColor("#333a45")),
        "h1": ParagraphStyle("h1", parent=base, fontName=LATIN_BOLD, fontSize=16, leading=21, spaceAfter=6),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=LATIN_BOLD, fontSize=12, leading=16, spaceBefore=8, spaceAfter=3
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=LATIN_BOLD, fontSize=10, leading=14, spaceBefore=5),
    }
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Recognition decision {n.reference}",
        author=n.host.get("en", ""),
        subject=f"{n.outcome} {n.credits or ''} {n.credit_system}".strip(),
        lang=n.language,
        leftMargin=56,
        rightMargin=56,
        topMargin=56,
        bottomMargin=56,
        invariant=1,
    )
    story: list[Any] = []
    for i, language in enumerate(notice_languages(n)):
        if i:
            story.append(PageBreak())
        story += _section(n, language, styles)

    def footer(canvas: Any, page: Any) -> None:
        canvas.saveState()
        canvas.setFont(LATIN, 8)
        canvas.setFillColor(colors.HexColor("#4a5260"))
        canvas.drawString(56, 32, f"{n.host.get('en', '')} · {n.reference} · {n.agreement}")
        canvas.drawRightString(A4[0] - 56, 32, str(page.page))
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
