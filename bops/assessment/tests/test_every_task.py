"""Every task of every family's list can be completed from its own page, as an officer would: the test opens the
task's page, submits the page's own form (as the browser sends it, with the answers an officer gives), and reads
"Completed" against the task on the task list. It walks each list twice: in assessment, and again after the reviewer
has returned every section and disagreed with the recommendation. Cases are made with and without the council's
libraries of policies, conditions and informatives, and with and without a CIL answer from validation.

Before the fix, "Assess against policies" on a council with no policies had no form at all (and said both that no
policy and that every policy was on the case), and an existing-use certificate's "Assessment against legislation"
was refused by its own service."""

import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications import services as applications
from bops.applications.lifecycle import Event
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment import checks, navigation, selectors
from bops.assessment.models import LibraryCondition, LibraryInformative, LibraryPolicy, Section
from bops.assessment.tests.page_forms import form_with
from bops.decisions import services as decisions
from bops.validation.services import cil_set


@dataclass(frozen=True)
class Scenario:
    code: str
    libraries: bool = False
    cil: bool | None = None  # the CIL answer recorded at validation, if any


SCENARIOS = [
    Scenario("ldc.proposed"),
    Scenario("ldc.existing"),
    Scenario("ldc.breachOfCondition"),
    Scenario("ldc.listedBuildingWorks"),
    Scenario("pa.part1.classA"),
    Scenario("pa.part1.classAA"),
    Scenario("pa.part3.classMA"),
    Scenario("pp.full.householder"),
    Scenario("pp.full.householder", libraries=True, cil=True),
    Scenario("pp.full.major", libraries=True, cil=False),
    Scenario("pp.outline"),
    Scenario("listed", libraries=True),
    Scenario("preApp"),
]


def _case(council, users, scenario: Scenario):
    if scenario.cil is None:
        return make_application_in(council, Status.IN_ASSESSMENT, users, code=scenario.code)
    case = make_application_in(council, Status.NOT_STARTED, users, code=scenario.code)
    officer = users[Role.ASSESSOR]
    cil_set(council=council, application_id=case.pk, user=officer, liable=scenario.cil)
    applications.planning_application_set_valid_from(
        council=council,
        application_id=case.pk,
        user=officer,
        valid_from=timezone.localtime(case.received_at).date(),
    )
    return applications.planning_application_transition(
        council=council, application_id=case.pk, user=officer, event=Event.VALIDATE
    )


def _libraries(council) -> None:
    LibraryPolicy.objects.create(council=council, reference="P13", title="Design of places")
    LibraryCondition.objects.create(
        council=council, title="Time limit", text="Begin within three years.", reason="Section 91 of the Act."
    )
    LibraryInformative.objects.create(council=council, title="Party wall", text="The Party Wall Act may apply.")


def _status_on_list(client, case, title: str) -> str:
    page = client.get(f"/applications/{case.reference}/assessment").content.decode()
    for item in page.split('class="govuk-task-list__item')[1:]:
        name = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item.split("govuk-task-list__status")[0]))
        if title in name:
            status = item.split("govuk-task-list__status")[1].split("</div>")[0]
            return " ".join(re.sub(r"<[^>]+>", " ", status.split(">", 1)[1]).split())
    raise AssertionError(f"{title} is not on the task list")


def _post(client, url: str, page: str, button: str, **changes):
    form, pressed = form_with(page, button)
    return client.post(form.action or url, form.data(pressed, **changes))


def _errors(response) -> str:
    page = response.content.decode()
    summary = page.split("govuk-error-summary__list")[1].split("</ul>")[0] if "govuk-error-summary" in page else ""
    return " ".join(re.sub(r"<[^>]+>", " ", summary).split())


