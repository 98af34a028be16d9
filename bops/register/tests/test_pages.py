"""The register's pages: the search with its filters, sorting and paging, the error summary for a wrong parameter,
the map of applications, a case's history and documents, caching, and query counts that do not grow."""

import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bops.accounts.models import Role
from bops.applications.models import Status
from bops.applications.tests.builders import make_application, make_application_in
from bops.consultation import comments
from bops.consultation.models import Consultation, PressNotice, SiteNotice
from bops.decisions.models import Appeal, Determination
from bops.documents.services import document_add

PDF = b"%PDF-1.4\n%%EOF\n"


def public(council):
    return Client(HTTP_HOST=f"{council.subdomain}.localhost", REMOTE_ADDR="203.0.113.9")


def search(council, query=""):
    return public(council).get(f"/planning-applications{'?' + query if query else ''}")


def html_of(response):
    return response.content.decode()


def references(response):
    """The references of the results, in their order."""
    html = html_of(response)
    if "app-register-results" not in html:
        return []
    results = html.split("app-register-results", 1)[1].split("</ol>", 1)[0]
    return re.findall(r'href="/planning-applications/([^"/?]+)"', results)


def determine(application, user, decision="granted", on=None):
    on = on or timezone.localdate()
    Determination.objects.create(
        council=application.council,
        application=application,
        decision=decision,
        reasons="Reasons",
        determined_on=on,
        determined_by=user,
    )
    application.decision = decision  # as bops.decisions.services.determine keeps it on the case
    application.save(update_fields=["decision"])
    return application


@pytest.fixture
def register(southwark, swk_users):
    """Four Southwark cases of different types, postcodes, stages and ages, one still arriving, and a Lambeth one."""
    now = timezone.now()
    cases = {
        "extension": make_application_in(
            southwark,
            Status.IN_ASSESSMENT,
            swk_users,
            address="12 Bellenden Road",
            postcode="SE15 4RF",
            description="Single storey rear extension",
            submitted_at=now - timedelta(days=40),
        ),
        "certificate": make_application_in(
            southwark,
            Status.NOT_STARTED,
            swk_users,
            code="ldc.proposed",
            address="7 Camberwell Grove",
            postcode="SE5 8JA",
            description="Garden outbuilding for a home office",
            submitted_at=now - timedelta(days=20),
        ),
        "refused": determine(
            make_application_in(
                southwark,
                Status.DETERMINED,
                swk_users,
                address="90 Peckham Rye",
                postcode="SE15 3NX",
                description="Roof terrace with a glass balustrade",
                submitted_at=now - timedelta(days=90),
            ),
            swk_users[Role.REVIEWER],
            "refused",
            timezone.localdate() - timedelta(days=3),
        ),
        "prior": make_application_in(
            southwark,
            Status.IN_ASSESSMENT,
            swk_users,
            code="pa.part1.classA",
            address="48 Lordship Lane",
            postcode="SE22 8HJ",
            description="Larger home extension: conservatory",
            submitted_at=now - timedelta(days=10),
        ),
    }
    cases["pending"] = make_application(southwark, accept=False, address="1 Secret Street", postcode="SE1 1AA")
    return cases


# --- The landing page --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_landing_page_lists_every_case_received_newest_first_but_not_pending_ones(southwark, lambeth, register):
    response = search(southwark)
    assert response.status_code == 200
    html = html_of(response)
    assert "4 applications" in html
    assert "1 Secret Street" not in html
    assert references(response) == [register[k].reference for k in ("prior", "certificate", "extension", "refused")]
    assert "Assessment in progress" in html and "Application submitted" in html and "Determined" in html
    assert "Decided" in html and ": refused" in html
    assert "govuk-tag" in html
    assert response["Cache-Control"] == "public, max-age=60"
    assert "csrfmiddlewaretoken" not in html
    assert 'type="application/atom+xml"' in html
    assert "/planning-applications.csv" in html and "/planning-applications/map" in html
    assert "0 applications" in html_of(search(lambeth))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("query=SE15+4RF", ["extension"]),
        ("query=se154rf", ["extension"]),
        ("query=conservatory", ["prior"]),
        ("query=Peckham", ["refused"]),
        ("applicationType=ldc.proposed", ["certificate"]),
        ("applicationType=ldc.proposed&applicationType=pa.part1.classA", ["prior", "certificate"]),
        ("applicationType=ldc.proposed,pa.part1.classA", ["prior", "certificate"]),
        ("applicationStatus=Assessment+in+progress", ["prior", "extension"]),
        ("applicationStatus=Determined", ["refused"]),
        ("councilDecision=refused", ["refused"]),
        ("councilDecision=granted", []),
        ("applicationStatus=Assessment+in+progress&query=SE15", ["extension"]),
        ("applicationStatus=Assessment+in+progress&applicationType=pa.part1.classA&query=Lordship", ["prior"]),
        ("sort=oldest", ["refused", "extension", "certificate", "prior"]),
        ("sortBy=receivedAt&orderBy=asc", ["refused", "extension", "certificate", "prior"]),
        ("sort=decision", ["refused"]),
    ],
)
def test_search_filters_and_sorting_combine(southwark, register, query, expected):
    response = search(southwark, query)
    assert response.status_code == 200, html_of(response)[:500]
    assert references(response) == [register[k].reference for k in expected]


