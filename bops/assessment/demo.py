"""Demo data for the assessment: each demo council's libraries (standard conditions, informatives, local plan
policies) and the officer's report on each demo case, written task by task through the assessment's own services
(services.py, legislation.py), so the task list, the report and the audit trail are the real ones.

`report_write` goes down the case's task list (checks.tasks_for) and does what an officer does for each task:
writes the text sections, checks the site history, records the site visit, assesses the legislation, the
policies, CIL, adds the conditions and informatives, and makes the recommendation. A task the demo does not know
how to do is an error, so a task added to a family's list is not silently left undone. Texts follow the case: its
type, its site, the publicity it had, the comments and responses that came in, and the decision it is heading for.
"""

import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from bops.accounts.models import User
from bops.applications.catalogue import Family
from bops.applications.models import PlanningApplication
from bops.assessment import checks, legislation, libraries, services
from bops.assessment.models import LibraryCondition, LibraryInformative, LibraryPolicy, Outcome
from bops.consultation.models import CaseConsultee, Consultation, PublicComment, SiteNotice
from bops.core.dates import format_date
from bops.councils.models import Council

At = Callable[[datetime], AbstractContextManager[datetime]]

# --- Libraries ------------------------------------------------------------------------------------------------

INFORMATIVES = (
    libraries.InformativeDetails(
        title="Party Wall etc. Act 1996",
        text=(
            "This decision does not give consent under the Party Wall etc. Act 1996. Works on or near a shared wall "
            "may need the agreement of the neighbouring owner."
        ),
    ),
    libraries.InformativeDetails(
        title="Building Regulations",
        text="The works may also need approval under the Building Regulations: contact Building Control first.",
    ),
    libraries.InformativeDetails(
        title="Hours of building work",
        text=(
            "Noisy building work should only be carried out between 08:00 and 18:00 on weekdays and 08:00 and 13:00 "
            "on Saturdays, and not on Sundays or bank holidays (Control of Pollution Act 1974, section 60)."
        ),
    ),
)

# The demo councils' local plans: the Southwark Plan 2022 and the Lambeth Local Plan 2021.
POLICIES = {
    "southwark": (
        libraries.PolicyDetails("P13", "Design of places"),
        libraries.PolicyDetails("P14", "Design quality"),
        libraries.PolicyDetails("P20", "Conservation areas"),
        libraries.PolicyDetails("P56", "Protection of amenity"),
    ),
    "lambeth": (
        libraries.PolicyDetails("Q2", "Amenity"),
        libraries.PolicyDetails("Q5", "Local distinctiveness"),
        libraries.PolicyDetails("Q11", "Building alterations and extensions"),
        libraries.PolicyDetails("Q22", "Conservation areas"),
    ),
}


def libraries_make(council: Council, admin: User) -> None:
    """The council's standard conditions, informatives and local plan policies, as its administrator adds them."""
    libraries.library_standard_conditions_add(council=council)
    for details in (*INFORMATIVES, *POLICIES[council.subdomain]):
        libraries.library_item_save(council=council, user=admin, details=details)


# --- The report -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportCase:
    rng: random.Random
    application: PlanningApplication
    officer: User
    decision: str  # the recommendation it is heading for

    @property
    def council(self) -> Council:
        return self.application.council

    @property
    def family(self) -> Family:
        return self.application.application_type.family

    @property
    def code(self) -> str:
        return self.application.application_type.code

    @property
    def refused(self) -> bool:
        return self.decision == "refused"


def report_write(*, case: ReportCase, at: At, start: datetime, tasks: int | None = None) -> None:
    """Do the case's assessment tasks in the task list's order from `start`, a few minutes apart (the clock moves
    each step on); the recommendation is made but not submitted. `tasks`: only the first so many (a case still
    being assessed), never the recommendation."""
    spec = case.application.application_type
    slugs = checks.task_slugs(spec.family, code=spec.code)
    if tasks is not None:
        slugs = [s for s in slugs if s != checks.RECOMMENDATION.slug][:tasks]
    for slug in slugs:
        with at(start):
            _TASKS[slug](case)


def _ids(case: ReportCase) -> dict:
    return {"council": case.council, "application_id": case.application.pk, "user": case.officer}


def _text(case: ReportCase, slug: str, text: str) -> None:
    services.section_save(**_ids(case), slug=slug, text=text)


def _street(application: PlanningApplication) -> str:
    return application.address_line_1.partition(" ")[2] or application.address_line_1


