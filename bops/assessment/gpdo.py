"""The tests of the Town and Country Planning (General Permitted Development) (England) Order 2015 (SI 2015/596)
that an officer assesses a lawful development certificate or a prior approval against.

Schedule 2, Part 1 (development within the curtilage of a dwellinghouse), Classes A to H, is built in. Each
paragraph's words are a concise statement of the Order's test, not its full text: the officer reads the Order
itself (legislation.gov.uk) for the exact wording, as amended. A deployment can add further parts from a JSON
file named by the setting GPDO_EXTRA_PARTS_FILE (docs/operations.md describes the format).
"""

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ORDER = "The Town and Country Planning (General Permitted Development) (England) Order 2015 (SI 2015/596)"


class Group(StrEnum):
    PERMITTED = "permitted_development"
    NOT_PERMITTED = "development_not_permitted"
    CONDITIONS = "conditions"
    INTERPRETATION = "interpretation"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {
    Group.PERMITTED: "Permitted development",
    Group.NOT_PERMITTED: "Development not permitted",
    Group.CONDITIONS: "Conditions",
    Group.INTERPRETATION: "Interpretation",
}


@dataclass(frozen=True)
class Paragraph:
    id: str  # as the Order numbers it, e.g. "A.1(b)"; the class's own grant is the class letter, e.g. "A"
    group: Group
    text: str


@dataclass(frozen=True)
class GpdoClass:
    code: str
    title: str
    paragraphs: tuple[Paragraph, ...]

    def grouped(self) -> list[tuple[Group, list[Paragraph]]]:
        """The paragraphs by group, in the Order's sequence of groups."""
        groups = [(g, [p for p in self.paragraphs if p.group == g]) for g in Group]
        return [(g, paragraphs) for g, paragraphs in groups if paragraphs]


@dataclass(frozen=True)
class Part:
    number: str
    title: str
    classes: tuple[GpdoClass, ...]

    def citation(self, gpdo_class: GpdoClass, paragraph: Paragraph) -> str:
        return f"SI 2015/596, Schedule 2, Part {self.number}, Class {gpdo_class.code}, paragraph {paragraph.id}"


_P, _N, _C, _I = Group.PERMITTED, Group.NOT_PERMITTED, Group.CONDITIONS, Group.INTERPRETATION
_PART_3 = (
    "Permission to use the dwellinghouse as a dwellinghouse was granted only by a change of use class of Part 3 "
    "(Classes G, M, MA, N, P, PA or Q)."
)
_ARTICLE_2_3 = "article 2(3) land (conservation areas, national parks, the Broads, AONBs, World Heritage Sites)"


def _class(code: str, title: str, *paragraphs: tuple[str, Group, str]) -> GpdoClass:
    return GpdoClass(
        code=code, title=title, paragraphs=tuple(Paragraph(id=i, group=g, text=t) for i, g, t in paragraphs)
    )


