"""Server time of receiving an ODP submission: validating it, storing it, and turning it into a case.

    python bench/intake.py [--validations 200] [--requests 100] [--processes 50] [--keep]

Takes the largest official ODP v0.7.7 Application example (by file size) from
../shared/fixtures/odp/v0.7.7/examples/application (next to the repository, not part of the project; without it
the bench says so and exits 0), with strict validation on (ODP_SCHEMA_DIR = ../shared/fixtures/odp/v0.7.7/schemas)
and each of its file URLs pointed at the local fake file server (bops/documents/tests/fake_file_server.py,
/ok/<same filename>: a small valid file of that type). It times, in milliseconds, after 3 warm-ups each:

1. strict validation alone (`bops.submissions.schema.validate_strictly`), --validations runs;
2. `POST /api/v2/submissions` in process (Django's test Client, southwark.localhost, a bearer key), with the
   task backend set to django_tasks' DummyBackend, so the request only stores the body and enqueues the task;
   --requests requests, each with its own metadata.id (none is a duplicate);
3. `bops.submissions.services.submission_process` called directly on submissions stored by 2 (the worker's job:
   parse, validate, fetch the files over HTTP from the fake server, make the case, add the documents, accept it and
   send the receipt), --processes runs; each must end `completed` with a `not_started` case and every document;
4. the synchronous BOPS route `POST /api/v2/planning_applications` (store, parse, validate, make the case in
   `pending` and answer with its reference), --requests requests.

Uses the database in DATABASE_URL (it refuses one holding any council but its own); without it a throwaway SQLite
file in the temporary folder, deleted before and after the run (--keep leaves it). DEBUG and django-axes are off,
messages go to the outbox, and documents are written to a temporary folder that is removed afterwards. If the
service raises in step 3 the table says "failed", the error is printed, and the bench exits 1.
"""

import argparse
import copy
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "fixtures" / "odp" / "v0.7.7"
EXAMPLES = SHARED / "examples" / "application"
SCHEMAS = SHARED / "schemas"

SUBDOMAIN = "southwark"
COUNCIL_NAME = "Intake Bench Council"
WARM_UPS = 3


def _configure(args: argparse.Namespace, media: Path) -> tuple[str, Path | None]:
    """Environment for Django, before it is set up. Returns the database URL and the throwaway SQLite file."""
    throwaway = None
    if not os.environ.get("DATABASE_URL"):
        throwaway = Path(tempfile.gettempdir()) / "bops-intake-bench.sqlite3"
        _remove_sqlite(throwaway)
        os.environ["DATABASE_URL"] = f"sqlite:///{throwaway}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bops.settings")
    os.environ.update(
        {
            "DJANGO_DEBUG": "false",
            "AXES_ENABLED": "false",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            # Only store and enqueue: nothing runs the task, the bench calls the service itself (step 3).
            "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "ODP_SCHEMA_DIR": str(SCHEMAS),
            "MEDIA_ROOT": str(media),
            "NOTIFIER": "outbox",
            "BOPS_DOMAIN": "localhost",
            "DJANGO_ALLOWED_HOSTS": ".localhost",
            "FILE_FETCH_ALLOWED_HOSTS": "127.0.0.1",
        }
    )
    return os.environ["DATABASE_URL"], throwaway


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _largest_example() -> Path | None:
    examples = list(EXAMPLES.rglob("*.json")) if EXAMPLES.is_dir() else []
    return max(examples, key=lambda path: path.stat().st_size) if examples else None


def _nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 1 else f"{value:.1f}"


def _timed(action: Callable[[int], object], runs: int) -> list[float]:
    """Milliseconds of `action(i)` for i in range(runs), after WARM_UPS untimed calls (i negative)."""
    for warm in range(WARM_UPS):
        action(-1 - warm)
    times = []
    for i in range(runs):
        started = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _point_files_at(payload: dict, url_for: Callable[[str], str]) -> None:
    """Each file's URL → /ok/<the same filename> on the fake file server."""
    for file in payload.get("files", []):
        filename = unquote(urlsplit(file["name"]).path.rsplit("/", 1)[-1])
        file["name"] = url_for("/ok/" + quote(filename))


