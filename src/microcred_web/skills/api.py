"""``GET /api/skills/gaps?country=VN``: the skills employers demand in a country that no
micro-credential covers there (ADR 1403); ``GET /api/skills/demand-supply?country=VN``: demand
against supply per skill in a country (ADR 1452)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from microcred_web.skills import selectors

router = Router(tags=["skills"])

COVERED_RULE = (
    "a skill is covered when a published micro-credential has a confirmed alignment to it "
    "(learning_outcomes[].esco_skills) and an offering open to learners in the country: not ended, "
    "and online or run by an institution of that country"
)


class GapsQuery(Schema):
    country: str = Field(description="ISO 3166-1 alpha-2 country code, e.g. VN")


class GapOut(Schema):
    skill: str = Field(description="ESCO skill URI")
    label: str = Field(description="ESCO preferred label (English)")
    employers: int
    profiles: int
    headcount: int = Field(description="people needed, summed over the demand profiles")


class GapsOut(Schema):
    country: str
    as_of: str
    covered_rule: str
    demanded_skills: int
    covered: int
    gaps: list[GapOut]


@router.get(
    "/gaps", response=GapsOut, summary="Skills employers demand in a country that no micro-credential covers"
)
def gaps(request: HttpRequest, query: Query[GapsQuery]) -> dict[str, Any]:
    country = _country(query.country)
    today = timezone.localdate()
    found, covered = selectors.skill_gaps(country, today)
    return {
        "country": country,
        "as_of": today.isoformat(),
        "covered_rule": COVERED_RULE,
        "demanded_skills": covered + len(found),
        "covered": covered,
        "gaps": [
            {
                "skill": g.uri,
                "label": g.label,
                "employers": g.employers,
                "profiles": g.profiles,
                "headcount": g.headcount,
            }
            for g in found
        ],
    }


SUPPLY_RULE = (
    "micro_credentials: micro-credentials with a published version confirmed-aligned to the skill "
    "(learning_outcomes[].esco_skills), in any country; offerings: offerings of such versions open to "
    "learners in the country (not ended; online, or run by an institution of that country); "
    "credentials_issued: credentials of any version aligned to the skill, issued by institutions of "
    "the country and not revoked"
)


class BalanceOut(Schema):
    skill: str = Field(description="ESCO skill URI")
    label: str = Field(description="ESCO preferred label (English)")
    headcount: int = Field(description="people needed, summed over the country's active demand profiles")
    profiles: int
    employers: int
    micro_credentials: int
    offerings: int
    credentials_issued: int
    covered: bool = Field(description="covered by the rule of /api/skills/gaps")


class DemandSupplyOut(Schema):
    country: str
    as_of: str
    covered_rule: str
    supply_rule: str
    skills: list[BalanceOut]


def _country(value: str) -> str:
    country = value.strip().upper()
    if len(country) != 2 or not country.isascii() or not country.isalpha():
        raise HttpError(422, "country: an ISO 3166-1 alpha-2 code such as VN is expected")
    return country


@router.get(
    "/demand-supply",
    response=DemandSupplyOut,
    summary="Demand against supply per ESCO skill in a country",
)
def demand_supply(request: HttpRequest, query: Query[GapsQuery]) -> dict[str, Any]:
    country = _country(query.country)
    today = timezone.localdate()
    return {
        "country": country,
        "as_of": today.isoformat(),
        "covered_rule": COVERED_RULE,
        "supply_rule": SUPPLY_RULE,
        "skills": [
            {
                "skill": row.uri,
                "label": row.label,
                "headcount": row.headcount,
                "profiles": row.profiles,
                "employers": row.employers,
                "micro_credentials": row.micro_credentials,
                "offerings": row.offerings,
                "credentials_issued": row.credentials_issued,
                "covered": row.covered,
            }
            for row in selectors.demand_supply(country, today)
        ],
    }
