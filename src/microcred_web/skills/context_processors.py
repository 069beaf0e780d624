"""The base navigation's link to ``/employers/`` (ADR 1461): shown to a member of an employer
organisation, and to a consortium administrator (who may open the page for every organisation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from microcred_web.accounts.permissions import employers_of


def employer_navigation(request: HttpRequest) -> dict[str, Any]:
    """``show_employers_link``: a callable, so a page that never renders the header runs no query."""

    def show() -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return bool(user.is_superuser or employers_of(user))

    return {"show_employers_link": show}
