"""What publicity the law still requires of a case, and whether the case may be decided yet.

The requirements are data beside the application type (bops/applications/publicity.py); this module reads what has
been done (neighbour letters sent, the site notice put up, the press notice published, each a publicity event with
the end of its period) and says, for each requirement, whether it is met: done, and its period over. The consultation
page shows the list (`publicity_duties`); the lifecycle refuses to determine while one is not met
(`publicity_refusal`, applications/lifecycle.py): DMPO 2015 art. 33 and GPDO 2015 Sch. 2 Part 1 para. A.4(7)-(10)
forbid a decision before the period for representations ends.

The facts that add to a planning application's publicity (DMPO 2015 art. 15(2) and (4), the Listed Buildings Act
s67 and s73) are the case's EIA flag and the reasons the officer gave for a press notice.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from bops.applications.models import PlanningApplication
from bops.applications.publicity import Means, Publicity, Requirement, publicity_for
from bops.consultation.models import Neighbour, NeighbourLetter, PressNotice, PublicityEvent, SiteNotice
from bops.core.dates import format_date

_EVENT_OF = {
    Means.NEIGHBOURS: PublicityEvent.Kind.NEIGHBOUR_LETTERS,
    Means.SITE_NOTICE: PublicityEvent.Kind.SITE_NOTICE,
    Means.PRESS_NOTICE: PublicityEvent.Kind.PRESS_NOTICE,
}
_DONE_WORD = {Means.NEIGHBOURS: "Letters sent", Means.SITE_NOTICE: "Put up", Means.PRESS_NOTICE: "Published"}
_NOT_DONE = {
    Means.NEIGHBOURS: "not sent yet",
    Means.SITE_NOTICE: "not put up yet",
    Means.PRESS_NOTICE: "not published yet",
}
_HOW = {
    Means.NEIGHBOURS: "send letters to the adjoining owners or occupiers",
    Means.SITE_NOTICE: "put up a site notice and record the date",
    Means.PRESS_NOTICE: "have a press notice published and record the date",
}
_HERITAGE_REASONS = {PressNotice.Reason.LISTED_BUILDING, PressNotice.Reason.CONSERVATION_AREA}


@dataclass(frozen=True)
class Done:
    """One means of publicity done: on `on`, with its period ending on `ends_on` (the last day for comments)."""

    means: Means
    on: date
    ends_on: date
    problem: str = ""  # why it does not count yet (a letter not delivered, a neighbour not written to)


@dataclass(frozen=True)
class Duty:
    requirement: Requirement
    done: Done | None  # the means that meets it, or comes nearest to
    today: date

    @property
    def met(self) -> bool:
        return self.done is not None and not self.done.problem and self.done.ends_on < self.today

    @property
    def state(self) -> str:
        """ "done", "waiting" (the period is running) or "to_do"."""
        if self.met:
            return "done"
        if self.done is not None and not self.done.problem:
            return "waiting"
        return "to_do"

    @property
    def status(self) -> str:
        """What the officer reads: "Letters sent on 3 March 2025; the period for comments ends on 24 March 2025"."""
        done = self.done
        if done is None:
            means = self.requirement.means
            return "Neither done yet" if len(means) > 1 else _NOT_DONE[means[0]].capitalize()
        text = f"{_DONE_WORD[done.means]} on {format_date(done.on)}"
        if len(self.requirement.means) > 1:
            text = f"{done.means.label}: {text[0].lower()}{text[1:]}"
        if done.problem:
            return f"{text}, but {done.problem}"
        ended = "ended" if done.ends_on < self.today else "ends"
        return f"{text}; the period for comments {ended} on {format_date(done.ends_on)}"

    @property
    def refusal(self) -> str | None:
        """Why the case cannot be decided because of this duty, with the law; None when it is met."""
        if self.met:
            return None
        requirement, done = self.requirement, self.done
        if done is None:
            how = " or ".join(_HOW[m] for m in requirement.means)
            return f"{requirement.label} is required by {requirement.source} and has not been done: {how} first."
        if done.problem:
            return f"{requirement.label} ({requirement.source}): {done.problem}."
        return (
            f"{requirement.label} ({requirement.source}): the period for comments ends on "
            f"{format_date(done.ends_on)}, so the case can be decided from {format_date(done.ends_on + timedelta(1))}."
        )


@dataclass(frozen=True)
class PublicityOwed:
    publicity: Publicity
    duties: list[Duty]

    @property
    def outstanding(self) -> list[Duty]:
        return [d for d in self.duties if not d.met]


def publicity_required(application: PlanningApplication) -> Publicity:
    """The law's publicity for this case: its type's, with the facts the case records."""
    press = PressNotice.objects.filter(
        council=application.council, consultation__application=application, required=True
    ).first()
    reasons = set(press.reasons) if press is not None else set()
    return publicity_for(
        application.application_type.code,
        eia=bool(application.eia_required) or PressNotice.Reason.EIA in reasons,
        departure=PressNotice.Reason.DEPARTURE in reasons,
        right_of_way=PressNotice.Reason.RIGHT_OF_WAY in reasons,
        heritage=bool(reasons & _HERITAGE_REASONS),
        major=PressNotice.Reason.MAJOR_DEVELOPMENT in reasons,
    )


def _neighbour_problem(application: PlanningApplication) -> str:
    """A neighbour on the case not written to, or whose latest letter could not be delivered, is not notified."""
    neighbours = Neighbour.objects.filter(council=application.council, consultation__application=application)
    unsent = neighbours.filter(letters__isnull=True).count()
    latest: dict[int, str] = {}
    for neighbour_id, status in (
        NeighbourLetter.objects.filter(council=application.council, neighbour__consultation__application=application)
        .order_by("created_at", "id")
        .values_list("neighbour_id", "status")
    ):
        latest[neighbour_id] = status
    failed = sum(1 for status in latest.values() if status == NeighbourLetter.Status.FAILED)
    problems = []
    if failed:
        plural = failed != 1
        problems.append(
            f"{failed} letter{'s' if plural else ''} could not be delivered: send {'them' if plural else 'it'} again"
        )
    if unsent:
        problems.append(f"{unsent} neighbour{'s have' if unsent != 1 else ' has'} not been written to yet")
    return "; ".join(problems)


def _done(application: PlanningApplication) -> dict[Means, Done]:
    """Each means of publicity done on the case, with the end of its period (the latest, if done more than once)."""
    events: dict[str, list[PublicityEvent]] = {}
    for event in PublicityEvent.objects.filter(
        consultation__application=application, kind__in=list(_EVENT_OF.values())
    ):
        events.setdefault(event.kind, []).append(event)
    found: dict[Means, Done] = {}
    for means, kind in _EVENT_OF.items():
        of_kind = events.get(kind)
        if not of_kind:
            continue
        problem = _neighbour_problem(application) if means == Means.NEIGHBOURS else ""
        found[means] = Done(
            means=means, on=min(e.on for e in of_kind), ends_on=max(e.ends_on for e in of_kind), problem=problem
        )
    # A notice recorded as up (or published) with no event is not possible through the services; a notice the
    # officer has since marked not required does not count.
    site = SiteNotice.objects.filter(council=application.council, consultation__application=application).first()
    if Means.SITE_NOTICE in found and (site is None or not site.required):
        del found[Means.SITE_NOTICE]
    return found


def _best(requirement: Requirement, done: dict[Means, Done], today: date) -> Done | None:
    """The means that meets the requirement, else the one that will soonest (a problem counts last)."""
    candidates = [done[m] for m in requirement.means if m in done]
    if not candidates:
        return None
    return min(candidates, key=lambda d: (bool(d.problem), d.ends_on >= today, d.ends_on))


def publicity_owed(application: PlanningApplication, *, today: date) -> PublicityOwed:
    publicity = publicity_required(application)
    done = _done(application) if publicity.required else {}
    duties = [Duty(requirement=r, done=_best(r, done, today), today=today) for r in publicity.requirements]
    return PublicityOwed(publicity=publicity, duties=duties)


def publicity_refusal(application: PlanningApplication, *, today: date) -> str | None:
    """Why the case may not be decided yet for want of the publicity the law requires; None when it may."""
    for duty in publicity_owed(application, today=today).outstanding:
        return duty.refusal
    return None
