"""``manage.py demo_employers``: the demo's labour market (ADR 1403). Imports the ESCO subset
shipped in ``examples/esco`` (a no-op when unchanged), creates fictional employers in each partner
country with demand profiles, and two 2027 offerings so that the gap analysis has something
covered: NEU's Python for finance online (open to learners everywhere) and UEH's business
analytics with SQL on site in Ho Chi Minh City (open in Vietnam). Idempotent; run after
``load_demo``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from microcred_web.skills import services
from microcred_web.skills.models import DemandProfile, Employer, EscoConcept, EscoText

EXAMPLES = Path(__file__).resolve().parents[5] / "examples"

# (slug, name, country, [(job role, region, headcount, [ESCO preferred labels])]). Fictional.
EMPLOYERS: tuple[tuple[str, str, str, list[tuple[str, str, int, list[str]]]], ...] = (
    (
        "mekong-fintech",
        "Mekong Fintech JSC",
        "VN",
        [
            (
                "Data analyst, payments",
                "Ho Chi Minh City",
                12,
                ["Python (computer programming)", "SQL", "machine learning", "fraud detection"],
            ),
            ("Compliance officer (AML)", "Hanoi", 5, ["detect financial crime", "analyse financial risk"]),
        ],
    ),
    (
        "red-river-accounting",
        "Red River Accounting Services",
        "VN",
        [
            (
                "IFRS accountant",
                "Hanoi",
                20,
                [
                    "international financial reporting standards",
                    "prepare financial statements",
                    "use accounting systems",
                ],
            ),
        ],
    ),
    (
        "vientiane-coffee",
        "Bolaven Coffee Cooperative",
        "LA",
        [
            (
                "Cooperative business manager",
                "Champasak",
                3,
                ["agricultural business management", "estimate costs in farm", "supply chain management"],
            ),
        ],
    ),
    (
        "luang-prabang-hotels",
        "Luang Prabang Heritage Hotels",
        "LA",
        [
            (
                "Front office supervisor",
                "Luang Prabang",
                8,
                ["process reservations", "handle customer complaints", "Python (computer programming)"],
            ),
            ("Bookkeeper", "Luang Prabang", 2, ["maintain financial records", "calculate tax"]),
        ],
    ),
    (
        "adriatic-revenue",
        "Adriatic Revenue Partners d.o.o.",
        "HR",
        [
            (
                "Revenue manager",
                "Dubrovnik",
                4,
                ["manage hospitality revenue", "forecast occupancy demand", "pricing strategies"],
            ),
        ],
    ),
    (
        "chianti-routes",
        "Chianti Wine Routes s.r.l.",
        "IT",
        [
            ("Wine tourism marketer", "Tuscany", 3, ["plan digital marketing", "develop tourism products"]),
        ],
    ),
    (
        "danube-analytics",
        "Danube Analytics s.r.o.",
        "CZ",
        [
            (
                "Risk data scientist",
                "Brno",
                6,
                ["R", "quantitative risk analysis techniques", "machine learning"],
            ),
        ],
    ),
    (
        "brussels-policy",
        "Rue de la Loi Policy Advisers",
        "BE",
        [
            (
                "EU funding consultant",
                "Brussels",
                4,
                ["find grants", "manage budgets", "perform project management"],
            ),
        ],
    ),
)


class Command(BaseCommand):
    help = "Demo employers, demand profiles and two open offerings (after load_demo)."

    def handle(self, *args: Any, **options: Any) -> None:
        plan = services.esco_import(path=EXAMPLES / "esco" / "v1.1.1")
        self.stdout.write(f"ESCO {plan.version}: {plan.created} rows created, {plan.unchanged} unchanged.")
        uris = dict(
            EscoText.objects.filter(lang="en", concept__kind=EscoConcept.Kind.SKILL).values_list(
                "preferred_label", "concept__uri"
            )
        )
        with transaction.atomic():
            for slug, name, country, profiles in EMPLOYERS:
                employer, _created = Employer.objects.update_or_create(
                    slug=slug, defaults={"name": name, "country": country}
                )
                for role, region, headcount, labels in profiles:
                    profile, _c = DemandProfile.objects.update_or_create(
                        employer=employer,
                        job_role=role,
                        defaults={
                            "country": country,
                            "region": region,
                            "headcount": headcount,
                            "horizon_from": date(2027, 1, 1),
                            "horizon_to": date(2028, 12, 31),
                        },
                    )
                    profile.skills.set(EscoConcept.objects.filter(uri__in=[uris[label] for label in labels]))
        self._offerings()
        self.stdout.write(
            f"Employers: {Employer.objects.count()} with {DemandProfile.objects.count()} demand profiles; "
            "skills gaps at /api/skills/gaps?country=VN (LA, HR, IT, CZ, BE)."
        )

    def _offerings(self) -> None:
        from django.contrib.auth import get_user_model

        from microcred_web.catalogue.models import MicroCredentialVersion, Status
        from microcred_web.pilot import services as pilot
        from microcred_web.pilot.models import Offering

        runs = (
            ("neu", "NEU-FIN-PY", "neu-registrar", "online", "en", ""),
            ("ueh", "UEH-BA-SQL", "ueh-registrar", "onsite", "vi", "Thành phố Hồ Chí Minh"),
        )
        for slug, code, username, mode, language, place in runs:
            version = MicroCredentialVersion.objects.filter(
                micro_credential__institution__slug=slug, micro_credential__code=code, status=Status.PUBLISHED
            ).first()
            registrar = get_user_model().objects.filter(username=username).first()
            if (
                version is None
                or registrar is None
                or Offering.objects.filter(version=version, term="2027 spring").exists()
            ):
                continue
            pilot.offering_create(
                version=version,
                by=registrar,
                term="2027 spring",
                starts_on=date(2027, 2, 15),
                ends_on=date(2027, 5, 31),
                mode=mode,
                language=language,
                capacity=60,
                place=place,
            )
