"""Strict validation against installed ODP JSON Schemas: a tiny hand-written schema in a temporary folder, then
(when the shared fixtures are next to the repository) the official v0.7.7 schema and its examples."""

import copy
import json
from pathlib import Path

import pytest

import bops.submissions.schema as schema_module
from bops.submissions.odp import PointerError
from bops.submissions.schema import SchemaValidation, schema_for_type, schema_validation, validate_strictly
from bops.submissions.tests.payloads import (
    householder_payload,
    ldc_proposed_payload,
    prior_approval_payload,
    set_at,
)

SCHEMAS_URL = "https://theopensystemslab.github.io/digital-planning-data-schemas"
TINY_URL = f"{SCHEMAS_URL}/v9.9.9/schemas/application.json"


def _branch(type_code: str, proposal: dict) -> dict:
    """One application type: its code as a const, and a proposal shape of its own."""
    return {
        "type": "object",
        "required": ["data", "metadata"],
        "properties": {
            "metadata": {"$ref": "#/definitions/Metadata"},
            "data": {
                "type": "object",
                "additionalProperties": False,
                "required": ["application", "applicant", "proposal"],
                "properties": {
                    "application": {
                        "type": "object",
                        "required": ["type"],
                        "properties": {
                            "type": {
                                "type": "object",
                                "required": ["value"],
                                "properties": {"value": {"const": type_code, "type": "string"}},
                            },
                            "fee": {"anyOf": [{"$ref": "#/definitions/Fee"}, {"$ref": "#/definitions/NoFee"}]},
                        },
                    },
                    "applicant": {
                        "type": "object",
                        "required": ["email"],
                        "properties": {"email": {"type": "string", "format": "email"}},
                    },
                    "proposal": proposal,
                },
            },
        },
    }


TINY_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "v9.9.9",
    "title": "Application",
    "anyOf": [
        {"$ref": "#/definitions/Householder"},
        {"$ref": "#/definitions/PriorApproval"},
    ],
    "definitions": {
        "Metadata": {
            "type": "object",
            "required": ["schema", "submittedAt"],
            "properties": {
                "schema": {"type": "string", "pattern": "^https?://"},
                "submittedAt": {"type": "string", "format": "date-time"},
            },
        },
        "Fee": {
            "type": "object",
            "additionalProperties": False,
            "required": ["payable"],
            "properties": {"payable": {"type": "number"}},
        },
        "NoFee": {
            "type": "object",
            "additionalProperties": False,
            "required": ["notApplicable"],
            "properties": {"notApplicable": {"const": True}},
        },
        "Householder": _branch(
            "pp.full.householder",
            {"type": "object", "required": ["description"], "properties": {"description": {"type": "string"}}},
        ),
        "PriorApproval": _branch(
            "pa.part1.classA",
            {
                "type": "object",
                "required": ["extension"],
                "properties": {
                    "extension": {
                        "type": "object",
                        "required": ["depth"],
                        "properties": {"depth": {"type": "number", "minimum": 0}},
                    }
                },
            },
        ),
    },
}

# The released application.json has no root anyOf: its types are an enum deep inside. So has this one.
FLAT_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "v9.9.9",
    "type": "object",
    "required": ["data"],
    "properties": {
        "data": {
            "type": "object",
            "required": ["application", "proposal"],
            "properties": {
                "application": {"$ref": "#/definitions/ApplicationData"},
                "proposal": {"type": "object", "required": ["description"]},
            },
        }
    },
    "definitions": {
        "ApplicationData": {
            "type": "object",
            "required": ["type"],
            "properties": {
                "type": {
                    "anyOf": [
                        {"type": "object", "properties": {"value": {"const": "ldc.proposed"}}, "required": ["value"]},
                        {"type": "object", "properties": {"value": {"const": "ldc.existing"}}, "required": ["value"]},
                    ]
                }
            },
        }
    },
}


def tiny_payload(type_code: str = "pp.full.householder", url: str = TINY_URL) -> dict:
    proposal = {"description": "Rear extension"} if type_code != "pa.part1.classA" else {"extension": {"depth": 6}}
    return {
        "data": {
            "application": {"type": {"value": type_code}, "fee": {"payable": 258}},
            "applicant": {"email": "amara.okafor@example.com"},
            "proposal": proposal,
        },
        "metadata": {"schema": url, "submittedAt": "2025-03-14T10:21:07Z"},
    }


def install(folder: Path, schema: dict, layout: str = "versioned", name: str = "application") -> Path:
    """Write a schema in one of the three layouts the setting accepts; returns the folder to point at."""
    target = {
        "versioned": folder / "v9.9.9" / f"{name}.json",
        "published": folder / "v9.9.9" / "schemas" / f"{name}.json",
        "flat": folder / f"{name}.json",
    }[layout]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(schema))
    return folder


@pytest.fixture
def tiny(tmp_path) -> SchemaValidation:
    return SchemaValidation(install(tmp_path, TINY_SCHEMA))


