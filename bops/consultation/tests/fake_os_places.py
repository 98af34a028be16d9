"""A local stand-in for Ordnance Survey Places API (`find` and `polygon`), answering as OS Places does.

    with FakeOsPlaces(addresses) as places:
        OsPlacesLookup(api_key=places.api_key, base_url=places.url).within(polygon, 500)
        places.requests   # (method, path, query) of each call

Each address is a dict with UPRN, ADDRESS, LAT and LNG (the DPA fields used). A wrong key gets 401, as OS does.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import shapely
from shapely.geometry import shape


class FakeOsPlaces:
    api_key = "fake-os-key"

    def __init__(self, addresses: list[dict[str, Any]]) -> None:
        self.addresses = addresses
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

            def _query(self) -> tuple[str, dict[str, str]]:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                fake.requests.append((self.command, parts.path, query))
                return parts.path, query

            def do_GET(self) -> None:
                path, query = self._query()
                if query.get("key") != fake.api_key:
                    return self._answer(401, {"fault": {"faultstring": "Invalid ApiKey"}})
                if path != "/search/places/v1/find":
                    return self._answer(404, {"error": {"statuscode": 404, "message": "Not found"}})
                words = query.get("query", "").lower().replace(",", " ").split()
                hits = [a for a in fake.addresses if all(w in a["ADDRESS"].lower() for w in words)]
                return self._page(hits, query)

            def do_POST(self) -> None:
                path, query = self._query()
                if query.get("key") != fake.api_key:
                    return self._answer(401, {"fault": {"faultstring": "Invalid ApiKey"}})
                if path != "/search/places/v1/polygon":
                    return self._answer(404, {"error": {"statuscode": 404, "message": "Not found"}})
                polygon = shape(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                hits = [a for a in fake.addresses if shapely.contains_xy(polygon, a["LNG"], a["LAT"])]
                return self._page(hits, query)

            def _page(self, hits: list[dict[str, Any]], query: dict[str, str]) -> None:
                size = int(query.get("maxresults", "100"))
                if not 1 <= size <= 100:
                    return self._answer(400, {"error": {"statuscode": 400, "message": "maxresults 1 to 100"}})
                offset = int(query.get("offset", "0"))
                page = hits[offset : offset + size]
                body: dict[str, Any] = {
                    "header": {"totalresults": len(hits), "offset": offset, "maxresults": size},
                }
                if page:
                    body["results"] = [{"DPA": a} for a in page]
                return self._answer(200, body)

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/search/places/v1"

    def __enter__(self) -> "FakeOsPlaces":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
