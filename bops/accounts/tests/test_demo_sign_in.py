"""The sign-in page of a council holding the demo's officers points to the guided tour and lists their sign-ins."""

from bops.accounts.models import Role, User


def test_a_council_with_the_demo_officers_shows_the_tour_and_its_sign_ins(southwark, client_for):
    User.objects.create_user(
        email="assessor@southwark.example", name="Ama Mensah", council=southwark, role=Role.ASSESSOR, password="x"
    )
    page = client_for(southwark).get("/sign-in").content.decode()
    assert "docs/walkthrough.md" in page
    assert "assessor@southwark.example" in page and "reviewer@southwark.example" in page


def test_a_real_council_shows_no_demo_sign_ins(southwark, swk_users, client_for):
    page = client_for(southwark).get("/sign-in").content.decode()
    assert "walkthrough" not in page and "demo-password" not in page


def test_another_council_does_not_show_southwarks_demo_sign_ins(southwark, lambeth, client_for):
    User.objects.create_user(
        email="assessor@southwark.example", name="Ama Mensah", council=southwark, role=Role.ASSESSOR, password="x"
    )
    assert "southwark.example" not in client_for(lambeth).get("/sign-in").content.decode()