# --- The tiny schema --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("type_code", ["pp.full.householder", "pa.part1.classA"])
def test_a_valid_payload_has_no_errors(tiny, type_code):
    assert tiny.validate(tiny_payload(type_code)) == []


def test_invalid_values_are_reported_with_pointers(tiny):
    payload = tiny_payload()
    del payload["data"]["proposal"]["description"]
    payload["data"]["applicant"]["email"] = "amara at example"
    payload["metadata"]["submittedAt"] = "14/03/2025"

    assert tiny.validate(payload) == [
        PointerError("/data/applicant/email", "must be an email address"),
        PointerError("/data/proposal/description", "is required"),
        PointerError("/metadata/submittedAt", "must be a date and time with a time zone, like 2024-05-01T09:30:00Z"),
    ]


def test_unexpected_keys_are_pointed_at_with_rfc_6901_escapes(tiny):
    payload = tiny_payload()
    payload["data"]["a/b~c"] = 1

    assert tiny.validate(payload) == [PointerError("/data/a~1b~0c", "is not allowed here")]


def test_an_anyof_inside_reports_the_branch_that_came_closest(tiny):
    payload = tiny_payload()
    payload["data"]["application"]["fee"] = {"payable": "258"}
    assert tiny.validate(payload) == [PointerError("/data/application/fee/payable", "must be a number")]

    payload["data"]["application"]["fee"] = {}
    assert tiny.validate(payload) == [PointerError("/data/application/fee", "does not match any of the allowed forms")]


def test_the_branch_is_picked_by_the_payload_type(tiny):
    prior = tiny_payload("pa.part1.classA")
    prior["data"]["proposal"] = {"extension": {"depth": -1}}
    # Only the prior approval branch speaks: nothing about the householder's description.
    (error,) = tiny.validate(prior)
    assert error.pointer == "/data/proposal/extension/depth"
    assert "minimum" in error.message or "less than" in error.message

    householder = tiny_payload()
    householder["data"]["proposal"] = {"description": "Rear extension", "extension": "ignored here"}
    assert tiny.validate(householder) == []


def test_branch_validators_are_compiled_once_each(tmp_path, monkeypatch):
    compiled = []
    real = schema_module.compile_validator
    monkeypatch.setattr(schema_module, "compile_validator", lambda schema: compiled.append(schema) or real(schema))
    validation = SchemaValidation(install(tmp_path, TINY_SCHEMA))

    for _ in range(3):
        validation.validate(tiny_payload())
    validation.validate(tiny_payload("pa.part1.classA"))
    validation.validate(tiny_payload())

    assert len(compiled) == 2
    assert [schema["allOf"][-1]["$ref"] for schema in compiled] == [
        "#/definitions/Householder",
        "#/definitions/PriorApproval",
    ]
    assert all(schema["definitions"] == TINY_SCHEMA["definitions"] for schema in compiled)


def test_schema_for_type_keeps_definitions_and_narrows_the_root():
    branch = schema_for_type(TINY_SCHEMA, "pa.part1.classA")
    assert "anyOf" not in branch
    assert branch["allOf"] == [{"$ref": "#/definitions/PriorApproval"}]
    assert branch["definitions"] == TINY_SCHEMA["definitions"]
    assert branch["$id"] == "v9.9.9"
    assert schema_for_type(TINY_SCHEMA, "wtt.consent") is None
    assert schema_for_type(FLAT_SCHEMA, "ldc.proposed") is FLAT_SCHEMA


def test_a_type_no_branch_accepts(tiny):
    assert tiny.validate(tiny_payload("wtt.consent")) == [
        PointerError("/data/application/type/value", "is not an application type of schema v9.9.9")
    ]


def test_a_missing_type_when_the_schema_is_keyed_by_type(tiny):
    payload = tiny_payload()
    del payload["data"]["application"]["type"]["value"]
    assert tiny.validate(payload) == [PointerError("/data/application/type/value", "is required")]


def test_a_schema_without_root_branches_reports_an_unknown_type_once(tmp_path):
    validation = SchemaValidation(install(tmp_path, FLAT_SCHEMA))
    payload = {"data": {"application": {"type": {"value": "ldc.proposed"}}, "proposal": {"description": "x"}}}
    payload["metadata"] = {"schema": TINY_URL}
    assert validation.validate(payload) == []

    payload["data"]["application"]["type"]["value"] = "ldc.imaginary"
    del payload["data"]["proposal"]["description"]
    assert validation.validate(payload) == [
        PointerError("/data/application/type/value", "is not an application type of schema v9.9.9"),
        PointerError("/data/proposal/description", "is required"),
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"{SCHEMAS_URL}/v9.9.8/schemas/application.json", "no schema for version v9.9.8 is installed"),
        (f"{SCHEMAS_URL}/v0.5.0/schema.json", "no schema for version v0.5.0 is installed"),
        (
            f"{SCHEMAS_URL}/v9.9.9/schemas/enforcement.json",
            "no schema for version v9.9.9 of the enforcement schema is installed",
        ),
        ("https://example.com/v9.9.9/schemas/application.json", "is not an ODP schema URL"),
        (None, "is required"),
    ],
)
def test_a_version_or_schema_that_is_not_installed(tiny, url, message):
    assert tiny.validate(tiny_payload(url=url)) == [PointerError("/metadata/schema", message)]


