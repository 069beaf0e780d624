"""Reproduce docs/screenshots/: the register, entries in Vietnamese and Lao, and the institutions
page, at desktop (1280 px) and phone (375 px) width, in English, Vietnamese and Lao.

Runs against a throw-away SQLite database loaded with ``load_demo`` and ``manage.py runserver``
on 127.0.0.1, and photographs each page with headless Chromium (no network beyond localhost).
PNGs are reduced to a 256-colour palette so the repository stays small.

    make screenshots            # or: .venv/bin/python scripts/screenshots.py
"""

# ruff: noqa: S603 - the script runs this repository's own manage.py and the local Chromium, nothing from input

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
PYTHON = sys.executable
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"

DESKTOP = (1280, 1500)
PHONE = (375, 1700)

# (file name, path or a code to look up, language, window size)
SHOTS: list[tuple[str, str, str, tuple[int, int]]] = [
    ("register-en-desktop", "/register/", "en", DESKTOP),
    ("register-vi-desktop-search", "/register/?q=ngan+hang&country=VN", "vi", DESKTOP),
    ("register-lo-phone-search", "/register/?q=" + quote("ທະນາຄານ"), "lo", PHONE),
    ("register-en-phone", "/register/?eqf=6&credits_max=5", "en", PHONE),
    ("detail-vi-desktop", "@buh", "vi", DESKTOP),
    ("detail-vi-phone", "@buh", "vi", PHONE),
    ("detail-lo-desktop", "@nuol", "lo", DESKTOP),
    ("detail-lo-phone", "@nuol", "lo", PHONE),
    ("detail-en-desktop-full", "/register/muni/MUNI-ECON-R/", "en", (1280, 3250)),
    ("institutions-en-desktop", "/institutions/", "en", DESKTOP),
    ("institutions-lo-phone", "/institutions/", "lo", PHONE),
    ("institution-vi-phone", "/institutions/ueh/", "vi", PHONE),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - localhost only
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the development server did not answer at {url}")


def _first_entry(base: str, institution: str) -> str:
    """The register page of the first published entry of an institution (via the public API)."""
    import json

    with urllib.request.urlopen(f"{base}/api/micro-credentials?institution={institution}") as r:  # noqa: S310
        results = json.load(r)["results"]
    if not results:
        raise SystemExit(f"the demo has no published micro-credential of {institution}")
    return "/register/" + results[0]["uuid"] + "/"


def _shoot(url: str, lang: str, size: tuple[int, int], target: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--lang={lang}",
                f"--accept-lang={lang}",
                f"--window-size={size[0]},{size[1]}",
                f"--screenshot={target}",
                url,
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def _optimise(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "MICROCRED_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.dev",
        }
        manage = [PYTHON, str(ROOT / "manage.py")]
        subprocess.run(
            [PYTHON, "-m", "django", "compilemessages", "-v", "0"],
            env=env,
            check=True,
            cwd=ROOT / "src" / "microcred_web",
        )
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
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
            for name, where, lang, size in SHOTS:
                path = _first_entry(base, where[1:]) if where.startswith("@") else where
                target = OUT / f"{name}.png"
                _shoot(base + path, lang, size, target)
                _optimise(target)
                print(f"{target.relative_to(ROOT)}  {lang}  {size[0]}x{size[1]}  {base}{path}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
