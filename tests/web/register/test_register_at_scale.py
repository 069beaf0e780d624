"""Issue 15 item 6: relevance ordering, facet counts, the search table, a streamed CSV and ELM dump."""

import csv
import io
import json
import re

import pytest
from django.test import Client

from microcred_web.catalogue.models import MicroCredentialVersion, Status
from microcred_web.register import exports, selectors
from microcred_web.register.models import SearchEntry
from tests.web.register import factories as f

pytestmark = pytest.mark.django_db


def _titles(client: Client, query: str) -> list[str]:
    html = client.get("/register/" + query).content.decode()
    return re.findall(r'class="entry-title"><a href="[^"]+" lang="[a-z]+">([^<]+)</a>', html)


def _basel() -> dict:
    return f.banking_vn(
        code="AAA-BASEL",
        title={"en": "Basel capital and liquidity", "vi": "Vốn và thanh khoản theo Basel"},
        description={"vi": "Dành cho người đã học kế toán ngân hàng.", "en": "For bank accountants."},
    )


def _accounting(code: str, title_vi: str) -> dict:
    return f.banking_vn(code=code, title={"en": f"Accounting {code}", "vi": title_vi})


def test_a_title_match_comes_before_a_description_match(client: Client) -> None:
    # "aaa" sorts first by institution, so without relevance the Basel course would lead
    f.publish(_basel(), slug="muni")
    f.publish(_accounting("NEU-ACC", "Kế toán quản trị"), slug="nuol")
    f.publish(_accounting("NEU-IFRS", "Kế toán tài chính theo IFRS"), slug="buh")
    assert _titles(client, "?q=kế+toán") == [
        "Accounting NEU-IFRS",
        "Accounting NEU-ACC",
        "Basel capital and liquidity",
    ]
    api = client.get("/api/micro-credentials?q=ke+toan").json()
    assert [r["code"] for r in api["results"]] == ["NEU-IFRS", "NEU-ACC", "AAA-BASEL"]


def test_each_filter_choice_shows_how_many_results_it_would_give(client: Client) -> None:
    f.publish(f.econometrics(), slug="muni")
    f.publish(f.banking_vn(), slug="buh")
    f.publish(f.banking_vn(code="BUH-TWO"), slug="buh")
    f.publish(f.finance_lao(), slug="nuol")
    counts = selectors.facet_counts(selectors.RegisterFilters(country="VN"))
    # the country facet ignores the country filter itself; the others count within VN
    assert counts["country"] == {"CZ": 1, "VN": 2, "LA": 1}
    assert counts["institution"] == {"buh": 2}
    assert counts["language"] == {"vi": 2}
    html = client.get("/register/?country=VN").content.decode()
    assert re.search(r'<option value="LA">[^<]* · 1</option>', html)
    assert re.search(r'<option value="VN" selected>[^<]* · 2</option>', html)


def test_the_search_table_follows_publication_and_retirement() -> None:
    v1 = f.publish(f.econometrics(version=1), slug="muni")
    assert SearchEntry.objects.get().version_id == v1.pk
    assert SearchEntry.objects.get().search_text == v1.search_text
    v2 = f.publish(f.econometrics(version=2), slug="muni")
    assert SearchEntry.objects.get().version_id == v2.pk
    v2.status = Status.RETIRED
    v2.retired_at = v2.published_at
    MicroCredentialVersion.save(v2)
    assert SearchEntry.objects.get().version_id == v1.pk
    v1.status = Status.RETIRED
    MicroCredentialVersion.save(v1)
    assert not SearchEntry.objects.exists()
    assert list(selectors.register_search(selectors.RegisterFilters())) == []


def test_the_csv_is_streamed_and_reads_the_register_a_chunk_at_a_time(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(4):
        f.publish(f.banking_vn(code=f"BUH-{n}"), slug="buh")
    monkeypatch.setattr(exports, "CSV_CHUNK", 1)
    built: list[int] = []
    original = MicroCredentialVersion.from_db.__func__  # type: ignore[attr-defined]

    def counting(cls, db, field_names, values):  # type: ignore[no-untyped-def]
        built.append(1)
        return original(cls, db, field_names, values)

    monkeypatch.setattr(MicroCredentialVersion, "from_db", classmethod(counting))
    response = client.get("/register.csv")
    assert response.streaming
    chunks = iter(response.streaming_content)
    assert next(chunks) == "\ufeff".encode()
    assert next(chunks).startswith(b"uuid,url,")
    first_row = next(chunks)
    # one row written, and only the rows of one chunk read from the database so far
    assert b"BUH-" in first_row and len(built) == 1
    rest = b"".join(chunks)
    assert len(built) == 4
    rows = list(csv.reader(io.StringIO((first_row + rest).decode())))
    assert len(rows) == 4


def test_the_elm_dump_holds_every_current_entry_in_one_json_ld_file(client: Client) -> None:
    f.publish(f.econometrics(), slug="muni")
    f.publish(f.banking_vn(), slug="buh")
    response = client.get("/register/elm.jsonld")
    assert response.streaming and response["Content-Type"] == "application/ld+json"
    documents = json.loads(b"".join(response.streaming_content))
    assert len(documents) == 2
    assert all("@context" in d and d["id"].startswith("http") for d in documents)


def test_list_pages_carry_schema_org_courses(client: Client) -> None:
    f.publish(f.banking_vn(), slug="buh")
    for url in ("/register/", "/institutions/buh/"):
        html = client.get(url).content.decode()
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        )
        item = data["itemListElement"][0]["item"]
        assert data["@type"] == "ItemList" and item["@type"] == "Course"
        assert item["educationalCredentialAwarded"]["@type"] == "EducationalOccupationalCredential"