def test_a_body_that_is_not_an_object(tiny):
    assert tiny.validate([tiny_payload()]) == [PointerError("", "must be a JSON object")]


def test_the_older_schema_json_url_means_application(tiny):
    assert tiny.validate(tiny_payload(url=f"{SCHEMAS_URL}/v9.9.9/schema.json")) == []


@pytest.mark.parametrize("layout", ["versioned", "published", "flat"])
def test_each_folder_layout(tmp_path, layout):
    validation = SchemaValidation(install(tmp_path, TINY_SCHEMA, layout))

    assert validation.installed().keys() == {("v9.9.9", "application")}
    assert validation.validate(tiny_payload()) == []
    assert validation.validate(tiny_payload("wtt.consent"))[0].pointer == "/data/application/type/value"


def test_a_flat_folder_takes_each_version_from_the_schema_id(tmp_path):
    install(tmp_path, {**TINY_SCHEMA, "$id": "v9.9.10"}, "flat")
    validation = SchemaValidation(tmp_path)
    assert validation.installed().keys() == {("v9.9.10", "application")}
    assert validation.validate(tiny_payload()) == [
        PointerError("/metadata/schema", "no schema for version v9.9.9 is installed")
    ]
    assert validation.validate(tiny_payload(url=f"{SCHEMAS_URL}/v9.9.10/schemas/application.json")) == []


def test_at_most_fifty_errors(tiny):
    payload = tiny_payload()
    payload["data"].update({f"extra{n}": n for n in range(80)})
    errors = tiny.validate(payload)
    assert len(errors) == 50
    assert errors[0] == PointerError("/data/extra0", "is not allowed here")


# --- The setting ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, ""])
def test_no_strict_validation_without_the_setting(settings, value):
    if value is None:
        del settings.ODP_SCHEMA_DIR
    else:
        settings.ODP_SCHEMA_DIR = value
    assert validate_strictly({"anything": "at all"}) == []
    assert validate_strictly(tiny_payload("wtt.consent")) == []


def test_validate_strictly_uses_the_folder_in_the_setting(settings, tmp_path):
    settings.ODP_SCHEMA_DIR = str(install(tmp_path, TINY_SCHEMA))
    assert validate_strictly(tiny_payload()) == []
    assert validate_strictly(tiny_payload("wtt.consent"))[0].pointer == "/data/application/type/value"
    assert schema_validation(tmp_path) is schema_validation(str(tmp_path))


# --- The official v0.7.7 schema and examples (shared fixtures, outside the repository) ---------------------------

SHARED_ODP = Path(__file__).resolve().parents[3].parent / "shared" / "fixtures" / "odp"
SHARED_SCHEMAS = SHARED_ODP / "v0.7.7" / "schemas"
EXAMPLES = sorted((SHARED_ODP / "v0.7.7" / "examples" / "application").rglob("*.json"))
needs_shared = pytest.mark.skipif(
    not (SHARED_SCHEMAS / "application.json").is_file(),
    reason=f"the official ODP schemas are not at {SHARED_SCHEMAS} (shared fixtures live outside the repository)",
)


@pytest.fixture(scope="module")
def official() -> SchemaValidation:
    return SchemaValidation(SHARED_ODP)


@needs_shared
def test_the_thirteen_official_examples_are_valid(official):
    assert len(EXAMPLES) == 13
    results = {
        path.relative_to(SHARED_ODP).as_posix(): official.validate(json.loads(path.read_text())) for path in EXAMPLES
    }
    assert results == {name: [] for name in results}


@needs_shared
@pytest.mark.parametrize("builder", [householder_payload, ldc_proposed_payload, prior_approval_payload])
def test_the_hand_written_payloads_are_valid_under_the_official_schema(official, builder):
    assert official.validate(builder()) == []


@needs_shared
def test_broken_official_examples_are_invalid_with_pointers(official):
    example = json.loads(next(path for path in EXAMPLES if path.name == "fullHouseholder.json").read_text())

    wrong_type = set_at(copy.deepcopy(example), "/data/application/type/value", "pp.full.imaginary")
    assert official.validate(wrong_type) == [
        PointerError("/data/application/type/value", "is not an application type of schema v0.7.7")
    ]

    no_description = copy.deepcopy(example)
    del no_description["data"]["proposal"]["description"]
    no_description["data"]["applicant"]["agent"]["email"] = "ziggy.example.com"
    assert official.validate(no_description) == [
        PointerError("/data/applicant/agent/email", "must be an email address"),
        PointerError("/data/proposal/description", "is required"),
    ]
