"""The public APIs as the web expects them: CORS, ETag and 304, caching, no cookies, a rate limit per client, and a
clear 4xx with the parameter named for every bad input."""

import pytest
from django.core.cache import cache
from django.test import Client

from bops.applications.models import Status
from bops.applications.tests.builders import make_application_in

pytestmark = pytest.mark.django_db

ODP = "/api/@next/public/applications"
V2 = "/api/v2/public/planning_applications"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def public(council, ip="203.0.113.9", **extra):
    return Client(HTTP_HOST=f"{council.subdomain}.localhost", REMOTE_ADDR=ip, **extra)


@pytest.fixture
def case(southwark, swk_users):
    return make_application_in(southwark, Status.IN_ASSESSMENT, swk_users)


@pytest.mark.parametrize("path", [ODP, f"{V2}/search"])
def test_public_answers_carry_cors_and_caching_headers(southwark, case, path):
    response = public(southwark).get(path)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')


def test_a_preflight_is_answered_without_a_body(southwark, case):
    response = public(southwark).options(ODP, HTTP_ORIGIN="https://register.example")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_same_etag_gets_304_and_a_changed_case_a_new_etag(southwark, case):
    client = public(southwark)
    first = client.get(f"{ODP}/{case.reference}")
    again = client.get(f"{ODP}/{case.reference}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    case.description = "Erection of a two storey rear extension"
    case.save(update_fields=["description"])
    changed = client.get(f"{ODP}/{case.reference}", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_no_cookie_is_set_on_public_answers_even_for_a_signed_in_officer(southwark, swk_users, case, client_for):
    officer = client_for(southwark, swk_users["assessor"])
    response = officer.get(f"{ODP}/{case.reference}")
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_too_many_requests_from_one_client_get_429_with_retry_after(southwark, case, settings):
    settings.PUBLIC_API_RATE_LIMIT = (3, 60)
    client = public(southwark, ip="198.51.100.1")
    assert [client.get(ODP).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(ODP)
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["status"]["code"] == 429
    # Another client is not held back by the first one.
    assert public(southwark, ip="198.51.100.2").get(ODP).status_code == 200


def test_behind_a_trusted_proxy_the_limit_counts_the_forwarded_client(southwark, case, settings):
    settings.PUBLIC_API_RATE_LIMIT = (2, 60)
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.5"
    alice = public(southwark, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50")
    bob = public(southwark, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.51")
    assert [alice.get(ODP).status_code for _ in range(3)] == [200, 200, 429]
    assert bob.get(ODP).status_code == 200
    # A client cannot escape by writing its own X-Forwarded-For entry in front of the proxy's.
    spoofer = public(southwark, ip=proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    assert spoofer.get(ODP).status_code == 429


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=-3", "page"),
        ("page=abc", "page"),
        ("page=99999999999", "page"),
        ("maxresults=0", "maxresults"),
        ("maxresults=-10", "maxresults"),
        ("maxresults=100000", "maxresults"),
        ("applicationStatus=Sleeping", "applicationStatus"),
        ("applicationType=pp.made.up", "applicationType"),
        ("councilDecision=maybe", "councilDecision"),
        ("receivedAtFrom=2026-02-30", "receivedAtFrom"),
        ("receivedAtFrom=2026-05-01&receivedAtTo=2026-04-01", "receivedAtTo"),
        ("sortBy=colour", "sortBy"),
        ("orderBy=sideways", "orderBy"),
        ("dprFilter=someday", "dprFilter"),
        ("query=" + "x" * 5000, "query"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(southwark, case, query, parameter):
    response = public(southwark).get(f"{ODP}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None
    assert body["status"]["code"] == 400
    (problem,) = body["status"]["detail"]
    assert problem["pointer"] == f"/{parameter}"
    assert problem["message"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "path",
    [
        "/documents?resultsPerPage=-1",
        "/documents?resultsPerPage=51",
        "/documents?sortBy=size",
        "/publicComments?sentiment=angry",
        "/publicComments?topic=weather",
        "/publicComments?publishedAtFrom=yesterday",
        "/specialistComments?sentiment=cross",
        "/specialistComments?page=0",
    ],
)
def test_bad_parameters_of_a_cases_lists_are_400s(southwark, case, path):
    response = public(southwark).get(f"{ODP}/{case.reference}{path}")
    assert response.status_code == 400, response.content
    assert response.json()["status"]["code"] == 400


@pytest.mark.parametrize("path", ["/search?page=0", "/search?applicationStatus[]=asleep", "/search?sortBy=x"])
def test_bops_shaped_errors_name_the_parameter_too(southwark, case, path):
    response = public(southwark).get(f"{V2}{path}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400
    assert error["detail"][0]["pointer"].startswith("/")


def test_an_unknown_reference_is_404_with_the_status_in_the_body(southwark, case):
    response = public(southwark).get(f"{ODP}/26-99999-HAPP")
    assert response.status_code == 404
    assert response.json()["status"]["code"] == 404


def test_another_councils_case_is_not_found_on_this_councils_api(southwark, lambeth, case):
    assert public(lambeth).get(f"{ODP}/{case.reference}").status_code == 404
    assert public(lambeth).get(f"{V2}/{case.reference}").status_code == 404
    listed = public(lambeth).get(ODP).json()
    assert listed["data"] == []


def test_a_case_still_arriving_is_not_on_the_register(southwark, swk_users):
    from bops.applications.tests.builders import make_application

    arriving = make_application(southwark, accept=False)
    assert arriving.status == Status.PENDING
    assert public(southwark).get(f"{ODP}/{arriving.reference}").status_code == 404


def test_the_bare_domain_has_no_register(case):
    response = Client(HTTP_HOST="localhost").get(ODP)
    assert response.status_code == 404


def test_writes_are_refused_on_the_public_api(southwark, case):
    response = public(southwark).post(ODP, data="{}", content_type="application/json")
    assert response.status_code == 405
