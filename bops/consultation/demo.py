"""Demo data for the consultation: each demo council's consultee directory, and the publicity of each demo case
that the law requires it for, played at its own time in the case's history by `bops.applications.demo`.

What each type gets is what the law asks of it, so a decided demo case was never decided before its publicity:
- a prior approval for a larger home extension: notice to the owners or occupiers of the adjoining premises, and
  21 days for their objections (GPDO 2015 Sch. 2 Part 1 para. A.4);
- planning permission (householder and minor): neighbour letters and a site notice, with 21 days for comments
  (DMPO 2015 art. 15 asks for one of the two; the demo councils do both, as many London boroughs do), and a
  consultee for some, with 21 days to respond (DMPO 2015 art. 22);
- lawful development certificates: none (rules.needs_consultation).

Everything goes through the real services (neighbours.py, notices.py, consultees.py, comments.py), so the
audit trail, the outbox and the consultation's end date are the real ones; choices come from a seeded
`random.Random`. All email addresses end in `.example`.
"""

import random
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bops.accounts.models import User
from bops.applications.catalogue import Family
from bops.applications.models import PlanningApplication
from bops.consultation import rules
from bops.consultation.comments import (
    NewComment,
    client_key_for,
    consultee_response_redact,
    public_comment_record,
    public_comment_redact,
    public_comment_submit,
)
from bops.consultation.consultee_links import consultee_token
from bops.consultation.consultees import (
    ConsulteeDetails,
    Response,
    case_consultee_add_and_email,
    consultee_create,
    consultee_reminders_send,
    consultee_response_submit,
)
from bops.consultation.models import CaseConsultee, Consultation, Consultee, Neighbour
from bops.consultation.neighbours import neighbour_letters_send, neighbour_suggestions
from bops.consultation.notices import SiteNoticeChoice, site_notice_displayed, site_notice_save
from bops.core import dates
from bops.councils.models import Council

#: `clock.at(moment)` of the demo: sets timezone.now() for the services while a step is played.
At = Callable[[datetime], AbstractContextManager[datetime]]


@dataclass(frozen=True)
class _Entry:
    key: str
    name: str
    role: str
    organisation: str  # "{council}" is replaced with the council's short name
    email: str  # "{subdomain}" is replaced with the council's subdomain
    internal: bool
    constraint_codes: tuple[str, ...]


DIRECTORY = (
    _Entry(
        "heritage",
        "Rachel Moore",
        "Inspector of Historic Buildings and Areas",
        "Historic England",
        "london.planning@historicengland.example",
        False,
        ("designated.conservationArea", "listed.gradeOne", "listed.gradeTwo", "listed.gradeTwoStar"),
    ),
    _Entry(
        "highways",
        "Kofi Asante",
        "Highways development control officer",
        "{council} Highways",
        "highways.planning@{subdomain}.example",
        True,
        ("road.classified",),
    ),
    _Entry(
        "trees",
        "Lucy Barnes",
        "Tree officer",
        "{council} Parks and Trees",
        "trees@{subdomain}.example",
        True,
        ("tpo",),
    ),
    _Entry(
        "flood",
        "Mark Ellis",
        "Sustainable places planning specialist",
        "Environment Agency",
        "planning.thames@environmentagency.example",
        False,
        ("flood.zoneThree", "flood.zoneTwo"),
    ),
)

# What each consultee says, by the kind of case: (stance, the response). As sent it ends with the officer's direct
# line, which the council's redaction takes out before it is published.
RESPONSES: dict[tuple[str, bool], tuple[tuple[str, str], ...]] = {
    ("highways", True): (
        (
            "no_objection",
            "The site is in a controlled parking zone with good public transport. The new homes should have secure, "
            "covered cycle parking, which can be secured by condition.",
        ),
        (
            "amendments_needed",
            "The bin store is shown on the footway. Please ask for it to be moved within the site, and for cycle "
            "parking for two bicycles per home.",
        ),
    ),
    ("highways", False): (
        ("no_objection", "The works do not affect the highway, its users or parking in the street."),
    ),
    ("trees", False): (
        (
            "no_objection",
            "The street tree in front of the site is well away from the works; its roots should be protected with "
            "fencing while the works are carried out, following BS 5837:2012.",
        ),
        (
            "amendments_needed",
            "The foundations come within the root protection area of the ash in the rear garden. Please ask for a "
            "pile and beam foundation and an arboricultural method statement.",
        ),
    ),
    ("heritage", False): (
        (
            "no_objection",
            "We do not wish to comment in detail. The application should be decided in line with national and "
            "local policy, on the basis of your own specialist conservation advice.",
        ),
    ),
}
_SIGN_OFF = "\n\nIf you would like to discuss this, call me on my direct line, 020 7946 0{line}."

