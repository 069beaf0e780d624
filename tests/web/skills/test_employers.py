"""Employers (issue 14 item 3; ADR 1430-1433): organisation accounts invited by a consortium
administrator, demand profiles edited by their members, co-design of shared drafts, and signed
endorsements that verify like any credential yet never make an employer an issuer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from microcred.cli import main as cli
from microcred.crypto.key_provider import InMemoryKeyProvider
from microcred.trust.signed import demo_anchor
from microcred.verification import inspect
from microcred_web.accounts import invitations
from microcred_web.catalogue.models import MicroCredentialVersion, Status, VersionEdit
from microcred_web.credentials.identity import use_key_provider
from microcred_web.credentials.trust import local_status_list, served_registry, trust_registry
from microcred_web.institutions.models import Institution
from microcred_web.skills import codesign, endorsements
from microcred_web.skills.models import CoDesignNote, DemandProfile, Employer, EmployerMember
from tests.web.pilot.conftest import client_of, publish

pytestmark = pytest.mark.db
BASE = "https://micro4asia.example.org"


@pytest.fixture(autouse=True)
def _keys(settings: Any) -> Iterator[None]:
    settings.PUBLIC_BASE_URL = BASE
    settings.MICROCRED_TRUST_REGISTRY_DEMO_SIGN = True
    use_key_provider(InMemoryKeyProvider())
    yield
    use_key_provider(None)


@pytest.fixture
def draft(neu: Institution, designer: Any) -> MicroCredentialVersion:
    version = publish(neu, "nuol-sme-financial-accounting.json", status=Status.DRAFT)
    version.created_by = designer
    version.save(update_fields=["created_by"])
    return version


@pytest.fixture
def published(neu: Institution) -> MicroCredentialVersion:
    return publish(neu, "neu-python-for-finance.json")


# --- organisation accounts ------------------------------------------------------------------------


def test_a_consortium_administrator_invites_an_employer_member_who_then_edits_the_demand(
    employer: Employer,
) -> None:
    admin = get_user_model().objects.create_superuser("consortium", "consortium@example.org", "pw")
    profile = DemandProfile.objects.create(
        employer=employer,
        job_role="Data analyst",
        headcount=3,
        country="VN",
        horizon_from=date(2027, 1, 1),
        horizon_to=date(2027, 12, 31),
    )
    sent = invitations.employer_invitation_create(employer=employer, email="hr@mekong.example", by=admin)
    assert "Mekong Fintech JSC" in mail.outbox[-1].body
    token = sent.url.rstrip("/").rsplit("/", 1)[-1]
    user = invitations.invitation_accept_new_account(
        token=token, username="mekong-hr", password="a-long-Pass-phrase-9"
    )
    assert EmployerMember.objects.filter(employer=employer, user=user).exists()
    url = reverse("employers:demand_edit", kwargs={"slug": employer.slug, "pk": profile.pk})
    form = {"job_role": "Data analyst", "headcount": "15", "region": "Hanoi", "horizon_from": "2027-01-01"}
    refused = client_of(user).post(url, {**form, "horizon_to": "2026-01-01"})
    assert refused.status_code == 200 and "not before the first" in refused.content.decode()
    assert client_of(user).post(url, {**form, "horizon_to": "2028-01-01"}).status_code == 302
    profile.refresh_from_db()
    assert (profile.headcount, profile.region) == (15, "Hanoi")


def test_only_a_consortium_administrator_invites_employers_and_outsiders_cannot_edit(
    employer: Employer, designer: Any
) -> None:
    with pytest.raises(PermissionDenied):
        invitations.employer_invitation_create(employer=employer, email="x@example.org", by=designer)
    profile = DemandProfile.objects.create(
        employer=employer,
        job_role="r",
        headcount=1,
        country="VN",
        horizon_from=date(2027, 1, 1),
        horizon_to=date(2027, 2, 1),
    )
    url = reverse("employers:demand_edit", kwargs={"slug": employer.slug, "pk": profile.pk})
    assert client_of(designer).get(url).status_code == 403


# --- co-design ------------------------------------------------------------------------------------


def test_an_accepted_proposal_is_the_designers_edit_and_records_the_co_designer(
    employer: Employer, member: Any, designer: Any, draft: MicroCredentialVersion
) -> None:
    codesign.share_create(version=draft, employer=employer, by=designer)
    url = reverse("employers:codesign", kwargs={"slug": employer.slug, "uuid": draft.uuid})
    response = client_of(member).post(
        url,
        {
            "kind": "proposal",
            "field_path": "title.en",
            "body": "Name the skill.",
            "proposed": "Ledgers for SMEs",
        },
    )
    assert response.status_code == 302
    note = CoDesignNote.objects.get()
    assert note.kind == "proposal" and note.author == member
    codesign.note_decide(note=note, by=designer, accept=True)
    draft.refresh_from_db()
    assert draft.spec["title"]["en"] == "Ledgers for SMEs"
    assert {"name": "Mekong Fintech JSC", "country": "VN"}.items() <= draft.spec["employer_co_designers"][
        -1
    ].items()
    assert VersionEdit.objects.filter(version=draft, editor=designer).exists()
    with pytest.raises(codesign.CoDesignError, match="not open"):
        codesign.note_decide(note=note, by=designer, accept=False)


def test_a_comment_on_a_draft_not_shared_with_the_employer_is_refused(
    employer: Employer, member: Any, draft: MicroCredentialVersion
) -> None:
    url = reverse("employers:codesign", kwargs={"slug": employer.slug, "uuid": draft.uuid})
    assert client_of(member).post(url, {"kind": "comment", "body": "Hello"}).status_code == 403
    with pytest.raises(PermissionDenied):
        codesign.note_create(version=draft, employer=employer, by=member, body="Hello")
    assert not CoDesignNote.objects.exists()


def test_an_oversized_or_empty_comment_and_a_proposal_for_an_unknown_text_are_refused(
    employer: Employer, member: Any, designer: Any, draft: MicroCredentialVersion
) -> None:
    codesign.share_create(version=draft, employer=employer, by=designer)
    for kwargs, code in (
        ({"body": "x" * (codesign.MAX_NOTE_CHARS + 1)}, "too_long"),
        ({"body": "   "}, "empty"),
        ({"body": "b", "proposed": "p", "field_path": "awarding_bodies[0].name.en"}, "field_path"),
        ({"body": "b", "proposed": "p", "field_path": "learning_outcomes[99].text.en"}, None),
    ):
        if code is None:
            note = codesign.note_create(version=draft, employer=employer, by=member, **kwargs)
            with pytest.raises(codesign.CoDesignError) as caught:
                codesign.note_decide(note=note, by=designer, accept=True)
            assert caught.value.code == "field_path"
            continue
        with pytest.raises(codesign.CoDesignError) as caught:
            codesign.note_create(version=draft, employer=employer, by=member, **kwargs)
        assert caught.value.code == code
    draft.refresh_from_db()
    assert "employer_co_designers" not in draft.spec or not any(
        e["name"] == employer.name for e in draft.spec["employer_co_designers"]
    )


# --- endorsements ---------------------------------------------------------------------------------


def test_an_endorsement_verifies_is_listed_in_the_register_and_can_be_revoked(
    employer: Employer, member: Any, published: MicroCredentialVersion, tmp_path: Path
) -> None:
    endorsement = endorsements.endorsement_create(
        employer=employer, version=published, by=member, comment="We hire from it."
    )
    document = endorsement.document
    assert document["issuer"]["id"] == f"did:web:micro4asia.example.org:organisations:{employer.slug}"
    report = inspect(document, trust=trust_registry(), status=local_status_list)
    assert report.verdict == "valid" and report.check("trust").code == "trust.endorser"
    # the DID document is served where did:web says, the registry lists the employer apart
    did = client_of(member).get(f"/organisations/{employer.slug}/did.json").json()
    assert did["id"] == document["issuer"]["id"]
    served, _anchor = served_registry()  # type: ignore[misc]
    content = served["credentialSubject"]
    assert [e["slug"] for e in content["endorsers"]] == [employer.slug]
    assert employer.slug not in [i["slug"] for i in content["institutions"]]
    page = client_of(member).get(reverse("register:detail", args=[published.uuid])).content.decode()
    assert (
        "Mekong Fintech JSC" in page
        and reverse("employers:endorsement_json", args=[endorsement.uuid]) in page
    )
    # microcred verify ENDORSEMENT.json --trust registry.json (offline, the list given as a file)
    (tmp_path / "e.json").write_text(json.dumps(document))
    (tmp_path / "registry.json").write_text(json.dumps(served))
    listing = json.loads(client_of(member).get(document["credentialStatus"]["statusListCredential"]).content)
    (tmp_path / "list.json").write_text(json.dumps(listing))
    args = [
        str(tmp_path / "e.json"),
        "--trust",
        str(tmp_path / "registry.json"),
        "--trust-anchor",
        demo_anchor().did,
    ]
    assert cli(["verify", *args, "--status-list", str(tmp_path / "list.json"), "--require-trusted"]) == 0
    endorsements.endorsement_revoke(endorsement=endorsement, by=member)
    assert (
        inspect(document, trust=trust_registry(), status=local_status_list).check("status").code
        == "status.revoked"
    )
    assert (
        "Mekong Fintech JSC"
        not in client_of(member).get(reverse("register:detail", args=[published.uuid])).content.decode()
    )


def test_a_second_endorsement_an_outsiders_and_a_consortium_admins_are_refused(
    employer: Employer,
    member: Any,
    designer: Any,
    published: MicroCredentialVersion,
    draft: MicroCredentialVersion,
) -> None:
    endorsements.endorsement_create(employer=employer, version=published, by=member)
    with pytest.raises(endorsements.EndorsementError) as caught:
        endorsements.endorsement_create(employer=employer, version=published, by=member)
    assert caught.value.code == "duplicate"
    admin = get_user_model().objects.create_superuser("consortium", "c@example.org", "pw")
    for outsider in (designer, admin):
        with pytest.raises(PermissionDenied):
            endorsements.endorsement_create(employer=employer, version=published, by=outsider)
    with pytest.raises(endorsements.EndorsementError) as caught:
        endorsements.endorsement_create(employer=employer, version=draft, by=member)
    assert caught.value.code == "not_published"
    with pytest.raises(endorsements.EndorsementError) as caught:
        endorsements.endorsement_create(employer=employer, version=published, by=member, comment="x" * 2001)
    assert caught.value.code == "too_long"


def test_a_forged_endorsement_and_a_credential_issued_with_the_employer_key_are_invalid(
    employer: Employer, member: Any, published: MicroCredentialVersion
) -> None:
    from microcred.issuance import issue_credential

    document = endorsements.endorsement_create(employer=employer, version=published, by=member).document
    forged = json.loads(json.dumps(document))
    forged["credentialSubject"]["id"] = f"{BASE}/register/another#achievement"
    assert inspect(forged, trust=trust_registry(), status=local_status_list).verdict == "invalid"
    award = {k: v for k, v in document.items() if k not in ("proof", "credentialStatus")}
    award["type"] = ["VerifiableCredential", "OpenBadgeCredential"]
    award["credentialSubject"] = {"id": "did:example:learner", "type": ["AchievementSubject"]}
    signed = issue_credential(award, signer=endorsements._signer(employer), validate=False)
    report = inspect(signed, trust=trust_registry())
    assert not report.valid and report.check("key").code == "key.endorser_only"
    # the platform's verify page says so in words, and vouches for the real endorsement
    from django.utils import translation

    from microcred_web.credentials.verifying import inspect_credential

    with translation.override("en"):  # the words are checked in English, whatever ran before
        page = inspect_credential(signed)
        assert page.verdict == "invalid" and "does not issue them" in page.check("key").summary  # type: ignore[union-attr]
        real = inspect_credential(document)
        assert real.verdict == "valid" and "listed as an endorser" in real.check("trust").summary  # type: ignore[union-attr]


def test_the_demo_gives_each_employer_a_member_co_design_notes_and_an_endorsement_once(
    published: MicroCredentialVersion, draft: MicroCredentialVersion
) -> None:
    import io

    from django.core.management import call_command

    from microcred_web.skills.models import Endorsement

    for _ in range(2):  # idempotent
        call_command("demo_employers", stdout=io.StringIO())
    vietnamese = Employer.objects.filter(country="VN")
    assert EmployerMember.objects.count() == Employer.objects.count()
    assert Endorsement.objects.filter(version=published).count() == vietnamese.count() == 2
    assert CoDesignNote.objects.filter(version=draft).count() == 2 * vietnamese.count()
    for endorsement in Endorsement.objects.all():
        assert inspect(endorsement.document, trust=trust_registry(), status=local_status_list).valid


# every English string of the employers' own pages, which must not show in vi or lo
ENGLISH = (
    "Your organisation",
    "Demand profiles",
    "Drafts shared with you for co-design",
    "Sign the endorsement",
    "Comment or propose a change",
    "A proposed change of one text",
    "Co-design with employers",
    "Share this draft with an employer",
    "Endorsed by employers",
)


@pytest.mark.parametrize("lang", ["vi", "lo"])
def test_the_employers_pages_speak_vietnamese_and_lao(
    lang: str, employer: Employer, member: Any, designer: Any, draft: MicroCredentialVersion, published: Any
) -> None:
    codesign.share_create(version=draft, employer=employer, by=designer)
    endorsements.endorsement_create(employer=employer, version=published, by=member)
    pages = [
        (member, reverse("employers:home")),
        (member, reverse("employers:codesign", kwargs={"slug": employer.slug, "uuid": draft.uuid})),
        (designer, reverse("employers:studio_codesign", kwargs={"uuid": draft.uuid})),
        (member, reverse("register:detail", args=[published.uuid])),
    ]
    for user, url in pages:
        response = client_of(user).get(url, HTTP_ACCEPT_LANGUAGE=lang)
        html = response.content.decode()
        assert response.status_code == 200 and f'<html lang="{lang}"' in html, url
        assert not [s for s in ENGLISH if s in html], url


def test_endorsing_through_the_page_and_malformed_or_foreign_posts_never_fail(
    employer: Employer,
    member: Any,
    designer: Any,
    published: MicroCredentialVersion,
    draft: MicroCredentialVersion,
) -> None:
    url = reverse("employers:endorse", kwargs={"slug": employer.slug})
    client = client_of(member)
    assert client.post(url, {"version": "not-a-uuid"}).status_code == 404
    assert client.post(url, {"version": str(published.uuid), "comment": "Good."}).status_code == 302
    again = client.post(url, {"version": str(published.uuid)}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "already endorses this version" in again.content.decode()
    assert client_of(designer).post(url, {"version": str(published.uuid)}).status_code == 403
    assert client_of(designer).get(reverse("employers:home")).status_code == 403
    studio = reverse("employers:studio_codesign", kwargs={"uuid": draft.uuid})
    assert client_of(designer).post(studio, {"note": "x; drop"}).status_code == 404
    assert client_of(member).get(studio).status_code == 403
