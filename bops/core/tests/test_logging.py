"""Applicant link tokens never reach the logs."""

import logging

import pytest

from bops.core.logging import RedactLinkTokens


@pytest.mark.parametrize(
    ("message", "args", "logged"),
    [
        ("Not Found: %s", ("/respond/eyJhIjo1fQ:1v2:abc/requests/3",), "Not Found: /respond/…/requests/3"),
        ('"GET /respond/eyJhIjo1fQ:1v2:abc HTTP/1.1" 404 12', None, '"GET /respond/… HTTP/1.1" 404 12'),
        ("Nothing secret in /applications/24-00100-HAPP", None, "Nothing secret in /applications/24-00100-HAPP"),
    ],
)
def test_tokens_in_paths_are_redacted(message, args, logged):
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, message, args, None)
    assert RedactLinkTokens().filter(record) is True
    assert record.getMessage() == logged


def test_the_console_handler_uses_the_filter(settings):
    assert "redact_link_tokens" in settings.LOGGING["handlers"]["console"]["filters"]