@pytest.mark.django_db
def test_a_date_range_from_the_form_filters_by_its_date_type(southwark, register):
    received = timezone.localtime(register["certificate"].received_at).date()
    start, end = received - timedelta(days=1), received + timedelta(days=1)
    response = search(
        southwark,
        f"dateType=receivedAt&from-day={start.day}&from-month={start.month}&from-year={start.year}"
        f"&to-day={end.day}&to-month={end.month}&to-year={end.year}",
    )
    assert references(response) == [register["certificate"].reference]
    html = html_of(response)
    assert f'value="{start.day}"' in html and f'value="{end.year}"' in html  # the form keeps the dates
    decided = timezone.localdate() - timedelta(days=3)
    response = search(
        southwark,
        f"dateType=councilDecisionDate&from-day={decided.day}&from-month={decided.month}&from-year={decided.year}",
    )
    assert references(response) == [register["refused"].reference]
    # The DPR's own parameters do the same, and fill the form.
    response = search(southwark, f"receivedAtFrom={start.isoformat()}&receivedAtTo={end.isoformat()}")
    assert references(response) == [register["certificate"].reference]
    assert f'value="{start.day}"' in html_of(response)


@pytest.mark.django_db
def test_filter_choices_come_from_the_councils_active_types(southwark, register):
    html = html_of(search(southwark))
    assert 'value="ldc.proposed"' in html and 'value="pa.part1.classA"' in html
    assert 'value="Consultation in progress"' in html and 'value="Prior approval not required"' in html
    assert 'name="dateType"' in html and 'name="from-day"' in html and 'name="sort"' in html


@pytest.mark.django_db
def test_results_are_paged_with_the_govuk_pagination(southwark, swk_users):
    now = timezone.now()
    for n in range(45):
        make_application(southwark, address=f"{n} Rye Lane", submitted_at=now - timedelta(days=n + 1))
    first = search(southwark)
    html = html_of(first)
    assert "45 applications" in html
    assert len(references(first)) == 20
    assert "govuk-pagination" in html and 'aria-current="page"' in html
    assert "page=2" in html and "page=3" in html
    third = search(southwark, "page=3")
    assert len(references(third)) == 5
    assert 'rel="prev"' in html_of(third) and 'rel="next"' not in html_of(third)
    beyond = search(southwark, "page=40")
    assert beyond.status_code == 200
    assert "There are only 3 pages" in html_of(beyond)
    # Paging keeps the filters.
    filtered = html_of(search(southwark, "query=Rye&applicationType=pp.full.householder"))
    assert "query=Rye" in filtered and "applicationType=pp.full.householder" in filtered and "page=2" in filtered