def _proposal(application: PlanningApplication) -> str:
    """The description as the object of a sentence: "a single storey rear extension ..."."""
    text = application.description
    for prefix in ("Certificate of lawfulness for ", "Prior approval for "):
        text = text.removeprefix(prefix)
    return text[0].lower() + text[1:]


def _is_shop(application: PlanningApplication) -> bool:
    return any(word in application.description.lower() for word in ("shop", "offices", "garage"))


# --- Check the application ----------------------------------------------------------------------------------


def _site_history(case: ReportCase) -> None:
    rng = case.rng
    if rng.random() < 0.4:
        year = rng.randint(2009, 2019)
        prefix = "AP" if case.council.subdomain == "southwark" else "FUL"
        reference = f"{year % 100:02d}/{prefix}/{rng.randint(1000, 4999)}"
        services.site_history_add(
            **_ids(case),
            entry=services.HistoryEntry(
                reference=reference,
                description=rng.choice(
                    (
                        "Replacement of the front windows with timber sash windows",
                        "Erection of a rear garden shed",
                        "Single storey rear extension",
                    )
                ),
                decision="Granted",
                decided_on=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                comment="Built as approved; it does not affect this proposal.",
            ),
        )
    services.task_complete(**_ids(case), slug=checks.SITE_HISTORY.slug)


def _site_visit(case: ReportCase) -> None:
    today = timezone.localdate()
    visited = max(case.application.valid_from or today, today - timedelta(days=case.rng.randint(1, 6)))
    services.site_visit_add(
        **_ids(case),
        visited_on=visited,
        notes=(
            "Visited the site and the rear garden. The rear building line of the terrace is consistent; the "
            "neighbouring gardens are separated by brick walls about 1.8 metres high."
        ),
    )
    services.task_complete(**_ids(case), slug=checks.SITE_VISIT.slug)


# --- Text sections ---------------------------------------------------------------------------------------------


def _summary_of_works(case: ReportCase) -> None:
    application = case.application
    if case.family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
        text = (
            f"The applicant asks for a certificate of lawfulness for {_proposal(application)}. The drawings and "
            "documents submitted show what the certificate would cover; nothing else is proposed."
        )
    elif case.family == Family.PRIOR_APPROVAL:
        text = (
            f"The applicant asks whether prior approval is needed for {_proposal(application)}. The extension "
            "would be finished in brick to match the house, with a flat roof and a rooflight."
        )
    else:
        text = (
            f"{application.description}. The drawings show materials to match the existing building: London stock "
            "brick, timber windows and a slate or felt roof."
        )
    _text(case, checks.SUMMARY_OF_WORKS.slug, text)


def _site_description(case: ReportCase) -> None:
    application = case.application
    if _is_shop(application):
        building = "a three storey terraced building with a shop on the ground floor and flats above"
    else:
        building = "a two storey Victorian terraced house in London stock brick, with a pitched slate roof"
    garden = case.rng.randint(12, 24)
    text = (
        f"{application.address_line_1} is {building}, on {_street(application)}. The rear garden is about "
        f"{garden} metres deep. The street is mostly buildings of the same age and design."
    )
    _text(case, checks.SITE_DESCRIPTION.slug, text)


def _consultation_summary(case: ReportCase) -> None:
    consulted = list(
        CaseConsultee.objects.filter(consultation__application=case.application)
        .select_related("consultee")
        .prefetch_related("responses")
    )
    if not consulted:
        text = (
            "No consultee was needed: the site has no constraint, and the proposal raises no matter, that calls "
            "for specialist advice."
        )
    else:
        parts = []
        for case_consultee in consulted:
            emailed = format_date(case_consultee.emailed_at.date()) if case_consultee.emailed_at else "the start"
            who = f"{case_consultee.consultee.organisation} was consulted on {emailed}"
            response = case_consultee.responses.order_by("-received_at").first()
            if response is None:
                parts.append(f"{who} and did not respond within the 21 days (DMPO 2015 art. 22).")
            else:
                said = response.redacted_text or response.text
                parts.append(f"{who} and responded ({response.get_stance_display().lower()}): {said}")
        text = "\n\n".join(parts)
    _text(case, checks.CONSULTATION_SUMMARY.slug, text)


def _comments(case: ReportCase) -> list[PublicComment]:
    return list(PublicComment.objects.filter(application=case.application))


_TOPIC_WORDS = {
    "light": "the loss of light",
    "privacy": "overlooking",
    "design": "the size and design",
    "noise": "noise",
    "traffic": "traffic and parking",
}