# Objections as sent, with the personal details an officer takes out before publishing them.
OBJECTIONS = (
    (
        "The extension would take the afternoon light from our kitchen and garden. I live next door at number {n} "
        "and can be reached on 07700 900{phone} if the officer wants to see it from our side.",
        "The extension would take the afternoon light from our kitchen and garden.",
        ["light"],
    ),
    (
        "The new windows would look straight into our bedroom. My family at number {n} object to the size of it; "
        "call me on 07700 900{phone}.",
        "The new windows would look straight into our bedroom. [Redacted] object to the size of it.",
        ["privacy"],
    ),
    (
        "It is far too deep for a terrace like ours and would feel like a wall along our garden. I am at number "
        "{n} (07700 900{phone}) and have lived here for thirty years.",
        "It is far too deep for a terrace like ours and would feel like a wall along our garden.",
        ["light", "design"],
    ),
)
SUPPORT = (
    "A sensible design that fits the street. Many houses along here have done the same and it looks fine.",
    "I support this: the materials match the house and it will not affect anyone's light.",
)
NEUTRAL_LETTER = (
    "We do not object in principle but ask that building work is kept to weekday working hours, as several "
    "neighbours work nights."
)
SITE_NOTICE_PLACE = "On the lamp post nearest the front of the site, facing the pavement."

_FIRST_NAMES = ("Maria", "Joseph", "Adaeze", "Kieran", "Priya", "Tomas", "Olivia", "Yusuf", "Helen", "Sam")
_LAST_NAMES = ("Green", "Okafor", "Murphy", "Singh", "Novak", "Fraser", "Bello", "Hart", "Kaur", "Doyle")


def _short_name(council: Council) -> str:
    return council.name.removeprefix("London Borough of ")


def directory_make(council: Council, admin: User) -> dict[str, Consultee]:
    """The council's directory of consultees, by the demo's key for each."""
    return {
        entry.key: consultee_create(
            council=council,
            user=admin,
            details=ConsulteeDetails(
                name=entry.name,
                role=entry.role,
                organisation=entry.organisation.format(council=_short_name(council)),
                email=entry.email.format(subdomain=council.subdomain),
                internal=entry.internal,
                constraint_codes=entry.constraint_codes,
            ),
        )
        for entry in DIRECTORY
    }


# --- One case's publicity --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicityPlan:
    """What the officer does to publicise one case, and what comes back."""

    site_notice: bool
    consultee: str | None  # a key of DIRECTORY
    objections: int
    supports: int
    neutral_letter: bool
    consultee_responds: bool


def publicity_plan(rng: random.Random, application: PlanningApplication, decision: str | None) -> PublicityPlan | None:
    """The publicity the law asks of the case's type, and the response a case heading for `decision` (None: not
    decided yet) would have had. None when the type is not consulted on."""
    spec = application.application_type.spec
    if not rules.needs_consultation(spec):
        return None
    if spec.family == Family.PRIOR_APPROVAL:
        # A.4: adjoining owners or occupiers are notified. Prior approval is "not required" only when none of them
        # objects; with an objection the authority assesses the impact on their amenity (A.4(7)).
        objections = {"not_required": 0, "approved": 1, "refused": 2}.get(decision or "", rng.choice((0, 1)))
        return PublicityPlan(False, None, objections, rng.randint(0, 1), False, False)
    minor = spec.code == "pp.full.minor"
    if minor:
        consultee: str | None = "highways"
    elif decision is None:  # still being assessed: the consultee's email is among the newest in the outbox
        consultee = rng.choice(("trees", "heritage", "highways"))
    else:
        consultee = rng.choice(("trees", "heritage", "highways", None, None))
    if decision is None:  # still being assessed: some comments have come in already
        objections = rng.choice((1, 1, 2))
    else:
        objections = rng.randint(2, 3) if decision == "refused" else rng.choice((0, 1, 1, 2))
    return PublicityPlan(
        site_notice=True,
        consultee=consultee,
        objections=objections,
        supports=rng.randint(0, 2),
        neutral_letter=rng.random() < 0.3,
        consultee_responds=consultee is not None and rng.random() < 0.8,
    )


