"""Everything the studio asks of a designer links to the part of the editor that answers it: the
QA preview's unmet pre-checks, recognition's notes and the assessment matrix (issue 16 "Done
when"; found by the designer's journey in a browser, ADR 1631). Where the version cannot be
edited there is nothing to link to."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

from microcred_web.catalogue.models import Status
from microcred_web.institutions.models import Institution
from tests.web.accounts.factories import conformant_spec, editor_post_data, make_version

CHECK = reverse("catalogue:check") + "?institution=muni"


def _gaps() -> dict[str, Any]:
    spec = conformant_spec()
    for key in ("stackability", "supervision"):
        spec.pop(key, None)
    spec["learning_outcomes"][0]["assessed_by"] = ["written_examination"]  # the others: never
    return spec


def test_unmet_pre_checks_notes_and_unassessed_outcomes_link_to_their_fields(
    muni: Institution, staff: dict[str, Any]
) -> None:
    client = Client()
    client.force_login(staff["designer"])
    html = client.post(CHECK, editor_post_data(muni, _gaps())).content.decode()
    assert '<a href="#fs-stackability">O4 Integration and stackability</a>' in html  # QA preview
    assert '<a href="#fs-supervision">O2</a>' in html  # recognition will ask for supervision
    assert '<a href="#id_lo-1-assessed_by_0">LO2 is never assessed' in html  # matrix note
    assert '<th scope="row"><a href="#id_lo-1-assessed_by_0">LO2</a></th>' in html  # matrix row


def test_a_submitted_version_shows_the_same_guidance_without_dead_links(
    muni: Institution, staff: dict[str, Any]
) -> None:
    version = make_version(muni, spec=_gaps(), status=Status.SUBMITTED, by=staff["designer"])
    client = Client()
    client.force_login(staff["designer"])
    page = client.get(reverse("catalogue:version", kwargs={"uuid": version.uuid})).content.decode()
    assert "O4 Integration and stackability" in page and "LO2 is never assessed" in page
    assert 'href="#fs-' not in page and 'href="#id_lo-' not in page


def test_an_optional_element_the_qa_review_requires_is_not_left_at_optional(
    muni: Institution, staff: dict[str, Any]
) -> None:
    spec = _gaps()
    spec.pop("prerequisites", None)
    spec["workload"] = {**spec["workload"], "credits": "3", "credit_system": "VN-TC", "hours": "125"}
    client = Client()
    client.force_login(staff["designer"])
    client.cookies["django_language"] = "lo"
    with translation.override("en"):  # the request activates Lao; leave the thread as it was
        html = client.post(CHECK, editor_post_data(muni, spec), HTTP_ACCEPT_LANGUAGE="lo").content.decode()
    required = "ການທົບທວນການຮັບປະກັນຄຸນນະພາບຈະອະນຸມັດສະບັບນີ້ບໍ່ໄດ້"
    items = [li.split("</li>", 1)[0] for li in html.split('<li class="finding finding-info">')[1:]]
    notes = {element: next(li for li in items if f" {element} " in li) for element in ("O4", "O1")}
    present = next(li for li in items if "VN-TC" in li)  # a note on M7, which is there
    assert required in notes["O4"]  # a mandatory QA pre-check reads stackability
    assert required not in notes["O1"]  # prerequisites stay optional
    assert required not in present