def _setup_council(type_code: str):
    """The bench's council (made once, reused by a later run on the same database), its type active, a new key."""
    from bops.applications.models import ApplicationType
    from bops.applications.tests.builders import make_council
    from bops.councils.api_keys import api_key_create
    from bops.councils.models import Council

    council = Council.objects.filter(subdomain=SUBDOMAIN, name=COUNCIL_NAME).first()
    if council is None:
        council = make_council(subdomain=SUBDOMAIN, code="IBC", name=COUNCIL_NAME)
    activated = ApplicationType.objects.filter(council=council, code=type_code).update(is_active=True)
    if not activated:
        sys.exit(f"The example's type {type_code} is not an application type of this system.")
    _, raw_key = api_key_create(
        council=council,
        user=None,
        name="Intake bench",
        scopes=["planning_application:read", "planning_application:write"],
    )
    return council, raw_key


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--validations", type=int, default=200)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--processes", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="leave the throwaway SQLite file after the run")
    args = parser.parse_args()
    example = _largest_example()
    if example is None or not (SCHEMAS / "application.json").is_file():
        print(f"Skipped: the shared ODP fixtures are not at {SHARED} (they live outside the repository).")
        return 0
    if args.processes > args.requests:
        sys.exit("--processes works on submissions stored by the --requests step: ask for no more than it stores.")

    media = Path(tempfile.mkdtemp(prefix="bops-intake-bench-media-"))
    database_url, throwaway = _configure(args, media)
    try:
        return _run(args, example, database_url)
    finally:
        shutil.rmtree(media, ignore_errors=True)
        if throwaway is not None and not args.keep:
            from django.db import connections

            connections.close_all()
            _remove_sqlite(throwaway)