@dataclass
class _Case:
    rng: random.Random
    application: PlanningApplication
    officer: User
    neighbours: list[Neighbour] = field(default_factory=list)
    published: dict[str, Any] = field(default_factory=dict)

    @property
    def council(self) -> Council:
        return self.application.council


def _moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=dates.LONDON)


def _office(rng: random.Random, day: date) -> datetime:
    return _moment(dates.add_working_days(day, 0), rng.randint(9, 16), rng.randint(0, 59))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"


def consultation_play(
    *,
    rng: random.Random,
    application: PlanningApplication,
    officer: User,
    plan: PublicityPlan,
    directory: dict[str, Consultee],
    at: At,
    start: datetime,
    until: datetime,
) -> date | None:
    """Publicise the case from `start`: the neighbours the consultation page offers chosen and written to, the
    site notice asked for and then put up, the consultee emailed; then the comments and responses that came in,
    each at its own moment, and the officer's redactions that published them. Steps after `until` (now, or the
    case's withdrawal) have not happened yet and are left out. Returns the consultation's end date."""
    case = _Case(rng, application, officer)
    council, pk = application.council, application.pk
    with at(start) as sent:
        chosen = _neighbours_chosen(application, across=plan.site_notice)
        neighbour_letters_send(council=council, application_id=pk, user=officer, chosen=chosen)
        case.neighbours = list(Neighbour.objects.filter(consultation__application=application))
        site_notice_save(
            council=council,
            application_id=pk,
            user=officer,
            choice=SiteNoticeChoice(
                required=plan.site_notice,
                delivery="internal" if plan.site_notice else "",
                location_instructions=SITE_NOTICE_PLACE if plan.site_notice else "",
            ),
        )
        case_consultee = None
        if plan.consultee is not None:
            case_consultee = case_consultee_add_and_email(
                council=council, application_id=pk, user=officer, consultee_id=directory[plan.consultee].pk
            )
    first_day = sent.date()

    steps: list[tuple[datetime, Callable[[], None]]] = []
    if plan.site_notice:
        # The council's team puts the notice up a working day or two after the request.
        displayed = dates.add_working_days(first_day, rng.randint(1, 2))
        steps.append((_office(rng, displayed), lambda: _notice_up(case, displayed)))
    # Comments come in while the consultation runs: on a case still in its consultation, in the days so far.
    days = max(2, min(17, (until.date() - first_day).days - 1))
    comments = [
        _comment(case, f"o{index}", neighbour, stance="objection", index=index, day=first_day + _days(rng, days))
        for index, neighbour in enumerate(rng.sample(case.neighbours, min(plan.objections, len(case.neighbours))))
    ]
    comments += [
        _comment(case, f"s{index}", rng.choice(case.neighbours), stance="support", day=first_day + _days(rng, days))
        for index in range(plan.supports)
    ]
    comments.sort(key=lambda c: c[0])
    # The officer publishes each a few days after it came; the newest waits while the consultation runs.
    running = first_day + timedelta(days=rules.NEIGHBOUR_DAYS + 3) > until.date()
    for number, (sent, send, redacted, redact) in enumerate(comments):
        steps.append((sent, send))
        if not (running and number == len(comments) - 1):
            steps.append((redacted, redact))
    if plan.neutral_letter:
        received = first_day + timedelta(days=rng.randint(6, 12))
        steps.append((_office(rng, received + timedelta(days=1)), lambda: _letter_typed_in(case, received)))
    if case_consultee is not None and plan.consultee_responds and plan.consultee is not None:
        steps += _consultee_steps(case, first_day, case_consultee, plan.consultee)
    elif case_consultee is not None:
        # No answer: the daily job reminds the consultee the morning after their 21 days (DMPO 2015 art. 22).
        case_consultee.refresh_from_db()
        due = case_consultee.response_due
        assert due is not None  # set when emailed
        reminded = _moment(due + timedelta(days=1), 7, 0)
        steps.append((reminded, lambda: _reminders(reminded.date())))
    for moment, step in sorted(steps, key=lambda s: s[0]):
        if moment <= until:
            with at(moment):
                step()
    consultation = Consultation.objects.get(application=application)
    return consultation.end_date


def _house(address: str) -> tuple[int, str]:
    """The number and the street of an address like "12 Bellenden Road, London, SE15 4QY"; 0 for a name."""
    first = address.split(",", 1)[0]
    number, _, street = first.partition(" ")
    return (int(number), street) if number.isdigit() else (0, first)


