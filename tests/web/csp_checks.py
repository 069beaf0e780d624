"""What a response must carry under the platform's CSP (ADR 0320), shared by the header tests:
the header itself, and HTML with nothing inline that the policy would block."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

#: Script types a browser runs (HTML §4.12.1.1); any other type is a data block, never executed
#: and outside script-src (the register's schema.org JSON-LD).
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb")


# ------------------------------------------------------------------------------ the checks


def csp_directives(header: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def header_problems(response: Any) -> tuple[list[str], str | None]:
    """What is wrong with the response's CSP and Permissions-Policy, and the nonce it names."""
    problems: list[str] = []
    header = response.get("Content-Security-Policy")
    if not header:
        return ["no Content-Security-Policy"], None
    d = csp_directives(header)
    nonces = [s[len("'nonce-") : -1] for s in d.get("script-src", []) if s.startswith("'nonce-")]
    for directive in ("script-src", "style-src"):
        sources = d.get(directive, [])
        if "'unsafe-inline'" in sources or "'unsafe-eval'" in sources or "*" in sources:
            problems.append(f"{directive} allows {sources}")
        if nonces and f"'nonce-{nonces[0]}'" not in sources:
            problems.append(f"{directive} lacks the nonce")
    if len(nonces) != 1:
        problems.append(f"script-src names {len(nonces)} nonces")
    expected = {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    for directive, sources in expected.items():
        if d.get(directive) != sources:
            problems.append(f"{directive} is {d.get(directive)}")
    policy = response.get("Permissions-Policy", "")
    problems += [f"Permissions-Policy allows {f}" for f in DENIED_FEATURES if f"{f}=()" not in policy]
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append("no Referrer-Policy")
    if response.get("Content-Type", "").startswith("text/html") and response.get("X-Frame-Options") != "DENY":
        problems.append("an HTML page without X-Frame-Options: DENY")
    return problems, nonces[0] if nonces else None


def same_origin(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


class _Page(HTMLParser):
    def __init__(self, nonce: str | None) -> None:
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        here = f"<{tag}{''.join(f' {k}' for k in a)}>"
        if "style" in a:
            self.problems.append(f"style= on {here}")
        self.problems += [f"{k}= on {here}" for k in a if re.fullmatch(r"on[a-z]+", k)]
        if tag == "script":
            if a.get("src"):
                if not same_origin(a["src"]):
                    self.problems.append(f"script from {a['src']}")
            elif a.get("type", "").lower() in EXECUTABLE_SCRIPT_TYPES and a.get("nonce") != self.nonce:
                self.problems.append("inline <script> without the nonce")
        if tag == "style" and a.get("nonce") != self.nonce:
            self.problems.append("<style> without the nonce")
        if tag == "link" and "stylesheet" in a.get("rel", "") and not same_origin(a.get("href", "")):
            self.problems.append(f"stylesheet from {a.get('href')}")
        if tag in ("img", "iframe") and not (same_origin(a.get("src", "/")) or a["src"].startswith("data:")):
            self.problems.append(f"<{tag}> from {a.get('src')}")
        if tag == "a" and a.get("href", "").lower().startswith("javascript:"):
            self.problems.append("javascript: link")


def page_problems(html: str, nonce: str | None) -> list[str]:
    parser = _Page(nonce)
    parser.feed(html)
    return parser.problems


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)
