"""The council's libraries of conditions, informatives and policies."""

import pytest
from django.core.exceptions import PermissionDenied

from bops.accounts.models import Role
from bops.assessment import libraries
from bops.assessment.libraries import ConditionDetails, InformativeDetails, PolicyDetails
from bops.assessment.models import LibraryCondition, LibraryInformative, LibraryPolicy
from bops.core.errors import DomainError
from bops.core.models import AuditEntry

pytestmark = pytest.mark.django_db

TREES = ConditionDetails(title="Tree protection", text="Protect the trees during works.", reason="To keep the trees.")


def _save(council, user, details, item_id=None):
    return libraries.library_item_save(council=council, user=user, details=details, item_id=item_id)


# --- The services -----------------------------------------------------------------------------------------------


def test_an_administrator_adds_and_changes_a_condition(southwark, swk_users):
    admin = swk_users[Role.ADMINISTRATOR]
    condition = _save(southwark, admin, TREES)
    assert (condition.council, condition.reason, condition.is_active) == (southwark, "To keep the trees.", True)
    changed = _save(southwark, admin, ConditionDetails(**{**TREES.__dict__, "is_active": False}), condition.pk)
    assert changed.pk == condition.pk and not changed.is_active
    events = list(AuditEntry.objects.filter(council=southwark).order_by("id").values_list("event", flat=True))
    assert events == ["library_condition_added", "library_condition_deactivated"]
    assert list(libraries.library_items(council=southwark, kind="condition", active_only=True)) == []


def test_a_condition_without_a_reason_is_refused(southwark, swk_users):
    with pytest.raises(DomainError, match="reason") as refused:
        _save(southwark, swk_users[Role.ADMINISTRATOR], ConditionDetails(title="T", text="Do it.", reason="  "))
    assert refused.value.field == "reason"
    assert not LibraryCondition.objects.exists()


def test_titles_are_unique_per_council_ignoring_case(southwark, lambeth, swk_users, lbh_users):
    _save(southwark, swk_users[Role.ADMINISTRATOR], TREES)
    with pytest.raises(DomainError, match="already has"):
        _save(
            southwark, swk_users[Role.ADMINISTRATOR], ConditionDetails(**{**TREES.__dict__, "title": "TREE protection"})
        )
    assert _save(lambeth, lbh_users[Role.ADMINISTRATOR], TREES).council == lambeth
    _save(southwark, swk_users[Role.ADMINISTRATOR], PolicyDetails(reference="P13", title="Design"))
    with pytest.raises(DomainError, match="reference"):
        _save(southwark, swk_users[Role.ADMINISTRATOR], PolicyDetails(reference="p13", title="Other"))


def test_only_administrators_change_libraries(southwark, swk_users):
    for role in (Role.ASSESSOR, Role.REVIEWER):
        with pytest.raises(PermissionDenied):
            _save(southwark, swk_users[role], InformativeDetails(title="Party wall", text="See the Act."))
    assert not LibraryInformative.objects.exists()


def test_another_councils_entry_cannot_be_changed(southwark, lambeth, swk_users, lbh_users):
    theirs = _save(lambeth, lbh_users[Role.ADMINISTRATOR], TREES)
    with pytest.raises(DomainError, match="no such condition"):
        _save(southwark, swk_users[Role.ADMINISTRATOR], TREES, theirs.pk)
    assert libraries.library_item_get(council=southwark, kind="condition", item_id=theirs.pk) is None


def test_a_new_council_gets_three_standard_conditions_once(southwark):
    added = libraries.library_standard_conditions_add(council=southwark)
    assert [c.title for c in added] == ["Time limit", "In accordance with the approved plans", "Materials to match"]
    assert "section 91" in added[0].reason and "three years" in added[0].text
    assert all(c.reason for c in added)
    assert libraries.library_standard_conditions_add(council=southwark) == []
    assert LibraryCondition.objects.filter(council=southwark).count() == 3


# --- The pages --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("plural", ["conditions", "informatives", "policies"])
def test_the_library_pages_are_for_administrators(plural, southwark, swk_users, client_for):
    assert client_for(southwark, swk_users[Role.ADMINISTRATOR]).get(f"/admin/{plural}").status_code == 200
    assert client_for(southwark, swk_users[Role.ADMINISTRATOR]).get(f"/admin/{plural}/new").status_code == 200
    for role in (Role.ASSESSOR, Role.REVIEWER):
        assert client_for(southwark, swk_users[role]).get(f"/admin/{plural}").status_code == 403
        assert client_for(southwark, swk_users[role]).post(f"/admin/{plural}/new", {"title": "x"}).status_code == 403


def test_an_administrator_adds_changes_and_deactivates_a_condition_on_the_pages(southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    data = {"title": "Tree protection", "text": "Protect the trees.", "reason": "Trees.", "pre_commencement": "true"}
    response = client.post("/admin/conditions/new", data)
    assert response.status_code == 302 and response["Location"] == "/admin/conditions"
    condition = LibraryCondition.objects.get(council=southwark)
    assert condition.pre_commencement
    page = client.get(f"/admin/conditions/{condition.pk}").content.decode()
    assert "Protect the trees." in page and "Is it offered to officers?" in page
    response = client.post(f"/admin/conditions/{condition.pk}", {**data, "is_active": "false"})
    assert response.status_code == 302
    condition.refresh_from_db()
    assert not condition.is_active
    assert "Deactivated" in client.get("/admin/conditions").content.decode()


def test_the_pages_show_refusals(southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    response = client.post("/admin/conditions/new", {"title": "T", "text": "Do it.", "pre_commencement": "false"})
    assert response.status_code == 400
    assert "Enter the reason for the condition" in response.content.decode()
    client.post("/admin/policies/new", {"reference": "P13", "title": "Design"})
    response = client.post("/admin/policies/new", {"reference": "P13", "title": "Again", "url": "not a url"})
    assert response.status_code == 400
    assert "Enter a web address" in response.content.decode()
    assert LibraryPolicy.objects.filter(council=southwark).count() == 1


def test_another_councils_entry_is_not_found_on_the_pages(southwark, lambeth, swk_users, lbh_users, client_for):
    theirs = _save(lambeth, lbh_users[Role.ADMINISTRATOR], InformativeDetails(title="Party wall", text="See the Act."))
    client = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    assert client.get(f"/admin/informatives/{theirs.pk}").status_code == 404
    assert (
        client.post(f"/admin/informatives/{theirs.pk}", {"title": "Mine", "text": "x", "is_active": "true"}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.title == "Party wall"