PART_1 = Part(
    number="1",
    title="Development within the curtilage of a dwellinghouse",
    classes=(
        _class(
            "A",
            "Enlargement, improvement or other alteration of a dwellinghouse",
            ("A", _P, "The enlargement, improvement or other alteration of a dwellinghouse."),
            ("A.1(a)", _N, _PART_3),
            (
                "A.1(b)",
                _N,
                "Buildings in the curtilage (other than the original dwellinghouse) would cover more than half of "
                "the curtilage, excluding the ground area of the original dwellinghouse.",
            ),
            ("A.1(c)", _N, "The enlarged part would be higher than the highest part of the existing roof."),
            ("A.1(d)", _N, "The eaves of the enlarged part would be higher than the eaves of the existing house."),
            (
                "A.1(e)",
                _N,
                "The enlarged part would extend beyond a wall that is the principal elevation of the original "
                "dwellinghouse, or a side elevation that fronts a highway.",
            ),
            (
                "A.1(f)",
                _N,
                "Subject to A.1(g), a single-storey enlarged part would extend beyond the rear wall of the original "
                "dwellinghouse by more than 4 metres (detached) or 3 metres (any other house), or be higher than "
                "4 metres.",
            ),
            (
                "A.1(g)",
                _N,
                f"For a house not on {_ARTICLE_2_3} nor a site of special scientific interest, a single-storey "
                "enlarged part would extend beyond the rear wall by more than 8 metres (detached) or 6 metres (any "
                "other house), or be higher than 4 metres (the larger home extension, subject to A.4).",
            ),
            (
                "A.1(h)",
                _N,
                "An enlarged part of more than one storey would extend beyond the rear wall of the original "
                "dwellinghouse by more than 3 metres, or be within 7 metres of a boundary of the curtilage opposite "
                "the rear wall.",
            ),
            (
                "A.1(i)",
                _N,
                "The enlarged part would be within 2 metres of a boundary of the curtilage and its eaves higher than "
                "3 metres.",
            ),
            (
                "A.1(j)",
                _N,
                "The enlarged part would extend beyond a side wall of the original dwellinghouse and be higher than "
                "4 metres, have more than one storey, or be wider than half the width of the original house.",
            ),
            (
                "A.1(ja)",
                _N,
                "The total enlargement (the enlarged part with any existing enlargement it joins) would exceed the "
                "limits in A.1(e) to (j).",
            ),
            (
                "A.1(k)",
                _N,
                "It would include a veranda, balcony or raised platform; a microwave antenna; a chimney, flue or "
                "soil and vent pipe; or an alteration to any part of the roof.",
            ),
            ("A.1(l)", _N, "The dwellinghouse was built under Part 20 Class AA (new dwellinghouses on top of one)."),
            (
                "A.2",
                _N,
                f"On {_ARTICLE_2_3}: cladding any part of the exterior with stone, artificial stone, pebble dash, "
                "render, timber, plastic or tiles; an enlarged part beyond a side wall of the original house; or an "
                "enlarged part of more than one storey beyond its rear wall.",
            ),
            (
                "A.3(a)",
                _C,
                "Exterior materials (other than of a conservatory) must be of similar appearance to those of the "
                "existing house.",
            ),
            (
                "A.3(b)",
                _C,
                "An upper-floor window in a side wall or roof slope must be obscure-glazed and non-opening unless "
                "the opening parts are more than 1.7 metres above the floor of the room.",
            ),
            (
                "A.3(c)",
                _C,
                "Where the enlarged part has more than one storey, its roof pitch must match the original roof as "
                "far as practicable.",
            ),
            (
                "A.4",
                _C,
                "A larger home extension under A.1(g) needs the prior approval procedure: the developer notifies the "
                "authority, which notifies the adjoining owners and occupiers and, if any object, decides whether "
                "the effect on the amenity of adjoining premises is acceptable; the developer notifies completion.",
            ),
        ),
        _class(
            "B",
            "Additions etc to the roof of a dwellinghouse",
            ("B", _P, "The enlargement of a dwellinghouse consisting of an addition or alteration to its roof."),
            ("B.1(a)", _N, _PART_3),
            ("B.1(b)", _N, "Any part of the house would be higher than the highest part of the existing roof."),
            (
                "B.1(c)",
                _N,
                "Any part would extend beyond the plane of an existing roof slope that forms the principal elevation "
                "and fronts a highway.",
            ),
            (
                "B.1(d)",
                _N,
                "The resulting roof space would exceed the original roof space by more than 40 cubic metres "
                "(terrace house) or 50 cubic metres (any other house).",
            ),
            (
                "B.1(e)",
                _N,
                "It would include a veranda, balcony or raised platform, or a chimney, flue or soil and vent pipe.",
            ),
            ("B.1(f)", _N, f"The house is on {_ARTICLE_2_3}."),
            ("B.1(g)", _N, "The dwellinghouse was built under Part 20 Class AA."),
            ("B.2(a)", _C, "Exterior materials must be of similar appearance to those of the existing house."),
            (
                "B.2(b)",
                _C,
                "Other than for a hip-to-gable enlargement or one joining the roofs of the original house and an "
                "existing enlargement, the eaves of the original roof are kept or reinstated; the edge of the "
                "enlargement nearest the eaves is, as far as practicable, at least 0.2 metres from them along the "
                "roof slope; and the enlargement does not overhang the outer face of a wall of the original house.",
            ),
            (
                "B.2(c)",
                _C,
                "A window in a side wall or roof slope must be obscure-glazed and non-opening unless the opening "
                "parts are more than 1.7 metres above the floor of the room.",
            ),
        ),
        _class(
            "C",
            "Other alterations to the roof of a dwellinghouse",
            ("C", _P, "Any other alteration to the roof of a dwellinghouse."),
            ("C.1(a)", _N, _PART_3),
            (
                "C.1(b)",
                _N,
                "The alteration would protrude more than 0.15 metres beyond the plane of the slope of the original "
                "roof, measured perpendicular to its external surface.",
            ),
            ("C.1(c)", _N, "It would be higher than the highest part of the original roof."),
            (
                "C.1(d)",
                _N,
                "It would include a chimney, flue or soil and vent pipe, or solar photovoltaic or solar thermal "
                "equipment.",
            ),
            ("C.1(e)", _N, "The dwellinghouse was built under Part 20 Class AA."),
            (
                "C.2",
                _C,
                "A rooflight in a side roof slope must be obscure-glazed and non-opening unless the opening parts "
                "are more than 1.7 metres above the floor of the room.",
            ),
        ),
        _class(
            "D",
            "Porches",
            ("D", _P, "The erection or construction of a porch outside any external door of a dwellinghouse."),
            ("D.1(a)", _N, _PART_3),
            ("D.1(b)", _N, "The ground area of the porch (measured externally) would exceed 3 square metres."),
            ("D.1(c)", _N, "Any part of the porch would be more than 3 metres above ground level."),
            (
                "D.1(d)",
                _N,
                "Any part of the porch would be within 2 metres of a boundary of the curtilage with a highway.",
            ),
        ),
        _class(
            "E",
            "Buildings etc incidental to the enjoyment of a dwellinghouse",
            (
                "E",
                _P,
                "Within the curtilage: (a) a building, enclosure or pool needed for a purpose incidental to the "
                "enjoyment of the house, or its maintenance, improvement or alteration; (b) a container for oil or "
                "liquid petroleum gas for domestic heating.",
            ),
            ("E.1(a)", _N, _PART_3),
            (
                "E.1(b)",
                _N,
                "Buildings, enclosures and containers (other than the original house) would cover more than half of "
                "the curtilage, excluding the ground area of the original dwellinghouse.",
            ),
            (
                "E.1(c)",
                _N,
                "Any part would be forward of a wall forming the principal elevation of the original house.",
            ),
            ("E.1(d)", _N, "The building would have more than one storey."),
            (
                "E.1(e)",
                _N,
                "The height would exceed 4 metres with a dual-pitched roof, 2.5 metres within 2 metres of a boundary "
                "of the curtilage, or 3 metres in any other case.",
            ),
            ("E.1(f)", _N, "The eaves would be higher than 2.5 metres."),
            ("E.1(g)", _N, "It would be within the curtilage of a listed building."),
            ("E.1(h)", _N, "It would include a veranda, balcony or raised platform."),
            ("E.1(i)", _N, "It relates to a dwelling or a microwave antenna."),
            ("E.1(j)", _N, "A container would hold more than 3,500 litres."),
            ("E.1(k)", _N, "The dwellinghouse was built under Part 20 Class AA."),
            (
                "E.2",
                _N,
                "In a World Heritage Site, national park, area of outstanding natural beauty or the Broads: buildings, "
                "enclosures, pools and containers more than 20 metres from any wall of the house would cover more "
                "than 10 square metres.",
            ),
            (
                "E.3",
                _N,
                f"On {_ARTICLE_2_3}: any part would be between a side wall of the house and the boundary of the "
                "curtilage.",
            ),
            (
                "E.4",
                _I,
                "A purpose incidental to the enjoyment of the house includes keeping poultry, bees, pets, birds or "
                "other livestock for the household's domestic needs or personal enjoyment.",
            ),
        ),
        _class(
            "F",
            "Hard surfaces incidental to the enjoyment of a dwellinghouse",
            (
                "F",
                _P,
                "Within the curtilage, a hard surface for a purpose incidental to the enjoyment of the house, or the "
                "replacement of all or part of one.",
            ),
            ("F.1", _N, _PART_3),
            (
                "F.2",
                _C,
                "A hard surface of more than 5 square metres between the principal elevation and a highway must be "
                "porous, or drain its run-off to a permeable or porous area within the curtilage.",
            ),
        ),
        _class(
            "G",
            "Chimneys, flues etc on a dwellinghouse",
            ("G", _P, "The installation, alteration or replacement of a chimney, flue or soil and vent pipe."),
            ("G.1(a)", _N, _PART_3),
            ("G.1(b)", _N, "It would be 1 metre or more higher than the highest part of the roof."),
            (
                "G.1(c)",
                _N,
                f"On {_ARTICLE_2_3}: it would be on a wall or roof slope that fronts a highway and forms the principal "
                "or a side elevation.",
            ),
        ),
        _class(
            "H",
            "Microwave antenna on a dwellinghouse",
            (
                "H",
                _P,
                "The installation, alteration or replacement of a microwave antenna on a dwellinghouse or within "
                "its curtilage.",
            ),
            ("H.1(a)", _N, _PART_3),
            (
                "H.1(b)",
                _N,
                "It would result in more than two antennas; one antenna longer than 1 metre; two antennas outside "
                "the relevant size criteria; an antenna on a chimney longer than 0.6 metres or above the chimney; "
                "or an antenna of more than 35 litres.",
            ),
            (
                "H.1(c)",
                _N,
                "On a roof without a chimney, the antenna would be higher than the highest part of the roof.",
            ),
            (
                "H.1(d)",
                _N,
                "On a roof with a chimney, the antenna would be higher than the chimney, or more than 0.6 metres "
                "above the ridge tiles, whichever is lower.",
            ),
            (
                "H.1(e)",
                _N,
                f"On {_ARTICLE_2_3}: it would be on a chimney, wall or roof slope facing and visible from a highway "
                "(or, in the Broads, a waterway), or on a building higher than 15 metres.",
            ),
            (
                "H.2",
                _C,
                "The antenna is sited, as far as practicable, to minimise its effect on the building's appearance, "
                "and is removed as soon as reasonably practicable once no longer needed.",
            ),
            (
                "H.3",
                _I,
                "Two antennas meet the relevant size criteria when one is no longer than 1 metre, the other no "
                "longer than 0.6 metres, and together they hold no more than 35 litres.",
            ),
        ),
    ),
)


