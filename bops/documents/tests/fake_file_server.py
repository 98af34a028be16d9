"""A small HTTP server on 127.0.0.1 that misbehaves on purpose, for testing code that downloads files.

    with FakeFileServer() as server:
        fetcher.fetch(server.url("/ok/plan.pdf"))
        server.requests            # what was asked for, with the headers sent
        server.hits("/ok/plan.pdf")

or, as a pytest fixture, `fake_file_server` (import it into a test module or a conftest.py).

Routes (the last part of the path is the file's name; its extension picks the sample served):

    /ok/<name>                 200, a small valid file of the extension's type (see SAMPLES)
    /slow/<name>?delay=5       waits `delay` seconds before answering, then as /ok
    /trickle/<name>?every=0.5  200 application/pdf, a PDF header then one byte every `every` seconds, forever
    /flaky/<name>?fail=2       503 the first `fail` times this path is asked for, then as /ok
    /retry-after/<name>?seconds=1&times=1   429 with Retry-After: seconds, `times` times, then as /ok
    /missing/<name>            404
    /status/<code>/<name>      that status code, with a short text body
    /html/<name>               200 text/html: a sign-in page where a file was expected
    /huge/<name>?length=...    Content-Length 2 GB (or `length`), a PDF header then zeros until the client goes
    /huge-nolength/<name>      chunked, no length, a PDF header then zeros until the client goes
    /mislabelled/<name>        200 image/jpeg, with PNG bytes
    /empty/<name>              200 application/pdf, 0 bytes
    /redirect/<name>?to=...    302 to /ok/<name>, or to `to` (any address, e.g. ftp://...)
    /redirect-loop/<name>      302 to itself, forever
    /auth/<name>               403 unless the request has the header api-key: <server.api_key> ("secret")
    /drop/<name>               closes the connection without answering

and any exact path registered with server.serve(path, content, content_type=...).
"""

from __future__ import annotations

import io
import struct
import threading
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest

# --- Samples: small, valid files of each accepted type, built here ------------------------------------


