"""The certificate PDF of a credential (ADR 1301): A4, in the learner's language (en, vi, lo),
with every element of the credential, a QR code to its page, and the signed credential itself
attached, so the file verifies at ``/verify/`` and with ``microcred verify``.

Drawn with fpdf2, which shapes text with HarfBuzz (uharfbuzz): Lao vowels and tone marks stack
and Vietnamese diacritics combine as they should, which reportlab does not do. Noto Sans and
Noto Sans Lao (SIL OFL 1.1, ``recognition/static/recognition/fonts/``) are embedded as subsets.

The credential is attached as an embedded file with the relationship ``/Source`` (ISO 32000-2
§14.13 "Associated files", the mechanism of PDF/A-3): ``credential.json`` (``application/vc``,
VCDM 2.0 §6.3) or, for a VC-JOSE credential, ``credential.jwt`` (``application/vc+jwt``).
The PDF is made on demand, never in a bulk issue, and kept (``RenderedFile``) under the
credential, the language and :data:`TEMPLATE_VERSION`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import qrcode
from django.utils import translation
from django.utils.translation import gettext as _

from microcred_web.core.pdf import new_document, set_font
from microcred_web.credentials.display import date_of, facts_of, name_of
from microcred_web.credentials.models import IssuedCredential
from microcred_web.register.templatetags.register_tags import local_date, num

#: Changes whenever the drawing changes: files kept under an older version are drawn anew.
TEMPLATE_VERSION: Final = "1"
LANGUAGES: Final = ("en", "vi", "lo")
_INK = (27, 31, 36)
_MUTED = (74, 82, 96)
_ACCENT = (22, 64, 120)
_RULE = (176, 183, 195)


def attachment_of(issued: IssuedCredential) -> tuple[str, str, bytes]:
    """The signed credential as attached: its file name, media type and bytes."""
    if issued.jws:
        return "credential.jwt", "application/vc+jwt", issued.jws.encode("ascii")
    body = json.dumps(issued.document, ensure_ascii=False, indent=2).encode("utf-8")
    return "credential.json", "application/vc", body


def _qr_png(url: str) -> io.BytesIO:
    image = qrcode.make(url, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


class _Page:
    """The drawing helpers over one fpdf2 document."""

    def __init__(self, title: str, author: str, language: str) -> None:
        pdf = new_document(title=title, author=author, language=language)  # the issue date is on the page
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_page()
        self.pdf = pdf

    def font(self, size: float, *, bold: bool = False, color: tuple[int, int, int] = _INK) -> None:
        set_font(self.pdf, size, bold=bold, colour=color)  # the Lao fallback workaround is there

    def text(
        self, value: str, size: float, *, bold: bool = False, color: tuple[int, int, int] = _INK
    ) -> None:
        self.font(size, bold=bold, color=color)
        self.pdf.multi_cell(0, size * 0.5, value, new_x="LMARGIN", new_y="NEXT", align="L")

    def rule(self, gap: float = 3) -> None:
        pdf = self.pdf
        pdf.ln(gap)
        pdf.set_draw_color(*_RULE)
        pdf.set_line_width(0.3)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(gap)

    def rows(self, rows: Iterable[tuple[str, str]], label_width: float = 52) -> None:
        pdf = self.pdf
        width = pdf.w - pdf.l_margin - pdf.r_margin - label_width
        for label, value in rows:
            y = pdf.get_y()
            self.font(9, bold=True, color=_MUTED)
            pdf.multi_cell(label_width - 3, 5, label, new_x="LMARGIN", new_y="NEXT", align="L")
            after_label = pdf.get_y()
            pdf.set_xy(pdf.l_margin + label_width, y)
            self.font(10)
            pdf.multi_cell(width, 5, value, new_x="LMARGIN", new_y="NEXT", align="L")
            pdf.set_y(max(pdf.get_y(), after_label) + 1.2)


#: Where an institution's logo may be put, as ``<slug>.png`` (no logo field on institutions yet).
LOGO_DIR: Final = Path(__file__).resolve().parent / "static" / "credentials" / "logos"


def _monogram(page: _Page, short_name: str, slug: str = "") -> None:
    """The institution's mark: its logo (``LOGO_DIR/<slug>.png``) when there is one, else its
    short name in a disc."""
    pdf = page.pdf
    logo = LOGO_DIR / f"{slug}.png"
    if slug and logo.is_file():
        pdf.image(str(logo), x=18, y=14, w=22, h=22, keep_aspect_ratio=True)
        return
    pdf.set_fill_color(*_ACCENT)
    pdf.ellipse(18, 14, 22, 22, style="F")
    page.font(9 if len(short_name) > 4 else 11, bold=True, color=(255, 255, 255))
    pdf.set_xy(18, 22)
    pdf.cell(22, 6, short_name[:8], align="C")


def certificate_pdf(issued: IssuedCredential, *, language: str, page_url: str, verify_url: str) -> bytes:
    """The certificate of ``issued`` in ``language`` (one of :data:`LANGUAGES`)."""
    with translation.override(language):
        return _draw(issued, language, page_url, verify_url)


def _draw(issued: IssuedCredential, language: str, page_url: str, verify_url: str) -> bytes:
    facts = facts_of(issued)
    institution = issued.institution
    issuer_name = institution.display_name(language)
    title = str(facts.get("title") or name_of(issued.document) or _("Credential"))
    page = _Page(title, issuer_name, language)
    pdf = page.pdf

    _monogram(page, institution.short_name, institution.slug)
    pdf.set_xy(46, 15)
    page.font(14, bold=True)
    pdf.multi_cell(0, 7, issuer_name, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_x(46)
    page.font(9, color=_MUTED)
    pdf.cell(0, 5, " · ".join(p for p in (institution.city, institution.country) if p))
    pdf.set_y(40)
    page.rule(2)

    page.text(_("Micro-credential"), 10, bold=True, color=_ACCENT)
    pdf.ln(1)
    page.text(title, 20, bold=True)
    pdf.ln(3)
    if issued.learner_name:
        page.text(_("Awarded to"), 9, color=_MUTED)
        page.text(issued.learner_name, 16, bold=True)
        pdf.ln(2)
    page.rule(2)

    awarded = date_of(issued.document.get("awardedDate"))
    subject = issued.document.get("credentialSubject") or {}
    results = subject.get("result") if isinstance(subject, dict) else None
    grade = (
        results[0].get("value")
        if isinstance(results, list) and results and isinstance(results[0], dict)
        else None
    )
    rows: list[tuple[str, str]] = [(_("Issued by"), f"{issuer_name} ({institution.country})")]
    if awarded:
        rows.append((_("Date awarded"), local_date(awarded)))
    if grade:
        rows.append((_("Grade"), str(grade)))
    if facts.get("credits"):
        rows.append((_("Credits"), f"{num(facts['credits'])} {facts['credit_system']}".strip()))
    if facts.get("hours"):
        rows.append((_("Notional workload"), _("%(hours)s hours") % {"hours": num(facts["hours"])}))
    if facts.get("eqf"):
        level = str(facts["eqf"]) + (f" ({facts['national_level']})" if facts.get("national_level") else "")
        rows.append((_("EQF level"), level))
    if facts.get("assessment"):
        rows.append((_("Type of assessment"), ", ".join(str(a) for a in facts["assessment"])))
    if facts.get("mode"):
        rows.append((_("Form of participation"), str(facts["mode"])))
    if facts.get("supervision"):
        rows.append((_("Supervision and identity verification"), str(facts["supervision"])))
    if facts.get("qa"):
        rows.append((_("Quality assurance"), str(facts["qa"])))
    page.rows(rows)

    outcomes = facts.get("outcomes") or []
    if outcomes:
        pdf.ln(2)
        page.text(_("Learning outcomes"), 11, bold=True)
        pdf.ln(1)
        for outcome in outcomes:
            page.text(f"•  {outcome}", 9.5)
            pdf.ln(0.6)

    _verification_block(page, issued, page_url, verify_url)
    name, media_type, body = attachment_of(issued)
    pdf.embed_file(
        bytes=body,
        basename=name,
        mime_type=media_type,
        associated_file_relationship="Source",
        desc="The signed credential that this certificate shows",
        modification_date=issued.issued_at,
    )
    return bytes(pdf.output())


def _verification_block(page: _Page, issued: IssuedCredential, page_url: str, verify_url: str) -> None:
    """The QR code to the credential's page and how to check the file itself, at the foot."""
    pdf = page.pdf
    size = 34
    top = max(pdf.get_y() + 4, pdf.h - 18 - size - 4)
    if top + size > pdf.h - 14:
        pdf.add_page()
        top = pdf.h - 18 - size - 4
    pdf.set_y(top)
    page.rule(2)
    top = pdf.get_y()
    pdf.image(_qr_png(page_url), x=pdf.w - pdf.r_margin - size, y=top, w=size, h=size)
    width = pdf.w - pdf.l_margin - pdf.r_margin - size - 6
    pdf.set_xy(pdf.l_margin, top)
    page.font(10, bold=True)
    pdf.multi_cell(width, 5, _("Verify this credential"), new_x="LMARGIN", new_y="NEXT", align="L")
    page.font(8.5, color=_MUTED)
    pdf.multi_cell(
        width,
        4.2,
        _(
            "Scan the code or open %(url)s. The signed credential is attached to this PDF: upload the "
            "file at %(verify)s to check the credential itself, not the paper."
        )
        % {"url": page_url, "verify": verify_url},
        new_x="LMARGIN",
        new_y="NEXT",
        align="L",
    )
    pdf.ln(1)
    page.font(7.5, color=_MUTED)
    issued_on = local_date(issued.issued_at)
    pdf.multi_cell(
        width,
        3.8,
        f"{_('Credential id')}: {issued.credential_id}  ·  {issued_on}",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def render_all(issued: IssuedCredential, *, page_url: str, verify_url: str) -> dict[str, Any]:
    """Every language's certificate of ``issued`` (for the screenshots script and tests)."""
    return {
        language: certificate_pdf(issued, language=language, page_url=page_url, verify_url=verify_url)
        for language in LANGUAGES
    }