# --- Wrong parameters: a 400 with the error summary, never a 500 -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message", "kept"),
    [
        ("page=0", "The page number must be from 1 to", None),
        ("page=abc", "The page number must be a whole number", None),
        ("page=99999999", "The page number must be from 1 to", None),
        ("applicationStatus=Nearly+done", "Status: “Nearly done” is not one of", None),
        ("applicationType=pp.rocket", "Application type: “pp.rocket” is not an application type", None),
        ("councilDecision=maybe", "Decision: “maybe” is not one of", None),
        ("from-day=30&from-month=2&from-year=2026", "The start date must be a real date", 'value="30"'),
        ("from-day=1&from-month=2", "The start date must include a year", 'value="2"'),
        (
            "from-day=10&from-month=3&from-year=2026&to-day=1&to-month=3&to-year=2026&query=Rye",
            "The end date must be the same as or after the start date",
            'value="Rye"',
        ),
        ("receivedAtFrom=2026-03-10&receivedAtTo=2026-03-01", "The end date must be the same as or after", None),
        ("receivedAtFrom=2026-02-30", "The start date must be a date like", None),
        ("query=" + "x" * 10_000, "The search must be 100 characters or fewer", 'value="xxxxxxxxxx'),
        ("sort=cheapest", "Choose an order from the list", None),
        ("orderBy=sideways", "The order must be asc or desc", None),
        ("dateType=bogus&from-day=1&from-month=1&from-year=2026", "Choose a date type from the list", None),
    ],
)
def test_a_wrong_parameter_gets_a_400_with_the_error_summary_and_the_form_as_typed(
    southwark, register, query, message, kept
):
    for path in ("/planning-applications", "/planning-applications/map", "/planning-applications.csv"):
        response = public(southwark).get(f"{path}?{query}")
        assert response.status_code == 400, path
        html = html_of(response)
        assert "There is a problem" in html and "govuk-error-summary" in html
        assert message in html, html[html.find("govuk-error-summary") :][:800]
        assert "<title>Error: " in html
        if kept:
            assert kept in html


@pytest.mark.django_db
def test_an_error_links_to_its_field(southwark, register):
    html = html_of(search(southwark, "from-day=30&from-month=2&from-year=2026"))
    assert 'href="#from-day"' in html and "govuk-error-message" in html
    html = html_of(search(southwark, "applicationType=nope"))
    assert 'href="#applicationType"' in html


# --- The map of applications -------------------------------------------------------------------------------------


def map_features(response):
    html = html_of(response)
    match = re.search(r'data-features="([^"]*)"', html) or re.search(r'geojsonData="([^"]*)"', html)
    assert match, "no features on the page"
    import html as html_lib

    return json.loads(html_lib.unescape(match.group(1)))


@pytest.mark.django_db
def test_the_map_has_the_matching_applications_as_geojson_with_the_list_beside(southwark, swk_users, register):
    no_boundary = make_application(southwark, address="3 Grove Lane", postcode="SE5 8SY")
    no_boundary.boundary = None
    no_boundary.latitude, no_boundary.longitude = 51.47, -0.08
    no_boundary.save(update_fields=["boundary", "latitude", "longitude"])
    response = public(southwark).get("/planning-applications/map")
    assert response.status_code == 200
    features = map_features(response)
    assert features["type"] == "FeatureCollection"
    by_ref = {f["properties"]["reference"]: f for f in features["features"]}
    assert set(by_ref) == {
        a.reference_in_full for a in (*[register[k] for k in register if k != "pending"], no_boundary)
    }
    extension = by_ref[register["extension"].reference_in_full]
    assert extension["geometry"]["type"] == "Polygon"
    assert extension["properties"] == {
        "reference": register["extension"].reference_in_full,
        "address": register["extension"].address,
        "url": f"/planning-applications/{register['extension'].reference}",
    }
    assert by_ref[no_boundary.reference_in_full]["geometry"] == {"type": "Point", "coordinates": [-0.08, 51.47]}
    html = html_of(response)
    assert 'id="map-list"' in html and "3 Grove Lane" in html and "The map shows all of them" in html
    # The same filters as the list.
    features = map_features(public(southwark).get("/planning-applications/map?query=SE15+4RF"))
    assert [f["properties"]["reference"] for f in features["features"]] == [register["extension"].reference_in_full]


@pytest.mark.django_db
def test_the_map_is_capped_and_says_so(southwark, register, monkeypatch):
    from bops.register import pages

    monkeypatch.setattr(pages, "MAP_LIMIT", 2)
    response = public(southwark).get("/planning-applications/map")
    assert len(map_features(response)["features"]) == 2
    assert "The map shows the 2 most recently received of them (at most 2)" in html_of(response)


