"""ADR 1543: the register's filter selects are written out in Python, with the markup Django's
select templates give (the page's tests, its CSS and its screenshots read that markup)."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict
from django.utils import translation

from microcred_web.register import selectors
from microcred_web.register.forms import RegisterFilterForm
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db

SELECTS = ("institution", "country", "eqf", "isced", "language", "mode")


@pytest.mark.parametrize("lang", ["en", "vi", "lo"])
@pytest.mark.parametrize(
    "query", ["", "country=VN&eqf=6&isced=04", 'institution=buh&mode=online&language=vi&q=<b>"x&amp;']
)
def test_each_filter_select_is_the_markup_of_djangos_select_widget(lang: str, query: str) -> None:
    f.publish(f.banking_vn(), slug="buh")
    f.publish(f.finance_lao(), slug="nuol")
    params = QueryDict(query)
    with translation.override(lang):
        form = RegisterFilterForm(
            params or None, counts=selectors.facet_counts(selectors.RegisterFilters.from_params(params))
        )
        for name in SELECTS:
            field = form[name]
            ours = str(field)
            django = forms.Select.render(
                field.field.widget, field.html_name, field.value(), {"id": field.auto_id}
            )
            assert ours == django, name
    assert '<option value="VN" selected>' in str(RegisterFilterForm(QueryDict("country=VN"))["country"])
