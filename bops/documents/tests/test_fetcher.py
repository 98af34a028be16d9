import logging
import socket
import time

import httpx
import pytest

from bops.documents.fetcher import FetchedFile, FetchError, FileFetcher, HttpFileFetcher, display_url, filename_from_url
from bops.documents.sniffing import DOCX
from bops.documents.tests.fake_file_server import SAMPLES, FakeFileServer

TIMEOUT = 0.3


class Sleeps:
    """A stand-in for time.sleep that records each wait instead of waiting."""

    def __init__(self):
        self.delays = []

    def __call__(self, seconds):
        self.delays.append(seconds)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """httpx honours proxy variables: make sure requests to 127.0.0.1 go straight there."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server():
    with FakeFileServer() as running:
        yield running


@pytest.fixture
def sleeps():
    return Sleeps()


@pytest.fixture
def make_fetcher(sleeps):
    def make(**options):
        return HttpFileFetcher(**{"timeout": TIMEOUT, "attempts": 3, "backoff": 0.5, "sleep": sleeps, **options})

    return make


@pytest.fixture
def fetcher(make_fetcher):
    return make_fetcher()


@pytest.fixture
def bytes_read(monkeypatch):
    """How many body bytes the fetcher took from httpx, piece by piece."""
    pieces = []
    original = httpx.Response.iter_bytes

    def counting(self, *args, **kwargs):
        for piece in original(self, *args, **kwargs):
            pieces.append(len(piece))
            yield piece

    monkeypatch.setattr(httpx.Response, "iter_bytes", counting)
    return pieces


def fetch_error(fetcher, url) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    return caught.value


# --- Files that are what they claim -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "extension"),
    [
        ("/ok/plan.pdf", "application/pdf", "pdf"),
        ("/ok/photo.jpg", "image/jpeg", "jpg"),
        ("/ok/elevations.png", "image/png", "png"),
        ("/ok/statement.docx", DOCX, "docx"),
        ("/ok/fees.csv", "text/csv", "csv"),
        ("/ok/IMG_0001.heic", "image/heic", "heic"),
    ],
)
def test_a_good_file_is_fetched(server, fetcher, sleeps, path, content_type, extension):
    url = server.url(path)

    fetched = fetcher.fetch(url)

    content = SAMPLES[extension][0]
    assert fetched == FetchedFile(
        url=url,
        filename=path.rsplit("/", 1)[1],
        content=content,
        content_type=content_type,
        size=len(content),
        attempts=1,
    )
    assert server.hits(path) == 1
    assert sleeps.delays == []


def test_the_filename_is_the_url_decoded_last_part_of_the_path(server, fetcher):
    fetched = fetcher.fetch(server.url("/ok/Site%20plan%20(rev%20B).pdf?download=1"))

    assert fetched.filename == "Site plan (rev B).pdf"
    assert fetched.content_type == "application/pdf"


def test_the_fetcher_is_a_file_fetcher():
    fetcher: FileFetcher = HttpFileFetcher()
    assert callable(fetcher.fetch)


def test_the_configured_headers_are_sent(server, make_fetcher):
    fetched = make_fetcher(headers={"api-key": "secret"}).fetch(server.url("/auth/plan.pdf"))

    assert fetched.content_type == "application/pdf"
    [request] = server.requests
    assert request.header("api-key") == "secret"
    assert request.header("accept-encoding") == "identity"
    assert "BOPS" in request.header("user-agent")


def test_without_the_api_key_the_answer_is_403_and_not_retried(server, fetcher, sleeps):
    error = fetch_error(fetcher, server.url("/auth/plan.pdf"))

    assert error.reason == "the server answered 403 Forbidden"
    assert error.retryable is False
    assert error.status_code == 403
    assert server.hits("/auth/plan.pdf") == 1
    assert sleeps.delays == []


# --- Answers that are not the file -------------------------------------------------------------


def test_404_is_not_retried(server, fetcher, sleeps):
    url = server.url("/missing/plan.pdf")

    error = fetch_error(fetcher, url)

    assert error.url == url
    assert error.reason == "the server answered 404 Not Found"
    assert str(error) == f"{url}: the server answered 404 Not Found"
    assert error.retryable is False
    assert error.attempts == 1
    assert server.hits("/missing/plan.pdf") == 1
    assert sleeps.delays == []


@pytest.mark.parametrize(("status", "phrase"), [(400, "Bad Request"), (401, "Unauthorized"), (410, "Gone")])
def test_other_4xx_answers_are_not_retried(server, fetcher, sleeps, status, phrase):
    error = fetch_error(fetcher, server.url(f"/status/{status}/plan.pdf"))

    assert error.reason == f"the server answered {status} {phrase}"
    assert error.retryable is False
    assert server.hits(f"/status/{status}/plan.pdf") == 1
    assert sleeps.delays == []


@pytest.mark.parametrize(
    ("status", "phrase"),
    [(500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable"), (504, "Gateway Timeout")],
)
def test_5xx_answers_are_retried_with_backoff_then_reported_as_retryable(server, fetcher, sleeps, status, phrase):
    error = fetch_error(fetcher, server.url(f"/status/{status}/plan.pdf"))

    assert error.reason == f"the server answered {status} {phrase} (3 attempts)"
    assert error.retryable is True
    assert error.status_code == status
    assert error.attempts == 3
    assert server.hits(f"/status/{status}/plan.pdf") == 3
    assert sleeps.delays == [0.5, 1.0]


def test_a_flaky_server_is_retried_until_it_answers(server, fetcher, sleeps):
    fetched = fetcher.fetch(server.url("/flaky/plan.pdf?fail=2"))

    assert fetched.content_type == "application/pdf"
    assert fetched.attempts == 3
    assert server.hits("/flaky/plan.pdf") == 3
    assert sleeps.delays == [0.5, 1.0]


def test_backoff_doubles_each_time(server, make_fetcher, sleeps):
    error = fetch_error(make_fetcher(attempts=5, backoff=0.25), server.url("/flaky/plan.pdf?fail=9"))

    assert error.reason == "the server answered 503 Service Unavailable (5 attempts)"
    assert sleeps.delays == [0.25, 0.5, 1.0, 2.0]


def test_one_attempt_means_no_retry(server, make_fetcher, sleeps):
    error = fetch_error(make_fetcher(attempts=1), server.url("/flaky/plan.pdf"))

    assert error.reason == "the server answered 503 Service Unavailable"
    assert error.retryable is True
    assert sleeps.delays == []


def test_retry_after_is_respected(server, fetcher, sleeps):
    fetched = fetcher.fetch(server.url("/retry-after/plan.pdf"))

    assert fetched.attempts == 2
    assert server.hits("/retry-after/plan.pdf") == 2
    assert sleeps.delays == [1.0]


def test_retry_after_is_capped(server, fetcher, sleeps):
    fetcher.fetch(server.url("/retry-after/plan.pdf?seconds=3600"))

    assert sleeps.delays == [HttpFileFetcher.max_delay]


def test_backoff_wins_over_a_shorter_retry_after(server, make_fetcher, sleeps):
    make_fetcher(backoff=2.0).fetch(server.url("/retry-after/plan.pdf?seconds=1"))

    assert sleeps.delays == [2.0]


def test_429_without_retry_after_uses_backoff(server, fetcher, sleeps):
    error = fetch_error(fetcher, server.url("/status/429/plan.pdf"))

    assert error.reason == "the server answered 429 Too Many Requests (3 attempts)"
    assert error.retryable is True
    assert sleeps.delays == [0.5, 1.0]


def test_the_real_sleep_is_used_by_default(server):
    started = time.monotonic()
    fetched = HttpFileFetcher(timeout=TIMEOUT, backoff=0.1).fetch(server.url("/flaky/plan.pdf?fail=1"))

    assert fetched.attempts == 2
    assert time.monotonic() - started >= 0.1


# --- Files that are not what they claim -----------------------------------------------------------


def test_a_sign_in_page_instead_of_the_file_is_refused(server, fetcher, sleeps, caplog):
    url = server.url("/html/site-plan.pdf")

    with caplog.at_level(logging.DEBUG, logger="bops.documents.fetcher"):
        error = fetch_error(fetcher, url)

    assert error.reason == "site-plan.pdf is an HTML page, not a PDF"
    assert str(error) == f"{url}: site-plan.pdf is an HTML page, not a PDF"
    assert error.retryable is False
    assert sleeps.delays == []
    assert "site-plan.pdf is an HTML page" in caplog.text
    assert "Sign in" not in caplog.text  # never the file's contents


def test_a_png_called_photo_jpg_is_refused(server, fetcher):
    error = fetch_error(fetcher, server.url("/mislabelled/photo.jpg"))

    assert error.reason == "photo.jpg is a PNG image, not a JPEG image"
    assert error.retryable is False


def test_an_empty_file_is_refused(server, fetcher):
    error = fetch_error(fetcher, server.url("/empty/plan.pdf"))

    assert error.reason == "plan.pdf is empty"
    assert error.retryable is False


def test_a_file_type_that_is_not_accepted_is_refused(server, fetcher):
    error = fetch_error(fetcher, server.url("/ok/plans.zip"))

    assert error.reason == "The file type of plans.zip is not accepted: send PDF, images or Office documents"
    assert error.retryable is False


def test_a_server_content_type_that_disagrees_is_refused(server, fetcher):
    url = server.serve("/files/plan.pdf", SAMPLES["pdf"][0], content_type="text/html; charset=utf-8")

    error = fetch_error(fetcher, url)

    assert error.reason == "plan.pdf is a PDF, but is labelled as an HTML page (text/html)"


def test_octet_stream_claims_nothing(server, fetcher):
    url = server.serve("/files/plan.pdf", SAMPLES["pdf"][0], content_type="application/octet-stream")

    assert fetcher.fetch(url).content_type == "application/pdf"


# --- Too big ------------------------------------------------------------------------------------


def test_a_content_length_over_the_limit_is_refused_before_reading(server, make_fetcher, sleeps, bytes_read):
    error = fetch_error(make_fetcher(max_bytes=1024 * 1024), server.url("/huge/plan.pdf"))

    assert error.reason == "larger than the 1 MB limit"
    assert error.retryable is False
    assert sum(bytes_read) == 0
    assert server.hits("/huge/plan.pdf") == 1
    assert sleeps.delays == []


def test_the_default_limit_is_30_mb(server, fetcher):
    error = fetch_error(fetcher, server.url("/huge/plan.pdf"))

    assert error.reason == "larger than the 30 MB limit"


def test_a_body_without_a_length_stops_being_read_past_the_limit(server, make_fetcher, bytes_read):
    limit = 256 * 1024

    error = fetch_error(make_fetcher(max_bytes=limit), server.url("/huge-nolength/plan.pdf"))

    assert error.reason == "larger than the 256 KB limit"
    assert error.retryable is False
    assert limit < sum(bytes_read) <= limit + 64 * 1024 + 16
    [request] = server.requests
    assert request.finished.wait(5), "the server is still sending: the connection was not closed"
    assert request.client_went_away


def test_a_file_just_under_the_limit_is_fetched(server, make_fetcher):
    content = SAMPLES["pdf"][0]
    url = server.serve("/files/plan.pdf", content, content_type="application/pdf")

    assert make_fetcher(max_bytes=len(content)).fetch(url).size == len(content)
    error = fetch_error(make_fetcher(max_bytes=len(content) - 1), url)
    assert error.reason == f"larger than the {len(content) - 1} bytes limit"


# --- Too slow -----------------------------------------------------------------------------------


def test_a_server_that_does_not_answer_times_out_on_each_attempt(server, fetcher, sleeps):
    started = time.monotonic()

    error = fetch_error(fetcher, server.url("/slow/plan.pdf?delay=5"))

    elapsed = time.monotonic() - started
    assert error.reason == "no answer within 0.3 seconds (3 attempts)"
    assert error.retryable is True
    assert server.hits("/slow/plan.pdf") == 3
    assert sleeps.delays == [0.5, 1.0]
    assert TIMEOUT * 3 <= elapsed < TIMEOUT * 3 + 1.5


def test_a_server_that_trickles_slower_than_the_timeout_times_out(server, fetcher):
    started = time.monotonic()

    error = fetch_error(fetcher, server.url("/trickle/plan.pdf"))  # a byte every 0.5 s

    assert error.reason == "no answer within 0.3 seconds (3 attempts)"
    assert error.retryable is True
    assert time.monotonic() - started < TIMEOUT * 3 + 1.5


def test_a_server_that_trickles_faster_than_the_timeout_hits_the_deadline(server, fetcher, bytes_read):
    started = time.monotonic()

    error = fetch_error(fetcher, server.url("/trickle/plan.pdf?every=0.02"))

    elapsed = time.monotonic() - started
    assert error.reason == "the download did not finish within 0.3 seconds (3 attempts)"
    assert error.retryable is True
    assert len(bytes_read) > 10  # it was receiving all along: no single read timed out
    assert TIMEOUT * 3 <= elapsed < TIMEOUT * 3 + 1.5


def test_the_deadline_can_be_longer_than_the_timeout(server, make_fetcher):
    started = time.monotonic()

    error = fetch_error(make_fetcher(attempts=1, deadline=0.8), server.url("/trickle/plan.pdf?every=0.02"))

    assert error.reason == "the download did not finish within 0.8 seconds"
    assert 0.8 <= time.monotonic() - started < 1.8


# --- Redirects ----------------------------------------------------------------------------------


def test_a_redirect_is_followed(server, fetcher):
    url = server.url("/redirect/plan.pdf")

    fetched = fetcher.fetch(url)

    assert fetched.url == url
    assert fetched.filename == "plan.pdf"
    assert fetched.content == SAMPLES["pdf"][0]
    assert [request.path for request in server.requests] == ["/redirect/plan.pdf", "/ok/plan.pdf"]


def test_the_filename_comes_from_the_address_asked_for_not_where_it_led(server, fetcher):
    fetched = fetcher.fetch(server.url("/redirect/site-plan.pdf?to=/ok/download.pdf"))

    assert fetched.filename == "site-plan.pdf"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("ftp://127.0.0.1/plan.pdf", "the server redirected to an address that is not http or https"),
        ("file:///etc/passwd", "the server redirected to an address that is not http or https"),
        ("data:,hello", "the server redirected to an invalid address"),  # httpx cannot parse it
        ("https:/no-server", "the server redirected to an invalid address"),
    ],
)
def test_a_redirect_to_another_scheme_is_not_followed(server, fetcher, sleeps, target, reason):
    error = fetch_error(fetcher, server.url(f"/redirect/plan.pdf?to={target}"))

    assert error.reason == reason
    assert error.retryable is False
    assert sleeps.delays == []
    assert len(server.requests) == 1


def test_a_3xx_without_a_location_is_not_the_file(server, fetcher, sleeps):
    error = fetch_error(fetcher, server.url("/status/304/plan.pdf"))

    assert error.reason == "the server answered 304 Not Modified"
    assert error.retryable is False
    assert sleeps.delays == []


def test_redirects_are_limited(server, fetcher):
    error = fetch_error(fetcher, server.url("/redirect-loop/plan.pdf"))

    assert error.reason == "more than 5 redirects"
    assert error.retryable is False
    assert server.hits("/redirect-loop/plan.pdf") == 6


def test_headers_follow_a_redirect_on_the_same_origin(server, make_fetcher):
    fetcher = make_fetcher(headers={"api-key": "secret"})

    fetched = fetcher.fetch(server.url("/redirect/plan.pdf?to=/auth/plan.pdf"))

    assert fetched.content_type == "application/pdf"
    assert [request.header("api-key") for request in server.requests] == ["secret", "secret"]


def test_headers_are_not_sent_to_another_origin(server, make_fetcher):
    with FakeFileServer() as elsewhere:
        fetcher = make_fetcher(headers={"api-key": "secret"})

        error = fetch_error(fetcher, server.url(f"/redirect/plan.pdf?to={elsewhere.url('/auth/plan.pdf')}"))

        assert error.reason == "the server answered 403 Forbidden"
        [request] = elsewhere.requests
        assert request.header("api-key") is None


# --- Addresses and connections ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://127.0.0.1/plan.pdf", "only http and https addresses can be fetched"),
        ("file:///etc/passwd", "only http and https addresses can be fetched"),
        ("plan.pdf", "not a valid web address"),
        ("http:///plan.pdf", "the address has no server name"),
    ],
)
def test_only_http_and_https_addresses_are_fetched(fetcher, sleeps, url, reason):
    error = fetch_error(fetcher, url)

    assert error.reason == reason
    assert error.retryable is False
    assert sleeps.delays == []


def test_a_refused_connection_is_retried(fetcher, sleeps):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    error = fetch_error(fetcher, f"http://127.0.0.1:{port}/plan.pdf")

    assert error.reason == "could not connect to the server (3 attempts)"
    assert error.retryable is True
    assert sleeps.delays == [0.5, 1.0]


def test_a_dropped_connection_is_retried(server, fetcher, sleeps):
    error = fetch_error(fetcher, server.url("/drop/plan.pdf"))

    assert error.reason == "the connection broke before the whole file arrived (3 attempts)"
    assert error.retryable is True
    assert server.hits("/drop/plan.pdf") == 3


def test_messages_never_show_credentials_or_query_strings():
    url = "https://user:password@files.example.com/file/private/abc/site%20plan.pdf?token=s3cr3t"
    error = FetchError(url, "the server answered 404 Not Found", retryable=False)

    assert (
        str(error) == "https://files.example.com/file/private/abc/site%20plan.pdf?…: the server answered 404 Not Found"
    )
    assert error.url == url
    assert display_url("https://api.editor.planx.dev/file/private/abc/plan.pdf") == (
        "https://api.editor.planx.dev/file/private/abc/plan.pdf"
    )


@pytest.mark.parametrize(
    ("url", "filename"),
    [
        ("https://api.editor.planx.dev/file/private/abc/site-plan.pdf", "site-plan.pdf"),
        ("https://example.com/files/Site%20Plan%20%28A%29.PDF?x=1#top", "Site Plan (A).PDF"),
        ("https://example.com/files/a%2Fb%5Cplan.pdf", "plan.pdf"),
        ("https://example.com/files/bad%00name%0A.pdf", "badname.pdf"),
        ("https://example.com/files/", ""),
    ],
)
def test_filename_from_url(url, filename):
    assert filename_from_url(url) == filename


def test_attempts_must_be_at_least_one():
    with pytest.raises(ValueError, match="attempts"):
        HttpFileFetcher(attempts=0)
