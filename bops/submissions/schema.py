"""Strict validation of a submission against the official ODP JSON Schema for the version it names.

Schemas are installed in the folder named by the `ODP_SCHEMA_DIR` setting, in either layout:

* one sub-folder per version: `v0.7.7/application.json` (or `v0.7.7/schemas/application.json`, as published);
* the files of one version directly in the folder: the version is then each schema's `$id` (e.g. "v0.7.7").

`metadata.schema` picks the version and the file (`…/v0.7.7/schemas/application.json` → "application"; the
older `…/vX.Y.Z/schema.json` also means "application"). When `ODP_SCHEMA_DIR` is unset, strict validation is
off and `validate_strictly` returns no errors.

Speed: a schema whose root is an `anyOf` over application types (PrototypeApplication and the post-submission
schemas: 95 branches) is validated against the one branch that accepts the payload's type, compiled once per
(schema file, branch) and cached. The released `application.json` has no such root `anyOf` (its types are an
`anyOf` of 105 `{value, description}` constants at `data.application.type`), so it is compiled whole, once;
an unknown type is still reported as one clear error rather than 105 failed constants.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs
from django.conf import settings

from bops.submissions.odp import PointerError, SchemaRef, parse_schema_url
from bops.submissions.odp_fields import escape, pointer

__all__ = [
    "MAX_ERRORS",
    "SchemaValidation",
    "clear_caches",
    "collect_errors",
    "compile_validator",
    "schema_for_type",
    "schema_validation",
    "to_pointer_errors",
    "validate_strictly",
]

MAX_ERRORS = 50
_VERSION_DIR = re.compile(r"^(v\d+\.\d+\.\d+|@next)$")
# Where a payload states its type: ODP Application/PreApplication/Enforcement, then Prototype/PostSubmission.
TYPE_PATHS: tuple[tuple[str, ...], ...] = (("data", "application", "type", "value"), ("applicationType",))
_FORMATS = {
    "email": "must be an email address",
    "date-time": "must be a date and time with a time zone, like 2024-05-01T09:30:00Z",
    "date": "must be a date, like 2024-05-01",
    "uri": "must be a URL",
    "uuid": "must be a UUID",
}
_TYPES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "object": "an object",
    "array": "a list",
    "boolean": "true or false",
    "null": "null",
}


def validate_strictly(payload: object) -> list[PointerError]:
    """Errors from the installed official schema for `payload` ([] when valid or when `ODP_SCHEMA_DIR` is unset)."""
    directory = getattr(settings, "ODP_SCHEMA_DIR", "") or ""
    if not directory:
        return []
    return schema_validation(str(directory)).validate(payload)


_by_directory: dict[str, SchemaValidation] = {}
_by_directory_lock = threading.Lock()


def schema_validation(directory: str | Path) -> SchemaValidation:
    """The (cached) validation for one schema folder; it reads and compiles schemas lazily, on first use."""
    key = str(Path(directory).resolve())
    with _by_directory_lock:
        if key not in _by_directory:
            _by_directory[key] = SchemaValidation(key)
        return _by_directory[key]


def clear_caches() -> None:
    """Forget every folder's schemas and compiled validators (after installing a new schema version)."""
    with _by_directory_lock:
        _by_directory.clear()


@dataclass(frozen=True)
class _TypePlan:
    """How one schema is keyed by application type."""

    path: tuple[str, ...] | None  # where the payload's type sits; None when the schema does not constrain it
    codes: frozenset[str] | None  # every type the schema accepts; None when unconstrained
    branches: tuple[frozenset[str] | None, ...]  # per root `anyOf` branch, the types it accepts; () if no root anyOf