def _neighbours_chosen(application: PlanningApplication, *, across: bool) -> list[str]:
    """What the officer ticks among the addresses the page offers: every adjoining one (the notice a prior
    approval's adjoining premises must have, GPDO 2015 Sch. 2 Part 1 para. A.4(5)), and for a planning
    application the three nearest houses across the street too."""
    offered = neighbour_suggestions(application=application)
    chosen = [s.key for s in offered if s.adjoining]
    if across:
        number, street = _house(application.address_line_1)
        facing = [
            s
            for s in offered
            if not s.adjoining
            and _house(s.address.address)[1] == street
            and _house(s.address.address)[0] % 2 != number % 2
        ]
        chosen += [s.key for s in facing[:3]]
    return chosen


def _reminders(today: date) -> None:
    consultee_reminders_send(today=today)


def _notice_up(case: _Case, displayed: date) -> None:
    site_notice_displayed(
        council=case.council, application_id=case.application.pk, user=case.officer, displayed_on=displayed
    )


def _days(rng: random.Random, most: int) -> timedelta:
    return timedelta(days=rng.randint(2, most))


def _comment(
    case: _Case, key: str, neighbour: Neighbour, *, stance: str, day: date, index: int = 0
) -> tuple[datetime, Callable[[], None], datetime, Callable[[], None]]:
    """A comment sent through the register on `day` (when it was sent, and how), and the officer's redaction of
    it a few days on (when, and how)."""
    rng = case.rng
    sent = _moment(day, rng.randint(7, 22), rng.randint(0, 59))
    redacted = _office(rng, sent.date() + timedelta(days=rng.randint(1, 3)))
    number = neighbour.address.split(" ", 1)[0]
    if stance == "objection":
        text, published, topics = OBJECTIONS[index % len(OBJECTIONS)]
        text = text.format(n=number, phone=f"{rng.randint(0, 999):03d}")
    else:
        text = published = rng.choice(SUPPORT)
        topics = ["design"]
    comment = NewComment(
        name=_person(rng),
        address=neighbour.address,
        stance=stance,
        text=text,
        email=f"{key}.{case.application.reference.lower()}@email.example",
        topics=list(topics),
    )

    def send() -> None:
        case.published[key] = public_comment_submit(
            council=case.council,
            application_id=case.application.pk,
            comment=comment,
            client_key=client_key_for(f"demo/{case.application.reference}/{key}"),
        )

    def redact() -> None:
        public_comment_redact(
            council=case.council,
            application_id=case.application.pk,
            comment_id=case.published[key].pk,
            user=case.officer,
            redacted_text=published,
        )

    return sent, send, redacted, redact


def _letter_typed_in(case: _Case, received: date) -> None:
    """A letter that came by post, typed in and published by the officer (it has no personal details in it)."""
    letter = public_comment_record(
        council=case.council,
        application_id=case.application.pk,
        user=case.officer,
        comment=NewComment(
            name=_person(case.rng),
            address=case.rng.choice(case.neighbours).address,
            stance="neutral",
            text=NEUTRAL_LETTER,
            topics=["noise"],
        ),
        received_on=received,
    )
    public_comment_redact(
        council=case.council,
        application_id=case.application.pk,
        comment_id=letter.pk,
        user=case.officer,
        redacted_text=NEUTRAL_LETTER,
    )


def _consultee_steps(
    case: _Case, first_day: date, case_consultee: CaseConsultee, key: str
) -> list[tuple[datetime, Callable[[], None]]]:
    """The consultee answers through the link in their email, and the officer publishes the answer."""
    rng = case.rng
    stance, text = rng.choice(RESPONSES[key, case.application.application_type.code == "pp.full.minor"])
    sent_text = text + _SIGN_OFF.format(line=f"{rng.randint(0, 999):03d}")
    answered = _office(rng, first_day + timedelta(days=rng.randint(5, 15)))
    redacted = _office(rng, answered.date() + timedelta(days=rng.randint(1, 2)))
    token = consultee_token(
        council_id=case.council.pk, application_id=case.application.pk, case_consultee_id=case_consultee.pk
    )

    def answer() -> None:
        case.published[key] = consultee_response_submit(
            council=case.council, token=token, response=Response(stance=stance, text=sent_text, uploads=[])
        )

    def redact() -> None:
        consultee_response_redact(
            council=case.council,
            application_id=case.application.pk,
            response_id=case.published[key].pk,
            user=case.officer,
            redacted_text=text,
        )

    return [(answered, answer), (redacted, redact)]
