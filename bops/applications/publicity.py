"""The publicity the law requires for each application type, beside the catalogue (catalogue.py).

Plain data with no Django imports, like the catalogue. Each type's publicity is a list of requirements that must
all be met; a requirement is met by any one of its means (a site notice *or* a notice served on the adjoining owners
or occupiers, for example), and each carries its legal source, which officers see on the consultation page and in
the refusal to determine. Whether a requirement has been met, and when its period ends, is the consultation
context's business (bops/consultation/duties.py); the periods themselves are in bops/consultation/rules.py.

Looked up by type code: an entry for the code itself, else for the nearest shorter code (``pa.part3`` for
``pa.part3.classMA``), else the family's default. Planning permission also depends on facts of the case (major
development, EIA, a departure from the plan, a public right of way, heritage), which `publicity_for` takes.

Sources, as the law stood when written (landscape.md §3.3):
- DMPO 2015 art. 15 (applications for planning permission, and so s73 applications): (2)-(3) EIA development, a
  departure from the development plan or a public right of way affected: a site notice *and* a newspaper notice;
  (4) major development: a newspaper notice *and* (a site notice *or* notice to adjoining owners or occupiers);
  (5) any other application: a site notice *or* notice to adjoining owners or occupiers. Website publication,
  also required by each paragraph, is the register's (bops/register).
- Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 5: an application for listed building
  consent is advertised in a local newspaper and by a notice on or near the building.
- Planning (Listed Buildings and Conservation Areas) Act 1990 s67 and s73: development affecting the setting of a
  listed building or the character or appearance of a conservation area (in the authority's opinion: the officer
  says so on the press notice page): a newspaper notice and a site notice.
- GPDO 2015 Sch. 2 Part 1 para. A.4(5) (larger home extension) and para. AA.3(5) (additional storeys): the
  authority must serve a notice on each adjoining owner or occupier, giving at least 21 days for objections, and may
  not decide before that period ends (A.4(7)-(10)).
- GPDO 2015 Sch. 2 Part 3 para. W(8) (changes of use; numbered as in the Order as made, where (5)-(7) are the
  consultations, (9) the request for more information and (10) what the decision takes into account): a site notice
  *or* a notice served on any adjoining owner or occupier.
- Lawful development certificates are decided on fact and law with no publicity (TCPA 1990 s191-192, DMPO 2015
  art. 39); pre-application advice is not an application.
"""

from dataclasses import dataclass
from enum import StrEnum

from bops.applications.catalogue import BY_CODE, Family, family_for_code


class Means(StrEnum):
    """The ways of publicising an application that the law names."""

    NEIGHBOURS = "neighbours"
    SITE_NOTICE = "site_notice"
    PRESS_NOTICE = "press_notice"

    @property
    def label(self) -> str:
        return _MEANS_LABELS[self]


_MEANS_LABELS = {
    Means.NEIGHBOURS: "Neighbour notification",
    Means.SITE_NOTICE: "Site notice",
    Means.PRESS_NOTICE: "Press notice",
}


@dataclass(frozen=True)
class Requirement:
    """One duty to publicise: met by any one of `means`. `source` is the law, as shown to officers."""

    means: tuple[Means, ...]
    source: str

    @property
    def label(self) -> str:
        """ "Site notice or neighbour notification", "Press notice"."""
        names = [m.label for m in self.means]
        return " or ".join([names[0], *(n[0].lower() + n[1:] for n in names[1:])])


@dataclass(frozen=True)
class Publicity:
    """Everything the law requires to be done before the case is decided: each of `requirements`."""

    requirements: tuple[Requirement, ...]
    note: str = ""

    @property
    def required(self) -> bool:
        return bool(self.requirements)


# --- Sources --------------------------------------------------------------------------------------------------

