"""QA change requests go to the version's authors (who created or edited it), in their language,
with the reviewer's note and a link to the version; the reviewer gets nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from microcred.model import parse_spec
from microcred_web.accounts.models import Role
from microcred_web.catalogue import services as catalogue
from microcred_web.notifications import language
from tests.web.accounts.factories import conformant_spec
from tests.web.notifications.conftest import mails_to, make_user

pytestmark = pytest.mark.django_db


def test_qa_changes_go_to_the_designer_in_their_language_and_not_to_the_reviewer(
    neu: Any, django_capture_on_commit_callbacks: Any
) -> None:
    designer = make_user("neu-designer", neu, Role.COURSE_DESIGNER)
    reviewer = make_user("neu-qa", neu, Role.QA_REVIEWER)
    language.remember(designer, "vi")
    version = catalogue.micro_credential_create(
        institution=neu, code="NEU-ECON-R", spec=parse_spec(conformant_spec()), by=designer
    )
    version = catalogue.version_submit(version=version, by=designer)
    version = catalogue.version_start_review(version=version, by=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.version_request_changes(
            version=version, by=reviewer, note="Name the assessment's supervision."
        )
    (letter,) = mail.outbox
    assert letter.to == [designer.email] and not mails_to(reviewer.email)
    assert letter.subject.endswith("Yêu cầu chỉnh sửa: NEU-ECON-R phiên bản 1")
    assert "Name the assessment's supervision." in letter.body
    assert f"/studio/versions/{version.uuid}/" in letter.body
    assert "bản nháp" in letter.alternatives[0][0]