def _neighbour_summary(case: ReportCase) -> None:
    application = case.application
    consultation = Consultation.objects.filter(application=application).first()
    letters = consultation.neighbours.count() if consultation else 0
    notice = SiteNotice.objects.filter(consultation=consultation, required=True).first() if consultation else None
    start = format_date(consultation.start_date) if consultation and consultation.start_date else "the start"
    text = f"{letters} neighbouring addresses were written to on {start}"
    if notice is not None and notice.displayed_on:
        text += f", and a site notice was put up on {format_date(notice.displayed_on)}"
    if consultation and consultation.end_date:
        text += f". The period for comments ended on {format_date(consultation.end_date)}"
    comments = _comments(case)
    if not comments:
        text += ". No comments were received."
    else:
        counts = {stance: sum(1 for c in comments if c.stance == stance) for stance in ("objection", "support")}
        text += (
            f". {len(comments)} comment{'s were' if len(comments) != 1 else ' was'} received: "
            f"{counts['objection']} objecting and {counts['support']} in support."
        )
        raised = {t for c in comments if c.stance == "objection" for t in c.topics}
        topics = [words for topic, words in _TOPIC_WORDS.items() if topic in raised]
        if topics:
            listed = ", ".join(topics[:-1]) + " and " + topics[-1] if len(topics) > 1 else topics[0]
            text += f" The objections raise {listed}, which this report assesses."
    _text(case, checks.NEIGHBOUR_SUMMARY.slug, text)


def _amenity(case: ReportCase) -> None:
    objections = [c for c in _comments(case) if c.stance == "objection"]
    if not objections:
        text = (
            "No adjoining owner or occupier objected within the 21 days, so the impact on the amenity of adjoining "
            "premises does not have to be assessed (GPDO 2015 Sch. 2 Part 1 para. A.4(7))."
        )
    elif case.refused:
        text = (
            f"{len(objections)} adjoining occupiers objected. Their gardens are narrow and face north; the "
            "extension's depth and height on the shared boundary would be overbearing and would take much of the "
            "afternoon light from their rear rooms and gardens. The impact on their amenity is not acceptable."
        )
    else:
        text = (
            f"{len(objections)} adjoining occupier{'s' if len(objections) != 1 else ''} objected on grounds of light "
            "and outlook. The neighbouring house has its own rear extension of a similar depth, so the new "
            "extension would sit beside it; the loss of light to their garden would be small. The impact on the "
            "amenity of adjoining premises is acceptable."
        )
    _text(case, checks.AMENITY.slug, text)


def _immunity(case: ReportCase) -> None:
    if case.refused:
        text = (
            "The council tax records go back only to 2019 and the statutory declaration is not supported by any "
            "other evidence. On the balance of probabilities it is not shown that the use or works have continued "
            "for the ten years that section 171B of the Town and Country Planning Act 1990 requires."
        )
    else:
        text = (
            "The statutory declaration, council tax bills and dated photographs show, on the balance of "
            "probabilities, that the use or works began more than ten years ago and have continued since without a "
            "break. They are immune from enforcement action (section 171B of the Town and Country Planning Act "
            "1990). The council has no evidence to the contrary."
        )
    _text(case, checks.IMMUNITY.slug, text)


def _other_considerations(case: ReportCase) -> None:
    if case.family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
        text = (
            "A certificate of lawfulness is decided on the facts and the law only: the planning merits of the "
            "proposal are not considered."
        )
    else:
        text = (
            "The proposal raises no other planning matter: it would not affect trees, flood risk, highway safety "
            "or parking."
        )
    _text(case, checks.OTHER_CONSIDERATIONS.slug, text)


def _pd_rights(case: ReportCase) -> None:
    _text(
        case,
        checks.PD_RIGHTS.slug,
        "Permitted development rights have not been removed on the site: no Article 4 direction covers it, and no "
        "condition of an earlier permission restricts them.",
    )


# --- Legislation, policies, CIL -------------------------------------------------------------------------------

# The classes of Schedule 2 Part 1 a description falls under, by a word in it, and the paragraph a refusal turns on.
_CLASS_WORDS = (
    ("dormer", "B"),
    ("hip to gable", "B"),
    ("rooflight", "C"),
    ("outbuilding", "E"),
    ("rear extension", "A"),
)
_REFUSED_PARAGRAPH = {
    "A": ("A.1(f)", "The extension would be 4.2 metres deep beyond the rear wall of this terraced house."),
    "B": ("B.1(d)", "The roof extension would add about 46 cubic metres to the roof space of this terraced house."),
    "C": ("C.1(b)", "The rooflights would stand 0.25 metres proud of the roof slope."),
    "E": ("E.1(e)", "The outbuilding would be 2.9 metres high within 2 metres of the boundary."),
}


