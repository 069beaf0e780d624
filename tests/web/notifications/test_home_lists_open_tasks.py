"""Each role's home page lists its open tasks (issue 11 item 4): to review (QA reviewers), to issue
(registrars: offerings with learners ready, bulk issues not finished), to answer (course designers:
QA's changes; learners: a recognition case's questions), to decide (recognition officers). Nobody
sees another role's list, and the lists are in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from microcred.model import parse_spec
from microcred_web.accounts.models import Role
from microcred_web.catalogue import services as catalogue
from microcred_web.pilot.models import Offering
from tests.web.accounts.factories import conformant_spec
from tests.web.notifications.conftest import client_of, make_user

pytestmark = pytest.mark.django_db


def _home(user: Any, lang: str = "en") -> str:
    client = client_of(user)
    client.cookies["django_language"] = lang
    return client.get(reverse("accounts:home"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()


def _section(html: str, title: str) -> str:
    """The list under the heading ``title`` (empty when there is none)."""
    if f">{title} (" not in html:
        return ""
    return html.split(f">{title} (", 1)[1].split("</ul>", 1)[0]


def test_the_qa_reviewer_reviews_and_the_designer_then_answers_the_changes(neu: Any) -> None:
    designer = make_user("neu-designer", neu, Role.COURSE_DESIGNER)
    reviewer = make_user("neu-qa", neu, Role.QA_REVIEWER)
    version = catalogue.micro_credential_create(
        institution=neu, code="NEU-ECON-R", spec=parse_spec(conformant_spec()), by=designer
    )
    version = catalogue.version_submit(version=version, by=designer)
    link = reverse("catalogue:version", kwargs={"uuid": version.uuid})
    review = _section(_home(reviewer), "To review")
    assert link in review and "NEU-ECON-R version 1 (NEU) waits for QA review" in review
    assert not _section(_home(designer), "To review") and not _section(_home(designer), "To answer")

    catalogue.version_start_review(version=version, by=reviewer)
    catalogue.version_request_changes(version=version, by=reviewer, note="Say how it is assessed.")
    answer = _section(_home(designer), "To answer")
    assert link in answer and "QA asked for changes" in answer
    assert not _section(_home(reviewer), "To review")
    catalogue.version_submit(version=version, by=designer)
    assert not _section(_home(designer), "To answer")


def test_the_registrar_issues_the_ready_learners_and_follows_an_unfinished_bulk_issue(
    neu_results: Offering, neu_registrar: Any, neu: Any, django_capture_on_commit_callbacks: Any
) -> None:
    issue = _section(_home(neu_registrar), "To issue")
    assert reverse("pilot:offering", kwargs={"pk": neu_results.pk}) in issue
    assert "learners ready for their credential: 2" in issue
    translated = _home(neu_registrar, "vi")
    assert "Cần cấp (1)" in translated and "To issue" not in translated and "Việc đang chờ bạn" in translated
    assert "ຕ້ອງອອກ (1)" in _home(neu_registrar, "lo")
    # a designer of the same institution runs offerings but does not issue: no such list
    assert not _section(_home(make_user("neu-designer", neu, Role.COURSE_DESIGNER)), "To issue")

    with django_capture_on_commit_callbacks(execute=False):  # started, not run by a worker yet
        client_of(neu_registrar).post(f"/pilot/offerings/{neu_results.pk}/issue/")
    from microcred_web.bulk.models import Batch

    batch = Batch.objects.get()
    issue = _section(_home(neu_registrar), "To issue")
    assert reverse("bulk:batch", kwargs={"uuid": batch.uuid}) in issue and "is not finished" in issue
    assert reverse("pilot:offering", kwargs={"pk": neu_results.pk}) not in issue


def test_someone_with_nothing_to_do_is_told_so(neu: Any) -> None:
    html = _home(make_user("neu-learner", neu, Role.LEARNER))
    assert "Nothing waits for you." in html
    for title in ("To review", "To issue", "To answer", "To decide"):
        assert not _section(html, title)