# --- A case's page -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_tells_the_history_newest_first_in_plain_words(southwark, swk_users):
    application = make_application_in(southwark, Status.DETERMINED, swk_users)
    received = timezone.localtime(application.received_at).date()
    consultation = application.consultation  # made when the builder put the site notice up; dated here
    Consultation.objects.filter(pk=consultation.pk).update(
        start_date=received + timedelta(days=2), end_date=received + timedelta(days=23)
    )
    SiteNotice.objects.filter(consultation=consultation).update(displayed_on=received + timedelta(days=3))
    PressNotice.objects.create(
        council=southwark, consultation=consultation, required=True, published_on=received + timedelta(days=4)
    )
    determine(application, swk_users[Role.REVIEWER], "refused", received + timedelta(days=40))
    Appeal.objects.create(
        council=southwark,
        application=application,
        lodged_on=received + timedelta(days=50),
        validated_on=received + timedelta(days=55),
        started_on=received + timedelta(days=60),
    )
    response = public(southwark).get(f"/planning-applications/{application.reference}")
    assert response.status_code == 200
    html = html_of(response)
    history = html.split('id="history"', 1)[1].split("</ol>", 1)[0]
    order = [
        "Appeal started",
        "Appeal validated by the Planning Inspectorate",
        "Appeal lodged",
        "Decided: refused",
        "Press notice published",
        "Site notice displayed",
        "Consultation from",
        "Application received",
    ]
    positions = [history.find(text) for text in order]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    assert "Appeal in progress" in html and "The Planning Inspectorate is considering the appeal." in html
    assert 'id="appeal"' in html
    key_dates = html.split('id="key-dates"', 1)[1].split("</dl>", 1)[0]
    assert "Received" in key_dates and "Valid from" in key_dates and "Decided on" in key_dates
    assert "Comments by" in key_dates and "Decision due by" not in key_dates


@pytest.mark.django_db
def test_a_case_being_decided_shows_its_due_date_and_the_comment_link(southwark, swk_users):
    application = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    from bops.core.dates import format_date

    html = html_of(public(southwark).get(f"/planning-applications/{application.reference}"))
    assert "Decision due by" in html and format_date(application.due_date) in html
    assert f"/planning-applications/{application.reference}/comment" in html


@pytest.mark.django_db
def test_documents_show_with_their_type_and_date_and_the_decision_notice_marked(southwark, swk_users):
    application = make_application_in(southwark, Status.DETERMINED, swk_users)
    plans = document_add(
        application=application, user=None, name="plans.pdf", content=PDF, content_type="application/pdf",
        tags=["sitePlan.proposed"],
    )  # fmt: skip
    notice = document_add(
        application=application, user=None, name="notice.pdf", content=PDF, content_type="application/pdf",
        tags=["decisionNotice"],
    )  # fmt: skip
    hidden = document_add(
        application=application, user=None, name="private.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    archived = document_add(
        application=application, user=None, name="old.pdf", content=PDF, content_type="application/pdf", tags=[]
    )
    for document in (plans, notice, archived):
        document.publishable = True
        document.save(update_fields=["publishable"])
    archived.archived_at = timezone.now()
    archived.save(update_fields=["archived_at"])
    html = html_of(public(southwark).get(f"/planning-applications/{application.reference}"))
    documents = html.split('id="documents"', 1)[1].split("</table>", 1)[0]
    assert "plans.pdf" in documents and "Site plan (proposed)" in documents
    assert documents.find("notice.pdf") < documents.find("plans.pdf")
    assert "Decision notice" in documents
    assert "private.pdf" not in html and "old.pdf" not in html
    assert hidden.pk  # kept, but never shown


@pytest.mark.django_db
def test_comments_show_their_sentiment_and_topics_as_odp_has_them(southwark, swk_users):
    application = make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)
    for stance, topics in (("support", ["design"]), ("objection", ["privacy", "traffic"]), ("neutral", [])):
        item = comments.public_comment_submit(
            council=southwark,
            application_id=application.pk,
            comment=comments.NewComment(
                name="N", address="A", stance=stance, topics=topics, text=f"Secret {stance} original"
            ),
            client_key=f"k{stance}",
        )
        comments.public_comment_redact(
            council=southwark,
            application_id=application.pk,
            comment_id=item.pk,
            user=swk_users[Role.ASSESSOR],
            redacted_text=f"Published {stance}",
        )
    comments.public_comment_submit(
        council=southwark,
        application_id=application.pk,
        comment=comments.NewComment(name="N", address="A", stance="objection", text="Not yet redacted"),
        client_key="kx",
    )
    html = html_of(public(southwark).get(f"/planning-applications/{application.reference}"))
    assert "Supportive" in html and "Neutral" in html and "Objection" in html
    assert "Design and appearance" in html and "Privacy, Traffic and parking" in html
    assert "3 published comments: 1 supportive, 1 neutral, 1 objection." in html
    assert "Published support" in html and "Secret" not in html and "Not yet redacted" not in html


