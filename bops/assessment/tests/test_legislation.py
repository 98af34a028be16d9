"""The assessment against legislation: the GPDO data, the services, and the page."""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment import gpdo, legislation
from bops.assessment.forms_legislation import paragraph_key
from bops.assessment.models import LegislationCheck, Outcome
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.core.tasklist import TaskStatus

# --- The GPDO data ----------------------------------------------------------------------------------------------


def test_part_1_has_classes_a_to_h():
    assert [c.code for c in gpdo.PART_1.classes] == list("ABCDEFGH")
    assert gpdo.part_get("1") is gpdo.PART_1
    assert gpdo.class_get("1", "E").title.startswith("Buildings")
    assert gpdo.class_get("1", "Z") is None
    assert gpdo.class_get("99", "A") is None


def test_every_paragraph_has_a_unique_id_words_and_a_group():
    ids = [p.id for c in gpdo.PART_1.classes for p in c.paragraphs]
    assert len(ids) == len(set(ids))
    assert len({paragraph_key(i) for i in ids}) == len(ids)
    for gpdo_class in gpdo.PART_1.classes:
        groups = {p.group for p in gpdo_class.paragraphs}
        assert gpdo.Group.PERMITTED in groups and gpdo.Group.NOT_PERMITTED in groups, gpdo_class.code
        for paragraph in gpdo_class.paragraphs:
            assert paragraph.id.startswith(gpdo_class.code)
            assert re.fullmatch(r"[A-H](\.\d+(\([a-z]+\))?)?", paragraph.id), paragraph.id
            assert paragraph.text.strip().endswith("."), paragraph.id
            assert isinstance(paragraph.group, gpdo.Group)
    a = gpdo.class_get("1", "A")
    assert [g for g, _ in a.grouped()] == [gpdo.Group.PERMITTED, gpdo.Group.NOT_PERMITTED, gpdo.Group.CONDITIONS]
    assert "A.1(ja)" in {p.id for p in a.paragraphs}
    assert gpdo.PART_1.citation(a, a.paragraphs[1]) == "SI 2015/596, Schedule 2, Part 1, Class A, paragraph A.1(a)"


def _extra(tmp_path, parts):
    path = tmp_path / "gpdo.json"
    path.write_text(json.dumps({"parts": parts}))
    return path


GOOD_PART = {
    "number": "2",
    "title": "Minor operations",
    "classes": [
        {
            "code": "A",
            "title": "Gates, fences, walls etc",
            "paragraphs": [
                {"id": "A", "group": "permitted_development", "text": "A gate, fence or wall."},
                {"id": "A.1(a)", "group": "development_not_permitted", "text": "Over 1 metre next to a highway."},
            ],
        }
    ],
}


def test_an_extra_parts_file_adds_parts(tmp_path, settings):
    settings.GPDO_EXTRA_PARTS_FILE = str(_extra(tmp_path, [GOOD_PART]))
    assert list(gpdo.parts()) == ["1", "2"]
    assert gpdo.class_get("2", "A").paragraphs[1].group == gpdo.Group.NOT_PERMITTED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"number": "1"}, "given twice"),
        ({"classes": []}, "list of classes"),
        (
            {"classes": [{**GOOD_PART["classes"][0], "paragraphs": [{"id": "A", "group": "other", "text": "x"}]}]},
            "group",
        ),
        (
            {"classes": [{**GOOD_PART["classes"][0], "paragraphs": [{"id": "A", "group": "conditions", "text": ""}]}]},
            "non-empty",
        ),
        ({"classes": [GOOD_PART["classes"][0], GOOD_PART["classes"][0]]}, "class codes"),
    ],
)
def test_a_bad_extra_parts_file_is_refused_with_where(tmp_path, change, message):
    with pytest.raises(gpdo.GpdoDataError, match=message):
        gpdo.parts_load(_extra(tmp_path, [{**GOOD_PART, **change}]))


def test_an_unreadable_extra_parts_file_is_refused(tmp_path):
    path = tmp_path / "gpdo.json"
    path.write_text("{not json")
    with pytest.raises(gpdo.GpdoDataError, match="JSON"):
        gpdo.parts_load(path)
    with pytest.raises(gpdo.GpdoDataError, match="cannot be read"):
        gpdo.parts_load(tmp_path / "missing.json")


# --- The services -----------------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="ldc.proposed")


def _call(service, case, user, **kwargs):
    return service(council=case.council, application_id=case.pk, user=user, **kwargs)


def _state(case):
    return legislation.legislation_state(application=case)


