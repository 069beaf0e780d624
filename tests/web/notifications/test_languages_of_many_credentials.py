"""``language.of_credentials`` (a bulk issuing chunk, ADR 1234) answers what ``of_credential``
answers for each credential, in a few queries whatever their number."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from microcred_web.credentials.models import IssuedCredential
from microcred_web.notifications import language
from microcred_web.notifications.models import MailLanguage
from microcred_web.pilot.models import Enrolment, Offering
from tests.web.notifications.conftest import issued, neu_results  # noqa: F401 - fixtures
from tests.web.pilot.conftest import make_user


def test_the_languages_of_many_credentials_are_those_of_each_one_in_three_queries(
    issued: Offering,  # noqa: F811
) -> None:
    first, second = IssuedCredential.objects.filter(version=issued.version).order_by("pk")[:2]
    # the first through its enrolment; the second by its e-mail among the version's enrolments
    Enrolment.objects.filter(credential=second).update(credential=None)
    Offering.objects.filter(pk=issued.pk).update(language="lo")
    # a copy of the first whose learner chose English; one nobody enrolled (the country's language)
    chooser = make_user("chooser")
    MailLanguage.objects.create(user=chooser, language="en")
    chose = IssuedCredential.objects.get(pk=first.pk)
    chose.learner = chooser
    stranger = IssuedCredential.objects.get(pk=second.pk)
    stranger.learner_email = "nobody@example.org"
    credentials: list[Any] = [first, second, chose, stranger]

    one_by_one = [language.of_credential(c) for c in credentials]
    with CaptureQueriesContext(connection) as queries:
        together = language.of_credentials(credentials)

    assert together == one_by_one == ["lo", "lo", "en", "vi"]
    assert len(queries.captured_queries) <= 3
    # the offering's language, when the caller knows it, comes right after the learner's own
    assert language.of_credentials(credentials, offering_language="vi") == ["vi", "vi", "en", "vi"]
