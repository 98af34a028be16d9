import re
from datetime import timedelta

import pytest
from django.conf import settings

from bops.accounts.models import Role, User
from bops.applications.tests.builders import PASSWORD
from bops.core.models import AuditEntry
from bops.notifications.models import OutboxMessage


@pytest.mark.django_db
def test_sign_in_and_out(southwark, swk_users, client_for):
    client = client_for(southwark)
    response = client.post("/sign-in", {"email": swk_users[Role.ASSESSOR].email.upper(), "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/sign-out").status_code == 405  # signing out changes state: only by POST
    assert client.post("/sign-out").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_sign_in_goes_back_to_the_page_asked_for_but_never_off_site(southwark, swk_users, client_for):
    client = client_for(southwark)
    creds = {"email": swk_users[Role.ASSESSOR].email, "password": PASSWORD}
    assert client.post("/sign-in", {**creds, "next": "/?tab=all"})["Location"] == "/?tab=all"
    client.post("/sign-out")
    assert client.post("/sign-in", {**creds, "next": "https://evil.example/"})["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "password": ""}, "Enter your email address"),
        ({"email": "not-an-email", "password": "x"}, "Enter an email address like"),
        (
            {"email": "assessor.of.swk@southwark.example", "password": "wrong"},
            "The email address or password is not right",
        ),
        ({"email": "nobody@southwark.example", "password": PASSWORD}, "The email address or password is not right"),
    ],
)
def test_sign_in_errors_are_shown_in_the_error_summary(southwark, swk_users, client_for, data, message):
    response = client_for(southwark).post("/sign-in", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "<title>Error: " in page


@pytest.mark.django_db
def test_a_deactivated_user_cannot_sign_in(southwark, swk_users, client_for):
    user = swk_users[Role.ASSESSOR]
    user.is_active = False
    user.save()
    response = client_for(southwark).post("/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_out(southwark, swk_users, client_for):
    client = client_for(southwark)
    email = swk_users[Role.ASSESSOR].email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in", {"email": email, "password": "wrong-password"})
    response = client.post("/sign-in", {"email": email, "password": PASSWORD})
    assert response.status_code == 429
    assert "too many times" in response.content.decode()


@pytest.mark.django_db
def test_sessions_end_after_six_idle_hours_but_not_while_in_use(southwark, swk_users, client_for):
    import time_machine
    from django.utils import timezone

    client = client_for(southwark)
    client.post("/sign-in", {"email": swk_users[Role.ASSESSOR].email, "password": PASSWORD})
    start = timezone.now()
    with time_machine.travel(start + timedelta(hours=5, minutes=50), tick=False):
        assert client.get("/").status_code == 200  # in use: the clock starts again
    with time_machine.travel(start + timedelta(hours=11, minutes=40), tick=False):
        assert client.get("/").status_code == 200
    with time_machine.travel(start + timedelta(hours=17, minutes=41), tick=False):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in")


@pytest.mark.django_db
def test_an_administrator_invites_a_user_who_sets_a_password_and_signs_in(southwark, swk_users, client_for):
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    response = admin.post(
        "/admin/users/invite", {"name": "Ama Mensah", "email": "Ama@Southwark.example", "role": "reviewer"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="ama@southwark.example")
    assert user.council == southwark and user.role == Role.REVIEWER and not user.has_usable_password()
    message = OutboxMessage.objects.get(to="ama@southwark.example")
    link = re.search(r"http://southwark\.localhost(/account/set-password/\S+)", message.body).group(1)
    assert AuditEntry.objects.filter(event="user_invited", council=southwark).exists()

    newcomer = client_for(southwark)
    assert newcomer.get(link).status_code == 200
    weak = newcomer.post(link, {"password": "password", "confirm": "password"})
    assert weak.status_code == 400 and "There is a problem" in weak.content.decode()
    mismatch = newcomer.post(link, {"password": "a-long-good-passphrase", "confirm": "another-passphrase"})
    assert "The passwords do not match" in mismatch.content.decode()
    assert (
        newcomer.post(link, {"password": "a-long-good-passphrase", "confirm": "a-long-good-passphrase"}).status_code
        == 302
    )
    assert newcomer.get(link).status_code == 404  # the link works once
    signed_in = newcomer.post("/sign-in", {"email": "ama@southwark.example", "password": "a-long-good-passphrase"})
    assert signed_in.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "", "role": ""}, "Enter the person"),
        ({"name": "A", "email": "nope", "role": "assessor"}, "Enter an email address like"),
        ({"name": "A", "email": "a@x.example", "role": "superuser"}, "Select a valid choice"),
        ({"name": "A", "email": "reviewer.of.swk@southwark.example", "role": "assessor"}, "already an account"),
    ],
)
def test_invitation_errors(southwark, swk_users, client_for, data, message):
    response = client_for(southwark, swk_users[Role.ADMINISTRATOR]).post("/admin/users/invite", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert User.objects.count() == 3


@pytest.mark.django_db
def test_deactivating_and_reactivating(southwark, swk_users, client_for):
    admin = client_for(southwark, swk_users[Role.ADMINISTRATOR])
    assessor = swk_users[Role.ASSESSOR]
    assessor_client = client_for(southwark, assessor)
    admin.post(f"/admin/users/{assessor.pk}/active", {"active": "false"})
    assessor.refresh_from_db()
    assert not assessor.is_active and assessor.deactivated_at is not None
    assert assessor_client.get("/").status_code == 302  # their session no longer counts
    admin.post(f"/admin/users/{assessor.pk}/active", {"active": "true"})
    assessor.refresh_from_db()
    assert assessor.is_active and assessor.deactivated_at is None
    assert list(AuditEntry.objects.filter(council=southwark).values_list("event", flat=True).order_by("id")) == [
        "user_deactivated",
        "user_reactivated",
    ]


@pytest.mark.django_db
def test_an_administrator_cannot_deactivate_themselves(southwark, swk_users, client_for):
    admin_user = swk_users[Role.ADMINISTRATOR]
    client_for(southwark, admin_user).post(f"/admin/users/{admin_user.pk}/active", {"active": "false"})
    admin_user.refresh_from_db()
    assert admin_user.is_active


@pytest.mark.django_db
def test_a_forged_invitation_link_is_refused(southwark, swk_users, client_for):
    user = swk_users[Role.ASSESSOR]
    assert client_for(southwark).get("/account/set-password/MQ/forged-token").status_code == 404
    assert client_for(southwark).get("/account/set-password/!!!/x").status_code == 404
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
