"""A local stand-in for GOV.UK Notify's API: it checks the JWT as Notify does and answers as Notify does.

Emails (POST /v2/notifications/email), precompiled letters (POST /v2/notifications/letter, kept in `letters`) and
a notification's status (GET /v2/notifications/<id>: `statuses[id]`, "pending-virus-check" for a new letter).
"""

import base64
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

SERVICE_ID = "8b3aa916-ec82-434e-b0c5-d5d9b371d6a3"
SECRET = "d7ed0e4d-9d3c-4e17-9b8b-3f33a47a5b91"
API_KEY = f"test_key-{SERVICE_ID}-{SECRET}"


class FakeNotify:
    def __init__(self, *, fail_with: int | None = None) -> None:
        self.received: list[dict] = []
        self.letters: dict[str, dict] = {}
        self.statuses: dict[str, str] = {}
        self.fail_with = fail_with
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

            def _authorised(self) -> bool:
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
                    assert claims["iss"] == SERVICE_ID and abs(time.time() - claims["iat"]) < 30
                except (jwt.PyJWTError, AssertionError, KeyError):
                    self._answer(403, {"errors": [{"error": "AuthError", "message": "Invalid token"}]})
                    return False
                return True

            def do_GET(self) -> None:
                if not self._authorised():
                    return None
                notification_id = self.path.removeprefix("/v2/notifications/")
                if notification_id not in fake.statuses:
                    return self._answer(404, {"errors": [{"error": "NoResultFound", "message": "No result found"}]})
                return self._answer(
                    200, {"id": notification_id, "type": "letter", "status": fake.statuses[notification_id]}
                )

            def do_POST(self) -> None:
                if not self._authorised():
                    return None
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path == "/v2/notifications/letter":
                    return self._letter(body)
                if self.path != "/v2/notifications/email":
                    return self._answer(404, {"errors": [{"error": "NotFound", "message": "Not found"}]})
                if fake.fail_with:
                    return self._answer(
                        fake.fail_with,
                        {"errors": [{"error": "BadRequestError", "message": "Can't send to this recipient"}]},
                    )
                fake.received.append(body)
                notification_id = str(uuid.uuid4())
                return self._answer(
                    201,
                    {
                        "id": notification_id,
                        "reference": body.get("reference"),
                        "content": {"subject": body["personalisation"]["subject"]},
                        "template": {"id": body["template_id"], "version": 1},
                    },
                )

            def _letter(self, body: dict) -> None:
                if fake.fail_with:
                    return self._answer(
                        fake.fail_with, {"errors": [{"error": "BadRequestError", "message": "Letter rejected"}]}
                    )
                pdf = base64.b64decode(body.get("content", ""))
                if not body.get("reference") or not pdf.startswith(b"%PDF"):
                    return self._answer(
                        400, {"errors": [{"error": "ValidationError", "message": "Content is not a PDF"}]}
                    )
                notification_id = str(uuid.uuid4())
                fake.letters[notification_id] = {"reference": body["reference"], "pdf": pdf}
                fake.statuses[notification_id] = "pending-virus-check"
                return self._answer(201, {"id": notification_id, "reference": body["reference"], "postage": "second"})

            def _answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakeNotify":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
