"""Reproduce docs/screenshots/: the register, entries in Vietnamese and Lao, and the institutions
page, at desktop (1280 px) and phone (375 px) width, in English, Vietnamese and Lao; and pages of
the recognition desk as the people who use them see them once signed in (``SIGNED_IN``): the
learner's case with an open request for information, the officer's case with the learner's
answer, the learner's revoked and current decision credentials, and the agreement form; and the
signed credentials (``CREDENTIALS``): a learner's credential page in Vietnamese and Lao at
390 px, the public verifier's result for a valid, a changed, a revoked and a forged-issuer file
(re-signed by a key its issuer does not control) and for a presenter whose e-mail and proof code
fail (en, vi and lo at 390 px), and the issuing page.

Runs against a throw-away SQLite database loaded with ``load_demo`` and ``manage.py runserver``
on 127.0.0.1, and photographs each page with headless Chromium (no network beyond localhost).
PNGs are reduced to a 256-colour palette so the repository stays small.

    make screenshots            # or: .venv/bin/python scripts/screenshots.py
    .venv/bin/python scripts/screenshots.py --signed-in-only   # only the recognition pages
    .venv/bin/python scripts/screenshots.py --credentials-only  # only the credential pages
    .venv/bin/python scripts/screenshots.py --signed-in-only --only recognition-officer-case
                                                 # only the shots whose name starts so
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
import urllib.parse
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
    # the pilot at scale (demo_pilot): figures, charts drawn as SVG, tables
    ("pilot-dashboard-en-desktop", "/pilot/dashboard/", "en", (1280, 2600)),
    ("pilot-dashboard-vi-desktop", "/pilot/dashboard/", "vi", (1280, 2600)),
    ("pilot-dashboard-lo-desktop", "/pilot/dashboard/", "lo", (1280, 2600)),
    ("pilot-dashboard-en-phone", "/pilot/dashboard/", "en", (390, 3400)),
    ("pilot-dashboard-vi-phone", "/pilot/dashboard/", "vi", (390, 3400)),
]
PHONE_390 = (390, 1700)

# Signed-in pages: (file name, demo account, path or "@REF:my"/"@REF:desk" for a case, language,
# size). The page is fetched with the account's session and photographed from a local copy whose
# <base> points at the server (headless Chromium takes no cookie on its command line).
SIGNED_IN: list[tuple[str, str, str, str, tuple[int, int]]] = [
    ("recognition-learner-information-request-vi-phone", "learner-tereza", "@SHOT-X05:my", "vi", PHONE_390),
    (
        "recognition-officer-learner-answer-en-desktop",
        "neu-recognition",
        "@DEMO-X05:desk",
        "en",
        (1280, 2000),
    ),
    (
        "recognition-learner-decision-credentials-lo-phone",
        "learner-souksavanh",
        "@DEMO-E5:my",
        "lo",
        PHONE_390,
    ),
    # issue 10: the officer's case page in the officer's language (engine messages translated)
    ("recognition-officer-case-vi-desktop", "buh-recognition", "@DEMO-E3:desk", "vi", (1280, 4600)),
    ("recognition-officer-case-lo-desktop", "neu-recognition", "@DEMO-X05:desk", "lo", (1280, 4600)),
    (
        "recognition-agreement-form-en-desktop",
        "neu-admin",
        "/recognition/agreements/new/",
        "en",
        (1280, 3400),
    ),
]
# Credential pages: (file name, demo account or "" for anonymous, what, language, size). "what" is
# a path, "@page:<credential>" (its public page) or "@verify:<credential>" (the verifier's result
# for that file, posted as an anonymous visitor); credentials come from CREDENTIAL_SETUP.
CREDENTIALS: list[tuple[str, str, str, str, tuple[int, int]]] = [
    ("credentials-learner-credential-vi-phone", "learner-linh", "@page:valid", "vi", (390, 3700)),
    ("credentials-learner-credential-lo-phone", "learner-souksavanh", "@page:lao", "lo", (390, 3700)),
    ("credentials-verifier-valid-en-desktop", "", "@verify:valid", "en", (1280, 1400)),
    ("credentials-verifier-tampered-en-desktop", "", "@verify:tampered", "en", (1280, 1400)),
    ("credentials-verifier-revoked-en-desktop", "", "@verify:revoked", "en", (1280, 1400)),
    # issue 8: re-signed by a key its issuer does not control; a presenter whose e-mail and code fail
    ("credentials-verifier-forged-issuer-en-desktop", "", "@verify:forged", "en", (1280, 1400)),
    ("credentials-verifier-forged-issuer-vi-phone", "", "@verify:forged", "vi", (390, 2400)),
    ("credentials-verifier-wrong-presenter-en-desktop", "", "@verify:valid+presenter", "en", (1280, 1400)),
    ("credentials-verifier-wrong-presenter-lo-phone", "", "@verify:valid+presenter", "lo", (390, 2400)),
    ("credentials-issue-en-desktop", "neu-admin", "/studio/issue/", "en", (1280, 1500)),
    # issue 13: the share bar (certificate, LinkedIn, copy link, badges) near the top on a phone
    ("credentials-share-bar-en-phone", "learner-linh", "@page:valid", "en", (390, 1100)),
    ("credentials-share-bar-lo-phone", "learner-souksavanh", "@page:lao", "lo", (390, 1100)),
]
# issue 13: the certificate PDF of a credential, first page, drawn by pdftoppm (poppler-utils).
CERTIFICATES: list[tuple[str, str, str]] = [
    ("credentials-certificate-en", "valid", "en"),
    ("credentials-certificate-vi", "valid", "vi"),
    ("credentials-certificate-lo", "lao", "lo"),
]
DEMO_PASSWORD = "micro4asia-demo"  # noqa: S105 - load_demo's published local demo password

# States the demo does not reach by itself: a request for information still open (X05 proposed,
# not answered), and a decision credential revoked by hand and issued again (DEMO-E5).
SETUP = """
from pathlib import Path
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from microcred.recognition.case import load_case_doc
from microcred_web.credentials import services as cs
from microcred_web.credentials.models import InstitutionKey
from microcred_web.institutions.models import Institution
from microcred_web.recognition import services
from microcred_web.recognition.models import RecognitionCase
users = get_user_model().objects
neu = Institution.objects.get(slug="neu")
officer = users.get(username="neu-recognition")
if not RecognitionCase.objects.filter(reference="SHOT-X05").exists():
    path = Path(settings.BASE_DIR) / "examples" / "recognition" / "X05-missing-information.json"
    doc = load_case_doc(path).model_copy(update={"case_id": "SHOT-X05", "decision_date": timezone.localdate()})
    case = services.recognition_case_import(
        by=officer, host=neu, document=doc.model_dump(mode="json", by_alias=True),
        applicant=users.get(username="learner-tereza"),
    )
    services.recognition_case_propose(case=case, by=officer)
