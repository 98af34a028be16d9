"""Downloading the files a planning application submission lists, and checking each is what it claims.

    fetcher = HttpFileFetcher(headers={"api-key": settings.PLANX_API_KEY})
    try:
        fetched = fetcher.fetch("https://api.editor.planx.dev/file/private/abc/site-plan.pdf")
    except FetchError as error:
        ...  # error.reason is plain words; error.retryable says whether trying later may help

A fetch is bounded in every direction: only http and https, a limited number of redirects (never to
another scheme, and the configured headers are only sent to the first address's origin), a connect
and read timeout plus a deadline for each attempt (a server that trickles bytes still times out), and
a size limit applied while streaming. Connection failures, timeouts, 5xx and 429 answers are retried
with exponential backoff; other 4xx answers and files that are not what they claim are not.
"""

from __future__ import annotations

import functools
import logging
import math
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Protocol
from urllib.parse import unquote, urlsplit

import httpx

from bops.documents.sniffing import FileCheckError, check_claim

__all__ = ["FetchError", "FetchedFile", "FileFetcher", "HttpFileFetcher", "filename_from_url"]

logger = logging.getLogger(__name__)

MB = 1024 * 1024


@dataclass(frozen=True)
class FetchedFile:
    url: str
    filename: str  # the URL-decoded last part of the URL's path
    content: bytes = field(repr=False)
    content_type: str  # the sniffed, checked MIME type (not what the server said)
    size: int
    attempts: int  # how many attempts it took


class FetchError(Exception):
    """A file could not be fetched, or was not what it claimed to be.

    `reason` is plain words for an officer or an IT team; `retryable` is True when the same request may
    work later (timeouts, connection failures, 5xx, 429), False when it will not (4xx, too big, wrong kind
    of file, bad address). str(error) is "<address>: <reason>", the address without its query string.
    """

    def __init__(
        self, url: str, reason: str, *, retryable: bool, status_code: int | None = None, attempts: int = 1
    ) -> None:
        self.url = url
        self.reason = reason
        self.retryable = retryable
        self.status_code = status_code
        self.attempts = attempts
        super().__init__(f"{display_url(url)}: {reason}")


class FileFetcher(Protocol):
    def fetch(self, url: str) -> FetchedFile: ...


