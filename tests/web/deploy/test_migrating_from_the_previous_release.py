"""An upgrade from the previous release (issue 12 item 3): a database migrated to the state the
previous release left (tests/assets/migrations/release-703990f.json), holding an institution, a
user, a key, a status list, a specification, issued and revoked credentials and a VC-API token,
migrates to this release with every row and value kept and the new columns filled as their
migrations say. Run on SQLite and on PostgreSQL (``-m db``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from microcred.standards.status_list import MIN_LIST_BITS
from microcred_web.accounts.models import Membership
from microcred_web.catalogue.models import MicroCredentialVersion
from microcred_web.credentials.models import ApiToken, InstitutionKey, IssuedCredential, StatusList
from microcred_web.institutions.models import Institution
from tests.conftest import ASSETS
from tests.web.migrating import latest as _latest
from tests.web.migrating import latest_schema_afterwards  # noqa: F401 - the autouse fixture
from tests.web.migrating import migrate as _migrate

RELEASE = json.loads((ASSETS / "migrations" / "release-703990f.json").read_text("utf-8"))
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
KEY = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"


def _previous_release() -> list[tuple[str, str | None]]:
    """Every app at the previous release's migration; our apps it did not have, at none. Libraries
    added since (allauth, the task queue's tables) stay as they are: their tables hold nothing of
    that release, and django-tasks-db's migrations cannot be undone."""
    leaves: dict[str, str] = RELEASE["leaf_nodes"]
    ours = {c.label for c in apps.get_app_configs() if c.name.startswith("microcred_web")}
    return [(app, leaves.get(app)) for app, _name in _latest() if app in leaves or app in ours]


def _data_of_the_previous_release() -> dict[str, Any]:
    targets = _previous_release()
    old = _migrate(targets).loader.project_state([t for t in targets if t[1] is not None]).apps
    assert {"bulk", "pilot"} <= {app for app, name in targets if name is None}
    assert not {"bulk", "pilot"} & {m._meta.app_label for m in old.get_models()}
    muni = old.get_model("institutions", "Institution").objects.create(
        slug="muni", name={"en": "Masaryk University", "vi": "Đại học Masaryk"}, short_name="MUNI",
        country="CZ", credit_system="ECTS", national_framework="CZ-NSK",
    )  # fmt: skip
    user = old.get_model("auth", "User").objects.create(username="lan", email="lan@example.edu.vn")
    old.get_model("accounts", "Membership").objects.create(
        user=user, institution=muni, role="institution_admin"
    )
    old.get_model("credentials", "InstitutionKey").objects.create(
        institution=muni, provider_key_id=f"did:web:h:institutions:muni#{KEY}", public_key_multibase=KEY
    )
    revocations = old.get_model("credentials", "StatusList").objects.create(
        institution=muni, purpose="revocation", list_id="revocation-1", length=MIN_LIST_BITS,
        bits=b"\x40" + bytes(MIN_LIST_BITS // 8 - 1), next_index=2,
    )  # fmt: skip
    mc = old.get_model("catalogue", "MicroCredential").objects.create(institution=muni, code="ECON-R")
    version = old.get_model("catalogue", "MicroCredentialVersion").objects.create(
        micro_credential=mc,
        version=1,
        status="published",
        spec={"code": "ECON-R"},
        title_en="Econometrics in R",
    )
    issued = old.get_model("credentials", "IssuedCredential")
    kept = issued.objects.create(
        credential_id="urn:uuid:0b7e1c52-3f4a-4d8e-9b61-2c5d7e8f9a01", institution=muni, version=version,
        suite="eddsa-rdfc-2022", document={"id": "urn:uuid:0b7e1c52-3f4a-4d8e-9b61-2c5d7e8f9a01"},
        learner_name="Nguyễn Thị Lan", revocation_list=revocations, revocation_index=0,
    )  # fmt: skip
    revoked = issued.objects.create(
        credential_id="urn:uuid:0b7e1c52-3f4a-4d8e-9b61-2c5d7e8f9a02", institution=muni, version=version,
        suite="eddsa-rdfc-2022", document={"id": "urn:uuid:0b7e1c52-3f4a-4d8e-9b61-2c5d7e8f9a02"},
        revocation_list=revocations, revocation_index=1, revoked_at=T0, revocation_reason="issued in error",
    )  # fmt: skip
    old.get_model("credentials", "ApiToken").objects.create(
        institution=muni, name="registry sync", token_hash="ab" * 32, prefix="mc_ab12"
    )
    return {"kept": kept.uuid, "revoked": revoked.uuid, "version": version.uuid}


@pytest.mark.django_db(transaction=True)
def test_a_database_of_the_previous_release_upgrades_with_its_data() -> None:
    uuids = _data_of_the_previous_release()

    _migrate(_latest())

    muni = Institution.objects.get(slug="muni")
    assert muni.name == {"en": "Masaryk University", "vi": "Đại học Masaryk"}
    user = get_user_model().objects.get(username="lan")
    assert Membership.objects.get(user=user).institution == muni
    key = InstitutionKey.objects.get(institution=muni)
    assert key.public_key_multibase == KEY and key.compromised_since is None  # added in 0004
    revocations = StatusList.objects.get(institution=muni)
    assert revocations.next_index == 2 and bytes(revocations.bits)[0] == 0x40
    version = MicroCredentialVersion.objects.get(uuid=uuids["version"])
    assert version.title_en == "Econometrics in R" and version.spec == {"code": "ECON-R"}
    kept = IssuedCredential.objects.get(uuid=uuids["kept"])
    revoked = IssuedCredential.objects.get(uuid=uuids["revoked"])
    assert (kept.learner_name, kept.revocation_index, kept.revoked_at) == ("Nguyễn Thị Lan", 0, None)
    assert (revoked.revocation_index, revoked.revoked_at, revoked.revocation_reason) == (
        1,
        T0,
        "issued in error",
    )
    token = ApiToken.objects.get(institution=muni)
    assert token.scopes == "issue status status_lists"  # 0005: tokens made before keep every scope
    assert token.expires_at > timezone.now()  # and expire later, not at once
