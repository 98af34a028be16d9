import pytest
from django.core.management import call_command

from bops.accounts.models import Role
from bops.core.errors import DomainError
from bops.core.models import AuditEntry
from bops.councils.api_keys import api_key_authenticate, api_key_create, api_key_revoke, well_formed
from bops.councils.models import ApiKey


@pytest.mark.django_db
def test_a_key_is_shown_once_and_only_its_hash_is_kept(southwark, swk_users):
    key, raw = api_key_create(
        council=southwark, user=swk_users[Role.ADMINISTRATOR], name="PlanX", scopes=["planning_application:write"]
    )
    assert raw.startswith("bops_")
    assert len(raw) == 47
    assert well_formed(raw)
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw not in (stored.hashed_key, stored.prefix)
    assert stored.prefix == raw[:12]
    assert api_key_authenticate(council=southwark, raw=raw) == key
    assert AuditEntry.objects.filter(event="api_key_created", council=southwark).exists()


@pytest.mark.django_db
def test_a_key_works_only_for_its_own_council(southwark, lambeth, swk_users):
    _, raw = api_key_create(
        council=southwark, user=swk_users[Role.ADMINISTRATOR], name="PlanX", scopes=["planning_application:write"]
    )
    assert api_key_authenticate(council=lambeth, raw=raw) is None


@pytest.mark.django_db
def test_a_revoked_or_mistyped_key_does_not_work(southwark, swk_users):
    key, raw = api_key_create(
        council=southwark, user=swk_users[Role.ADMINISTRATOR], name="PlanX", scopes=["planning_application:write"]
    )
    mistyped = raw[:-7] + ("a" if raw[-7] != "a" else "b") + raw[-6:]
    assert not well_formed(mistyped)
    assert api_key_authenticate(council=southwark, raw=mistyped) is None
    api_key_revoke(council=southwark, user=swk_users[Role.ADMINISTRATOR], key_id=key.pk)
    assert api_key_authenticate(council=southwark, raw=raw) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "scopes"), [("", ["comment:read"]), ("X", []), ("X", ["admin:everything"])])
def test_a_key_needs_a_name_and_known_scopes(southwark, swk_users, name, scopes):
    with pytest.raises(DomainError):
        api_key_create(council=southwark, user=swk_users[Role.ADMINISTRATOR], name=name, scopes=scopes)
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_only_administrators_make_keys(southwark, swk_users):
    with pytest.raises(Exception, match="role"):
        api_key_create(council=southwark, user=swk_users[Role.REVIEWER], name="X", scopes=["comment:read"])


@pytest.mark.django_db
def test_the_management_command_prints_a_working_key(southwark, capsys):
    call_command("create_api_key", "southwark", "PlanX")
    raw = capsys.readouterr().out.strip()
    key = api_key_authenticate(council=southwark, raw=raw)
    assert key is not None
    assert key.scopes == ["planning_application:read", "planning_application:write"]


@pytest.mark.django_db
def test_the_admin_pages_show_the_key_once_and_revoke_it(southwark, swk_users, client_for):
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    bad = admin.post("/admin/api-keys/new", {"name": ""})
    assert bad.status_code == 400
    assert "Enter a name for the key" in bad.content.decode()
    made = admin.post("/admin/api-keys/new", {"name": "PlanX", "scopes": ["planning_application:write"]})
    assert made.status_code == 200
    assert made["Cache-Control"] == "no-store"
    page = made.content.decode()
    raw = page.split('id="api-key">')[1].split("<")[0]
    assert well_formed(raw)
    listing = admin.get("/admin/api-keys").content.decode()
    assert raw[:12] in listing
    assert raw not in listing
    key = ApiKey.objects.get()
    assert admin.post(f"/admin/api-keys/{key.pk}/revoke").status_code == 302
    assert api_key_authenticate(council=southwark, raw=raw) is None