e5 = RecognitionCase.objects.get(reference="DEMO-E5")
by = users.get(username=e5.host.slug + "-recognition")
if not InstitutionKey.objects.filter(institution=e5.host, retired_at__isnull=True).exists():
    cs.institution_key_create(institution=e5.host)
if not e5.decision_credentials.filter(revoked_at__isnull=False).exists():
    if e5.current_decision_credential is None:  # the demo issues it when the host has a key
        e5 = services.recognition_decision_issue(case=e5, by=by)
    e5 = services.recognition_decision_credential_revoke(
        case=e5, by=by, reason="Issued before the level table was checked; issued again after the check."
    )
    services.recognition_decision_issue(case=e5, by=by)
for ref in ("SHOT-X05", "DEMO-X05", "DEMO-E5", "DEMO-E3"):
    print("CASE", ref, RecognitionCase.objects.get(reference=ref).uuid)
"""


# The demo credentials (demo_credentials) plus one issued from the studio and revoked, as the
# issuer would; each credential's uuid and a file of it (a changed copy for "tampered").
CREDENTIAL_SETUP = """
import json, os
from datetime import UTC, datetime
from pathlib import Path
from django.contrib.auth import get_user_model
from microcred.model.award import AssessmentResult, Learner
from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.credentials import services as cs
from microcred_web.credentials.models import IssuedCredential
users = get_user_model().objects
admin = users.get(username="neu-admin")
linh = IssuedCredential.objects.filter(learner__username="learner-linh").order_by("pk").first()
lao = IssuedCredential.objects.filter(learner__username="learner-souksavanh").order_by("pk").first()
revoked = IssuedCredential.objects.filter(revoked_at__isnull=False, institution=linh.institution).first()
if revoked is None:
    version = (MicroCredentialVersion.objects.filter(status=Status.PUBLISHED, micro_credential__institution=linh.institution)
               .exclude(pk=linh.version_id).order_by("title_en").first())
    revoked = cs.credential_issue(version=version, learner=Learner(display_name="Nguyễn Thùy Linh", email="linh.nguyen@example.org"),
        result=AssessmentResult(grade="8.5", grading_scheme="NEU 10-point scale", awarded_on=datetime(2026, 7, 15, 10, tzinfo=UTC)), by=admin)
    cs.credential_revoke(credential=revoked, reason="Issued for the wrong intake; issued again after the correction.", by=admin)
