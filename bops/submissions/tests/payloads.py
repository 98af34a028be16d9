"""Hand-written ODP v0.7.7 `Application` bodies for the intake tests, smaller than PlanX's but the same shape.

Each builder returns a fresh dict. Overrides are keyword arguments naming a path with double underscores, e.g.
`householder_payload(data__proposal__description="Loft conversion")`; the value `DELETE` removes the key.
`set_at` / `delete_at` do the same with a JSON Pointer, for paths that are not Python names (list indexes).
"""

from __future__ import annotations

import copy
from typing import Any

SCHEMA_URL = "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas/application.json"
DELETE = object()

_NO_FEE_FLAGS = {"exemption": {"disability": False, "resubmission": False}}
_NO_REDUCTIONS = {"reduction": {"alternative": False, "parishCouncil": False, "sports": False}}
_DECLARED_NO_CONNECTION = {"accurate": True, "connection": {"value": "none"}}


def _square(lon: float, lat: float, size: float = 0.0002) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size / 2], [lon, lat + size / 2], [lon, lat]]
    return {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]}, "properties": None}


def _designation(value: str, description: str, intersects: bool, *entities: tuple[str, int]) -> dict:
    found: dict[str, Any] = {"value": value, "description": description, "intersects": intersects}
    if entities:
        found["entities"] = [
            {"name": name, "source": {"text": "Planning Data", "url": f"https://www.planning.data.gov.uk/entity/{ref}"}}
            for name, ref in entities
        ]
    return found


def _file(url: str, *tags: tuple[str, str], description: str | None = None) -> dict:
    found: dict[str, Any] = {"name": url, "type": [{"value": value, "description": text} for value, text in tags]}
    if description:
        found["description"] = description
    return found


def _answer(question: str, *answers: str, section: str = "", auto: bool = False) -> dict:
    found: dict[str, Any] = {"question": question, "responses": [{"value": answer} for answer in answers]}
    if section or auto:
        found["metadata"] = {"sectionName": section, **({"autoAnswered": True} if auto else {})}
    return found


def householder_payload(**overrides: Any) -> dict:
    """An agent's full householder application in a Southwark conservation area, paid through GOV.UK Pay."""
    payload = {
        "data": {
            "user": {"role": "agent"},
            "application": {
                "type": {"value": "pp.full.householder", "description": "Planning Permission - Full householder"},
                "fee": {
                    "calculated": 258,
                    "payable": 258,
                    **_NO_FEE_FLAGS,
                    **_NO_REDUCTIONS,
                    "reference": {"govPay": "sandbox-ref-7k2m9q"},
                },
                "declaration": _DECLARED_NO_CONNECTION,
            },
            "applicant": {
                "type": "individual",
                "name": {"first": "Amara", "last": "Okafor"},
                "email": "amara.okafor@example.com",
                "phone": {"primary": "07700 900123"},
                "address": {"sameAsSiteAddress": True},
                "siteContact": {"role": "applicant"},
                "ownership": {
                    "interest": "owner.co",
                    "certificate": "b",
                    "noticeGiven": True,
                    "owners": [
                        {
                            "name": "Tunde Okafor",
                            "address": {"line1": "4 Grove Lane", "town": "London", "postcode": "SE5 8SY"},
                            "noticeDate": "2025-02-28",
                        }
                    ],
                    "declaration": {"accurate": True},
                },
                "agent": {
                    "name": {"first": "Priya", "last": "Shah"},
                    "email": "priya@shah-architects.example.com",
                    "phone": {"primary": "020 7946 0321"},
                    "company": {"name": "Shah Architects Ltd"},
                    "address": {
                        "line1": "Unit 3, Bellenden Works",
                        "line2": "Bellenden Road",
                        "town": "London",
                        "postcode": "SE15 4QY",
                        "country": "UK",
                    },
                },
            },
            "property": {
                "address": {
                    "latitude": 51.4712893,
                    "longitude": -0.0874231,
                    "x": 532851.42,
                    "y": 176430.17,
                    "title": "11, CAMBERWELL GROVE, LONDON",
                    "singleLine": "11, CAMBERWELL GROVE, LONDON, SOUTHWARK, SE5 8JA",
                    "source": "Ordnance Survey",
                    "uprn": "200003453480",
                    "usrn": "22504211",
                    "pao": "11",
                    "street": "CAMBERWELL GROVE",
                    "town": "LONDON",
                    "postcode": "SE5 8JA",
                },
                "localAuthorityDistrict": ["Southwark"],
                "region": "London",
                "ward": "Camberwell Green",
                "type": {"value": "residential.house.terrace", "description": "Terrace"},
                "planning": {
                    "sources": [
                        "https://api.editor.planx.dev/gis/southwark?geom=POINT+%28-0.0874+51.4713%29",
                        "https://api.editor.planx.dev/roads?usrn=22504211",
                    ],
                    "designations": [
                        _designation("articleFour", "Article 4 direction area", False),
                        _designation(
                            "designated.conservationArea", "Conservation area", True, ("Camberwell Grove", 44000123)
                        ),
                        _designation("tpo", "Tree Preservation Order (TPO) or zone", False),
                    ],
                },
            },
            "proposal": {
                "projectType": [{"value": "extend.rear.rear", "description": "Add a rear extension"}],
                "description": "Single-storey rear extension with a flat roof and two rooflights, "
                "replacing the existing conservatory.",
                "boundary": {"site": _square(-0.0875, 51.4712), "area": {"squareMetres": 182.4}},
            },
        },
        "responses": [
            _answer("Is the property in Southwark?", "Yes", section="The property", auto=True),
            _answer("What are you applying for?", "Extend a house", "Alter the outside of a house"),
            {"question": "Describe the project", "responses": "A rear extension replacing the conservatory."},
        ],
        "files": [
            _file(
                "https://api.editor.planx.dev/file/private/a1b2c3d4/Proposed%20rear%20elevation%20%26%20plan.pdf",
                ("elevations.proposed", "Elevations - proposed"),
                ("floorPlan.proposed", "Floor plan - proposed"),
                description="Drawing 1102 rev B",
            ),
            _file(
                "https://api.editor.planx.dev/file/private/k9x8w7v6/site-plan.pdf",
                ("sitePlan.proposed", "Site plan - proposed"),
            ),
        ],
        "metadata": {
            "organisation": "SWK",
            "id": "0195a0c2-6d3e-7b41-9a55-2f1c8e7d4b10",
            "source": "PlanX",
            "submittedAt": "2025-03-14T10:21:07.512Z",
            "schema": SCHEMA_URL,
            "service": {
                "flowId": "5e2d0c4b-1f0a-4d8e-9b7c-3a6f2e1d0c9b",
                "url": "https://www.editor.planx.uk/southwark/apply-for-planning-permission",
                "files": {
                    "required": [{"value": "sitePlan.proposed", "description": "Site plan - proposed"}],
                    "recommended": [],
                    "optional": [],
                },
                "fee": {
                    "calculated": [{"description": "Alterations or extensions to a single home: £258."}],
                    "payable": [{"description": "Alterations or extensions to a single home: £258."}],
                },
            },
        },
    }
    return _with(payload, overrides)


