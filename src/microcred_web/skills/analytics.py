"""The demand-and-supply page (issue 14 item 4, ADR 1452): per skill in a country, the people
employers need against the micro-credentials, open offerings and credentials issued; the skills
no micro-credential covers (the gap analysis of ADR 1403, the same selector); a chart drawn on
the server (``core.charts``) with the table beside it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from microcred_web.core.charts import Chart, Group, grouped_bars
from microcred_web.register.display import country_name
from microcred_web.skills import selectors

#: Skills drawn in the chart (the most people needed first); the table lists all.
CHART_SKILLS = 12
_LABEL_CHARS = 30


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def balance_chart(rows: list[selectors.SkillBalance], country: str) -> Chart:
    """People needed and credentials issued, per skill, for the skills most in demand."""
    shown = [r for r in rows if r.headcount or r.credentials_issued][:CHART_SKILLS]
    name = country_name(country)
    series = (("demand", _("People needed")), ("supply", _("Credentials issued")))
    return grouped_bars(
        slug="demand-supply",
        title=_("People needed and credentials issued per skill in %(country)s") % {"country": name},
        description=(
            _(
                "%(skills)s skills are demanded in %(country)s: employers need %(people)s people; "
                "%(issued)s credentials were issued there for these skills; %(gaps)s demanded skills "
                "are covered by no micro-credential."
            )
            % {
                "skills": sum(1 for r in rows if r.headcount),
                "country": name,
                "people": sum(r.headcount for r in rows),
                "issued": sum(r.credentials_issued for r in rows if r.headcount),
                "gaps": sum(1 for r in rows if r.headcount and not r.covered),
            }
            if any(r.headcount for r in rows)
            else _("No employer states a demand in %(country)s yet.") % {"country": name}
        ),
        series=series,
        groups=[
            Group(
                _short(r.label),
                [r.headcount, r.credentials_issued],
                [
                    _("%(skill)s: %(count)s people needed") % {"skill": r.label, "count": r.headcount},
                    _("%(skill)s: %(count)s credentials issued")
                    % {"skill": r.label, "count": r.credentials_issued},
                ],
            )
            for r in shown
        ],
        width=720,
        left=300,  # room for 30 characters at the 16 px of microcred/charts.css
    )


@require_safe
def demand_supply_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    countries = selectors.demand_countries(today)
    asked = (request.GET.get("country") or "").strip().upper()
    country = asked if len(asked) == 2 and asked.isascii() and asked.isalpha() else ""
    country = country or (countries[0] if countries else "")
    rows = selectors.demand_supply(country, today) if country else []
    gaps, covered = selectors.skill_gaps(country, today) if country else ([], 0)
    return render(
        request,
        "skills/demand_supply.html",
        {
            "country": country,
            "country_label": country_name(country) if country else "",
            "choices": [(code, country_name(code)) for code in countries],
            "rows": rows,
            "gaps": gaps,
            "covered": covered,
            "chart": balance_chart(rows, country) if country else None,
        },
    )