folder = Path(os.environ["MICROCRED_VAR_DIR"])
text = json.dumps(linh.document, ensure_ascii=False, indent=2)
files = {"valid": text, "tampered": text.replace(linh.learner_name, linh.learner_name[:-1] + "x", 1),
         "revoked": json.dumps(revoked.document, ensure_ascii=False, indent=2)}
# A forger's copy (issue 8): the learner changed, then re-signed with a did:key of its own while
# still naming the institution as issuer.
from microcred.crypto.keys import Ed25519KeyPair
from microcred.crypto.proofs import ProofOptions, add_proof
from microcred.crypto.signer import KeyPairSigner
pair = Ed25519KeyPair.from_seed(os.urandom(32))
unsigned = {k: v for k, v in json.loads(files["tampered"]).items() if k != "proof"}
forged = add_proof(unsigned, KeyPairSigner(pair, pair.public_key.did_key_verification_method),
                   cryptosuite="eddsa-rdfc-2022", options=ProofOptions())
files["forged"] = json.dumps(forged, ensure_ascii=False, indent=2)
for name, body in files.items():
    (folder / f"credential-{name}.json").write_text(body, "utf-8")
for name, issued in (("valid", linh), ("lao", lao), ("revoked", revoked)):
    print("CRED", name, issued.uuid)