def _classes(application: PlanningApplication) -> list[str]:
    if application.application_type.family == Family.PRIOR_APPROVAL:
        return ["A"]
    words = application.description.lower()
    found = []
    for word, code in _CLASS_WORDS:
        if word in words and code not in found:
            found.append(code)
    return found[:2] or ["A"]


def refusal_of(application: PlanningApplication) -> tuple[str, str, str]:
    """The class, paragraph and fact a refused proposed LDC turns on."""
    gpdo_class = _classes(application)[0]
    return (gpdo_class, *_REFUSED_PARAGRAPH[gpdo_class])


def _legislation(case: ReportCase) -> None:
    if not legislation.applies_to(case.application):
        return  # an existing use or works: the evidence of immunity is the test, not the GPDO
    classes = _classes(case.application)
    refused_at = refusal_of(case.application)[1:] if case.refused and case.family != Family.PRIOR_APPROVAL else None
    part = legislation.gpdo.PART_1
    results = {}
    for gpdo_class in part.classes:
        if gpdo_class.code not in classes:
            continue
        for paragraph in gpdo_class.paragraphs:
            if refused_at and paragraph.id == refused_at[0]:
                results[paragraph.id] = (Outcome.DOES_NOT_COMPLY.value, refused_at[1])
            elif paragraph.id == "A.4" and case.family == Family.PRIOR_APPROVAL:
                results[paragraph.id] = (
                    Outcome.COMPLIES.value,
                    "The adjoining owners or occupiers were notified and the 21 days for objections have passed.",
                )
            elif paragraph.id == "A.1(f)" and case.family == Family.PRIOR_APPROVAL:
                results[paragraph.id] = (Outcome.COMPLIES.value, "Deeper than 3 metres: paragraph A.1(g) applies.")
            else:
                results[paragraph.id] = (Outcome.COMPLIES.value, "")
    legislation.legislation_assessment_save(
        **_ids(case),
        is_development=True,
        comment="Building operations: development under section 55 of the Town and Country Planning Act 1990.",
        part=part.number,
        classes=classes,
        results=results,
    )


def _policies(case: ReportCase) -> None:
    policies = list(LibraryPolicy.objects.filter(council=case.council, is_active=True).order_by("reference"))
    chosen = [p for p in policies if "onservation" not in p.title][:3]
    added = [services.policy_add(**_ids(case), policy_id=policy.pk) for policy in chosen]
    answers = []
    for assessment in added:
        amenity = "menity" in assessment.policy.title
        if case.refused and amenity:
            answers.append(
                services.PolicyAnswer(
                    assessment.pk,
                    Outcome.DOES_NOT_COMPLY.value,
                    "Its bulk close to the boundary would harm the outlook and light of the neighbours.",
                )
            )
        else:
            answers.append(services.PolicyAnswer(assessment.pk, Outcome.COMPLIES.value, ""))
    plan = "Southwark Plan 2022" if case.council.subdomain == "southwark" else "Lambeth Local Plan 2021"
    if case.refused:
        summary = (
            f"The proposal conflicts with the {plan}'s policy on amenity, and no material consideration outweighs "
            "that conflict (Planning and Compulsory Purchase Act 2004 s38(6))."
        )
    else:
        summary = (
            f"The proposal accords with the {plan} read as a whole (Planning and Compulsory Purchase Act 2004 s38(6))."
        )
    services.policies_assess(**_ids(case), answers=answers, summary=summary)


def _cil(case: ReportCase) -> None:
    # New homes are liable for the Community Infrastructure Levy; a house extension under 100 m2 is not.
    services.cil_confirm(**_ids(case), liable=case.code == "pp.full.minor")


# --- Conditions, informatives, heads of terms -----------------------------------------------------------------


def _conditions(case: ReportCase) -> None:
    if case.decision in ("granted", "approved"):
        wanted = ["Time limit", "In accordance with the approved plans", "Materials to match"]
        if case.family == Family.PRIOR_APPROVAL:
            wanted = ["In accordance with the approved plans"]  # the class's own conditions apply (A.3)
        for standard in LibraryCondition.objects.filter(council=case.council, title__in=wanted, is_active=True):
            services.condition_add(**_ids(case), new=services.NewCondition(library_id=standard.pk))
    services.task_complete(**_ids(case), slug=checks.CONDITIONS.slug)


