"""/api/docs works offline: Swagger UI comes from the platform's own static files, under the same
strict CSP as every page (issue 9 item 2, ADR 0320)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from typing import Any

import pytest
from django.test import Client

from tests.web.csp_checks import body_of, header_problems, page_problems

pytestmark = pytest.mark.django_db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_the_api_docs_load_swagger_ui_from_local_static_files_only(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    problems, nonce = header_problems(response)
    assert problems == []
    html = response.content.decode()
    assert page_problems(html, nonce) == []
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert urls, "the docs page references its assets"
    assert [u for u in urls if not (u.startswith("/") and not u.startswith("//"))] == []
    assert "cdn" not in html.lower()
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    settings_block = re.search(
        r'<script type="application/json" id="swagger-settings"[^>]*>(.*?)</script>', html, re.S
    )
    assert settings_block
    openapi_url = json.loads(settings_block.group(1))["url"]
    for url in [*urls, openapi_url]:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert body_of(asset), url
        assert header_problems(asset)[0] == [], url


def test_every_script_of_the_api_docs_carries_the_nonce_of_its_response(client: Client) -> None:
    first, second = client.get("/api/docs"), client.get("/api/docs")
    for response in (first, second):
        nonce = header_problems(response)[1]
        scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
        assert len(scripts) == 3
        assert all(f'nonce="{nonce}"' in s for s in scripts)
    assert header_problems(first)[1] != header_problems(second)[1]


@pytest.mark.skipif(not CHROMIUM, reason="needs a headless Chromium")
def test_swagger_ui_renders_the_api_in_a_browser_under_the_policy(live_server: Any) -> None:
    """The browser itself, offline (no proxy, no other origin reachable): the JavaScript ran
    under the CSP and drew the operations, and the console reports no violation."""
    assert CHROMIUM
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-proxy-server",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
            "--dump-dom",
            f"{live_server.url}/api/docs",
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert "/vc-api/presentations/verify" in run.stdout  # drawn by swagger-ui-bundle.js
    assert 'class="swagger-ui' in run.stdout
    violations = [line for line in run.stderr.splitlines() if "Content Security Policy" in line]
    assert violations == []