def test_choosing_classes_adds_every_paragraph_to_be_determined(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    assert _state(case).status == TaskStatus.NOT_STARTED
    _call(legislation.development_check, case, officer, is_development=True)
    rows = _call(legislation.classes_choose, case, officer, part="1", classes=["A", "D"])
    expected = {p.id for code in "AD" for p in gpdo.class_get("1", code).paragraphs}
    assert {r.paragraph for r in rows} == expected
    assert {r.outcome for r in rows} == {Outcome.TO_BE_DETERMINED}
    assert _state(case).classes == ("A", "D")
    assert _state(case).status == TaskStatus.IN_PROGRESS
    assert AuditEntry.objects.filter(application=case, event="legislation_classes_chosen").exists()


def test_unchosen_classes_go_unless_already_determined(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    _call(legislation.development_check, case, officer, is_development=True)
    _call(legislation.classes_choose, case, officer, part="1", classes=["A", "D", "G"])
    _call(legislation.paragraphs_assess, case, officer, part="1", results={"D.1(b)": (Outcome.COMPLIES, "2.5 m²")})
    _call(legislation.classes_choose, case, officer, part="1", classes=["A"])
    left = set(
        LegislationCheck.objects.filter(application=case).exclude(part="s55").values_list("class_code", flat=True)
    )
    assert left == {"A", "D"}
    assert not LegislationCheck.objects.filter(application=case, class_code="D", outcome=Outcome.TO_BE_DETERMINED)


def test_the_task_is_complete_only_when_nothing_is_to_be_determined(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    _call(legislation.development_check, case, officer, is_development=True)
    _call(legislation.classes_choose, case, officer, part="1", classes=["D"])
    ids = [p.id for p in gpdo.class_get("1", "D").paragraphs]
    results = dict.fromkeys(ids[:-1], (Outcome.COMPLIES, ""))
    state = _call(legislation.paragraphs_assess, case, officer, part="1", results=results)
    assert not state.is_complete
    state = _call(legislation.paragraphs_assess, case, officer, part="1", results={ids[-1]: (Outcome.COMPLIES, "")})
    assert state.is_complete and state.status == TaskStatus.COMPLETED


def test_does_not_comply_needs_a_comment_and_unknown_paragraphs_are_refused(case, swk_users):
    officer = swk_users[Role.ASSESSOR]
    _call(legislation.development_check, case, officer, is_development=True)
    _call(legislation.classes_choose, case, officer, part="1", classes=["D"])
    with pytest.raises(DomainError, match="Say why"):
        _call(
            legislation.paragraphs_assess, case, officer, part="1", results={"D.1(b)": (Outcome.DOES_NOT_COMPLY, " ")}
        )
    with pytest.raises(DomainError, match="not being assessed"):
        _call(legislation.paragraphs_assess, case, officer, part="1", results={"A.1(b)": (Outcome.COMPLIES, "")})


def test_classes_need_development_first(case, swk_users):
    with pytest.raises(DomainError, match="development"):
        _call(legislation.classes_choose, case, swk_users[Role.ASSESSOR], part="1", classes=["A"])


def test_not_development_clears_the_classes_and_completes(case, swk_users):
    officer = swk_users[Role.REVIEWER]
    _call(legislation.development_check, case, officer, is_development=True)
    _call(legislation.classes_choose, case, officer, part="1", classes=["A"])
    _call(legislation.paragraphs_assess, case, officer, part="1", results={"A": (Outcome.COMPLIES, "")})
    _call(legislation.development_check, case, officer, is_development=False, comment="Internal works only")
    assert list(LegislationCheck.objects.filter(application=case).values_list("paragraph", flat=True)) == ["s55"]
    state = _state(case)
    assert state.is_development is False and state.classes == () and state.is_complete


def test_administrators_cannot_assess(case, swk_users):
    with pytest.raises(PermissionDenied):
        _call(legislation.development_check, case, swk_users[Role.ADMINISTRATOR], is_development=True)


def test_only_cases_in_assessment_of_the_right_kind(southwark, swk_users):
    officer = swk_users[Role.ASSESSOR]
    householder = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    with pytest.raises(DomainError, match="not assessed against the GPDO"):
        _call(legislation.development_check, householder, officer, is_development=True)
    not_started = make_application_in(southwark, Status.NOT_STARTED, swk_users, code="ldc.proposed")
    with pytest.raises(DomainError, match="in assessment"):
        _call(legislation.development_check, not_started, officer, is_development=True)


def test_another_councils_case_is_not_found(case, lambeth, lbh_users):
    with pytest.raises(DomainError, match="no such case"):
        legislation.development_check(
            council=lambeth, application_id=case.pk, user=lbh_users[Role.ASSESSOR], is_development=True
        )


# --- The page ---------------------------------------------------------------------------------------------------


def _url(case):
    return f"/applications/{case.reference}/assessment/legislation"


def test_the_page_saves_s55_classes_and_paragraphs_in_one_form(case, southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    assert client.get(_url(case)).status_code == 200
    response = client.post(_url(case), {"is_development": "yes", "classes": ["D"]})
    assert response.status_code == 302
    page = client.get(_url(case)).content.decode()
    assert "Paragraph D.1(b)" in page and "Development not permitted" in page
    data = {"is_development": "yes", "classes": ["D"]}
    for paragraph in gpdo.class_get("1", "D").paragraphs:
        data[f"outcome_{paragraph_key(paragraph.id)}"] = Outcome.COMPLIES
    data["comment_D-1-b"] = "The porch is 2.4 square metres."
    response = client.post(_url(case), data, follow=True)
    assert "The assessment against legislation is complete." in response.content.decode()
    assert LegislationCheck.objects.get(application=case, paragraph="D.1(b)").comment.startswith("The porch")


def test_the_page_shows_refusals_as_errors(case, southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    client.post(_url(case), {"is_development": "yes", "classes": ["D"]})
    response = client.post(_url(case), {"is_development": "yes", "classes": ["D"], "outcome_D-1-b": "does_not_comply"})
    assert response.status_code == 400
    assert "Say why D.1(b) is not complied with." in response.content.decode()
    response = client.post(_url(case), {"is_development": "yes"})
    assert response.status_code == 400
    assert "Choose the classes" in response.content.decode()


def test_the_page_is_for_officers_of_the_council(case, southwark, lambeth, swk_users, lbh_users, client_for):
    assert client_for(southwark, swk_users[Role.ADMINISTRATOR]).get(_url(case)).status_code == 403
    assert client_for(lambeth, lbh_users[Role.ASSESSOR]).get(_url(case)).status_code == 404


# --- One page, one submit ---------------------------------------------------------------------------------------


def _page_form(client, case):
    from bops.assessment.tests.page_forms import form_with

    return form_with(client.get(_url(case)).content.decode(), "Save and continue")


def test_a_prior_approval_is_assessed_in_one_submit_and_lands_on_the_next_task(southwark, swk_users, client_for):
    """The class comes from the case's type and every paragraph starts as met: the officer marks the exceptions and
    saves once. Before, the class needed a save of its own, then every paragraph a radio, and the page stayed."""
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="pa.part1.classA")
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    form, button = _page_form(client, case)
    sent = form.data(button)
    assert sent["classes"] == ["A"] and sent["is_development"] == ["yes"]
    assert sent["outcome_A-1-a"] == [Outcome.COMPLIES]
    sent["outcome_A-1-g"] = [Outcome.DOES_NOT_COMPLY]
    sent["comment_A-1-g"] = ["6 metres deep: more than 3 metres, so prior approval is needed."]
    response = client.post(_url(case), sent)
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{case.reference}/assessment/site-history"
    state = _state(case)
    assert state.is_complete and state.classes == ("A",)
    assert state.checks["A.1(g)"].outcome == Outcome.DOES_NOT_COMPLY
    assert {c.outcome for p, c in state.checks.items() if p != "A.1(g)"} == {Outcome.COMPLIES}


def test_a_proposed_ldc_chooses_its_class_and_marks_it_in_one_submit(case, southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    form, button = _page_form(client, case)
    assert "classes" not in form.data(button)  # nothing in the case's type says which class
    response = client.post(_url(case), form.data(button, is_development="yes", classes=["B"]))
    assert response.status_code == 302
    assert _state(case).is_complete and _state(case).classes == ("B",)
    form, button = _page_form(client, case)
    response = client.post(_url(case), form.data(button, classes=["E"]))
    assert response.status_code == 302
    assert _state(case).classes == ("E",)
    assert not LegislationCheck.objects.filter(application=case, class_code="B").exists()


def test_a_class_the_service_does_not_hold_is_assessed_in_words(southwark, swk_users, client_for):
    case = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users, code="pa.part3.classMA")
    client = client_for(southwark, swk_users[Role.ASSESSOR])
    form, button = _page_form(client, case)
    sent = form.data(button)
    assert sent["classes"] == ["other"] and sent["other_part"] == ["3"] and sent["other_class"] == ["MA"]
    refused = client.post(_url(case), form.data(button, other_outcome="complies"))
    assert refused.status_code == 400 and "Say which limits and conditions of Class MA" in refused.content.decode()
    done = client.post(
        _url(case), form.data(button, other_outcome="complies", other_comment="Vacant 3 months; under 1,500 m².")
    )
    assert done.status_code == 302
    state = _state(case)
    assert state.is_complete and state.part == "3" and state.classes == ("MA",)
    form, button = _page_form(client, case)
    assert form.data(button)["other_comment"] == ["Vacant 3 months; under 1,500 m²."]
