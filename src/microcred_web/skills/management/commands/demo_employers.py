"""``manage.py demo_employers``: the demo's labour market (ADR 1403). Imports the ESCO subset
shipped in ``examples/esco`` (a no-op when unchanged), creates fictional employers in each partner
country with demand profiles, and 2027 offerings so that the gap analysis has something
covered: NEU's Python for finance online (open to learners everywhere), UEH's business
analytics with SQL on site in Ho Chi Minh City (open in Vietnam), and (ADR 1460) NEU's IFRS,
BUH's anti-money-laundering and CU's hospitality service quality where those institutions are;
(ADR 1480) MUNI's econometrics in R, UNISI's wine tourism, UNIDU's hotel revenue management and
IHF's EU funding at home, with a demand in each of those countries that they do not cover, so
that every country's gap analysis has covered and uncovered skills.
The skills they cover are the ones their designers confirmed (``load_demo`` reads
``examples/esco/demo-alignments.json``). Idempotent; run after ``load_demo``.

Employers' side (ADR 1430-1433): each employer gets a member account ``<slug>-hr`` (the demo
password of ``load_demo``), a draft of an institution in its country shared with it for
co-design with one comment and one proposed change, and an endorsement, signed with the
organisation's key, of a published micro-credential of its country. Nothing is done twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from microcred_web.skills import services
from microcred_web.skills.models import DemandProfile, Employer, EscoConcept, EscoText

EXAMPLES = Path(__file__).resolve().parents[5] / "examples"
DEMO_PASSWORD = "micro4asia-demo"  # noqa: S105 - the published local demo password of load_demo

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
            # ADR 1480: a demand that UNIDU's own 2027 run (revenue management) does not cover
            ("Digital marketing specialist", "Dubrovnik", 2, ["plan digital marketing", "web analytics"]),
        ],
    ),
    (
        "chianti-routes",
        "Chianti Wine Routes s.r.l.",
        "IT",
        [
            ("Wine tourism marketer", "Tuscany", 3, ["plan digital marketing", "develop tourism products"]),
            ("Visitor data analyst", "Tuscany", 1, ["web analytics", "R"]),
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
            (
                "Public affairs adviser",
                "Brussels",
                2,
                ["monitor policy proposals", "influence public policies", "policy analysis"],
            ),
        ],
    ),
)


class Command(BaseCommand):
    help = "Demo employers, demand profiles and open 2027 offerings (after load_demo)."

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
        self._employers_side()
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
            # ADR 1460: with the designers' confirmed skills, these make the gap analysis answer
            # something in Vietnam and Laos beyond Python and SQL (IFRS, financial crime, hotels)
            ("neu", "NEU-ACC-IFRS", "neu-registrar", "blended", "vi", "Hà Nội"),
            ("buh", "BUH-AML", "buh-registrar", "onsite", "vi", "Thành phố Hồ Chí Minh"),
            ("cu", "CU-HOSP-SQ", "cu-registrar", "onsite", "lo", "Pakse"),
            # ADR 1480: one run of each European partner at home, so that every country's gap
            # analysis separates covered from uncovered skills (R in Czechia, wine tourism in
            # Italy, hotel revenue in Croatia, EU funding in Belgium)
            ("muni", "MUNI-ECON-R", "muni-registrar", "onsite", "en", "Brno"),
            ("unisi", "UNISI-TOUR-WINE", "unisi-registrar", "onsite", "en", "Siena"),
            ("unidu", "UNIDU-HOSP-REV", "unidu-registrar", "onsite", "en", "Dubrovnik"),
            ("ihf", "IHF-EU-FUND", "ihf-registrar", "blended", "en", "Brussels"),
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

    def _employers_side(self) -> None:
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model

        from microcred_web.accounts.models import Membership, Role
        from microcred_web.catalogue.models import MicroCredentialVersion, Status
        from microcred_web.skills import codesign, endorsements
        from microcred_web.skills.models import CoDesignNote, EmployerMember, Endorsement

        users = get_user_model().objects
        for employer in Employer.objects.order_by("slug"):
            name = f"{employer.slug}-hr"
            user = users.filter(username=name).first()
            if user is None:
                user = users.create_user(username=name, email=f"{name}@example.org", password=DEMO_PASSWORD)
                EmailAddress.objects.get_or_create(
                    user=user, email=user.email, defaults={"verified": True, "primary": True}
                )
            EmployerMember.objects.get_or_create(employer=employer, user=user)
            Membership.objects.get_or_create(
                user=user, institution=None, role=Role.EMPLOYER, organisation=employer.name
            )
            here = MicroCredentialVersion.objects.filter(
                micro_credential__institution__country=employer.country
            )
            draft = here.filter(status=Status.DRAFT).order_by("pk").first()
            if draft is not None and draft.created_by is not None:
                codesign.share_create(version=draft, employer=employer, by=draft.created_by)
                if not CoDesignNote.objects.filter(version=draft, employer=employer).exists():
                    codesign.note_create(
                        version=draft,
                        employer=employer,
                        by=user,
                        body="Our new hires need this; please add a practical case from our sector.",
                    )
                    title = (draft.spec.get("title") or {}).get("en") or draft.title_en
                    codesign.note_create(
                        version=draft,
                        employer=employer,
                        by=user,
                        body="A title that names the job it prepares for.",
                        field_path="title.en",
                        proposed=f"{title} (for {employer.name[:60]})",
                    )
            published = here.filter(status=Status.PUBLISHED).order_by("pk").first()
            if (
                published is not None
                and not Endorsement.objects.filter(
                    employer=employer, version=published, revoked_at__isnull=True
                ).exists()
            ):
                endorsements.endorsement_create(
                    employer=employer,
                    version=published,
                    by=user,
                    comment=f"{employer.name} recruits people who hold this micro-credential.",
                )
        self.stdout.write(
            f"Employers' side: {EmployerMember.objects.count()} members, "
            f"{CoDesignNote.objects.count()} co-design notes, "
            f"{Endorsement.objects.filter(revoked_at__isnull=True).count()} endorsements (/employers/)."
        )
