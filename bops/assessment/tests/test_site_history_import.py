"""Earlier applications imported from a CSV file: all rows or none, with the bad row named."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in
from bops.assessment.models import SiteHistory

pytestmark = pytest.mark.django_db

GOOD = "reference,description,decision,decided_on\n19/AP/0001,Rear extension,Granted,2019-03-27\n21/AP/0002,Loft,Refused,\n"


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)


def post(client, case, text: str):
    upload = SimpleUploadedFile("history.csv", text.encode(), content_type="text/csv")
    return client.post(f"/applications/{case.reference}/assessment/site-history", {"action": "import", "file": upload})


def test_a_good_file_adds_every_row(client_for, southwark, swk_users, case):
    answer = post(client_for(southwark, swk_users["assessor"]), case, GOOD)
    assert answer.status_code == 302
    assert list(
        SiteHistory.objects.filter(application=case).order_by("reference").values_list("reference", flat=True)
    ) == [
        "19/AP/0001",
        "21/AP/0002",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reference,decision\nX,Granted\n", "missing: description"),
        (GOOD + "22/AP/0003,,Granted,2022-01-01\n", "Row 4 needs a reference and a description"),
        (GOOD + "22/AP/0003,Shed,Granted,27/03/2022\n", "Row 4: the decision date must be like 2019-03-27"),
        (GOOD + "22/AP/0003,Shed,Granted,2099-01-01\n", "Row 4: the decision date is in the future"),
        ("reference,description\n", "The file has no rows"),
    ],
)
def test_a_bad_file_adds_nothing_and_names_the_problem(client_for, southwark, swk_users, case, text, message):
    answer = post(client_for(southwark, swk_users["assessor"]), case, text)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not SiteHistory.objects.filter(application=case).exists()


def test_a_file_that_is_not_text_is_refused(client_for, southwark, swk_users, case):
    upload = SimpleUploadedFile("history.csv", b"\xff\xfe\x00\x01binary", content_type="text/csv")
    answer = client_for(southwark, swk_users["assessor"]).post(
        f"/applications/{case.reference}/assessment/site-history", {"action": "import", "file": upload}
    )
    assert answer.status_code == 400 and "UTF-8" in answer.content.decode()


def test_the_cil_liability_is_confirmed_in_the_assessment(client_for, southwark, swk_users, case):
    from bops.assessment.models import Section

    officer = client_for(southwark, swk_users["assessor"])
    assert officer.get(f"/applications/{case.reference}/assessment/cil").status_code == 200
    assert officer.post(f"/applications/{case.reference}/assessment/cil", {}).status_code == 400
    assert officer.post(f"/applications/{case.reference}/assessment/cil", {"liable": "yes"}).status_code == 302
    case.refresh_from_db()
    assert case.cil_liable is True
    section = Section.objects.get(application=case, slug="cil")
    assert section.status == "completed" and section.versions.get().data == {"liable": True}
    admin = client_for(southwark, swk_users["administrator"])
    assert admin.post(f"/applications/{case.reference}/assessment/cil", {"liable": "no"}).status_code == 403