def ldc_proposed_payload(**overrides: Any) -> dict:
    """An applicant's own proposed-use LDC for a flat, fee exempt (disability), sent by a non-PlanX service."""
    payload = {
        "data": {
            "user": {"role": "applicant"},
            "application": {
                "type": {"value": "ldc.proposed", "description": "Lawful Development Certificate - Proposed use"},
                "fee": {
                    "calculated": 129,
                    "payable": 0,
                    "exemption": {"disability": True, "resubmission": False},
                    **_NO_REDUCTIONS,
                },
                "declaration": _DECLARED_NO_CONNECTION,
            },
            "applicant": {
                "type": "individual",
                "name": {"title": "Mr", "first": "Graham", "last": "Pearce"},
                "email": "g.pearce@example.org",
                "phone": {"primary": "01494 960 112"},
                "address": {
                    "sameAsSiteAddress": False,
                    "line1": "Holly Cottage",
                    "line2": "Church Lane",
                    "town": "Princes Risborough",
                    "postcode": "HP27 9AB",
                },
            },
            "property": {
                "address": {
                    "latitude": 51.6289411,
                    "longitude": -0.7498813,
                    "x": 486512,
                    "y": 193011,
                    "title": "FLAT B, 27, ELM ROAD, HIGH WYCOMBE",
                    "singleLine": "FLAT B, 27, ELM ROAD, HIGH WYCOMBE, HP13 6AB",
                    "source": "Ordnance Survey",
                    "uprn": "100081296530",
                    "usrn": "45800112",
                    "sao": "FLAT B",
                    "pao": "27",
                    "street": "ELM ROAD",
                    "town": "HIGH WYCOMBE",
                    "postcode": "HP13 6AB",
                },
                "localAuthorityDistrict": ["Buckinghamshire"],
                "region": "South East",
                "ward": "Totteridge and Bowerdean",
                "type": {"value": "residential.house.semiDetached", "description": "Semi-detached"},
            },
            "proposal": {
                "projectType": [
                    {"value": "extend.roof.dormer.rear", "description": "Add a roof dormer to the rear of the building"}
                ],
                "description": "Rear dormer and two front rooflights to convert the loft into a bedroom.",
                "boundary": {"site": _square(-0.7499, 51.6289, 0.0001), "area": {"squareMetres": 96.1}},
            },
        },
        "responses": [
            _answer("Is the property a house?", "Yes"),
            _answer("Will the dormer face a highway?", "No"),
        ],
        "files": [
            _file(
                "https://files.example-lpa.gov.uk/uploads/77/loft%20section%20A-A.pdf",
                ("sections.proposed", "Sections - proposed"),
            )
        ],
        "metadata": {
            "organisation": "BUC",
            "id": "7c1f0d3a-2b4e-4c5d-8e9f-0a1b2c3d4e5f",
            "source": "Any",
            "submittedAt": "2025-01-20T16:45:00+00:00",
            "schema": SCHEMA_URL,
        },
    }
    return _with(payload, overrides)