# --- Extra parts from a file -----------------------------------------------------------------------------------


class GpdoDataError(ImproperlyConfigured):
    """The extra parts file is not usable; the message says where."""


def _text(raw: Any, where: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise GpdoDataError(f"{where}: must be a non-empty string.")
    return raw.strip()


def _parse_paragraph(raw: Any, where: str) -> Paragraph:
    if not isinstance(raw, dict):
        raise GpdoDataError(f"{where}: must be an object with id, group and text.")
    group = raw.get("group")
    if not isinstance(group, str) or group not in {g.value for g in Group}:
        raise GpdoDataError(f"{where}.group: must be one of {', '.join(g.value for g in Group)}.")
    return Paragraph(id=_text(raw.get("id"), f"{where}.id"), group=Group(group), text=_text(raw.get("text"), where))


def _parse_class(raw: Any, where: str) -> GpdoClass:
    if not isinstance(raw, dict) or not isinstance(raw.get("paragraphs"), list) or not raw["paragraphs"]:
        raise GpdoDataError(f"{where}: must be an object with code, title and a list of paragraphs.")
    paragraphs = tuple(_parse_paragraph(p, f"{where}.paragraphs[{i}]") for i, p in enumerate(raw["paragraphs"]))
    return GpdoClass(
        code=_text(raw.get("code"), f"{where}.code"),
        title=_text(raw.get("title"), f"{where}.title"),
        paragraphs=paragraphs,
    )


def _parse_part(raw: Any, where: str) -> Part:
    if not isinstance(raw, dict) or not isinstance(raw.get("classes"), list) or not raw["classes"]:
        raise GpdoDataError(f"{where}: must be an object with number, title and a list of classes.")
    part = Part(
        number=_text(raw.get("number"), f"{where}.number"),
        title=_text(raw.get("title"), f"{where}.title"),
        classes=tuple(_parse_class(c, f"{where}.classes[{i}]") for i, c in enumerate(raw["classes"])),
    )
    _check_unique(part, where)
    return part


def _check_unique(part: Part, where: str) -> None:
    codes = [c.code for c in part.classes]
    if len(codes) != len(set(codes)):
        raise GpdoDataError(f"{where}: class codes must be unique within a part.")
    ids = [p.id for c in part.classes for p in c.paragraphs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise GpdoDataError(f"{where}: paragraph ids must be unique within a part ({', '.join(duplicates)}).")


def parts_load(path: str | Path) -> tuple[Part, ...]:
    """Parse and validate an extra parts file: {"parts": [{"number", "title", "classes": [{"code", "title",
    "paragraphs": [{"id", "group", "text"}]}]}]}."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GpdoDataError(f"GPDO_EXTRA_PARTS_FILE {path}: cannot be read as JSON ({error}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("parts"), list):
        raise GpdoDataError(f'GPDO_EXTRA_PARTS_FILE {path}: must be an object with a list "parts".')
    parts = tuple(_parse_part(p, f"parts[{i}]") for i, p in enumerate(data["parts"]))
    numbers = [PART_1.number, *(p.number for p in parts)]
    if len(numbers) != len(set(numbers)):
        raise GpdoDataError(f"GPDO_EXTRA_PARTS_FILE {path}: a part number is given twice (Part 1 is built in).")
    return parts


@cache
def _parts_for(path: str) -> dict[str, Part]:
    extra = parts_load(path) if path else ()
    return {part.number: part for part in (PART_1, *extra)}


# --- Look-ups --------------------------------------------------------------------------------------------------


def parts() -> dict[str, Part]:
    """Every part officers may assess against: Part 1, then any from GPDO_EXTRA_PARTS_FILE."""
    return _parts_for(getattr(settings, "GPDO_EXTRA_PARTS_FILE", "") or "")


def part_get(number: str) -> Part | None:
    return parts().get(number)


def class_get(part: str, code: str) -> GpdoClass | None:
    found = part_get(part)
    return next((c for c in found.classes if c.code == code), None) if found else None
