"""Time to send a batch of neighbour letters for one case: the officer's request, then the background task.

    python bench/neighbour_letters.py [--letters 500]

Uses a throwaway SQLite file in the temporary folder (rebuilt on each run; never the project's db.sqlite3), or
the database in DATABASE_URL. Makes one council, one validated case and N neighbours, then sends the letters with
the real service (`neighbour_letters_send`, outbox notifier), which keeps each letter queued and enqueues one task
on commit (database task backend); then runs that task with the real worker (`db_worker --batch`), which renders
each letter as its own PDF (WeasyPrint) and sends it. Prints the request's time, the task's total time and each
letter's render-and-send time (p50, p95, max), and the time to render the whole batch as one printable PDF.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _environment() -> None:
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "bops-bench-letters.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bops.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["NOTIFIER"] = "outbox"
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=500)
    args = parser.parse_args()
    _environment()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from bops.accounts.models import Role
    from bops.applications.models import Status
    from bops.applications.tests.builders import make_application_in, make_council, make_user
    from bops.consultation import neighbours
    from bops.consultation.addresses import addresses_around
    from bops.consultation.models import Neighbour, NeighbourLetter
    from bops.consultation.services import consultation_ensure
    from bops.councils.models import Council

    if Council.objects.exclude(subdomain="benchletters").exists():
        print("This database holds other councils: use an empty one.", file=sys.stderr)
        return 2
    council = make_council(subdomain="benchletters", code="BLT", name="Bench Letters Council")
    users = {role: make_user(council, role) for role in Role.values}
    case = make_application_in(council, Status.IN_ASSESSMENT, users, officer=users[Role.ASSESSOR])
    consultation = consultation_ensure(case)
    houses = [
        house
        for street in range(args.letters // 40 + 1)
        for house in addresses_around(
            street=f"Bench Street {street}",
            town="London",
            postcode="SE15 4RF",
            latitude=51.4689 + street * 0.001,
            longitude=-0.0707,
        )
    ][: args.letters]
    Neighbour.objects.bulk_create(
        Neighbour(
            council=council,
            consultation=consultation,
            address=house.full,
            uprn=house.uprn,
            latitude=house.latitude,
            longitude=house.longitude,
            source=Neighbour.Source.MAP,
        )
        for house in houses
    )

    started = time.perf_counter()
    batch = neighbours.neighbour_letters_send(council=council, application_id=case.pk, user=users[Role.ASSESSOR])
    request = time.perf_counter() - started
    count = len(batch.letters)

    each: list[float] = []
    deliver = neighbours.neighbour_letter_deliver

    def timed_deliver(**kwargs):  # type: ignore[no-untyped-def]
        began = time.perf_counter()
        try:
            return deliver(**kwargs)
        finally:
            each.append((time.perf_counter() - began) * 1000)

    neighbours.neighbour_letter_deliver = timed_deliver  # type: ignore[assignment]
    started = time.perf_counter()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    task = time.perf_counter() - started
    neighbours.neighbour_letter_deliver = deliver  # type: ignore[assignment]
    sent = NeighbourLetter.objects.filter(council=council, status=NeighbourLetter.Status.SENT).count()
    if sent != count or len(each) != count:
        print(f"The task sent {sent} of {count} letters ({len(each)} tried).", file=sys.stderr)
        return 1

    started = time.perf_counter()
    pdf = neighbours.batch_pdf(application=case, letter_id=batch.letters[0].pk)
    printable = time.perf_counter() - started

    each.sort()
    p95 = each[max(0, int(len(each) * 0.95) - 1)]
    print(f"request: {count} letters queued in {request * 1000:.0f} ms")
    print(f"task: {count} letters rendered and sent in {task:.1f} s ({task / count * 1000:.0f} ms each)")
    print(f"task, per letter: p50 {statistics.median(each):.0f} ms, p95 {p95:.0f} ms, max {each[-1]:.0f} ms")
    print(f"the batch as one printable PDF: {printable:.1f} s, {len(pdf) / 1_000_000:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
