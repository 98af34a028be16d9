"""The administrators' page for the council's Ordnance Survey key."""

import pytest

from bops.accounts.models import Role
from bops.core.models import AuditEntry
from bops.councils.models import Council

KEY = "AbCdEfGh0123456789ijklmnOPQR9876"
PAGE = "/admin/os-maps"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.REVIEWER])
def test_only_administrators_may_see_or_change_the_key(southwark, swk_users, client_for, role):
    client = client_for(southwark, swk_users[role])
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"key": KEY}).status_code == 403
    assert client.post(f"{PAGE}/remove").status_code == 403
    southwark.refresh_from_db()
    assert southwark.os_maps_api_key == ""


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in(southwark, client_for):
    response = client_for(southwark).get(PAGE)
    assert response.status_code == 302 and "/sign-in" in response["Location"]


@pytest.mark.django_db
def test_an_administrator_sets_the_key_and_sees_only_its_last_4_characters(southwark, swk_users, client_for):
    client = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    assert "Not set" in client.get(PAGE).content.decode()

    response = client.post(PAGE, {"key": KEY})
    assert response.status_code == 302
    southwark.refresh_from_db()
    assert southwark.os_maps_api_key == KEY

    page = client.get(PAGE)
    html = page.content.decode()
    assert "Set, ending in 9876" in html
    assert KEY not in html
    assert KEY[:-4] not in html
    assert page["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(council=southwark, event="ordnance_survey_key_set")
    assert entry.actor == swk_users[Role.ADMINISTRATOR]
    assert entry.data == {"ends_with": "9876", "replaced": False}
    assert KEY not in str(entry.data) and KEY not in entry.comment


@pytest.mark.django_db
def test_an_administrator_removes_the_key(southwark, swk_users, client_for):
    southwark.os_maps_api_key = KEY
    southwark.save()
    client = client_for(southwark, swk_users[Role.ADMINISTRATOR])

    assert client.post(f"{PAGE}/remove").status_code == 302
    southwark.refresh_from_db()
    assert southwark.os_maps_api_key == ""
    assert AuditEntry.objects.get(council=southwark, event="ordnance_survey_key_removed").data == {"ends_with": "9876"}
    assert client.get(f"{PAGE}/remove").status_code == 405


@pytest.mark.django_db
def test_setting_the_key_of_one_council_leaves_the_other_alone(southwark, lambeth, swk_users, client_for):
    client_for(southwark, swk_users[Role.ADMINISTRATOR]).post(PAGE, {"key": KEY})
    assert Council.objects.get(pk=lambeth.pk).os_maps_api_key == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the Ordnance Survey API key"),
        ("A" * 65, "The key must be 64 characters or fewer"),
        ("AbCdEfGh 0123456789ijklmnOPQR987", "The key must not contain spaces"),
        (f" {KEY}", "The key must not contain spaces"),
        (f"{KEY}\n", "The key must not contain spaces"),
        ("short", "The key must be at least 16 characters"),
        ("AbCdEfGh0123456789<script>", "The key can only contain letters, numbers, hyphens and underscores"),
    ],
)
def test_bad_input_is_refused_with_an_error_summary(southwark, swk_users, client_for, typed, message):
    southwark.os_maps_api_key = KEY
    southwark.save()
    response = client_for(southwark, swk_users[Role.ADMINISTRATOR]).post(PAGE, {"key": typed})

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert "<title>Error: " in html
    assert KEY not in html
    if typed.strip():
        assert f'value="{typed}"' not in html  # what was typed is not shown back either
    southwark.refresh_from_db()
    assert southwark.os_maps_api_key == KEY
    assert not AuditEntry.objects.filter(event="ordnance_survey_key_set").exists()


@pytest.mark.django_db
def test_the_key_is_never_sent_to_the_browser_on_map_pages(southwark, swk_users, client_for):
    from bops.applications.tests.builders import make_application

    southwark.os_maps_api_key = KEY
    southwark.save()
    application = make_application(southwark)
    html = client_for(southwark, swk_users[Role.ASSESSOR]).get(f"/applications/{application.reference}").content
    assert b'basemap="OSRaster"' in html
    assert KEY.encode() not in html and b"9876" not in html
