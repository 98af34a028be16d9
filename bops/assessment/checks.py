"""Which assessment tasks each application family has, and which decisions each family may recommend: the one
place this is declared (ARCHITECTURE.md). BOPS's "Check and assess" workflows (bops-domain.md §5) are the model.

Text sections keep every version in SectionVersion; the other tasks have their own pages (site history, site
visit, conditions, informatives, recommendation) or belong to another page (the assessment against legislation).
"""

from bops.applications.catalogue import Family
from bops.assessment.models import Decision
from bops.core.tasklist import Section, Task

SITE_HISTORY = Task("site-history", "Check site history", "Earlier applications on the site")
SUMMARY_OF_WORKS = Task("summary-of-works", "Summary of works")
SITE_DESCRIPTION = Task("site-description", "Site description")
CONSULTATION_SUMMARY = Task("consultation-summary", "Summary of consultation", "Consultees' responses")
NEIGHBOUR_SUMMARY = Task("neighbour-summary", "Summary of neighbour responses")
AMENITY = Task("amenity", "Amenity")
LEGISLATION = Task("legislation", "Assessment against legislation", "The permitted development classes")
IMMUNITY = Task("immunity", "Evidence of immunity", "Whether the use or works are immune from enforcement")
POLICIES = Task("policies", "Assess against policies", "The council's local plan policies")
OTHER_CONSIDERATIONS = Task("other-considerations", "Other considerations")
PD_RIGHTS = Task("pd-rights", "Permitted development rights", "Whether they have been removed on the site")
CONDITIONS = Task("conditions", "Conditions")
INFORMATIVES = Task("informatives", "Informatives")
HEADS_OF_TERMS = Task("heads-of-terms", "Heads of terms", "The terms of a planning obligation (section 106)")
SITE_VISIT = Task("site-visit", "Site visit")
CIL = Task("cil", "Confirm Community Infrastructure Levy (CIL)", "Liability as checked at validation")
RECOMMENDATION = Task("recommendation", "Make the recommendation")

#: Tasks whose whole content is a text written by the officer, versioned for the reviewer.
TEXT_SECTIONS = frozenset(
    t.slug
    for t in (
        SUMMARY_OF_WORKS,
        SITE_DESCRIPTION,
        CONSULTATION_SUMMARY,
        NEIGHBOUR_SUMMARY,
        AMENITY,
        IMMUNITY,
        OTHER_CONSIDERATIONS,
        PD_RIGHTS,
    )
)

#: Text sections that show the counts of the consultation above the text box.
WITH_CONSULTATION_COUNTS = frozenset({CONSULTATION_SUMMARY.slug, NEIGHBOUR_SUMMARY.slug})

#: Tasks with a page of their own that the officer marks complete (their status is stored in Section).
MARKABLE = frozenset({SITE_HISTORY.slug, CONDITIONS.slug, INFORMATIVES.slug, SITE_VISIT.slug, HEADS_OF_TERMS.slug})

_RECOMMEND = Section("Recommendation", (RECOMMENDATION,))

_PLANNING_PERMISSION = (
    Section("Check the application", (SITE_HISTORY, SITE_VISIT)),
    Section(
        "Assess the application",
        (SUMMARY_OF_WORKS, SITE_DESCRIPTION, CONSULTATION_SUMMARY, NEIGHBOUR_SUMMARY, OTHER_CONSIDERATIONS, PD_RIGHTS),
    ),
    Section("Conditions and informatives", (CONDITIONS, INFORMATIVES)),
    _RECOMMEND,
)

#: Full planning permission also assesses the case against the council's policies, and may need a planning
#: obligation whose heads of terms the applicant is asked to agree.
_FULL_PLANNING_PERMISSION = (
    Section("Check the application", (SITE_HISTORY, SITE_VISIT)),
    Section(
        "Assess the application",
        (
            SUMMARY_OF_WORKS,
            SITE_DESCRIPTION,
            CONSULTATION_SUMMARY,
            NEIGHBOUR_SUMMARY,
            POLICIES,
            OTHER_CONSIDERATIONS,
            PD_RIGHTS,
        ),
    ),
    Section("Conditions and informatives", (CONDITIONS, INFORMATIVES)),
    Section("Planning obligation and levy", (HEADS_OF_TERMS, CIL)),
    _RECOMMEND,
)

TASK_LISTS: dict[Family, tuple[Section, ...]] = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: (
        Section("Check the application", (SITE_HISTORY,)),
        Section("Assess the application", (SUMMARY_OF_WORKS, SITE_DESCRIPTION, LEGISLATION, OTHER_CONSIDERATIONS)),
        Section("Informatives", (INFORMATIVES,)),
        _RECOMMEND,
    ),
    Family.PRIOR_APPROVAL: (
        Section("Check the application", (SITE_HISTORY, SITE_VISIT)),
        Section(
            "Assess the application",
            (SUMMARY_OF_WORKS, SITE_DESCRIPTION, CONSULTATION_SUMMARY, NEIGHBOUR_SUMMARY, AMENITY, LEGISLATION),
        ),
        Section("Conditions and informatives", (CONDITIONS, INFORMATIVES)),
        _RECOMMEND,
    ),
    Family.PLANNING_PERMISSION: _FULL_PLANNING_PERMISSION,
    Family.OTHER: _PLANNING_PERMISSION,
    Family.PRE_APPLICATION: _PLANNING_PERMISSION,
}

#: The decisions an officer may recommend, per family.
DECISIONS: dict[Family, tuple[Decision, ...]] = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: (Decision.GRANTED, Decision.REFUSED),
    Family.PRIOR_APPROVAL: (Decision.NOT_REQUIRED, Decision.APPROVED, Decision.REFUSED),
    Family.PLANNING_PERMISSION: (Decision.GRANTED, Decision.REFUSED),
    Family.OTHER: (Decision.GRANTED, Decision.REFUSED),
    Family.PRE_APPLICATION: (Decision.GRANTED, Decision.REFUSED),
}


def tasks_for(family: Family, *, code: str = "") -> tuple[Section, ...]:
    """The task list of a family; evidence of immunity is added for existing-use LDCs only."""
    sections = TASK_LISTS[family]
    if code != "ldc.existing":
        return sections
    return tuple(Section(s.title, (*s.tasks, IMMUNITY)) if s.title == "Assess the application" else s for s in sections)


def task_slugs(family: Family, *, code: str = "") -> list[str]:
    return [task.slug for section in tasks_for(family, code=code) for task in section.tasks]


def task_by_slug(family: Family, slug: str, *, code: str = "") -> Task | None:
    return next((t for s in tasks_for(family, code=code) for t in s.tasks if t.slug == slug), None)
