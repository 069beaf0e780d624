"""The badge image of a credential's achievement, baked with the signed credential (OB 3.0 §5.3,
ADR 1302): a PNG and an SVG of the same design, the institution's short name, the credits and
the EQF level on a disc. The achievement carries no image of its own yet (OB 3.0 §B.1.3 ``image``
is optional); when it does, that image is the one to bake.

Only Latin text (the short name, numbers, "EQF") is drawn, so no shaping is needed here; the
learner's name and the title are in the credential, not on the picture.
"""

from __future__ import annotations

import io
from typing import Final
from xml.sax.saxutils import escape

from microcred.standards.ob3.baking import bake_png, bake_svg
from microcred_web.core.pdf import FONT_DIR
from microcred_web.credentials.display import facts_of
from microcred_web.credentials.models import IssuedCredential

SIZE: Final = 512
_ACCENT = "#164078"
_LIGHT = "#dce6f2"


def _labels(issued: IssuedCredential) -> tuple[str, str, str]:
    facts = facts_of(issued)
    credits = f"{facts['credits']} {facts['credit_system']}".strip() if facts.get("credits") else ""
    level = f"EQF {facts['eqf']}" if facts.get("eqf") else ""
    return issued.institution.short_name[:10], credits, level


def _signed(issued: IssuedCredential) -> dict[str, object] | str:
    return issued.jws if issued.jws else dict(issued.document)


def badge_svg(issued: IssuedCredential) -> bytes:
    """The SVG badge with the credential baked in (OB 3.0 §5.3.2.1)."""
    short, credits, level = (escape(part) for part in _labels(issued))
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}"'
        ' role="img" aria-label="' + f"{short} {credits} {level}".strip() + '">'
        f'<circle cx="256" cy="256" r="248" fill="{_ACCENT}"/>'
        f'<circle cx="256" cy="256" r="212" fill="none" stroke="{_LIGHT}" stroke-width="6"/>'
        '<g font-family="Noto Sans, DejaVu Sans, sans-serif" text-anchor="middle" fill="#ffffff">'
        f'<text x="256" y="230" font-size="76" font-weight="700">{short}</text>'
        f'<text x="256" y="300" font-size="40">{credits}</text>'
        f'<text x="256" y="350" font-size="34" fill="{_LIGHT}">{level}</text>'
        "</g></svg>\n"
    )
    return bake_svg(svg, _signed(issued)).encode("utf-8")


def badge_png(issued: IssuedCredential) -> bytes:
    """The PNG badge with the credential baked in (OB 3.0 §5.3.1.1)."""
    from PIL import Image, ImageDraw, ImageFont

    short, credits, level = _labels(issued)
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=_ACCENT)
    draw.ellipse((44, 44, SIZE - 44, SIZE - 44), outline=_LIGHT, width=6)
    bold = ImageFont.truetype(str(FONT_DIR / "NotoSans-Bold.ttf"), 76 if len(short) <= 6 else 52)
    regular = ImageFont.truetype(str(FONT_DIR / "NotoSans-Regular.ttf"), 40)
    small = ImageFont.truetype(str(FONT_DIR / "NotoSans-Regular.ttf"), 34)
    draw.text((256, 205), short, font=bold, fill="#ffffff", anchor="ms")
    draw.text((256, 290), credits, font=regular, fill="#ffffff", anchor="ms")
    draw.text((256, 345), level, font=small, fill=_LIGHT, anchor="ms")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return bake_png(buffer.getvalue(), _signed(issued))
