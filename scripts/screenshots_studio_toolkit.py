"""Photograph the studio parts of issue 16's remainder in English, Vietnamese and Lao, desktop
and phone: the checker's findings and the QA checklist preview (ADR 1610, 1612), the
start-from choices of a new draft (ADR 1613) and the annotated exemplary specifications of the
guide. Same throw-away database and server as ``screenshots_studio.py``.

    .venv/bin/python scripts/screenshots_studio_toolkit.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots_studio import CHROMIUM, OUT, ROOT, SETUP, _optimise, scratch_site, signed_in_context


def _shots(data: dict[str, dict[str, str]]) -> list[tuple[str, str, str, int, str, str]]:
    """(name, path, language, width, element to photograph, summary to open first)."""
    shots = []
    for lang, d in data.items():
        edit = f"/studio/versions/{d['uuid']}/edit/"
        for device, width in (("desktop", 1280), ("phone", 390)):
            shots.append((f"studio-findings-{lang}-{device}", edit, lang, width, "#findings-title + p", ""))
            shots.append((f"studio-qa-preview-{lang}-{device}", edit, lang, width, ".qa-preview", ""))
            # studio-start-from-*: scripts/screenshots_start_from_demo.py, with the demo's
            # published versions to copy (ADR 1632)
            shots.append(
                (
                    f"studio-examples-{lang}-{device}",
                    "/studio/guide/",
                    lang,
                    width,
                    "section[aria-labelledby=examples]",
                    "",
                )
            )
    return shots


def main() -> None:
    from playwright.sync_api import sync_playwright

    with scratch_site(SETUP) as (base, data), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for name, path, lang, width, selector, opener in _shots(data):
            context = signed_in_context(
                browser, base, lang, data[lang]["session"], width, 3400 if width > 1000 else 900
            )
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            if opener:
                page.click(opener)
            target = OUT / f"{name}.png"
            if selector == "#findings-title + p":
                # the checker's findings: from the heading to the assistant
                top = page.locator("#findings-title").bounding_box()
                end = page.locator(".assistant").bounding_box()
                assert top is not None and end is not None
                clip = {
                    "x": top["x"] - 8,
                    "y": top["y"] - 8,
                    "width": min(top["width"] + 16, width),
                    "height": end["y"] - top["y"],
                }
                page.screenshot(path=str(target), clip=clip, full_page=True)
            else:
                page.locator(selector).first.screenshot(path=str(target))
            context.close()
            _optimise(target)
            print(target.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
