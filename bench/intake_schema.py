"""Cost of strict ODP schema validation at intake (bops.submissions.schema), on the official schemas.

    python bench/intake_schema.py [--runs 200] [--compiles 5]

Reads the official schemas and examples from ../shared/fixtures/odp/v0.7.7 (next to the repository; they are
not part of the project). Without that folder it says so and exits 0.

For two schemas it takes the largest example payload (by file size) and times, in milliseconds:
  * compiling a validator (median of --compiles): for the branch the payload's type picks, and for the whole schema;
  * validating the payload, collecting every error as intake does (p50 and p95 of --runs, after 5 warm-ups),
    against the branch validator and against the whole schema;
  * the end-to-end `SchemaValidation.validate` (reads metadata.schema, picks the file and branch, converts errors):
    the first call (reads the file and compiles) and then warm calls.

1. application.json (v0.7.7), what PlanX submissions name. Its root is a single object schema (types are an anyOf
   of {value, description} constants at data.application.type), so the "branch" is the whole schema.
2. postSubmissionApplication.json (@next), whose root is an anyOf over 95 application types keyed by
   `applicationType`: here picking the branch matters.
"""

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "fixtures" / "odp" / "v0.7.7"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def timed(action, runs: int, warm: int = 5) -> list[float]:
    for _ in range(warm):
        action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def break_first_email(node: object) -> bool:
    """Make the first "email" found in the payload invalid (one error, deep in the instance)."""
    if isinstance(node, dict):
        if isinstance(node.get("email"), str):
            node["email"] = "not-an-email"
            return True
        return any(break_first_email(value) for value in node.values())
    return isinstance(node, list) and any(break_first_email(value) for value in node)


def largest(folder: Path) -> Path:
    return max(folder.rglob("*.json"), key=lambda path: path.stat().st_size)


def bench_schema(title: str, schema_file: Path, example: Path, runs: int, compiles: int) -> None:
    from bops.submissions.schema import collect_errors, compile_validator, schema_for_type

    schema = json.loads(schema_file.read_text())
    payload = json.loads(example.read_text())
    type_code = payload.get("applicationType") or payload["data"]["application"]["type"]["value"]
    branch = schema_for_type(schema, type_code)
    broken = json.loads(example.read_text())
    break_first_email(broken)
    print(f"\n{title}")
    print(
        f"  schema  {schema_file.relative_to(SHARED)} ({schema_file.stat().st_size / 1e6:.2f} MB, $id {schema['$id']})"
    )
    print(f"  payload {example.relative_to(SHARED)} ({example.stat().st_size / 1e3:.1f} kB, type {type_code})")
    print(f"  root anyOf branches: {len(schema.get('anyOf', []))}; branch picked: {branch is not schema}")
    print(f"  {'':42}{'p50 ms':>8} {'p95 ms':>8}")
    rows = [("branch", branch), ("whole schema", schema)] if branch is not schema else [("whole schema", schema)]
    for label, target in rows:
        compile_times = [timed(lambda target=target: compile_validator(target), 1, warm=0)[0] for _ in range(compiles)]
        validator = compile_validator(target)
        print(f"  compile, {label:33}{ms(statistics.median(compile_times))}   (median of {compiles})")
        for state, instance in (("valid", payload), ("one bad email", broken)):
            start = time.perf_counter()
            errors = collect_errors(validator, instance)
            once = time.perf_counter() - start
            count = runs if once < 1 else 1  # the whole 95-branch schema takes seconds per invalid payload
            times = [once] if count == 1 else timed(lambda v=validator, i=instance: collect_errors(v, i), count)
            print(
                f"  validate, {label + ', ' + state:32}{ms(percentile(times, 0.5))} {ms(percentile(times, 0.95))}"
                f"   ({count} run{'s' if count > 1 else ''}, {len(errors)} errors"
                f"{': ' + errors[0].pointer if errors else ''})"
            )


def bench_end_to_end(example: Path, runs: int) -> None:
    from bops.submissions.schema import SchemaValidation

    payload = json.loads(example.read_text())
    with tempfile.TemporaryDirectory() as folder:
        version = Path(folder) / "v0.7.7"
        version.mkdir()
        (version / "application.json").symlink_to(SHARED / "schemas" / "application.json")
        validation = SchemaValidation(folder)
        start = time.perf_counter()
        errors = validation.validate(payload)
        first = time.perf_counter() - start
        warm = timed(lambda: validation.validate(payload), runs)
    print(f"\nSchemaValidation.validate on {example.name} ({len(errors)} errors)")
    print(f"  first call (discover, read 0.8 MB, compile) {ms(first)}")
    print(f"  warm calls p50 / p95                        {ms(percentile(warm, 0.5))} {ms(percentile(warm, 0.95))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--compiles", type=int, default=5)
    args = parser.parse_args()
    if not (SHARED / "schemas" / "application.json").is_file():
        print(f"Skipped: the shared ODP fixtures are not at {SHARED} (they live outside the repository).")
        return 0
    from importlib.metadata import version

    print(f"Python {platform.python_version()}, jsonschema-rs {version('jsonschema_rs')}, {platform.machine()}")
    print(f"Largest example in the shared folder: {largest(SHARED / 'examples').relative_to(SHARED)}")
    application_example = largest(SHARED / "examples" / "application")
    bench_schema(
        "1. ODP Application v0.7.7",
        SHARED / "schemas" / "application.json",
        application_example,
        args.runs,
        args.compiles,
    )
    bench_schema(
        "2. PostSubmissionApplication @next",
        SHARED / "schemas" / "postSubmissionApplication.json",
        largest(SHARED / "examples" / "postSubmissionApplication"),
        args.runs,
        args.compiles,
    )
    bench_end_to_end(application_example, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
