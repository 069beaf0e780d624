"""The register for machines that poll: an Atom feed of newly published versions (RFC 4287)
and a sitemap of the public pages (sitemaps.org protocol 0.9). ADR 1522.

Both are built with ElementTree, so every text is escaped by the serialiser, never by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

ATOM_NS = "http://www.w3.org/2005/Atom"  # RFC 4287 section 2
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"  # sitemaps.org protocol, "XML tag definitions"
# sitemaps.org: "no more than 50,000 URLs"; a larger register needs a sitemap index (not yet).
SITEMAP_MAX_URLS = 50_000

ET.register_namespace("", ATOM_NS)


@dataclass(frozen=True)
class FeedEntry:
    """One published version as an Atom entry (RFC 4287 section 4.1.2)."""

    uuid: str
    url: str
    title: str
    title_lang: str
    summary: str
    institution: str
    published: datetime


def _date(value: datetime) -> str:
    # RFC 4287 section 3.3: an RFC 3339 date-time; written in UTC with a "Z".
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(
    *, feed_id: str, title: str, self_url: str, site_url: str, entries: list[FeedEntry], now: datetime
) -> bytes:
    """The feed document. ``updated`` is the newest entry's date (or ``now`` for an empty feed),
    so the feed changes only when the register does."""
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = feed_id  # 4.2.6 atom:id
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = title  # 4.2.14 atom:title
    updated = max((e.published for e in entries), default=now)
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = _date(updated)  # 4.2.15 atom:updated
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="self", href=self_url, type="application/atom+xml")  # 4.2.7
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", rel="alternate", href=site_url, type="text/html")
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = f"urn:uuid:{e.uuid}"  # 4.2.6: permanent, unique
        title_el = ET.SubElement(entry, f"{{{ATOM_NS}}}title")
        title_el.text = e.title
        title_el.set("{http://www.w3.org/XML/1998/namespace}lang", e.title_lang)  # 2: xml:lang on any element
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = _date(e.published)
        ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = _date(e.published)  # 4.2.9
        # 4.1.1: an entry without an author in a feed without one needs its own atom:author.
        author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
        ET.SubElement(author, f"{{{ATOM_NS}}}name").text = e.institution
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", rel="alternate", href=e.url, type="text/html")
        if e.summary:
            ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = e.summary  # 4.2.13, type="text"
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        feed, encoding="utf-8", xml_declaration=False
    )


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    lastmod: datetime | None = None


def sitemap(urls: Iterable[SitemapUrl]) -> Iterator[str]:
    """The ``<urlset>`` document in pieces, one ``<url>`` at a time (it may be long)."""
    yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
    for n, url in enumerate(urls):
        if n >= SITEMAP_MAX_URLS:
            break
        element = ET.Element("url")
        ET.SubElement(element, "loc").text = url.loc  # at most 2,048 characters; ours are short
        if url.lastmod is not None:
            ET.SubElement(element, "lastmod").text = _date(url.lastmod)  # W3C Datetime
        yield ET.tostring(element, encoding="unicode") + "\n"
    yield "</urlset>\n"
