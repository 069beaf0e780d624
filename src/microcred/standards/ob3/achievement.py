"""An OB 3.0 ``Achievement`` (OB 3.0 §B.1.3) carrying every EU Annex I element of a spec.

The mapping of each element to an OB term or to an alignment to an ELM concept is ADR 0602.
Only terms the OB 3.0.3 / VCDM 2.0 contexts define are used, so the result canonicalizes in
safe mode (RDFC-1.0 refuses undefined terms rather than dropping them).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from microcred.errors import MicrocredError
from microcred.model.language import best_text
from microcred.model.spec import MicroCredentialSpec
from microcred.reference import ReferenceData, parse_level, reference_data
from microcred.standards.ob3 import constants as c

__all__ = ["IncompleteSpecError", "achievement_from_spec", "json_number", "profile", "workload_duration"]

EQF_NAME = "European Qualifications Framework (EQF)"


class IncompleteSpecError(MicrocredError):
    """A specification that lacks an element a credential must carry (title, outcomes…)."""


def json_number(value: Decimal) -> int | float:
    """A Decimal as a JSON number: an int when integral, else a float.

    OB types credits ``xsd:float``; JSON-LD writes an integral number as ``"5"`` and others as
    ``"7.5E0"`` (rdfc-feasibility pitfall 7), and JCS writes ``5.0`` as ``5``. Emitting ints for
    whole numbers keeps every serializer in agreement.
    """
    if value != value.to_integral_value():
        return float(value)
    return int(value)


def workload_duration(hours: Decimal) -> str:
    """Hours as an ISO 8601 duration (ELM ``volumeOfLearning``): ``125`` → ``PT125H``."""
    whole = hours.to_integral_value()
    if hours == whole:
        return f"PT{int(whole)}H"
    minutes = (hours - int(hours)) * 60
    if minutes == minutes.to_integral_value():
        return f"PT{int(hours)}H{int(minutes)}M"
    return f"PT{format(hours.normalize(), 'f')}H"


def profile(
    id: str,
    name: dict[str, str] | str,
    *,
    country: str | None = None,
    region: str | None = None,
    url: str | None = None,
) -> dict[str, Any]:
    """An OB 3.0 ``Profile`` (§B.1.15) with its ``Address`` (§B.2.1): awarding body and M3 country."""
    out: dict[str, Any] = {"id": id, "type": ["Profile"]}
    out["name"] = name if isinstance(name, str) else best_text(name, "en")
    if url:
        out["url"] = url
    if country:
        address: dict[str, Any] = {"type": ["Address"], "addressCountryCode": country}
        if region:
            address["addressRegion"] = region
        out["address"] = address
    return out


def _alignment(
    target_type: str,
    url: str,
    name: str,
    *,
    framework: str | None = None,
    code: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": ["Alignment"],
        "targetType": target_type,
        "targetUrl": url,
        "targetName": name,
    }
    if framework:
        out["targetFramework"] = framework
    if code:
        out["targetCode"] = code
    if description:
        out["targetDescription"] = description
    return out


def _alignments(spec: MicroCredentialSpec, data: ReferenceData) -> Iterator[dict[str, Any]]:
    # M6: ESCO skills, one alignment per skill (an identical pair would need RDFC's N-degree step).
    skills: dict[str, list[str]] = {}
    for lo in spec.learning_outcomes:
        for uri in lo.esco_skills:
            skills.setdefault(uri, []).append(lo.id)
    for uri, outcomes in skills.items():
        yield _alignment(
            c.TARGET_ESCO_SKILL,
            uri,
            f"ESCO skill {uri.rsplit('/', 1)[-1]}",
            framework="ESCO",
            code=uri.rsplit("/", 1)[-1],
            description=f"Related to learning outcome(s) {', '.join(outcomes)}",
        )
    # M8: EQF, national framework, AQRF.
    level = spec.level
    if level is not None:
        if level.eqf is not None:
            eqf = data.framework("EQF")
            yield _alignment(
                c.TARGET_EQF_LEVEL,
                eqf.level_uris[str(level.eqf)],
                f"EQF level {level.eqf}",
                framework=EQF_NAME,
                code=str(level.eqf),
                description=f"QF-EHEA {level.cycle} cycle" if level.cycle else None,
            )
        if level.national is not None:
            ref = parse_level(level.national, data)
            fw = data.framework(ref.framework)
            yield _alignment(
                c.TARGET_NQF_LEVEL,
                fw.level_uris[ref.level],
                f"{best_text(fw.name, 'en')} level {ref.level}",
                framework=best_text(fw.name, "en"),
                code=str(ref),
            )
        if level.aqrf is not None:
            aqrf = data.framework("AQRF")
            yield _alignment(
                c.TARGET_AQRF_LEVEL,
                aqrf.level_uris[str(level.aqrf)],
                f"AQRF level {level.aqrf}",
                framework=best_text(aqrf.name, "en"),
                code=str(level.aqrf),
            )
    if spec.isced_f is not None:
        field = data.isced_field(spec.isced_f)
        yield _alignment(
            c.TARGET_ISCED_F,
            field.uri,
            best_text(field.label, "en"),
            framework="ISCED-F 2013",
            code=field.code,
        )
    # M7: the credit system of creditsAvailable, with the notional hours.
    workload = spec.workload
    if workload is not None and workload.credit_system is not None:
        system = data.credit_system(workload.credit_system)
        parts = []
        if workload.credits is not None:
            parts.append(f"{format(workload.credits.normalize(), 'f')} {system.code} credits")
        if workload.hours is not None:
            parts.append(
                f"{format(workload.hours.normalize(), 'f')} notional hours ({workload_duration(workload.hours)})"
            )
        yield _alignment(
            c.TARGET_CREDIT_SYSTEM,
            system.elm_uri or f"urn:microcred:credit-system:{system.code}",
            best_text(system.name, "en"),
            framework="ELM education-credit",
            code=system.code,
            description="; ".join(parts) or None,
        )
    # M9, M10, O2, M11: ELM concepts.
    if spec.assessment is not None:
        for key in dict.fromkeys(spec.assessment.types):  # a repeated type would be an identical node
            term = data.term("assessment_types", key)
            yield _alignment(
                c.TARGET_ASSESSMENT,
                term.uri or f"urn:microcred:assessment:{key}",
                best_text(term.label, "en"),
                framework="ELM assessment",
                code=key,
            )
    if spec.participation is not None:
        if spec.participation.mode is not None:
            term = data.term("participation_modes", spec.participation.mode)
            yield _alignment(
                c.TARGET_MODE,
                term.uri or f"urn:microcred:mode:{term.key}",
                best_text(term.label, "en"),
                framework="ELM learning-assessment mode",
                code=term.key,
            )
        if spec.participation.learning_setting is not None:
            term = data.term("learning_settings", spec.participation.learning_setting)
            yield _alignment(
                c.TARGET_SETTING,
                term.uri or f"urn:microcred:learning-setting:{term.key}",
                best_text(term.label, "en"),
                framework="ELM learning-setting",
                code=term.key,
            )
    if spec.supervision is not None:
        term = data.term("supervision", spec.supervision)
        yield _alignment(
            c.TARGET_SUPERVISION,
            term.uri or f"urn:microcred:supervision:{term.key}",
            best_text(term.label, "en"),
            framework="ELM supervision-verification",
            code=term.key,
        )
    qa = spec.quality_assurance
    if qa is not None and qa.type is not None:
        term = data.term("qa_types", qa.type)
        details = [
            d
            for d in (
                qa.body and f"QA body: {qa.body}",
                qa.registry and f"registry: {qa.registry}",
                qa.accreditation_ref and f"reference: {qa.accreditation_ref}",
                qa.valid_until and f"valid until {qa.valid_until}",
                qa.internal_qa is not None and f"internal QA: {'yes' if qa.internal_qa else 'no'}",
            )
            if d
        ]
        yield _alignment(
            c.TARGET_QA,
            term.uri or f"urn:microcred:qa:{term.key}",
            best_text(term.label, "en"),
            framework="ELM accreditation",
            code=term.key,
            description="; ".join(details) or None,
        )
    st = spec.stackability
    if st is not None and st.kind == "stackable" and st.toward_url:
        yield _alignment(
            c.TARGET_STACKABLE,
            st.toward_url,
            best_text(st.toward, "en") or "Larger credential",
            description="Stackable toward this credential (EU Annex I O4)",
        )


def _narrative(spec: MicroCredentialSpec, data: ReferenceData) -> str:
    """``criteria.narrative`` (OB 3.0 §B.1.6, Markdown): M6 outcomes, M9/M10, O1, O4, O5."""
    lines = ["## Learning outcomes", "", "On completion the learner is able to:", ""]
    for i, lo in enumerate(spec.learning_outcomes, start=1):
        lines.append(f"{i}. {best_text(lo.text, 'en')} ({lo.id})")
    if spec.assessment is not None:
        lines += ["", "## Assessment", ""]
        names = [best_text(data.term("assessment_types", t).label, "en") for t in spec.assessment.types]
        if names:
            lines.append("Type of assessment: " + ", ".join(names) + ".")
        if spec.assessment.description:
            lines.append(best_text(spec.assessment.description, "en"))
    if spec.participation is not None and spec.participation.description:
        lines += ["", "## Form of participation", "", best_text(spec.participation.description, "en")]
    for heading, text in (
        ("Prerequisites", spec.prerequisites),
        ("Further information", spec.further_information),
    ):
        if text:
            lines += ["", f"## {heading}", "", best_text(text, "en")]
    st = spec.stackability
    if st is not None:
        lines += ["", "## Stackability", ""]
        if st.kind == "standalone":
            lines.append("Stand-alone micro-credential.")
        else:
            toward = best_text(st.toward, "en")
            lines.append("Stackable" + (f" toward: {toward}." if toward else "."))
    return "\n".join(lines)


def achievement_from_spec(
    spec: MicroCredentialSpec,
    *,
    achievement_id: str,
    creator: dict[str, Any] | None = None,
    data: ReferenceData | None = None,
) -> dict[str, Any]:
    """The OB 3.0 ``Achievement`` (§B.1.3) of ``spec``: every EU element of the offering.

    ``achievement_id`` is a URI (the register's page of this spec version, or ``urn:uuid:…``).
    ``creator`` is an OB ``Profile`` (see :func:`profile`); by default the first awarding body,
    with its DID or homepage as id when it has one. Raises :class:`IncompleteSpecError` when
    the spec lacks the title, the English description/title or the learning outcomes.
    Other languages of the title are named in ``related[]`` (OB 3.0 §B.1.16 ``Related`` with
    ``inLanguage``) when ``achievement_id`` is an https URL; the multilingual text itself is in the
    ELM export (:func:`microcred.standards.elm.elm_specification`).
    """
    data = data or reference_data()
    if spec.title is None:
        raise IncompleteSpecError("the specification has no title (M2)", where="title")
    if not spec.learning_outcomes:
        raise IncompleteSpecError(
            "the specification has no learning outcomes (M6)", where="learning_outcomes"
        )
    if ":" not in achievement_id:
        raise IncompleteSpecError(f"{achievement_id!r} is not an absolute URI", where="achievement_id")
    out: dict[str, Any] = {
        "id": achievement_id,
        "type": ["Achievement"],
        "achievementType": c.ACHIEVEMENT_TYPE,
        "name": best_text(spec.title, "en"),
        "description": best_text(spec.description or spec.title, "en"),
        "criteria": {"narrative": _narrative(spec, data)},
    }
    if spec.languages_of_instruction:
        out["inLanguage"] = spec.languages_of_instruction[0]
    else:
        out["inLanguage"] = "en"
    if spec.code:
        out["humanCode"] = spec.code
    out["version"] = str(spec.version)
    if spec.isced_f is not None:
        out["fieldOfStudy"] = best_text(data.isced_field(spec.isced_f).label, "en")
    if spec.workload is not None and spec.workload.credits is not None:
        out["creditsAvailable"] = json_number(spec.workload.credits)
    alignments = list(_alignments(spec, data))
    if alignments:
        out["alignment"] = alignments
    if spec.grading is not None and spec.grading.scheme:
        rd: dict[str, Any] = {
            "id": _fragment(achievement_id, "grade"),
            "type": ["ResultDescription"],
            "name": spec.grading.scheme,
            "resultType": "LetterGrade" if "A-F" in spec.grading.scheme else "Result",
        }
        out["resultDescription"] = [rd]
    if creator is None and spec.awarding_bodies:
        body = spec.awarding_bodies[0]
        body_id = body.id or body.homepage
        if body_id:
            creator = profile(body_id, body.name, country=body.country, region=body.region, url=body.homepage)
    if creator is not None:
        out["creator"] = creator
    if spec.keywords:
        out["tag"] = list(spec.keywords)
    if achievement_id.startswith("https://") and spec.title:
        others = [lang for lang in spec.title if lang != "en"]
        if others:
            out["related"] = [
                {"id": f"{achievement_id}?lang={lang}", "type": ["Related"], "inLanguage": lang}
                for lang in others
            ]
    return out


def _fragment(uri: str, name: str) -> str:
    return f"{uri.split('#', 1)[0]}#{name}"


def result_description_id(achievement_id: str) -> str:
    """The id of the grading-scheme ``ResultDescription`` inside the achievement."""
    return _fragment(achievement_id, "grade")