"""


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


def _signed_in_copy(base: str, username: str, path: str, lang: str, folder: Path) -> Path:
    """The page as ``username`` sees it, saved with a <base> to the server (styles, images)."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Accept-Language", lang)]
    login = f"{base}/accounts/login/"
    html = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        raise SystemExit("the login page has no CSRF token")
    form = urllib.parse.urlencode(
        {"login": username, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    opener.open(urllib.request.Request(login, data=form, headers={"Referer": login}))  # noqa: S310 - localhost
    page = opener.open(base + path).read().decode()
    page = page.replace("<head>", f'<head><base href="{base}/">', 1)
    target = folder / f"{username}-{abs(hash(path))}.html"
    target.write_text(page, "utf-8")
    return target


def _verified_copy(
    base: str, credential: Path, lang: str, folder: Path, presenter: dict[str, str] | None = None
) -> Path:
    """The verifier's answer to ``credential`` as an anonymous visitor sees it (a local copy);
    ``presenter`` adds the presenter's e-mail and proof code to the form."""
    import http.cookiejar
    import re

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Accept-Language", lang)]
    url = f"{base}/verify/"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', opener.open(url).read().decode())
    if token is None:
        raise SystemExit("the verifier has no CSRF token")
    form = urllib.parse.urlencode(
        {
            "credential": credential.read_text("utf-8"),
            "csrfmiddlewaretoken": token.group(1),
            **(presenter or {}),
        }
    ).encode()
    posted = urllib.request.Request(url, data=form, headers={"Referer": url})  # noqa: S310 - localhost
    page = opener.open(posted).read().decode()
    page = page.replace("<head>", f'<head><base href="{base}/">', 1)
    target = folder / f"verified-{credential.stem}{'-presenter' if presenter else ''}-{lang}.html"
    target.write_text(page, "utf-8")
    return target


def _anonymous_copy(base: str, path: str, lang: str, folder: Path) -> Path:
    request = urllib.request.Request(base + path, headers={"Accept-Language": lang})  # noqa: S310
    page = urllib.request.urlopen(request).read().decode()  # noqa: S310 - localhost
    page = page.replace("<head>", f'<head><base href="{base}/">', 1)
    target = folder / f"anonymous-{abs(hash(path))}.html"
    target.write_text(page, "utf-8")
    return target


def _credential_uuids(env: dict[str, str], manage: list[str]) -> dict[str, str]:
    out = subprocess.run(
        [*manage, "shell", "-c", CREDENTIAL_SETUP], env=env, check=True, capture_output=True, text=True
    ).stdout
    return {
        name: uuid
        for _cred, name, uuid in (line.split() for line in out.splitlines() if line.startswith("CRED "))
    }


def _case_paths(env: dict[str, str], manage: list[str]) -> dict[str, str]:
    out = subprocess.run(
        [*manage, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True
    ).stdout
    return {
        ref: uuid
        for _case, ref, uuid in (line.split() for line in out.splitlines() if line.startswith("CASE "))
    }


def _certificate(base: str, uuid: str, lang: str, folder: Path, target: Path) -> None:
    """The certificate PDF's first page as a PNG (pdftoppm at 110 dpi)."""
    pdf = folder / f"certificate-{lang}.pdf"
    with urllib.request.urlopen(f"{base}/credentials/{uuid}/certificate.pdf?lang={lang}") as response:  # noqa: S310 - localhost
        pdf.write_bytes(response.read())
    pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "110",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(target.with_suffix("")),
        ],
        check=True,
    )


def _optimise(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as img:
        small = img.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _wanted(name: str) -> bool:
    """``--only PREFIX``: take only the shots whose file name starts with PREFIX."""
    if "--only" not in sys.argv:
        return True
    at = sys.argv.index("--only")
    return at + 1 < len(sys.argv) and name.startswith(sys.argv[at + 1])


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as var:
        env = {
            **os.environ,
            "MICROCRED_VAR_DIR": var,
            "DJANGO_SETTINGS_MODULE": "microcred_web.config.settings.dev",
            "MICROCRED_KEY_DIR": str(Path(var) / "keys"),
            "MICROCRED_KEY_PASSPHRASE": "screenshots-only-throw-away",
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
        # As `make demo`: institution keys and the demo credentials before the recognition demo.
        subprocess.run([*manage, "demo_credentials"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*manage, "demo_pilot"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*manage, "demo_recognition"], env=env, check=True, stdout=subprocess.DEVNULL)
        credentials_only = "--credentials-only" in sys.argv
        cases = {} if credentials_only else _case_paths(env, manage)
        credentials = _credential_uuids(env, manage)
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
            only = "--signed-in-only" in sys.argv or credentials_only
            for name, where, lang, size in [] if only else SHOTS:
                if not _wanted(name):
                    continue
                path = _first_entry(base, where[1:]) if where.startswith("@") else where
                target = OUT / f"{name}.png"
                _shoot(base + path, lang, size, target)
                _optimise(target)
                print(f"{target.relative_to(ROOT)}  {lang}  {size[0]}x{size[1]}  {base}{path}")
            for name, username, where, lang, size in [] if credentials_only else SIGNED_IN:
                if not _wanted(name):
                    continue
                if where.startswith("@"):
                    ref, _, page = where[1:].partition(":")
                    kind = "my" if page == "my" else "cases"
                    where = f"/recognition/{kind}/{cases[ref]}/"
                copy = _signed_in_copy(base, username, where, lang, Path(var))
                target = OUT / f"{name}.png"
                _shoot(copy.as_uri(), lang, size, target)
                _optimise(target)
                print(f"{target.relative_to(ROOT)}  {lang}  {size[0]}x{size[1]}  {username} {base}{where}")
            for name, which, lang in [] if "--signed-in-only" in sys.argv else CERTIFICATES:
                if not _wanted(name):
                    continue
                target = OUT / f"{name}.png"
                _certificate(base, credentials[which], lang, Path(var), target)
                _optimise(target)
                print(f"{target.relative_to(ROOT)}  {lang}  certificate.pdf page 1")
            for name, username, where, lang, size in [] if "--signed-in-only" in sys.argv else CREDENTIALS:
                if not _wanted(name):
                    continue
                kind, _, which = where[1:].partition(":") if where.startswith("@") else ("path", "", "")
                if kind == "verify":
                    which, _, extra = which.partition("+")
                    # "+presenter": someone who is not the learner gives an e-mail and a proof code
                    presenter = (
                        {"holder_email": "impostor@example.org", "holder_code": "0" * 32} if extra else None
                    )
                    copy = _verified_copy(
                        base, Path(var) / f"credential-{which}.json", lang, Path(var), presenter
                    )
                else:
                    path = f"/credentials/{credentials[which]}/" if kind == "page" else where
                    copy = (
                        _signed_in_copy(base, username, path, lang, Path(var))
                        if username
                        else _anonymous_copy(base, path, lang, Path(var))
                    )
                target = OUT / f"{name}.png"
                _shoot(copy.as_uri(), lang, size, target)
                _optimise(target)
                print(f"{target.relative_to(ROOT)}  {lang}  {size[0]}x{size[1]}  {username or '-'} {where}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
