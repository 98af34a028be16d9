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
LISTED_BUILDING = Task(
    "listed-building",
    "Effect on the listed building",
    "Whether the works affect its special architectural or historic interest",
)
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
        LISTED_BUILDING,
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


#: The legal test of each kind of lawful development certificate, in place of the assessment against the GPDO
#: that a proposed use or operation (and an LDC of no stated kind) has (TCPA 1990 s192): an existing use or
#: operation is lawful when no enforcement action may be taken against it (s191(2), the time limits of s171B; works
#: that were permitted development when carried out are argued in the same evidence); a breach of condition, when
#: it is immune (s191(1)(c), s171B(3)); proposed works to a listed building, when they would not affect its
#: character as a building of special architectural or historic interest (Planning (Listed Buildings and
#: Conservation Areas) Act 1990 s26H).
_LDC_TESTS: dict[str, tuple[Task, ...]] = {
    "ldc.existing": (IMMUNITY,),
    "ldc.breachOfCondition": (IMMUNITY,),
    "ldc.listedBuildingWorks": (LISTED_BUILDING,),
}

#: The tasks an officer may leave undone before the recommendation goes to the reviewer (and the case is
#: determined): every other task of a family's list is required. A task is optional only where no law or standard
#: makes it part of every decision of the family:
#:
#: - a site visit: no statute requires one; the officer visits where the plans and photos do not show enough;
#: - informatives: advice printed with the decision, not part of it;
#: - heads of terms: a planning obligation (TCPA 1990 s106) is sought only where one is necessary to make the
#:   development acceptable (CIL Regulations 2010 reg. 122), which most cases are not;
#: - other considerations, for a lawful development certificate: lawfulness is a matter of fact and law, in which
#:   the planning merits play no part (TCPA 1990 s191(4), s192(2));
#: - conditions, for a prior approval: approval may be given with or without conditions (GPDO 2015 Sch. 2 Part 3
#:   para. W(13)), and a decision that prior approval is not required has none;
#: - the consultation and neighbour summaries, the removal of permitted development rights and conditions, for
#:   pre-application advice: nobody is consulted and nothing is granted.
OPTIONAL: dict[Family, frozenset[str]] = {
    Family.LAWFUL_DEVELOPMENT_CERTIFICATE: frozenset({OTHER_CONSIDERATIONS.slug, INFORMATIVES.slug}),
    Family.PRIOR_APPROVAL: frozenset({SITE_VISIT.slug, CONDITIONS.slug, INFORMATIVES.slug}),
    Family.PLANNING_PERMISSION: frozenset({SITE_VISIT.slug, INFORMATIVES.slug, HEADS_OF_TERMS.slug}),
    Family.OTHER: frozenset({SITE_VISIT.slug, INFORMATIVES.slug}),
    Family.PRE_APPLICATION: frozenset(
        {
            SITE_VISIT.slug,
            CONSULTATION_SUMMARY.slug,
            NEIGHBOUR_SUMMARY.slug,
            PD_RIGHTS.slug,
            CONDITIONS.slug,
            INFORMATIVES.slug,
        }
    ),
}


def tasks_for(family: Family, *, code: str = "") -> tuple[Section, ...]:
    """The task list of a family; a lawful development certificate's legal test depends on its kind."""
    sections = TASK_LISTS[family]
    if family != Family.LAWFUL_DEVELOPMENT_CERTIFICATE or code not in _LDC_TESTS:
        return sections

    def assess(tasks: tuple[Task, ...]) -> tuple[Task, ...]:
        index = tasks.index(LEGISLATION)
        return (*tasks[:index], *_LDC_TESTS[code], *tasks[index + 1 :])

    return tuple(Section(s.title, assess(s.tasks)) if LEGISLATION in s.tasks else s for s in sections)


def task_slugs(family: Family, *, code: str = "") -> list[str]:
    return [task.slug for section in tasks_for(family, code=code) for task in section.tasks]


def task_by_slug(family: Family, slug: str, *, code: str = "") -> Task | None:
    return next((t for s in tasks_for(family, code=code) for t in s.tasks if t.slug == slug), None)


def is_required(family: Family, slug: str) -> bool:
    """Whether the recommendation waits for this task (OPTIONAL says which tasks it does not wait for)."""
    return slug not in OPTIONAL[family]