def sample_pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def sample_png() -> bytes:
    """A 1x1 transparent PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


def sample_jpeg() -> bytes:
    """A 1x1 grey baseline JPEG: one-code Huffman tables, so the whole scan is two bits."""

    def segment(marker: int, data: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data

    one_code = bytes([1] + [0] * 15) + b"\x00"  # a single 1-bit code for symbol 0
    return (
        b"\xff\xd8"
        + segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + segment(0xDB, b"\x00" + b"\x01" * 64)
        + segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
        + segment(0xC4, b"\x00" + one_code)  # DC table 0: category 0
        + segment(0xC4, b"\x10" + one_code)  # AC table 0: end of block
        + segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + b"\x3f"  # DC code "0", EOB code "0", padded with ones
        + b"\xff\xd9"
    )


def sample_gif() -> bytes:
    """A 1x1 GIF."""
    return (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00"
        + b"\x00\x00\x00\xff\xff\xff"
        + b"\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00"
        + b"\x02\x02\x44\x01\x00"
        + b"\x3b"
    )


def sample_tiff(byte_order: str = "II") -> bytes:
    """A TIFF header and an empty image directory, little-endian ("II") or big-endian ("MM")."""
    endian = "<" if byte_order == "II" else ">"
    return byte_order.encode() + struct.pack(f"{endian}HI", 42, 8) + struct.pack(f"{endian}HI", 0, 0)


def sample_webp() -> bytes:
    """A RIFF/WEBP container holding a 1x1 lossless image header."""
    vp8l = b"\x2f\x00\x00\x00\x00\x00\x00\x00"
    body = b"WEBP" + b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    return b"RIFF" + struct.pack("<I", len(body)) + body


def sample_heic(major: bytes = b"heic", compatible: tuple[bytes, ...] = (b"mif1", b"heic")) -> bytes:
    """The "ftyp" box an iPhone photo starts with, then an empty "meta" box."""
    ftyp = b"ftyp" + major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", 12) + b"meta\x00\x00\x00\x00"


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{content_type}"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{part}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_MAIN = "http://schemas.openxmlformats.org/{}/2006/main"


def _office_zip(part: str, content_type: str, files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(part=part, content_type=content_type))
        archive.writestr("_rels/.rels", _ROOT_RELS.format(part=part))
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def sample_docx(text: str = "Design and access statement", *, macros: bool = False) -> bytes:
    """A one-paragraph Word document (with macros: the content type a .docm declares)."""
    kind = "ms-word.document.macroEnabled" if macros else "openxmlformats-officedocument.wordprocessingml.document"
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_MAIN.format("wordprocessingml")}">'
        f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    return _office_zip("word/document.xml", f"application/vnd.{kind}.main+xml", {"word/document.xml": document})


def sample_xlsx() -> bytes:
    """A workbook with one empty sheet."""
    ns = _MAIN.format("spreadsheetml")
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook = (
        f'<workbook xmlns="{ns}" xmlns:r="{rels}">'
        '<sheets><sheet name="Fees" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{rels}/worksheet"/></Relationships>'
    )
    return _office_zip(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        {
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels,
            "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{ns}"><sheetData/></worksheet>',
        },
    )


def sample_pptx() -> bytes:
    """The parts a PowerPoint presentation is recognised by (not one PowerPoint would open)."""
    return _office_zip(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        {"ppt/presentation.xml": f'<p:presentation xmlns:p="{_MAIN.format("presentationml")}"/>'},
    )


def sample_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("plans/site-plan.pdf", sample_pdf())
    return buffer.getvalue()


def sample_ole(*streams: str) -> bytes:
    """An OLE2 compound file (Office 97-2003) whose directory lists these empty streams.

    "WordDocument" makes a .doc, "Workbook" a .xls, "PowerPoint Document" a .ppt, "EncryptedPackage" a
    password-protected .docx. Sector 0 holds the allocation table, sector 1 the directory.
    """
    end, free, fat_sector, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fat_sector, end, *([free] * 126))

    def entry(name: str, kind: int, *, child: int = no_stream, right: int = no_stream) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        data = bytearray(128)
        data[: len(encoded)] = encoded
        struct.pack_into("<HBBIII", data, 0x40, len(encoded), kind, 1, no_stream, right, child)
        struct.pack_into("<IQ", data, 0x74, end, 0)
        return bytes(data)

    entries = [entry("Root Entry", 5, child=1 if streams else no_stream)]
    entries += [entry(name, 2, right=i + 2 if i + 1 < len(streams) else no_stream) for i, name in enumerate(streams)]
    directory = b"".join(entries)[:512].ljust(512, b"\x00")
    return bytes(header) + fat + directory


def sample_text() -> bytes:
    return "Site notes\nThe hedge on the boundary is to be kept.\nFee paid: £258\n".encode()


def sample_csv() -> bytes:
    return "reference,address,fee\n24/00001/HAPP,12 Bellenden Road,£258\n".encode()


SIGN_IN_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>Sign in</title></head>
<body><form method="post" action="/login"><label>Email <input name="email"></label>
<button>Sign in</button></form></body></html>
"""