_ART15 = "DMPO 2015 art. 15"
_ART15_OTHER = f"{_ART15}(5)"
_ART15_MAJOR_NOTICE = f"{_ART15}(4)(a)"
_ART15_MAJOR_PRESS = f"{_ART15}(4)(b)"
_ART15_SPECIAL_SITE = f"{_ART15}(2)-(3)(a)(i)"
_ART15_SPECIAL_PRESS = f"{_ART15}(2)-(3)(a)(ii)"
_LBC_REGS = "Planning (Listed Buildings and Conservation Areas) Regulations 1990 reg. 5"
_HERITAGE = "Planning (Listed Buildings and Conservation Areas) Act 1990 s67 and s73"
_PART1_A = "GPDO 2015 Sch. 2 Part 1 para. A.4(5)"
_PART1_AA = "GPDO 2015 Sch. 2 Part 1 para. AA.3(5)"
_PART3_W = "GPDO 2015 Sch. 2 Part 3 para. W(8)"
# Not checked class by class: the procedure most prior approval classes share (Part 3 para. W(8); Part 14, Part 16
# and Part 20 are believed to follow it). Some classes (Part 6 agricultural buildings, Part 11 demolition) put the
# site notice on the developer: the officer records its date all the same, choosing "the applicant puts it up".
_PA_DEFAULT = "GPDO 2015 Sch. 2: the class's prior approval procedure (site notice or notice to adjoining owners)"

_SITE_OR_NEIGHBOURS = (Means.SITE_NOTICE, Means.NEIGHBOURS)


def _one(*means: Means, source: str) -> Requirement:
    return Requirement(means=means, source=source)


def _simplified(requirements: list[Requirement]) -> tuple[Requirement, ...]:
    """Drop a requirement that another implies (a site notice alone meets "a site notice or neighbour
    notification"); the same means required twice is one requirement with both sources. The order is kept."""
    kept: list[Requirement] = []
    for requirement in requirements:
        means = set(requirement.means)
        same = next((i for i, other in enumerate(kept) if set(other.means) == means), None)
        if same is not None:
            other = kept[same]
            if requirement.source not in other.source:
                kept[same] = Requirement(means=other.means, source=f"{other.source}; {requirement.source}")
            continue
        if any(set(other.means) < means for other in kept):
            continue
        kept = [other for other in kept if not means < set(other.means)]
        kept.append(requirement)
    return tuple(kept)


# art. 15(5): the publicity of every application for planning permission that is not major, EIA, a departure or
# affecting a public right of way.
PLANNING_PERMISSION = Publicity(requirements=(_one(*_SITE_OR_NEIGHBOURS, source=_ART15_OTHER),))
MAJOR = Publicity(
    requirements=(
        _one(Means.PRESS_NOTICE, source=_ART15_MAJOR_PRESS),
        _one(*_SITE_OR_NEIGHBOURS, source=_ART15_MAJOR_NOTICE),
    )
)
SITE_AND_PRESS_ART15 = (
    _one(Means.SITE_NOTICE, source=_ART15_SPECIAL_SITE),
    _one(Means.PRESS_NOTICE, source=_ART15_SPECIAL_PRESS),
)
LISTED_BUILDING = Publicity(
    requirements=(_one(Means.PRESS_NOTICE, source=_LBC_REGS), _one(Means.SITE_NOTICE, source=_LBC_REGS))
)
# Planning permission with listed building consent: the consent's site notice also meets art. 15(5).
PLANNING_PERMISSION_AND_LISTED = Publicity(
    requirements=_simplified([*LISTED_BUILDING.requirements, *PLANNING_PERMISSION.requirements])
)

FAMILY_DEFAULTS: dict[Family, Publicity] = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: Publicity(
        requirements=(), note="A lawful development certificate is decided on fact and law: no publicity."
    ),
    Family.PRE_APPLICATION: Publicity(requirements=(), note="Pre-application advice is not publicised."),
    Family.PLANNING_PERMISSION: PLANNING_PERMISSION,
    Family.PRIOR_APPROVAL: Publicity(requirements=(_one(*_SITE_OR_NEIGHBOURS, source=_PA_DEFAULT),)),
    # Other consents (adverts, conditions, reserved matters, trees, hedgerows, obligations, ...) have no statutory
    # publicity by the authority: officers may still publicise them.
    Family.OTHER: Publicity(requirements=(), note="The law requires no publicity for this type of application."),
}

