"""Reproduce the screenshots of the batch verifier and the skills analytics (ADR 1450, 1452):
``/verify/batch/`` with the results of a batch (good credentials, a baked badge, a tampered one,
a non-credential file, a duplicate, a nested archive), ``/skills/demand-supply/`` and the
learner's skills profile (the demo's credentials carry no confirmed skills, so the script aligns
one version with two ESCO skills first), in English, Vietnamese and Lao, at desktop and phone width.

Runs against a throw-away SQLite database (``load_demo``, ``demo_credentials``,
``demo_employers``) and ``manage.py runserver`` on 127.0.0.1, driven by Playwright with the
system's Chromium (no network beyond localhost). PNGs are reduced to a 256-colour palette.

    .venv/bin/python scripts/screenshots_labour_market.py
    .venv/bin/python scripts/screenshots_labour_market.py --batch-phone-only   # the 360 px cards
"""

# ruff: noqa: S603 - the script runs this repository's own manage.py and the local Chromium, nothing from input

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
NARROW_PHONE = {"width": 360, "height": 800}  # the batch verifier's cards (issue 13, item 5)
DEMO_PASSWORD = "micro4asia-demo"  # noqa: S105 - load_demo's published local demo password

# A few demo credentials, one of them changed, and the learner who holds aligned credentials.
DUMP = """
import json
from microcred_web.credentials.models import IssuedCredential
rows = list(IssuedCredential.objects.filter(revoked_at=None).exclude(jws="", document={}).order_by("pk")[:3])
# The demo's credentials are of versions without confirmed skills: align the version of one
# learner's credentials with two ESCO skills, as its designer would have before publishing.
from microcred_web.skills.models import EscoConcept
held = IssuedCredential.objects.filter(revoked_at=None).exclude(learner=None).order_by("pk").first()
if held is not None and held.version is not None and not held.version.skills:
    uris = list(EscoConcept.objects.filter(kind="skill", texts__preferred_label__in=["SQL", "analyse financial risk"]).values_list("uri", flat=True))
    held.version.skills = " ".join(uris)
    held.version.save(update_fields=["skills"])
if held is not None:  # a learner who came through a claim link may have no demo password yet
    held.learner.set_password("micro4asia-demo")
    held.learner.save()
print(json.dumps({
    "documents": [r.document for r in rows],
    "uuids": [str(r.uuid) for r in rows],
    "learner": held.learner.username if held is not None else "",
}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - localhost
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def _optimise(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _batch_files(base: str, dump: dict, folder: Path) -> list[Path]:
    docs = dump["documents"]
    files = []
    for n, doc in enumerate(docs[:2]):
        path = folder / f"candidate-{n + 1}.json"
        path.write_text(json.dumps(doc), "utf-8")
        files.append(path)
    badge = folder / "candidate-3-badge.png"
    badge.write_bytes(urllib.request.urlopen(f"{base}/credentials/{dump['uuids'][-1]}/badge.png").read())  # noqa: S310
    files.append(badge)
    tampered = dict(docs[0], validUntil="2099-12-31T00:00:00Z")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("applicants/tran-van-b.json", json.dumps(tampered))
        z.writestr("applicants/cover-letter.txt", "Dear hiring manager")
        z.writestr("applicants/old.zip", b"PK\x05\x06" + b"\x00" * 18)
        z.writestr("applicants/copy-of-candidate-1.json", json.dumps(docs[0]))
    zipped = folder / "applicants.zip"
    zipped.write_bytes(archive.getvalue())
    files.append(zipped)
    return files


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "MICROCRED_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.dev",
            "MICROCRED_KEY_DIR": str(Path(var) / "keys"),
            "MICROCRED_KEY_PASSPHRASE": "screenshots-only-throw-away",
            "MICROCRED_RATE_LIMITS": "verify_batch=off,register_search=off",
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        for command in ("load_demo", "demo_credentials", "demo_employers"):
            subprocess.run([*manage, command], env=env, check=True, stdout=subprocess.DEVNULL)
        dump = json.loads(
            subprocess.run(
                [*manage, "shell", "-c", DUMP], env=env, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(base + "/register/")
            files = _batch_files(base, dump, Path(var))
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                # on a 360 px phone each file of the batch is a card, its verdict first
                for lang in ("en", "vi", "lo"):
                    context = browser.new_context(
                        viewport=NARROW_PHONE, locale=lang, extra_http_headers={"Accept-Language": lang}
                    )
                    page = context.new_page()
                    page.goto(f"{base}/verify/batch/")
                    page.set_input_files("#id_files", [str(f) for f in files])
                    page.click("button[value=html]")
                    page.wait_for_selector("#result")
                    _save(page, f"verify-batch-results-{lang}-phone")
                    context.close()
                if "--batch-phone-only" in sys.argv:
                    browser.close()
                    return
                for lang, size, label in (
                    ("en", DESKTOP, "desktop"),
                    ("vi", PHONE, "phone"),
                    ("lo", DESKTOP, "desktop"),
                ):
                    context = browser.new_context(
                        viewport=size, locale=lang, extra_http_headers={"Accept-Language": lang}
                    )
                    page = context.new_page()
                    page.goto(f"{base}/verify/batch/")
                    page.set_input_files("#id_files", [str(f) for f in files])
                    page.click("button[value=html]")
                    page.wait_for_selector("#result")
                    if label == "desktop":  # the phone's batch cards are shot at 360 px above
                        _save(page, f"verify-batch-results-{lang}-{label}")
                    page.goto(f"{base}/skills/demand-supply/?country={'LA' if lang == 'lo' else 'VN'}")
                    _save(page, f"skills-demand-supply-{lang}-{label}")
                    context.close()
                context = browser.new_context(
                    viewport=PHONE, locale="lo", extra_http_headers={"Accept-Language": "lo"}
                )
                page = context.new_page()
                page.goto(f"{base}/skills/demand-supply/?country=VN")
                _save(page, "skills-demand-supply-lo-phone")
                if dump["learner"]:
                    for lang, size, label in (("en", DESKTOP, "desktop"), ("vi", PHONE, "phone")):
                        context = browser.new_context(
                            viewport=size, locale=lang, extra_http_headers={"Accept-Language": lang}
                        )
                        page = context.new_page()
                        page.goto(f"{base}/accounts/login/")
                        page.fill("input[name=login]", dump["learner"])
                        page.fill("input[name=password]", DEMO_PASSWORD)
                        page.click("main form button[type=submit]")
                        page.goto(f"{base}/learner/credentials/")
                        _save(page, f"learner-skills-profile-{lang}-{label}")
                        context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)


def _save(page: object, name: str) -> None:
    target = OUT / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)  # type: ignore[attr-defined]
    _optimise(target)
    print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
