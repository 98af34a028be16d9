"""Conformance: every official ODP v0.7.7 Application example, posted to a running server and worker.

Usage: python conformance/run.py [--examples DIR] [--schemas DIR]   (defaults: ../shared/fixtures/odp/v0.7.7)

It starts the web server (gunicorn) and the background worker on a throw-away SQLite database, with strict
schema validation on, and a local file server standing in for PlanX's file store (each file URL in an example
is pointed at a small valid file of the same name and type). Each example is posted to /api/v2/submissions and
followed until the worker finishes; the case it made is then compared with the payload. Then every case on the
registers of the demo councils (the demo data and the examples' new cases), as the ODP public API lists and shows
it, is validated against the official PostSubmissionPublishedApplication schema. It prints a table
(example, result, seconds) and exits non-zero if any example fails. Without ../shared it says so and exits 0.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "fixtures" / "odp" / "v0.7.7"
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, host: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, headers={"Host": host}, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"The server did not start within {seconds} s")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", default=str(SHARED / "examples" / "application"))
    parser.add_argument("--schemas", default=str(SHARED / "schemas"))
    args = parser.parse_args()
    examples_dir, schemas_dir = Path(args.examples), Path(args.schemas)
    if not examples_dir.is_dir() or not schemas_dir.is_dir():
        print(f"Conformance check skipped: {examples_dir} is not here (it needs ../shared beside the project).")
        return 0
    examples = sorted(examples_dir.rglob("*.json"))

    workdir = Path(tempfile.mkdtemp(prefix="bops-conformance-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bops.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "ODP_SCHEMA_DIR": str(schemas_dir),
        "FILE_FETCH_ATTEMPTS": "1",
        "AXES_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DJANGO_DEBUG", None)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MEDIA_ROOT", "ODP_SCHEMA_DIR")})
    python = sys.executable
    manage = [python, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "demo_data"], env=env, check=True, stdout=subprocess.DEVNULL)
    raw_key = subprocess.run(
        [*manage, "create_api_key", "southwark", "Conformance"], env=env, check=True, capture_output=True, text=True
    ).stdout.strip()

    import django

    django.setup()
    from bops.applications.models import ApplicationType, PlanningApplication
    from bops.documents.tests.fake_file_server import FakeFileServer

    ApplicationType.objects.filter(council__subdomain="southwark").update(is_active=True)

    port = free_port()
    host = f"southwark.localhost:{port}"
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "bops.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    worker = subprocess.Popen(
        [*manage, "db_worker", "--interval", "0.1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rows, failures = [], 0
    try:
        wait_for(f"{base}/api/schema", host)
        with FakeFileServer() as files, httpx.Client(base_url=base, timeout=30) as client:
            headers = {"Host": host, "Authorization": f"Bearer {raw_key}", "Content-Type": "application/json"}
            for path in examples:
                name = str(path.relative_to(examples_dir))
                payload = json.loads(path.read_text())
                for file in payload.get("files", []):
                    filename = unquote(urlsplit(file["name"]).path.rsplit("/", 1)[-1])
                    file["name"] = files.url("/ok/" + quote(filename))
                started = time.monotonic()
                answer = client.post("/api/v2/submissions", content=json.dumps(payload), headers=headers)
                state = answer.json()
                while state.get("state") in ("received", "processing") and time.monotonic() - started < 120:
                    time.sleep(0.2)
                    state = client.get(f"/api/v2/submissions/{state['id']}", headers=headers).json()
                seconds = time.monotonic() - started
                problems = check(payload, state, PlanningApplication)
                failures += bool(problems)
                rows.append((name, "ok" if not problems else "FAILED: " + "; ".join(problems), seconds))
            published = schemas_dir / "postSubmissionPublishedApplication.json"
            for subdomain in ("southwark", "lambeth"):
                started = time.monotonic()
                problems = check_register(client, f"{subdomain}.localhost:{port}", published)
                failures += bool(problems)
                result = "ok" if not problems else "FAILED: " + "; ".join(problems[:5])
                rows.append(
                    (f"register of {subdomain} (every case, ODP public API)", result, time.monotonic() - started)
                )
    finally:
        server.terminate()
        worker.terminate()
        server.wait(10)
        worker.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)

    width = max(len(r[0]) for r in rows)
    print(f"\n{'example'.ljust(width)}  {'seconds':>7}  result")
    for name, result, seconds in rows:
        print(f"{name.ljust(width)}  {seconds:7.2f}  {result}")
    print(f"\n{len(rows) - failures} passed, {failures} failed")
    return 1 if failures else 0


def check_register(client: httpx.Client, host: str, schema_path: Path) -> list[str]:
    """Every case on a council's register, as the ODP public API lists and shows it, valid against the official
    PostSubmissionPublishedApplication schema, as listed and as shown (with its comments); the two agree."""
    from bops.submissions.schema import collect_errors, compile_validator, schema_for_type

    schema = json.loads(schema_path.read_text())
    validators: dict = {}
    problems: list[str] = []
    page, seen = 1, 0
    while True:
        body = client.get(f"/api/@next/public/applications?page={page}&maxresults=50", headers={"Host": host}).json()
        if body.get("status", {}).get("code") != 200:
            return [f"page {page}: {body.get('status')}"]
        for item in body["data"]:
            seen += 1
            code = item.get("applicationType")
            if code not in validators:
                narrowed = schema_for_type(schema, code)
                validators[code] = compile_validator(narrowed) if narrowed is not None else None
            reference = item["data"]["application"]["reference"]
            if validators[code] is None:
                problems.append(f"{reference}: the schema has no type {code}")
                continue
            errors = collect_errors(validators[code], item)
            problems += [f"{reference} {e.pointer or '/'} {e.message}" for e in errors[:3]]
            shown = client.get(f"/api/@next/public/applications/{reference}", headers={"Host": host}).json()["data"]
            shown_errors = collect_errors(validators[code], shown)
            problems += [f"{reference} (show) {e.pointer or '/'} {e.message}" for e in shown_errors[:3]]
            # The show adds the comments; the rest is the same object (generatedAt aside).
            if _without(shown, "metadata", "comments") != _without(item, "metadata", "comments"):
                problems.append(f"{reference}: the list and the show disagree")
        if page >= body["pagination"]["totalPages"]:
            break
        page += 1
    if seen == 0:
        problems.append("the register is empty")
    return problems


def _without(item: dict, *keys: str) -> dict:
    return {key: value for key, value in item.items() if key not in keys}


def check(payload: dict, state: dict, PlanningApplication) -> list[str]:
    """What the case must show of the payload."""
    if state.get("state") != "completed":
        errors = state.get("errors") or state.get("error")
        return [f"submission {state.get('state')}: {errors}"]
    application = PlanningApplication.objects.select_related("application_type").get(
        council__subdomain="southwark", reference=state["application"]["reference"]
    )
    data = payload["data"]
    problems = []
    expect = {
        "status": (application.status, "not_started"),
        "type": (application.application_type.code, data["application"]["type"]["value"]),
        "suffix": (application.reference.rsplit("-", 1)[1], application.application_type.suffix),
        "postcode": (
            application.postcode.replace(" ", ""),
            data["property"]["address"].get("postcode", "").replace(" ", "").upper(),
        ),
        "description": (application.description, data["proposal"]["description"].strip()),
        "applicant email": (application.applicant_email, (data["applicant"].get("email") or "").lower()),
        "documents": (application.documents.count(), len(payload.get("files", []))),
    }
    if data["property"]["address"].get("uprn"):
        expect["uprn"] = (application.uprn, data["property"]["address"]["uprn"])
    site = (data["proposal"].get("boundary") or {}).get("site")
    if site:
        expect["boundary"] = (application.boundary["geometry"]["type"], site["geometry"]["type"])
    fee = data["application"].get("fee", {}).get("payable")
    if fee is not None:
        stored = application.submitted_details.fee.get("payable")
        expect["fee"] = (Decimal(str(stored)) if stored is not None else None, Decimal(str(fee)))
    for label, (got, wanted) in expect.items():
        if got != wanted:
            problems.append(f"{label}: {got!r} != {wanted!r}")
    return problems


if __name__ == "__main__":
    sys.exit(main())
