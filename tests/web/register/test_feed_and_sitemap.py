"""GET /feed.atom and GET /sitemap.xml validate offline against the Atom grammar (RFC 4287
Appendix B) and the sitemaps.org 0.9 schema kept in tests/assets/syndication."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import Client
from lxml import etree

from microcred_web.catalogue.models import Status
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "syndication"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def atom_grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(ASSETS / "atom.rng")))


@pytest.fixture(scope="module")
def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(ASSETS / "sitemap.xsd")))


@pytest.fixture
def register() -> None:
    f.publish(
        f.econometrics(version=1),
        slug="muni",
        status=Status.RETIRED,
        published_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    f.publish(f.econometrics(version=2), slug="muni", published_at=datetime(2026, 4, 1, tzinfo=UTC))
    f.publish(f.banking_vn(), slug="buh", published_at=datetime(2026, 2, 1, tzinfo=UTC))
    f.publish(f.finance_lao(), slug="nuol", published_at=datetime(2026, 3, 1, tzinfo=UTC))
    f.publish(f.banking_vn(code="BUH-DRAFT", version=1), slug="buh", status=Status.DRAFT)


def _atom(client: Client) -> etree._Element:
    response = client.get("/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


@pytest.mark.usefixtures("register")
def test_the_feed_is_valid_atom_newest_first_without_drafts(
    client: Client, atom_grammar: etree.RelaxNG
) -> None:
    feed = _atom(client)
    assert atom_grammar.validate(feed), atom_grammar.error_log
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    # every published version is news when it is published, the retired first version too
    assert titles == [
        "Econometrics in R",
        "Bank financial statements",
        "Digital banking operations",
        "Econometrics in R",
    ]
    assert feed.findtext(f"{ATOM}updated") == "2026-04-01T00:00:00Z"
    # the Schematron rules of RFC 4287 Appendix B, which RELAX NG does not check
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http")
        assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")


def test_an_empty_register_still_gives_a_valid_feed(client: Client, atom_grammar: etree.RelaxNG) -> None:
    assert atom_grammar.validate(_atom(client)), atom_grammar.error_log


def test_markup_in_a_title_is_escaped_text_in_the_feed(client: Client, atom_grammar: etree.RelaxNG) -> None:
    f.publish(f.banking_vn(title={"en": "<b>Risk</b> & </title> ]]>"}), slug="buh")
    feed = _atom(client)
    assert atom_grammar.validate(feed), atom_grammar.error_log
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title") == "<b>Risk</b> & </title> ]]>"


@pytest.mark.usefixtures("register")
def test_the_sitemap_is_valid_and_lists_every_current_entry_once(
    client: Client, sitemap_schema: etree.XMLSchema
) -> None:
    response = client.get("/sitemap.xml")
    doc = etree.fromstring(b"".join(response.streaming_content))
    assert sitemap_schema.validate(doc), sitemap_schema.error_log
    locs = [u.findtext(f"{SITEMAP}loc") for u in doc.iter(f"{SITEMAP}url")]
    details = [loc for loc in locs if "/register/" in loc and loc.rstrip("/").count("/") == 4]
    assert len(details) == 3 == len(set(details))
    assert any(loc.endswith("/statistics/") for loc in locs)
    assert any(loc.endswith("/institutions/muni/") for loc in locs)
