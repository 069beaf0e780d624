"""Photograph the studio's design assistant (issue 16) in English, Vietnamese and Lao.

A throw-away SQLite database gets one institution per language, a course designer and a draft
whose outcomes a new designer might write (one states a state verb, one bundles two outcomes),
with a workload breakdown; ``manage.py runserver`` serves it and headless Chromium (Playwright,
the local /usr/bin/chromium) photographs the editor, the version page and the guide.

    .venv/bin/python scripts/screenshots_studio.py
"""

# ruff: noqa: S603 - runs this repository's own manage.py and the local Chromium, nothing from input

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

SETUP = r"""
import json
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from microcred_web.accounts.models import Role
from tests.web.accounts.factories import conformant_spec, make_institution, make_user, make_version
from microcred_web.catalogue.models import Status

OUTCOMES = {
    "en": ["Understand the principles of credit risk management.",
           "Analyse a loan portfolio and design a provisioning policy.",
           "Evaluate the capital adequacy of a commercial bank."],
    "vi": ["Hiểu các nguyên tắc quản trị rủi ro tín dụng.",
           "Phân tích danh mục cho vay và xây dựng chính sách dự phòng.",
           "Đánh giá mức đủ vốn của một ngân hàng thương mại."],
    "lo": ["ເຂົ້າໃຈຫຼັກການຄຸ້ມຄອງຄວາມສ່ຽງດ້ານສິນເຊື່ອ",
           "ວິເຄາະຫຼັກຊັບເງິນກູ້ ແລະ ອອກແບບນະໂຍບາຍການສຳຮອງ",
           "ປະເມີນຄວາມພຽງພໍຂອງທຶນຂອງທະນາຄານການຄ້າ"],
}
SYSTEM = {"en": "ECTS", "vi": "VN-TC", "lo": "LA-CR"}
out = {}
for lang, slug in (("en", "muni"), ("vi", "neu"), ("lo", "nuol")):
    inst = make_institution(slug, name={"en": f"University {slug.upper()}", lang: f"{slug.upper()}"},
                            credit_system=SYSTEM[lang])
    user = make_user(f"{slug}-designer", role=Role.COURSE_DESIGNER, institution=inst)
    spec = conformant_spec()
    assessed = [["written_examination"], ["project_work"], []]
    spec["learning_outcomes"] = [
        {"id": f"LO{i+1}", "text": {"en": OUTCOMES["en"][i], lang: t}, "assessed_by": assessed[i]}
        for i, t in enumerate(OUTCOMES[lang])
    ]
    spec["title"] = {"en": "Credit risk in banking", lang: spec["title"].get(lang) or "Credit risk"}
    spec["workload"] = {"hours": "125", "credits": {"en": "6", "vi": "3", "lo": "3"}[lang],
                        "credit_system": SYSTEM[lang],
                        "activities": [{"kind": "lecture", "per_week": "2", "weeks": 13},
                                       {"kind": "seminar", "per_week": "1", "weeks": 13},
                                       {"kind": "self_study", "hours": "60"},
                                       {"kind": "assessment_preparation", "hours": "24"},
                                       {"kind": "exam", "hours": "2"}]}
    del spec["supervision"]
    spec["quality_assurance"] = {"type": "institutional_qa", "internal_qa": True}
    status = Status.SUBMITTED if lang == "en" else Status.DRAFT
    v = make_version(inst, code=f"{slug.upper()}-CR", spec=spec, by=user, status=status)
    s = SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    out[lang] = {"uuid": str(v.uuid), "session": s.session_key}
print("RESULT" + json.dumps(out))
"""


def _optimise(path: Path) -> None:
    """A 256-colour palette keeps the repository small (as scripts/screenshots.py does)."""
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def scratch_site(
    setup: str, *, commands: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Iterator[tuple[str, Any]]:
    """A throw-away database and server for the screenshot scripts: migrate, run each manage.py
    ``commands`` (e.g. ``load_demo``), then the ``setup`` code in ``manage.py shell``, which
    prints ``RESULT`` and a JSON value; serve on a free port. Yields the base URL and that value;
    the server stops and the files go when the block ends."""
    with tempfile.TemporaryDirectory() as var:
        environment = {
            **os.environ,
            "MICROCRED_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.dev",
            "MICROCRED_KEY_DIR": str(Path(var) / "keys"),
            "MICROCRED_KEY_PASSPHRASE": "screenshots-only-throw-away",
            **(env or {}),
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=environment, check=True, cwd=ROOT)
        for command in commands:
            subprocess.run(
                [*manage, command], env=environment, check=True, cwd=ROOT, stdout=subprocess.DEVNULL
            )
        done = subprocess.run(
            [*manage, "shell", "-c", setup],
            env=environment,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        data = json.loads(done.stdout.split("RESULT", 1)[1])
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=environment,
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
            yield base, data
        finally:
            server.terminate()
            server.wait(timeout=10)


def signed_in_context(browser: Any, base: str, lang: str, session: str, width: int, height: int) -> Any:
    """A browser context of ``width`` × ``height`` in ``lang``, signed in with ``session``."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=lang)
    context.add_cookies(
        [
            {"name": "sessionid", "value": session, "url": base},
            {"name": "django_language", "value": lang, "url": base},
        ]
    )
    return context


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with scratch_site(SETUP) as (base, data):
        shots = []
        for lang, d in data.items():
            shots.append(
                (f"studio-assistant-{lang}-desktop", f"/studio/versions/{d['uuid']}/edit/", lang, d, 1280)
            )
            shots.append((f"studio-assistant-{lang}-phone", f"/studio/versions/{d['uuid']}/", lang, d, 390))
        shots.append(("studio-guide-vi-phone", "/studio/guide/", "vi", data["vi"], 390))
        shots.append(("studio-guide-lo-desktop", "/studio/guide/", "lo", data["lo"], 1280))
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, path, lang, d, width in shots:
                tall = name.endswith("-desktop") and "assistant" in name
                context = signed_in_context(browser, base, lang, d["session"], width, 3400 if tall else 900)
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                target = OUT / f"{name}.png"
                if tall:
                    # the editor is long: photograph the sticky panel beside the form
                    box = page.locator(".studio-findings").bounding_box()
                    assert box is not None
                    page.screenshot(path=str(target), clip=box)
                else:
                    page.screenshot(path=str(target), full_page=True)
                context.close()
                _optimise(target)
                print(target.relative_to(ROOT))
            browser.close()


if __name__ == "__main__":
    main()