def _do(client, case, slug: str, round_: int):
    """Complete one task from its page, with the answers an officer gives; the final response."""
    url = navigation.task_url(case, slug)
    page = client.get(url)
    assert page.status_code == 200, slug
    html = page.content.decode()
    council = case.council
    if slug in checks.TEXT_SECTIONS:
        return _post(client, url, html, "Save and mark as complete", text=f"{slug}, round {round_}: assessed.")
    standard = LibraryCondition.objects.filter(council=council).first()
    if slug == checks.CONDITIONS.slug and standard and not case.conditions.exists():
        assert _post(client, url, html, "Add the condition", library=str(standard.pk)).status_code == 302
        html = client.get(url).content.decode()
    informative = LibraryInformative.objects.filter(council=council).first()
    if slug == checks.INFORMATIVES.slug and informative and not case.informatives.exists():
        assert _post(client, url, html, "Add the informative", library=str(informative.pk)).status_code == 302
        html = client.get(url).content.decode()
    if slug in checks.MARKABLE:
        return _post(client, url, html, "Mark as complete and continue")
    if slug == checks.POLICIES.slug:
        policy = LibraryPolicy.objects.filter(council=council).first()
        if policy is None:
            return _post(client, url, html, "Save and continue", summary="No policy of the plan bears on a porch.")
        if not case.policy_assessments.exists():
            assert _post(client, url, html, "Add the policy", policy=str(policy.pk)).status_code == 302
            html = client.get(url).content.decode()
        assessment = case.policy_assessments.get()
        return _post(client, url, html, "Save and continue", **{f"outcome_{assessment.pk}": "complies"})
    if slug == checks.CIL.slug:
        answer = {} if case.cil_liable is not None else {"liable": "no"}
        return _post(client, url, html, "Save and continue", **answer)
    if slug == checks.LEGISLATION.slug:
        return _legislation(client, case, url, html)
    if slug == checks.RECOMMENDATION.slug:
        decision = checks.DECISIONS[case.application_type.family][0].value
        return _post(client, url, html, "Save as a draft", decision=decision, reasons=f"Round {round_}.")
    raise AssertionError(f"the walk does not know the task {slug}")


def _legislation(client, case, url: str, html: str):
    """What the page offers by default (the class of a prior approval's type, every paragraph met) is sent as it
    is; otherwise the officer says it is development and picks the class."""
    form, button = form_with(html, "Save and continue")
    sent = form.data(button)
    if "classes" not in sent:
        sent["classes"] = ["B"]
    sent.setdefault("is_development", ["yes"])
    if sent["classes"] == ["other"]:
        sent.setdefault("other_outcome", ["complies"])
        if not sent.get("other_comment", [""])[0]:
            sent["other_comment"] = ["The building is not listed and the limits of the class are met."]
    return client.post(url, sent)


def _walk(client, case, round_: int) -> None:
    for row in selectors.assessment_task_list(application=case).rows:
        response = _do(client, case, row.slug, round_)
        assert response.status_code == 302, f"{case.application_type.code} {row.slug}: {_errors(response)}"
        case.refresh_from_db()
        assert _status_on_list(client, case, row.title) == "Completed", (case.application_type.code, row.slug)
        left = [navigation.task_url(case, r.slug) for r in selectors.required_tasks_left(application=case)]
        assert response["Location"] in (left or [f"/applications/{case.reference}/assessment"]), row.slug


def _return_everything(case, reviewer) -> None:
    """The reviewer returns every section that has something to read, and disagrees with the recommendation."""
    for section in Section.objects.filter(application=case).exclude(versions=None):
        decisions.section_review(
            council=case.council,
            application_id=case.pk,
            user=reviewer,
            slug=section.slug,
            verdict=decisions.Verdict.RETURN,
            comment="Say more.",
        )
    decisions.recommendation_review(
        council=case.council, application_id=case.pk, user=reviewer, agree=False, comment="Look again."
    )


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: f"{s.code}{'+libraries' if s.libraries else ''}")
def test_every_task_is_completed_from_its_page_in_assessment_and_after_a_return(
    scenario, southwark, swk_users, client_for
):
    if scenario.libraries:
        _libraries(southwark)
    case = _case(southwark, swk_users, scenario)
    client = client_for(southwark, swk_users[Role.ASSESSOR])

    _walk(client, case, 1)
    submit = _post(
        client,
        navigation.task_url(case, checks.RECOMMENDATION.slug),
        client.get(navigation.task_url(case, checks.RECOMMENDATION.slug)).content.decode(),
        "Save and submit for review",
    )
    assert submit.status_code == 302, _errors(submit)
    case.refresh_from_db()
    assert case.status == Status.AWAITING_DETERMINATION

    _return_everything(case, swk_users[Role.REVIEWER])
    case.refresh_from_db()
    assert case.status == Status.TO_BE_REVIEWED
    _walk(client, case, 2)
    assert selectors.required_tasks_left(application=case) == []


def test_each_save_lands_on_the_next_required_task(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    landed = [
        _do(client, case, slug, 1)["Location"].rsplit("/", 1)[1]
        for slug in checks.task_slugs(case.application_type.family, code=case.application_type.code)
        if checks.is_required(case.application_type.family, slug)
    ]
    # Other considerations and informatives are optional for a certificate: the walk passes them by.
    assert landed == ["summary-of-works", "site-description", "legislation", "recommendation", "assessment"]
