"""The studio's editor: a form for every element of the exchange format (``microcred.model``).

The form only collects values; the specification model (``parse_spec``) decides whether they
fit the format and the conformance checker decides whether they meet Annex I. Field names
follow the exchange-format paths (``workload.hours`` is ``workload_hours``, the English title
is ``title_en``, the second outcome's text is ``lo-1-text_en``), so a finding's path leads to
its field (``SpecEditor.anchor``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from microcred.model import LANGUAGES, best_text
from microcred.reference import reference_data
from microcred_web.institutions.models import Institution

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "vi": "Tiếng Việt",
    "lo": "ພາສາລາວ",
    "cs": "Čeština",
    "it": "Italiano",
    "hr": "Hrvatski",
    "fr": "Français",
}

# Text elements that the editor offers in every platform language; the others are offered in
# English, the institution's own languages and any language the specification already uses.
ALL_LANGUAGE_ELEMENTS = ("title", "description")


def _label(text: dict[str, str]) -> str:
    return best_text(text, (get_language() or "en")[:2])


def _vocab_choices(name: str, blank: bool = True) -> list[tuple[str, str]]:
    entries = reference_data().vocabulary(name)
    choices = [(key, _label(e.label)) for key, e in entries.items()]
    return [("", "—"), *choices] if blank else choices


def _set_choices(form: forms.BaseForm, name: str, choices: list[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    field.choices = choices


def _lang_fields(
    form: forms.BaseForm,
    name: str,
    label: Any,
    languages: Iterable[str],
    *,
    textarea: bool = False,
    help_text: Any = "",
) -> None:
    for lang in languages:
        widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
        widget.attrs["lang"] = lang
        form.fields[f"{name}_{lang}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES.get(lang, lang)})",
            required=False,
            widget=widget,
            help_text=help_text if lang == "en" else "",
        )


def _lang_value(data: dict[str, Any], name: str, languages: Iterable[str]) -> dict[str, str] | None:
    text = {
        lang: data[f"{name}_{lang}"].strip() for lang in languages if data.get(f"{name}_{lang}", "").strip()
    }
    return text or None


def _lang_initial(initial: dict[str, Any], name: str, text: dict[str, str] | None) -> None:
    for lang, value in (text or {}).items():
        initial[f"{name}_{lang}"] = value


@dataclass(frozen=True)
class Fieldset:
    """One group of the editor: its HTML id, legend, the Annex I elements it holds and its fields."""

    id: str
    legend: Any
    elements: tuple[str, ...]
    fields: tuple[str, ...]
    hint: Any = ""
    more: tuple[str, ...] = ()  # shown folded under "Other languages"


class SpecForm(forms.Form):
    """The single-valued elements of a specification."""

    code = forms.CharField(
        label=_("Code"),
        max_length=60,
        help_text=_("Your institution's own identifier, e.g. NEU-FIN-101. It cannot change later."),
    )
    homepage = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    keywords = forms.CharField(
        label=_("Keywords"), required=False, help_text=_("Separate keywords with commas.")
    )
    workload_hours = forms.DecimalField(
        label=_("Notional learning hours"), required=False, min_value=0, max_digits=7, decimal_places=1
    )
    workload_credits = forms.DecimalField(
        label=_("Credits"), required=False, min_value=0, max_digits=6, decimal_places=2
    )
    workload_credit_system = forms.ChoiceField(label=_("Credit system"), required=False)
    level_eqf = forms.TypedChoiceField(
        label=_("EQF level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 9)],
    )
    level_national = forms.ChoiceField(label=_("National framework level"), required=False)
    level_aqrf = forms.TypedChoiceField(
        label=_("AQRF level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(str(n), str(n)) for n in range(1, 9)],
    )
    level_cycle = forms.ChoiceField(
        label=_("QF-EHEA cycle"),
        required=False,
        choices=[
            ("", "—"),
            ("short", _("Short cycle")),
            ("first", _("First cycle (bachelor)")),
            ("second", _("Second cycle (master)")),
            ("third", _("Third cycle (doctorate)")),
        ],
    )
    isced_f = forms.ChoiceField(label=_("ISCED-F 2013 field of study"), required=False)
    assessment_types = forms.MultipleChoiceField(
        label=_("Types of assessment"), required=False, widget=forms.CheckboxSelectMultiple
    )
    participation_mode = forms.ChoiceField(label=_("Form of participation"), required=False)
    participation_learning_setting = forms.ChoiceField(label=_("Learning setting"), required=False)
    languages_of_instruction = forms.MultipleChoiceField(
        label=_("Languages of instruction"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
    )
    quality_assurance_type = forms.ChoiceField(label=_("Type of quality assurance"), required=False)
    quality_assurance_internal_qa = forms.TypedChoiceField(
        label=_("Covered by the institution's internal quality assurance"),
        required=False,
        coerce=lambda v: v == "yes",
        empty_value=None,
        choices=[("", _("Not stated")), ("yes", _("Yes")), ("no", _("No"))],
    )
    quality_assurance_body = forms.CharField(label=_("External QA or accreditation body"), required=False)
    quality_assurance_body_url = forms.URLField(
        label=_("Web page of the QA body"), required=False, assume_scheme="https"
    )
    quality_assurance_registry = forms.ChoiceField(label=_("QA registry"), required=False)
    quality_assurance_accreditation_ref = forms.CharField(
        label=_("Accreditation decision or DEQAR report"), required=False
    )
    quality_assurance_valid_until = forms.DateField(
        label=_("Accreditation valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    supervision = forms.ChoiceField(label=_("Supervision and identity verification"), required=False)
    grading_scheme = forms.CharField(label=_("Grading scheme"), required=False)
    stackability_kind = forms.ChoiceField(
        label=_("Stand-alone or stackable"),
        required=False,
        choices=[("", "—"), ("standalone", _("Stand-alone")), ("stackable", _("Stackable"))],
    )
    stackability_toward_url = forms.URLField(
        label=_("Web page of the larger credential"), required=False, assume_scheme="https"
    )
    validity_period = forms.CharField(
        label=_("Validity period"),
        required=False,
        help_text=_("An ISO 8601 duration such as P3Y (three years); leave empty if it does not expire."),
    )

    def __init__(
        self,
        *args: Any,
        institution: Institution,
        languages: Sequence[str],
        code_editable: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.institution = institution
        self.languages = tuple(languages)
        data = reference_data()
        if not code_editable:
            self.fields["code"].disabled = True
            self.fields["code"].required = False
        _lang_fields(self, "title", _("Title"), LANGUAGES, help_text=_("English is required."))
        _lang_fields(self, "description", _("Description"), LANGUAGES, textarea=True)
        _lang_fields(
            self, "assessment_description", _("How learners are assessed"), self.languages, textarea=True
        )
        _lang_fields(
            self, "participation_description", _("About participation"), self.languages, textarea=True
        )
        _lang_fields(
            self, "quality_assurance_description", _("About quality assurance"), self.languages, textarea=True
        )
        _lang_fields(self, "prerequisites", _("Prerequisites"), self.languages, textarea=True)
        _lang_fields(self, "grading_description", _("About grading"), self.languages, textarea=True)
        _lang_fields(self, "stackability_toward", _("Stackable toward"), self.languages)
        _lang_fields(self, "further_information", _("Further information"), self.languages, textarea=True)
        systems = data.credit_systems.values()
        _set_choices(
            self, "workload_credit_system", [("", "—")] + [(c.code, _label(c.name)) for c in systems]
        )
        # The institution's own framework first; the others stay available for joint offers.
        frameworks = sorted(
            (fw for fw in data.frameworks.values() if fw.code not in ("EQF", "AQRF")),
            key=lambda fw: (fw.code != institution.national_framework, fw.code),
        )
        _set_choices(
            self,
            "level_national",
            [("", "—")]
            + [
                (_label(fw.name), [(f"{fw.code}:{lv}", f"{fw.code} {lv}") for lv in fw.levels])
                for fw in frameworks
            ],
        )
        _set_choices(
            self,
            "isced_f",
            [("", "—")] + [(code, f"{code} — {_label(f.label)}") for code, f in data.isced.items()],
        )
        _set_choices(self, "assessment_types", _vocab_choices("assessment_types", blank=False))
        _set_choices(self, "participation_mode", _vocab_choices("participation_modes"))
        _set_choices(self, "participation_learning_setting", _vocab_choices("learning_settings"))
        _set_choices(self, "quality_assurance_type", _vocab_choices("qa_types"))
        _set_choices(self, "quality_assurance_registry", _vocab_choices("qa_registries"))
        _set_choices(self, "supervision", _vocab_choices("supervision"))

    def keep_choice(self, name: str, value: str | None) -> None:
        """Keep a stored value selectable even if it is outside the usual choices (e.g. another
        framework's level in a joint micro-credential), so editing never loses it."""
        field = self.fields[name]
        if not value or not isinstance(field, forms.ChoiceField):
            return
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        known = {key for key, label in choices if not isinstance(label, (list, tuple))}
        known |= {key for _, group in choices if isinstance(group, (list, tuple)) for key, _label in group}
        if value not in known:
            field.choices = [*choices, (value, value)]

    def fieldsets(self) -> list[tuple[Fieldset, list[forms.BoundField], list[forms.BoundField]]]:
        """(fieldset, fields, folded fields) for the template."""
        return [
            (
                fs,
                [self[n] for n in fs.fields if n in self.fields],
                [self[n] for n in fs.more if n in self.fields],
            )
            for fs in self.layout()
        ]

    def layout(self) -> list[Fieldset]:
        return layout(self.languages)


def layout(languages: Sequence[str]) -> list[Fieldset]:
    """The editor's groups, in order; the formsets (awarding bodies, outcomes, employers) are
    placed between them by the template."""
    langs = tuple(languages)
    every = LANGUAGES

    def lang(name: str, languages: Iterable[str] = langs) -> tuple[str, ...]:
        return tuple(f"{name}_{lg}" for lg in languages)

    return [
        Fieldset(
            "fs-general",
            _("Title and description"),
            ("M2",),
            ("code", "title_en", "description_en", "homepage", "keywords"),
            more=tuple(f"{name}_{lg}" for lg in every if lg != "en" for name in ("title", "description")),
        ),
        Fieldset(
            "fs-workload",
            _("Workload"),
            ("M7",),
            ("workload_hours", "workload_credits", "workload_credit_system"),
            _("Notional hours of all learning activities, and the credits in your credit system."),
        ),
        Fieldset(
            "fs-level", _("Level"), ("M8",), ("level_eqf", "level_national", "level_aqrf", "level_cycle")
        ),
        Fieldset("fs-isced_f", _("Field of study"), (), ("isced_f",)),
        Fieldset(
            "fs-assessment",
            _("Assessment"),
            ("M9",),
            ("assessment_types", *lang("assessment_description")),
        ),
        Fieldset(
            "fs-participation",
            _("Participation"),
            ("M10",),
            (
                "participation_mode",
                "participation_learning_setting",
                *lang("participation_description"),
                "languages_of_instruction",
            ),
        ),
        Fieldset(
            "fs-quality_assurance",
            _("Quality assurance"),
            ("M11",),
            (
                "quality_assurance_type",
                "quality_assurance_internal_qa",
                "quality_assurance_body",
                "quality_assurance_body_url",
                "quality_assurance_registry",
                "quality_assurance_accreditation_ref",
                "quality_assurance_valid_until",
                *lang("quality_assurance_description"),
            ),
        ),
        Fieldset("fs-prerequisites", _("Prerequisites"), ("O1",), lang("prerequisites")),
        Fieldset("fs-supervision", _("Supervision and identity verification"), ("O2",), ("supervision",)),
        Fieldset("fs-grading", _("Grading"), ("O3",), ("grading_scheme", *lang("grading_description"))),
        Fieldset(
            "fs-stackability",
            _("Stackability"),
            ("O4",),
            ("stackability_kind", *lang("stackability_toward"), "stackability_toward_url"),
        ),
        Fieldset("fs-further_information", _("Further information"), ("O5",), lang("further_information")),
        Fieldset("fs-validity_period", _("Validity"), (), ("validity_period",)),
    ]


FORMSET_LEGENDS = {
    "fs-awarding_bodies": _("Awarding bodies"),
    "fs-learning_outcomes": _("Learning outcomes"),
    "fs-employer_co_designers": _("Employer co-designers"),
    "fs-workload_activities": _("Learning activities"),
}


def legends() -> dict[str, Any]:
    """The legend of every group of the editor, by its HTML id."""
    return {**{fs.id: fs.legend for fs in layout(("en",))}, **FORMSET_LEGENDS}


class OutcomeForm(forms.Form):
    """M6 one learning outcome."""

    id = forms.CharField(label=_("Identifier"), max_length=40, required=False, help_text=_("e.g. LO1"))
    bloom_level = forms.ChoiceField(label=_("Bloom level"), required=False)
    esco_skills = forms.CharField(
        label=_("ESCO skills"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One ESCO skill URI per line, e.g. http://data.europa.eu/esco/skill/…"),
    )
    assessed_by = forms.MultipleChoiceField(
        label=_("Assessed by"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The assessment types that show this outcome was achieved."),
    )

    def __init__(self, *args: Any, languages: Sequence[str] = ("en",), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lang_fields(self, "text", _("Outcome"), languages, textarea=True)
        _set_choices(self, "bloom_level", _vocab_choices("bloom_levels"))
        _set_choices(self, "assessed_by", _vocab_choices("assessment_types", blank=False))
        self.languages = tuple(languages)
        self.order_fields(
            ["id", *(f"text_{lg}" for lg in languages), "bloom_level", "assessed_by", "esco_skills"]
        )


class AwardingBodyForm(forms.Form):
    """M4 an awarding body and M3 its country."""

    country = forms.CharField(
        label=_("Country code"), max_length=2, required=False, help_text=_("e.g. VN, LA, CZ")
    )
    region = forms.CharField(label=_("Region or city"), required=False)
    slug = forms.CharField(label=_("Institution key in the register"), required=False)
    homepage = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    id = forms.CharField(label=_("Identifier (DID or URL)"), required=False)

    def __init__(self, *args: Any, languages: Sequence[str] = ("en",), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lang_fields(self, "name", _("Name"), languages)
        self.languages = tuple(languages)
        self.order_fields(
            [*(f"name_{lg}" for lg in languages), "country", "region", "slug", "homepage", "id"]
        )


class EmployerForm(forms.Form):
    name = forms.CharField(label=_("Employer"), required=False)
    country = forms.CharField(label=_("Country code"), max_length=2, required=False)
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")


ACTIVITY_LABELS: dict[str, Any] = {
    "lecture": _("Lectures"),
    "seminar": _("Seminars, tutorials"),
    "lab": _("Labs, practicals"),
    "self_study": _("Self-study"),
    "project": _("Project work"),
    "assessment_preparation": _("Assessment preparation"),
    "exam": _("The exam itself"),
    "other": _("Other activity"),
}


class ActivityForm(forms.Form):
    """M7 one learning activity of the workload breakdown (``workload.activities[]``)."""

    kind = forms.ChoiceField(label=_("Activity"), required=False)
    hours = forms.DecimalField(
        label=_("Hours in total"), required=False, min_value=0, max_value=10000, decimal_places=2
    )
    per_week = forms.DecimalField(
        label=_("Or hours a week"), required=False, min_value=0, max_value=168, decimal_places=2
    )
    weeks = forms.IntegerField(label=_("Weeks"), required=False, min_value=1, max_value=520)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "kind", [("", "—"), *ACTIVITY_LABELS.items()])


OutcomeFormSet = forms.formset_factory(OutcomeForm, extra=1)
ActivityFormSet = forms.formset_factory(ActivityForm, extra=1, max_num=40, validate_max=True)
AwardingBodyFormSet = forms.formset_factory(AwardingBodyForm, extra=1)
EmployerFormSet = forms.formset_factory(EmployerForm, extra=1)

# Element codes to the legends used on the editor, so findings group under the same names.
ELEMENT_GROUPS: dict[str, str] = {
    "M2": "fs-general",
    "M3": "fs-awarding_bodies",
    "M4": "fs-awarding_bodies",
    "M6": "fs-learning_outcomes",
    "M7": "fs-workload",
    "M8": "fs-level",
    "M9": "fs-assessment",
    "M10": "fs-participation",
    "M11": "fs-quality_assurance",
    "O1": "fs-prerequisites",
    "O2": "fs-supervision",
    "O3": "fs-grading",
    "O4": "fs-stackability",
    "O5": "fs-further_information",
}


_ROW = re.compile(
    r"^(learning_outcomes|awarding_bodies|employer_co_designers|workload\.activities)\[(\d*)\]\.?(.*)$"
)
PREFIXES = {
    "learning_outcomes": "lo",
    "awarding_bodies": "ab",
    "employer_co_designers": "emp",
    "workload.activities": "wa",
}
# Where the element of a top-level key is edited, for findings without a field of their own.
FIELDSET_OF_KEY = {
    "code": "fs-general",
    "title": "fs-general",
    "description": "fs-general",
    "homepage": "fs-general",
    "keywords": "fs-general",
    "awarding_bodies": "fs-awarding_bodies",
    "learning_outcomes": "fs-learning_outcomes",
    "employer_co_designers": "fs-employer_co_designers",
    "workload": "fs-workload",
    "workload.activities": "fs-workload_activities",
    "level": "fs-level",
    "isced_f": "fs-isced_f",
    "assessment": "fs-assessment",
    "participation": "fs-participation",
    "languages_of_instruction": "fs-participation",
    "quality_assurance": "fs-quality_assurance",
    "prerequisites": "fs-prerequisites",
    "supervision": "fs-supervision",
    "grading": "fs-grading",
    "stackability": "fs-stackability",
    "further_information": "fs-further_information",
    "validity_period": "fs-validity_period",
}


def editor_languages(institution: Institution, spec: dict[str, Any] | None = None) -> tuple[str, ...]:
    """English, the institution's own languages, and any language the specification uses."""
    wanted = {"en", *(institution.name or {})}
    for value in _texts(spec or {}):
        wanted.update(value)
    return tuple(lg for lg in LANGUAGES if lg in wanted)


def _texts(node: Any) -> Iterable[dict[str, str]]:
    if isinstance(node, dict):
        if node and all(k in LANGUAGES and isinstance(v, str) for k, v in node.items()):
            yield node
        else:
            for v in node.values():
                yield from _texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _texts(v)


def new_draft_document(institution: Institution) -> dict[str, Any]:
    """What a new draft starts with: the institution as awarding body, its credit system."""
    body = {
        "name": institution.name or {"en": institution.short_name},
        "country": institution.country,
        "region": institution.city or None,
        "slug": institution.slug,
        "homepage": institution.homepage or None,
    }
    return {
        "awarding_bodies": [{k: v for k, v in body.items() if v is not None}],
        "workload": {"credit_system": institution.credit_system},
    }


class SpecEditor:
    """The form and its three repeatable groups, read and written as one exchange document."""

    def __init__(
        self,
        *,
        institution: Institution,
        spec: dict[str, Any] | None = None,
        data: Any = None,
        code_editable: bool = True,
    ) -> None:
        self.institution = institution
        self.languages = editor_languages(institution, spec)
        # What the unchanged form stands for: the stored specification, or for a new draft the
        # institution's prefilled awarding body and credit system.
        self.initial_document: dict[str, Any] = spec if spec is not None else new_draft_document(institution)
        initial, lo_initial, ab_initial, emp_initial = self._initial(spec)
        wa_initial = [
            {k: a.get(k) for k in ("kind", "hours", "per_week", "weeks")}
            for a in ((self.initial_document.get("workload") or {}).get("activities") or ())
        ]
        if data is not None:
            # A posted form may carry languages the stored spec does not yet (a new row).
            self.languages = tuple(
                lg
                for lg in LANGUAGES
                if lg in self.languages
                or any(
                    k.endswith(f"_{lg}") and v and not k.startswith(ALL_LANGUAGE_ELEMENTS)
                    for k, v in data.items()
                )
            )
        kw: dict[str, Any] = {"languages": self.languages}
        self.form = SpecForm(
            data, initial=initial, institution=institution, code_editable=code_editable, **kw
        )
        self.form.keep_choice("level_national", initial.get("level_national"))
        self.form.keep_choice("workload_credit_system", initial.get("workload_credit_system"))
        self.outcomes = OutcomeFormSet(data, initial=lo_initial, prefix="lo", form_kwargs=kw)
        self.bodies = AwardingBodyFormSet(data, initial=ab_initial, prefix="ab", form_kwargs=kw)
        self.employers = EmployerFormSet(data, initial=emp_initial, prefix="emp")
        # A client that posts no activity rows (an older form, the API) keeps the stored ones.
        self.activities_posted = data is not None and "wa-TOTAL_FORMS" in data
        self.activities = ActivityFormSet(
            data if self.activities_posted else None, initial=wa_initial, prefix="wa"
        )

    # --- reading a stored specification into the form -------------------------------------
    def _initial(
        self, spec: dict[str, Any] | None
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        inst = self.institution
        s = spec if spec is not None else self.initial_document
        initial: dict[str, Any] = {
            "code": s.get("code") or "",
            "homepage": s.get("homepage") or "",
            "keywords": ", ".join(s.get("keywords") or ()),
            "isced_f": s.get("isced_f") or "",
            "supervision": s.get("supervision") or "",
            "languages_of_instruction": list(s.get("languages_of_instruction") or ()),
            "validity_period": s.get("validity_period") or "",
        }
        for name in ("title", "description", "prerequisites", "further_information"):
            _lang_initial(initial, name, s.get(name))
        w = s.get("workload") or {}
        initial |= {
            "workload_hours": w.get("hours"),
            "workload_credits": w.get("credits"),
            "workload_credit_system": w.get("credit_system") or inst.credit_system,
        }
        lv = s.get("level") or {}
        initial |= {
            "level_eqf": lv.get("eqf"),
            "level_national": lv.get("national") or "",
            "level_aqrf": lv.get("aqrf"),
            "level_cycle": lv.get("cycle") or "",
        }
        a = s.get("assessment") or {}
        initial["assessment_types"] = list(a.get("types") or ())
        _lang_initial(initial, "assessment_description", a.get("description"))
        p = s.get("participation") or {}
        initial |= {
            "participation_mode": p.get("mode") or "",
            "participation_learning_setting": p.get("learning_setting") or "",
        }
        _lang_initial(initial, "participation_description", p.get("description"))
        qa = s.get("quality_assurance") or {}
        for key in ("type", "body", "body_url", "registry", "accreditation_ref", "valid_until"):
            initial[f"quality_assurance_{key}"] = qa.get(key) or ""
        internal = qa.get("internal_qa")
        initial["quality_assurance_internal_qa"] = "" if internal is None else ("yes" if internal else "no")
        _lang_initial(initial, "quality_assurance_description", qa.get("description"))
        g = s.get("grading") or {}
        initial["grading_scheme"] = g.get("scheme") or ""
        _lang_initial(initial, "grading_description", g.get("description"))
        st = s.get("stackability") or {}
        initial |= {
            "stackability_kind": st.get("kind") or "",
            "stackability_toward_url": st.get("toward_url") or "",
        }
        _lang_initial(initial, "stackability_toward", st.get("toward"))

        outcomes = []
        for lo in s.get("learning_outcomes") or ():
            row = {
                "id": lo.get("id") or "",
                "bloom_level": lo.get("bloom_level") or "",
                "esco_skills": "\n".join(lo.get("esco_skills") or ()),
                "assessed_by": list(lo.get("assessed_by") or ()),
            }
            _lang_initial(row, "text", lo.get("text"))
            outcomes.append(row)
        bodies = []
        for body in s.get("awarding_bodies") or ():
            row = {k: body.get(k) or "" for k in ("country", "region", "slug", "homepage", "id")}
            _lang_initial(row, "name", body.get("name"))
            bodies.append(row)
        employers = [
            {k: e.get(k) or "" for k in ("name", "country", "url")}
            for e in s.get("employer_co_designers") or ()
        ]
        return initial, outcomes, bodies, employers

    # --- validation and writing the exchange document ------------------------------------
    def is_valid(self) -> bool:
        results = [
            self.form.is_valid(),
            self.outcomes.is_valid(),
            self.bodies.is_valid(),
            self.employers.is_valid(),
            self.activities.is_valid() if self.activities_posted else True,
        ]
        return all(results)

    def to_document(self) -> dict[str, Any]:
        """The exchange-format document from whatever fields are valid (absent elements left out)."""
        d = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        langs = self.languages
        doc: dict[str, Any] = {"format": "microcred-spec", "format_version": "1.0"}

        def put(target: dict[str, Any], key: str, value: Any) -> None:
            if value not in (None, "", [], {}, ()):
                target[key] = value

        put(doc, "code", (d.get("code") or "").strip())
        put(doc, "title", _lang_value(d, "title", LANGUAGES))
        put(doc, "description", _lang_value(d, "description", LANGUAGES))
        bodies = []
        for f in self._filled(self.bodies):
            c = f.cleaned_data
            body: dict[str, Any] = {}
            put(body, "name", _lang_value(c, "name", langs))
            put(body, "country", (c.get("country") or "").strip().upper())
            for key in ("region", "id", "slug", "homepage"):
                put(body, key, (c.get(key) or "").strip())
            bodies.append(body)
        put(doc, "awarding_bodies", bodies)
        outcomes: list[dict[str, Any]] = []
        for f in self._filled(self.outcomes):
            c = f.cleaned_data
            lo: dict[str, Any] = {"id": (c.get("id") or "").strip() or f"LO{len(outcomes) + 1}"}
            put(lo, "text", _lang_value(c, "text", langs))
            put(lo, "bloom_level", c.get("bloom_level"))
            put(
                lo, "esco_skills", [u.strip() for u in (c.get("esco_skills") or "").splitlines() if u.strip()]
            )
            put(lo, "assessed_by", list(c.get("assessed_by") or ()))
            outcomes.append(lo)
        put(doc, "learning_outcomes", outcomes)
        workload: dict[str, Any] = {}
        for key in ("hours", "credits"):
            value = d.get(f"workload_{key}")
            put(workload, key, None if value is None else format(value.normalize(), "f"))
        put(workload, "credit_system", d.get("workload_credit_system"))
        activities = (
            []
            if self.activities_posted
            else list((self.initial_document.get("workload") or {}).get("activities") or ())
        )
        for f in self._filled(self.activities) if self.activities_posted else ():
            c = f.cleaned_data
            activity: dict[str, Any] = {"kind": c.get("kind") or "other"}
            for key in ("hours", "per_week"):
                value = c.get(key)
                put(activity, key, None if value is None else format(value.normalize(), "f"))
            put(activity, "weeks", c.get("weeks"))
            activities.append(activity)
        put(workload, "activities", activities)
        put(doc, "workload", workload)
        level: dict[str, Any] = {}
        for key in ("eqf", "national", "aqrf", "cycle"):
            put(level, key, d.get(f"level_{key}"))
        put(doc, "level", level)
        put(doc, "isced_f", d.get("isced_f"))
        assessment: dict[str, Any] = {}
        put(assessment, "types", list(d.get("assessment_types") or ()))
        put(assessment, "description", _lang_value(d, "assessment_description", langs))
        put(doc, "assessment", assessment)
        participation: dict[str, Any] = {}
        put(participation, "mode", d.get("participation_mode"))
        put(participation, "learning_setting", d.get("participation_learning_setting"))
        put(participation, "description", _lang_value(d, "participation_description", langs))
        put(doc, "participation", participation)
        qa: dict[str, Any] = {}
        for key in ("type", "body", "body_url", "registry", "accreditation_ref"):
            put(qa, key, (d.get(f"quality_assurance_{key}") or "").strip())
        internal = d.get("quality_assurance_internal_qa")
        if internal is not None:
            qa["internal_qa"] = internal
        valid_until = d.get("quality_assurance_valid_until")
        put(qa, "valid_until", valid_until.isoformat() if valid_until else None)
        put(qa, "description", _lang_value(d, "quality_assurance_description", langs))
        put(doc, "quality_assurance", qa)
        put(doc, "prerequisites", _lang_value(d, "prerequisites", langs))
        put(doc, "supervision", d.get("supervision"))
        grading: dict[str, Any] = {}
        put(grading, "scheme", (d.get("grading_scheme") or "").strip())
        put(grading, "description", _lang_value(d, "grading_description", langs))
        put(doc, "grading", grading)
        stack: dict[str, Any] = {}
        put(stack, "kind", d.get("stackability_kind"))
        put(stack, "toward", _lang_value(d, "stackability_toward", langs))
        put(stack, "toward_url", d.get("stackability_toward_url"))
        put(doc, "stackability", stack)
        put(doc, "further_information", _lang_value(d, "further_information", langs))
        put(doc, "homepage", d.get("homepage"))
        put(doc, "languages_of_instruction", list(d.get("languages_of_instruction") or ()))
        employers = []
        for f in self._filled(self.employers):
            c = f.cleaned_data
            e: dict[str, Any] = {}
            put(e, "name", (c.get("name") or "").strip())
            put(e, "country", (c.get("country") or "").strip().upper())
            put(e, "url", c.get("url"))
            employers.append(e)
        put(doc, "employer_co_designers", employers)
        put(doc, "validity_period", (d.get("validity_period") or "").strip())
        put(doc, "keywords", [k.strip() for k in (d.get("keywords") or "").split(",") if k.strip()])
        return doc

    @staticmethod
    def _filled(formset: forms.BaseFormSet) -> list[forms.Form]:  # type: ignore[type-arg]
        return [f for f in formset.forms if hasattr(f, "cleaned_data") and any(f.cleaned_data.values())]

    # --- from a finding's path to the field that fixes it ---------------------------------
    def _form_for(self, path: str) -> tuple[forms.BaseForm | None, str, str]:
        m = _ROW.match(path)
        if m:
            key, index, rest = m.groups()
            formsets: dict[str, forms.BaseFormSet] = {  # type: ignore[type-arg]
                "lo": self.outcomes,
                "ab": self.bodies,
                "emp": self.employers,
                "wa": self.activities,
            }
            formset = formsets[PREFIXES[key]]
            if index and int(index) < len(formset.forms):
                return formset.forms[int(index)], rest, key
            return None, rest, key
        return self.form, path, path.split(".")[0].split("[")[0]

    def field_for(self, path: str) -> tuple[forms.BaseForm | None, str | None]:
        form, rest, _key = self._form_for(path)
        if form is None:
            return None, None
        name = rest.replace(".", "_").replace("[]", "")
        while name:
            for candidate in (name, f"{name}_en"):
                if candidate in form.fields:
                    return form, candidate
            name = name.rpartition("_")[0]
        return form, None

    def anchor(self, path: str) -> str:
        """The HTML id to link to for a finding or problem at ``path``."""
        form, name = self.field_for(path)
        if form is not None and name is not None:
            return form[name].id_for_label or f"id_{form.add_prefix(name)}"
        _form, _rest, key = self._form_for(path)
        return FIELDSET_OF_KEY.get(key, "fs-general")

    def add_problem(self, path: str, message: str) -> None:
        """Attach a format problem to the field it is about (or to the form as a whole)."""
        form, name = self.field_for(path)
        if form is not None and name is not None:
            form.add_error(name, message)
        else:
            self.form.add_error(None, f"{path}: {message}")

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) for every error, in form order, for the summary at the top."""
        items: list[tuple[str, str, str]] = []
        for formset, fieldset in (
            (self.bodies, "fs-awarding_bodies"),
            (self.outcomes, "fs-learning_outcomes"),
            (self.employers, "fs-employer_co_designers"),
            (self.activities, "fs-workload_activities"),
        ):
            if formset.is_bound:
                items.extend((fieldset, "", str(e)) for e in formset.non_form_errors())
        for form in (
            self.form,
            *self.bodies.forms,
            *self.outcomes.forms,
            *self.employers.forms,
            *self.activities.forms,
        ):
            for name, errors in form.errors.items():
                if name == "__all__":
                    items.extend(("fs-general", "", str(e)) for e in errors)
                    continue
                bf = form[name]
                items.extend((bf.id_for_label, str(bf.label), str(e)) for e in errors)
        return items