# By code, or by the start of a code (the nearest shorter code with an entry applies).
BY_TYPE: dict[str, Publicity] = {
    "pa.part1.classA": Publicity(requirements=(_one(Means.NEIGHBOURS, source=_PART1_A),)),
    "pa.part1.classAA": Publicity(requirements=(_one(Means.NEIGHBOURS, source=_PART1_AA),)),
    "pa.part3": Publicity(requirements=(_one(*_SITE_OR_NEIGHBOURS, source=_PART3_W),)),
    "listed": LISTED_BUILDING,
    "pp.full.householder.listed": PLANNING_PERMISSION_AND_LISTED,
    "pp.full.minor.listed": PLANNING_PERMISSION_AND_LISTED,
    # A minor material amendment is an application under s73 TCPA 1990: an application for planning permission.
    "amendment.minorMaterial": PLANNING_PERMISSION,
    # Full planning permission for mineral working and waste (major development), and s73 variations of it.
    "onshoreExtractionOilAndGas.pp": MAJOR,
    "onshoreExtractionOilAndGas.variation": MAJOR,
    # Permission in principle: publicised under the DMPO as amended in 2017; taken as art. 15(5) (unverified).
    "pp.pip": PLANNING_PERMISSION,
}

# Types to which DMPO art. 15 applies, so that the facts of the case (major, EIA, departure, right of way) and the
# Listed Buildings Act's s67 and s73 change what is required.
_ART15_PREFIXES = (
    "pp",
    "amendment.minorMaterial",
    "onshoreExtractionOilAndGas.pp",
    "onshoreExtractionOilAndGas.variation",
)


def _nearest(code: str, table: dict[str, Publicity]) -> Publicity | None:
    parts = code.split(".")
    for end in range(len(parts), 0, -1):
        found = table.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def _is_art15(code: str) -> bool:
    return any(code == p or code.startswith(f"{p}.") for p in _ART15_PREFIXES)


def publicity_for_type(code: str) -> Publicity:
    """What the type requires before any fact of the case is known (majors by the catalogue's `is_major`)."""
    found = _nearest(code, BY_TYPE)
    if found is not None:
        return found
    spec = BY_CODE.get(code)
    if spec is not None and spec.is_major and _is_art15(code):
        return MAJOR
    return FAMILY_DEFAULTS[family_for_code(code)]


def publicity_for(
    code: str,
    *,
    eia: bool = False,
    departure: bool = False,
    right_of_way: bool = False,
    heritage: bool = False,
    major: bool = False,
) -> Publicity:
    """What the law requires of a case of type `code` with these facts.

    `eia`, `departure` and `right_of_way` are DMPO 2015 art. 15(2)'s cases (a site notice and a newspaper notice);
    `major` art. 15(4)'s; `heritage` the Listed Buildings Act's s67 and s73 (a newspaper and a site notice). They
    apply to applications for planning permission only: a prior approval's publicity is its GPDO class's.
    """
    base = publicity_for_type(code)
    if not _is_art15(code):
        return base
    # Paragraph (3)'s publicity replaces (4)'s and (5)'s, and (4)'s replaces (5)'s: each applies only where the
    # one before does not.
    article_15: tuple[Requirement, ...] = ()
    if eia or departure or right_of_way:
        article_15 = SITE_AND_PRESS_ART15
    elif major:
        article_15 = MAJOR.requirements
    rest = [r for r in base.requirements if not (article_15 and r.source.startswith(_ART15))]
    heritage_notices = (
        (_one(Means.PRESS_NOTICE, source=_HERITAGE), _one(Means.SITE_NOTICE, source=_HERITAGE)) if heritage else ()
    )
    if not article_15 and not heritage_notices:
        return base
    return Publicity(requirements=_simplified([*article_15, *heritage_notices, *rest]), note=base.note)
