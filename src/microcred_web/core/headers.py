"""Security headers on every response (issue 9 item 2, ADR 0320): a Content-Security-Policy with a
fresh nonce and no ``'unsafe-inline'``, and a Permissions-Policy that denies the powerful browser
features no page of the platform uses.

Both middlewares sit just inside ``SecurityMiddleware`` and outside everything else, so static
files (WhiteNoise), JSON, downloads, redirects and the error pages Django renders for a 403, 404
or 500 all carry the headers. ``X-Frame-Options``, ``X-Content-Type-Options`` and
``Referrer-Policy`` stay with Django's own middleware and settings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

#: Browser features and who may use them (Permissions Policy, W3C WD §5 "Policy directives"):
#: an empty allowlist ``()`` denies the feature to the page and to every frame in it. No page
#: uses any of them: the credential page shows a QR code but nothing reads one with the camera,
#: and the verifier takes a pasted or uploaded file. WebAuthn (``publickey-credentials-*``) is
#: left to the browser's default (same origin) for a security key as second factor.
DEFAULT_PERMISSIONS_POLICY: Mapping[str, Sequence[str]] = {
    "accelerometer": (),
    "autoplay": (),
    "camera": (),
    "display-capture": (),
    "encrypted-media": (),
    "fullscreen": (),
    "geolocation": (),
    "gyroscope": (),
    "hid": (),
    "magnetometer": (),
    "microphone": (),
    "midi": (),
    "payment": (),
    "picture-in-picture": (),
    "screen-wake-lock": (),
    "serial": (),
    "usb": (),
    "xr-spatial-tracking": (),
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (policy in ``settings.CONTENT_SECURITY_POLICY``), with the nonce
    minted for every request rather than on first use.

    django-csp adds ``'nonce-…'`` to the header only when something read ``request.csp_nonce``;
    minting it up front makes every response name one, so a template, an error page or a
    library's page rendered late can use ``{{ request.csp_nonce }}`` without ever meeting a
    header that was written without it (CSP Level 3 §6.7.2.2 "nonce-source")."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        str(request.csp_nonce)  # type: ignore[attr-defined]  # evaluate the lazy nonce now


def permissions_policy_header(policy: Mapping[str, Sequence[str]]) -> str:
    """``camera=(), payment=(self)`` from ``{"camera": (), "payment": ("self",)}`` (structured
    field dictionary of inner lists, RFC 8941 §3.2; ``self`` as a token, origins as strings)."""

    def member(origin: str) -> str:
        return origin if origin in ("self", "*") else f'"{origin}"'

    return ", ".join(
        f"{feature}=({' '.join(member(o) for o in allow)})" for feature, allow in sorted(policy.items())
    )


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (``settings.MICROCRED_PERMISSIONS_POLICY``, features merged
    over :data:`DEFAULT_PERMISSIONS_POLICY`) to every response that has none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            policy = {**DEFAULT_PERMISSIONS_POLICY, **getattr(settings, "MICROCRED_PERMISSIONS_POLICY", {})}
            response["Permissions-Policy"] = permissions_policy_header(policy)
        return response
