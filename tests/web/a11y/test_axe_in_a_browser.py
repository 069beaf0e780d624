"""Issue 13 item 7: axe-core (npm, pinned in ``tests/reference_js``) finds no WCAG 2.1 A/AA
violation on the key pages of the demo in English, Vietnamese and Lao, and every
``aria-describedby`` / ``aria-labelledby`` there resolves.

Playwright drives Debian's Chromium (``/usr/bin/chromium``; ``make install`` installs it as root,
no browser is downloaded) against the live test server, as ``tests/web/recognition/
test_stuck_journey_in_a_browser.py`` does. axe is injected from ``node_modules`` with
``add_script_tag``; the pages' strict CSP would refuse an injected script, so the test's browser
contexts bypass CSP (a test-only setting: the pages are served with their real headers).
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import Client

from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials.identity import use_key_provider
from microcred_web.credentials.models import IssuedCredential
from microcred_web.pilot.models import Offering
from microcred_web.recognition.models import RecognitionCase

ROOT = Path(__file__).resolve().parents[3]
AXE = ROOT / "tests" / "reference_js" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = next(
    (p for p in ("/usr/bin/chromium", shutil.which("chromium") or "") if p and Path(p).exists()), None
)
LANGS = ("en", "vi", "lo")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Not marked ``db``: what axe reads does not depend on the database engine, so the test runs once,
# on SQLite, rather than again on PostgreSQL (it is the slowest test of the suite).
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium at /usr/bin/chromium (make install adds it as root)"
    ),
    pytest.mark.skipif(
        not AXE.exists(),
        reason="axe-core is not installed: run `npm ci` in tests/reference_js (make test does)",
    ),
]

#: references that must resolve, checked in the page as the browser built it
UNRESOLVED_REFERENCES = """() => Array.from(document.querySelectorAll('[aria-describedby],[aria-labelledby]'))
  .flatMap(e => ['aria-describedby', 'aria-labelledby'].flatMap(a => (e.getAttribute(a) || '')
    .split(/\\s+/).filter(id => id && !document.getElementById(id))
    .map(id => `<${e.tagName.toLowerCase()} name=${e.getAttribute('name') || e.id}> ${a}=${id}`)))"""
RUN_AXE = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
    # stay synchronous and the live server answers from its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            yield b
            b.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def demo(settings: Any, transactional_db: None) -> Iterator[None]:
    settings.PUBLIC_BASE_URL = "https://micro4asia.example.org"
    use_key_provider(InMemoryKeyProvider())
    try:
        for command in ("load_demo", "demo_credentials", "demo_recognition"):
            call_command(command, stdout=io.StringIO(), stderr=io.StringIO())
        yield
    finally:
        use_key_provider(None)
        # the ORM opened its own connection while Playwright's loop ran; close it here, or
        # PostgreSQL refuses to drop the test database at the end
        connections.close_all()


def key_pages() -> list[tuple[str, str | None]]:
    """The 14 key pages and the new ones: (path, username of the account that sees it, or None)."""
    issued = IssuedCredential.objects.select_related("institution").order_by("issued_at").first()
    assert issued is not None
    published = MicroCredentialVersion.objects.filter(status=Status.PUBLISHED).order_by("pk")[0]
    draft = MicroCredentialVersion.objects.filter(status=Status.DRAFT).select_related(
        "micro_credential__institution"
    )[0]
    case = RecognitionCase.objects.exclude(applicant=None).select_related("host", "applicant")[0]
    offering = Offering.objects.select_related("version__micro_credential__institution").order_by("pk")[0]
    inst = issued.institution.slug
    owned = IssuedCredential.objects.exclude(learner=None).select_related("learner").order_by("pk").first()
    assert owned is not None and owned.learner is not None
    return [
        ("/register/", None),
        (f"/register/{published.uuid}/", None),
        ("/verify/", None),
        (f"/credentials/{issued.uuid}/", f"{inst}-registrar"),
        ("/learner/credentials/", case.applicant.username),
        (f"/studio/versions/{draft.uuid}/edit/", f"{draft.micro_credential.institution.slug}-designer"),
        (f"/recognition/cases/{case.uuid}/", f"{case.host.slug}-recognition"),
        (f"/recognition/my/{case.uuid}/", case.applicant.username),
        ("/recognition/my/new/", case.applicant.username),
        (
            f"/pilot/offerings/{offering.pk}/",
            f"{offering.version.micro_credential.institution.slug}-registrar",
        ),
        ("/pilot/dashboard/", None),
        ("/accounts/login/", None),
        (f"/institutions/{inst}/", None),
        ("/accounts/", f"{inst}-designer"),
        # pages issue 13 added
        ("/privacy/", None),
        ("/learner/my-data/", case.applicant.username),
        # the wallet offer (issue 13 item 4, ADR 1360): checked again with its QR code shown
        (f"/credentials/{owned.uuid}/wallet/", owned.learner.username),
        # pages of issue 14 item 3 (the batch verifier) and item 4 (demand and supply)
        ("/verify/batch/", None),
        ("/skills/demand-supply/", None),
    ]


def context_for(browser: Any, live_server: Any, lang: str, username: str | None) -> Any:
    context = browser.new_context(
        base_url=live_server.url, bypass_csp=True, extra_http_headers={"Accept-Language": lang}
    )
    context.set_default_timeout(8000)
    if username is not None:
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
    return context


def problems_of(page: Any, where: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    assert page.evaluate("() => typeof axe") == "object", "axe was not injected (CSP?)"
    found = [f"{where}: {v}" for v in page.evaluate(RUN_AXE, WCAG_TAGS)]
    found += [f"{where}: {r} points to no element" for r in page.evaluate(UNRESOLVED_REFERENCES)]
    return found


def test_the_key_pages_have_no_wcag_2_1_a_or_aa_violation_in_english_vietnamese_and_lao(
    demo: None, live_server: Any, browser: Any
) -> None:
    pages = key_pages()
    credential = json.dumps(IssuedCredential.objects.order_by("issued_at")[0].document)
    found: list[str] = []
    checked = 0
    for lang in LANGS:
        contexts: dict[str | None, Any] = {}
        for path, username in pages:
            if username not in contexts:
                contexts[username] = context_for(browser, live_server, lang, username)
            page = contexts[username].new_page()
            response = page.goto(path)
            assert response is not None and response.status == 200, (
                f"{lang} {path}: {response and response.status}"
            )
            assert page.locator("html").get_attribute("lang") == lang, f"{lang} {path}"
            found += problems_of(page, f"{lang} {path}")
            checked += 1
            if path == "/verify/":
                page.fill("#id_credential", credential)
                page.locator("main form button.button-primary").click()
                page.wait_for_load_state()
                # the result is announced: focus moved to its heading (verify.js)
                assert (
                    page.evaluate("() => document.activeElement && document.activeElement.id")
                    == "result-heading"
                )
                found += problems_of(page, f"{lang} /verify/ (result)")
                checked += 1
            if path.endswith("/wallet/"):
                page.locator("main form button").click()
                page.wait_for_load_state()
                assert page.locator(".wallet-qr svg").count() == 1
                found += problems_of(page, f"{lang} {path} (offer)")
            if path == "/verify/batch/":
                upload = {"name": "a.json", "mimeType": "application/json", "buffer": credential.encode()}
                junk = {"name": "b.txt", "mimeType": "text/plain", "buffer": b"not a credential"}
                page.set_input_files("#id_files", [upload, junk])
                page.locator("main form button.button-primary").click()
                page.wait_for_load_state()
                found += problems_of(page, f"{lang} /verify/batch/ (results)")
                checked += 1
            page.close()
        # the platform's own error pages: a refusal that says why, a missing page
        learner = pages[4][1]
        for path, username, status in (
            ("/register/no-such-place/NO-SUCH-CODE/", None, 404),
            ("/qa/reports/", learner, 403),
        ):
            if username not in contexts:
                contexts[username] = context_for(browser, live_server, lang, username)
            page = contexts[username].new_page()
            response = page.goto(path)
            assert response is not None and response.status == status, f"{lang} {path}"
            assert page.locator("html").get_attribute("lang") == lang, f"{lang} {path}"
            found += problems_of(page, f"{lang} {path} ({status})")
            checked += 1
            page.close()
        for context in contexts.values():
            context.close()
    assert checked == 3 * (len(pages) + 2 + 2)
    assert found == []
