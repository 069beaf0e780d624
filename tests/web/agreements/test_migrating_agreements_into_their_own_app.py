"""Agreements move from the recognition app into their own (ADR 0858): a database holding
agreements, their parties and change log at the recognition app's last state before the move
migrates with every row kept in place, and their content type (so their permissions and admin
log entries) follows. Run on SQLite and on PostgreSQL (``-m db``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor

from tests.web.migrating import latest as _latest
from tests.web.migrating import latest_schema_afterwards  # noqa: F401 - the autouse fixture
from tests.web.migrating import migrate as _migrate

BEFORE: list[tuple[str, str | None]] = [
    ("recognition", "0009_case_event_hash_format"),
    ("agreements", None),
]


def _state_before(executor: MigrationExecutor) -> object:
    """The models as they were before the move (auth and content types as they are today)."""
    nodes = [BEFORE[0], *((app, name) for app, name in _latest() if app in ("auth", "contenttypes"))]
    return executor.loader.project_state(nodes).apps


@pytest.mark.django_db(transaction=True)
def test_agreements_their_parties_and_log_survive_the_move_with_their_permissions() -> None:
    old: Any = _state_before(_migrate(BEFORE))
    institution = old.get_model("institutions", "Institution")
    muni = institution.objects.create(
        slug="muni", name={"en": "Masaryk University"}, short_name="MUNI", country="CZ",
        credit_system="ECTS", national_framework="CZ-NSK",
    )  # fmt: skip
    ueh = institution.objects.create(
        slug="ueh", name={"en": "University of Economics HCMC"}, short_name="UEH", country="VN",
        credit_system="VN-TC", national_framework="VQF",
    )  # fmt: skip
    user = old.get_model("auth", "User").objects.create(username="officer")
    agreement = old.get_model("recognition", "Agreement").objects.create(
        agreement_id="MUNI-UEH", version=2, title="MUNI to UEH", type="bilateral", status="active",
        date_effective=date(2026, 9, 1), purposes_allowed=["ELECTIVE_CREDIT"],
        parameters={"round_rule": "HALF_DOWN"}, proposed_by=user, approved_by=user,
    )  # fmt: skip
    agreement.sending.add(muni)
    agreement.receiving.add(ueh)
    old.get_model("recognition", "AgreementChange").objects.create(
        agreement=agreement, action="approved", by=user, note="signed", diff=[{"field": "version"}]
    )
    # as a database of the previous release holds them (the test database made them already)
    content_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="recognition", model="agreement"
    )
    permission, _ = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="view_agreement", defaults={"name": "Can view agreement"}
    )

    _migrate(_latest())

    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    from microcred_web.agreements.models import Agreement, AgreementChange

    moved = Agreement.objects.get(agreement_id="MUNI-UEH", version=2)
    assert moved.pk == agreement.pk and moved.title == "MUNI to UEH" and moved.is_published
    assert moved.parameters == {"round_rule": "HALF_DOWN"} and moved.approved_by_id == user.pk
    assert [i.slug for i in moved.sending.all()] == ["muni"]
    assert [i.slug for i in moved.receiving.all()] == ["ueh"]
    change = AgreementChange.objects.get(agreement=moved)
    assert (change.action, change.note, change.diff) == ("approved", "signed", [{"field": "version"}])
    assert ContentType.objects.get_for_model(Agreement).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="recognition", model="agreement").exists()
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "agreements"
    # the tables are the ones the rows were written to: nothing was copied
    assert Agreement._meta.db_table == "recognition_agreement"
    assert Agreement.sending.through._meta.db_table == "recognition_agreement_sending"


@pytest.mark.django_db(transaction=True)
def test_the_move_can_be_undone_without_losing_a_row() -> None:
    from microcred_web.agreements.models import Agreement

    Agreement.objects.create(
        agreement_id="DRAFT-1", version=1, title="draft", type="bilateral", date_effective=date(2026, 1, 1)
    )
    old: Any = _state_before(_migrate(BEFORE))
    assert old.get_model("recognition", "Agreement").objects.filter(agreement_id="DRAFT-1").count() == 1
