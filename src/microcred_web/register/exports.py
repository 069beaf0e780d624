"""Open-data renderings of the register: schema.org JSON-LD for search engines, and CSV rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from microcred.model import MicroCredentialSpec, dump_spec
from microcred.reference import reference_data
from microcred.standards.elm import elm_specification
from microcred.standards.ob3 import OB3_CONTEXTS, achievement_from_spec
from microcred_web.catalogue.models import MicroCredentialVersion


def _lang_values(value: dict[str, str] | None) -> list[dict[str, str]] | str | None:
    """A schema.org text: one string for one language, language-tagged values for several."""
    if not value:
        return None
    if len(value) == 1:
        return next(iter(value.values()))
    return [{"@value": v, "@language": k} for k, v in value.items()]


def schema_org(version: MicroCredentialVersion, spec: MicroCredentialSpec, url: str) -> dict[str, Any]:
    """A ``Course`` whose ``educationalCredentialAwarded`` is an ``EducationalOccupationalCredential``
    (schema.org; the shape Google's course rich results and Europass both read)."""
    inst = version.micro_credential.institution
    provider: dict[str, Any] = {
        "@type": "CollegeOrUniversity",
        "name": (inst.name or {}).get("en", inst.short_name),
        "address": {"@type": "PostalAddress", "addressCountry": inst.country, "addressLocality": inst.city},
    }
    if inst.homepage:
        provider["url"] = inst.homepage
    credential: dict[str, Any] = {
        "@type": "EducationalOccupationalCredential",
        "name": _lang_values(spec.title),
        "credentialCategory": "Micro-credential",
        "recognizedBy": provider,
    }
    level = spec.level
    if version.eqf_level:
        credential["educationalLevel"] = {
            "@type": "DefinedTerm",
            "name": f"EQF {version.eqf_level}",
            "termCode": str(version.eqf_level),
            "inDefinedTermSet": reference_data().frameworks["EQF"].scheme_uri,
        }
    course: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": url,
        "url": url,
        "name": _lang_values(spec.title),
        "description": _lang_values(spec.description),
        "courseCode": version.micro_credential.code,
        "provider": provider,
        "educationalCredentialAwarded": credential,
        "teaches": [_lang_values(lo.text) for lo in spec.learning_outcomes],
        "inLanguage": list(spec.languages_of_instruction),
        "version": str(version.version),
    }
    if version.published_at:
        course["datePublished"] = version.published_at.date().isoformat()
    if version.hours is not None:
        course["timeRequired"] = f"PT{version.hours.normalize():f}H"
    if version.credits_ects is not None:
        course["numberOfCredits"] = {
            "@type": "StructuredValue",
            "value": f"{version.credits_ects.normalize():f}",
            "unitText": "ECTS",
        }
    if spec.prerequisites:
        course["coursePrerequisites"] = _lang_values(spec.prerequisites)
    if level and level.cycle:
        course["educationalLevel"] = level.cycle
    return {k: v for k, v in course.items() if v not in (None, [], "")}


# Rows fetched from the database at a time by the streamed exports (CSV, ELM dump).
CSV_CHUNK = 500

CSV_COLUMNS = (
    "uuid",
    "url",
    "institution",
    "institution_name",
    "country",
    "code",
    "version",
    "title_en",
    "title_vi",
    "title_lo",
    "eqf_level",
    "credits_ects",
    "credits",
    "credit_system",
    "hours",
    "isced_f",
    "participation_mode",
    "languages",
    "esco_skills",
    "published_at",
)


def csv_rows(versions: Iterable[MicroCredentialVersion], base_url: str) -> Iterator[list[str]]:
    """One row per micro-credential (its current version), in ``CSV_COLUMNS`` order."""
    yield list(CSV_COLUMNS)
    for v in versions:
        spec = v.spec or {}
        title = spec.get("title") or {}
        workload = spec.get("workload") or {}
        inst = v.micro_credential.institution
        yield [
            str(v.uuid),
            f"{base_url}/register/{v.uuid}/",
            inst.slug,
            (inst.name or {}).get("en", inst.short_name),
            inst.country,
            v.micro_credential.code,
            str(v.version),
            v.title_en,
            title.get("vi", ""),
            title.get("lo", ""),
            "" if v.eqf_level is None else str(v.eqf_level),
            "" if v.credits_ects is None else f"{v.credits_ects.normalize():f}",
            str(workload.get("credits", "")),
            str(workload.get("credit_system", "")),
            "" if v.hours is None else f"{v.hours.normalize():f}",
            v.isced_f,
            v.participation_mode,
            v.languages,
            v.skills,
            v.published_at.isoformat() if v.published_at else "",
        ]


def spec_document(spec: MicroCredentialSpec) -> dict[str, Any]:
    return dump_spec(spec)


def elm_document(spec: MicroCredentialSpec, url: str) -> dict[str, Any]:
    """The ELM 3.1 ``Qualification`` of the spec, identified by its register page."""
    return elm_specification(spec, spec_id=url)


def achievement_document(spec: MicroCredentialSpec, url: str) -> dict[str, Any]:
    """The OB 3.0 ``Achievement`` of the spec as a stand-alone JSON-LD document (it is normally
    embedded in a credential, whose ``@context`` it then shares)."""
    return {"@context": list(OB3_CONTEXTS), **achievement_from_spec(spec, achievement_id=url)}


def script_json(data: Any) -> str:
    """``data`` as JSON for a ``<script type="application/ld+json">`` block: as Django's
    ``json_script`` does, no ``<``, ``>`` or ``&`` reaches the HTML parser."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def schema_org_list(versions: Iterable[MicroCredentialVersion], base_url: str) -> dict[str, Any]:
    """A schema.org ``ItemList`` of ``Course`` summaries for a list page (the shape of Google's
    course "summary page" list; each item's full description is on its own page)."""
    items = []
    for n, v in enumerate(versions, start=1):
        inst = v.micro_credential.institution
        url = f"{base_url}/register/{v.uuid}/"
        title = (v.spec or {}).get("title") or {}
        items.append(
            {
                "@type": "ListItem",
                "position": n,
                "url": url,
                "item": {
                    "@type": "Course",
                    "@id": url,
                    "url": url,
                    "name": _lang_values(title) or v.title_en,
                    "courseCode": v.micro_credential.code,
                    "provider": {
                        "@type": "CollegeOrUniversity",
                        "name": (inst.name or {}).get("en", inst.short_name),
                    },
                    "educationalCredentialAwarded": {
                        "@type": "EducationalOccupationalCredential",
                        "credentialCategory": "Micro-credential",
                    },
                },
            }
        )
    return {"@context": "https://schema.org", "@type": "ItemList", "itemListElement": items}
