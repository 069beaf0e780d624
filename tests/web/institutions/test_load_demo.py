"""`manage.py load_demo` builds the demo consortium through the real workflow, and a second run
changes nothing."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from microcred_web.accounts.models import Membership, Role
from microcred_web.catalogue.models import MicroCredential, MicroCredentialVersion, Status, WorkflowEvent
from microcred_web.institutions.models import Institution
from tests.conftest import EXAMPLES

SPEC_FILES = sorted((EXAMPLES / "specs").glob("*.json"))


def _run(tmp_path: Path, states: dict[str, str] | None = None) -> str:
    """Run the command; with ``states=None`` it reads the repository's examples/demo-states.json."""
    options: dict[str, object] = {}
    if states is not None:
        options["states"] = tmp_path / "states.json"
        (tmp_path / "states.json").write_text(json.dumps(states), "utf-8")
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def two_states() -> dict[str, str]:
    codes = [json.loads(p.read_text("utf-8"))["code"] for p in SPEC_FILES[:2]]
    return {codes[0]: "draft", codes[1]: "in_review"}


@pytest.mark.django_db
def test_it_loads_the_ten_partners_and_an_account_for_every_role(tmp_path: Path) -> None:
    output = _run(tmp_path, {})
    assert Institution.objects.count() == 10
    for role in (
        Role.INSTITUTION_ADMIN,
        Role.COURSE_DESIGNER,
        Role.QA_REVIEWER,
        Role.REGISTRAR,
        Role.RECOGNITION_OFFICER,
    ):
        assert Membership.objects.filter(role=role).values("institution").distinct().count() == 10
    assert Membership.objects.filter(role=Role.LEARNER).count() >= 2
    assert Membership.objects.filter(role=Role.EMPLOYER).count() == 2
    assert get_user_model().objects.get(username="consortium-admin").is_superuser
    assert "micro4asia-demo" in output
    assert "local demo only" in output
    assert "neu-designer" in output
    assert "muni-registrar" in output  # issuing is the registrar's (ADR 0330)
    # the pilot (issue 11): one offering of NEU's IFRS micro-credential with its small cohort
    from microcred_web.pilot.models import Offering

    (offering,) = Offering.objects.all()
    assert offering.enrolments.count() == 5 and "Pilot: offering" in output


@pytest.mark.django_db
def test_it_takes_every_specification_through_the_workflow_by_the_right_roles(
    tmp_path: Path, two_states: dict[str, str]
) -> None:
    _run(tmp_path, two_states)
    assert MicroCredential.objects.count() == len(SPEC_FILES)
    draft_code, review_code = two_states
    assert MicroCredentialVersion.objects.get(micro_credential__code=draft_code).status == Status.DRAFT
    assert MicroCredentialVersion.objects.get(micro_credential__code=review_code).status == Status.IN_REVIEW
    published = MicroCredentialVersion.objects.filter(status=Status.PUBLISHED)
    assert published.count() == len(SPEC_FILES) - 2
    for version in published.select_related("micro_credential__institution"):
        slug = version.micro_credential.institution.slug
        steps = [(e.to_status, e.actor.username) for e in version.events.select_related("actor")]
        assert steps == [
            (Status.DRAFT, f"{slug}-designer"),
            (Status.SUBMITTED, f"{slug}-designer"),
            (Status.IN_REVIEW, f"{slug}-qa"),
            (Status.APPROVED, f"{slug}-qa"),
            (Status.PUBLISHED, f"{slug}-admin"),
        ]
        assert version.title_en and version.eqf_level and version.credits_ects and version.search_text
    # ADR 1460: the designers confirmed the reviewed ESCO skills of the demo outcomes (an edit of
    # the draft by the designer), so the register's skills and the OB 3.0 alignments carry them
    from microcred.model import parse_spec
    from microcred.standards.ob3.achievement import achievement_from_spec

    alignments = json.loads((EXAMPLES / "esco" / "demo-alignments.json").read_text("utf-8"))
    confirmed: dict[str, set[str]] = {}
    for row in alignments["alignments"]:
        confirmed.setdefault(row["specification"], set()).update(s["uri"] for s in row["skills"])
    assert len(confirmed) >= 40
    for version in published.filter(micro_credential__code__in=list(confirmed)):
        code = version.micro_credential.code
        assert confirmed[code] <= set(version.skills.split()), code
        assert {e.editor.username for e in version.edits.all()} == {
            f"{version.micro_credential.institution.slug}-designer"
        }
    version = published.get(micro_credential__code="NEU-ACC-IFRS")
    achievement = achievement_from_spec(parse_spec(version.spec), achievement_id="urn:uuid:x")
    assert {a["targetUrl"] for a in achievement["alignment"] if a["targetFramework"] == "ESCO"} == confirmed[
        "NEU-ACC-IFRS"
    ]


@pytest.mark.django_db
def test_it_follows_the_demo_states_file_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    _run(tmp_path)
    states = json.loads((EXAMPLES / "demo-states.json").read_text("utf-8"))
    loaded = set(MicroCredential.objects.values_list("code", flat=True))
    assert loaded & set(states)
    for code in loaded & set(states):
        versions = MicroCredentialVersion.objects.filter(micro_credential__code=code)
        assert [v.status for v in versions] == [states[code]], code
    unlisted = MicroCredentialVersion.objects.exclude(micro_credential__code__in=list(states))
    assert {v.status for v in unlisted} == {Status.PUBLISHED}
    before = (
        Institution.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        MicroCredentialVersion.objects.count(),
        WorkflowEvent.objects.count(),
    )
    output = _run(tmp_path)
    after = (
        Institution.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        MicroCredentialVersion.objects.count(),
        WorkflowEvent.objects.count(),
    )
    assert after == before
    assert f"0 loaded, {len(SPEC_FILES)} already present" in output