def _informatives(case: ReportCase) -> None:
    if case.decision != "refused":
        titles = ["Party Wall etc. Act 1996", "Building Regulations"]
        if case.family != Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
            titles.append("Hours of building work")
        for standard in LibraryInformative.objects.filter(council=case.council, title__in=titles, is_active=True):
            services.informative_add(**_ids(case), library_id=standard.pk)
    services.task_complete(**_ids(case), slug=checks.INFORMATIVES.slug)


def _heads_of_terms(case: ReportCase) -> None:
    # No planning obligation is needed at this scale: the officer marks the task done with no terms.
    services.task_complete(**_ids(case), slug=checks.HEADS_OF_TERMS.slug)


# --- The recommendation ---------------------------------------------------------------------------------------

GPDO = "the Town and Country Planning (General Permitted Development) (England) Order 2015"


def recommendation_reasons(case: ReportCase) -> str:
    """The public reasons, printed on the decision notice."""
    application = case.application
    if case.code == "ldc.existing":
        if case.refused:
            return (
                "The evidence does not show, on the balance of probabilities, that the use or works have existed "
                "for ten years (section 171B of the Town and Country Planning Act 1990): they are not lawful."
            )
        return (
            "The evidence shows, on the balance of probabilities, that the use or works have existed for more than "
            "ten years and are immune from enforcement action (section 171B of the Town and Country Planning Act "
            "1990): they are lawful."
        )
    if case.family == Family.LAWFUL_DEVELOPMENT_CERTIFICATE:
        classes = " and ".join(_classes(application))
        if case.refused:
            gpdo_class, paragraph, fact = refusal_of(application)
            return (
                f"The proposal is not permitted development under Schedule 2, Part 1, Class {gpdo_class} of {GPDO}: "
                f"{fact[0].lower()}{fact[1:-1]}, which paragraph {paragraph} does not allow. It would not be lawful."
            )
        return (
            f"The proposal is permitted development under Schedule 2, Part 1, Class {classes} of {GPDO}, and so "
            "would be lawful."
        )
    if case.family == Family.PRIOR_APPROVAL:
        return {
            "not_required": (
                "No owner or occupier of the adjoining premises objected within the period for objections: prior "
                f"approval is not required (Schedule 2, Part 1, paragraph A.4(7) of {GPDO})."
            ),
            "approved": (
                "The objections of the adjoining occupiers have been taken into account. The extension would not "
                "cause unacceptable harm to the amenity of adjoining premises: prior approval is given."
            ),
            "refused": (
                "The extension, by its depth and its height on the shared boundary, would be overbearing and would "
                "cause an unacceptable loss of light to the adjoining premises: prior approval is refused."
            ),
        }[case.decision]
    if case.refused:
        return (
            "The proposal, by its bulk and its position close to the boundary, would harm the outlook and light of "
            "the neighbouring homes, contrary to the council's local plan policy on amenity."
        )
    return (
        "The proposal accords with the development plan: its design, scale and materials respect the building and "
        "the character of the street, and it would not harm the amenity of the neighbours."
    )


def _recommendation(case: ReportCase) -> None:
    services.recommendation_make(**_ids(case), decision=case.decision, reasons=recommendation_reasons(case))


_TASKS: dict[str, Callable[[ReportCase], None]] = {
    checks.SITE_HISTORY.slug: _site_history,
    checks.SITE_VISIT.slug: _site_visit,
    checks.SUMMARY_OF_WORKS.slug: _summary_of_works,
    checks.SITE_DESCRIPTION.slug: _site_description,
    checks.CONSULTATION_SUMMARY.slug: _consultation_summary,
    checks.NEIGHBOUR_SUMMARY.slug: _neighbour_summary,
    checks.AMENITY.slug: _amenity,
    checks.LEGISLATION.slug: _legislation,
    checks.IMMUNITY.slug: _immunity,
    checks.POLICIES.slug: _policies,
    checks.OTHER_CONSIDERATIONS.slug: _other_considerations,
    checks.PD_RIGHTS.slug: _pd_rights,
    checks.CONDITIONS.slug: _conditions,
    checks.INFORMATIVES.slug: _informatives,
    checks.HEADS_OF_TERMS.slug: _heads_of_terms,
    checks.CIL.slug: _cil,
    checks.RECOMMENDATION.slug: _recommendation,
}
