"""The one PDF engine of the platform: fpdf2 with HarfBuzz shaping (uharfbuzz), so Lao vowel
and tone marks stack and Vietnamese diacritics combine as they should (ADR 1301, ADR 0856).

Noto Sans (Latin, Vietnamese) and Noto Sans Lao, regular and bold (SIL OFL 1.1,
``recognition/static/recognition/fonts/PROVENANCE.md``), are embedded as subsets; Lao runs fall
back to Noto Sans Lao in the same style, so a bold heading is bold in Lao too. The certificate
(``credentials/certificate.py``) and the decision notice (``recognition/notice.py``) both draw
through :func:`new_document` and :func:`set_font`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR: Final = Path(__file__).resolve().parent.parent / "recognition" / "static" / "recognition" / "fonts"
LATIN: Final = "NotoSans"
LAO: Final = "NotoSansLao"
Colour = tuple[int, int, int]
INK: Final[Colour] = (27, 31, 36)


@cache
def font_files() -> dict[tuple[str, str], str]:
    """The embedded fonts by (family, fpdf2 style)."""
    return {
        (LATIN, ""): str(FONT_DIR / "NotoSans-Regular.ttf"),
        (LATIN, "B"): str(FONT_DIR / "NotoSans-Bold.ttf"),
        (LAO, ""): str(FONT_DIR / "NotoSansLao-Regular.ttf"),
        (LAO, "B"): str(FONT_DIR / "NotoSansLao-Bold.ttf"),
    }


def new_document(*, title: str, author: str, language: str, subject: str = "") -> FPDF:
    """An A4 document (mm) with the fonts, the Lao fallback and text shaping on, dated
    2000-01-01 so the same content gives the same file (the date that matters is on the page)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(datetime(2000, 1, 1, tzinfo=UTC))
    for (family, style), path in font_files().items():
        pdf.add_font(family, style, path)
    pdf.set_fallback_fonts([LAO], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_title(title)
    pdf.set_author(author)
    if subject:
        pdf.set_subject(subject)
    pdf.set_lang(language)
    pdf.set_creator("microcred")
    return pdf


def set_font(pdf: FPDF, size: float, *, bold: bool = False, colour: Colour = INK) -> None:
    """Noto Sans at ``size`` (Lao falls back to Noto Sans Lao in the same style).

    fpdf2 2.8 keeps the fallback font as "current" after a run that ended in it (a Lao word at
    the end of a line) and then writes the next run with no font: choosing another family
    first makes it set the font again."""
    pdf.set_font(LAO, "B" if bold else "", size)
    pdf.set_font(LATIN, "B" if bold else "", size)
    pdf.set_text_color(*colour)
