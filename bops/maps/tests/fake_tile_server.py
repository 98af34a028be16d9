"""A fake Ordnance Survey tile server: a real HTTP server on 127.0.0.1 in a thread, for the tile proxy's tests.

    with FakeTileServer() as fake:
        settings.OS_MAPS_API_URL = fake.base_url
        ...
        fake.requests[0].query["key"]  # what the proxy sent

Every path under /maps/raster/v1/zxy/ is answered as `fake.mode` says: "tile" (a solid colour PNG, `fake.colour`),
"error" (500), "html" (a web page), "mislabelled" (SVG said to be a PNG), "redirect" (302 to `fake.redirect_to`), "slow" (waits `fake.delay` seconds).
"""

from __future__ import annotations

import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

GREEN = (0, 255, 0)


def solid_png(colour: tuple[int, int, int] = GREEN, size: int = 256) -> bytes:
    """A size x size PNG of one colour (RGB, 8 bits, no filtering)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(colour) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    query: dict[str, str]


class FakeTileServer:
    def __init__(self) -> None:
        self.mode = "tile"
        self.colour = GREEN
        self.redirect_to = "http://169.254.169.254/latest/meta-data/"
        self.delay = 3.0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._requests: list[Received] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeTileServer:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="fake-tile-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeTileServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def requests(self) -> list[Received]:
        with self._lock:
            return list(self._requests)

    def record(self, received: Received) -> None:
        with self._lock:
            self._requests.append(received)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeTileServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.close_connection = True
        parts = urlsplit(self.path)
        self.fake.record(Received("GET", parts.path, dict(parse_qsl(parts.query))))
        if not parts.path.startswith("/maps/raster/v1/zxy/"):
            self._send(404, b"Not found", "text/plain")
            return
        mode = self.fake.mode
        if mode == "tile":
            self._send(200, solid_png(self.fake.colour), "image/png")
        elif mode == "error":
            self._send(500, b"Internal Server Error", "text/plain")
        elif mode == "html":
            self._send(200, b"<!DOCTYPE html><title>Sign in</title>", "text/html; charset=utf-8")
        elif mode == "mislabelled":
            self._send(200, b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/png")
        elif mode == "redirect":
            self._send(302, b"", "text/plain", {"Location": self.fake.redirect_to})
        elif mode == "slow" and not self.fake.stopping.wait(self.fake.delay):
            self._send(200, solid_png(self.fake.colour), "image/png")

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def fake_tile_server() -> Iterator[FakeTileServer]:
    with FakeTileServer() as server:
        yield server