class _TryAgain(Exception):
    """An attempt failed in a way that another attempt may not."""

    def __init__(self, reason: str, *, status_code: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status_code = status_code
        self.retry_after = retry_after


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One context for every fetch: making one loads the CA bundle, about 20 ms each time."""
    return ssl.create_default_context()


class HttpFileFetcher:
    """Fetches files over http(s) with httpx, with timeouts, a size limit, retries and a content check."""

    max_redirects = 5
    max_delay = 30.0  # the longest wait between attempts, whatever Retry-After asks for
    retryable_statuses = frozenset({408, 429, *range(500, 600)})

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        max_bytes: int = 30 * MB,
        attempts: int = 3,
        backoff: float = 0.5,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], object] = time.sleep,
        deadline: float | None = None,
    ) -> None:
        """
        timeout: seconds to connect, and to wait for each piece of the answer.
        deadline: seconds an attempt may take from start to finish (defaults to `timeout`); a server
            sending a byte at a time is cut off here. Give more to allow large files on slow links.
        max_bytes: the largest file accepted; reading stops as soon as more arrives.
        attempts: tries in all (at least 1); backoff: the wait before the 2nd try, doubling after that.
        headers: sent with each request to the file's own origin (e.g. {"api-key": ...}), not to
            another origin a redirect leads to.
        sleep: how to wait between attempts (tests pass a fake).
        """
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self.timeout = timeout
        self.deadline = timeout if deadline is None else deadline
        self.max_bytes = max_bytes
        self.attempts = attempts
        self.backoff = backoff
        self.headers = dict(headers or {})
        self.sleep = sleep

    # --- The public operation ----------------------------------------------------------------------

    def fetch(self, url: str) -> FetchedFile:
        self._check_address(url)
        filename = filename_from_url(url)
        with self._client() as client:
            for attempt in range(1, self.attempts + 1):
                try:
                    content, declared_type = self._attempt(client, url)
                except _TryAgain as failure:
                    if attempt == self.attempts:
                        suffix = f" ({attempt} attempts)" if attempt > 1 else ""
                        logger.warning("Giving up on %s: %s%s", display_url(url), failure.reason, suffix)
                        raise FetchError(
                            url,
                            failure.reason + suffix,
                            retryable=True,
                            status_code=failure.status_code,
                            attempts=attempt,
                        ) from None
                    delay = self._delay(attempt, failure.retry_after)
                    logger.info(
                        "Attempt %d of %d for %s failed (%s); trying again in %.2g s",
                        attempt,
                        self.attempts,
                        display_url(url),
                        failure.reason,
                        delay,
                    )
                    self.sleep(delay)
                    continue
                try:
                    content_type = check_claim(filename=filename, declared_type=declared_type, content=content)
                except FileCheckError as error:
                    logger.warning("Refused %s: %s", display_url(url), error.message)
                    raise FetchError(url, error.message, retryable=False, attempts=attempt) from None
                logger.info("Fetched %s: %s, %d bytes", display_url(url), content_type, len(content))
                return FetchedFile(
                    url=url,
                    filename=filename,
                    content=content,
                    content_type=content_type,
                    size=len(content),
                    attempts=attempt,
                )
        raise AssertionError("unreachable")  # pragma: no cover

    # --- One attempt --------------------------------------------------------------------------------

    def _client(self) -> httpx.Client:
        # Redirects are followed by _attempt, one hop at a time, so that each hop's scheme can be checked, the
        # configured headers go to the first origin only, and a redirect's body is never read (httpx reads
        # it whole when it follows redirects itself).
        return httpx.Client(
            verify=_ssl_context(),
            follow_redirects=False,
            timeout=httpx.Timeout(self.timeout),
            headers={"User-Agent": "BOPS document intake", "Accept": "*/*", "Accept-Encoding": "identity"},
        )

    def _attempt(self, client: httpx.Client, url: str) -> tuple[bytes, str | None]:
        """The body and Content-Type of one attempt, following redirects; _TryAgain or FetchError."""
        started = time.monotonic()
        origin = httpx.URL(url)
        target = origin
        try:
            for _hop in range(self.max_redirects + 1):
                headers = self.headers if _same_origin(origin, target) else None
                with client.stream("GET", target, headers=headers) as response:
                    if not response.has_redirect_location:
                        return self._read(url, response, started), response.headers.get("Content-Type")
                    target = self._redirect_target(url, response)
                self._check_deadline(started)
            raise FetchError(url, f"more than {self.max_redirects} redirects", retryable=False)
        except httpx.TimeoutException:
            raise _TryAgain(f"no answer within {_seconds(self.timeout)}") from None
        except httpx.ConnectError:
            raise _TryAgain("could not connect to the server") from None
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.CloseError):
            raise _TryAgain("the connection broke before the whole file arrived") from None
        except httpx.DecodingError:
            raise FetchError(url, "the server sent a damaged answer", retryable=False) from None
        except httpx.InvalidURL:  # the first address was checked: this is a Location httpx could not parse
            raise FetchError(url, "the server redirected to an invalid address", retryable=False) from None
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError):
            raise FetchError(url, "the address is not one that can be fetched", retryable=False) from None

    def _redirect_target(self, url: str, response: httpx.Response) -> httpx.URL:
        try:
            target = response.url.join(response.headers["Location"])
        except httpx.InvalidURL:
            raise FetchError(url, "the server redirected to an invalid address", retryable=False) from None
        if target.scheme not in ("http", "https"):
            raise FetchError(url, "the server redirected to an address that is not http or https", retryable=False)
        if not target.host:
            raise FetchError(url, "the server redirected to an invalid address", retryable=False)
        return target

    def _read(self, url: str, response: httpx.Response, started: float) -> bytes:
        status = response.status_code
        if not 200 <= status < 300:  # an error, or a 3xx that is not a redirect (e.g. 304)
            reason = f"the server answered {status} {response.reason_phrase or _phrase(status)}".rstrip()
            if status in self.retryable_statuses:
                raise _TryAgain(reason, status_code=status, retry_after=_retry_after(response))
            raise FetchError(url, reason, retryable=False, status_code=status)

        too_big = f"larger than the {_size(self.max_bytes)} limit"
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(url, too_big, retryable=False, status_code=status)

        chunks: list[bytes] = []
        received = 0
        for chunk in response.iter_bytes():  # each piece as it arrives, so the deadline is checked often
            received += len(chunk)
            if received > self.max_bytes:
                raise FetchError(url, too_big, retryable=False, status_code=status)
            chunks.append(chunk)
            self._check_deadline(started)
        return b"".join(chunks)

    def _check_deadline(self, started: float) -> None:
        if time.monotonic() - started > self.deadline:
            raise _TryAgain(f"the download did not finish within {_seconds(self.deadline)}")

    def _check_address(self, url: str) -> None:
        try:
            parts = httpx.URL(url)
        except httpx.InvalidURL:
            raise FetchError(url, "not a valid web address", retryable=False) from None
        if not parts.scheme:
            raise FetchError(url, "not a valid web address", retryable=False)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, "only http and https addresses can be fetched", retryable=False)
        if not parts.host:
            raise FetchError(url, "the address has no server name", retryable=False)

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        delay: float = self.backoff * 2.0 ** (attempt - 1)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return min(delay, self.max_delay)


# --- Helpers --------------------------------------------------------------------------------------


def filename_from_url(url: str) -> str:
    """The URL-decoded last part of the path: ".../abc/Site%20plan.pdf" -> "Site plan.pdf"."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # an encoded slash is not a folder
    return "".join(character for character in name if character.isprintable()).strip()


def display_url(url: str) -> str:
    """The address for messages and logs: no user name or password, and the query string cut to "?…"."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an invalid address)"
    host = parts.netloc.rsplit("@", 1)[-1]
    shown = f"{parts.scheme}://{host}{parts.path}" if parts.scheme else parts.path
    return shown + ("?…" if parts.query else "")


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


def _retry_after(response: httpx.Response) -> float | None:
    """A Retry-After given in seconds (the HTTP-date form is ignored: backoff applies)."""
    value = response.headers.get("Retry-After", "").strip()
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if math.isfinite(seconds) and seconds >= 0 else None


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _seconds(value: float) -> str:
    return "1 second" if value == 1 else f"{value:g} seconds"


def _size(value: int) -> str:
    if value >= MB:
        return f"{value / MB:g} MB" if value % MB == 0 else f"{value / MB:.1f} MB"
    if value >= 1024:
        return f"{value / 1024:g} KB" if value % 1024 == 0 else f"{value / 1024:.1f} KB"
    return f"{value} bytes"
