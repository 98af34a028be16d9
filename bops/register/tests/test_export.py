"""The CSV of a register search: the same parameters as the page, the columns, the cap, and cells that a
spreadsheet would run as formulas neutralised."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from bops.applications.models import Status
from bops.applications.tests.builders import make_application, make_application_in
from bops.register import export, pages


def download(council, query=""):
    response = Client(HTTP_HOST=f"{council.subdomain}.localhost").get(f"/planning-applications.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_the_csv_has_every_matching_case_with_its_columns(southwark, lambeth, swk_users):
    now = timezone.now()
    case = make_application_in(
        southwark, Status.IN_ASSESSMENT, swk_users, postcode="SE15 4RF", submitted_at=now - timedelta(days=5)
    )
    other = make_application(southwark, code="ldc.proposed", address="7 Camberwell Grove", postcode="SE5 8JA")
    make_application(southwark, accept=False, address="1 Arriving Street")
    rows = download(southwark)
    assert rows[0] == export.COLUMNS
    assert [row[0] for row in rows[1:]] == [case.reference_in_full, other.reference_in_full]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Address"] == "12 Bellenden Road, London"
    assert row["Postcode"] == "SE15 4RF"
    assert row["Application type"] == case.application_type.description
    assert row["Status"] == "Assessment in progress"
    assert row["Received"] == timezone.localtime(case.received_at).date().isoformat()
    assert row["Valid from"] == case.valid_from.isoformat()
    assert row["Link"] == f"http://southwark.localhost/planning-applications/{case.reference}"
    # The same filters as the page.
    assert [r[0] for r in download(southwark, "applicationType=ldc.proposed")[1:]] == [other.reference_in_full]
    assert [r[0] for r in download(southwark, "query=SE15+4RF&sort=oldest")[1:]] == [case.reference_in_full]
    assert download(lambeth) == [export.COLUMNS]


@pytest.mark.django_db
def test_cells_a_spreadsheet_would_run_are_neutralised(southwark):
    make_application(southwark, description='=HYPERLINK("http://evil.example","click")', address="+44 Road")
    rows = download(southwark)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Description"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["Address"].startswith("'+44 Road")
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert export.safe_cell(value) == f"'{value}"
    assert export.safe_cell("2026-03-01") == "2026-03-01"


@pytest.mark.django_db
def test_the_csv_stops_at_its_cap(southwark, monkeypatch):
    for n in range(5):
        make_application(southwark, address=f"{n} Rye Lane")
    monkeypatch.setattr(export, "CHUNK", 2)
    monkeypatch.setattr(pages, "CSV_LIMIT", 3)
    assert len(download(southwark)) == 1 + 3