@pytest.mark.django_db
def test_an_unknown_reference_gets_the_registers_404_page(southwark, lambeth, lbh_users):
    response = public(southwark).get("/planning-applications/26-99999-HAPP")
    assert response.status_code == 404
    html = html_of(response)
    assert "Page not found" in html and "Search London Borough of Southwark" in html
    foreign = make_application_in(lambeth, Status.IN_ASSESSMENT, lbh_users)
    assert public(southwark).get(f"/planning-applications/{foreign.reference}").status_code == 404
    assert public(southwark).get(f"/planning-applications/{foreign.reference}/comment").status_code == 404


# --- Sign-in makes no difference; caching -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/planning-applications", "/planning-applications/map", "/planning-applications/{ref}"]
)
def test_an_officers_session_does_not_change_a_public_page(southwark, swk_users, register, client_for, path):
    path = path.format(ref=register["extension"].reference)
    anonymous = public(southwark).get(path)
    officer = client_for(southwark, swk_users[Role.ADMINISTRATOR]).get(path)
    assert anonymous.status_code == officer.status_code == 200
    assert html_of(anonymous) == html_of(officer)
    assert "Sign out" not in html_of(officer)
    assert anonymous["Cache-Control"] == "public, max-age=60"
    # The officer's answer may carry their session cookie: no shared cache may keep it.
    assert officer["Cache-Control"] == "private, max-age=60"


@pytest.mark.django_db
def test_the_comment_form_is_never_cached(southwark, register):
    response = public(southwark).get(f"/planning-applications/{register['extension'].reference}/comment")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "csrfmiddlewaretoken" in html_of(response)


# --- Query counts do not grow with the data -----------------------------------------------------------------------


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def fill(council, users, n):
    now = timezone.now()
    cases = [
        make_application_in(
            council, Status.IN_ASSESSMENT, users, address=f"{i} Rye Lane", submitted_at=now - timedelta(days=i + 1)
        )
        for i in range(n)
    ]
    for i, case in enumerate(cases):
        Consultation.objects.create(
            council=council, application=case, start_date=date.today(), end_date=date.today() + timedelta(days=21)
        )
        if i % 2:
            determine(case, users[Role.REVIEWER])
            Appeal.objects.create(council=council, application=case, lodged_on=date.today())
    return cases


def fill_case(case, users, n):
    for i in range(n):
        document = document_add(
            application=case,
            user=None,
            name=f"d{i}.pdf",
            content=PDF,
            content_type="application/pdf",
            tags=["photographs.existing"],
        )
        document.publishable = True
        document.save(update_fields=["publishable"])
        item = comments.public_comment_submit(
            council=case.council,
            application_id=case.pk,
            comment=comments.NewComment(name="N", address="A", stance="objection", topics=["noise"], text="t"),
            client_key=f"k{i}",
        )
        comments.public_comment_redact(
            council=case.council,
            application_id=case.pk,
            comment_id=item.pk,
            user=users[Role.ASSESSOR],
            redacted_text="r",
        )
    Appeal.objects.create(council=case.council, application=case, lodged_on=date.today())


@pytest.mark.django_db
def test_query_counts_are_the_same_with_2_and_12_cases(southwark, lambeth, swk_users, lbh_users):
    paths = [
        "/planning-applications",
        "/planning-applications?query=Rye&applicationStatus=Consultation+in+progress,Appeal+lodged",
        "/planning-applications/map",
        "/planning-applications.csv",
        "/planning-applications/feeds/new.atom",
        "/planning-applications/feeds/decisions.atom",
    ]
    small, large = fill(southwark, swk_users, 2), fill(lambeth, lbh_users, 12)
    fill_case(small[0], swk_users, 2)
    fill_case(large[0], lbh_users, 12)
    for path in paths:
        assert count_queries(public(southwark), path) == count_queries(public(lambeth), path), path
    assert count_queries(public(southwark), f"/planning-applications/{small[0].reference}") == count_queries(
        public(lambeth), f"/planning-applications/{large[0].reference}"
    )