class SchemaValidation:
    """Strict validation against the schemas installed in one folder, with per-branch compiled validators cached."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._installed: dict[tuple[str, str], Path] | None = None
        self._schemas: dict[Path, tuple[dict, _TypePlan]] = {}
        self._validators: dict[tuple[Path, tuple[int, ...] | None], jsonschema_rs.Validator] = {}

    def installed(self) -> dict[tuple[str, str], Path]:
        """(version, schema name) → file, e.g. ("v0.7.7", "application") → …/v0.7.7/application.json."""
        with self._lock:
            if self._installed is None:
                self._installed = _discover(self.directory)
            return self._installed

    def validate(self, payload: object) -> list[PointerError]:
        if not isinstance(payload, dict):
            return [PointerError("", "must be a JSON object")]
        metadata = payload.get("metadata")
        url = metadata.get("schema") if isinstance(metadata, dict) else None
        ref = parse_schema_url(url)
        if ref is None:
            return [PointerError("/metadata/schema", "is required" if not url else "is not an ODP schema URL")]
        path = self._path_for(ref)
        if path is None:
            what = ref.version if ref.name == "application" else f"{ref.version} of the {ref.name} schema"
            return [PointerError("/metadata/schema", f"no schema for version {what} is installed")]
        _, plan = self._schema(path)
        type_code = _value_at(payload, plan.path) if plan.path else None
        if plan.path and plan.codes is not None and isinstance(type_code, str) and type_code not in plan.codes:
            wrong_type = PointerError(pointer(*plan.path), f"is not an application type of schema {ref.version}")
            if plan.branches:
                return [wrong_type]
            beside = pointer(*plan.path[:-1])  # the whole-schema errors about the type object say the same again
            others = self._errors(path, None, payload)
            return [wrong_type, *(e for e in others if not _within(e.pointer, beside))][:MAX_ERRORS]
        if plan.branches and not isinstance(type_code, str):
            return [PointerError(pointer(*(plan.path or ())), "is required")]
        indices = _matching(plan, type_code) if plan.branches and isinstance(type_code, str) else None
        return self._errors(path, indices, payload)

    def _path_for(self, ref: SchemaRef) -> Path | None:
        installed = self.installed()
        names = (ref.name, "schema", "submission") if ref.name == "application" else (ref.name,)
        return next((installed[(ref.version, name)] for name in names if (ref.version, name) in installed), None)

    def _schema(self, path: Path) -> tuple[dict, _TypePlan]:
        with self._lock:
            if path not in self._schemas:
                schema = json.loads(path.read_text(encoding="utf-8"))
                self._schemas[path] = (schema, _type_plan(schema))
            return self._schemas[path]

    def _errors(self, path: Path, indices: tuple[int, ...] | None, payload: dict) -> list[PointerError]:
        return collect_errors(self._validator(path, indices), payload)

    def _validator(self, path: Path, indices: tuple[int, ...] | None) -> jsonschema_rs.Validator:
        schema, _ = self._schema(path)
        with self._lock:  # compiling takes tens of milliseconds: do it once per (file, branch)
            key = (path, indices)
            if key not in self._validators:
                self._validators[key] = compile_validator(_with_branches(schema, indices))
            return self._validators[key]


def compile_validator(schema: dict) -> jsonschema_rs.Validator:
    """A validator for `schema` (draft from its `$schema`), asserting formats and never fetching remote refs."""
    return jsonschema_rs.validator_for(schema, validate_formats=True, offline=True)


def schema_for_type(schema: dict, type_code: str) -> dict | None:
    """The schema to validate a payload of `type_code` with: the matching root-`anyOf` branch(es) with the
    schema's definitions, the schema itself when it has no root `anyOf` keyed by type, or None when no branch
    accepts the type."""
    plan = _type_plan(schema)
    if not plan.branches:
        return schema
    indices = _matching(plan, type_code)
    return None if indices == () else _with_branches(schema, indices)


def collect_errors(validator: jsonschema_rs.Validator, payload: object) -> list[PointerError]:
    """The payload's errors under `validator`. A valid payload costs only `is_valid` (no error objects built):
    collecting errors means evaluating every branch of every failing `anyOf`, which is far slower."""
    if validator.is_valid(payload):
        return []
    return to_pointer_errors(validator.iter_errors(payload))


def to_pointer_errors(errors: Iterable[Any]) -> list[PointerError]:
    """jsonschema-rs errors as plain-English `PointerError`s: one per pointer, at most `MAX_ERRORS`.

    When a field breaks several rules, the most helpful message wins (a format over the regex behind it)."""
    found: dict[str, tuple[int, PointerError]] = {}
    for error in errors:
        for leaf in _convert(error):
            rank = _RANK.get(leaf.kind, 1)
            if leaf.error.pointer not in found or rank < found[leaf.error.pointer][0]:
                found[leaf.error.pointer] = (rank, leaf.error)
        if len(found) >= MAX_ERRORS:
            break
    return [converted for _, converted in found.values()][:MAX_ERRORS]


_RANK = {"format": 0, "pattern": 2}


@dataclass(frozen=True)
class _Leaf:
    error: PointerError
    kind: str
    depth: int  # how deep in the instance the rule failed: the deeper, the further the instance matched


def _convert(error: Any) -> list[_Leaf]:
    kind = error.kind
    at, depth = pointer(*error.instance_path), len(error.instance_path)
    if kind.name in ("anyOf", "oneOfNotValid"):
        return _best_branch(kind, at, depth)
    details = kind.as_dict()
    if kind.name == "required":
        return [_Leaf(PointerError(f"{at}/{escape(details['property'])}", "is required"), kind.name, depth)]
    if kind.name == "additionalProperties":
        return [
            _Leaf(PointerError(f"{at}/{escape(name)}", "is not allowed here"), kind.name, depth)
            for name in details["unexpected"]
        ]
    return [_Leaf(PointerError(at, _message(kind.name, details, error.message)), kind.name, depth)]


def _best_branch(kind: Any, at: str, depth: int) -> list[_Leaf]:
    """Like python-jsonschema's best_match: report the branch that got furthest into the instance before
    failing (then the one with fewest errors); when branches tie with different errors, say so plainly."""
    branches = [[leaf for sub in branch for leaf in _convert(sub)] for branch in getattr(kind, "context", [])]
    ranked = sorted(
        ((-min(leaf.depth for leaf in leaves), len(leaves)), index) for index, leaves in enumerate(branches) if leaves
    )
    if ranked:
        best = branches[ranked[0][1]]
        tied = [branches[index] for score, index in ranked[1:] if score == ranked[0][0]]
        if all([leaf.error for leaf in other] == [leaf.error for leaf in best] for other in tied):
            return best
    return [_Leaf(PointerError(at, "does not match any of the allowed forms"), "anyOf", depth)]


def _message(kind: str, details: dict, fallback: str) -> str:
    if kind == "type":
        return "must be " + " or ".join(_TYPES.get(name, name) for name in details["types"])
    if kind == "format":
        return _FORMATS.get(details["format"], f"must be in {details['format']} format")
    if kind == "const":
        return f"must be {json.dumps(details['expected_value'])}"
    if kind == "enum":
        options = [json.dumps(option) for option in details["options"]]
        return "must be one of " + ", ".join(options[:12]) + (", …" if len(options) > 12 else "")
    if kind == "pattern":
        return f"must match the pattern {details['pattern']}"
    return fallback if len(fallback) <= 200 else fallback[:199] + "…"


def _within(at: str, prefix: str) -> bool:
    return at == prefix or at.startswith(prefix + "/")


def _value_at(payload: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        payload = payload.get(key) if isinstance(payload, dict) else None
    return payload


def _matching(plan: _TypePlan, type_code: str) -> tuple[int, ...] | None:
    """Indexes of the root branches accepting `type_code`; None when all do (validate the whole schema)."""
    indices = tuple(i for i, codes in enumerate(plan.branches) if codes is None or type_code in codes)
    return None if len(indices) == len(plan.branches) else indices


def _with_branches(schema: dict, indices: tuple[int, ...] | None) -> dict:
    """The schema with its root `anyOf` narrowed to the given branches (definitions and `$id` kept)."""
    if indices is None:
        return schema
    root = {key: value for key, value in schema.items() if key != "anyOf"}
    chosen = [schema["anyOf"][i] for i in indices]
    if len(chosen) == 1:
        root["allOf"] = [*root.get("allOf", []), chosen[0]]
    else:
        root["anyOf"] = chosen
    return root


def _type_plan(schema: dict) -> _TypePlan:
    branches = schema.get("anyOf") if isinstance(schema.get("anyOf"), list) else None
    for path in TYPE_PATHS:
        if branches is None:
            codes = _codes_at(schema, schema, path)
            if codes is not None:
                return _TypePlan(path, codes, ())
            continue
        per_branch = tuple(_codes_at(schema, branch, path) for branch in branches)
        if any(codes is not None for codes in per_branch):
            every = None if None in per_branch else frozenset().union(*per_branch)  # type: ignore[arg-type]
            return _TypePlan(path, every, per_branch)
    return _TypePlan(None, None, ())


def _codes_at(schema: dict, node: Any, path: tuple[str, ...], depth: int = 0) -> frozenset[str] | None:
    """The string constants a (sub)schema allows at `path`, following local `$ref`s; None if not constrained."""
    if not isinstance(node, dict) or depth > 64:
        return None
    if isinstance(node.get("$ref"), str):
        return _codes_at(schema, _resolve(schema, node["$ref"]), path, depth + 1)
    for keyword in ("anyOf", "oneOf"):
        if isinstance(node.get(keyword), list):
            found = [_codes_at(schema, sub, path, depth + 1) for sub in node[keyword]]
            return None if None in found or not found else frozenset().union(*found)  # type: ignore[arg-type]
    for sub in node.get("allOf", []):
        codes = _codes_at(schema, sub, path, depth + 1)
        if codes is not None:
            return codes
    if not path:
        if isinstance(node.get("const"), str):
            return frozenset([node["const"]])
        if isinstance(node.get("enum"), list):
            return frozenset(value for value in node["enum"] if isinstance(value, str))
        return None
    return _codes_at(schema, (node.get("properties") or {}).get(path[0]), path[1:], depth + 1)


def _resolve(schema: dict, ref: str) -> Any:
    if not ref.startswith("#/"):
        return None
    node: Any = schema
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        node = node.get(token) if isinstance(node, dict) else None
    return node


def _discover(directory: Path) -> dict[tuple[str, str], Path]:
    found: dict[tuple[str, str], Path] = {}
    if not directory.is_dir():
        return found
    for child in sorted(directory.iterdir()):
        if child.is_dir() and _VERSION_DIR.match(child.name):
            for file in _json_files(child):
                found.setdefault((child.name, file.stem), file)
    for file in _json_files(directory):  # one version's files directly: the version is the schema's $id
        try:
            schema_id = json.loads(file.read_text(encoding="utf-8")).get("$id")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(schema_id, str) and schema_id:
            found.setdefault((schema_id, file.stem), file)
    return found


def _json_files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.json"), *folder.glob("schemas/*.json")])
