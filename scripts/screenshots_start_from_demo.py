"""Photograph the "start from a template or a published micro-credential" choices of a new draft
with the demo's published versions (``load_demo``), as the demo designers of MUNI (English),
NEU (Vietnamese) and NUOL (Lao) see them, desktop and phone (issue 16 item 4, ADR 1632). A
throw-away database and server, as ``screenshots_studio.py``.

    .venv/bin/python scripts/screenshots_start_from_demo.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots_studio import CHROMIUM, OUT, ROOT, _optimise, scratch_site, signed_in_context

DESIGNERS = {"en": "muni", "vi": "neu", "lo": "nuol"}

SESSIONS = r"""
import json, os
DESIGNERS = json.loads(os.environ["SCREENSHOT_DESIGNERS"])
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
out = {}
for lang, slug in DESIGNERS.items():
    user = get_user_model().objects.get(username=f"{slug}-designer")
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    out[lang] = s.session_key
print("RESULT" + json.dumps(out))
"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    designers = {"SCREENSHOT_DESIGNERS": json.dumps(DESIGNERS)}
    site = scratch_site(SESSIONS, commands=("load_demo",), env=designers)
    with site as (base, sessions), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for lang, slug in DESIGNERS.items():
            for device, width in (("desktop", 1280), ("phone", 390)):
                height = 1400 if width > 1000 else 900
                context = signed_in_context(browser, base, lang, sessions[lang], width, height)
                page = context.new_page()
                page.goto(f"{base}/studio/new/?institution={slug}", wait_until="networkidle")
                page.click("details.start-from summary")
                target = OUT / f"studio-start-from-{lang}-{device}.png"
                page.locator("details.start-from").screenshot(path=str(target))
                context.close()
                _optimise(target)
                print(target.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
