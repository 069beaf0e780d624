"""A small WCAG-oriented HTML checker built on the standard library's HTMLParser.

It checks what can be decided from markup alone: document language, one h1, heading order,
labels on form controls, alt text, landmarks, the skip link's target, tabindex, unique ids and
``aria-describedby``/``aria-labelledby`` references that resolve to an element of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
CONTROLS = {"input", "select", "textarea"}


@dataclass
class Control:
    tag: str
    attrs: dict[str, str]
    inside_label: bool


@dataclass
class Page(HTMLParser):
    html_lang: str | None = None
    headings: list[int] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    ids: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    landmarks: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    positive_tabindex: list[str] = field(default_factory=list)
    references: list[tuple[str, str, str]] = field(default_factory=list)
    _label_depth: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attr_list}
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for aria in ("aria-describedby", "aria-labelledby"):
            for ref in attrs.get(aria, "").split():
                self.references.append((f"<{tag} name={attrs.get('name') or attrs.get('id')!r}>", aria, ref))
        if tag == "label":
            self._label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        if tag in CONTROLS and not (tag == "input" and attrs.get("type", "text") in UNLABELLED_INPUT_TYPES):
            self.controls.append(Control(tag, attrs, self._label_depth > 0))
        if tag == "img" and "alt" not in attrs:
            self.images_without_alt.append(attrs.get("src", "?"))
        role = attrs.get("role")
        if tag in ("header", "nav", "main", "footer") or role in (
            "banner",
            "navigation",
            "main",
            "contentinfo",
        ):
            self.landmarks.add(
                {"banner": "header", "navigation": "nav", "contentinfo": "footer"}.get(role or "", tag)
            )
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        tabindex = attrs.get("tabindex")
        if tabindex and tabindex.lstrip("-").isdigit() and int(tabindex) > 0:
            self.positive_tabindex.append(f"<{tag} tabindex={tabindex}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_depth -= 1


def problems(html: str) -> list[str]:
    """Every accessibility problem found in ``html``; empty when there is none."""
    page = Page()
    page.feed(html)
    found: list[str] = []
    if not page.html_lang:
        found.append("<html> has no lang attribute")
    if page.headings.count(1) != 1:
        found.append(f"{page.headings.count(1)} h1 elements; a page needs exactly one")
    if page.headings and page.headings[0] != 1:
        found.append(f"the first heading is h{page.headings[0]}, not h1")
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        if after > before + 1:
            found.append(f"heading level skipped: h{before} followed by h{after}")
    for c in page.controls:
        labelled = (
            c.inside_label
            or (c.attrs.get("id") and c.attrs["id"] in page.label_for)
            or c.attrs.get("aria-label")
            or c.attrs.get("aria-labelledby")
        )
        if not labelled:
            found.append(f"<{c.tag} name={c.attrs.get('name')!r}> has no label")
    found.extend(f"<img src={src!r}> has no alt attribute" for src in page.images_without_alt)
    for landmark in ("header", "nav", "main", "footer"):
        if landmark not in page.landmarks:
            found.append(f"no <{landmark}> landmark")
    skip = [h for h in page.links if h.startswith("#")]
    if not skip:
        found.append("no skip link")
    for href in skip:
        if href != "#" and href[1:] not in page.ids:
            found.append(f"link {href} points to no element")
    found.extend(f"{t}: positive tabindex changes the reading order" for t in page.positive_tabindex)
    found.extend(
        f"{element} {aria}={ref!r} points to no element"
        for element, aria, ref in page.references
        if ref not in page.ids
    )
    duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
    if duplicates:
        found.append(f"duplicate ids: {', '.join(duplicates)}")
    return found