# Extension -> (content, Content-Type) served by /ok/<name>.
SAMPLES: dict[str, tuple[bytes, str]] = {
    "pdf": (sample_pdf(), "application/pdf"),
    "png": (sample_png(), "image/png"),
    "jpg": (sample_jpeg(), "image/jpeg"),
    "jpeg": (sample_jpeg(), "image/jpeg"),
    "gif": (sample_gif(), "image/gif"),
    "tif": (sample_tiff(), "image/tiff"),
    "tiff": (sample_tiff("MM"), "image/tiff"),
    "webp": (sample_webp(), "image/webp"),
    "heic": (sample_heic(), "image/heic"),
    "docx": (sample_docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (sample_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": (sample_pptx(), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "doc": (sample_ole("WordDocument"), "application/msword"),
    "xls": (sample_ole("Workbook"), "application/vnd.ms-excel"),
    "ppt": (sample_ole("PowerPoint Document"), "application/vnd.ms-powerpoint"),
    "txt": (sample_text(), "text/plain; charset=utf-8"),
    "csv": (sample_csv(), "text/csv; charset=utf-8"),
    "zip": (sample_zip(), "application/zip"),
    "html": (SIGN_IN_PAGE, "text/html; charset=utf-8"),
}


# --- The server ------------------------------------------------------------------------------------


@dataclass
class RequestRecord:
    """One request the server received, and how answering it went."""

    method: str
    path: str  # URL-decoded, without the query
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    received_at: float = field(default_factory=time.monotonic)
    status: int | None = None
    bytes_sent: int = 0  # body bytes handed to the socket
    client_went_away: bool = False
    finished: threading.Event = field(default_factory=threading.Event, repr=False)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class ClientWentAway(Exception):
    pass


class FakeFileServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 and a free port; a context manager."""

    def __init__(self, *, api_key: str = "secret") -> None:
        self.api_key = api_key
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._requests: list[RequestRecord] = []
        self._counts: Counter[str] = Counter()
        self._static: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # Running

    def start(self) -> FakeFileServer:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, name="fake-file-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()  # slow and endless answers give up
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeFileServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "the server is not running"
        return self._httpd.server_address[1]

    def url(self, path: str) -> str:
        """url("/ok/plan.pdf") -> "http://127.0.0.1:<port>/ok/plan.pdf" """
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    # Setting up answers

    def serve(
        self,
        path: str,
        content: bytes,
        *,
        content_type: str = "application/octet-stream",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Answer GET `path` (exact, without a query) with this content; returns its URL."""
        self._static[unquote(path)] = (status, content, {"Content-Type": content_type, **(headers or {})})
        return self.url(path)

    # What happened

    @property
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._requests)

    def requests_to(self, path: str) -> list[RequestRecord]:
        return [record for record in self.requests if record.path == unquote(path)]

    def hits(self, path: str) -> int:
        return len(self.requests_to(path))

    def reset(self) -> None:
        """Forget the requests and the per-path counters (flaky, retry-after)."""
        with self._lock:
            self._requests.clear()
            self._counts.clear()

    def _record(self, record: RequestRecord) -> int:
        """Log the request; returns how many times its path has been asked for, this one included."""
        with self._lock:
            self._requests.append(record)
            self._counts[record.path] += 1
            return self._counts[record.path]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stopping never waits for an endless answer


class _Handler(BaseHTTPRequestHandler):
    fake: FakeFileServer
    protocol_version = "HTTP/1.1"
    server_version = "FakeFileServer/1"
    timeout = 10  # reading a request

    record: RequestRecord

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.close_connection = True
        parts = urlsplit(self.path)
        self.record = RequestRecord(
            method="GET",
            path=unquote(parts.path),
            query=dict(parse_qsl(parts.query)),
            headers={name.lower(): value for name, value in self.headers.items()},
        )
        count = self.fake._record(self.record)
        try:
            self._dispatch(count)
        except (ClientWentAway, BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.record.client_went_away = True
        finally:
            self.record.finished.set()

    def _dispatch(self, count: int) -> None:
        path, query = self.record.path, self.record.query
        if path in self.fake._static:
            status, content, headers = self.fake._static[path]
            self._send(status, content, headers)
            return
        segments = path.strip("/").split("/")
        route, name = segments[0], segments[-1]
        handler = self._routes().get(route)
        if handler is None or len(segments) < 2:
            self._send(404, b"Not found", {"Content-Type": "text/plain"})
            return
        handler(name=name, query=query, count=count, segments=segments)

    def _routes(self) -> dict[str, Callable[..., None]]:
        return {
            "ok": self._ok,
            "slow": self._slow,
            "trickle": self._trickle,
            "flaky": self._flaky,
            "retry-after": self._retry_after,
            "missing": lambda **_: self._send(404, b"Not found", {"Content-Type": "text/plain"}),
            "status": self._status,
            "html": lambda **_: self._send(200, SIGN_IN_PAGE, {"Content-Type": "text/html; charset=utf-8"}),
            "huge": self._huge,
            "huge-nolength": self._huge_no_length,
            "mislabelled": lambda **_: self._send(200, sample_png(), {"Content-Type": "image/jpeg"}),
            "empty": lambda **_: self._send(200, b"", {"Content-Type": "application/pdf"}),
            "redirect": self._redirect,
            "redirect-loop": lambda **_: self._send(302, b"", {"Location": self.record.path}),
            "auth": self._auth,
            "drop": lambda **_: None,  # close without a word
        }

    # Routes

    def _ok(self, *, name: str, **_: Any) -> None:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in SAMPLES:
            self._send(404, b"No sample for that extension", {"Content-Type": "text/plain"})
            return
        content, content_type = SAMPLES[extension]
        self._send(200, content, {"Content-Type": content_type})

    def _slow(self, *, query: dict[str, str], **kwargs: Any) -> None:
        if self.fake.stopping.wait(float(query.get("delay", "5"))):
            return
        self._ok(query=query, **kwargs)

    def _trickle(self, *, query: dict[str, str], **_: Any) -> None:
        every = float(query.get("every", "0.5"))
        self._start(200, {"Content-Type": "application/pdf", "Transfer-Encoding": "chunked"})
        self._chunk(b"%PDF-1.4\n")
        while not self.fake.stopping.wait(every):
            self._chunk(b"0")

    def _flaky(self, *, query: dict[str, str], count: int, **kwargs: Any) -> None:
        if count <= int(query.get("fail", "2")):
            self._send(503, b"Service Unavailable", {"Content-Type": "text/plain"})
            return
        self._ok(query=query, count=count, **kwargs)

    def _retry_after(self, *, query: dict[str, str], count: int, **kwargs: Any) -> None:
        if count <= int(query.get("times", "1")):
            headers = {"Content-Type": "text/plain", "Retry-After": query.get("seconds", "1")}
            self._send(429, b"Too Many Requests", headers)
            return
        self._ok(query=query, count=count, **kwargs)

    def _status(self, *, segments: list[str], **_: Any) -> None:
        code = int(segments[1])
        self._send(code, HTTPStatus(code).phrase.encode(), {"Content-Type": "text/plain"})

    def _huge(self, *, query: dict[str, str], **_: Any) -> None:
        length = int(query.get("length", str(2 * 1024**3)))
        self._start(200, {"Content-Type": "application/pdf", "Content-Length": str(length)})
        self._write(b"%PDF-1.4\n")
        zeros = bytes(64 * 1024)
        while not self.fake.stopping.is_set() and self.record.bytes_sent < length:
            self._write(zeros[: length - self.record.bytes_sent])

    def _huge_no_length(self, **_: Any) -> None:
        self._start(200, {"Content-Type": "application/pdf", "Transfer-Encoding": "chunked"})
        self._chunk(b"%PDF-1.4\n")
        zeros = bytes(64 * 1024)
        while not self.fake.stopping.is_set():
            self._chunk(zeros)

    def _redirect(self, *, name: str, query: dict[str, str], **_: Any) -> None:
        self._send(302, b"", {"Location": query.get("to", f"/ok/{name}")})

    def _auth(self, **kwargs: Any) -> None:
        if self.record.header("api-key") != self.fake.api_key:
            self._send(403, b"Forbidden", {"Content-Type": "text/plain"})
            return
        self._ok(**kwargs)

    # Writing

    def _start(self, status: int, headers: dict[str, str]) -> None:
        self.record.status = status
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        self.end_headers()

    def _send(self, status: int, content: bytes, headers: dict[str, str]) -> None:
        self._start(status, {**headers, "Content-Length": str(len(content))})
        self._write(content)

    def _write(self, data: bytes) -> None:
        if self.fake.stopping.is_set():
            raise ClientWentAway  # the server is stopping: end the answer
        self.wfile.write(data)
        self.record.bytes_sent += len(data)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.record.bytes_sent += len(data)


@pytest.fixture
def fake_file_server() -> Iterator[FakeFileServer]:
    """A FakeFileServer running for one test."""
    with FakeFileServer() as server:
        yield server
