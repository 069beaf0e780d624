"""Who the client is, and how requests are counted (ADR 0320): X-Forwarded-For is believed only
as far back as the hops the platform trusts; rates and windows are what the settings say."""

from __future__ import annotations

import importlib
import ipaddress

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from microcred_web.core.client_address import client_ip, parse_address, rate_limit_key
from microcred_web.core.rate_limits import Rate, count_request, parse_rate

PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("2001:db8:ffff::/48"))


def test_without_a_trusted_proxy_the_client_is_the_peer_whatever_it_claims() -> None:
    assert client_ip("203.0.113.5", "198.51.100.1", ()) == "203.0.113.5"
    assert client_ip("203.0.113.5", "198.51.100.1", PROXIES) == "203.0.113.5"


def test_behind_trusted_proxies_the_client_is_the_right_most_untrusted_hop() -> None:
    assert client_ip("10.0.0.2", "198.51.100.1", PROXIES) == "198.51.100.1"
    assert client_ip("10.0.0.2", "192.0.2.66, 198.51.100.1, 10.9.9.9", PROXIES) == "198.51.100.1"
    assert client_ip("2001:db8:ffff::1", "[2001:db8:1::7]:4711", PROXIES) == "2001:db8:1::7"
    assert client_ip("10.0.0.2", "198.51.100.1:51234", PROXIES) == "198.51.100.1"
    assert client_ip("::ffff:10.0.0.2", "198.51.100.1", PROXIES) == "198.51.100.1"


def test_a_hop_that_is_not_an_address_ends_the_trust() -> None:
    assert client_ip("10.0.0.2", "198.51.100.1, unknown", PROXIES) == "10.0.0.2"
    assert client_ip("10.0.0.2", "10.1.1.1, <script>", PROXIES) == "10.0.0.2"
    assert client_ip("10.0.0.2", "", PROXIES) == "10.0.0.2"
    assert client_ip("10.0.0.2", "10.1.1.1, 10.2.2.2", PROXIES) == "10.1.1.1"  # only proxies


def test_a_huge_or_hostile_header_never_crashes() -> None:
    hops = ", ".join(f"10.0.{i % 256}.{i // 256 % 256}" for i in range(20_000))
    assert client_ip("10.0.0.2", hops, PROXIES) == "10.0.0.0"
    assert client_ip("10.0.0.2", "\x00, \ud800, [, ]:, ::::::", PROXIES) == "10.0.0.2"
    assert client_ip("", "198.51.100.1", PROXIES) == "unknown"
    assert parse_address("[2001:db8::1") is None


def test_an_ipv6_client_is_counted_by_its_slash_64() -> None:
    assert (
        rate_limit_key("2001:db8:1:2:aaaa::1")
        == rate_limit_key("2001:db8:1:2:bbbb::9")
        == "2001:db8:1:2::/64"
    )
    assert rate_limit_key("2001:db8:1:3::1") != rate_limit_key("2001:db8:1:2::1")
    assert rate_limit_key("203.0.113.5") == "203.0.113.5"


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("30/m", Rate(30, 60)),
        ("100/5m", Rate(100, 300)),
        ("1000 / h", Rate(1000, 3600)),
        ("5/d", Rate(5, 86400)),
    ],
)
def test_a_rate_reads_as_requests_per_period(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["off", "none", "OFF"])
def test_off_lifts_a_limit(text: str) -> None:
    assert parse_rate(text) is None


@pytest.mark.parametrize("text", ["30", "30 per minute", "0/m", "-1/m", "30/y", "m/30"])
def test_a_rate_that_cannot_be_read_stops_the_platform_with_the_form_expected(text: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"30/m"):
        parse_rate(text)


def test_counts_start_again_in_the_next_window_and_retry_after_is_the_time_left() -> None:
    cache.clear()
    rate = Rate(2, 60)
    start = 1_800_000_000.0 - 1_800_000_000.0 % 60  # the start of a window
    hits = [count_request("test", "a", rate, now=start + t) for t in (0, 10, 59.5)]
    assert [h.count for h in hits] == [1, 2, 3]
    assert [h.retry_after for h in hits] == [60, 50, 1]
    assert count_request("test", "a", rate, now=start + 60).count == 1
    assert count_request("test", "b", rate, now=start + 60).count == 1


def test_the_environment_changes_limits_proxies_and_form_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    from microcred_web.config.settings import base

    monkeypatch.setenv("MICROCRED_RATE_LIMITS", "verify=10/m, register_export=off")
    monkeypatch.setenv("MICROCRED_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    monkeypatch.setenv("MICROCRED_CSP_FORM_ACTION", "https://login.microsoftonline.com")
    try:
        importlib.reload(base)
        assert base.MICROCRED_RATE_LIMITS == {
            "verify": "10/m",
            "vc_api_verify": "60/m",
            "register_search": "120/m",
            "register_export": "off",
            "pilot_figures": "60/m",
            "verify_batch": "6/m",
            "wallet": "30/m",
        }
        assert base.MICROCRED_TRUSTED_PROXIES == ["10.0.0.0/8", "127.0.0.1"]
        assert base.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] == [
            "'self'",
            "https://login.microsoftonline.com",
        ]
    finally:
        monkeypatch.undo()
        importlib.reload(base)
    assert base.MICROCRED_TRUSTED_PROXIES == []