def _run(args: argparse.Namespace, example: Path, database_url: str) -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tasks import task_backends
    from django_tasks.backends.dummy import DummyBackend

    from bops.applications.models import Status
    from bops.councils.models import Council
    from bops.documents.tests.fake_file_server import FakeFileServer
    from bops.submissions.models import Submission
    from bops.submissions.schema import clear_caches, validate_strictly
    from bops.submissions.services import submission_process

    assert not settings.DEBUG, "DEBUG must be off for a benchmark"
    tasks = task_backends["default"]
    assert isinstance(tasks, DummyBackend), "the task backend must only record what is enqueued"
    if "councils_council" in connection.introspection.table_names():
        others = Council.objects.exclude(subdomain=SUBDOMAIN, name=COUNCIL_NAME)
        if others.exists():
            sys.exit(f"{database_url} holds other councils' data: give the bench a database of its own.")
    call_command("migrate", verbosity=0, interactive=False)

    original = json.loads(example.read_bytes())
    type_code = original["data"]["application"]["type"]["value"]
    council, raw_key = _setup_council(type_code)
    file_count = len(original.get("files", []))
    load_before = os.getloadavg()[0]
    rows: list[tuple[str, list[float], int | None]] = []
    failures: list[str] = []

    with FakeFileServer() as files:
        template = copy.deepcopy(original)
        _point_files_at(template, files.url)

        def body() -> bytes:
            payload = copy.deepcopy(template)
            payload["metadata"]["id"] = str(uuid.uuid4())
            return json.dumps(payload).encode()

        # 1. Strict validation alone: the first call reads and compiles the schema, the rest are warm.
        clear_caches()
        started = time.perf_counter()
        errors = validate_strictly(template)
        first = (time.perf_counter() - started) * 1000
        if errors:
            sys.exit(f"{example.name} is not valid under the official schema: {errors[:3]}")
        rows.append(("Strict validation, first call (reads the schemas folder, compiles)", [first], None))
        times = _timed(lambda _: validate_strictly(template), args.validations)
        rows.append(("Strict validation (`validate_strictly`), warm", times, None))

        client = Client(HTTP_HOST=f"{SUBDOMAIN}.localhost", HTTP_AUTHORIZATION=f"Bearer {raw_key}")

        def post(path: str, expected: int, bodies: list[bytes]) -> Callable[[int], object]:
            def action(i: int) -> object:
                response = client.post(path, data=bodies[i], content_type="application/json")
                assert response.status_code == expected, (path, response.status_code, response.content[:500])
                answers.append(response.json())
                return response

            return action

        def queries(action: Callable[[int], object]) -> int:
            with CaptureQueriesContext(connection) as captured:
                action(0)
            return len(captured)

        # 2. Store and answer: 202, state `received`, the task enqueued (and never run).
        tasks.clear()
        answers: list[dict] = []
        bodies = [body() for _ in range(args.requests)] + [body() for _ in range(WARM_UPS)]
        receive = post("/api/v2/submissions", 202, bodies)
        times = _timed(receive, args.requests)
        count = queries(post("/api/v2/submissions", 202, [body()]))
        assert all(answer["state"] == "received" for answer in answers), "a submission was not simply received"
        assert len(tasks.results) == len(answers), "each submission enqueues one task"
        rows.append(("`POST /api/v2/submissions`: store, enqueue and answer 202", times, count))
        stored = [answer["id"] for answer in answers]

        # 3. The worker's job, called directly on stored submissions (files over HTTP from the fake server).
        hits_before = len(files.requests)
        processed: list[str] = []

        def process(_: int) -> object:
            submission_id = stored[len(processed)]
            processed.append(submission_id)
            return submission_process(submission_id=submission_id)

        label = f"`submission_process`: to a `not_started` case, {file_count} files fetched over HTTP"
        try:
            times = _timed(process, args.processes)
            count = queries(process)
        except Exception as error:  # the service itself broke (not a rejection, which it records): say so, go on
            failures.append(f"{label} raised {type(error).__name__}: {error}")
            rows.append((label, [], None))
        else:
            done = Submission.objects.filter(council=council, pk__in=processed).select_related("application")
            for submission in done:
                application = submission.application
                assert submission.state == Submission.State.COMPLETED, (
                    submission.pk,
                    submission.state,
                    submission.errors,
                )
                assert application is not None and application.status == Status.NOT_STARTED, (
                    submission.pk,
                    application,
                )
                assert application.documents.count() == file_count, (application.reference, file_count)
            assert len(done) == len(processed) == args.processes + WARM_UPS + 1
            assert len(files.requests) - hits_before == len(processed) * file_count, "every file fetched over HTTP"
            rows.append((label, times, count))

        # 4. The synchronous BOPS route: store, parse, validate, make the case in `pending`, answer with its reference.
        tasks.clear()
        answers.clear()
        bodies = [body() for _ in range(args.requests)] + [body() for _ in range(WARM_UPS)]
        times = _timed(post("/api/v2/planning_applications", 200, bodies), args.requests)
        count = queries(post("/api/v2/planning_applications", 200, [body()]))
        made = Submission.objects.filter(council=council, pk__in=[answer["submission"] for answer in answers])
        assert made.filter(application__status=Status.PENDING).count() == len(answers), "each made a pending case"
        assert len(tasks.results) == len(answers), "each case enqueues its processing task"
        rows.append(
            ("`POST /api/v2/planning_applications`: store, validate, make a pending case, answer", times, count)
        )

    with connection.cursor() as cursor:
        cursor.execute("select version()" if connection.vendor == "postgresql" else "select sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    load = os.getloadavg()
    print(
        f"\n{example.relative_to(EXAMPLES)} ({example.stat().st_size:,} bytes, {type_code}, {file_count} files), "
        f"{connection.vendor} ({version}), {datetime.now():%Y-%m-%d %H:%M}, Python {platform.python_version()}, "
        f"Django {django.get_version()}, {os.cpu_count()} CPUs, load average {load_before:.1f} before and "
        f"{load[0]:.1f} after (other work on the machine inflates the times)\n"
    )
    print("| Step | p50 ms | p95 ms | Runs | SQL queries |")
    print("|---|---:|---:|---:|---:|")
    for label, times, count in rows:
        p50 = _ms(statistics.median(times)) if times else "failed"
        p95 = _ms(_nearest_rank(times, 0.95)) if len(times) > 1 else ""
        queries_text = "" if count is None else str(count)
        print(f"| {label} | {p50} | {p95} | {len(times)} | {queries_text} |")
    for failure in failures:
        print(f"\nFAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