def prior_approval_payload(**overrides: Any) -> dict:
    """A larger home extension prior approval (part 1 class A), a free resubmission, in flood zone 2."""
    payload = {
        "data": {
            "user": {"role": "applicant"},
            "application": {
                "type": {"value": "pa.part1.classA", "description": "Prior Approval - Larger extension to a house"},
                "fee": {
                    "calculated": 120,
                    "payable": 0,
                    "exemption": {"disability": False, "resubmission": True},
                    **_NO_REDUCTIONS,
                },
                "declaration": {
                    "accurate": True,
                    "connection": {"value": "relation.employee", "description": "Sister"},
                },
            },
            "applicant": {
                "type": "individual",
                "name": {"first": "Siân", "last": "Davies"},
                "email": "sian.davies@example.net",
                "phone": {"primary": "01628 555 010"},
                "address": {"sameAsSiteAddress": True},
            },
            "property": {
                "address": {
                    "latitude": 51.5601772,
                    "longitude": -0.7077426,
                    "x": 489842,
                    "y": 185309,
                    "title": "9, MILL LANE, COOKHAM",
                    "singleLine": "9, MILL LANE, COOKHAM, MAIDENHEAD, SL6 9QT",
                    "source": "Ordnance Survey",
                    "uprn": "100080375542",
                    "usrn": "38100731",
                    "pao": "9",
                    "street": "MILL LANE",
                    "town": "MAIDENHEAD",
                    "postcode": "SL6 9QT",
                },
                "localAuthorityDistrict": ["Windsor and Maidenhead"],
                "region": "South East",
                "ward": "Cookham",
                "type": {"value": "residential.house.detached", "description": "Detached"},
                "planning": {
                    "sources": ["https://api.editor.planx.dev/gis/rbwm?geom=POINT+%28-0.7077+51.5602%29"],
                    "designations": [_designation("flood.zoneTwo", "Flood zone 2 - Medium risk", True)],
                },
            },
            "proposal": {
                "projectType": [
                    {"value": "extend.rear", "description": "Add a rear or side extension (or conservatory)"}
                ],
                "description": "Single-storey rear extension projecting 6 metres, 3.4 metres high.",
            },
        },
        "responses": [_answer("How far does the extension project?", "6 metres")],
        "files": [],
        "metadata": {
            "organisation": "WAM",
            "id": "3f9e8d7c-6b5a-4c3d-8e1f-2a3b4c5d6e7f",
            "source": "Any",
            "submittedAt": "2025-06-02T08:00:00Z",
            "schema": SCHEMA_URL,
        },
    }
    return _with(payload, overrides)


def set_at(payload: dict, pointer: str, value: Any) -> dict:
    """Set the value at a JSON Pointer (creating missing objects on the way); returns the payload."""
    keys = [_key(token) for token in pointer.split("/")[1:]]
    parent = payload
    for key in keys[:-1]:
        parent = parent[key] if isinstance(parent, list) else parent.setdefault(key, {})
    parent[keys[-1]] = value
    return payload


def delete_at(payload: dict, pointer: str) -> dict:
    keys = [_key(token) for token in pointer.split("/")[1:]]
    parent = payload
    for key in keys[:-1]:
        parent = parent[key]
    del parent[keys[-1]]
    return payload


def _key(token: str) -> Any:
    token = token.replace("~1", "/").replace("~0", "~")
    return int(token) if token.isdigit() else token


def _with(payload: dict, overrides: dict[str, Any]) -> dict:
    payload = copy.deepcopy(payload)
    for path, value in overrides.items():
        pointer = "/" + path.replace("__", "/")
        if value is DELETE:
            delete_at(payload, pointer)
        else:
            set_at(payload, pointer, copy.deepcopy(value))
    return payload
