"""The agreements' admin pages moved with their app (ADR 0858); the old addresses lead there."""

from __future__ import annotations

from typing import Any


def test_the_old_admin_address_of_the_agreements_leads_to_the_new_one(client: Any) -> None:
    response = client.get("/admin/recognition/agreement/?status=active")
    assert response.status_code == 301
    assert response["Location"] == "/admin/agreements/agreement/?status=active"
    assert client.get("/admin/recognition/agreementchange/7/change/")["Location"] == (
        "/admin/agreements/agreementchange/7/change/"
    )
