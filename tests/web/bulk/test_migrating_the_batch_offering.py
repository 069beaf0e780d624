"""Migration bulk 0002–0003 (ADR 1120): ``Batch.offering_pk``, a number, becomes a foreign key to
the pilot's offering. Every batch is kept; a key that names an offering becomes the link, a key
naming an offering deleted since is printed and left empty, a studio batch stays without one.
Run on SQLite and on PostgreSQL (``-m db``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from microcred_web.bulk.models import Batch
from microcred_web.pilot.models import Offering
from tests.web.migrating import latest_schema_afterwards  # noqa: F401 - the autouse fixture
from tests.web.migrating import migrate as _migrate

BEFORE = [("bulk", "0001_batches_and_items"), ("pilot", "0001_offerings_enrolments_and_imports")]
AFTER = [("bulk", "0003_remove_batch_offering_pk")]


def _batches_before_the_migration() -> dict[str, Any]:
    """At bulk 0001: a batch from an offering, one whose offering's key names nothing (deleted
    since), and a studio batch without an offering."""
    old = _migrate(BEFORE).loader.project_state(BEFORE).apps
    neu = old.get_model("institutions", "Institution").objects.create(
        slug="neu", name={"en": "National Economics University"}, short_name="NEU", country="VN",
        credit_system="VN-TC", national_framework="VQF",
    )  # fmt: skip
    mc = old.get_model("catalogue", "MicroCredential").objects.create(institution=neu, code="NEU-ACC-IFRS")
    version = old.get_model("catalogue", "MicroCredentialVersion").objects.create(
        micro_credential=mc, version=1, status="published", spec={}, title_en="IFRS"
    )
    offering = old.get_model("pilot", "Offering").objects.create(
        version=version, term="2026 autumn", starts_on=date(2026, 10, 5), ends_on=date(2026, 11, 30),
        mode="blended", language="vi", capacity=40,
    )  # fmt: skip
    batches = old.get_model("bulk", "Batch").objects

    def batch(offering_pk: int | None) -> Any:
        return batches.create(institution=neu, version=version, offering_pk=offering_pk, total=1)

    return {
        "offering": offering.pk,
        "linked": batch(offering.pk).uuid,
        "dangling": batch(offering.pk + 1000).uuid,
        "studio": batch(None).uuid,
    }


@pytest.mark.django_db(transaction=True)
def test_every_batch_is_kept_and_an_offering_key_becomes_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    before = _batches_before_the_migration()
    capsys.readouterr()

    _migrate(AFTER)

    printed = capsys.readouterr().out
    assert Batch.objects.count() == 3
    linked, dangling, studio = (Batch.objects.get(uuid=before[n]) for n in ("linked", "dangling", "studio"))
    assert linked.offering_id == before["offering"]
    assert dangling.offering_id is None and studio.offering_id is None
    assert str(before["dangling"]) in printed and str(before["offering"] + 1000) in printed
    assert str(before["linked"]) not in printed and str(before["studio"]) not in printed
    # Now a real foreign key: the database refuses an offering that does not exist...
    with pytest.raises(IntegrityError), transaction.atomic():
        Batch.objects.filter(pk=studio.pk).update(offering_id=before["offering"] + 2000)
    # ...and an offering with a batch is not deleted under it (PROTECT).
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Offering.objects.get(pk=before["offering"]).delete()


@pytest.mark.django_db(transaction=True)
def test_migrating_back_puts_the_key_in_the_number_again() -> None:
    before = _batches_before_the_migration()
    _migrate(AFTER)

    old = _migrate(BEFORE).loader.project_state(BEFORE).apps

    rows = dict(old.get_model("bulk", "Batch").objects.values_list("uuid", "offering_pk"))
    assert rows[before["linked"]] == before["offering"]
    assert rows[before["studio"]] is None
