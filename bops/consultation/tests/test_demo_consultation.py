"""The demo's consultation: every council has consultees, and a published case shows a redacted comment."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from bops.applications.models import PlanningApplication
from bops.consultation.models import Consultee, Neighbour, PublicComment
from bops.councils.models import Council


@pytest.mark.django_db
def test_the_demo_gives_each_council_consultees_and_a_published_comment_on_the_register():
    call_command("demo_data", stdout=StringIO())
    councils = list(Council.objects.order_by("code"))
    assert len(councils) == 2
    for council in councils:
        consultees = Consultee.objects.filter(council=council)
        assert {c.organisation for c in consultees} >= {"Historic England", "Environment Agency"}
        assert all(c.email.endswith(".example") for c in consultees)
        published = PublicComment.objects.filter(council=council, redacted_at__isnull=False)
        assert PublicComment.objects.filter(council=council, redacted_at__isnull=True).exists()  # awaits redaction
        case = PlanningApplication.objects.get(pk=published.values("application").first()["application"])
        assert Neighbour.objects.filter(consultation__application=case).count() >= 2
        comment = published.filter(application=case).first()
        page = Client(HTTP_HOST=f"{council.subdomain}.localhost").get(f"/planning-applications/{case.reference}")
        assert page.status_code == 200
        text = page.content.decode()
        assert comment.redacted_text in text
        assert "07700 900" not in text  # the personal details taken out are not shown
