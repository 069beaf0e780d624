"""The register's filter form: labels and choices for the page; parsing is RegisterFilters'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from microcred_web.institutions.models import Institution
from microcred_web.register import display
from microcred_web.register.selectors import facet_values


class PlainSelect(forms.Select):
    """Django's ``Select`` written out in Python: the same markup as its templates
    (``django/forms/widgets/select.html`` and ``select_option.html``), without a template
    include per option. The register's six filters carry about eighty options, and rendering
    them through the widget templates was the largest share of the page's CPU time at any
    register size (ADR 1543)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for _group, options, _index in widget["optgroups"]:
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        option["value"],
                        _attrs(option["attrs"]),
                        option["label"],
                    )
                )
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


def _attrs(attrs: dict[str, Any]) -> str:
    """``django/forms/widgets/attrs.html``: ``True`` as a bare name, ``False`` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    institution = forms.ChoiceField(label=_("Institution"), required=False, widget=PlainSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    eqf = forms.ChoiceField(label=_("EQF level"), required=False, widget=PlainSelect)
    credits_min = forms.DecimalField(
        label=_("ECTS credits from"), required=False, min_value=0, decimal_places=2
    )
    credits_max = forms.DecimalField(
        label=_("ECTS credits to"), required=False, min_value=0, decimal_places=2
    )
    isced = forms.ChoiceField(label=_("Field of study (ISCED-F)"), required=False, widget=PlainSelect)
    language = forms.ChoiceField(label=_("Language of instruction"), required=False, widget=PlainSelect)
    mode = forms.ChoiceField(label=_("Form of participation"), required=False, widget=PlainSelect)
    skill = forms.CharField(
        label=_("ESCO skill"),
        required=False,
        max_length=300,
        help_text=_("An ESCO skill URI, or follow a skill link on a micro-credential page."),
    )

    def __init__(
        self, *args: object, counts: dict[str, dict[str, int]] | None = None, **kwargs: object
    ) -> None:
        """``counts`` (``selectors.facet_counts``) puts the number of results each choice would
        give beside it, e.g. "Vietnam · 12" (issue 15 item 6)."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        facets = facet_values()
        any_ = ("", _("Any"))
        lang = display.lang()
        f = self.fields

        def counted(facet: str, choices: list[tuple[str, str]]) -> list[tuple[str, Any]]:
            """The choices after "Any", each with its count when counts are given."""
            if counts is not None:
                choices = [(value, f"{label} · {counts[facet].get(value, 0)}") for value, label in choices]
            return [any_, *choices]

        f["institution"].choices = counted(  # type: ignore[attr-defined]
            "institution",
            [
                (i.slug, f"{i.display_name(lang)} ({i.short_name})")
                for i in Institution.objects.order_by("short_name")
            ],
        )
        f["country"].choices = counted(  # type: ignore[attr-defined]
            "country", [(c, display.country_name(c)) for c in facets["countries"]]
        )
        f["eqf"].choices = counted("eqf", [(str(n), str(n)) for n in range(1, 9)])  # type: ignore[attr-defined]
        # Broad and narrow fields: both are translated, and a prefix filters every detailed
        # field under it (the reference table names detailed fields in English only).
        broad = sorted({c[:2] for c in facets["isced"]})
        narrow = sorted({c[:3] for c in facets["isced"]})
        isced_choices = [any_]
        for b in broad:
            isced_choices.append((b, f"{b} {display.isced_label(b).text}"))
            isced_choices.extend(
                (n, f"\u2003{n} {display.isced_label(n).text}") for n in narrow if n.startswith(b)
            )
        f["isced"].choices = counted("isced", isced_choices[1:])  # type: ignore[attr-defined]
        f["language"].choices = counted(  # type: ignore[attr-defined]
            "language", [(c, display.language_name(c)) for c in facets["languages"]]
        )
        f["mode"].choices = counted(  # type: ignore[attr-defined]
            "mode", [(m, display.vocabulary_label("participation_modes", m)) for m in facets["modes"]]
        )
