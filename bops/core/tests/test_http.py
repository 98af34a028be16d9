"""The client's address behind proxies, and the fixed-window rate limit."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from bops.core.http import client_address, etag_for, matches_etag, rate_limit


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def request(remote="198.51.100.7", forwarded=None, if_none_match=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    if if_none_match is not None:
        extra["HTTP_IF_NONE_MATCH"] = if_none_match
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "1.2.3.4", "198.51.100.7"),  # no proxy: the header is the client's own words
        (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a spoofed entry on the left is ignored
        (2, "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (1, "10.0.0.1", None, "10.0.0.1"),
    ],
)
def test_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_address(request(remote, forwarded)) == expected


def test_the_limit_counts_per_client_and_resets_with_the_window():
    with time_machine.travel("2026-12-03 10:00:05", tick=False):
        results = [rate_limit(scope="s", client="a", limit=2, window_seconds=60) for _ in range(3)]
        assert results[:2] == [None, None]
        assert results[2] is not None and results[2].retry_after == 55
        assert rate_limit(scope="s", client="b", limit=2, window_seconds=60) is None
        assert rate_limit(scope="other", client="a", limit=2, window_seconds=60) is None
    with time_machine.travel("2026-12-03 10:01:01", tick=False):
        assert rate_limit(scope="s", client="a", limit=2, window_seconds=60) is None


def test_etags_match_weak_strong_and_lists():
    tag = etag_for(b"{}")
    assert matches_etag(request(if_none_match=tag), tag)
    assert matches_etag(request(if_none_match=f'"other", W/{tag}'), tag)
    assert matches_etag(request(if_none_match="*"), tag)
    assert not matches_etag(request(if_none_match='"other"'), tag)
    assert not matches_etag(request(), tag)
