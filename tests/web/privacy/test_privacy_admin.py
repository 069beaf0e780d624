"""The privacy records in the administration site (ADR 1372): an institution administrator reads
the consents of their own institution's learners, nobody changes them there; erasure and download
records are the consortium's, read by its administrators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from microcred_web.accounts.models import Role
from microcred_web.institutions.models import Institution
from microcred_web.pilot import services
from microcred_web.pilot.models import Offering
from microcred_web.privacy.models import Consent, ErasureRecord, PersonalDataDownload
from tests.web.pilot.conftest import (  # noqa: F401 - fixtures
    PILOT,
    _keys_in_memory,
    client_of,
    make_user,
    neu,
    neu_offering,
    neu_registrar,
    neu_version,
    nuol,
    nuol_offering,
    nuol_registrar,
    nuol_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consents(
    neu_offering: Offering,  # noqa: F811 - the fixture
    nuol_offering: Offering,  # noqa: F811 - the fixture
    neu_registrar: Any,  # noqa: F811 - the fixture
    nuol_registrar: Any,  # noqa: F811 - the fixture
) -> None:
    """Pending consents at NEU (a results file) and at NUOL (the form)."""
    preview = services.results_preview(
        offering=neu_offering, by=neu_registrar, data=(PILOT / "results-neu.csv").read_bytes()
    )
    services.results_commit(result_import=preview.result_import, by=neu_registrar)
    services.enrolment_add(
        offering=nuol_offering,
        by=nuol_registrar,
        external_id="NUOL-1",
        given_names="ສົມພອນ",
        family_name="ແກ້ວມະນີ",
        email="s@nuol.edu.la",
    )


def test_an_institution_administrator_reads_their_learners_consents_only_and_changes_none(
    consents: None,
    neu: Institution,  # noqa: F811 - the fixture
) -> None:
    admin = client_of(make_user("neu-admin", neu, Role.INSTITUTION_ADMIN))
    page = admin.get("/admin/privacy/consent/")
    assert page.status_code == 200
    html = page.content.decode()
    mine = Consent.objects.filter(enrolment__offering__version__micro_credential__institution=neu)
    theirs = Consent.objects.exclude(pk__in=mine)
    assert mine.exists() and theirs.exists()
    assert all(f"/admin/privacy/consent/{c.pk}/" in html for c in mine)
    assert not any(f"/admin/privacy/consent/{c.pk}/" in html for c in theirs)
    one, other = mine.first(), theirs.first()
    assert one is not None and other is not None
    assert admin.get(f"/admin/privacy/consent/{one.pk}/change/").status_code == 200  # a read-only view
    assert admin.get(f"/admin/privacy/consent/{other.pk}/change/").status_code in (302, 403, 404)
    # read-only: no add, no change, no delete, whatever is posted
    assert admin.get("/admin/privacy/consent/add/").status_code == 403
    forged = admin.post(f"/admin/privacy/consent/{one.pk}/change/", {"state": "given"})
    assert forged.status_code == 403
    assert admin.post(f"/admin/privacy/consent/{one.pk}/delete/", {"post": "yes"}).status_code == 403
    one.refresh_from_db()
    assert one.state == "pending"
    # the consortium's logs are not theirs
    assert admin.get("/admin/privacy/erasurerecord/").status_code == 403
    assert admin.get("/admin/privacy/personaldatadownload/").status_code == 403


@pytest.mark.parametrize("role", [Role.REGISTRAR, Role.COURSE_DESIGNER, Role.QA_REVIEWER, Role.LEARNER])
def test_other_roles_read_no_privacy_record(consents: None, neu: Institution, role: Role) -> None:  # noqa: F811 - the fixture
    client = client_of(make_user(f"staff-{role.value}", neu, role))
    for path in (
        "/admin/privacy/consent/",
        "/admin/privacy/erasurerecord/",
        "/admin/privacy/personaldatadownload/",
    ):
        assert client.get(path).status_code in (302, 403), (role, path)


def test_a_consortium_administrator_reads_the_erasure_and_download_logs_and_cannot_change_them(
    consents: None,
) -> None:
    learner = make_user("lan")
    client_of(learner).get("/learner/my-data.json")
    download = PersonalDataDownload.objects.get()
    assert download.user == learner
    erasure = ErasureRecord.objects.create(counts={"account": 1})
    root = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-Passphrase-7")
    client = client_of(root)
    assert str(erasure.receipt) in client.get("/admin/privacy/erasurerecord/").content.decode()
    assert client.get("/admin/privacy/personaldatadownload/").status_code == 200
    assert client.get("/admin/privacy/erasurerecord/add/").status_code == 403
    assert (
        client.post(f"/admin/privacy/erasurerecord/{erasure.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert (
        client.post(f"/admin/privacy/personaldatadownload/{download.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert ErasureRecord.objects.count() == 1 and PersonalDataDownload.objects.count() == 1
    assert client.get("/admin/privacy/consent/").status_code == 200  # and every institution's consents
