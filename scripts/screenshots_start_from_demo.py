"""Photograph the "start from a template or a published micro-credential" choices of a new draft
with the demo's published versions (``load_demo``), as the demo designers of MUNI (English),
NEU (Vietnamese) and NUOL (Lao) see them, desktop and phone (issue 16 item 4, ADR 1632). A
throw-away database and server, as ``screenshots_studio.py``.

    .venv/bin/python scripts/screenshots_start_from_demo.py
"""

# ruff: noqa: S603 - runs this repository's own manage.py and the local Chromium, nothing from input

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots_studio import CHROMIUM, OUT, PYTHON, ROOT, _free_port, _optimise

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

    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "MICROCRED_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.dev",
            "MICROCRED_KEY_DIR": str(Path(var) / "keys"),
            "MICROCRED_KEY_PASSPHRASE": "screenshots-only-throw-away",
            "SCREENSHOT_DESIGNERS": json.dumps(DESIGNERS),
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
        subprocess.run([*manage, "load_demo"], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        done = subprocess.run(
            [*manage, "shell", "-c", SESSIONS], env=env, check=True, cwd=ROOT, capture_output=True, text=True
        )
        sessions = json.loads(done.stdout.split("RESULT", 1)[1])
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/studio/guide/", timeout=2)  # noqa: S310 - localhost
                    break
                except OSError:
                    time.sleep(0.3)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                for lang, slug in DESIGNERS.items():
                    for device, width in (("desktop", 1280), ("phone", 390)):
                        context = browser.new_context(
                            viewport={"width": width, "height": 1400 if width > 1000 else 900}, locale=lang
                        )
                        context.add_cookies(
                            [
                                {"name": "sessionid", "value": sessions[lang], "url": base},
                                {"name": "django_language", "value": lang, "url": base},
                            ]
                        )
                        page = context.new_page()
                        page.goto(f"{base}/studio/new/?institution={slug}", wait_until="networkidle")
                        page.click("details.start-from summary")
                        target = OUT / f"studio-start-from-{lang}-{device}.png"
                        page.locator("details.start-from").screenshot(path=str(target))
                        context.close()
                        _optimise(target)
                        print(target.relative_to(ROOT))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
